import { describe, expect, it } from "vitest";
import type { AdvantageInput } from "./advantage-fn.js";
import { groupRelativeAdvantages } from "./group-relative-advantages.js";

// Four sequences of one group, T = 2, the second token of row 3 padding.
const four: AdvantageInput = {
  rewards: Float64Array.of(1, 0, 0, 1),
  mask: Float32Array.of(1, 1, 1, 1, 0, 1, 1, 0),
  B: 4,
  T: 2,
  groups: Int32Array.of(0, 0, 0, 0),
};

describe("groupRelativeAdvantages", () => {
  it("normalizes by the group's mean and sample std, broadcast over masked tokens", () => {
    // mean 0.5, sample std √(4·0.25 / 3) = √(1/3): Â = ±0.5·√3.
    const { advantages, metrics } = groupRelativeAdvantages(four);
    const a = 0.5 / (Math.sqrt(1 / 3) + 1e-6);
    expect([...advantages]).toEqual([a, a, -a, -a, 0, -a, a, 0].map(Math.fround));
    expect(metrics).toEqual({ reward_mean: 0.5, reward_std: 0.5, zero_std_groups: 0, groups: 1 });
  });

  it("Dr. GRPO: subtracts the mean only", () => {
    const { advantages } = groupRelativeAdvantages(four, { scaleByStd: false });
    expect([...advantages]).toEqual([0.5, 0.5, -0.5, -0.5, 0, -0.5, 0.5, 0]);
  });

  it("keeps groups apart", () => {
    const { advantages, metrics } = groupRelativeAdvantages(
      { ...four, rewards: Float64Array.of(1, 0, 10, 30), groups: Int32Array.of(5, 5, -1, -1) },
      { scaleByStd: false },
    );
    expect([...advantages]).toEqual([0.5, 0.5, -0.5, -0.5, 0, -10, 10, 0]);
    expect(metrics.groups).toBe(2);
  });

  it("gives exactly 0, not NaN, for all-equal rewards (std 0) and a group of one", () => {
    const equal = groupRelativeAdvantages({ ...four, rewards: new Float64Array(4).fill(0.1) });
    expect(equal.advantages.every((a) => a === 0)).toBe(true);
    expect(equal.metrics.zero_std_groups).toBe(1);
    const singles = groupRelativeAdvantages({ ...four, groups: Int32Array.of(0, 1, 2, 3) });
    expect(singles.advantages.every((a) => a === 0)).toBe(true);
  });

  it("leaves a fully masked sequence out of its group's statistics", () => {
    const withEmpty: AdvantageInput = {
      rewards: Float64Array.of(1, 0, Number.NaN),
      mask: Float32Array.of(1, 1, 0),
      B: 3,
      T: 1,
      groups: Int32Array.of(0, 0, 0),
    };
    const { advantages, metrics } = groupRelativeAdvantages(withEmpty, { scaleByStd: false });
    expect([...advantages]).toEqual([0.5, -0.5, 0]);
    expect(metrics.reward_mean).toBe(0.5);
    const none = groupRelativeAdvantages({ ...withEmpty, mask: new Float32Array(3) });
    expect(none.advantages.every((a) => a === 0)).toBe(true);
    expect(Object.values(none.metrics).every(Number.isFinite)).toBe(true);
  });

  it("needs groups and finite rewards", () => {
    expect(() => groupRelativeAdvantages({ ...four, groups: undefined })).toThrow(
      "groups: required by groupRelativeAdvantages",
    );
    expect(() =>
      groupRelativeAdvantages({
        ...four,
        rewards: Float64Array.of(1, Number.POSITIVE_INFINITY, 0, 0),
      }),
    ).toThrow("rewards[1]");
    expect(() => groupRelativeAdvantages({ ...four, rewards: Float64Array.of(1) })).toThrow(
      "rewards: length 1, expected B = 4",
    );
  });
});
