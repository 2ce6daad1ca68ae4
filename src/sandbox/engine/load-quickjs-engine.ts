import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from "quickjs-emscripten";
import { EngineSetupError } from "../errors/engine-setup-error.js";
import { FuelExhausted } from "./fuel-exhausted.js";
import { instrumentWasmFuel } from "./instrument-wasm-fuel.js";
import { type WasmImports, type WasmInstance, type WasmMemory, wasmApi } from "./wasm-api.js";

/**
 * One QuickJS WebAssembly instance, fuel-metered, with a fixed clock and UTC local time.
 *
 * Many tool runtimes (one QuickJS runtime each) share an engine; calls into it are synchronous,
 * so at most one runs at a time and a single hard deadline per engine suffices.
 */
export interface QuickJSEngine {
  readonly module: QuickJSWASMModule;
  /** The instance's linear memory; it only grows (for tests and diagnostics). */
  readonly memory: WasmMemory;
  /** `performance.now()` past which the fuel watchdog aborts native code. Infinity when idle. */
  hardDeadline: number;
  /**
   * Set once a host exception unwound the WebAssembly stack (the watchdog fired, or the host's
   * own stack overflowed inside native code): C state may be half-updated, never call it again.
   */
  poisoned: boolean;
}

export interface LoadQuickJSEngineOptions {
  /** What `Date.now()` returns inside the engine, in ms since the Unix epoch. */
  nowMs: number;
}

const FUEL_MODULE = "toolgym";
const FUEL_FUNCTION = "refuel";
/** Loop iterations between two clock reads: a few hundred microseconds of native work at most. */
const FUEL_PER_CHECK = 1 << 16;

let fueledWasm: Promise<object> | undefined;

/** Reads, instruments and compiles the QuickJS binary once per process. */
function fueledQuickJSWasm(): Promise<object> {
  fueledWasm ??= (async () => {
    const requireHere = createRequire(import.meta.url);
    const requireQuickJS = createRequire(requireHere.resolve("quickjs-emscripten"));
    const path = requireQuickJS.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
    const original = new Uint8Array(await readFile(path));
    const { bytes } = instrumentWasmFuel(original, {
      importModule: FUEL_MODULE,
      importName: FUEL_FUNCTION,
      initialFuel: FUEL_PER_CHECK,
    });
    return wasmApi.compile(bytes);
  })();
  fueledWasm.catch(() => {
    fueledWasm = undefined;
  });
  return fueledWasm;
}

export async function loadQuickJSEngine(options: LoadQuickJSEngineOptions): Promise<QuickJSEngine> {
  const wasm = await fueledQuickJSWasm();
  const state: { hardDeadline: number; poisoned: boolean; memory?: WasmMemory } = {
    hardDeadline: Number.POSITIVE_INFINITY,
    poisoned: false,
  };
  const refuel = () => {
    if (performance.now() > state.hardDeadline) throw new FuelExhausted();
    return FUEL_PER_CHECK;
  };
  const emscriptenModule = {
    // The glue prints engine aborts (a QuickJS assertion, handled by retiring the engine) to
    // stderr; a library stays quiet.
    print: () => {},
    printErr: () => {},
    instantiateWasm(imports: WasmImports, onSuccess: (instance: WasmInstance) => void) {
      const patched = patchImports(imports, options.nowMs, state);
      const instance = new wasmApi.Instance(wasm, {
        ...patched,
        [FUEL_MODULE]: { [FUEL_FUNCTION]: refuel },
      });
      onSuccess(instance);
      return instance.exports;
    },
  };
  const variant = newVariant(RELEASE_SYNC, { emscriptenModule });
  let module: QuickJSWASMModule;
  try {
    module = await newQuickJSWASMModuleFromVariant(variant);
  } catch (error) {
    if (error instanceof EngineSetupError) throw error;
    throw new EngineSetupError("the WebAssembly module failed to start", { cause: error });
  }
  const memory = state.memory;
  if (!memory) throw new EngineSetupError("the module imports no WebAssembly.Memory");
  return Object.assign(state, { module, memory });
}

/**
 * Replaces the two imports through which the host's clock and time zone reach QuickJS: the
 * emscripten `Date.now()` import (QuickJS's only source of the current time) and the
 * `localtime` import (the time-zone offset behind every local-time Date method, Date parsing and
 * `toString`). They are found by their source text because emscripten minifies import names.
 */
function patchImports(
  imports: WasmImports,
  nowMs: number,
  state: { memory?: WasmMemory },
): WasmImports {
  let clock = false;
  let localtime = false;
  const patched: WasmImports = {};
  for (const [moduleName, fields] of Object.entries(imports)) {
    const copy: Record<string, unknown> = { ...fields };
    for (const [name, value] of Object.entries(fields)) {
      if (value instanceof wasmApi.Memory) state.memory = value;
      if (typeof value !== "function") continue;
      const source = Function.prototype.toString.call(value).replace(/\s+/g, "");
      if (/^(function\(\)\{return|\(\)=>)Date\.now\(\)\}?$/.test(source)) {
        copy[name] = () => nowMs;
        clock = true;
      } else if (source.includes("getTimezoneOffset") && source.includes("getSeconds")) {
        copy[name] = (time: bigint | number, tmPtr: number) => {
          if (state.memory) writeUtcTm(state.memory, Number(time), tmPtr);
        };
        localtime = true;
      }
    }
    patched[moduleName] = copy;
  }
  if (!clock || !localtime) {
    throw new EngineSetupError(
      `emscripten glue without the expected ${clock ? "localtime" : "Date.now"} import`,
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
