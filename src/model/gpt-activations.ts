import type { Arena } from "./arena.js";
import type { ModelConfig } from "./model-config.js";

/**
 * What one forward pass keeps for its backward pass, and the scratch both passes use.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H.
 */
export interface LayerActivations {
  /** (B, T, C) */
  readonly ln1: Float32Array;
  /** (B, T) */
  readonly ln1Mean: Float32Array;
  /** (B, T) */
  readonly ln1Rstd: Float32Array;
  /** (3, B, H, T, D) */
  readonly qkvr: Float32Array;
  /** (2, B, H, D, T) keys and values transposed */
  readonly kvt: Float32Array;
  /** (B, H, T, T) */
  readonly att: Float32Array;
  /** (B, T, C) keys before smearing (empty when the model has no smeared keys) */
  readonly kraw: Float32Array;
  /** (B, T, C) attention output, heads concatenated (c_proj input) */
  readonly atty: Float32Array;
  /** (B, T, C) residual stream after attention */
  readonly res2: Float32Array;
  /** (B, T, C) */
  readonly ln2: Float32Array;
  /** (B, T) */
  readonly ln2Mean: Float32Array;
  /** (B, T) */
  readonly ln2Rstd: Float32Array;
  /** (B, T, 4C) c_fc output (GELU input) */
  readonly fch: Float32Array;
  /** (B, T, 4C) tanh term of the GELU */
  readonly fct: Float32Array;
  /** (B, T, 4C) GELU output (mlp.c_proj input) */
  readonly fcg: Float32Array;
  /** (B, T, C) residual stream after the MLP: the block's output */
  readonly res3: Float32Array;
}

export interface ActivationViews {
  readonly B: number;
  readonly T: number;
  /** (B, T) copy of the input ids */
  readonly tokens: Int32Array;
  /** (B, T) copy of the target ids */
  readonly targets: Int32Array;
  /** (B, T) copy of the mask, 0 or 1 */
  readonly mask: Uint8Array;
  /** (B, T) copy of ∂loss/∂logprobs */
  readonly dlogprobs: Float32Array;
  /** (B, T, C) token + position embeddings: block 0's input */
  readonly encoded: Float32Array;
  readonly layers: readonly LayerActivations[];
  /** (B, T, C) */
  readonly lnf: Float32Array;
  /** (B, T) */
  readonly lnfMean: Float32Array;
  /** (B, T) */
  readonly lnfRstd: Float32Array;
  /** (B, T, V) */
  readonly logits: Float32Array;
  /** (B, T) */
  readonly logprobs: Float32Array;
  /** (B, T, 3C) c_attn output, then its gradient */
  readonly qkv: Float32Array;
  /** (B, H, T, D) attention output per head, then its gradient */
  readonly yr: Float32Array;
  /** (B, T, C) gradient flowing down the residual stream */
  readonly dres: Float32Array;
  /** (B, T, C) gradient of a LayerNorm output or of the attention output */
  readonly dln: Float32Array;
  /** (B, T, 4C) gradient of the GELU output, then of its input */
  readonly dfc: Float32Array;
  /** (3, B, H, T, D) */
  readonly dqkvr: Float32Array;
  /** (B, H, T, T) */
  readonly datt: Float32Array;
  /** (B, T, V) softmax of the logits after the forward pass, their gradient after the backward */
  readonly dlogits: Float32Array;
  /** The copy head's (`ModelConfig.copyHead`; empty when the model has none), see `CopyHeadActivations`. */
  readonly copyQ: Float32Array;
  readonly copyK: Float32Array;
  readonly copyAlpha: Float32Array;
  readonly copyGate: Float32Array;
  readonly copyVocabLogprob: Float32Array;
  readonly copyProb: Float32Array;
  readonly copyDk: Float32Array;
  readonly copyDz: Float32Array;
  readonly copyKn: Float32Array;
  readonly copyPointed: Float32Array;
  readonly copyPointedGrad: Float32Array;
}

type FloatKeys = Exclude<
  keyof ActivationViews,
  "B" | "T" | "layers" | "tokens" | "targets" | "mask"
>;
type Sizes = { [K in FloatKeys]: number } & { layer: { [K in keyof LayerActivations]: number } };

function sizes(config: ModelConfig, B: number, T: number): Sizes {
  const { dModel: C, nHead: H, vocabSize: V } = config;
  const N = B * T;
  return {
    encoded: N * C,
    lnf: N * C,
    lnfMean: N,
    lnfRstd: N,
    logits: N * V,
    logprobs: N,
    qkv: 3 * N * C,
    yr: N * C,
    dres: N * C,
    dln: N * C,
    dfc: 4 * N * C,
    dqkvr: 3 * N * C,
    datt: B * H * T * T,
    dlogits: N * V,
    dlogprobs: N,
    ...copyHeadSizes(
      config.copyHead === true ? 1 : 0,
      config.copyKeyNext === true ? 1 : 0,
      config.copyGatePointed === true ? 1 : 0,
      B,
      T,
      C,
    ),
    layer: {
      ln1: N * C,
      ln1Mean: N,
      ln1Rstd: N,
      qkvr: 3 * N * C,
      kvt: 2 * N * C,
      att: B * H * T * T,
      kraw: config.smearKeys === true ? N * C : 0,
      atty: N * C,
      res2: N * C,
      ln2: N * C,
      ln2Mean: N,
      ln2Rstd: N,
      fch: 4 * N * C,
      fct: 4 * N * C,
      fcg: 4 * N * C,
      res3: N * C,
    },
  };
}

function copyHeadSizes(on: number, next: number, pointed: number, B: number, T: number, C: number) {
  const N = B * T;
  return {
    copyQ: on * N * C,
    copyK: on * N * C,
    copyAlpha: on * B * T * T,
    copyGate: on * N,
    copyVocabLogprob: on * N,
    copyProb: on * N,
    copyDk: on * N * C,
    copyDz: on * N * C,
    copyKn: next * N * C,
    copyPointed: pointed * N,
    copyPointedGrad: pointed * N,
  };
}

/**
 * Activation memory in the model's arena, allocated for the largest (B, T) seen so far and
 * reused: a smaller batch works in a prefix of each buffer (its (B, T, …) layout is contiguous
 * there), so variable-length training batches allocate nothing after the first large one.
 * Start with the largest shape where you can: a buffer that must grow leaves its old space behind.
 */
export class GptActivations {
  private readonly config: ModelConfig;
  private readonly arena: Arena;
  private readonly backing = new Map<string, Float32Array | Int32Array | Uint8Array>();
  private current: ActivationViews | undefined;

  constructor(config: ModelConfig, arena: Arena) {
    this.config = config;
    this.arena = arena;
  }

  /** Views for a (B, T) batch; allocates only when a buffer must grow. */
  forShape(B: number, T: number): ActivationViews {
    if (this.current && this.current.B === B && this.current.T === T) return this.current;
    const s = sizes(this.config, B, T);
    const f32 = (key: string, size: number): Float32Array =>
      this.view(key, size, (n) => this.arena.f32(n));
    const layers: LayerActivations[] = [];
    for (let l = 0; l < this.config.nLayer; l++) {
      const entries = Object.entries(s.layer).map(([k, n]) => [k, f32(`${l}.${k}`, n)]);
      layers.push(Object.fromEntries(entries) as unknown as LayerActivations);
    }
    const { layer: _layer, ...top } = s;
    const floats = Object.fromEntries(Object.entries(top).map(([k, n]) => [k, f32(k, n)]));
    const N = B * T;
    this.current = {
      ...(floats as { [K in FloatKeys]: Float32Array }),
      B,
      T,
      layers,
      tokens: this.view("tokens", N, (n) => this.arena.i32(n)),
      targets: this.view("targets", N, (n) => this.arena.i32(n)),
      mask: this.view("mask", N, (n) => this.arena.u8(n)),
    };
    return this.current;
  }

  private view<A extends Float32Array | Int32Array | Uint8Array>(
    key: string,
    size: number,
    alloc: (n: number) => A,
  ): A {
    let buf = this.backing.get(key) as A | undefined;
    if (!buf || buf.length < size) {
      // The arena never frees: growing at least twofold keeps what outgrown buffers waste below
      // the size of the final ones, however the batch shapes creep up.
      buf = alloc(Math.max(size, 2 * (buf?.length ?? 0)));
      this.backing.set(key, buf);
    }
    return buf.subarray(0, size) as A;
  }
}
