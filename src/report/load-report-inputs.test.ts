import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../core/index.js";
import { loadReportInputs } from "./load-report-inputs.js";

const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-report-"));

function write(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const episode = {
  id: "e1",
  env_id: "env-1",
  scenario: "single_hop",
  policy: "oracle",
  messages: [{ role: "user", content: "hi" }],
  calls: [],
  metrics: { solve_f1: 1, answer_correct: true, n_calls: 0, n_error_calls: 0, n_turns: 1 },
  reward: { total: 1, parts: {} },
  stop: "answer",
};

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("loadReportInputs", () => {
  it("tells a training run, an evaluation and a BFCL run apart, keeping unknown fields out of the way", async () => {
    const root = tmp();
    const run = write(join(root, "sft"), {
      "config.json": JSON.stringify({ algo: "sft", steps: 2, future_field: { x: 1 } }),
      "metrics.jsonl": `${JSON.stringify({ step: 1, kind: "train", loss: 2, note: "x", nan: null })}\n\n`,
    });
    const evalDir = write(join(root, "eval"), {
      "metrics.json": JSON.stringify({ envs: "envs.jsonl", policy: "oracle", overall: {} }),
      "trajectories.jsonl": `${JSON.stringify({ ...episode, tokens: { ids: [1] }, extra: true })}\n`,
    });
    const bfcl = write(join(root, "bfcl"), {
      "bfcl-results.json": JSON.stringify({
        policy: "oracle",
        categories: { simple: { total: 2, correct: 1, accuracy: 0.5, skipped: 0, errors: {} } },
        overall: { total: 2, correct: 1, accuracy: 0.5, meanAccuracy: 0.5, skipped: 0 },
        entries: [],
      }),
    });
    const inputs = await loadReportInputs([run, { dir: evalDir, label: "before" }, bfcl]);
    expect(inputs.map((i) => [i.kind, i.label])).toEqual([
      ["train", "sft"],
      ["eval", "before"],
      ["bfcl", "bfcl"],
    ]);
    const evalInput = inputs[1];
    if (evalInput.kind !== "eval") throw new Error("not an eval");
    expect(evalInput.trajectories?.[0]).not.toHaveProperty("tokens");
    expect(evalInput.trajectories?.[0].metrics.solve_f1).toBe(1);
  });

  it("names the file and line of a garbage metrics.jsonl line, and the field of a bad value", async () => {
    const dir = write(join(tmp(), "run"), {
      "config.json": "{}",
      "metrics.jsonl": `${JSON.stringify({ step: 1, kind: "train" })}\n\n{"step": 2, "kind": "tr`,
    });
    const error = await failure(loadReportInputs([dir]));
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error.message).toContain(`${join(dir, "metrics.jsonl")}:3:`);
    expect(error.message).toContain("not valid JSON");

    writeFileSync(join(dir, "metrics.jsonl"), `${JSON.stringify({ step: -1, kind: "train" })}\n`);
    const field = await failure(loadReportInputs([dir]));
    expect(field.message).toContain(`${join(dir, "metrics.jsonl")}:1: field "step"`);
  });

  it("names the line of a JSON syntax error in metrics.json and the field of a bad trajectory", async () => {
    const dir = write(join(tmp(), "eval"), {
      "metrics.json": '{\n  "policy": "oracle",\n  "overall": {\n    "solve_f1": 0.5,,\n  }\n}\n',
    });
    const error = await failure(loadReportInputs([dir]));
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error.message).toMatch(new RegExp(`^${join(dir, "metrics.json")}:4: .*not valid JSON`));

    write(dir, {
      "metrics.json": "{}",
      "trajectories.jsonl": `${JSON.stringify(episode)}\n${JSON.stringify({ ...episode, messages: [{ role: "robot" }] })}\n`,
    });
    const bad = await failure(loadReportInputs([dir]));
    expect(bad.message).toContain(`${join(dir, "trajectories.jsonl")}:2: field "messages.0.role"`);
  });

  it("names the field of a bfcl-results.json that is not one", async () => {
    const dir = write(join(tmp(), "bfcl"), {
      "bfcl-results.json": JSON.stringify({ policy: "p", categories: {}, overall: { total: "2" } }),
    });
    const error = await failure(loadReportInputs([dir]));
    expect(error.message).toContain(`${join(dir, "bfcl-results.json")}: field "overall.total"`);
  });

  it("reads a folder of runs oldest first, and refuses a folder of something else", async () => {
    const root = tmp();
    const metrics = JSON.stringify({ overall: {} });
    const later = write(join(root, "a-later"), { "metrics.json": metrics });
    const earlier = write(join(root, "b-earlier"), { "metrics.json": metrics });
    utimesSync(join(earlier, "metrics.json"), 1_000, 1_000);
    utimesSync(join(later, "metrics.json"), 2_000, 2_000);
    write(join(root, "notes"), { "readme.txt": "not a run" });
    const inputs = await loadReportInputs([root]);
    expect(inputs.map((i) => i.label)).toEqual(["b-earlier", "a-later"]);

    const error = await failure(loadReportInputs([join(root, "notes")]));
    expect(error.message).toMatch(/notes: not a toolgym run or evaluation/);
    const missing = await failure(loadReportInputs([join(root, "nowhere")]));
    expect(missing.message).toMatch(/nowhere: no such directory/);
  });
});
