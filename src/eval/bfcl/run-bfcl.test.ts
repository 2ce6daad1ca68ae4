import { describe, expect, it } from "vitest";
import { type AssistantMessage, ConfigError } from "../../core/index.js";
import type { Policy, PolicyRequest } from "../../policy/policy.js";
import { formatBfclTable } from "./bfcl-result.js";
import { runBfcl } from "./run-bfcl.js";

describe("runBfcl with the oracle (acceptance)", () => {
  it("scores 100% in every category of the shared BFCL v4 data", async () => {
    const result = await runBfcl({ policy: "oracle" });
    const accuracy = Object.fromEntries(
      Object.entries(result.categories).map(([name, c]) => [name, [c.total, c.accuracy]]),
    );
    expect(accuracy).toEqual({
      simple_python: [400, 1],
      multiple: [200, 1],
      parallel: [200, 1],
      parallel_multiple: [200, 1],
      irrelevance: [240, 1],
    });
    expect(result.overall).toEqual({
      total: 1240,
      correct: 1240,
      accuracy: 1,
      meanAccuracy: 1,
      skipped: 0,
    });
    expect(result.skipped).toEqual([]);
    expect(result.policy).toBe("oracle");
  });
});

/** Answers each question from a table keyed by the question's text, like a model would. */
function scriptedPolicy(
  answers: (question: string, request: PolicyRequest) => AssistantMessage,
): Policy {
  return {
    name: "scripted",
    act: async (request) => {
      const question = request.messages.find((m) => m.role === "user")?.content ?? "";
      return { message: answers(question as string, request) };
    },
  };
}

const call = (name: string, args: string) => ({
  id: `c_${name}`,
  type: "function" as const,
  function: { name, arguments: args },
});

describe("runBfcl with a policy", () => {
  const policy = scriptedPolicy((question, request) => {
    if (question.startsWith("Find the area of a triangle"))
      return {
        role: "assistant",
        content: null,
        tool_calls: [call("calculate_triangle_area", '{"base": 10, "height": 5}')],
      };
    if (question.startsWith("Calculate the factorial of 5"))
      return {
        role: "assistant",
        content:
          '<tool_call>\n{"name": "math_factorial", "arguments": {"number": 5}}\n</tool_call>',
      };
    if (question.startsWith("Calculate the hypotenuse"))
      return {
        role: "assistant",
        content: null,
        tool_calls: [call("math.hypot", '{"x": 4, "y": 5')],
      };
    // Irrelevance: irrelevance_0 gets a call (wrong), the others an answer in words (right).
    if (question.startsWith("Calculate the area of a triangle given the base is 10 meters"))
      return {
        role: "assistant",
        content: null,
        tool_calls: [call(request.tools[0].function.name, "{}")],
      };
    return { role: "assistant", content: "I cannot help with that using these tools." };
  });

  it("judges native calls, text-format calls and broken arguments, never throwing", async () => {
    const progress: number[] = [];
    const result = await runBfcl({
      policy,
      categories: ["simple_python", "irrelevance"],
      limit: 3,
      concurrency: 2,
      onProgress: ({ done, total }) => progress.push(done / total),
    });
    const byId = Object.fromEntries(result.entries.map((e) => [e.id, e]));
    expect(byId.simple_python_0).toMatchObject({ correct: true });
    expect(byId.simple_python_1).toMatchObject({
      correct: true,
      calls: [{ name: "math_factorial", arguments: '{"number":5}' }],
    });
    expect(byId.simple_python_2).toMatchObject({
      correct: false,
      reason: "ast_decoder:decoder_failed",
    });
    expect(result.categories.simple_python).toMatchObject({
      total: 3,
      correct: 2,
      errors: { "ast_decoder:decoder_failed": 1 },
    });
    const irrelevance = result.entries.filter((e) => e.category === "irrelevance");
    expect(irrelevance).toHaveLength(3);
    expect(irrelevance.map((e) => [e.id, e.correct, e.reason])).toEqual([
      ["irrelevance_0", false, "irrelevance_error:decoder_success"],
      ["irrelevance_1", true, undefined],
      ["irrelevance_2", true, undefined],
    ]);
    expect(result.policy).toBe("scripted");
    expect(progress).toHaveLength(6);
    expect(progress.at(-1)).toBe(1);
  });

  it("rejects unknown categories, listing the valid ones and the groups", async () => {
    await expect(runBfcl({ policy: "oracle", categories: ["simple", "multiple"] })).rejects.toThrow(
      ConfigError,
    );
    await expect(runBfcl({ policy: "oracle", categories: ["simple"] })).rejects.toThrow(
      /simple_python, multiple, .*live_relevance, or the groups live, non_live/,
    );
    await expect(runBfcl({ policy: "oracle", categories: ["toString"] })).rejects.toThrow(
      ConfigError,
    );
    await expect(runBfcl({ policy: "oracle", categories: [] })).rejects.toThrow(/none given/);
  });

  it("expands the group non_live, each category once", async () => {
    const result = await runBfcl({
      policy: "oracle",
      categories: ["irrelevance", "non_live"],
      limit: 1,
    });
    expect(result.entries.map((e) => e.id)).toEqual([
      "irrelevance_0",
      "simple_python_0",
      "multiple_0",
      "parallel_0",
      "parallel_multiple_0",
    ]);
  });

  it("rejects when the policy fails (an operator error, not a wrong answer)", async () => {
    const dead: Policy = {
      name: "dead",
      act: async () => {
        throw new Error("endpoint down");
      },
    };
    await expect(runBfcl({ policy: dead, categories: ["multiple"], limit: 2 })).rejects.toThrow(
      "endpoint down",
    );
  });
});

describe("formatBfclTable", () => {
  it("prints one row per category, the overall row and the mean", async () => {
    const result = await runBfcl({
      policy: "oracle",
      categories: ["multiple", "irrelevance"],
      limit: 5,
    });
    const broken = { ...result, entries: [] };
    broken.categories = {
      ...result.categories,
      multiple: {
        total: 5,
        correct: 4,
        accuracy: 0.8,
        skipped: 2,
        errors: { "value_error:string": 1 },
      },
    };
    const table = formatBfclTable(broken);
    const lines = table.split("\n");
    expect(lines[0]).toBe("BFCL — policy oracle");
    expect(lines[1]).toMatch(
      /^category\s+entries\s+correct\s+accuracy\s+skipped\s+most common error$/,
    );
    expect(lines[2]).toMatch(/^multiple\s+5\s+4\s+80\.0%\s+2\s+value_error:string \(1\)$/);
    expect(lines[3]).toMatch(/^irrelevance\s+5\s+5\s+100\.0%\s+0\s+-$/);
    expect(lines[4]).toMatch(/^overall\s+10\s+10\s+100\.0%\s+0$/);
    expect(lines[5]).toBe("mean accuracy over categories: 100.0%");
  });
});
