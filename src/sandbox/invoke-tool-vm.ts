import type { QuickJSHandle } from "quickjs-emscripten";
import type { Deadline } from "./deadline.js";
import { drainJobs, failureHelpers, readOut, TIMED_OUT, type ToolVm } from "./tool-vm.js";

/** `call`'s codes that need the slow path (see vm-prelude-source.ts). */
const SLOW_PATH = new Set(["!p", "!e", "!u", "!j", "!a"]);

/**
 * One tool call through the harness, under an armed deadline: the final protocol string (see
 * vm-failure-source.ts) or TIMED_OUT. The fast path is one `callFunction` and one `getString`;
 * failures and Promise results take the slow path through the failure helpers. Queued promise
 * jobs run before returning, within the same budget. Host exceptions (an engine abort) propagate.
 */
export function invokeToolVm(
  vm: ToolVm,
  fn: QuickJSHandle,
  argsJson: string,
  deadline: Deadline,
  maxOutputChars: number,
): string {
  const { context } = vm;
  const argHandle = context.newString(argsJson);
  const first = context.callFunction(vm.call, context.undefined, fn, argHandle);
  argHandle.dispose();
  let out = readOut(context, first, deadline);
  if (out.length === 2 && SLOW_PATH.has(out)) out = slowPath(vm, out, deadline, maxOutputChars);
  if (out !== TIMED_OUT && vm.runtime.hasPendingJob() && !drainJobs(vm, deadline)) {
    return TIMED_OUT;
  }
  // Jobs stopped by the interrupt end as rejections, not errors: the clock is the judge.
  return deadline.passed ? TIMED_OUT : out;
}

function slowPath(vm: ToolVm, code: string, deadline: Deadline, maxOutputChars: number): string {
  const { context } = vm;
  const helpers = failureHelpers(vm, deadline, maxOutputChars);
  if (!helpers) return TIMED_OUT;
  const taken = context.callFunction(vm.take, context.undefined);
  if (taken.error) return readOut(context, taken, deadline);
  const value = taken.value;
  if (code === "!a") {
    const attached = context.callFunction(helpers.attach, context.undefined, value);
    value.dispose();
    const out = readOut(context, attached, deadline);
    if (out !== "") return out;
    if (!drainJobs(vm, deadline)) return TIMED_OUT;
    return readOut(context, context.callFunction(helpers.finish, context.undefined), deadline);
  }
  const codeHandle = context.newString(code);
  const result = context.callFunction(helpers.failure, context.undefined, codeHandle, value);
  codeHandle.dispose();
  value.dispose();
  return readOut(context, result, deadline);
}
