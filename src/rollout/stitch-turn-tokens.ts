import type { Trajectory } from "../core/index.js";
import type { PolicyTokens } from "../policy/index.js";
import { TokenChainError } from "./token-chain-error.js";

type TrajectoryTokens = NonNullable<Trajectory["tokens"]>;

/**
 * Joins the turns of a token-sampling policy into one trajectory sequence: the last turn's
 * context followed by its sampled ids, `loss_mask` 1 exactly on the ids some turn sampled
 * (with their log-probs) and 0 on everything the policy was given (prompt, tool outputs,
 * headers; log-prob 0 there). Each turn's context must begin with the previous turn's context
 * and sampled ids — checked id by id — so the sequence is exactly what the model read and
 * wrote. Turns without `promptIds` took no part and are skipped; tool outputs after the last
 * sampled turn are not in the sequence (nothing was sampled after them).
 *
 * @returns undefined when no turn has tokens with `promptIds`
 * @throws TokenChainError when a turn's context is not an extension of the sequence so far
 *
 * @example
 * stitchTurnTokens([
 *   { promptIds: [1, 2], ids: [3, 4], logprobs: [-0.5, -0.25] },
 *   { promptIds: [1, 2, 3, 4, 5, 6], ids: [7], logprobs: [-1] },
 * ]) // { ids: [1,2,3,4,5,6,7], logprobs: [0,0,-0.5,-0.25,0,0,-1], loss_mask: [0,0,1,1,0,0,1] }
 */
export function stitchTurnTokens(
  turns: readonly (PolicyTokens | undefined)[],
): TrajectoryTokens | undefined {
  const ids: number[] = [];
  const logprobs: number[] = [];
  const lossMask: number[] = [];
  let k = 0;
  for (const turn of turns) {
    if (turn?.promptIds === undefined) continue;
    const { promptIds } = turn;
    const n = Math.min(ids.length, promptIds.length);
    let diff = 0;
    while (diff < n && ids[diff] === promptIds[diff]) diff++;
    if (diff < ids.length) throw new TokenChainError({ turn: k, position: diff });
    for (let i = ids.length; i < promptIds.length; i++) {
      ids.push(promptIds[i]);
      logprobs.push(0);
      lossMask.push(0);
    }
    turn.ids.forEach((id, i) => {
      ids.push(id);
      logprobs.push(turn.logprobs[i]);
      lossMask.push(1);
    });
    k++;
  }
  return k === 0 ? undefined : { ids, logprobs, loss_mask: lossMask };
}
