import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../core/index.js";
import {
  type DemoRequest,
  type DemoState,
  demoFiles,
  openDemoDirectory,
  writeDemoState,
} from "./demo-directory.js";
import { planDemo } from "./demo-plan.js";

const evals = { evalInterval: 50, evalLimit: 100 };
const request: DemoRequest = { seed: 1, minutes: 10, trainEnvs: 3000, config: {} };
const plan = planDemo({
  trainEnvs: 3000,
  minutes: 10,
  unitSeconds: 1,
  recipe: { sft: evals, rl: evals },
});
const finished: DemoState["finished"] = {
  at: "2026-01-01T00:00:00.000Z",
  seconds: 500,
  kernel: "portable",
  stageSeconds: {},
};
const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-demo-dir-"));

describe("openDemoDirectory", () => {
  it("starts anew in a missing or empty directory", () => {
    const out = tmp();
    expect(openDemoDirectory({ out, request })).toBeUndefined();
    expect(openDemoDirectory({ out: join(out, "new"), request })).toBeUndefined();
  });

  it("continues an unfinished demo asked for with the same options, and only those", () => {
    const out = tmp();
    writeDemoState(out, { request: { ...request, sftSteps: 5 }, plan });
    const state = openDemoDirectory({ out, request: { ...request, sftSteps: 5 } });
    expect(state?.plan).toEqual(plan);
    const other = () => openDemoDirectory({ out, request: { ...request, seed: 2 } });
    expect(other).toThrow(ConfigError);
    expect(other).toThrow(
      /unfinished demo asked for with other options \(--seed 1 --minutes 10 --train-envs 3000 --sft-steps 5\)/,
    );
  });

  it("refuses a finished demo unless forced, then deletes the demo's files and nothing else", () => {
    const out = tmp();
    const files = demoFiles(out);
    writeDemoState(out, { request, plan, finished });
    mkdirSync(join(files.sft, "checkpoints"), { recursive: true });
    writeFileSync(files.report, "<html>");
    writeFileSync(join(out, "notes.txt"), "mine");
    expect(() => openDemoDirectory({ out, request })).toThrow(
      `--out: ${out} holds a finished demo (2026-01-01T00:00:00.000Z; report: ${files.report}): open its report, pass --force to run it again, or choose another --out`,
    );
    expect(openDemoDirectory({ out, request, force: true })).toBeUndefined();
    expect([files.state, files.sft, files.report].filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(join(out, "notes.txt"))).toBe(true);
  });

  it("never touches a directory that holds no demo, even forced", () => {
    const out = tmp();
    writeFileSync(join(out, "thesis.tex"), "…");
    for (const force of [false, true]) {
      expect(() => openDemoDirectory({ out, request, force })).toThrow(
        /holds no demo \(no demo\.json\)/,
      );
    }
    expect(existsSync(join(out, "thesis.tex"))).toBe(true);
  });

  it("names the file and field of a broken demo.json", () => {
    const out = tmp();
    writeFileSync(
      demoFiles(out).state,
      JSON.stringify({ request, plan: { ...plan, sftSteps: -1 } }),
    );
    expect(() => openDemoDirectory({ out, request })).toThrow(/demo\.json: field "plan\.sftSteps"/);
  });
});
