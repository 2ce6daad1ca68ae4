import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten";
import type { Deadline } from "./deadline.js";
import type { QuickJSEngine } from "./engine/load-quickjs-engine.js";
import { vmFailureSource } from "./vm-failure-source.js";

/** The protocol string for "ran out of time", as seen by the host. */
export const TIMED_OUT = "!o";

/** The slow-path functions of vm-failure-source.ts, in one context. */
export interface FailureHelpers {
  failure: QuickJSHandle;
  attach: QuickJSHandle;
  finish: QuickJSHandle;
  explain: QuickJSHandle;
}

/** One environment's QuickJS runtime and context with its harness and tools. */
export interface ToolVm {
  engine: QuickJSEngine;
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  /** From vm-prelude-source.ts. */
  call: QuickJSHandle;
  take: QuickJSHandle;
  caps: QuickJSHandle;
  /** Compiled on the first failure in this context. */
  helpers?: FailureHelpers;
  tools: Map<string, QuickJSHandle>;
}

/** The string a harness function returned (or TIMED_OUT); consumes the result. */
export function readOut(
  context: QuickJSContext,
  result: ReturnType<QuickJSContext["callFunction"]>,
  deadline: Deadline,
): string {
  if (result.error) {
    // Only the uncatchable interrupt escapes the harness's try blocks.
    result.error.dispose();
    return deadline.passed ? TIMED_OUT : "!ithe call harness failed";
  }
  const out = context.getString(result.value);
  result.value.dispose();
  return out;
}

/** Runs queued promise jobs under the deadline; false when it ran out. */
export function drainJobs(vm: Pick<ToolVm, "runtime">, deadline: Deadline): boolean {
  while (vm.runtime.hasPendingJob()) {
    const r = vm.runtime.executePendingJobs();
    if (r.error) {
      r.error.dispose();
      if (deadline.passed) return false;
    }
  }
  return true;
}

/** The context's failure helpers, compiled on first use; undefined when time ran out. */
export function failureHelpers(
  vm: ToolVm,
  deadline: Deadline,
  maxOutputChars: number,
): FailureHelpers | undefined {
  if (vm.helpers) return vm.helpers;
  const { context } = vm;
  const factory = context.evalCode(vmFailureSource(), "toolgym-failure.js");
  if (factory.error) {
    factory.error.dispose();
    if (deadline.passed) return undefined;
    throw new Error("the sandbox's failure helpers did not compile");
  }
  const max = context.newNumber(maxOutputChars);
  const made = context.callFunction(factory.value, context.undefined, vm.caps, max);
  factory.value.dispose();
  max.dispose();
  if (made.error) {
    made.error.dispose();
    if (deadline.passed) return undefined;
    throw new Error("the sandbox's failure helpers did not start");
  }
  const [failure, attach, finish, explain] = [0, 1, 2, 3].map((i) =>
    context.getProp(made.value, i),
  );
  made.value.dispose();
  vm.helpers = { failure, attach, finish, explain };
  return vm.helpers;
}

/**
 * Frees every handle, the context and the runtime. False when QuickJS failed while freeing (an
 * engine assertion, e.g. a reference an interrupted promise job leaked): the caller must retire
 * the engine. A VM on a poisoned engine is not touched at all.
 */
export function freeToolVm(vm: Partial<ToolVm>): boolean {
  if (!vm.engine || vm.engine.poisoned) return true;
  try {
    const helpers = vm.helpers ? Object.values(vm.helpers) : [];
    for (const handle of [vm.call, vm.take, vm.caps, ...helpers, ...(vm.tools?.values() ?? [])]) {
      handle?.dispose();
    }
    vm.context?.dispose();
    vm.runtime?.dispose();
    return true;
  } catch {
    return false;
  }
}
