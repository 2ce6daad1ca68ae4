import type { ModelConfig } from "./model-config.js";
import { parameterLayout } from "./parameter-layout.js";

/** Views of one transformer block's parameters (or of their gradients). */
export interface BlockTensors {
  readonly ln1w: Float32Array;
  readonly ln1b: Float32Array;
  /** (C, 3C): columns are q | k | v, each split into heads of C / nHead. */
  readonly qkvw: Float32Array;
  readonly qkvb: Float32Array;
  /** (C, C) */
  readonly projw: Float32Array;
  readonly projb: Float32Array;
  /** (H) the smeared keys' gates before the sigmoid; empty when the model has none. */
  readonly smear: Float32Array;
  readonly ln2w: Float32Array;
  readonly ln2b: Float32Array;
  /** (C, 4C) */
  readonly fcw: Float32Array;
  readonly fcb: Float32Array;
  /** (4C, C) */
  readonly outw: Float32Array;
  readonly outb: Float32Array;
}

/** Views of every parameter of the GPT, laid out as `parameterLayout` says. */
export interface GptTensors {
  /** (V, C), also the output head (tied). */
  readonly wte: Float32Array;
  /** (ctx, C) */
  readonly wpe: Float32Array;
  readonly blocks: readonly BlockTensors[];
  readonly lnfw: Float32Array;
  readonly lnfb: Float32Array;
  /** The copy head (`ModelConfig.copyHead`), empty arrays when the model has none: (C, C) query
   * and key maps of the final states, (C) and (1) the gate's weight and bias. */
  readonly copyQ: Float32Array;
  readonly copyK: Float32Array;
  readonly copyGateW: Float32Array;
  readonly copyGateB: Float32Array;
  /** (C, C) the next state's key map (`ModelConfig.copyKeyNext`), empty when the model has none. */
  readonly copyKn: Float32Array;
  /** (M) the suffix-match bias's weights (`ModelConfig.copyMatch`), empty when the model has none. */
  readonly copyMatch: Float32Array;
  /** (C) the gate's map of the pointed-at states (`ModelConfig.copyGatePointed`), else empty. */
  readonly copyGateP: Float32Array;
}

/** Slices `flat` (parameters, gradients or any array of the same layout) into named views. */
export function gptTensors(flat: Float32Array, config: ModelConfig): GptTensors {
  const byName = new Map<string, Float32Array>();
  for (const spec of parameterLayout(config)) {
    byName.set(spec.name, flat.subarray(spec.offset, spec.offset + spec.size));
  }
  const get = (name: string): Float32Array => byName.get(name)!;
  const blocks: BlockTensors[] = [];
  for (let i = 0; i < config.nLayer; i++) {
    const p = `h.${i}.`;
    blocks.push({
      ln1w: get(`${p}ln_1.weight`),
      ln1b: get(`${p}ln_1.bias`),
      qkvw: get(`${p}attn.c_attn.weight`),
      qkvb: get(`${p}attn.c_attn.bias`),
      projw: get(`${p}attn.c_proj.weight`),
      projb: get(`${p}attn.c_proj.bias`),
      smear: byName.get(`${p}attn.smear`) ?? new Float32Array(0),
      ln2w: get(`${p}ln_2.weight`),
      ln2b: get(`${p}ln_2.bias`),
      fcw: get(`${p}mlp.c_fc.weight`),
      fcb: get(`${p}mlp.c_fc.bias`),
      outw: get(`${p}mlp.c_proj.weight`),
      outb: get(`${p}mlp.c_proj.bias`),
    });
  }
  return {
    wte: get("wte.weight"),
    wpe: get("wpe.weight"),
    blocks,
    lnfw: get("ln_f.weight"),
    lnfb: get("ln_f.bias"),
    copyQ: byName.get("copy.q.weight") ?? new Float32Array(0),
    copyK: byName.get("copy.k.weight") ?? new Float32Array(0),
    copyGateW: byName.get("copy.gate.weight") ?? new Float32Array(0),
    copyGateB: byName.get("copy.gate.bias") ?? new Float32Array(0),
    copyKn: byName.get("copy.kn.weight") ?? new Float32Array(0),
    copyMatch: byName.get("copy.match.bias") ?? new Float32Array(0),
    copyGateP: byName.get("copy.gate.pointed.weight") ?? new Float32Array(0),
  };
}
