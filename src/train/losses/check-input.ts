import { LossInputError } from "./errors/loss-input-error.js";
import type { Floats } from "./loss-fn.js";

const PER_TOKEN = ["logprobs", "mask", "refLogprobs", "oldLogprobs", "advantages"] as const;
const PER_SEQUENCE = ["rewards", "groups"] as const;

type Checked = { B: number; T: number } & {
  [K in (typeof PER_TOKEN)[number] | (typeof PER_SEQUENCE)[number]]?: ArrayLike<number>;
};

/**
 * Checks B and T and the length of every array present: (B, T) for per-token fields, (B) for
 * per-sequence ones. A mismatch is the caller's bug and would otherwise read past a row silently.
 */
export function checkInput(input: Checked): void {
  const { B, T } = input;
  if (!Number.isInteger(B) || B < 0)
    throw new LossInputError("B", `must be an integer ≥ 0, got ${B}`);
  if (!Number.isInteger(T) || T < 0)
    throw new LossInputError("T", `must be an integer ≥ 0, got ${T}`);
  for (const field of PER_TOKEN) {
    const a = input[field];
    if (a !== undefined && a.length !== B * T)
      throw new LossInputError(field, `length ${a.length}, expected B·T = ${B}·${T} = ${B * T}`);
  }
  for (const field of PER_SEQUENCE) {
    const a = input[field];
    if (a !== undefined && a.length !== B)
      throw new LossInputError(field, `length ${a.length}, expected B = ${B}`);
  }
}

/** The optional field `field`, which the algorithm `by` cannot do without. */
export function required<A extends Floats | Int32Array>(
  array: A | undefined,
  field: string,
  by: string,
): A {
  if (array === undefined) throw new LossInputError(field, `required by ${by}`);
  return array;
}

/**
 * The rewards of the sequences that take part must be finite: NaN compares false with
 * everything and would silently drop out of a ranking or poison a whole group's mean. Rows with
 * no masked-in token (`counts[b] = 0`) are not read, so a loop may leave NaN there for a
 * sequence its reward function skipped (`null`), as long as it masks that sequence out.
 *
 * @param rewards (B)
 * @param counts (B) masked-in tokens per sequence
 */
export function checkFiniteRewards(rewards: Floats, counts: Float64Array): void {
  for (let b = 0; b < rewards.length; b++)
    if (counts[b] > 0 && !Number.isFinite(rewards[b]))
      throw new LossInputError(`rewards[${b}]`, `must be finite, got ${rewards[b]}`);
}
