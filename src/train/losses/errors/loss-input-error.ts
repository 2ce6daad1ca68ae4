import { ToolgymError } from "../../../core/index.js";

/**
 * Arrays handed to a loss or an advantage estimator that cannot work: a length that disagrees
 * with (B, T), a field the algorithm needs that is missing, a non-finite reward. The training
 * loop's mistake, so it names the field and what was expected.
 */
export class LossInputError extends ToolgymError {
  override readonly name = "LossInputError";
  /** The offending field, e.g. `refLogprobs` or `rewards[3]`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
