import type { Deadline } from "./deadline.js";
import { hostAbortKind } from "./engine/host-abort.js";
import type { QuickJSEngine } from "./engine/load-quickjs-engine.js";
import { ToolLoadError, type ToolLoadReason } from "./errors/tool-load-error.js";
import type { Harness } from "./pristine-vm.js";
import { drainJobs, readOut, type ToolVm } from "./tool-vm.js";
import type { VmCalls } from "./vm-calls.js";
import { wrapToolSource } from "./wrap-tool-source.js";

/** Load failures the explain helper reports, by protocol letter (anything else: "threw"). */
const LOAD_REASONS: Readonly<Record<string, ToolLoadReason>> = {
  y: "syntax_error",
  m: "memory",
  s: "stack",
  o: "timeout",
};

/**
 * Evaluates every tool's code in an engine holding the pristine VM (each tool under its own
 * `deadline` budget) and returns where each tool's function is. Throws ToolLoadError when a tool
 * does not load, engine aborts included (timeout: the watchdog fired; stack: source nested too
 * deep to compile; internal: the engine failed). Then the engine's state is unusable.
 */
export function loadToolVm(
  engine: QuickJSEngine,
  vm: VmCalls,
  harness: Harness,
  code: Readonly<Record<string, string>>,
  deadline: Deadline,
): ToolVm {
  const tools = new Map<string, number>();
  let loading = "(prelude)";
  engine.heapExhausted = false;
  try {
    for (const [name, source] of Object.entries(code)) {
      loading = name;
      deadline.arm(engine);
      const result = vm.evalCode(wrapToolSource(name, source), `${name}.js`);
      if (!result.ok) {
        const error = explainLoadError(vm, harness, name, result.error, deadline);
        // What top-level code throws once the memory is full (often `null`) is a consequence.
        if (engine.heapExhausted && error.reason === "threw") {
          throw new ToolLoadError(name, "memory", "its top-level code ran out of memory");
        }
        throw error;
      }
      if (vm.typeOf(result.value) !== "function") {
        vm.free(result.value);
        throw new ToolLoadError(name, "missing_function", `its code defines no function ${name}`);
      }
      tools.set(name, result.value);
    }
    if (vm.hasPendingJob() && !drainJobs(vm, deadline)) {
      throw new ToolLoadError(loading, "timeout", "the promise jobs its code started ran too long");
    }
    return { tools };
  } catch (error) {
    if (error instanceof ToolLoadError) throw error;
    const kind = hostAbortKind(error);
    if (kind === "timeout") {
      throw new ToolLoadError(loading, "timeout", "its top-level code ran too long");
    }
    if (kind === "stack") {
      throw new ToolLoadError(loading, "stack", "its code nests too deeply to compile");
    }
    if (engine.heapExhausted) {
      throw new ToolLoadError(loading, "memory", "its top-level code ran out of memory");
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new ToolLoadError(loading, "internal", `the engine failed while loading it: ${detail}`);
  } finally {
    deadline.disarm(engine);
  }
}

/** The ToolLoadError for a failed evaluation of `name`'s code (frees `error`). */
function explainLoadError(
  vm: VmCalls,
  harness: Harness,
  name: string,
  error: number,
  deadline: Deadline,
): ToolLoadError {
  if (!error) return new ToolLoadError(name, "memory", "out of memory");
  if (deadline.passed) {
    vm.free(error);
    return new ToolLoadError(name, "timeout", "its top-level code ran too long");
  }
  const out = readOut(vm, vm.call(harness.explain, [error]), deadline);
  vm.free(error);
  return new ToolLoadError(name, LOAD_REASONS[out[1]] ?? "threw", out.slice(2) || "unknown error");
}
