import { readFile } from "node:fs/promises";
import { z } from "zod";
import { GPT2_PATTERN } from "./pre-tokenize.js";
import { Tokenizer } from "./tokenizer.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";

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

/**
 * Builds a tokenizer from a parsed tokenizer.json (ours, or a Hugging Face byte-level BPE such
 * as GPT-2's).
 *
 * @param source names the file in errors
 * @throws TokenizerFormatError naming `source` and the offending field
 */
export function parseTokenizerJson(json: unknown, source = "<memory>"): Tokenizer {
  const parsed = tokenizerJsonSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const more = parsed.error.issues.length - 1;
    throw new TokenizerFormatError({
      path: source,
      field: fieldName(issue.path),
      reason: `${issue.message}${more > 0 ? ` (and ${more} more problem${more > 1 ? "s" : ""})` : ""}`,
    });
  }
  const { added_tokens: addedTokens, model } = parsed.data;
  const fail = (field: string, reason: string): never => {
    throw new TokenizerFormatError({ path: source, field, reason });
  };

  const tokens: string[] = [];
  // Object.entries of the raw input: zod's record copy would lose a "__proto__" key.
  const rawVocab = (json as { model: { vocab: object } }).model.vocab;
  for (const [token, id] of Object.entries(rawVocab) as [string, number][]) {
    if (tokens[id] !== undefined) {
      fail(
        "model.vocab",
        `id ${id} is given to both ${JSON.stringify(tokens[id])} and ${JSON.stringify(token)}`,
      );
    }
    tokens[id] = token;
  }
  addedTokens.forEach(({ id, content }, i) => {
    // An added token may be in the vocabulary already (same id) or extend it.
    if (tokens[id] === undefined) tokens[id] = content;
    else if (tokens[id] !== content) {
      fail(
        `added_tokens[${i}]`,
        `id ${id} is ${JSON.stringify(tokens[id])} in model.vocab, not ${JSON.stringify(content)}`,
      );
    }
  });
  for (let id = 0; id < tokens.length; id++) {
    if (tokens[id] === undefined)
      fail("model.vocab", `no token has id ${id} (ids must be 0 … ${tokens.length - 1})`);
  }

  const merges = model.merges.map((merge, i): [string, string] => {
    if (typeof merge !== "string") return merge;
    const parts = merge.split(" ");
    if (parts.length !== 2)
      fail(`model.merges[${i}]`, `${JSON.stringify(merge)} is not "left right"`);
    return [parts[0], parts[1]];
  });

  return new Tokenizer(
    {
      tokens,
      merges,
      addedTokens: addedTokens.map(({ id, content, special }) => ({ id, content, special })),
      pattern: patternOf(parsed.data.pre_tokenizer, fail),
    },
    source,
  );
}

function patternOf(
  preTokenizer: TokenizerJson["pre_tokenizer"],
  fail: (field: string, reason: string) => never,
): string {
  if (preTokenizer.type === "ByteLevel") {
    // ByteLevel with use_regex (the default) splits by GPT-2's regex itself.
    if (preTokenizer.use_regex === false)
      return fail("pre_tokenizer.use_regex", "false leaves nothing to split words");
    return GPT2_PATTERN;
  }
  const [split, byteLevel] = preTokenizer.pretokenizers;
  if (byteLevel.use_regex !== false) {
    return fail(
      "pre_tokenizer.pretokenizers[1].use_regex",
      "must be false after a Split (two regex splits are not supported)",
    );
  }
  return split.pattern.Regex;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/**
 * Reads a Hugging Face tokenizer.json (byte-level BPE).
 * @throws TokenizerFormatError naming the file and field when the content is unusable
 */
export async function loadTokenizer(path: string): Promise<Tokenizer> {
  const text = await readFile(path, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TokenizerFormatError({
      path,
      field: "",
      reason: `not valid JSON: ${(error as Error).message}`,
    });
  }
  return parseTokenizerJson(json, path);
}
