import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { renderChatText } from "../../chat/index.js";
import {
  type EnvironmentRecord,
  readLines,
  renderHermesChat,
  renderTextToolCalls,
  type Trajectory,
} from "../../core/index.js";
import { solveF1 } from "../../reward/index.js";
import { hostileReply } from "../../testing/hostile-replies.js";
import { loadSampleEnvs, SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { startScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { runCli } from "./run-cli.js";

export interface HostileBatteryResult {
  episodes: number;
  seconds: number;
  requests: number;
  /** Bytes of trajectories.jsonl. */
  bytes: number;
}

/**
 * `toolgym eval` with an OpenAI policy against the scripted server answering every request with
 * a hostile reply (testing/hostile-replies.ts), `samples` episodes per sample environment. Then
 * it checks what the run left: exit 0 and every episode in trajectories.jsonl (no crash, no
 * episode lost); metrics.json equal to a recount from the file, done here by hand; and every
 * trajectory read back, scored again and rendered by each chat template without throwing.
 */
export async function runHostileBattery({
  samples,
  toolFormat,
  concurrency = 32,
}: {
  samples: number;
  toolFormat: "native" | "text";
  concurrency?: number;
}): Promise<HostileBatteryResult> {
  const records = await loadSampleEnvs();
  const server = await startScriptedChatServer({ handler: hostileReply, keepRequests: false });
  const out = mkdtempSync(join(tmpdir(), "toolgym-hostile-"));
  try {
    const started = performance.now();
    const run = await runCli(
      "eval",
      "--envs",
      SAMPLE_ENVS_PATH,
      "--policy",
      `openai:hostile@${server.url}`,
      "--tool-format",
      toolFormat,
      "--samples",
      String(samples),
      "--max-turns",
      "3",
      "--concurrency",
      String(concurrency),
      "--out",
      out,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(run.stderr).not.toMatch(/error|skipped|set aside/i);
    expect(run.code).toBe(0);

    const file = join(out, "trajectories.jsonl");
    const expected = records.length * samples;
    const recount = recountMetrics(file, records);
    expect(recount.ids.size).toBe(expected);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.complete).toBe(true);
    expectSameSummary(metrics.overall, recount.overall);
    expect(Object.keys(metrics.by_scenario).sort()).toEqual([...recount.byScenario.keys()].sort());
    for (const [scenario, sums] of recount.byScenario) {
      expectSameSummary(metrics.by_scenario[scenario], sums);
    }
    return { episodes: expected, seconds, requests: server.received, bytes: recount.bytes };
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

/** Sums of one group's episodes, counted straight from the file's JSON. */
interface Sums {
  n: number;
  solve_p: number;
  solve_r: number;
  solve_f1: number;
  answer: number;
  tool_use: number;
  calls: number;
  errors: number;
  turns: number;
  max_turns: number;
  reward: number;
}

const emptySums = (): Sums => ({
  n: 0,
  solve_p: 0,
  solve_r: 0,
  solve_f1: 0,
  answer: 0,
  tool_use: 0,
  calls: 0,
  errors: 0,
  turns: 0,
  max_turns: 0,
  reward: 0,
});

/**
 * Reads the file line by line with plain JSON.parse (not toolgym's reader), sums each
 * trajectory's metrics overall and per scenario, and on the way scores it again and renders it
 * with every chat format — each must take whatever the model wrote.
 */
function recountMetrics(file: string, records: readonly EnvironmentRecord[]) {
  const recordOf = new Map(records.map((record) => [record.id, record]));
  const overall = emptySums();
  const byScenario = new Map<string, Sums>();
  const ids = new Set<string>();
  let bytes = 0;
  for (const { text, end, terminated } of readLines(file)) {
    expect(terminated).toBe(true);
    bytes = end;
    const t = JSON.parse(text!) as Trajectory;
    expect(ids.has(t.id)).toBe(false);
    ids.add(t.id);
    const record = recordOf.get(t.env_id)!;
    expect(solveF1([t], [record])[0]).toBeCloseTo(t.metrics.solve_f1, 12);
    renderChatText({ messages: t.messages, tools: record.tools });
    renderHermesChat({ messages: t.messages, tools: record.tools });
    for (const message of t.messages) {
      if (message.role === "assistant" && message.tool_calls !== undefined) {
        renderTextToolCalls(message.tool_calls.map((call) => call.function));
      }
    }
    let group = byScenario.get(t.scenario!);
    if (group === undefined) byScenario.set(t.scenario!, (group = emptySums()));
    for (const sums of [overall, group]) {
      sums.n += 1;
      sums.solve_p += t.metrics.solve_p;
      sums.solve_r += t.metrics.solve_r;
      sums.solve_f1 += t.metrics.solve_f1;
      sums.answer += t.metrics.answer_correct ? 1 : 0;
      sums.tool_use += t.metrics.n_calls > 0 ? 1 : 0;
      sums.calls += t.metrics.n_calls;
      sums.errors += t.metrics.n_error_calls;
      sums.turns += t.metrics.n_turns;
      sums.max_turns += t.stop === "max_turns" ? 1 : 0;
      sums.reward += t.reward.total;
    }
  }
  return { overall, byScenario, ids, bytes };
}

function expectSameSummary(summary: Record<string, number>, sums: Sums): void {
  const mean = (sum: number) => sum / sums.n;
  expect(summary.episodes).toBe(sums.n);
  const expected: Record<string, number> = {
    solve_p: mean(sums.solve_p),
    solve_r: mean(sums.solve_r),
    solve_f1: mean(sums.solve_f1),
    answer_accuracy: mean(sums.answer),
    tool_use_rate: mean(sums.tool_use),
    calls_per_episode: mean(sums.calls),
    error_call_rate: sums.calls === 0 ? 0 : sums.errors / sums.calls,
    turns_per_episode: mean(sums.turns),
    max_turns_rate: mean(sums.max_turns),
    reward: mean(sums.reward),
  };
  for (const [name, value] of Object.entries(expected)) {
    expect(summary[name], name).toBeCloseTo(value, 9);
  }
}
