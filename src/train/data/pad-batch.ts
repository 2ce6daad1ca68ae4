/** A token sequence to train on: `lossMask[i]` says whether `ids[i]` is trained (predicted). */
export interface TokenSequence {
  readonly ids: readonly number[];
  readonly lossMask: readonly number[];
  /** log-probs the ids were sampled with (0 where the mask is 0), for on-policy losses. */
  readonly logprobs?: readonly number[];
}

/**
 * A padded batch in the model's layout. Shapes: B = batch, T = time.
 * Position t of row b predicts id t+1 of sequence b from ids 0…t.
 */
export interface TrainBatch {
  /** @param tokens (B, T) input ids: ids[0 … T−1], padded */
  readonly tokens: Int32Array;
  /** @param targets (B, T) the next ids: ids[1 … T], padded */
  readonly targets: Int32Array;
  /** @param mask (B, T) lossMask of the target (1 = trained), 0 on padding */
  readonly mask: Float32Array;
  /** @param logprobs (B, T) sampled log-prob of the target, when every sequence has them */
  readonly logprobs?: Float32Array;
  readonly B: number;
  readonly T: number;
}

export interface PadBatchOptions {
  /** Time steps; default the longest sequence's length − 1. */
  readonly T?: number;
  /** Id written into padding (never trained: its mask is 0). Default 1, `<|pad|>`. */
  readonly padId?: number;
}

/**
 * Right-pads sequences into one (B, T) batch for `Gpt.forward` and the losses: inputs are each
 * sequence but its last id, targets the sequence shifted by one, and the mask the target's loss
 * mask — so the first id of a sequence is never a target (nothing precedes it). Padding gets
 * mask 0; attention is causal, so it never changes the real positions.
 *
 * @throws RangeError when a sequence has more than T + 1 ids, or fewer than 2
 *
 * @example
 * const batch = padBatch(examples.map((e) => tokenizeChat({ ...e, tokenizer })));
 * const { logprobs } = model.forward(batch);
 */
export function padBatch(
  sequences: readonly TokenSequence[],
  options: PadBatchOptions = {},
): TrainBatch {
  const longest = Math.max(0, ...sequences.map((s) => s.ids.length));
  const { T = longest - 1, padId = 1 } = options;
  const B = sequences.length;
  if (B === 0) throw new RangeError("padBatch needs at least one sequence");
  const tokens = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(padId);
  const mask = new Float32Array(B * T);
  const withLogprobs = sequences.every((s) => s.logprobs !== undefined);
  const logprobs = withLogprobs ? new Float32Array(B * T) : undefined;
  sequences.forEach(({ ids, lossMask, logprobs: lp }, b) => {
    if (ids.length < 2 || ids.length > T + 1) {
      throw new RangeError(`sequence ${b} has ${ids.length} ids; a batch row takes 2 … ${T + 1}`);
    }
    if (lossMask.length !== ids.length || (lp !== undefined && lp.length !== ids.length)) {
      throw new RangeError(`sequence ${b}: ids, lossMask and logprobs differ in length`);
    }
    for (let t = 0; t < ids.length - 1; t++) {
      tokens[b * T + t] = ids[t];
      targets[b * T + t] = ids[t + 1];
      mask[b * T + t] = lossMask[t + 1] === 0 ? 0 : 1;
      if (logprobs !== undefined && lp !== undefined) logprobs[b * T + t] = lp[t + 1];
    }
  });
  return logprobs === undefined
    ? { tokens, targets, mask, B, T }
    : { tokens, targets, mask, logprobs, B, T };
}
