import type { ToolRuntime } from "./create-sandbox.js";
import { Deadline } from "./deadline.js";
import { decodeHarnessOutput, failed, toolErrorMessage } from "./decode-harness-output.js";
import type { EnginePool } from "./engine/engine-pool.js";
import { hostAbortKind } from "./engine/host-abort.js";
import { SandboxDisposedError } from "./errors/sandbox-disposed-error.js";
import { SandboxUnavailableError } from "./errors/sandbox-unavailable-error.js";
import { ToolLoadError } from "./errors/tool-load-error.js";
import { invokeToolVm } from "./invoke-tool-vm.js";
import { loadToolVm } from "./load-tool-vm.js";
import type { ToolErrorKind, ToolResult } from "./tool-result.js";
import { freeToolVm, type ToolVm } from "./tool-vm.js";
import { isToolIdentifier } from "./wrap-tool-source.js";

/** The limits of one environment's tool runtime (SandboxOptions after defaults). */
export interface ToolRuntimeLimits {
  timeLimitMs: number;
  memoryLimitBytes: number;
  maxStackBytes: number;
  maxOutputBytes: number;
  randomSeed: number;
}

/** Failures after which the context is rebuilt before the next call: its state is suspect. */
const RESET_AFTER: ReadonlySet<ToolErrorKind> = new Set(["timeout", "memory", "stack", "internal"]);

/**
 * One environment's tools, loaded in their own QuickJS runtime (own heap, memory limit and job
 * queue) on the sandbox's shared WebAssembly engine.
 *
 * State persists between calls, as in a module: tools are expected to be pure, and an
 * environment gets a fresh runtime with each `load`, so episodes never see each other's state.
 * After a timeout, memory, stack or internal failure the runtime is rebuilt from the same code
 * before the next call, so a call that left half-updated or exhausted state cannot poison the
 * next one. The same happens, transparently, when the engine was retired under another
 * environment (a hard abort there).
 */
export class QuickJSToolRuntime implements ToolRuntime {
  readonly toolNames: readonly string[];
  private vm: ToolVm | undefined;
  private readonly deadline: Deadline;
  private disposed = false;

  constructor(
    private readonly pool: EnginePool,
    private readonly code: Readonly<Record<string, string>>,
    private readonly limits: ToolRuntimeLimits,
    private readonly onDispose: (runtime: QuickJSToolRuntime) => void,
  ) {
    this.toolNames = Object.freeze(Object.keys(code));
    for (const name of this.toolNames) {
      if (!isToolIdentifier(name)) {
        throw new ToolLoadError(name, "invalid_name", "the name is not a JavaScript identifier");
      }
      if (typeof code[name] !== "string") {
        throw new ToolLoadError(name, "syntax_error", "its code is not a string");
      }
    }
    this.deadline = new Deadline(limits.timeLimitMs);
    this.vm = loadToolVm(pool, code, limits, this.deadline);
  }

  call(name: string, args: unknown): ToolResult {
    if (this.disposed) throw new SandboxDisposedError("tool runtime");
    const started = performance.now();
    if (!Object.hasOwn(this.code, name)) {
      const known = this.toolNames.join(", ") || "none";
      return failed("no_such_function", `no tool named "${name}" here (tools: ${known})`, started);
    }
    const argsJson = safeStringify(args ?? null);
    if (typeof argsJson !== "string") {
      return failed(
        "internal",
        `the arguments are not JSON-serializable (${argsJson.error})`,
        started,
      );
    }
    if (argsJson.length > this.limits.memoryLimitBytes / 4) {
      return failed("internal", "the arguments are too large for the memory limit", started);
    }
    let vm: ToolVm;
    try {
      vm = this.currentVm();
    } catch (error) {
      if (error instanceof ToolLoadError) return failed("load_error", error.message, started);
      if (error instanceof SandboxUnavailableError)
        return failed("internal", error.message, started);
      throw error;
    }
    let out: string;
    this.deadline.arm(vm.engine);
    try {
      out = invokeToolVm(
        vm,
        vm.tools.get(name)!,
        argsJson,
        this.deadline,
        this.limits.maxOutputBytes,
      );
    } catch (error) {
      // The engine's stack was unwound mid-flight: it is unusable, nothing in it may be touched.
      this.pool.retire(vm.engine);
      this.vm = undefined;
      const kind = hostAbortKind(error);
      const detail = error instanceof Error ? error.message : String(error);
      return failed(
        kind,
        toolErrorMessage(kind, name, `engine failed: ${detail}`, this.limits),
        started,
      );
    } finally {
      this.deadline.disarm(vm.engine);
    }
    const result = decodeHarnessOutput(name, out, this.limits, started);
    // Freeing a heap a runaway call filled can take longer than the call's grace: do it after
    // this call has returned, on the event loop (never inside another call: calls are sync).
    if (!result.ok && RESET_AFTER.has(result.error.kind)) this.reset("later");
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reset();
    this.onDispose(this);
  }

  /** The loaded VM, reloaded if a failure reset it or its engine was retired. */
  private currentVm(): ToolVm {
    if (this.vm?.engine.poisoned) this.vm = undefined;
    this.vm ??= loadToolVm(this.pool, this.code, this.limits, this.deadline);
    return this.vm;
  }

  /** Drops the VM (the next call loads a fresh one) and frees it, now or on the event loop. */
  private reset(when: "now" | "later" = "now"): void {
    const vm = this.vm;
    this.vm = undefined;
    if (!vm) return;
    const free = () => {
      if (!freeToolVm(vm)) this.pool.retire(vm.engine);
    };
    if (when === "now") free();
    else setImmediate(free);
  }
}

function safeStringify(value: unknown): string | { error: string } {
  try {
    return JSON.stringify(value) ?? { error: `a ${typeof value} has no JSON form` };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
