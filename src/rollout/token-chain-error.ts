import { ToolgymError } from "../core/index.js";

/**
 * A policy's turns do not form one token sequence: a turn's context does not begin with the
 * previous turn's context and sampled ids. The policy re-rendered or cut its history, so no
 * single sequence is what the model saw; training on a guess would be wrong, so this is a bug
 * in the policy to fix, not data to keep.
 */
export class TokenChainError extends ToolgymError {
  override readonly name = "TokenChainError";
  /** Index (among the turns with tokens) of the turn whose context breaks the chain. */
  readonly turn: number;
  /** First position where its context differs from the sequence so far. */
  readonly position: number;

  constructor(options: { turn: number; position: number }) {
    super(
      `turn ${options.turn}'s context differs from the tokens so far at position ${options.position}: the policy must keep its earlier turns verbatim`,
    );
    this.turn = options.turn;
    this.position = options.position;
  }
}
