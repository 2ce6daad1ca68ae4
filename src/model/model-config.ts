import { z } from "zod";

/**
 * The shape of a built-in GPT. Field names are toolgym's; `load-model`/`save-model` translate
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
