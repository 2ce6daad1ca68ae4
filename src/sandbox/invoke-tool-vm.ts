import type { Deadline } from "./deadline.js";
import type { Harness } from "./pristine-vm.js";
import { drainJobs, readOut, TIMED_OUT } from "./tool-vm.js";
import type { VmCalls } from "./vm-calls.js";

/** `call`'s codes that need the slow path (see vm-prelude-source.ts). */
const SLOW_PATH = new Set(["!p", "!e", "!u", "!j", "!a"]);

/**
 * One tool call through the harness, under an armed deadline: the final protocol string (see
 * vm-failure-source.ts) or TIMED_OUT. The fast path is one call and one string read; failures
 * and Promise results take the slow path through the failure helpers. Queued promise jobs run
 * before returning, within the same budget. Host exceptions (an engine abort) propagate.
 */
export function invokeToolVm(
  vm: VmCalls,
  harness: Harness,
  fn: number,
  argsJson: string,
  deadline: Deadline,
): string {
  const argument = vm.newString(argsJson);
  if (!argument) return "!m";
  const first = vm.call(harness.call, [fn, argument]);
  vm.free(argument);
  let out = readOut(vm, first, deadline);
  if (out.length === 2 && SLOW_PATH.has(out)) out = slowPath(vm, harness, out, deadline);
  if (out !== TIMED_OUT && vm.hasPendingJob() && !drainJobs(vm, deadline)) return TIMED_OUT;
  // Jobs stopped by the interrupt end as rejections, not errors: the clock is the judge.
  return deadline.passed ? TIMED_OUT : out;
}

function slowPath(vm: VmCalls, harness: Harness, code: string, deadline: Deadline): string {
  if (deadline.passed) return TIMED_OUT;
  const taken = vm.call(harness.take, []);
  if (!taken.ok) return readOut(vm, taken, deadline);
  const value = taken.value;
  if (code === "!a") {
    const out = readOut(vm, vm.call(harness.attach, [value]), deadline);
    vm.free(value);
    if (out !== "") return out;
    if (!drainJobs(vm, deadline)) return TIMED_OUT;
    return readOut(vm, vm.call(harness.finish, []), deadline);
  }
  const codeValue = vm.newString(code);
  const result = vm.call(harness.failure, [codeValue, value]);
  vm.free(codeValue);
  vm.free(value);
  return readOut(vm, result, deadline);
}
