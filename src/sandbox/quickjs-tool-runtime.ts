import { Buffer } from "node:buffer";
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten";
import type { ToolRuntime } from "./create-sandbox.js";
import type { EnginePool } from "./engine/engine-pool.js";
import { FuelExhausted } from "./engine/fuel-exhausted.js";
import type { QuickJSEngine } from "./engine/load-quickjs-engine.js";
import { SandboxDisposedError } from "./errors/sandbox-disposed-error.js";
import { SandboxUnavailableError } from "./errors/sandbox-unavailable-error.js";
import { ToolLoadError, type ToolLoadReason } from "./errors/tool-load-error.js";
import type { ToolErrorKind, ToolResult } from "./tool-result.js";
import { vmFailureSource } from "./vm-failure-source.js";
import { vmPreludeSource } from "./vm-prelude-source.js";
import { isToolIdentifier, wrapToolSource } from "./wrap-tool-source.js";

/** The limits of one environment's tool runtime (SandboxOptions after defaults). */
export interface ToolRuntimeLimits {
  timeLimitMs: number;
  memoryLimitBytes: number;
  maxStackBytes: number;
  maxOutputBytes: number;
  randomSeed: number;
}

/**
 * How long past the time limit the fuel watchdog waits before aborting native code. QuickJS's own
 * interrupt stops JavaScript loops cleanly at the limit; the watchdog is for the native loops it
 * cannot reach, and an abort costs the engine, so it leaves the clean path time to act first.
 */
const HARD_GRACE_MS = 50;

/** Failures after which the context is rebuilt before the next call: its state is suspect. */
const RESET_AFTER: ReadonlySet<ToolErrorKind> = new Set(["timeout", "memory", "stack", "internal"]);

/** The prelude's failure letters (see vm-prelude-source.ts), plus `o` for a host-seen timeout. */
const KIND_BY_LETTER: Readonly<Record<string, ToolErrorKind>> = {
  t: "thrown",
  y: "thrown",
  n: "not_json",
  b: "output_too_large",
  m: "memory",
  s: "stack",
  i: "internal",
  o: "timeout",
};

const TIMED_OUT = "!o";

/** `call`'s codes that need the slow path (see vm-prelude-source.ts). */
const SLOW_PATH = new Set(["!p", "!e", "!u", "!j", "!a"]);

interface FailureHelpers {
  failure: QuickJSHandle;
  attach: QuickJSHandle;
  finish: QuickJSHandle;
  explain: QuickJSHandle;
}

interface LoadedVm {
  engine: QuickJSEngine;
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  call: QuickJSHandle;
  take: QuickJSHandle;
  caps: QuickJSHandle;
  /** Compiled on the first failure in this context. */
  helpers?: FailureHelpers;
  tools: Map<string, QuickJSHandle>;
}

/**
 * One environment's tools, loaded in their own QuickJS runtime (own heap, memory limit and job
 * queue) on the sandbox's shared WebAssembly engine.
 *
 * State persists between calls, as in a module: tools are expected to be pure, and an
 * environment gets a fresh runtime with each `load`, so episodes never see each other's state.
 * After a timeout, memory or stack failure the runtime is rebuilt from the same code before the
 * next call, so a call that left half-updated or exhausted state cannot poison the next one.
 */
export class QuickJSToolRuntime implements ToolRuntime {
  readonly toolNames: readonly string[];
  private vm: LoadedVm | undefined;
  private softDeadline = Number.POSITIVE_INFINITY;
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
    this.vm = this.build();
  }

  call(name: string, args: unknown): ToolResult {
    if (this.disposed) throw new SandboxDisposedError("tool runtime");
    const started = performance.now();
    const failure = (kind: ToolErrorKind, message: string) => failed(kind, message, started);
    if (!Object.hasOwn(this.code, name)) {
      const known = this.toolNames.join(", ") || "none";
      return failure("no_such_function", `no tool named "${name}" here (tools: ${known})`);
    }
    const argsJson = safeStringify(args ?? null);
    if (argsJson === undefined)
      return failure("internal", "the arguments are not JSON-serializable");
    if (argsJson.length > this.limits.memoryLimitBytes / 4) {
      return failure("internal", "the arguments are too large for the sandbox's memory limit");
    }
    // An engine retired under another environment takes this one's VM with it: reload.
    if (this.vm?.engine.poisoned) this.vm = undefined;
    let vm: LoadedVm;
    try {
      vm = this.vm ?? this.rebuild();
    } catch (error) {
      if (error instanceof ToolLoadError) return failure("load_error", error.message);
      if (error instanceof SandboxUnavailableError) return failure("internal", error.message);
      throw error;
    }
    let out: string;
    this.arm(vm.engine);
    try {
      out = this.invoke(vm, vm.tools.get(name)!, argsJson);
    } catch (error) {
      this.abandon(vm);
      return failure(...hostAbort(name, error, this.limits));
    } finally {
      this.disarm(vm.engine);
    }
    const result = this.decode(name, out, started);
    if (!result.ok && RESET_AFTER.has(result.error.kind)) this.reset(vm);
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.vm) this.reset(this.vm);
    this.onDispose(this);
  }

  /** One call through the harness; the protocol string it returned (or TIMED_OUT). */
  private invoke(vm: LoadedVm, fn: QuickJSHandle, argsJson: string): string {
    const { context } = vm;
    const argHandle = context.newString(argsJson);
    const first = context.callFunction(vm.call, context.undefined, fn, argHandle);
    argHandle.dispose();
    let out = this.readOut(context, first);
    if (out.length === 2 && SLOW_PATH.has(out)) out = this.slowPath(vm, out);
    if (out !== TIMED_OUT && vm.runtime.hasPendingJob() && !this.drainJobs(vm)) return TIMED_OUT;
    // Jobs stopped by the interrupt end as rejections, not errors: the clock is the judge.
    return performance.now() > this.softDeadline ? TIMED_OUT : out;
  }

  /** A failed call, or a Promise to await: the final protocol string. */
  private slowPath(vm: LoadedVm, code: string): string {
    const { context } = vm;
    const helpers = this.helpers(vm);
    if (!helpers) return TIMED_OUT;
    const taken = context.callFunction(vm.take, context.undefined);
    if (taken.error) return this.readOut(context, taken);
    const value = taken.value;
    if (code === "!a") {
      const attached = this.readOut(
        context,
        context.callFunction(helpers.attach, context.undefined, value),
      );
      value.dispose();
      if (attached !== "") return attached;
      if (!this.drainJobs(vm)) return TIMED_OUT;
      return this.readOut(context, context.callFunction(helpers.finish, context.undefined));
    }
    const codeHandle = context.newString(code);
    const result = context.callFunction(helpers.failure, context.undefined, codeHandle, value);
    codeHandle.dispose();
    value.dispose();
    return this.readOut(context, result);
  }

  /** The context's failure helpers, compiled on first use; undefined when time ran out. */
  private helpers(vm: LoadedVm): FailureHelpers | undefined {
    if (vm.helpers) return vm.helpers;
    const { context } = vm;
    const factory = context.evalCode(vmFailureSource(), "toolgym-failure.js");
    if (factory.error) {
      factory.error.dispose();
      if (performance.now() > this.softDeadline) return undefined;
      throw new Error("the sandbox's failure helpers did not compile");
    }
    const max = context.newNumber(this.limits.maxOutputBytes);
    const made = context.callFunction(factory.value, context.undefined, vm.caps, max);
    factory.value.dispose();
    max.dispose();
    if (made.error) {
      made.error.dispose();
      if (performance.now() > this.softDeadline) return undefined;
      throw new Error("the sandbox's failure helpers did not start");
    }
    const [failure, attach, finish, explain] = [0, 1, 2, 3].map((i) =>
      context.getProp(made.value, i),
    );
    made.value.dispose();
    vm.helpers = { failure, attach, finish, explain };
    return vm.helpers;
  }

  private readOut(
    context: QuickJSContext,
    result: ReturnType<QuickJSContext["callFunction"]>,
  ): string {
    if (result.error) {
      // Only the uncatchable interrupt escapes the harness's try blocks.
      result.error.dispose();
      return performance.now() > this.softDeadline ? TIMED_OUT : "!ithe call harness failed";
    }
    const out = context.getString(result.value);
    result.value.dispose();
    return out;
  }

  /** Runs queued promise jobs under the call's deadline; false when it ran out. */
  private drainJobs(vm: LoadedVm): boolean {
    while (vm.runtime.hasPendingJob()) {
      const r = vm.runtime.executePendingJobs();
      if (r.error) {
        r.error.dispose();
        if (performance.now() > this.softDeadline) return false;
      }
    }
    return true;
  }

  private decode(name: string, out: string, started: number): ToolResult {
    const elapsedMs = performance.now() - started;
    const { maxOutputBytes, timeLimitMs, memoryLimitBytes } = this.limits;
    if (out.charCodeAt(0) !== 0x21 /* "!" */) {
      if (out.length * 3 > maxOutputBytes && Buffer.byteLength(out, "utf8") > maxOutputBytes) {
        return tooLarge(name, Buffer.byteLength(out, "utf8"), maxOutputBytes, elapsedMs);
      }
      return { ok: true, value: JSON.parse(out), json: out, elapsedMs };
    }
    const kind = KIND_BY_LETTER[out[1]] ?? "internal";
    const detail = out.slice(2);
    let message: string;
    switch (kind) {
      case "output_too_large":
        return tooLarge(name, Number(detail), maxOutputBytes, elapsedMs);
      case "timeout":
        message = `tool "${name}" exceeded its time limit of ${timeLimitMs} ms`;
        break;
      case "memory":
        message = `tool "${name}" exceeded the memory limit of ${formatBytes(memoryLimitBytes)} (${detail || "out of memory"})`;
        break;
      case "stack":
        message = `tool "${name}" overflowed the stack (recursion too deep)`;
        break;
      case "thrown":
        message = `tool "${name}" threw: ${detail}`;
        break;
      case "not_json":
        message = `tool "${name}": ${detail}`;
        break;
      default:
        message = `sandbox failure in tool "${name}": ${detail}`;
    }
    return { ok: false, error: { kind, message }, elapsedMs };
  }

  /** Creates the runtime, context, prelude and tools on the pool's current engine. */
  private build(): LoadedVm {
    const engine = this.pool.current();
    const runtime = engine.module.newRuntime();
    const partial: Partial<LoadedVm> & { tools: Map<string, QuickJSHandle> } = {
      engine,
      runtime,
      tools: new Map(),
    };
    let loading = "(prelude)";
    try {
      runtime.setMemoryLimit(this.limits.memoryLimitBytes);
      runtime.setMaxStackSize(this.limits.maxStackBytes);
      runtime.setInterruptHandler(() => performance.now() > this.softDeadline);
      const context = runtime.newContext();
      partial.context = context;
      this.arm(engine);
      const prelude = context.evalCode(
        vmPreludeSource({
          seed: this.limits.randomSeed,
          maxOutputChars: this.limits.maxOutputBytes,
        }),
        "toolgym-prelude.js",
      );
      if (prelude.error) {
        prelude.error.dispose();
        throw new Error("the sandbox prelude failed to run");
      }
      partial.call = context.getProp(prelude.value, 0);
      partial.take = context.getProp(prelude.value, 1);
      partial.caps = context.getProp(prelude.value, 2);
      prelude.value.dispose();
      for (const name of this.toolNames) {
        loading = name;
        this.arm(engine);
        const result = context.evalCode(wrapToolSource(name, this.code[name]), `${name}.js`);
        if (result.error) throw this.loadError(partial as LoadedVm, name, result.error);
        if (context.typeof(result.value) !== "function") {
          result.value.dispose();
          throw new ToolLoadError(name, "missing_function", `its code defines no function ${name}`);
        }
        partial.tools.set(name, result.value);
      }
      loading = "(top-level promise jobs)";
      if (runtime.hasPendingJob() && !this.drainJobs(partial as LoadedVm)) {
        throw new ToolLoadError(
          this.toolNames.at(-1) ?? "",
          "timeout",
          "its promise jobs ran too long",
        );
      }
      return partial as LoadedVm;
    } catch (error) {
      if (error instanceof ToolLoadError) {
        this.release(partial);
        throw error;
      }
      this.pool.retire(engine);
      if (error instanceof FuelExhausted) {
        throw new ToolLoadError(loading, "timeout", "its top-level code ran too long");
      }
      if (isHostStackOverflow(error)) {
        throw new ToolLoadError(loading, "stack", "its code nests too deeply to compile");
      }
      throw error;
    } finally {
      this.disarm(engine);
    }
  }

  /** The ToolLoadError for a failed evaluation of `name`'s code (consumes `errorHandle`). */
  private loadError(vm: LoadedVm, name: string, errorHandle: QuickJSHandle): ToolLoadError {
    if (performance.now() > this.softDeadline) {
      errorHandle.dispose();
      return new ToolLoadError(name, "timeout", "its top-level code ran too long");
    }
    const helpers = this.helpers(vm);
    if (!helpers) {
      errorHandle.dispose();
      return new ToolLoadError(name, "timeout", "its top-level code ran too long");
    }
    const r = vm.context.callFunction(helpers.explain, vm.context.undefined, errorHandle);
    errorHandle.dispose();
    const out = this.readOut(vm.context, r);
    const reasons: Record<string, ToolLoadReason> = {
      y: "syntax_error",
      m: "memory",
      s: "stack",
      o: "timeout",
    };
    return new ToolLoadError(name, reasons[out[1]] ?? "threw", out.slice(2) || "unknown error");
  }

  private rebuild(): LoadedVm {
    this.vm = this.build();
    return this.vm;
  }

  private arm(engine: QuickJSEngine): void {
    this.softDeadline = performance.now() + this.limits.timeLimitMs;
    engine.hardDeadline = this.softDeadline + HARD_GRACE_MS;
  }

  private disarm(engine: QuickJSEngine): void {
    this.softDeadline = Number.POSITIVE_INFINITY;
    engine.hardDeadline = Number.POSITIVE_INFINITY;
  }

  /** Drops the VM after a host abort: its engine is unusable, nothing in it may be touched. */
  private abandon(vm: LoadedVm): void {
    this.pool.retire(vm.engine);
    if (this.vm === vm) this.vm = undefined;
  }

  /** Frees the VM; the next call builds a fresh one. */
  private reset(vm: LoadedVm): void {
    if (this.vm === vm) this.vm = undefined;
    this.release(vm);
  }

  private release(vm: Partial<LoadedVm>): void {
    const { engine } = vm;
    if (!engine || engine.poisoned) return;
    try {
      const helpers = vm.helpers ? Object.values(vm.helpers) : [];
      for (const handle of [vm.call, vm.take, vm.caps, ...helpers, ...(vm.tools?.values() ?? [])]) {
        handle?.dispose();
      }
      vm.context?.dispose();
      vm.runtime?.dispose();
    } catch {
      // A failed free means QuickJS's own bookkeeping is off: stop using this engine.
      this.pool.retire(engine);
    }
  }
}

function failed(kind: ToolErrorKind, message: string, started: number): ToolResult {
  return { ok: false, error: { kind, message }, elapsedMs: performance.now() - started };
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Kind and message for an exception that unwound the engine (see QuickJSEngine.poisoned). */
function hostAbort(
  name: string,
  error: unknown,
  limits: ToolRuntimeLimits,
): [ToolErrorKind, string] {
  if (error instanceof FuelExhausted) {
    return ["timeout", `tool "${name}" exceeded its time limit of ${limits.timeLimitMs} ms`];
  }
  if (isHostStackOverflow(error)) {
    return ["stack", `tool "${name}" overflowed the stack (recursion too deep)`];
  }
  const detail = error instanceof Error ? error.message : String(error);
  return ["internal", `the engine failed while running tool "${name}": ${detail}`];
}

function isHostStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function tooLarge(name: string, size: number, max: number, elapsedMs: number): ToolResult {
  return {
    ok: false,
    error: {
      kind: "output_too_large",
      message: `tool "${name}" returned ${size} characters of JSON, over the limit of ${max}`,
    },
    elapsedMs,
  };
}

function formatBytes(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`;
}
