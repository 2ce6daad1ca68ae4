/**
 * The part of the WebAssembly JS API the sandbox engine uses. TypeScript declares it only in the
 * DOM library, which this Node package does not load.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** An exported mutable global (`WebAssembly.Global`). */
export interface WasmGlobal {
  value: number;
}

export type WasmImports = Record<string, Record<string, unknown>>;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: WasmImports) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes in a WebAssembly page. */
export const WASM_PAGE_BYTES = 65_536;
