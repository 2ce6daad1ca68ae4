/**
 * An input the built-in model cannot take: a token id outside the vocabulary, a sequence longer
 * than the context, arrays whose lengths disagree with the stated shape. The caller's mistake, so
 * it says which argument and what was expected.
 */
export class ModelInputError extends Error {
  override readonly name = "ModelInputError";
  /** The offending argument, e.g. `tokens` or `config.nHead`. */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}
