import { writeFileAtomic } from "../checkpoint/write-file-atomic.js";
import type { TokenizerJson } from "./load-tokenizer.js";
import type { Tokenizer } from "./tokenizer.js";

/**
 * Describes a tokenizer as a Hugging Face tokenizer.json object (write it with JSON.stringify;
 * `saveTokenizer` does). The layout follows what `tokenizers` itself saves for a byte-level BPE:
 * the pre-tokenizer regex as a `Split` (behaviour Isolated) before a regex-less `ByteLevel`,
 * special tokens both in `added_tokens` and in `model.vocab` with the same ids, and merges as
 * "left right" strings, the form every `tokenizers` version reads (byte-level tokens never
 * contain a space, so the split is unambiguous).
 */
export function toTokenizerJson(tokenizer: Tokenizer): TokenizerJson {
  const { tokens, merges, addedTokens, pattern } = tokenizer.spec;
  // A null prototype, so a token spelled "__proto__" is stored as a key like any other.
  const vocab: Record<string, number> = Object.create(null);
  tokens.forEach((token, id) => {
    vocab[token] = id;
  });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: addedTokens.map(({ id, content, special }) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special,
    })),
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: pattern }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map(([left, right]) => `${left} ${right}`),
    },
  };
}

const VOCAB_PLACEHOLDER = "\u0000vocab\u0000";

/**
 * The tokenizer.json text of `tokenizer`, pretty-printed like `tokenizers` saves it.
 *
 * Why not plain JSON.stringify: JavaScript objects list integer-like keys ("0" … "9") first,
 * so the vocabulary would not be in id order; it is written here by hand, in id order.
 */
export function tokenizerJsonText(tokenizer: Tokenizer): string {
  const json = toTokenizerJson(tokenizer);
  const text = JSON.stringify(
    { ...json, model: { ...json.model, vocab: VOCAB_PLACEHOLDER } },
    null,
    2,
  );
  const entries = tokenizer.spec.tokens.map((token, id) => `      ${JSON.stringify(token)}: ${id}`);
  const vocab = entries.length === 0 ? "{}" : `{\n${entries.join(",\n")}\n    }`;
  return `${text.replace(JSON.stringify(VOCAB_PLACEHOLDER), () => vocab)}\n`;
}

/** Writes `tokenizer` to `path` as a Hugging Face tokenizer.json, atomically. */
export async function saveTokenizer(path: string, tokenizer: Tokenizer): Promise<void> {
  await writeFileAtomic(path, tokenizerJsonText(tokenizer));
}
