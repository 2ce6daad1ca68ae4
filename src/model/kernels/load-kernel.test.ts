import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageDirectorySync } from "package-directory";
import { describe, expect, it } from "vitest";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { defaultAddonPath, loadKernel } from "./load-kernel.js";
import { openblasCoretype } from "./openblas-coretype.js";
import { portableKernel } from "./portable-kernel.js";
import { itIfLoads } from "./test-helpers/kernels-under-test.js";

const missing = join(tmpdir(), "toolgym-no-such-dir", "toolgym_blas.node");
const nativeMissing = join(tmpdir(), "toolgym-no-such-dir", "toolgym_gemm.node");
const built = loadKernel({ nativeAddonPath: nativeMissing, env: {} }).name === "openblas";
const notBuilt = "needs the OpenBLAS addon built: npm run build:native";
const nativeBuilt = loadKernel({ addonPath: missing, env: {} }).name === "native";
const onlyBlas = { nativeAddonPath: nativeMissing, env: {} };
const nativeNotBuilt = "needs the native addon built: npm run build:native";
const neither = { addonPath: missing, nativeAddonPath: nativeMissing, env: {} };

describe("loadKernel", () => {
  it("falls back to the wasm kernel when neither addon is there", () => {
    const fallback = loadKernel({ kernel: "auto", ...neither });
    expect(fallback.name).toBe("wasm");
    expect(loadKernel(neither)).toBe(fallback);
    expect(loadKernel({ kernel: "wasm", env: {} })).toBe(fallback);
  });

  it("falls back when an addon file exists but cannot load", () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-kernel-"));
    const addonPath = join(dir, "toolgym_blas.node");
    const nativeAddonPath = join(dir, "toolgym_gemm.node");
    writeFileSync(addonPath, "not a shared object");
    writeFileSync(nativeAddonPath, "not a shared object");
    expect(loadKernel({ addonPath, nativeAddonPath, env: {} }).name).toBe("wasm");
    expect(() => loadKernel({ kernel: "openblas", addonPath, env: {} })).toThrow(/failed to load/);
    expect(() => loadKernel({ kernel: "native", nativeAddonPath, env: {} })).toThrow(
      /failed to load/,
    );
  });

  it("throws, saying how to get it, when a native kernel is forced but unavailable", () => {
    const force = (kernel: string) => () =>
      loadKernel({ ...neither, env: { TOOLGYM_KERNEL: kernel } });
    expect(force("openblas")).toThrow(KernelUnavailableError);
    expect(force("openblas")).toThrow(/apt-get install libopenblas-dev.*npm run build:native/);
    expect(force("native")).toThrow(KernelUnavailableError);
    expect(force("native")).toThrow(/only a C compiler and Python 3.*npm run build:native/);
  });

  it("reads TOOLGYM_KERNEL from env, and the kernel option overrides it", () => {
    expect(loadKernel({ env: { TOOLGYM_KERNEL: "portable" } })).toBe(portableKernel);
    expect(loadKernel({ kernel: "portable", env: { TOOLGYM_KERNEL: "openblas" } })).toBe(
      portableKernel,
    );
    expect(() => loadKernel({ env: { TOOLGYM_KERNEL: "fastest" } })).toThrow(
      /Valid values: auto, portable, wasm, native, openblas/,
    );
  });

  itIfLoads(
    "native",
    nativeBuilt,
    `picks native, on two threads, once, whether or not OpenBLAS is there (${nativeNotBuilt})`,
    () => {
      const first = loadKernel({ addonPath: missing, env: {} });
      expect(first).toMatchObject({ name: "native", threads: 2 });
      expect(loadKernel({ addonPath: missing, env: {} })).toBe(first);
      expect(loadKernel({ kernel: "native", env: {} })).toBe(first);
      expect(loadKernel({ env: {} })).toBe(first);
      expect(loadKernel({ kernel: "native", env: {}, threads: 1 })).toMatchObject({ threads: 1 });
    },
  );

  itIfLoads(
    "native",
    nativeBuilt,
    `skips native's portable-C micro-kernels for wasm unless named (${nativeNotBuilt})`,
    () => {
      const generic = { addonPath: missing, nativeIsa: "generic", env: {} } as const;
      expect(loadKernel(generic).name).toBe("wasm");
      expect(loadKernel({ ...generic, kernel: "native" })).toMatchObject({
        name: "native",
        isa: "generic",
      });
    },
  );

  itIfLoads("openblas", built, `picks openblas when native is missing, once (${notBuilt})`, () => {
    const first = loadKernel(onlyBlas);
    expect(first.name).toBe("openblas");
    expect(loadKernel(onlyBlas)).toBe(first);
    expect(loadKernel({ kernel: "openblas", env: {} })).toBe(first);
  });

  itIfLoads(
    "openblas",
    built,
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

describe("defaultAddonPath", () => {
  it("points into native/build/Release of the toolgym package", () => {
    const path = defaultAddonPath("toolgym_gemm");
    expect(path.endsWith(join("native", "build", "Release", "toolgym_gemm.node"))).toBe(true);
    expect(existsSync(join(path, "..", "..", "..", "binding.gyp"))).toBe(true);
    expect(defaultAddonPath()).toBe(join(dirname(path), "toolgym_blas.node"));
  });
});

/** Runs an ES module snippet in a fresh node (OpenBLAS reads its settings once per process). */
function runInChild(source: string, env: Record<string, string>): string {
  const root = packageDirectorySync({ cwd: fileURLToPath(new URL(".", import.meta.url)) })!;
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
