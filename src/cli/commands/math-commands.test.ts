import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readJsonl } from "../../core/index.js";
import { MathTrajectorySchema } from "../../eval/math/index.js";
import { startScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { SftExampleSchema, TriceCandidateListSchema } from "../../train/index.js";
import { runCli as run } from "../test-helpers/run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-math-cli-"));
afterEach(() => vi.restoreAllMocks());

/** Three SVAMP-format records: the challenge set is held out, so the tests make their own. */
function svampFile(dir: string): string {
  const file = join(dir, "svamp.json");
  const record = (
    ID: string,
    Body: string,
    Question: string,
    Equation: string,
    Answer: number,
    Type: string,
  ) => ({ ID, Body, Question, Equation, Answer, Type });
  writeFileSync(
    file,
    JSON.stringify([
      record(
        "chal-1",
        "Jack had 18 marbles. He lost 10.",
        "How many are left?",
        "( 18.0 - 10.0 )",
        8,
        "Subtraction",
      ),
      record(
        "chal-2",
        "A shelf holds 56 books on each of 9 rows.",
        "How many books?",
        "( 56.0 * 9.0 )",
        504,
        "Multiplication",
      ),
      record(
        "chal-3",
        "There were 7 ducks and 2 more came.",
        "How many ducks?",
        "( 7.0 + 2.0 )",
        9,
        "Addition",
      ),
    ]),
  );
  return file;
}

describe("toolgym math eval", () => {
  it("scores the oracle 100% on SVAMP-format data, writes metrics per type, resumes", async () => {
    const dir = tmp();
    const data = svampFile(dir);
    const out = join(dir, "oracle");
    const { stdout, code } = await run(
      "math",
      "eval",
      "--data",
      data,
      "--policy",
      "oracle",
      "--out",
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/overall\s+3\s+100\.0%\s+100\.0%/);
    expect(stdout).toMatch(/Multiplication\s+1\s+100\.0%/);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics).toMatchObject({
      data,
      policy: "oracle",
      tool_format: "text",
      overall: { problems: 3, correct: 3, accuracy: 1, tool_use_rate: 1 },
      by_tool_need: { direct: { problems: 1 }, tool: { problems: 2 } },
      gold_equation_exceptions: [],
    });
    expect(await readJsonl(join(out, "trajectories.jsonl"), MathTrajectorySchema)).toHaveLength(3);
    const again = await run("math", "eval", "--data", data, "--policy", "oracle", "--out", out);
    expect(again.stdout).toMatch(/0 problems .*3 already done \(resumed\)/);
    // Another format into the same directory would mix two runs' episodes into one metric.
    const mixed = await run(
      "math",
      "eval",
      "--data",
      data,
      "--policy",
      "oracle",
      "--out",
      out,
      "--tool-format",
      "native",
    );
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(
      /--out: .*trajectories\.jsonl:1 is an episode of oracle \(text\), not oracle \(native\)/,
    );
  });

  it("asks an endpoint in TRICE's text format with the given system prompt and examples", async () => {
    const dir = tmp();
    const system = join(dir, "system.txt");
    writeFileSync(system, "Use calculator(<expr>) or say The answer is N.\n");
    const server = await startScriptedChatServer({
      handler: ({ body }) => {
        const question = String(body.messages.at(-1)?.content);
        if (question.includes("marbles")) return "calculator(18 - 10) gives (8).";
        if (question.includes("books")) return "That is 56 × 9 = 504 books.";
        return "calculator(7 +)";
      },
    });
    try {
      const out = join(dir, "endpoint");
      const { stdout, code } = await run(
        "math",
        "eval",
        "--data",
        svampFile(dir),
        "--policy",
        `openai:m@${server.url}`,
        "--out",
        out,
        "--tool-format",
        "text",
        "--system",
        system,
        "--examples",
        "1",
      );
      expect(code).toBe(0);
      expect(stdout).toMatch(/overall\s+3\s+66\.7%\s+66\.7%/);
      const sent = String(server.requests[0].messages[0].content);
      expect(sent).toMatch(
        /^Use calculator\(<expr>\) or say The answer is N\.\n\nExamples:\n\nQuestion: Natalia/,
      );
      expect(server.requests[0].tools).toBeUndefined();
      const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
      expect(metrics.overall).toMatchObject({ calculator_errors: 1, no_answer: 1 });
    } finally {
      await server.close();
    }
  });

  it("names the file, record and field of bad data, and exits 2", async () => {
    const dir = tmp();
    const data = join(dir, "bad.json");
    writeFileSync(
      data,
      JSON.stringify([{ ID: "chal-1", Body: "b", Question: "q?", Equation: "1", Type: "t" }]),
    );
    const { stderr, code } = await run(
      "math",
      "eval",
      "--data",
      data,
      "--policy",
      "oracle",
      "--out",
      join(dir, "o"),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.json: field "Answer" record 1 \(ID "chal-1"\)/);
  });
});

describe("toolgym trice", () => {
  it("sft: Stage I examples with calculator calls and direct answers", async () => {
    const dir = tmp();
    const out = join(dir, "sft.jsonl");
    const { stdout, code } = await run(
      "trice",
      "sft",
      "--data",
      "asdiv-a",
      "--folds",
      "0",
      "--digits",
      "--out",
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^238 Stage I examples → .*: \d+ call the calculator, \d+ answer directly \(small operations\), \d+ answer directly \(no equation/,
    );
    const examples = await readJsonl(out, SftExampleSchema);
    expect(examples).toHaveLength(238);
    const direct = examples.find((e) => e.meta.tool_need === "direct")!;
    expect(direct.messages[1].content).toMatch(/^The answer is \d+\.$/);
    const tool = examples.find((e) => e.meta.tool_need === "tool")!;
    expect(tool.messages[1].content).toMatch(/^calculator\(.+\)$/);
    expect(
      examples.some((e) => /\b(two|three|four|five)\b/i.test(String(e.messages[0].content))),
    ).toBe(false);
  });

  it("candidates: gold, its other form and endpoint samples with and without the tool, scored", async () => {
    const dir = tmp();
    const server = await startScriptedChatServer({
      handler: ({ body }) => {
        const withTool = String(body.messages[0].content).includes("calculator(<expression>)");
        const question = String(body.messages.at(-1)?.content);
        if (question.includes("marbles"))
          return withTool ? "calculator(18-10)" : "The answer is 8.";
        if (question.includes("books")) return withTool ? "calculator(56*9)" : "The answer is 500.";
        return withTool ? "calculator(7+2)" : "9 ducks.";
      },
    });
    try {
      const out = join(dir, "lists.jsonl");
      const { stdout, code } = await run(
        "trice",
        "candidates",
        "--data",
        svampFile(dir),
        "--out",
        out,
        "--gold-other-form",
        "--source",
        `openai:m@${server.url},samples=2,name=tool`,
        "--source",
        `openai:m@${server.url},tool=off`,
      );
      expect(code).toBe(0);
      expect(stdout).toMatch(/3 candidate lists/);
      expect(stdout).toMatch(/gold: 3 candidates, mean score 3\.000/);
      const lists = await readJsonl(out, TriceCandidateListSchema);
      expect(lists[0].candidates.map((c) => [c.source, c.response, c.score])).toEqual([
        ["gold", "calculator(18 - 10)", 3],
        ["gold-other", "The answer is 8.", 1],
        ["tool", "calculator(18-10)", 2],
        ["tool", "calculator(18-10)", 2],
        ["openai:m (no tool)", "The answer is 8.", 1],
      ]);
      expect(lists[1].candidates.map((c) => [c.source, c.score])).toEqual([
        ["gold", 3],
        ["gold-other", 1],
        ["tool", 2],
        ["tool", 2],
        ["openai:m (no tool)", 1 / 5],
      ]);
      // 7 + 2 is a one-digit fact: the gold answers directly, its other form calls the tool.
      expect(lists[2].candidates.map((c) => [c.source, c.response, c.score])).toEqual([
        ["gold", "The answer is 9.", 3],
        ["gold-other", "calculator(7 + 2)", 1],
        ["tool", "calculator(7+2)", 1],
        ["tool", "calculator(7+2)", 1],
        ["openai:m (no tool)", "9 ducks.", 2],
      ]);
      expect(server.requests).toHaveLength(9);
    } finally {
      await server.close();
    }
    const bad = await run(
      "trice",
      "candidates",
      "--data",
      svampFile(dir),
      "--out",
      join(dir, "x"),
      "--source",
      "builtin:nowhere,tool=off",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--source: "builtin:nowhere,tool=off": the built-in model reads no system prompt/,
    );
    const typo = await run(
      "trice",
      "candidates",
      "--data",
      svampFile(dir),
      "--out",
      join(dir, "x"),
      "--source",
      "openai:m@http://x,sample=2",
    );
    expect(typo.stderr).toMatch(/sample=2 is not one of samples=, temperature=, tool=, name=/);
  });
});
