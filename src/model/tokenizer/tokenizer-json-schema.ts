import { z } from "zod";

/**
 * The subset of Hugging Face `tokenizers`' tokenizer.json that describes a byte-level BPE
 * tokenizer (GPT-2's, or one this module trained). Features that would change encoding and are
 * not implemented here are refused by name rather than silently ignored.
 */
const unsupported = (what: string) => ({ error: `${what} is not supported` });

const byteLevelSchema = z.object({
  type: z.literal("ByteLevel"),
  add_prefix_space: z.literal(false, unsupported("add_prefix_space: true")).optional(),
  trim_offsets: z.boolean().optional(),
  use_regex: z.boolean().optional(),
});

/** As decoder or post-processor, ByteLevel only maps bytes back; its flags change nothing. */
const byteLevelAnySchema = z.object({
  type: z.literal("ByteLevel"),
  add_prefix_space: z.boolean().optional(),
  trim_offsets: z.boolean().optional(),
  use_regex: z.boolean().optional(),
});

const splitSchema = z.object({
  type: z.literal("Split"),
  pattern: z.object({ Regex: z.string() }, unsupported("a pattern other than { Regex }")),
  behavior: z.literal("Isolated", unsupported("a behavior other than Isolated")),
  invert: z.literal(false, unsupported("invert: true")).optional(),
});

const preTokenizerSchema = z.discriminatedUnion(
  "type",
  [
    byteLevelSchema,
    z.object({
      type: z.literal("Sequence"),
      pretokenizers: z.tuple([splitSchema, byteLevelSchema], {
        error: "a Sequence must be [Split, ByteLevel]",
      }),
    }),
  ],
  { error: "expected a ByteLevel or Sequence [Split, ByteLevel] pre-tokenizer" },
);

const addedTokenSchema = z.object({
  id: z.number().int().nonnegative(),
  content: z.string().min(1),
  single_word: z.literal(false, unsupported("single_word: true")).optional(),
  lstrip: z.literal(false, unsupported("lstrip: true")).optional(),
  rstrip: z.literal(false, unsupported("rstrip: true")).optional(),
  normalized: z.boolean().optional(),
  special: z.boolean(),
});

const bpeModelSchema = z.object({
  type: z.literal("BPE", { error: "only BPE models are supported" }).optional(),
  dropout: z.null(unsupported("dropout")).optional(),
  unk_token: z.string().nullable().optional(),
  continuing_subword_prefix: z
    .union([z.null(), z.literal("")], unsupported("continuing_subword_prefix"))
    .optional(),
  end_of_word_suffix: z
    .union([z.null(), z.literal("")], unsupported("end_of_word_suffix"))
    .optional(),
  fuse_unk: z.boolean().optional(),
  byte_fallback: z.literal(false, unsupported("byte_fallback: true")).optional(),
  ignore_merges: z.literal(false, unsupported("ignore_merges: true")).optional(),
  vocab: z.record(z.string(), z.number().int().nonnegative()),
  // "left right" (tokenizers < 0.20, and what we write) or ["left", "right"] (newer).
  merges: z.array(z.union([z.string(), z.tuple([z.string(), z.string()])])),
});

export const tokenizerJsonSchema = z.object({
  version: z.literal("1.0"),
  // Truncation and padding are batch settings of the HF runtime; they do not change encoding.
  truncation: z.unknown().optional(),
  padding: z.unknown().optional(),
  added_tokens: z.array(addedTokenSchema),
  normalizer: z.null(unsupported("a normalizer")),
  pre_tokenizer: preTokenizerSchema,
  post_processor: z
    .union([z.null(), byteLevelAnySchema], unsupported("a post-processor other than ByteLevel"))
    .optional(),
  decoder: byteLevelAnySchema,
  model: bpeModelSchema,
});

export type TokenizerJson = z.infer<typeof tokenizerJsonSchema>;
