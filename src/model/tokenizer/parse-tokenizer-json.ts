import { GPT2_PATTERN } from "./pre-tokenizer-pattern.js";
import { Tokenizer } from "./tokenizer.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";
import { type TokenizerJson, tokenizerJsonSchema } from "./tokenizer-json-schema.js";

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
