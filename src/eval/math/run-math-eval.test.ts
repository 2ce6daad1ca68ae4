import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MathProblem } from "../../core/index.js";
import { defaultDataDir, loadMathData } from "../../datasets/index.js";
import { createOpenAIPolicy, createScriptedPolicy } from "../../policy/index.js";
import { startScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { MATH_EXAMPLES, MATH_SYSTEM_PROMPTS, mathMessages } from "./math-prompt.js";
import { runMathEpisode } from "./run-math-episode.js";
import { runMathEval } from "./run-math-eval.js";

const dir = mkdtempSync(join(tmpdir(), "toolgym-math-eval-"));

/** ASDiv-A's problems whose gold equation does not give the stated answer: ceil/floor divisions, and 10/3 given as 3.333. */
const ASDIV_A_EXCEPTIONS = [
  "nluds-0575",
  "nluds-0754",
  "nluds-0756",
  "nluds-0758",
  "nluds-0760",
  "nluds-0762",
  "nluds-0764",
  "nluds-0766",
  "nluds-0768",
  "nluds-0772",
  "nluds-0774",
  "nluds-0776",
  "nluds-0778",
  "nluds-0780",
  "nluds-0782",
  "nluds-0784",
  "nluds-0786",
  "nluds-0788",
  "nluds-0790",
  "nluds-0792",
  "nluds-0794",
  "nluds-0798",
  "nluds-0800",
  "nluds-0802",
  "nluds-0806",
  "nluds-0808",
  "nluds-0810",
  "nluds-0812",
  "nluds-0906",
];
/** MAWPS + ASDiv-A's: rounded answers (2.99/12 = 0.25), and a few equations that miss. */
const MAWPS_EXCEPTIONS = [
  "mawps-83",
  "mawps-122",
  "mawps-287",
  "mawps-402",
  "mawps-597",
  "mawps-631",
  "mawps-767",
  "mawps-1119",
  "mawps-1361",
  "mawps-1437",
  "mawps-1822",
  "mawps-1849",
  "mawps-1914",
  "mawps-2368",
];

describe.skipIf(!existsSync(defaultDataDir("asdiv")))(
  "the oracle (gold equations) on every loader's data",
  () => {
    it.each([
      ["asdiv-a", 1218, ASDIV_A_EXCEPTIONS.length],
      ["asdiv", 2092, 512],
      ["mawps", 3138, MAWPS_EXCEPTIONS.length],
      ["gsm8k", 7473, 474],
    ])(
      "%s: right exactly where the gold equation gives the stated answer",
      async (data, n, exceptions) => {
        const { problems } = await loadMathData({ data });
        const result = await runMathEval({
          problems,
          policy: "oracle",
          toolFormat: "text",
          concurrency: 64,
        });
        expect(result.overall.problems).toBe(n);
        const wrong = result.trajectories.filter((t) => !t.correct).map((t) => t.problem_id);
        expect(wrong).toEqual(result.gold_equation_exceptions.map((e) => e.id));
        expect(wrong).toHaveLength(exceptions);
        if (data === "asdiv-a") expect(wrong).toEqual(ASDIV_A_EXCEPTIONS);
        if (data === "mawps") expect(wrong).toEqual(MAWPS_EXCEPTIONS);
        // Only problems without an equation are answered without the calculator.
        const noEquation = result.gold_equation_exceptions.filter(
          (e) => e.reason === "no gold equation",
        );
        expect(result.overall.without_tool.problems).toBe(noEquation.length);
      },
      60_000,
    );

    it("plays the native format too: call, tool message, answer", async () => {
      const { problems } = await loadMathData({ data: "asdiv-a" });
      const result = await runMathEval({
        problems,
        policy: "oracle",
        toolFormat: "native",
        concurrency: 64,
      });
      const wrong = result.trajectories.filter((t) => !t.correct).map((t) => t.problem_id);
      // The tool message shows 10/3 as 3.33333, which is within tolerance of the stated 3.333.
      expect(wrong).toEqual(ASDIV_A_EXCEPTIONS.filter((id) => id !== "nluds-0575"));
      expect(result.trajectories[0].messages.map((m) => m.role)).toEqual([
        "system",
        "user",
        "assistant",
        "tool",
        "assistant",
      ]);
      expect(result.by_type.Addition.accuracy).toBe(1);
      expect(result.by_tool_need).toMatchObject({
        direct: { problems: 175, accuracy: 1 },
        tool: { problems: 1014, accuracy: 1 },
        "no-equation": { problems: 29, accuracy: 1 / 29 },
      });
    }, 60_000);
  },
);

const problems: MathProblem[] = [
  {
    id: "p1",
    question: "Sam had 18 apples and ate 10. How many are left?",
    answer: 8,
    formula: "18 - 10",
    type: "Subtraction",
    source: "t",
  },
  {
    id: "p2",
    question: "Ann has 7 red and 2 green balls. How many balls?",
    answer: 9,
    formula: "7+2",
    type: "Addition",
    source: "t",
  },
  {
    id: "p3",
    question: "A box holds 56 books on each of 9 shelves. How many books?",
    answer: 504,
    formula: "56 * 9",
    type: "Multiplication",
    source: "t",
  },
  {
    id: "p4",
    question: "Tim has $1,200 and spends $15. How much is left?",
    answer: 1185,
    formula: "1200 - 15",
    type: "Subtraction",
    source: "t",
  },
];

describe("runMathEpisode", () => {
  it("TRICE's text format: the last call's value is the answer, else the final number", async () => {
    const play = async (reply: string, p = problems[0]) =>
      runMathEpisode({
        problem: p,
        policy: createScriptedPolicy([reply]),
        toolFormat: "text",
        messages: mathMessages({ question: p.question, format: "text" }),
      });
    expect(await play("calculator(18 - 10) gives (8).")).toMatchObject({
      prediction: 8,
      correct: true,
      used_tool: true,
      calls: [{ turn: 0, expression: "18 - 10", value: 8 }],
      stop: "answer",
      tool_need: "tool",
    });
    expect(await play("The answer is 9 balls.", problems[1])).toMatchObject({
      prediction: 9,
      correct: true,
      used_tool: false,
      calls: [],
      tool_need: "direct",
    });
    expect(await play("calculator(18 - x)")).toMatchObject({
      prediction: null,
      correct: false,
      used_tool: true,
      calls: [{ expression: "18 - x", error: 'unknown name "x"' }],
    });
    expect(await play("No idea.")).toMatchObject({ prediction: null, used_tool: false });
    expect(await play("She has $1,185 left, 2 bills.", problems[3])).toMatchObject({
      prediction: 2,
      correct: false,
    });
  });

  it("native: errors are observations the model reads, and turns can run out", async () => {
    const call = (args: string, name = "calculator") => ({
      role: "assistant" as const,
      content: null,
      tool_calls: [{ id: "c", type: "function" as const, function: { name, arguments: args } }],
    });
    const t = await runMathEpisode({
      problem: problems[2],
      policy: createScriptedPolicy([
        call('{"expression": "56 * 9"'),
        call('{"expression": "56*9"}', "calc"),
        call('{"expression": "56*9"}'),
        "So **504** books.",
      ]),
      toolFormat: "native",
      messages: mathMessages({ question: problems[2].question, format: "native" }),
    });
    expect(t.messages.filter((m) => m.role === "tool").map((m) => m.content)).toEqual([
      "error: arguments are not valid JSON",
      'error: unknown tool "calc"; the only tool is calculator',
      "504",
    ]);
    expect(t).toMatchObject({ prediction: 504, correct: true, used_tool: true, stop: "answer" });
    const endless = await runMathEpisode({
      problem: problems[2],
      policy: createScriptedPolicy(
        [() => call('{"expression": "1"}')].concat(
          Array(5).fill(() => call('{"expression": "1"}')),
        ),
      ),
      toolFormat: "native",
      maxTurns: 2,
      messages: [],
    });
    expect(endless).toMatchObject({ stop: "max_turns", prediction: null, correct: false });
    expect(endless.calls).toHaveLength(2);
  });
});

describe("runMathEval with an OpenAI-compatible endpoint (scripted server)", () => {
  it("native tool calls: the calculator goes in `tools`, its results come back as tool messages", async () => {
    const server = await startScriptedChatServer({
      handler: ({ body }) => {
        const question = String(body.messages.find((m) => m.role === "user")?.content);
        const p = problems.find((q) => q.question === question)!;
        const last = body.messages.at(-1)!;
        if (last.role === "tool") return `The answer is ${last.content}.`;
        if (p.id === "p4") return "I think 1,185 dollars."; // answers without the tool
        return {
          kind: "reply",
          toolCalls: [{ name: "calculator", arguments: { expression: p.formula! } }],
        };
      },
    });
    try {
      const policy = createOpenAIPolicy({
        model: "m",
        baseURL: server.url,
        apiKey: "k",
        toolFormat: "native",
      });
      const result = await runMathEval({
        problems,
        policy,
        toolFormat: "native",
        examples: MATH_EXAMPLES.slice(0, 1),
      });
      expect(result.overall).toMatchObject({
        problems: 4,
        correct: 4,
        tool_use_rate: 0.75,
        calculator_calls: 3,
        calculator_errors: 0,
      });
      expect(result.overall.without_tool).toEqual({ problems: 1, accuracy: 1 });
      const first = server.requests[0];
      expect(first.tools?.map((t) => t.function.name)).toEqual(["calculator"]);
      expect(first.messages[0]).toMatchObject({ role: "system" });
      expect(String(first.messages[0].content)).toContain(MATH_SYSTEM_PROMPTS.native);
      expect(String(first.messages[0].content)).toContain(
        'Call: calculator {"expression":"48+48/2"}',
      );
      const toolTurn = server.requests.find((r) => r.messages.at(-1)?.role === "tool")!;
      expect(toolTurn.messages.at(-2)?.tool_calls?.[0].function.name).toBe("calculator");
      expect(result.by_type.Subtraction.problems).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("TRICE's text format: no tools sent, calculator(...) read from the text", async () => {
    const server = await startScriptedChatServer({
      handler: ({ body }) => {
        const question = String(body.messages.at(-1)?.content);
        const p = problems.find((q) => q.question === question)!;
        if (p.id === "p1") return "calculator(18 - 10) gives (8).";
        if (p.id === "p2") return "The answer is 9.";
        if (p.id === "p3") return "calculator(56 * ) = 504";
        return "calculator(1200 - 15)";
      },
    });
    try {
      const policy = createOpenAIPolicy({
        model: "m",
        baseURL: server.url,
        apiKey: "k",
        toolFormat: "text",
      });
      const result = await runMathEval({ problems, policy, toolFormat: "text" });
      expect(server.requests.every((r) => r.tools === undefined)).toBe(true);
      expect(server.requests[0].messages[0].content).toBe(MATH_SYSTEM_PROMPTS.text);
      expect(result.trajectories.map((t) => [t.prediction, t.used_tool])).toEqual([
        [8, true],
        [9, false],
        [null, true],
        [1185, true],
      ]);
      expect(result.overall).toMatchObject({ correct: 3, calculator_errors: 1, no_answer: 1 });
    } finally {
      await server.close();
    }
  });
});

describe("runMathEval's output", () => {
  it("appends trajectories and resumes: problems already there are not played again", async () => {
    const out = join(dir, "resume", "trajectories.jsonl");
    const asked: string[] = [];
    const policy = createScriptedPolicy([
      (request) => {
        asked.push(String(request.messages.at(-1)?.content));
        return "The answer is 8.";
      },
    ]);
    const first = await runMathEval({
      problems: problems.slice(0, 2),
      policy,
      toolFormat: "text",
      out,
    });
    expect(first).toMatchObject({ played: 2, resumed: 0 });
    appendFileSync(out, '{"id": "torn'); // a crash mid-write
    const second = await runMathEval({ problems, policy, toolFormat: "text", out, system: null });
    expect(second).toMatchObject({ played: 2, resumed: 2 });
    expect(asked).toHaveLength(4);
    expect(second.trajectories.map((t) => t.problem_id)).toEqual(["p1", "p2", "p3", "p4"]);
    expect(second.overall.correct).toBe(1);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(4);
    writeFileSync(join(dir, "unused"), "");
  });
});
