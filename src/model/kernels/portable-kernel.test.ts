import { portableKernel } from "./portable-kernel.js";
import { describeKernelConformance } from "./test-helpers/kernel-conformance.js";

describeKernelConformance(portableKernel);
