import { beforeAll, expect, vi } from "vitest";
import { describeKernelConformance } from "./test-helpers/kernel-conformance.js";
import { loadWasmKernel } from "./wasm-kernel.js";

// parallelMin 1: every product with enough rows (129 and 260 in the conformance shapes) is split.
const threaded = loadWasmKernel({ threads: 2, parallelMin: 1 });

// Workers start in the background; wait for the one worker so the threaded path is what runs.
beforeAll(async () => {
  await vi.waitFor(() => expect(threaded.workersReady()).toBe(1), { timeout: 10_000 });
});

describeKernelConformance(loadWasmKernel());
describeKernelConformance(threaded, "on 2 threads");
