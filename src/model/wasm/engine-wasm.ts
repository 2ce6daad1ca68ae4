import { ENGINE_WASM_BASE64 } from "./engine-wasm-bytes.js";

/** The parts of the WebAssembly JS API used here (the project's TypeScript lib has no DOM). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmGlobal {
  readonly value: unknown;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The exports of the element-wise WebAssembly kernels (src/model/wasm/*.c). Pointers are byte
 * offsets into the arena's memory (`view.byteOffset`); 0 stands for a null pointer.
 */
export interface EngineExports {
  readonly __heap_base: WasmGlobal;
  embedding_forward(
    out: number,
    tokens: number,
    wte: number,
    wpe: number,
    B: number,
    T: number,
    C: number,
  ): void;
  embedding_backward(
    dwte: number,
    dwpe: number,
    dout: number,
    tokens: number,
    B: number,
    T: number,
    C: number,
  ): void;
  embedding_rows(
    out: number,
    tokens: number,
    positions: number,
    wte: number,
    wpe: number,
    R: number,
    C: number,
  ): void;
  layernorm_forward(
    out: number,
    mean: number,
    rstd: number,
    inp: number,
    w: number,
    b: number,
    N: number,
    C: number,
  ): void;
  layernorm_backward(
    dinp: number,
    dw: number,
    db: number,
    dout: number,
    inp: number,
    w: number,
    mean: number,
    rstd: number,
    N: number,
    C: number,
  ): void;
  bias_rows(out: number, bias: number, residual: number, N: number, O: number): void;
  column_sum_add(dst: number, src: number, N: number, O: number): void;
  gelu_bias_forward(
    pre: number,
    tanh: number,
    out: number,
    bias: number,
    N: number,
    O: number,
  ): void;
  gelu_backward(dinp: number, dout: number, inp: number, tanh: number, M: number): void;
  split_heads_bias(
    qkvr: number,
    kvt: number,
    qkv: number,
    bias: number,
    B: number,
    T: number,
    C: number,
    H: number,
  ): void;
  split_heads(dst: number, src: number, B: number, T: number, C: number, H: number): void;
  merge_heads(dst: number, src: number, B: number, T: number, C: number, H: number): void;
  merge_heads_qkv(dst: number, src: number, B: number, T: number, C: number, H: number): void;
  causal_softmax_forward(att: number, BH: number, T: number): void;
  causal_softmax_backward(d: number, p: number, BH: number, T: number): void;
  target_logprob_forward(
    logprobs: number,
    probs: number,
    logits: number,
    targets: number,
    mask: number,
    N: number,
    V: number,
  ): void;
  target_logprob_backward(
    dlogits: number,
    dlogprobs: number,
    probs: number,
    targets: number,
    mask: number,
    N: number,
    V: number,
  ): void;
  adamw_update(
    params: number,
    grads: number,
    m: number,
    v: number,
    n: number,
    beta1: number,
    beta2: number,
    eps: number,
    shrink: number,
    stepSize: number,
    bc2Sqrt: number,
  ): void;
  cached_attention_forward(
    out: number,
    qkv: number,
    kCache: number,
    vCache: number,
    seqs: number,
    positions: number,
    scores: number,
    R: number,
    C: number,
    H: number,
    L: number,
  ): void;
}

let compiled: object | undefined;

/** Compiles the kernels once per process (about 16 kB; milliseconds). */
function engineModule(): object {
  compiled ??= new WebAssemblyApi.Module(Buffer.from(ENGINE_WASM_BASE64, "base64"));
  return compiled;
}

/** A shared memory of up to 4 GiB (what the module declares), `pages` × 64 KiB to start. */
export function createEngineMemory(pages: number): WasmMemory {
  return new WebAssemblyApi.Memory({ initial: pages, maximum: 65536, shared: true });
}

/** Instantiates the kernels on `memory`. */
export function instantiateEngine(memory: WasmMemory): EngineExports {
  const instance = new WebAssemblyApi.Instance(engineModule(), { env: { memory } });
  return instance.exports as EngineExports;
}
