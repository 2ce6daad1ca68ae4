#!/usr/bin/env node
// Builds the optional OpenBLAS kernel (native/ → native/build/Release/toolgym_blas.node).
//
// Run by `npm install` (the package's "install" script) and by `npm run build:native`. The
// addon is optional: without OpenBLAS, a compiler or node-gyp the model uses its built-in
// kernels (wasm, portable), so by default a failed build prints one line and exits 0, leaving
// `npm install` green. `--strict` (what build:native passes) exits 1 instead.
// TOOLGYM_SKIP_NATIVE=1 skips the build. node-gyp's full output: native/build/build-native.log.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const strict = process.argv.includes("--strict");
const nativeDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "native");
const buildDir = join(nativeDir, "build");
const logPath = join(buildDir, "build-native.log");
const addonPath = join(buildDir, "Release", "toolgym_blas.node");
const fallback = "toolgym will use its slower built-in kernels (WebAssembly, TypeScript)";
const remedy =
  "for the fast path: apt-get install libopenblas-dev, then npm rebuild toolgym (see native/README.md)";

function report(line) {
  process.stdout.write(`toolgym: ${line}\n`);
}

function fail(reason) {
  report(`OpenBLAS kernel not built: ${reason}; ${fallback} — ${remedy}`);
  process.exit(strict ? 1 : 0);
}

/** npm's own node-gyp: npm names it in npm_config_node_gyp; else look beside this node. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      "..",
      "lib",
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
    join(
      dirname(process.execPath),
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
  ];
  return candidates.find((path) => path !== undefined && existsSync(path));
}

/**
 * Node's own headers, when this Node was installed with them (Debian's nodejs, the official
 * tarballs): building against them needs no download, so it also works offline.
 */
function findNodeDir() {
  const prefix = resolve(dirname(process.execPath), "..");
  return existsSync(join(prefix, "include", "node", "node_api.h")) ? prefix : undefined;
}

/** The first cause in node-gyp's output a user can act on, in a few words. */
function diagnose(log) {
  if (/cblas\.h: No such file/.test(log)) return "OpenBLAS headers (cblas.h) not found";
  if (/cannot find -lopenblas/.test(log)) return "the OpenBLAS library (libopenblas.so) not found";
  if (/find Python|Could not find any Python/.test(log)) return "node-gyp needs Python 3";
  if (/(cc|gcc|g\+\+|make): (command )?not found|not found: make/.test(log)) {
    return "no C compiler or make (apt-get install build-essential)";
  }
  if (/network|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(log)) {
    return "node-gyp could not download Node's headers";
  }
  return `node-gyp failed (log: ${logPath})`;
}

if (process.env.TOOLGYM_SKIP_NATIVE) {
  report(`OpenBLAS kernel build skipped (TOOLGYM_SKIP_NATIVE is set); ${fallback}`);
  process.exit(0);
}

const nodeGyp = findNodeGyp();
const gypArgs = ["rebuild", `--directory=${nativeDir}`];
const nodeDir = findNodeDir();
if (nodeDir !== undefined) gypArgs.push(`--nodedir=${nodeDir}`);
const build =
  nodeGyp === undefined
    ? spawnSync("node-gyp", gypArgs, { encoding: "utf8" })
    : spawnSync(process.execPath, [nodeGyp, ...gypArgs], { encoding: "utf8" });
const log = `${build.stdout ?? ""}${build.stderr ?? ""}${build.error ? String(build.error) : ""}`;
mkdirSync(buildDir, { recursive: true });
writeFileSync(logPath, log);
if (build.error !== undefined && nodeGyp === undefined) fail("node-gyp not found");
if (build.status !== 0 || !existsSync(addonPath)) fail(diagnose(log));

// Built; check it loads, in a fresh process: libopenblas.so.0 must resolve at run time too.
const probe = spawnSync(
  process.execPath,
  [
    "-e",
    `const i = require(${JSON.stringify(addonPath)}).info(); console.log(i.config.split(" ")[1], i.corename)`,
  ],
  { encoding: "utf8" },
);
if (probe.status !== 0) {
  writeFileSync(logPath, `${log}\n--- load check ---\n${probe.stderr}`);
  fail(`the addon built but does not load (log: ${logPath})`);
}
const [version, corename] = probe.stdout.trim().split(" ");
report(`OpenBLAS kernel built (OpenBLAS ${version}, ${corename} kernels detected): ${addonPath}`);
