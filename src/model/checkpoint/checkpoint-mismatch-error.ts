export interface ShapeMismatch {
  readonly name: string;
  readonly expected: readonly number[];
  readonly actual: readonly number[];
}

/**
 * A readable checkpoint that does not fit the model asking for it. Every difference is listed
 * at once — tensors missing, tensors not expected, tensors of the wrong shape — so one run
 * shows everything to fix (typically a config.json that does not match the weights).
 */
export class CheckpointMismatchError extends Error {
  override readonly name = "CheckpointMismatchError";
  readonly path: string;
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  readonly wrongShape: readonly ShapeMismatch[];

  constructor({
    path,
    missing,
    unexpected,
    wrongShape,
  }: {
    path: string;
    missing: readonly string[];
    unexpected: readonly string[];
    wrongShape: readonly ShapeMismatch[];
  }) {
    const lines = [
      ...missing.map((name) => `  missing: ${name}`),
      ...unexpected.map((name) => `  unexpected: ${name}`),
      ...wrongShape.map(
        ({ name, expected, actual }) =>
          `  wrong shape: ${name} is [${actual.join(", ")}], expected [${expected.join(", ")}]`,
      ),
    ];
    const count = lines.length;
    super(
      `${path}: ${count} tensor mismatch${count === 1 ? "" : "es"} with the model:\n${lines.join("\n")}`,
    );
    this.path = path;
    this.missing = missing;
    this.unexpected = unexpected;
    this.wrongShape = wrongShape;
  }
}
