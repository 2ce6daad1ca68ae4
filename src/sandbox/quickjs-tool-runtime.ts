import type { ToolRuntime } from "./create-sandbox.js";
import { Deadline } from "./deadline.js";
import { decodeHarnessOutput, failed, toolErrorMessage } from "./decode-harness-output.js";
import { restoreEngineImage, saveEngineDelta } from "./engine/engine-image.js";
import type { EnginePool } from "./engine/engine-pool.js";
import { hostAbortKind } from "./engine/host-abort.js";
import type { QuickJSEngine } from "./engine/load-quickjs-engine.js";
import { SandboxDisposedError } from "./errors/sandbox-disposed-error.js";
import { ToolLoadError } from "./errors/tool-load-error.js";
import { invokeToolVm } from "./invoke-tool-vm.js";
import { loadToolVm } from "./load-tool-vm.js";
import type { LoadedImageCache } from "./loaded-image-cache.js";
import type { PristineVm } from "./pristine-vm.js";
import type { ToolErrorKind, ToolResult } from "./tool-result.js";
import type { ToolVm } from "./tool-vm.js";
import { VmCalls } from "./vm-calls.js";
import { isToolIdentifier } from "./wrap-tool-source.js";

/** The limits of one environment's tool runtime (SandboxOptions after defaults). */
export interface ToolRuntimeLimits {
  timeLimitMs: number;
  memoryLimitBytes: number;
  maxStackBytes: number;
  maxOutputBytes: number;
  randomSeed: number;
}

/** What every environment of a sandbox shares: its engines, pristine VM and loaded images. */
export interface ToolRuntimeHost {
  pool: EnginePool;
  pristine: PristineVm;
  limits: ToolRuntimeLimits;
  loaded: LoadedImageCache;
}

/** Failures after which the environment is reloaded before the next call: its state is suspect. */
const RESET_AFTER: ReadonlySet<ToolErrorKind> = new Set(["timeout", "memory", "stack", "internal"]);

/** Failures an exhausted heap does not explain. */
const NOT_MEMORY: ReadonlySet<ToolErrorKind> = new Set([
  "memory",
  "timeout",
  "stack",
  "output_too_large",
]);

const callsByEngine = new WeakMap<QuickJSEngine, VmCalls>();

/**
 * One environment's tools, in an engine of its own: its whole QuickJS state (heap, runtime,
 * context, job queue) is a separate WebAssembly memory image, which no other environment's code
 * can reach, exhaust or wreck. The pool may park the image in host memory while other
 * environments run and restore it later (see EnginePool); nothing of that is visible here.
 *
 * State persists between calls, as in a module: tools are expected to be pure, and an
 * environment starts from the sandbox's pristine image with each `load`, so episodes never see
 * each other's state. After a timeout, memory, stack or internal failure — or an engine abort,
 * which leaves the engine's memory in an unknown state — the environment is reloaded from its
 * code before the next call, so a call that left half-updated or exhausted state cannot poison
 * the next one.
 */
export class QuickJSToolRuntime implements ToolRuntime {
  readonly toolNames: readonly string[];
  private vm: ToolVm | undefined;
  private readonly deadline: Deadline;
  private disposed = false;

  constructor(
    private readonly host: ToolRuntimeHost,
    private readonly code: Readonly<Record<string, string>>,
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
    this.deadline = new Deadline(host.limits.timeLimitMs);
    try {
      this.ready();
    } catch (error) {
      host.pool.release(this);
      throw error;
    }
  }

  call(name: string, args: unknown): ToolResult {
    if (this.disposed) throw new SandboxDisposedError("tool runtime");
    const started = performance.now();
    const { limits } = this.host;
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
    if (argsJson.length > limits.memoryLimitBytes / 4) {
      return failed("internal", "the arguments are too large for the memory limit", started);
    }
    let ready: { engine: QuickJSEngine; calls: VmCalls; vm: ToolVm };
    try {
      ready = this.ready();
    } catch (error) {
      if (error instanceof ToolLoadError) return failed("load_error", error.message, started);
      throw error;
    }
    const { engine, calls, vm } = ready;
    let out: string;
    engine.heapExhausted = false;
    this.deadline.arm(engine);
    try {
      out = invokeToolVm(
        calls,
        this.host.pristine.harness,
        vm.tools.get(name)!,
        argsJson,
        this.deadline,
      );
    } catch (error) {
      // The engine's stack was unwound mid-flight: its memory is in an unknown state. This
      // environment reloads before its next call; no other environment was in this engine.
      this.forget();
      let kind: ToolErrorKind = hostAbortKind(error);
      // QuickJS does not survive every allocation failing: some out-of-memory paths trap.
      if (kind === "internal" && engine.heapExhausted) kind = "memory";
      const detail = error instanceof Error ? error.message : String(error);
      return failed(
        kind,
        toolErrorMessage(kind, name, `engine failed: ${detail}`, limits),
        started,
      );
    } finally {
      this.deadline.disarm(engine);
    }
    let result = decodeHarnessOutput(name, out, limits, started);
    if (!result.ok && engine.heapExhausted && !NOT_MEMORY.has(result.error.kind)) {
      // The memory filled up, and what the tool then threw (often `null`: QuickJS could not
      // even allocate its error) is a consequence.
      result = failed("memory", toolErrorMessage("memory", name, "", limits), started);
    }
    if (!result.ok && RESET_AFTER.has(result.error.kind)) this.forget();
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.vm = undefined;
    this.host.pool.release(this);
    this.onDispose(this);
  }

  /**
   * This environment's engine, holding its state: when it has none, the cached image of its code
   * just loaded, or else the pristine image with its code loaded now.
   */
  private ready(): { engine: QuickJSEngine; calls: VmCalls; vm: ToolVm } {
    const { pool, pristine, loaded } = this.host;
    const { engine, residency } = pool.acquire(this);
    let calls = callsByEngine.get(engine);
    if (!calls) {
      calls = new VmCalls(engine, pristine.at);
      callsByEngine.set(engine, calls);
    }
    if (residency === "loaded" && this.vm) return { engine, calls, vm: this.vm };
    const key = loaded.key(this.code);
    const cached = loaded.get(key);
    if (cached) {
      restoreEngineImage(engine, cached.image);
      this.vm = cached.vm;
      return { engine, calls, vm: this.vm };
    }
    restoreEngineImage(engine, pristine.image);
    try {
      this.vm = loadToolVm(engine, calls, pristine.harness, this.code, this.deadline);
    } catch (error) {
      this.forget();
      throw error;
    }
    if (loaded.seenBefore(key)) {
      loaded.put(key, { image: saveEngineDelta(engine, pristine.image), vm: this.vm });
    }
    return { engine, calls, vm: this.vm };
  }

  private forget(): void {
    this.vm = undefined;
    this.host.pool.forget(this);
  }
}

function safeStringify(value: unknown): string | { error: string } {
  try {
    return JSON.stringify(value) ?? { error: `a ${typeof value} has no JSON form` };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
