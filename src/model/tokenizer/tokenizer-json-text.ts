import { toTokenizerJson } from "./to-tokenizer-json.js";
import type { Tokenizer } from "./tokenizer.js";

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
