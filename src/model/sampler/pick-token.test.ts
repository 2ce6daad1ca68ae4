import { describe, expect, it } from "vitest";
import { SeededRng } from "../seeded-rng.js";
import { fastExpNeg, PickScratch, pickToken } from "./pick-token.js";

const logits = Float32Array.from([2, 0.5, 3, -1, 1, 2.5]);
const scratch = new PickScratch(logits.length);

/** log q of each id under temperature + the kept candidates, computed directly. */
function expected(temperature: number, keep: number[]): Map<number, number> {
  const w = keep.map((v) => Math.exp(logits[v] / temperature));
  const z = w.reduce((a, b) => a + b, 0);
  return new Map(keep.map((v, i) => [v, Math.log(w[i] / z)]));
}

describe("pickToken", () => {
  it("samples only the top-k / nucleus candidates, with their renormalized log-probs", () => {
    const rng = new SeededRng(1);
    const cases = [
      { settings: { temperature: 0.7, topK: 3, topP: 1 }, keep: [2, 5, 0] },
      // probabilities at T=1: 3 → .41, 2.5 → .25, 2 → .15, …: 0.6 is reached with two tokens
      { settings: { temperature: 1, topK: 0, topP: 0.6 }, keep: [2, 5] },
      { settings: { temperature: 1.3, topK: 0, topP: 1 }, keep: [0, 1, 2, 3, 4, 5] },
    ];
    for (const { settings, keep } of cases) {
      const q = expected(settings.temperature, keep);
      const lse = Math.log(logits.reduce((a, b) => a + Math.exp(b), 0));
      const counts = new Map<number, number>();
      let worst = 0;
      for (let i = 0; i < 4000; i++) {
        const p = pickToken(logits, settings, rng, scratch);
        if (!q.has(p.token)) expect.fail(`token ${p.token} is not a candidate`);
        worst = Math.max(worst, Math.abs(p.samplingLogprob - q.get(p.token)!));
        worst = Math.max(worst, Math.abs(p.logprob - (logits[p.token] - lse)));
        counts.set(p.token, (counts.get(p.token) ?? 0) + 1);
      }
      expect(worst).toBeLessThan(1e-6);
      for (const [v, lq] of q)
        expect(Math.abs((counts.get(v) ?? 0) / 4000 - Math.exp(lq))).toBeLessThan(0.03);
    }
  });

  it("is greedy at temperature 0", () => {
    const p = pickToken(logits, { temperature: 0, topK: 0, topP: 1 }, new SeededRng(0), scratch);
    expect(p.token).toBe(2);
    expect(p.samplingLogprob).toBe(0);
  });
});

describe("fastExpNeg", () => {
  it("agrees with Math.exp to 1e-8 relative on [-87, 0] and underflows to 0 below", () => {
    let worst = 0;
    for (let x = -87; x <= 0; x += 7.7e-4) {
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(fastExpNeg(x) - e) / e);
    }
    expect(worst).toBeLessThan(1e-8);
    expect(fastExpNeg(0)).toBe(1);
    expect(fastExpNeg(-100)).toBe(0);
    expect(fastExpNeg(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});
