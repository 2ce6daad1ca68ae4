import type { QuickJSHandle } from "quickjs-emscripten";
import type { Deadline } from "./deadline.js";
import type { EnginePool } from "./engine/engine-pool.js";
import { hostAbortKind } from "./engine/host-abort.js";
import { ToolLoadError, type ToolLoadReason } from "./errors/tool-load-error.js";
import { drainJobs, failureHelpers, freeToolVm, readOut, type ToolVm } from "./tool-vm.js";
import { vmPreludeSource } from "./vm-prelude-source.js";
import { wrapToolSource } from "./wrap-tool-source.js";

export interface ToolVmLimits {
  memoryLimitBytes: number;
  maxStackBytes: number;
  maxOutputBytes: number;
  randomSeed: number;
}

/** Load failures the explain helper reports, by protocol letter (anything else: "threw"). */
const LOAD_REASONS: Readonly<Record<string, ToolLoadReason>> = {
  y: "syntax_error",
  m: "memory",
  s: "stack",
  o: "timeout",
};

/**
 * A new QuickJS runtime and context on the pool's current engine, hardened by the prelude, with
 * every tool's code evaluated (each under its own `deadline` budget). Throws ToolLoadError when a
 * tool does not load; an engine abort during loading retires the engine and becomes a
 * ToolLoadError too (timeout: the watchdog fired; stack: source nested too deep to compile).
 */
export function loadToolVm(
  pool: EnginePool,
  code: Readonly<Record<string, string>>,
  limits: ToolVmLimits,
  deadline: Deadline,
): ToolVm {
  const engine = pool.current();
  const runtime = engine.module.newRuntime();
  const vm: Partial<ToolVm> & Pick<ToolVm, "engine" | "runtime" | "tools"> = {
    engine,
    runtime,
    tools: new Map(),
  };
  let loading = "(prelude)";
  try {
    runtime.setMemoryLimit(limits.memoryLimitBytes);
    runtime.setMaxStackSize(limits.maxStackBytes);
    runtime.setInterruptHandler(() => deadline.passed);
    const context = runtime.newContext();
    vm.context = context;
    deadline.arm(engine);
    const config = { seed: limits.randomSeed, maxOutputChars: limits.maxOutputBytes };
    const prelude = context.evalCode(vmPreludeSource(config), "toolgym-prelude.js");
    if (prelude.error) {
      prelude.error.dispose();
      throw new Error("the sandbox prelude failed to run");
    }
    vm.call = context.getProp(prelude.value, 0);
    vm.take = context.getProp(prelude.value, 1);
    vm.caps = context.getProp(prelude.value, 2);
    prelude.value.dispose();
    for (const [name, source] of Object.entries(code)) {
      loading = name;
      deadline.arm(engine);
      const result = context.evalCode(wrapToolSource(name, source), `${name}.js`);
      if (result.error) throw explainLoadError(vm as ToolVm, name, result.error, limits, deadline);
      if (context.typeof(result.value) !== "function") {
        result.value.dispose();
        throw new ToolLoadError(name, "missing_function", `its code defines no function ${name}`);
      }
      vm.tools.set(name, result.value);
    }
    if (runtime.hasPendingJob() && !drainJobs(vm, deadline)) {
      throw new ToolLoadError(loading, "timeout", "the promise jobs its code started ran too long");
    }
    return vm as ToolVm;
  } catch (error) {
    if (error instanceof ToolLoadError) {
      if (!freeToolVm(vm)) pool.retire(engine);
      throw error;
    }
    pool.retire(engine);
    const kind = hostAbortKind(error);
    if (kind === "timeout") {
      throw new ToolLoadError(loading, "timeout", "its top-level code ran too long");
    }
    if (kind === "stack") {
      throw new ToolLoadError(loading, "stack", "its code nests too deeply to compile");
    }
    throw error;
  } finally {
    deadline.disarm(engine);
  }
}

/** The ToolLoadError for a failed evaluation of `name`'s code (consumes `errorHandle`). */
function explainLoadError(
  vm: ToolVm,
  name: string,
  errorHandle: QuickJSHandle,
  limits: ToolVmLimits,
  deadline: Deadline,
): ToolLoadError {
  const helpers = deadline.passed ? undefined : failureHelpers(vm, deadline, limits.maxOutputBytes);
  if (!helpers) {
    errorHandle.dispose();
    return new ToolLoadError(name, "timeout", "its top-level code ran too long");
  }
  const result = vm.context.callFunction(helpers.explain, vm.context.undefined, errorHandle);
  errorHandle.dispose();
  const out = readOut(vm.context, result, deadline);
  return new ToolLoadError(name, LOAD_REASONS[out[1]] ?? "threw", out.slice(2) || "unknown error");
}
