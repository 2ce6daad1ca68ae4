import { describeKernelConformance } from "./test-helpers/kernel-conformance.js";
import { loadWasmKernel } from "./wasm-kernel.js";

describeKernelConformance(loadWasmKernel());
