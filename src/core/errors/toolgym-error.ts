/**
 * Base of every error toolgym throws at the operator (a bad file, a bad option, a dead endpoint).
 * Mistakes of the policy never throw: they become observations (see env).
 */
export class ToolgymError extends Error {
  override readonly name: string = "ToolgymError";
}
