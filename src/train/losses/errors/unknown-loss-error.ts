import { ToolgymError } from "../../../core/index.js";

/** A loss name that is not in the registry (a typo in `--algo` or a config file). */
export class UnknownLossError extends ToolgymError {
  override readonly name = "UnknownLossError";
  readonly lossName: string;
  readonly validNames: readonly string[];

  constructor(lossName: string, validNames: readonly string[]) {
    super(`unknown loss "${lossName}"; valid losses: ${validNames.join(", ")}`);
    this.lossName = lossName;
    this.validNames = validNames;
  }
}
