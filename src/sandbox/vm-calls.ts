import type { QuickJSEngine } from "./engine/load-quickjs-engine.js";

/**
 * The quickjs-emscripten bindings the sandbox calls, over plain addresses. Values are `JSValue *`
 * boxes the C side allocates; each is freed exactly once (`free`). The sandbox does not use the
 * library's handle objects: a handle is tied to one engine, while an environment's values live in
 * engine images that may be restored into any engine of the pool.
 */
interface RawFFI {
  QTS_NewRuntime(): number;
  QTS_NewContext(rt: number, intrinsics: number): number;
  QTS_RuntimeSetMemoryLimit(rt: number, limit: number): void;
  QTS_RuntimeSetMaxStackSize(rt: number, bytes: number): void;
  QTS_RuntimeEnableInterruptHandler(rt: number): void;
  QTS_Eval(
    ctx: number,
    code: number,
    length: number,
    filename: string,
    detectModule: number,
    flags: number,
  ): number;
  QTS_Call(ctx: number, fn: number, self: number, argc: number, argv: number): number;
  QTS_ResolveException(ctx: number, value: number): number;
  QTS_NewString(ctx: number, cString: number): number;
  QTS_NewFloat64(ctx: number, value: number): number;
  QTS_GetString(ctx: number, value: number): number;
  QTS_FreeCString(ctx: number, cString: number): void;
  QTS_FreeValuePointer(ctx: number, value: number): void;
  QTS_GetPropNumber(ctx: number, object: number, index: number): number;
  QTS_Typeof(ctx: number, value: number): number;
  QTS_GetUndefined(): number;
  QTS_IsJobPending(rt: number): number;
  QTS_ExecutePendingJob(rt: number, maxJobs: number, lastContextOut: number): number;
}

/** Where the sandbox's runtime, context and scratch space sit (the same in every image). */
export interface VmAddresses {
  rt: number;
  ctx: number;
  /** 16 bytes for call arguments and out-parameters. */
  scratch: number;
}

export type VmOutcome = { ok: true; value: number } | { ok: false; error: number };

const SCRATCH_ARGS = 3;

/** The operations tool code runs through, on one engine and one context. */
export class VmCalls {
  private readonly ffi: RawFFI;
  private readonly words: Uint32Array;
  readonly undefinedValue: number;

  constructor(
    private readonly engine: QuickJSEngine,
    private readonly at: VmAddresses,
  ) {
    this.ffi = engine.ffi as unknown as RawFFI;
    this.words = new Uint32Array(engine.heap.buffer);
    this.undefinedValue = this.ffi.QTS_GetUndefined();
  }

  /** Creates the runtime and context (once, while building the pristine image). */
  static createContext(
    engine: QuickJSEngine,
    limits: { memoryLimitBytes: number; maxStackBytes: number },
  ): VmAddresses {
    const ffi = engine.ffi as unknown as RawFFI;
    const rt = ffi.QTS_NewRuntime();
    ffi.QTS_RuntimeSetMemoryLimit(rt, limits.memoryLimitBytes);
    ffi.QTS_RuntimeSetMaxStackSize(rt, limits.maxStackBytes);
    ffi.QTS_RuntimeEnableInterruptHandler(rt);
    const ctx = ffi.QTS_NewContext(rt, 0); // 0: every standard intrinsic
    const scratch = engine.module._malloc(4 * (SCRATCH_ARGS + 1));
    if (!rt || !ctx || !scratch) throw new Error("QuickJS could not create a runtime");
    return { rt, ctx, scratch };
  }

  evalCode(source: string, filename: string): VmOutcome {
    const { module } = this.engine;
    const length = module.lengthBytesUTF8(source);
    const text = module._malloc(length + 1);
    if (!text) return { ok: false, error: 0 };
    module.stringToUTF8(source, text as never, length + 1);
    const result = this.ffi.QTS_Eval(this.at.ctx, text, length, filename, 0, 0);
    module._free(text);
    return this.resolve(result);
  }

  /** `fn(...args)` with `this` undefined; at most three arguments. */
  call(fn: number, args: readonly number[]): VmOutcome {
    const argv = this.at.scratch;
    for (let i = 0; i < args.length; i++) this.words[(argv >> 2) + i] = args[i];
    const result = this.ffi.QTS_Call(this.at.ctx, fn, this.undefinedValue, args.length, argv);
    return this.resolve(result);
  }

  newString(text: string): number {
    const { module } = this.engine;
    const size = module.lengthBytesUTF8(text) + 1;
    const buffer = module._malloc(size);
    if (!buffer) return 0;
    module.stringToUTF8(text, buffer as never, size);
    const value = this.ffi.QTS_NewString(this.at.ctx, buffer);
    module._free(buffer);
    return value;
  }

  newNumber(n: number): number {
    return this.ffi.QTS_NewFloat64(this.at.ctx, n);
  }

  /**
   * The value converted to a string (for strings: itself); undefined when that fails (the
   * conversion threw, or the memory is full).
   */
  readString(value: number): string | undefined {
    const cString = this.ffi.QTS_GetString(this.at.ctx, value);
    if (!cString) return undefined;
    const text = this.engine.module.UTF8ToString(cString as never);
    this.ffi.QTS_FreeCString(this.at.ctx, cString);
    return text;
  }

  typeOf(value: number): string {
    const cString = this.ffi.QTS_Typeof(this.at.ctx, value);
    const text = this.engine.module.UTF8ToString(cString as never);
    this.engine.module._free(cString);
    return text;
  }

  /** `object[index]`. */
  index(object: number, index: number): number {
    return this.ffi.QTS_GetPropNumber(this.at.ctx, object, index);
  }

  free(value: number): void {
    if (value) this.ffi.QTS_FreeValuePointer(this.at.ctx, value);
  }

  hasPendingJob(): boolean {
    return this.ffi.QTS_IsJobPending(this.at.rt) !== 0;
  }

  /** Runs queued promise jobs until the queue is empty or one fails (an interrupt included). */
  runPendingJobs(): void {
    const out = this.at.scratch + 4 * SCRATCH_ARGS;
    this.words[out >> 2] = 0;
    const result = this.ffi.QTS_ExecutePendingJob(this.at.rt, -1, out);
    const ctx = this.words[out >> 2];
    // The result (a count, or the exception a job threw) belongs to the job's context, which is
    // the sandbox's only one; 0 when no job ran.
    if (result) this.ffi.QTS_FreeValuePointer(ctx || this.at.ctx, result);
  }

  private resolve(result: number): VmOutcome {
    if (!result) return { ok: false, error: 0 };
    const error = this.ffi.QTS_ResolveException(this.at.ctx, result);
    if (error) {
      this.ffi.QTS_FreeValuePointer(this.at.ctx, result);
      return { ok: false, error };
    }
    return { ok: true, value: result };
  }
}
