#!/usr/bin/env node
// Builds the two optional native kernels (native/ → native/build/Release/):
//   toolgym_gemm.node  the "native" kernel: toolgym's own SIMD SGEMM in C; needs only a C
//                      compiler and Python 3 for node-gyp, no library
//   toolgym_blas.node  the "openblas" kernel: a binding of OpenBLAS's cblas_sgemm; needs
//                      libopenblas-dev as well
//
// Run by `npm install` (the package's "install" script) and by `npm run build:native`. Both are
// optional: without them the model uses its built-in kernels (wasm, portable), so by default a
// failed build prints one line per kernel and exits 0, leaving `npm install` green. `--strict`
// (what build:native passes) exits 1 if either fails. TOOLGYM_SKIP_NATIVE=1 skips the build.
// node-gyp's full output: native/build/build-native.log.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const strict = process.argv.includes("--strict");
const nativeDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "native");
const buildDir = join(nativeDir, "build");
const logPath = join(buildDir, "build-native.log");
const fallback = "toolgym will use its slower built-in kernels (WebAssembly, TypeScript)";

/** The two addons: node-gyp target, kernel name, what it needs, and a load check. */
const ADDONS = [
  {
    target: "toolgym_gemm",
    kernel: "native",
    remedy: "it needs a C compiler and Python 3 (apt-get install build-essential python3)",
    // The micro-kernel sets this CPU runs, fastest first.
    probe: "console.log(addon.info().isas.join(' '))",
    built: (out) => `native kernel built (${out.split(" ")[0]} micro-kernels, no library)`,
  },
  {
    target: "toolgym_blas",
    kernel: "openblas",
    remedy:
      "for it: apt-get install libopenblas-dev, then npm rebuild toolgym (see native/README.md)",
    probe: "const i = addon.info(); console.log(i.config.split(' ')[1], i.corename)",
    built: (out) => {
      const [version, corename] = out.split(" ");
      return `OpenBLAS kernel built (OpenBLAS ${version}, ${corename} kernels detected)`;
    },
  },
];

let log = "";
let failures = 0;

function report(line) {
  process.stdout.write(`toolgym: ${line}\n`);
}

/** npm's own node-gyp: npm names it in npm_config_node_gyp; else look beside this node. */
function findNodeGyp() {
  const npmDir = ["lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"];
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), "..", ...npmDir),
    join(dirname(process.execPath), ...npmDir.slice(1)),
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
function diagnose(output) {
  if (/cblas\.h: No such file/.test(output)) return "OpenBLAS headers (cblas.h) not found";
  if (/cannot find -lopenblas/.test(output)) {
    return "the OpenBLAS library (libopenblas.so) not found";
  }
  if (/find Python|Could not find any Python/.test(output)) return "node-gyp needs Python 3";
  if (/(cc|gcc|g\+\+|make): (command )?not found|not found: make/.test(output)) {
    return "no C compiler or make (apt-get install build-essential)";
  }
  if (/network|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(output)) {
    return "node-gyp could not download Node's headers";
  }
  return `node-gyp failed (log: ${logPath})`;
}

const nodeGyp = findNodeGyp();
const nodeDir = findNodeDir();

/** Runs one node-gyp command in native/, appending its output to the log. */
function gyp(...args) {
  const gypArgs = [...args, `--directory=${nativeDir}`];
  if (nodeDir !== undefined && args[0] === "configure") gypArgs.push(`--nodedir=${nodeDir}`);
  const run =
    nodeGyp === undefined
      ? spawnSync("node-gyp", gypArgs, { encoding: "utf8" })
      : spawnSync(process.execPath, [nodeGyp, ...gypArgs], { encoding: "utf8" });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? String(run.error) : ""}`;
  log += `--- node-gyp ${args.join(" ")} ---\n${output}\n`;
  if (run.error !== undefined && nodeGyp === undefined)
    return { ok: false, why: "node-gyp not found" };
  return { ok: run.status === 0, why: diagnose(output) };
}

function fail(addon, reason) {
  failures++;
  report(`${addon.kernel} kernel not built: ${reason}; ${addon.remedy}`);
}

/** Builds one addon and checks it loads in a fresh process (its libraries must resolve). */
function buildAddon(addon) {
  const path = join(buildDir, "Release", `${addon.target}.node`);
  const build = gyp("build", addon.target);
  if (!build.ok || !existsSync(path)) return fail(addon, build.why);
  const probe = spawnSync(
    process.execPath,
    ["-e", `const addon = require(${JSON.stringify(path)}); ${addon.probe}`],
    { encoding: "utf8" },
  );
  if (probe.status !== 0) {
    log += `--- load check of ${path} ---\n${probe.stderr}\n`;
    return fail(addon, `the addon built but does not load (log: ${logPath})`);
  }
  report(`${addon.built(probe.stdout.trim())}: ${path}`);
}

if (process.env.TOOLGYM_SKIP_NATIVE) {
  report(`native kernels' build skipped (TOOLGYM_SKIP_NATIVE is set); ${fallback}`);
  process.exit(0);
}

// A clean build, so that an addon whose library has gone does not survive from an old one.
gyp("clean");
const configure = gyp("configure");
if (!configure.ok) {
  for (const addon of ADDONS) fail(addon, configure.why);
} else {
  for (const addon of ADDONS) buildAddon(addon);
}
mkdirSync(buildDir, { recursive: true });
writeFileSync(logPath, log);
if (failures === ADDONS.length) report(fallback);
process.exit(strict && failures > 0 ? 1 : 0);
