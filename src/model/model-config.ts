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
});

export type HfGpt2Config = z.infer<typeof hfGpt2ConfigSchema>;

/** The config.json `saveModel` writes: loadable by `transformers.GPT2LMHeadModel`. */
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
  };
}
