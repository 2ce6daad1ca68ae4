import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { newVariant, type QuickJSSyncVariant, RELEASE_SYNC } from "quickjs-emscripten";
import { EngineSetupError } from "../errors/engine-setup-error.js";
import { FuelExhausted } from "./fuel-exhausted.js";
import { instrumentWasmFuel } from "./instrument-wasm-fuel.js";
import {
  WASM_PAGE_BYTES,
  type WasmGlobal,
  type WasmImports,
  type WasmInstance,
  type WasmMemory,
  wasmApi,
} from "./wasm-api.js";
import { readWasmMemoryLayout, type WasmMemoryLayout } from "./wasm-memory-layout.js";

/** quickjs-emscripten's low-level bindings (`QTS_*` functions over raw pointers). */
export type QuickJSFFI = InstanceType<Awaited<ReturnType<QuickJSSyncVariant["importFFI"]>>>;
/** The emscripten module object the bindings run on (string helpers, `_malloc`, `_free`). */
export type QuickJSEmscriptenModule = ConstructorParameters<
  Awaited<ReturnType<QuickJSSyncVariant["importFFI"]>>
>[0];

/**
 * One QuickJS WebAssembly instance, fuel-metered, with a fixed clock, UTC local time and a linear
 * memory of fixed size: it cannot grow, so the C heap ends where the memory does and every
 * allocation (objects, strings, ArrayBuffer contents…) counts against it.
 *
 * An engine runs one environment at a time (see EnginePool); calls into it are synchronous, so a
 * single deadline pair per engine suffices.
 */
export interface QuickJSEngine {
  readonly ffi: QuickJSFFI;
  readonly module: QuickJSEmscriptenModule;
  readonly memory: WasmMemory;
  /** The whole linear memory; never detached, since the memory never grows. */
  readonly heap: Uint8Array;
  /** The binary's mutable globals (its C stack pointer), for engine images. */
  readonly globals: readonly WasmGlobal[];
  readonly layout: WasmMemoryLayout;
  /** `performance.now()` past which QuickJS's interrupt handler stops JavaScript. */
  softDeadline: number;
  /** `performance.now()` past which the fuel watchdog aborts native code. Infinity when idle. */
  hardDeadline: number;
  /**
   * Set when an allocation found the memory full (malloc asked to grow it); the sandbox clears
   * it before each call. QuickJS reports some out-of-memory failures as a thrown `null` (when
   * even its error object cannot be allocated): this tells them apart.
   */
  heapExhausted: boolean;
}

export interface LoadQuickJSEngineOptions {
  /** What `Date.now()` returns inside the engine, in ms since the Unix epoch. */
  nowMs: number;
  /** Size of the engine's linear memory (rounded up to whole pages); it never grows. */
  memoryBytes: number;
}

const FUEL_MODULE = "toolgym";
const FUEL_FUNCTION = "refuel";
const GLOBAL_PREFIX = "toolgym_global_";
/** Loop iterations between two clock reads: a few hundred microseconds of native work at most. */
const FUEL_PER_CHECK = 1 << 16;

interface QuickJSBinary {
  wasm: object;
  layout: WasmMemoryLayout;
  globalNames: string[];
}

let binary: Promise<QuickJSBinary> | undefined;

/** Reads, instruments and compiles the QuickJS binary once per process. */
export function quickJSBinary(): Promise<QuickJSBinary> {
  binary ??= (async () => {
    const requireHere = createRequire(import.meta.url);
    const requireQuickJS = createRequire(requireHere.resolve("quickjs-emscripten"));
    const path = requireQuickJS.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
    const original = new Uint8Array(await readFile(path));
    const layout = readWasmMemoryLayout(original);
    const { bytes, exportedGlobals } = instrumentWasmFuel(original, {
      importModule: FUEL_MODULE,
      importName: FUEL_FUNCTION,
      initialFuel: FUEL_PER_CHECK,
      exportMutableGlobals: GLOBAL_PREFIX,
      memoryMinimumPages: 1,
    });
    return { wasm: await wasmApi.compile(bytes), layout, globalNames: exportedGlobals };
  })();
  binary.catch(() => {
    binary = undefined;
  });
  return binary;
}

export async function loadQuickJSEngine(options: LoadQuickJSEngineOptions): Promise<QuickJSEngine> {
  const { wasm, layout, globalNames } = await quickJSBinary();
  const pages = Math.ceil(options.memoryBytes / WASM_PAGE_BYTES);
  if (pages * WASM_PAGE_BYTES <= layout.heapBase) {
    throw new EngineSetupError(`${options.memoryBytes} bytes of memory cannot hold the C stack`);
  }
  const memory = new wasmApi.Memory({ initial: pages, maximum: pages });
  const state = {
    softDeadline: Number.POSITIVE_INFINITY,
    hardDeadline: Number.POSITIVE_INFINITY,
    heapExhausted: false,
  };
  const refuel = () => {
    if (performance.now() > state.hardDeadline) throw new FuelExhausted();
    return FUEL_PER_CHECK;
  };
  let instance: WasmInstance | undefined;
  const emscriptenModule = {
    wasmMemory: memory,
    // The glue prints engine aborts (a QuickJS assertion, handled by resetting the engine) to
    // stderr; a library stays quiet.
    print: () => {},
    printErr: () => {},
    instantiateWasm(imports: WasmImports, onSuccess: (instance: WasmInstance) => void) {
      instance = new wasmApi.Instance(wasm, {
        ...patchImports(imports, { nowMs: options.nowMs, memory, state }),
        [FUEL_MODULE]: { [FUEL_FUNCTION]: refuel },
      });
      onSuccess(instance);
      return instance.exports;
    },
  };
  const variant = newVariant(RELEASE_SYNC, { emscriptenModule });
  let module: QuickJSEmscriptenModule;
  let ffi: QuickJSFFI;
  try {
    const [loader, FFI] = await Promise.all([variant.importModuleLoader(), variant.importFFI()]);
    module = await unwrapDefault(loader)();
    ffi = new FFI(module);
  } catch (error) {
    if (error instanceof EngineSetupError) throw error;
    throw new EngineSetupError("the WebAssembly module failed to start", { cause: error });
  }
  if (!instance) throw new EngineSetupError("the glue did not instantiate the module");
  const exports = instance.exports;
  const globals = globalNames.map((name) => exports[name] as WasmGlobal);
  // What QuickJS asks at every interrupt check (enabled per runtime) and the host hooks this
  // sandbox never enables (host functions, module loaders, host references).
  module.callbacks = {
    shouldInterrupt: () => (performance.now() > state.softDeadline ? 1 : 0),
    callFunction: () => 0,
    loadModuleSource: () => 0,
    normalizeModule: () => 0,
    freeHostRef: () => {},
  } as unknown as QuickJSEmscriptenModule["callbacks"];
  const heap = new Uint8Array(memory.buffer);
  return Object.assign(state, { ffi, module, memory, heap, globals, layout });
}

/** An ES module's default export as the loader function (`newVariant` may hand either). */
function unwrapDefault<T>(value: T | { default: T } | { default: { default: T } }): T {
  if (typeof value === "function") return value;
  const inner = (value as { default: T | { default: T } }).default;
  return typeof inner === "function" ? inner : (inner as { default: T }).default;
}

/**
 * Replaces three imports of the emscripten glue, found by their source text because emscripten
 * minifies import names: the two through which the host's clock and time zone reach QuickJS —
 * the `Date.now()` import (QuickJS's only source of the current time) and the `localtime` import
 * (the time-zone offset behind every local-time Date method, Date parsing and `toString`) — and
 * `emscripten_resize_heap`, which malloc calls when the memory is full: this memory never grows,
 * so it records the exhaustion and refuses.
 */
function patchImports(
  imports: WasmImports,
  {
    nowMs,
    memory,
    state,
  }: { nowMs: number; memory: WasmMemory; state: { heapExhausted: boolean } },
): WasmImports {
  let clock = false;
  let localtime = false;
  let resize = false;
  const patched: WasmImports = {};
  for (const [moduleName, fields] of Object.entries(imports)) {
    const copy: Record<string, unknown> = { ...fields };
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value !== "function") continue;
      const source = Function.prototype.toString.call(value).replace(/\s+/g, "");
      if (/^(function\(\)\{return|\(\)=>)Date\.now\(\)\}?$/.test(source)) {
        copy[name] = () => nowMs;
        clock = true;
      } else if (source.includes("getTimezoneOffset") && source.includes("getSeconds")) {
        copy[name] = (time: bigint | number, tmPtr: number) => {
          writeUtcTm(memory, Number(time), tmPtr);
        };
        localtime = true;
      } else if (source.includes(".grow(")) {
        copy[name] = () => {
          state.heapExhausted = true;
          return 0;
        };
        resize = true;
      }
    }
    patched[moduleName] = copy;
  }
  const missing = [!clock && "Date.now", !localtime && "localtime", !resize && "resize_heap"];
  if (missing.some(Boolean)) {
    throw new EngineSetupError(
      `emscripten glue without the expected ${missing.filter(Boolean).join(", ")} import`,
    );
  }
  return patched;
}

/** Fills a C `struct tm` (musl layout) with the UTC breakdown of `seconds`. */
function writeUtcTm(memory: WasmMemory, seconds: number, tmPtr: number): void {
  const d = new Date(seconds * 1000);
  const year = d.getUTCFullYear();
  const yday = Math.round(
    (Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86_400_000,
  );
  const heap = new Int32Array(memory.buffer);
  const i = tmPtr >> 2;
  heap[i] = d.getUTCSeconds();
  heap[i + 1] = d.getUTCMinutes();
  heap[i + 2] = d.getUTCHours();
  heap[i + 3] = d.getUTCDate();
  heap[i + 4] = d.getUTCMonth();
  heap[i + 5] = year - 1900;
  heap[i + 6] = d.getUTCDay();
  heap[i + 7] = yday;
  heap[i + 8] = 0; // tm_isdst
  heap[i + 9] = 0; // tm_gmtoff
}
