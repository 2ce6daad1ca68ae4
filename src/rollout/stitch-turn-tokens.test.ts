import { describe, expect, it } from "vitest";
import { stitchTurnTokens } from "./stitch-turn-tokens.js";
import { TokenChainError } from "./token-chain-error.js";

describe("stitchTurnTokens", () => {
  it("joins turns into one sequence, masked and scored exactly on the sampled ids", () => {
    expect(
      stitchTurnTokens([
        { promptIds: [1, 2], ids: [3, 4], logprobs: [-0.5, -0.25] },
        undefined, // a turn that sampled nothing (e.g. the context was full) takes no part
        { promptIds: [1, 2, 3, 4, 5, 6], ids: [7], logprobs: [-1] },
      ]),
    ).toEqual({
      ids: [1, 2, 3, 4, 5, 6, 7],
      logprobs: [0, 0, -0.5, -0.25, 0, 0, -1],
      loss_mask: [0, 0, 1, 1, 0, 0, 1],
    });
  });

  it("is undefined for policies without tokens", () => {
    expect(stitchTurnTokens([])).toBeUndefined();
    expect(stitchTurnTokens([undefined, { ids: [1], logprobs: [0] }])).toBeUndefined();
  });

  it("refuses a turn whose context is not the sequence so far, naming where it differs", () => {
    const turns = [
      { promptIds: [1, 2], ids: [3, 4], logprobs: [-1, -1] },
      { promptIds: [1, 2, 3, 9, 5], ids: [6], logprobs: [-1] },
    ];
    expect(() => stitchTurnTokens(turns)).toThrow(TokenChainError);
    try {
      stitchTurnTokens(turns);
    } catch (error) {
      expect(error).toMatchObject({ turn: 1, position: 3 });
    }
    // A context shorter than the sequence so far (history cut) is refused too.
    expect(() =>
      stitchTurnTokens([
        { promptIds: [1, 2], ids: [3], logprobs: [-1] },
        { promptIds: [1, 2], ids: [4], logprobs: [-1] },
      ]),
    ).toThrow(TokenChainError);
  });
});
