import {
  createEngineMemory,
  type EngineExports,
  instantiateEngine,
  type WasmMemory,
} from "./wasm/engine-wasm.js";

const PAGE = 65536;
/** 64-byte alignment: a cache line, and more than any SIMD load needs. */
const ALIGN = 64;

/**
 * One model's memory: a shared WebAssembly memory that every parameter, gradient, activation
 * and cache of the model lives in, so the WebAssembly kernels can reach them all by pointer and
 * the matrix kernel (OpenBLAS or TypeScript) can read them as ordinary Float32Arrays.
 *
 * Allocation only bumps a pointer and never frees: a model allocates its parameters once and
 * its activations once per largest batch shape, and the memory goes with the model. Growing a
 * shared memory keeps every earlier view valid, which is why it is shared.
 *
 * Hazard: a kernel given a view that is not from this arena reads whatever sits at that byte
 * offset here. Inputs from callers are therefore copied into arena buffers first.
 */
export class Arena {
  readonly memory: WasmMemory;
  readonly wasm: EngineExports;
  private top: number;

  constructor() {
    // Two pages hold the kernels' stack; the arena grows from there.
    this.memory = createEngineMemory(2);
    this.wasm = instantiateEngine(this.memory);
    // The kernels' own stack sits below __heap_base; the arena starts above it.
    this.top = align(this.wasm.__heap_base.value as number);
  }

  /** Bytes handed out so far. */
  get used(): number {
    return this.top;
  }

  // `take` first: it may grow the memory, and only the buffer read after that covers the new bytes.
  f32(length: number): Float32Array {
    const offset = this.take(length * 4);
    return new Float32Array(this.memory.buffer, offset, length);
  }

  i32(length: number): Int32Array {
    const offset = this.take(length * 4);
    return new Int32Array(this.memory.buffer, offset, length);
  }

  u8(length: number): Uint8Array {
    const offset = this.take(length);
    return new Uint8Array(this.memory.buffer, offset, length);
  }

  private take(bytes: number): number {
    const start = this.top;
    const end = align(start + bytes);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    return start;
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
