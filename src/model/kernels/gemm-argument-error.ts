/** A matrix product called with arguments that cannot work: the message names the argument. */
export class GemmArgumentError extends RangeError {
  override readonly name = "GemmArgumentError";
  /** Which argument is wrong: "a", "b", "c", "m", "n" or "k". */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(`sgemm: ${message}`);
    this.argument = argument;
  }
}
