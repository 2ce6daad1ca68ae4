import type { Deadline } from "./deadline.js";
import type { VmCalls, VmOutcome } from "./vm-calls.js";

/** The protocol string for "ran out of time", as seen by the host. */
export const TIMED_OUT = "!o";

/**
 * One environment's loaded tools: the address of each tool's function in the environment's
 * state (its engine image, resident or parked). The harness is the pristine VM's.
 */
export interface ToolVm {
  tools: ReadonlyMap<string, number>;
}

/** The string a harness function returned (or TIMED_OUT); frees the result. */
export function readOut(vm: VmCalls, result: VmOutcome, deadline: Deadline): string {
  if (!result.ok) {
    // Only the uncatchable interrupt (or an allocation failing in the engine's last bytes)
    // escapes the harness's try blocks.
    vm.free(result.error);
    if (deadline.passed) return TIMED_OUT;
    return result.error ? "!ithe call harness failed" : "!m";
  }
  const out = vm.readString(result.value);
  vm.free(result.value);
  // The harness only returns strings: reading one fails only when the memory is full.
  return out ?? "!m";
}

/** Runs queued promise jobs under the deadline; false when it ran out. */
export function drainJobs(vm: VmCalls, deadline: Deadline): boolean {
  while (vm.hasPendingJob()) {
    vm.runPendingJobs();
    if (deadline.passed) return false;
  }
  return true;
}
