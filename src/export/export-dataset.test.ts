import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord, Trajectory } from "../core/index.js";
import { createOraclePolicy } from "../policy/index.js";
import { runRollouts } from "../rollout/index.js";
import { readParquet } from "../testing/read-parquet.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { exportDataset } from "./export-dataset.js";
import type { TrlMessage } from "./trl/trl-messages.js";

let records: EnvironmentRecord[];
let oracle: Trajectory[];
let wrong: Trajectory[];
const out = () => mkdtempSync(join(tmpdir(), "toolgym-export-"));

/** A trajectory that answers at once, wrongly: reward 0. */
function answersAtOnce(record: EnvironmentRecord): Trajectory {
  return {
    id: `${record.id}#wrong`,
    env_id: record.id,
    policy: "test",
    messages: [...record.messages, { role: "assistant", content: "I do not know." }],
    calls: [],
    metrics: {
      solve_p: 1,
      solve_r: 0,
      solve_f1: 0,
      answer_correct: false,
      n_calls: 0,
      n_error_calls: 0,
      n_turns: 1,
    },
    reward: { total: 0, parts: { solve_p: 1, solve_r: 0, solve_f1: 0, answer: 0, turn_reward: 0 } },
    stop: "answer",
    meta: {},
  };
}

beforeAll(async () => {
  records = await loadSampleEnvs();
  oracle = (await runRollouts({ records, policy: createOraclePolicy() })).trajectories;
  wrong = records.map(answersAtOnce);
});

describe("export verl", () => {
  it("writes verl's columns, with the types verl's dataset reads, and a compute_score file", async () => {
    const dir = out();
    const files = exportDataset({ format: "verl", records, out: dir });
    expect(files.map((f) => f.path)).toEqual([
      join(dir, "data.parquet"),
      join(dir, "toolgym_reward.py"),
    ]);
    const { types, rows } = await readParquet(join(dir, "data.parquet"));
    expect(types).toEqual({
      data_source: "VARCHAR",
      prompt: 'STRUCT("role" VARCHAR, "content" VARCHAR)[]',
      ability: "VARCHAR",
      reward_model: "STRUCT(style VARCHAR, ground_truth VARCHAR)",
      extra_info:
        'STRUCT(split VARCHAR, "index" BIGINT, env_id VARCHAR, scenario VARCHAR, tools VARCHAR, answer VARCHAR)',
    });
    expect(rows).toHaveLength(records.length);
    const row = rows[6];
    expect(row.data_source).toBe("toolgym");
    expect(row.reward_model).toEqual({ style: "rule", ground_truth: records[6].answer });
    expect(row.extra_info).toMatchObject({ env_id: "sample-07", split: "train", index: "6" });
    expect(JSON.parse(row.extra_info.tools)).toEqual(records[6].tools);
    expect(row.prompt.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(row.prompt[0].content).toContain('<tools>\n{"type": "function", "function": {"name": "');
    expect(row.prompt[1]).toEqual(records[6].messages[1]);
    expect(readFileSync(files[1].path, "utf8")).toMatch(
      /^def compute_score\(data_source, solution_str, ground_truth, extra_info=None/m,
    );
  });
});

describe("export ftrl", () => {
  it("writes FTRL's columns: an opening row per environment and one per tool turn of each trajectory", async () => {
    const dir = out();
    exportDataset({ format: "ftrl", records, trajectories: oracle, out: dir });
    const { types, rows } = await readParquet(join(dir, "data.parquet"));
    expect(Object.keys(types)).toEqual([
      "messages",
      "tools",
      "codes",
      "unsolved_set",
      "solve_rate",
      "data_source",
      "split",
      "answer",
    ]);
    expect(types.solve_rate).toBe("DOUBLE");
    expect(types.messages).toBe(
      'STRUCT("role" VARCHAR, "content" VARCHAR, tool_calls STRUCT(id VARCHAR, "type" VARCHAR, "function" STRUCT("name" VARCHAR, arguments VARCHAR))[], tool_call_id VARCHAR)[]',
    );
    const toolTurns = oracle.reduce(
      (n, t) => n + t.messages.filter((m) => m.role === "assistant" && m.tool_calls?.length).length,
      0,
    );
    expect(rows).toHaveLength(records.length + toolTurns);
    const opening = rows.find((r) => r.answer === "Paris")!;
    expect(JSON.parse(opening.unsolved_set)).toEqual({
      landmark_country: ["France"],
      country_capital: ["Paris"],
    });
    expect(opening.solve_rate).toBe(0);
    const codes = JSON.parse(opening.codes);
    expect(Object.keys(codes).sort()).toEqual(records[6].tools.map((t) => t.function.name).sort());
    expect(codes.country_capital).toMatch(/^def country_capital\(\*\*arguments\):/);
    // sample-07's oracle solves one hop per turn: after its first turn half is solved.
    const afterFirst = rows.filter((r) => r.answer === "Paris" && r.solve_rate > 0);
    expect(afterFirst.map((r) => r.solve_rate)).toEqual([0.5, 1]);
    expect(JSON.parse(afterFirst[0].unsolved_set)).toEqual({ country_capital: ["Paris"] });
    const calling = afterFirst[0].messages.find((m: { role: string }) => m.role === "assistant");
    expect(calling.tool_calls[0].function.name).toBe("landmark_country");
    expect(afterFirst[0].messages.at(-1).role).toBe("tool");
  });
});

describe("export JSONL formats", () => {
  const readJsonl = (file: string) =>
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));

  it("trl-sft: conversational rows with a tools column and call arguments as objects", () => {
    const dir = out();
    exportDataset({ format: "trl-sft", records, trajectories: [...oracle, ...wrong], out: dir });
    const rows = readJsonl(join(dir, "sft.jsonl"));
    expect(rows).toHaveLength(oracle.length);
    const row = rows.find((r) => r.messages[1].content === records[9].messages[1].content);
    expect(row.tools).toEqual(records[9].tools);
    const call = row.messages.find((m: TrlMessage) => "tool_calls" in m).tool_calls[0];
    expect(typeof call.function.arguments).toBe("object");
    const tool = row.messages.find((m: TrlMessage) => m.role === "tool");
    expect(tool.name).toBe(call.function.name);
  });

  it("trl-dpo and openai-dpo: the better and worse trajectory of an environment, from where they part", () => {
    const dir = out();
    exportDataset({ format: "trl-dpo", records, trajectories: [...oracle, ...wrong], out: dir });
    const [trl] = readJsonl(join(dir, "dpo.jsonl"));
    expect(trl.prompt).toEqual(records[0].messages);
    expect(trl.chosen[0].tool_calls[0].function.arguments).toEqual(
      records[0].subtasks[0].arguments,
    );
    expect(trl.rejected).toEqual([{ role: "assistant", content: "I do not know." }]);
    expect(trl.tools).toEqual(records[0].tools);

    exportDataset({ format: "openai-dpo", records, trajectories: [...oracle, ...wrong], out: dir });
    const rows = readJsonl(join(dir, "dpo.jsonl"));
    expect(rows).toHaveLength(records.length);
    expect(rows[0]).toEqual({
      input: { messages: records[0].messages, tools: records[0].tools, parallel_tool_calls: true },
      preferred_output: [oracle.find((t) => t.env_id === "sample-01")!.messages[2]],
      non_preferred_output: [{ role: "assistant", content: "I do not know." }],
    });
    expect(typeof rows[0].preferred_output[0].tool_calls[0].function.arguments).toBe("string");
  });

  it("openai-sft, openrlhf and trl-grpo rows; refusals name the option", () => {
    const dir = out();
    exportDataset({ format: "openai-sft", records, trajectories: oracle, out: dir });
    const [sft] = readJsonl(join(dir, "sft.jsonl"));
    expect(Object.keys(sft)).toEqual(["messages", "tools", "parallel_tool_calls"]);
    exportDataset({ format: "openrlhf", records, out: dir });
    const [prompt] = readJsonl(join(dir, "prompts.jsonl"));
    expect(prompt.label).toBe("sample-01");
    expect(prompt.prompt[0].content).toContain("# Tools");
    exportDataset({ format: "trl-grpo", records, out: dir });
    const [grpo] = readJsonl(join(dir, "grpo.jsonl"));
    expect(grpo).toMatchObject({ env_id: "sample-01", answer: "19", tools: records[0].tools });
    expect(grpo.prompt[0].content).toMatch(/^You are a helpful assistant\.[\s\S]*# Tools/);
    expect(grpo.prompt[1]).toEqual(records[0].messages[1]);
    expect(() => exportDataset({ format: "trl-sft", records, out: dir })).toThrow(
      /--trajectories: the trl-sft format/,
    );
    expect(() =>
      exportDataset({ format: "openai-dpo", records, trajectories: oracle, out: dir }),
    ).toThrow(/no environment has two trajectories/);
    expect(() =>
      exportDataset({ format: "openai-sft", records, trajectories: wrong, out: dir }),
    ).toThrow(/--min-reward/);
  });
});
