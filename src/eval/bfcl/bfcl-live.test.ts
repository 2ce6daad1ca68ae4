import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AssistantMessage } from "../../core/index.js";
import {
  BFCL_LIVE_FIXTURE,
  writeBfclFixture,
} from "../../datasets/bfcl/test-helpers/bfcl-live-fixture.js";
import { type BfclEntry, loadBfcl } from "../../datasets/index.js";
import type { Policy } from "../../policy/policy.js";
import { checkBfclEntry, parsePyJson } from "../../reward/index.js";
import { bfclOracleCalls } from "./bfcl-oracle-calls.js";
import { runBfcl } from "./run-bfcl.js";
import { BFCL_LIVE_CASES } from "./test-helpers/bfcl-live-cases.js";

/**
 * BFCL's live categories, on entries written by hand in the live files' shapes (the real files
 * are held out): every category loads by name, each answer gets the leaderboard's verdict, and
 * the oracle scores 100% wherever there is a ground truth to replay.
 */
let dir: string;
let entries: BfclEntry[];
beforeAll(async () => {
  dir = writeBfclFixture();
  ({ entries } = await loadBfcl({ dataDir: dir, readJson: parsePyJson }));
});

const entry = (id: string) => entries.find((e) => e.id === id)!;

describe("the leaderboard's verdicts on live-shaped entries", () => {
  it("every case gets the verdict BFCL's own checker gives it", () => {
    const verdicts = BFCL_LIVE_CASES.map(({ id, label, calls }) => {
      const result = checkBfclEntry({
        ...entry(id),
        calls: calls.map(([name, args]) => ({ name, arguments: args })),
      });
      return `${id} ${label}: ${result.correct ? "ok" : result.reason}`;
    });
    expect(verdicts).toEqual(
      BFCL_LIVE_CASES.map(({ id, label, expected }) => `${id} ${label}: ${expected}`),
    );
    const categories = new Set(BFCL_LIVE_CASES.map(({ id }) => entry(id).category));
    expect(categories.size).toBe(Object.keys(BFCL_LIVE_FIXTURE).length);
  });
});

describe("the oracle on the live categories", () => {
  it("scores 100% in every category with answers, and in live_irrelevance by making no call", async () => {
    const result = await runBfcl({ policy: "oracle", dataDir: dir });
    const summary = Object.fromEntries(
      Object.entries(result.categories).map(([name, c]) => [name, [c.total, c.correct, c.skipped]]),
    );
    expect(summary).toEqual({
      live_simple: [7, 7, 0],
      live_multiple: [2, 2, 0],
      live_parallel: [2, 2, 0],
      live_parallel_multiple: [1, 1, 0],
      live_irrelevance: [3, 3, 0],
      // No ground truth to replay, so no call: relevance is the one category it cannot pass.
      live_relevance: [2, 0, 0],
    });
  });

  it("sends a required parameter whose only allowed value is '' as an empty value", () => {
    const [call] = bfclOracleCalls(entry("live_simple_5-3-0"));
    expect(call.function).toEqual({
      name: "search_products",
      arguments: '{"query":"","category":"","tags":[]}',
    });
  });

  it("replays nested dicts, lists of dicts and floats, leaving out what may be omitted", () => {
    const [call] = bfclOracleCalls(entry("live_simple_2-1-0"));
    expect(call.function.arguments).toBe(
      '{"location":{"city":"Paris","country":"France"},"nights":3,"budget":120.0,' +
        '"amenities":["wifi","pool"],"guests":[{"name":"Ann","age":30},{"name":"Bo","age":4}]}',
    );
    const [weather] = bfclOracleCalls(entry("live_simple_0-0-0"));
    expect(weather.function.arguments).toBe('{"location":"Boston, MA"}');
  });
});

describe("runBfcl on live data", () => {
  /** Calls the first tool offered when there is one (with no arguments), else answers in words. */
  const eager: Policy = {
    name: "eager",
    act: async ({ tools }) => {
      const message: AssistantMessage =
        tools.length === 0
          ? { role: "assistant", content: "I have no tool for that." }
          : {
              role: "assistant",
              content: null,
              tool_calls: [
                {
                  id: "c0",
                  type: "function",
                  function: { name: tools[0].function.name, arguments: "{}" },
                },
              ],
            };
      return { message };
    },
  };

  it("scores relevance and irrelevance by BFCL's rules", async () => {
    const result = await runBfcl({
      policy: eager,
      dataDir: dir,
      categories: ["live_irrelevance", "live_relevance"],
    });
    expect(result.entries.map((e) => [e.id, e.correct, e.reason])).toEqual([
      ["live_irrelevance_0-0-0", false, "irrelevance_error:decoder_success"],
      ["live_irrelevance_1-1-0", true, undefined],
      ["live_irrelevance_2-2-0", false, "irrelevance_error:decoder_success"],
      ["live_relevance_0-0-0", true, undefined],
      ["live_relevance_1-1-0", true, undefined],
    ]);
  });

  it("sends the question's whole first turn, assistant messages included, and no tools where there are none", async () => {
    const seen: { messages: number; tools: number }[] = [];
    const recorder: Policy = {
      name: "recorder",
      act: async ({ messages, tools }) => {
        seen.push({ messages: messages.length, tools: tools.length });
        return { message: { role: "assistant", content: "ok" } };
      },
    };
    await runBfcl({
      policy: recorder,
      dataDir: dir,
      categories: ["live_irrelevance"],
      concurrency: 1,
    });
    expect(seen).toEqual([
      { messages: 1, tools: 1 },
      { messages: 1, tools: 0 },
      { messages: 4, tools: 1 },
    ]);
  });

  it("skips and counts malformed entries without stopping the category", async () => {
    const broken = writeBfclFixture();
    const file = join(broken, "BFCL_v4_live_irrelevance.json");
    appendFileSync(
      file,
      '{"id": "live_irrelevance_3-3-0", "question": [[{"role": "user"}]], "function": []}\n',
    );
    appendFileSync(file, "not json\n");
    appendFileSync(
      file,
      `${JSON.stringify({ id: "live_irrelevance_5-5-0", question: [[{ role: "user", content: "hello" }]], function: [] })}\n`,
    );
    const answers = join(broken, "possible_answer", "BFCL_v4_live_multiple.json");
    const [first, second] = BFCL_LIVE_FIXTURE.live_multiple.answers!.map((a) => JSON.stringify(a));
    writeFileSync(answers, `${first}\n${second.replace("play_music", "stop_music")}\n`);

    const result = await runBfcl({
      policy: "oracle",
      dataDir: broken,
      categories: ["live_multiple", "live_irrelevance"],
    });
    expect(result.categories.live_irrelevance).toMatchObject({ total: 4, correct: 4, skipped: 2 });
    expect(result.categories.live_multiple).toMatchObject({ total: 1, correct: 1, skipped: 1 });
    expect(result.overall).toMatchObject({ total: 5, correct: 5, skipped: 3 });
    expect(result.skipped).toEqual([
      {
        category: "live_multiple",
        file: answers,
        line: 2,
        id: "live_multiple_1-1-0",
        reason:
          'ground_truth.0: names function "stop_music", which entry live_multiple_1-1-0 does not define',
      },
      {
        category: "live_irrelevance",
        file,
        line: 4,
        id: undefined,
        reason: "question.0.0.content: Invalid input: expected string, received undefined",
      },
      expect.objectContaining({ category: "live_irrelevance", file, line: 5 }),
    ]);
  });
});
