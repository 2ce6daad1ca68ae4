export { loadTokenizer, parseTokenizerJson, type TokenizerJson } from "./load-tokenizer.js";
export {
  type DigitSplitting,
  GPT2_INDIVIDUAL_DIGITS_PATTERN,
  GPT2_PATTERN,
  preTokenizerPattern,
  SEPARATE_SPACES_PATTERN,
  type SpaceSplitting,
} from "./pre-tokenize.js";
export { saveTokenizer, tokenizerJsonText, toTokenizerJson } from "./save-tokenizer.js";
export { type DecodeOptions, type EncodeOptions, Tokenizer } from "./tokenizer.js";
export { TokenizerFormatError } from "./tokenizer-format-error.js";
export type { AddedToken, TokenizerSpec } from "./tokenizer-spec.js";
export { byteToUnicode, DEFAULT_SPECIAL_TOKENS, unicodeToByte } from "./tokenizer-spec.js";
export { type TrainBpeOptions, trainBpe } from "./train-bpe.js";
