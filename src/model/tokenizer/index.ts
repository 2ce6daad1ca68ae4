export { byteToUnicode, unicodeToByte } from "./byte-to-unicode.js";
export { DEFAULT_SPECIAL_TOKENS } from "./default-special-tokens.js";
export { loadTokenizer } from "./load-tokenizer.js";
export { parseTokenizerJson } from "./parse-tokenizer-json.js";
export {
  type DigitSplitting,
  GPT2_INDIVIDUAL_DIGITS_PATTERN,
  GPT2_PATTERN,
  preTokenizerPattern,
} from "./pre-tokenizer-pattern.js";
export { saveTokenizer } from "./save-tokenizer.js";
export { toTokenizerJson } from "./to-tokenizer-json.js";
export { type DecodeOptions, type EncodeOptions, Tokenizer } from "./tokenizer.js";
export { TokenizerFormatError } from "./tokenizer-format-error.js";
export type { TokenizerJson } from "./tokenizer-json-schema.js";
export { tokenizerJsonText } from "./tokenizer-json-text.js";
export type { AddedToken, TokenizerSpec } from "./tokenizer-spec.js";
export { type TrainBpeOptions, trainBpe } from "./train-bpe.js";
