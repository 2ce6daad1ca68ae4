/**
 * A tokenizer description (a tokenizer.json file, or a spec built in memory) that cannot be
 * used: malformed JSON, a missing or mistyped field, a merge naming an unknown token, or a
 * feature of Hugging Face `tokenizers` this implementation does not support.
 */
export class TokenizerFormatError extends Error {
  override readonly name = "TokenizerFormatError";
  /** The file (or "<memory>") the description came from. */
  readonly path: string;
  /** The offending field, as a JSON path such as `model.merges[12]`; "" for the whole file. */
  readonly field: string;
  readonly reason: string;

  constructor({ path, field, reason }: { path: string; field: string; reason: string }) {
    super(`${path}: ${field === "" ? "" : `${field}: `}${reason}`);
    this.path = path;
    this.field = field;
    this.reason = reason;
  }
}
