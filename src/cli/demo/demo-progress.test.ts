import { describe, expect, it } from "vitest";
import { DEMO_STAGES } from "./demo-plan.js";
import { DemoProgress, formatDuration } from "./demo-progress.js";

const stages = DEMO_STAGES;
const units = { envs: 0, sft: 100, evalUntrained: 0, evalSft: 0, rl: 100, evalRl: 0, report: 0 };

function setup() {
  let ms = 0;
  const lines: string[] = [];
  const progress = new DemoProgress({
    stages,
    units,
    unitSeconds: 1,
    write: (line) => lines.push(line),
    now: () => ms,
  });
  return { progress, lines, advance: (seconds: number) => (ms += seconds * 1000) };
}

describe("DemoProgress", () => {
  it("prints a numbered header with the stage's estimate, then lines with the ETAs", () => {
    const { progress, lines, advance } = setup();
    progress.start("sft", "10 steps", { lines: 2 });
    expect(lines).toEqual(["[2/7] train sft (behaviour cloning): 10 steps (about 1m40s)"]);
    advance(100); // the measured unit said 1 s a unit; the work takes 2
    progress.update(5, 10, "loss 1.000");
    // Half the stage (50 units) in 100 s: 2 s a unit, so 50 units left here and 100 after it.
    expect(lines.at(-1)).toBe("  5/10 loss 1.000 · 1m40s, eta 1m40s (demo 5m00s)");
    advance(100);
    progress.update(10, 10);
    expect(lines.at(-1)).toBe("  10/10 · 3m20s, eta 0s (demo 3m20s)");
    expect(progress.finish()).toBe(200);
    expect(progress.unitSeconds).toBe(2);
    expect(progress.secondsLeft()).toBe(200);
  });

  it("prints only the lines asked for, and the last one", () => {
    const { progress, lines } = setup();
    progress.start("evalSft", "100 episodes", { lines: 4 });
    for (let done = 1; done <= 100; done++) progress.update(done, 100);
    expect(lines.slice(1).map((line) => line.split(" ")[2])).toEqual([
      "25/100",
      "50/100",
      "75/100",
      "100/100",
    ]);
  });

  it("counts only the part of a continued stage done in this run", () => {
    const { progress, lines, advance } = setup();
    progress.start("sft", "continued", { lines: 4, from: 0.5 });
    expect(lines).toEqual(["[2/7] train sft (behaviour cloning): continued (about 50s)"]);
    advance(100);
    progress.update(3, 4);
    // A quarter of the stage (25 units) in 100 s: 4 s a unit.
    expect(progress.unitSeconds).toBe(4);
    expect(lines.at(-1)).toBe("  3/4 · 1m40s, eta 1m40s (demo 8m20s)");
    expect(progress.finish()).toBe(100);
  });

  it("leaves stages kept from an earlier run out of the speed and of the time left", () => {
    const { progress, lines } = setup();
    progress.skip("sft", "10 steps");
    expect(lines).toEqual(["[2/7] train sft (behaviour cloning): 10 steps — already done, kept"]);
    expect(progress.unitSeconds).toBe(1);
    expect(progress.secondsLeft()).toBe(100);
    progress.setUnits("rl", 30);
    expect(progress.secondsLeft()).toBe(30);
  });
});

describe("formatDuration", () => {
  it("reads as a person would say it", () => {
    expect([0.4, 42, 65, 600, 3725].map(formatDuration)).toEqual([
      "0s",
      "42s",
      "1m05s",
      "10m00s",
      "1h02m",
    ]);
  });
});
