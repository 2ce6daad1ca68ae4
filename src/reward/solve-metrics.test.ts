import { describe, expect, it } from "vitest";
import { solvedCount, solveF1, solveP, solveR } from "./solve-metrics.js";

const log = (...solved: (number | null)[]) => ({ calls: solved.map((s) => ({ solved: s })) });
const plan = (n: number) => ({ subtasks: Array.from({ length: n }, () => ({})) });

describe("FTRL Solve-P/R/F1", () => {
  it("computes the doc examples", () => {
    expect(solveP([log(0, null), log(), log()], [plan(1), plan(1), plan(0)])).toEqual([0.5, 0, 1]);
    expect(solveR([log(1, null), log()], [plan(2), plan(0)])).toEqual([0.5, 1]);
    expect(solveF1([log(0, 1, null), log()], [plan(2), plan(0)])).toEqual([0.8, 1]);
  });

  it("is perfect for exactly one solving call per subtask", () => {
    const t = [log(0, 1, 2)];
    expect(solveP(t, [plan(3)])).toEqual([1]);
    expect(solveR(t, [plan(3)])).toEqual([1]);
    expect(solveF1(t, [plan(3)])).toEqual([1]);
  });

  it("treats a task with no subtasks: calls are wasted, no calls is perfect", () => {
    expect(solveP([log(null, null)], [plan(0)])).toEqual([0]);
    expect(solveP([log()], [plan(0)])).toEqual([1]);
    expect(solveR([log(null, null)], [plan(0)])).toEqual([1]);
    expect(solveF1([log(null, null)], [plan(0)])).toEqual([0]);
    expect(solveF1([log()], [plan(0)])).toEqual([1]);
  });

  it("gives 0 precision, recall and F1 when nothing was called but work was due", () => {
    // FTRL's evaluation script would score this episode's precision 1: silence is not precise.
    expect(solveP([log()], [plan(2)])).toEqual([0]);
    expect(solveR([log()], [plan(2)])).toEqual([0]);
    expect(solveF1([log()], [plan(2)])).toEqual([0]);
  });

  it("equals the harmonic mean of P and R", () => {
    const t = [log(0, null, null, 2, null)];
    const [p] = solveP(t, [plan(4)]);
    const [r] = solveR(t, [plan(4)]);
    const [f1] = solveF1(t, [plan(4)]);
    expect(f1).toBeCloseTo((2 * p * r) / (p + r), 12);
  });

  it("counts a subtask marked twice once", () => {
    expect(solvedCount([{ solved: 1 }, { solved: 1 }, { solved: null }])).toBe(1);
    expect(solveR([log(1, 1)], [plan(1)])).toEqual([1]);
  });
});
