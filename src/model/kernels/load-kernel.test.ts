import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findPackageRoot } from "./find-package-root.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { loadKernel } from "./load-kernel.js";
import { openblasCoretype } from "./openblas-coretype.js";
import { portableKernel } from "./portable-kernel.js";

const missing = join(tmpdir(), "toolgym-no-such-dir", "toolgym_blas.node");
const built = loadKernel({ env: {} }).name === "openblas";
const notBuilt = "skips unless the OpenBLAS addon is built and loads: npm run build:native";

describe("loadKernel", () => {
  it("falls back to the wasm kernel when the addon is missing", () => {
    const fallback = loadKernel({ kernel: "auto", addonPath: missing, env: {} });
    expect(fallback.name).toBe("wasm");
    expect(loadKernel({ addonPath: missing, env: {} })).toBe(fallback);
    expect(loadKernel({ kernel: "wasm", env: {} })).toBe(fallback);
  });

  it("falls back when the addon file exists but cannot load", () => {
    const addonPath = join(mkdtempSync(join(tmpdir(), "toolgym-kernel-")), "toolgym_blas.node");
    writeFileSync(addonPath, "not a shared object");
    expect(loadKernel({ addonPath, env: {} }).name).toBe("wasm");
    expect(() => loadKernel({ kernel: "openblas", addonPath, env: {} })).toThrow(/failed to load/);
  });

  it("throws, saying how to install OpenBLAS, when openblas is forced but unavailable", () => {
    const force = () => loadKernel({ addonPath: missing, env: { TOOLGYM_KERNEL: "openblas" } });
    expect(force).toThrow(KernelUnavailableError);
    expect(force).toThrow(/apt-get install libopenblas-dev.*npm run build:native/);
  });

  it("reads TOOLGYM_KERNEL from env, and the kernel option overrides it", () => {
    expect(loadKernel({ env: { TOOLGYM_KERNEL: "portable" } })).toBe(portableKernel);
    expect(loadKernel({ kernel: "portable", env: { TOOLGYM_KERNEL: "openblas" } })).toBe(
      portableKernel,
    );
    expect(() => loadKernel({ env: { TOOLGYM_KERNEL: "fastest" } })).toThrow(
      /Valid values: auto, portable, wasm, openblas/,
    );
  });

  it.skipIf(!built)(`picks openblas when the addon is built, once (${notBuilt})`, () => {
    const first = loadKernel({ env: {} });
    expect(first.name).toBe("openblas");
    expect(loadKernel({ env: {} })).toBe(first);
  });

  it.skipIf(!built)(
    `sets OPENBLAS_CORETYPE before OpenBLAS initialises, unless the user did (${notBuilt})`,
    () => {
      const corename = (env: Record<string, string>) =>
        runInChild(
          'const { loadKernel } = await import("./src/model/kernels/load-kernel.ts");' +
            'const k = loadKernel({ kernel: "openblas" }); console.log(k.corename, k.threads);',
          env,
        );
      const expected = openblasCoretype(readFileSync("/proc/cpuinfo", "utf8"));
      const [auto, threads] = corename({}).split(" ");
      if (expected !== undefined) expect(auto).toBe(expected);
      expect(threads).toBe("2");
      expect(corename({ OPENBLAS_CORETYPE: "Haswell", OPENBLAS_NUM_THREADS: "1" })).toBe(
        "Haswell 1",
      );
    },
  );
});

describe("findPackageRoot", () => {
  it("finds the toolgym package from a nested directory, and nothing from /", () => {
    const root = findPackageRoot(fileURLToPath(new URL(".", import.meta.url)));
    expect(root).toBeDefined();
    expect(existsSync(join(root!, "native", "binding.gyp"))).toBe(true);
    expect(findPackageRoot("/")).toBeUndefined();
  });
});

/** Runs an ES module snippet in a fresh node (OpenBLAS reads its settings once per process). */
function runInChild(source: string, env: Record<string, string>): string {
  const root = findPackageRoot(fileURLToPath(new URL(".", import.meta.url)))!;
  const clean = { ...process.env };
  delete clean.OPENBLAS_CORETYPE;
  delete clean.OPENBLAS_NUM_THREADS;
  delete clean.TOOLGYM_KERNEL;
  return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
    cwd: root,
    env: { ...clean, ...env },
    encoding: "utf8",
  }).trim();
}
