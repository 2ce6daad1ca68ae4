import { z } from "zod";

/**
 * The shape of a built-in GPT. Field names are toolgym's; `loadModel`/`saveModel` translate
 * them to and from Hugging Face's GPT-2 config.json (`n_embd`, `n_layer`, …).
 */
export const modelConfigSchema = z
  .object({
    /** V: token ids are 0 … vocabSize-1. */
    vocabSize: z.number().int().positive(),
    /** Longest sequence (learned position embeddings exist for 0 … ctx-1). */
    ctx: z.number().int().positive(),
    /** C: width of the residual stream. */
    dModel: z.number().int().positive(),
    nLayer: z.number().int().positive(),
    nHead: z.number().int().positive(),
    /**
     * Smeared keys (Olsson et al. 2022, "In-context learning and induction heads"): each head's
     * key at position t is g·k_t + (1 − g)·k_{t−1}, with g = sigmoid(s) learned per layer and
     * head (`h.N.attn.smear`, initialized to 0: g = ½). A key that carries the token before it
     * lets one attention layer find "the token after the previous occurrence of this one", the
     * induction circuit that copying a name from the prompt needs, without first growing a
     * previous-token head in a layer below. Measured (scripts/experiments/induction-probe.py,
     * d128 × 4, copy a random segment, 500 steps): copy accuracy 0.85 with smeared keys, 0.05
     * without — but in the recipe no held-out gain (README, "What training does, measured").
     * Absent or false: a plain GPT-2.
     */
    smearKeys: z.boolean().optional(),
    /**
     * A copy head (a pointer, as in See et al. 2017's pointer-generator, for a decoder-only
     * model): besides the vocabulary head, the final states attend to the earlier final states
     * (query `copy.q`, key `copy.k`, both C × C) and put probability on the token that followed
     * each, mixed in by a learned gate: p(v) = g·softmax(logits)(v) + (1 − g)·Σ_{j<t, x_{j+1}=v} α_j,
     * g = sigmoid(z·`copy.gate.weight` + `copy.gate.bias`). A state like the one the model is in
     * now (the same current token, the same kind of slot) says what comes next: a name or a
     * number it has never seen is copied from the prompt by one attention at the top, instead of
     * by an induction circuit that a small model grows only after a long phase change. Absent or
     * false: a plain GPT-2.
     */
    copyHead: z.boolean().optional(),
    /**
     * The copy head's key at position j also reads the state of the token it would copy: k_j =
     * z_j·`copy.k` + z_{j+1}·`copy.kn` (C × C). z_j says which token came before the candidate;
     * z_{j+1} says what the candidate is and where it sits (the first digit of a value in a tool
     * output, say), which the first token of a copied span needs: measured on the recipe's dev
     * set, answers failed there almost always at their first token without it (README, "What
     * training does, measured"). Only with `copyHead`. Absent or false: keys read z_j alone.
     */
    copyKeyNext: z.boolean().optional(),
    /**
     * The copy head's scores get a learned bias for suffix matches up to this length (M): score
     * j of position t gets w_1 + … + w_m when the last m ids up to t are the last m up to j
     * (`copy.match.bias`, M weights, 0 at init). A span being copied then goes on from where it
     * was copied, by a match on ids, not by a circuit the model must grow (`SuffixMatch`). Only
     * with `copyHead`. Absent: no bias.
     */
    copyMatch: z.number().int().positive().max(255).optional(),
    /**
     * The copy head's gate also reads what the head points at: g_t = sigmoid(z_t·w_g + b_g +
     * Σ_j α_{t,j}·z_{j+1}·w_p) (`copy.gate.pointed.weight`, C), as the pointer-generator's gate
     * reads its attention's context (See et al. 2017). Where the pointer has reached the end of
     * a span (a `}` or `"` follows the copied value) the gate sees it and turns to the vocabulary
     * head, which ends the answer. Only with `copyHead`. Absent or false: the gate reads z_t.
     */
    copyGatePointed: z.boolean().optional(),
  })
  .refine((c) => c.copyKeyNext !== true || c.copyHead === true, {
    message: "copyKeyNext needs copyHead",
    path: ["copyKeyNext"],
  })
  .refine((c) => c.copyMatch === undefined || c.copyHead === true, {
    message: "copyMatch needs copyHead",
    path: ["copyMatch"],
  })
  .refine((c) => c.copyGatePointed !== true || c.copyHead === true, {
    message: "copyGatePointed needs copyHead",
    path: ["copyGatePointed"],
  })
  .refine((c) => c.dModel % c.nHead === 0, {
    message: "dModel must be a multiple of nHead",
    path: ["nHead"],
  });

export type ModelConfig = z.infer<typeof modelConfigSchema>;

/**
 * The fields of a Hugging Face GPT-2 config.json that the built-in model reads. Others are
 * ignored; the ones that would change the architecture are checked when present.
 */
export const hfGpt2ConfigSchema = z.looseObject({
  vocab_size: z.number().int().positive(),
  n_positions: z.number().int().positive(),
  n_embd: z.number().int().positive(),
  n_layer: z.number().int().positive(),
  n_head: z.number().int().positive(),
  /** HF's name for tanh-approximated GELU is "gelu_new" (or "gelu_pytorch_tanh"). */
  activation_function: z.enum(["gelu_new", "gelu_pytorch_tanh"]).optional(),
  layer_norm_epsilon: z.literal(1e-5).optional(),
  n_inner: z.number().int().positive().nullable().optional(),
  tie_word_embeddings: z.literal(true).optional(),
  /** toolgym's own key (not Hugging Face's): the model uses smeared keys (`smearKeys`). */
  toolgym_smear_keys: z.boolean().optional(),
  /** toolgym's own key (not Hugging Face's): the model has a copy head (`copyHead`). */
  toolgym_copy_head: z.boolean().optional(),
  /** toolgym's own key: the copy head's keys read the next state too (`copyKeyNext`). */
  toolgym_copy_key_next: z.boolean().optional(),
  /** toolgym's own key: the copy head's suffix-match bias has this many levels (`copyMatch`). */
  toolgym_copy_match: z.number().int().positive().max(255).optional(),
  /** toolgym's own key: the copy gate reads what the head points at (`copyGatePointed`). */
  toolgym_copy_gate_pointed: z.boolean().optional(),
});

export type HfGpt2Config = z.infer<typeof hfGpt2ConfigSchema>;

/**
 * The config.json `saveModel` writes: loadable by `transformers.GPT2LMHeadModel` — unless the
 * model has smeared keys or a copy head, which GPT-2 has not: such a config carries
 * `toolgym_smear_keys` / `toolgym_copy_head`, and transformers would drop the tensors it does not
 * know (`h.N.attn.smear`, `copy.*`) and compute another model.
 */
export function toHfGpt2Config(config: ModelConfig): Record<string, unknown> {
  return {
    architectures: ["GPT2LMHeadModel"],
    model_type: "gpt2",
    vocab_size: config.vocabSize,
    n_positions: config.ctx,
    n_ctx: config.ctx,
    n_embd: config.dModel,
    n_layer: config.nLayer,
    n_head: config.nHead,
    n_inner: null,
    activation_function: "gelu_new",
    layer_norm_epsilon: 1e-5,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
    tie_word_embeddings: true,
    ...(config.smearKeys === true ? { toolgym_smear_keys: true } : {}),
    ...(config.copyHead === true ? { toolgym_copy_head: true } : {}),
    ...(config.copyKeyNext === true ? { toolgym_copy_key_next: true } : {}),
    ...(config.copyMatch !== undefined ? { toolgym_copy_match: config.copyMatch } : {}),
    ...(config.copyGatePointed === true ? { toolgym_copy_gate_pointed: true } : {}),
  };
}

/** The built-in model's config from a parsed HF GPT-2 config. */
export function fromHfGpt2Config(hf: HfGpt2Config): ModelConfig {
  return {
    vocabSize: hf.vocab_size,
    ctx: hf.n_positions,
    dModel: hf.n_embd,
    nLayer: hf.n_layer,
    nHead: hf.n_head,
    ...(hf.toolgym_smear_keys === true ? { smearKeys: true } : {}),
    ...(hf.toolgym_copy_head === true ? { copyHead: true } : {}),
    ...(hf.toolgym_copy_key_next === true ? { copyKeyNext: true } : {}),
    ...(hf.toolgym_copy_match !== undefined ? { copyMatch: hf.toolgym_copy_match } : {}),
    ...(hf.toolgym_copy_gate_pointed === true ? { copyGatePointed: true } : {}),
  };
}
