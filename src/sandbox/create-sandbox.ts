import { z } from "zod";
import { createToolRuntimeHost } from "./create-tool-runtime-host.js";
import { SandboxDisposedError } from "./errors/sandbox-disposed-error.js";
import { QuickJSToolRuntime } from "./quickjs-tool-runtime.js";
import type { ToolResult } from "./tool-result.js";

export interface SandboxOptions {
  /** Wall-clock limit per call (and per tool's top-level code at load), default 1000 ms. */
  timeLimitMs?: number;
  /**
   * How much memory each environment may allocate beyond its fresh state, default 32 MiB. It
   * holds for every kind of allocation (objects, strings, ArrayBuffer and typed-array contents,
   * closures, Maps…): an environment's engine has a fixed-size WebAssembly memory of
   * `memoryLimitBytes + ENGINE_OVERHEAD_BYTES` at most, which cannot grow.
   */
  memoryLimitBytes?: number;
  /**
   * QuickJS stack limit, default 64 KiB: about 340 frames of plain recursion. Kept small on
   * purpose: native recursion inside the engine also uses the host's own stack, and past about
   * 128 KiB some paths (nested arrays' toString, bound-function chains) can overflow the host's
   * stack before QuickJS notices (which then aborts the engine: the environment loses its state).
   */
  maxStackBytes?: number;
  /** Longest JSON a call may return, in UTF-8 bytes, default 1 MiB. */
  maxOutputBytes?: number;
  /**
   * What `Date.now()` and `new Date()` return inside the sandbox, in ms since the Unix epoch;
   * default 2024-01-01T00:00:00Z. The clock never moves, and local time is UTC.
   */
  nowMs?: number;
  /** Seed of `Math.random` (sfc32), reset with every `load`. Default 0x5eed. */
  randomSeed?: number;
  /**
   * Engines (WebAssembly instances, one environment's memory each) the sandbox starts, default 8
   * (a few milliseconds each). Environments loaded beyond that take turns: the least recently
   * used one's state is parked in host memory and restored when it runs again. This bounds the
   * sandbox's memory.
   */
  maxEngines?: number;
}

/**
 * Memory an engine needs besides an environment's own allocations: QuickJS's static data and its
 * C stack's 5 MiB region (touched only as deep as native recursion goes), the pristine runtime
 * and context, and allocator slack. With `maxEngines` engines and `memoryLimitBytes` per
 * environment, the engines' resident memory stays under
 * `maxEngines × (memoryLimitBytes + ENGINE_OVERHEAD_BYTES)` (304 MiB with the defaults); add the
 * images of parked environments (their differences from the pristine image: typically a few
 * dozen KiB, at most their own allocations plus 0.7 MiB) and of recently loaded code (the cache
 * of loaded environments, at most 64 MiB).
 */
export const ENGINE_OVERHEAD_BYTES = 6 << 20;

export interface Sandbox {
  /**
   * A fresh, isolated runtime holding the given tools' code, one per environment. Each entry is
   * JavaScript source that defines a function named like its key (`function get_weather(args)
   * { … }`), which gets the parsed arguments and returns a JSON-serializable value (`undefined`
   * is returned as `null`; a returned Promise is awaited within the time limit).
   *
   * Throws `ToolLoadError` when a tool's code does not load (syntax error, throws at top level,
   * defines no such function, name not an identifier): an environment-file fault, since
   * environments are verified before they are written. Throws `SandboxDisposedError` after
   * `dispose()`.
   */
  load(code: Readonly<Record<string, string>>): ToolRuntime;
  /** Disposes every runtime still loaded and releases the engines. */
  dispose(): void;
}

export interface ToolRuntime {
  readonly toolNames: readonly string[];
  /**
   * Runs one tool. Never throws for anything the tool's code or the arguments do: every
   * failure is a `ToolResult` with `ok: false`. Throws `SandboxDisposedError` after `dispose()`.
   */
  call(name: string, args: unknown): ToolResult;
  dispose(): void;
}

/** 2024-01-01T00:00:00Z */
const DEFAULT_NOW_MS = 1_704_067_200_000;

const sandboxOptionsSchema = z.object({
  timeLimitMs: z.number().positive().finite().optional(),
  memoryLimitBytes: z
    .number()
    .int()
    .min(1 << 20)
    .optional(),
  maxStackBytes: z
    .number()
    .int()
    .min(16 << 10)
    .optional(),
  maxOutputBytes: z.number().int().positive().optional(),
  nowMs: z.number().finite().optional(),
  randomSeed: z.number().int().optional(),
  maxEngines: z.number().int().min(1).max(1024).optional(),
});

/**
 * The sandbox that runs tool code: QuickJS compiled to WebAssembly, each loaded environment in an
 * engine of its own — a WebAssembly instance whose memory holds that environment's QuickJS
 * runtime, context and heap and nothing else's.
 *
 * - Isolation: no environment can read, exhaust or wreck another's memory. A tool that forces an
 *   engine abort (the watchdog below, the host's stack overflowing inside native code) costs
 *   only its own environment's state; environments beside it keep theirs and never notice.
 *   Engines are never lost: each environment starts from the sandbox's pristine image (runtime,
 *   context and call harness, built once), which is restored over whatever state an engine was
 *   left in. That is also why a fresh environment is cheap: a memory copy, then its tools' code
 *   (for code loaded before, a copy of the image it had just after loading).
 * - No host access: the context has no require, process, fs, network, timers or host objects,
 *   and no host function is exposed. Arguments go in as a JSON string parsed inside; results
 *   come out as JSON text made inside (with references captured before any tool ran).
 * - Deterministic: `Date.now()` and `new Date()` are the fixed `nowMs`, local time is UTC
 *   whatever the host's zone, `Math.random` is seeded and reset with every `load`; WeakRef and
 *   FinalizationRegistry (garbage-collector timing) are absent.
 * - No code generation: `eval`, `Function` and its async/generator siblings throw EvalError.
 * - Limits: per call, a time limit enforced twice — QuickJS's interrupt handler for JavaScript,
 *   and a fuel watchdog compiled into the engine for native code (a huge `indexOf`, a quadratic
 *   string search) that aborts 50 ms later — plus stack and output limits, and the memory limit,
 *   enforced by the size of the engine's memory (QuickJS's own accounting, as compiled to
 *   WebAssembly, misses the size of most allocations). Each ends in a `ToolResult` error; the
 *   next call works.
 * - Memory: at most `maxEngines × (memoryLimitBytes + ENGINE_OVERHEAD_BYTES)` resident for the
 *   engines, plus images in host memory (see ENGINE_OVERHEAD_BYTES). memory-bound.timing.test.ts
 *   measures it: a process playing 100 memory-hostile environments stays within the bound.
 * - State: an environment's tools keep their state between calls (as a module would) until the
 *   next `load`. A call that fails with timeout, memory, stack or internal resets it: the
 *   environment is reloaded from its code before the next call.
 * - Promises: a returned Promise is awaited, and jobs a call queues run, within its time limit.
 *   `console.*` exists and discards everything.
 *
 * ```ts
 * const sandbox = await createSandbox({ timeLimitMs: 200 });
 * const tools = sandbox.load({ add: "function add({ a, b }) { return a + b }" });
 * tools.call("add", { a: 1, b: 2 }); // { ok: true, value: 3, json: "3", elapsedMs: 0.01 }
 * tools.dispose();
 * ```
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const {
    timeLimitMs = 1000,
    memoryLimitBytes = 32 << 20,
    maxStackBytes = 64 << 10,
    maxOutputBytes = 1 << 20,
    nowMs = DEFAULT_NOW_MS,
    randomSeed = 0x5eed,
    maxEngines = 8,
  } = sandboxOptionsSchema.parse(options);
  const limits = { timeLimitMs, memoryLimitBytes, maxStackBytes, maxOutputBytes, randomSeed };
  const host = await createToolRuntimeHost({ ...limits, nowMs, maxEngines });
  const live = new Set<QuickJSToolRuntime>();
  let disposed = false;
  return {
    load(code) {
      if (disposed) throw new SandboxDisposedError("sandbox");
      const runtime = new QuickJSToolRuntime(host, code, (r) => live.delete(r));
      live.add(runtime);
      return runtime;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const runtime of [...live]) runtime.dispose();
      host.pool.dispose();
      host.loaded.clear();
    },
  };
}
