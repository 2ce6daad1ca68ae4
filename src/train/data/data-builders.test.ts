import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chatTokenIds, trainChatTokenizer } from "../../chat/index.js";
import type { EnvironmentRecord, MathProblem, Trajectory } from "../../core/index.js";
import { readJsonl } from "../../core/index.js";
import { loadGsm8k, loadMawps } from "../../datasets/index.js";
import { evaluateExpression, executeTriceCandidate } from "../../env/index.js";
import { buildEnvironments } from "../../envgen/index.js";
import { Gpt, type Tokenizer } from "../../model/index.js";
import {
  createBuiltinPolicy,
  createOpenAIPolicy,
  createOraclePolicy,
  createScriptedPolicy,
} from "../../policy/index.js";
import { runRollouts } from "../../rollout/index.js";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import { startScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { augmentMathProblems } from "./augment-math-problems.js";
import { buildPreferencePairs } from "./build-preference-pairs.js";
import { sftFromEnvironments, sftFromMathProblems } from "./build-sft-examples.js";
import { buildTriceCandidateLists } from "./build-trice-candidate-lists.js";
import { padBatch } from "./pad-batch.js";
import {
  PreferencePairSchema,
  SftExampleSchema,
  TriceCandidateListSchema,
  writeJsonlRecords,
} from "./records.js";
import {
  candidateSequences,
  fitsContext,
  preferenceSequences,
  sftSequence,
  trajectorySequence,
} from "./token-sequences.js";

let sandbox: Sandbox;
let records: EnvironmentRecord[];
let math: MathProblem[];
let tokenizer: Tokenizer;
const dir = mkdtempSync(join(tmpdir(), "toolgym-data-"));

beforeAll(async () => {
  sandbox = await createSandbox();
  records = (await buildEnvironments({ count: 120, seed: 3, sandbox })).records;
  math = [...(await loadGsm8k({ limit: 150 })), ...(await loadMawps({ limit: 150 }))];
  return () => sandbox.dispose();
}, 60_000);

describe("sftFromEnvironments", () => {
  it("renders 120 built environments' gold plans, tool outputs masked, and round-trips as JSONL", async () => {
    const { examples, skipped } = await sftFromEnvironments({ records, sandbox });
    expect(skipped).toEqual([]);
    expect(examples).toHaveLength(120);
    const file = join(dir, "sft.jsonl");
    writeJsonlRecords(file, examples);
    expect(await readJsonl(file, SftExampleSchema)).toEqual(examples);

    tokenizer = trainChatTokenizer({
      conversations: [...examples, ...sftFromMathProblems(math)],
      vocabSize: 1024,
    });
    const special = chatTokenIds(tokenizer);
    for (const example of examples) {
      const { ids, lossMask } = sftSequence(example, { tokenizer });
      // Trained spans: exactly one per assistant message, each ending in <|end|>, and no tool
      // output inside one.
      const assistants = example.messages.filter((m) => m.role === "assistant").length;
      const starts = lossMask.filter((m, i) => m === 1 && lossMask[i - 1] === 0).length;
      expect(starts).toBe(assistants);
      lossMask.forEach((m, i) => {
        if (m === 1 && lossMask[i + 1] !== 1) expect(ids[i]).toBe(special.end);
        if (m === 1) expect(ids[i]).not.toBe(special.tool);
      });
      for (const message of example.messages) {
        if (message.role !== "tool" || message.content.length < 8) continue;
        const trained = tokenizer.decode(ids.filter((_, i) => lossMask[i] === 1));
        expect(trained).not.toContain(message.content);
      }
    }
    const sequences = examples.map((e) => sftSequence(e, { tokenizer }));
    const fit = sequences.filter((s) => fitsContext(s, 512));
    expect(fit.length / sequences.length).toBeGreaterThan(0.8);
    const batch = padBatch(fit.slice(0, 8));
    expect(batch.B).toBe(8);
    expect(batch.T).toBe(Math.max(...fit.slice(0, 8).map((s) => s.ids.length)) - 1);
    const model = new Gpt({
      config: { vocabSize: tokenizer.vocabSize, ctx: 512, dModel: 16, nLayer: 1, nHead: 2 },
    });
    const { logprobs } = model.forward(batch);
    expect(logprobs.every((lp, n) => (batch.mask[n] === 0 ? lp === 0 : lp < 0))).toBe(true);
  }, 60_000);
});

describe("sftFromMathProblems", () => {
  it("writes GSM8K and MAWPS problems in TRICE's format: calls that execute to the answer, direct answers where the tool is not needed", () => {
    const examples = sftFromMathProblems(math);
    expect(examples).toHaveLength(300);
    const counts = { tool: 0, direct: 0, "no-equation": 0 };
    for (const [i, example] of examples.entries()) {
      SftExampleSchema.parse(example);
      const response = example.messages[1].content as string;
      const executed = executeTriceCandidate(response);
      counts[example.meta.tool_need as keyof typeof counts]++;
      expect(executed.prediction).toBeCloseTo(math[i].answer, 3);
      expect(example.meta.used_tool).toBe(executed.usedTool);
      expect(executed.usedTool).toBe(example.meta.tool_need === "tool");
    }
    expect(counts.tool / examples.length).toBeGreaterThan(0.8);
    expect(counts.direct).toBeGreaterThan(5);
    expect(examples[150].messages).toEqual([
      { role: "user", content: math[150].question },
      { role: "assistant", content: "calculator(56 * 9)" },
    ]);
    // Without operators in the rule, every equation that gives the answer is a call, but for
    // bare numbers (the answer is in the question).
    const always = sftFromMathProblems(math, { directRule: { operators: "" } });
    for (const e of always.filter((e) => e.meta.tool_need === "direct"))
      expect(math.find((p) => p.id === e.id)!.formula).toMatch(/^\d+(\.\d+)?$/);
  });
});

describe("augmentMathProblems", () => {
  it("redraws the numbers of question and equation alike, recomputing the answer", () => {
    const problems: MathProblem[] = [
      {
        id: "a",
        question: "Sam has 56 books on each of 9 shelves. How many?",
        answer: 504,
        formula: "56 * 9",
        source: "t",
      },
      {
        id: "b",
        question: "Ann had 12 pens and lost 5. How many are left?",
        answer: 7,
        formula: "12 - 5",
        source: "t",
      },
      { id: "c", question: "Two and three?", answer: 5, formula: "2+3", source: "t" },
      { id: "d", question: "No equation 4.", answer: 4, source: "t" },
    ];
    const out = augmentMathProblems(problems, { copies: 20, seed: 3 });
    expect(out.filter((p) => !p.id.includes("~")).map((p) => p.id)).toEqual(["a", "b", "c", "d"]);
    const variants = out.filter((p) => p.id.includes("~"));
    expect(variants).toHaveLength(40); // c's numbers are not in its question, d has no equation
    for (const v of variants) {
      const result = evaluateExpression(v.formula!);
      expect(result.ok && result.value).toBe(v.answer);
      expect(v.answer).toBeGreaterThanOrEqual(0);
      const [x, y] = v.formula!.split(/ [*-] /);
      expect(v.question).toContain(` ${x} `);
      expect(v.question).toContain(` ${y}`);
      expect(x).not.toBe(y);
      expect(x).toMatch(/^\d\d$/); // as many digits as 56 and 12
    }
    expect(new Set(variants.map((v) => v.answer)).size).toBeGreaterThan(20);
    expect(augmentMathProblems(problems, { copies: 20, seed: 3 })).toEqual(out);
  });
});

describe("buildPreferencePairs", () => {
  it("pairs the better trajectory of an environment with the worse, exact sampled tokens kept", async () => {
    const some = records.slice(0, 40);
    const oracle = await runRollouts({ records: some, policy: createOraclePolicy(), sandbox });
    // A policy that answers at once: reward 0 wherever a call was needed.
    const lazy = await runRollouts({
      records: some,
      policy: createScriptedPolicy(["I don't know."], "lazy"),
      sandbox,
    });
    const relabel = (ts: Trajectory[], k: number) =>
      ts.map((t) => ({ ...t, id: `${t.env_id}#${k}` }));
    const trajectories = [...relabel(oracle.trajectories, 0), ...relabel(lazy.trajectories, 1)];
    const pairs = buildPreferencePairs({ trajectories, records: some });
    expect(pairs).toHaveLength(40);
    for (const pair of pairs) {
      PreferencePairSchema.parse(pair);
      expect(pair.chosen_reward).toBe(1);
      expect(pair.rejected_reward).toBe(0);
      expect(pair.prompt.map((m) => m.role)).toEqual(["system", "user"]);
      expect(pair.rejected).toEqual([{ role: "assistant", content: "I don't know." }]);
      const [chosen, rejected] = preferenceSequences(pair, { tokenizer });
      expect(chosen.ids.slice(0, 20)).toEqual(rejected.ids.slice(0, 20));
    }
    const file = join(dir, "pairs.jsonl");
    writeJsonlRecords(file, pairs);
    expect(await readJsonl(file, PreferencePairSchema)).toEqual(pairs);
    // Equal rewards make no pair; a margin filters; the tie order is deterministic.
    expect(
      buildPreferencePairs({ trajectories: relabel(oracle.trajectories, 0), records: some }),
    ).toEqual([]);
    expect(buildPreferencePairs({ trajectories, records: some, minMargin: 1 })).toEqual([]);

    // Trajectories of the built-in model carry their tokens into the pair, used verbatim.
    const model = new Gpt({
      config: { vocabSize: tokenizer.vocabSize, ctx: 768, dModel: 16, nLayer: 1, nHead: 2 },
    });
    const sampled = await runRollouts({
      records: some.slice(0, 4),
      policy: createBuiltinPolicy({ model, tokenizer, maxNewTokens: 8 }),
      samplesPerEnv: 2,
      maxTurns: 1,
      sandbox,
    });
    const withTokens = buildPreferencePairs({
      trajectories: [...sampled.trajectories, ...relabel(oracle.trajectories.slice(0, 4), 9)],
      records: some,
      pairsPerEnv: 1,
    }).filter((p) => p.rejected_tokens !== undefined);
    for (const pair of withTokens) {
      const [, rejected] = preferenceSequences(pair, { tokenizer });
      expect(rejected.ids).toEqual(pair.rejected_tokens!.ids);
      expect(rejected.logprobs).toEqual(pair.rejected_tokens!.logprobs);
    }
    const t = sampled.trajectories[0];
    expect(trajectorySequence(t)).toEqual({
      ids: t.tokens!.ids,
      lossMask: t.tokens!.loss_mask,
      logprobs: t.tokens!.logprobs,
    });
    expect(trajectorySequence(oracle.trajectories[0])).toBeUndefined();
  }, 60_000);
});

describe("buildTriceCandidateLists", () => {
  it("gathers gold, scripted, built-in and OpenAI-endpoint candidates per question and scores them", async () => {
    const problems = math.slice(140, 160); // GSM8K and MAWPS
    const server = await startScriptedChatServer({
      handler: ({ body }) => {
        const question = String(body.messages.at(-1)?.content);
        const problem = problems.find((p) => p.question === question)!;
        return `The answer is ${problem.answer}.`;
      },
    });
    try {
      const model = new Gpt({
        config: { vocabSize: tokenizer.vocabSize, ctx: 512, dModel: 16, nLayer: 1, nHead: 2 },
      });
      const lists = await buildTriceCandidateLists({
        problems,
        sources: [
          { name: "wrong", policy: createScriptedPolicy([() => "calculator(0-1)"]), samples: 1 },
          { policy: createBuiltinPolicy({ model, tokenizer, maxNewTokens: 12 }), samples: 3 },
          {
            name: "endpoint",
            policy: createOpenAIPolicy({
              model: "m",
              baseURL: server.url,
              apiKey: "k",
              toolFormat: "native",
            }),
            samples: 1,
          },
        ],
      });
      expect(lists.map((l) => l.id)).toEqual(problems.map((p) => p.id));
      for (const list of lists) {
        TriceCandidateListSchema.parse(list);
        expect(list.candidates.map((c) => c.source)).toEqual([
          "gold",
          "wrong",
          "builtin",
          "builtin",
          "builtin",
          "endpoint",
        ]);
        const [gold, wrong, , , , endpoint] = list.candidates;
        expect(gold.score).toBe(3);
        expect(wrong).toMatchObject({ prediction: -1, used_tool: true });
        expect(wrong.score).toBeLessThan(1);
        // Right answer given directly: 2 when the gold answers directly too, else 1.
        expect(endpoint.score).toBe(list.gold_used_tool ? 1 : 2);
        for (const c of list.candidates) expect(c.score).toBeGreaterThanOrEqual(0);
      }
      const { sequences, scores } = candidateSequences(lists[0], { tokenizer });
      expect(sequences).toHaveLength(6);
      expect(scores[0]).toBe(3);
      const batch = padBatch(sequences);
      expect(batch.B).toBe(6);
      const file = join(dir, "trice.jsonl");
      writeJsonlRecords(file, lists);
      expect(await readJsonl(file, TriceCandidateListSchema)).toEqual(lists);
    } finally {
      await server.close();
    }
  }, 60_000);
});
