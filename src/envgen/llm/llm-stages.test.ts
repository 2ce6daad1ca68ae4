import { afterEach, describe, expect, it } from "vitest";
import type { ScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { CandidateRejection } from "../stages/candidate-rejection.js";
import type { ComplexityKnobs, StageContext } from "../stages/stage-types.js";
import { createJsonChatClient } from "./json-chat-client.js";
import { createLlmComplexityScalingStage } from "./llm-complexity-scaling-stage.js";
import { createLlmDecompositionStage } from "./llm-decomposition-stage.js";
import { createLlmDocumentGenerationStage } from "./llm-document-generation-stage.js";
import { createLlmFunctionIntegrationStage } from "./llm-function-integration-stage.js";
import { fixture, startStageServer } from "./test-helpers/scripted-stage-server.js";

const NO_COMPLEXITY: ComplexityKnobs = {
  functionalGeneralization: 0,
  parameterExpansion: 0,
  parameterTypeGeneralization: 0,
  distractors: 0,
  nearDuplicates: 0,
};
const context: StageContext = { seed: 7, index: 3, attempt: 0, complexity: NO_COMPLEXITY };
const seeds = [{ topic: "world capitals and populations" }];
const portugal = (file: string) => fixture("portugal", file);

let server: ScriptedChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: Parameters<typeof startStageServer>[0]) {
  const started = await startStageServer(script);
  server = started.server;
  const client = createJsonChatClient({
    model: "gen-model",
    baseURL: server.url,
    timeoutMs: 5_000,
  });
  return { ...started, client };
}

describe("LLM stages 1-4", () => {
  it("run in order on recorded replies: repaired JSON, a re-ask, a merge, complexity", async () => {
    const { server, client, requestsByStage } = await setup({
      decomposition: [portugal("1-decomposition")],
      documentGeneration: [
        portugal("2-document-generation.invalid"),
        portugal("2-document-generation"),
      ],
      functionIntegration: [portugal("3-function-integration")],
      complexityScaling: [portugal("4-complexity-scaling")],
    });
    const decomposed = await createLlmDecompositionStage({ client, seeds }).run(
      { id: "env-3", scenario: "parallel_single_hop" },
      context,
    );
    expect(decomposed).toMatchObject({
      id: "env-3",
      scenario: "parallel_single_hop",
      answer: "Lisbon, 10,467,366",
      source: "llm:gen-model",
      seed: 7,
      phrasings: [],
      entities: [{ kind: "country", name: "Portugal" }],
    });
    expect(decomposed.steps.map((s) => [s.answer, s.after, s.operation.capability])).toEqual([
      ["Lisbon", [], "get_country_capital"],
      ["10,467,366", [], "get_country_population"],
    ]);
    const firstPrompt = server.requests[0]!.messages[1]!.content as string;
    expect(firstPrompt).toContain('"topic": "world capitals and populations"');
    expect(firstPrompt).toContain('"candidate": "3/0"');

    const documented = await createLlmDocumentGenerationStage({ client }).run(decomposed, context);
    expect(requestsByStage.documentGeneration).toBe(2);
    const reask = server.requests[2]!.messages.at(-1)!.content as string;
    expect(reask).toMatch(/^Your answer could not be used: the JSON does not match the schema/);
    expect(reask).toContain("tools.0.parameters");
    expect(documented.tools.map((t) => [t.spec.function.name, t.family, t.role])).toEqual([
      ["get_country_capital", "lookup", "needed"],
      ["get_country_population", "lookup", "needed"],
    ]);
    expect(documented.steps[1]!.call).toEqual({
      tool: "get_country_population",
      arguments: { country: "Portugal" },
    });

    const integrated = await createLlmFunctionIntegrationStage({ client }).run(documented, context);
    expect(integrated.merges).toEqual([
      { into: "get_country_info", from: ["get_country_capital", "get_country_population"] },
    ]);
    expect(integrated.steps.map((s) => s.call.arguments)).toEqual([
      { country: "Portugal", field: "capital" },
      { country: "Portugal", field: "population" },
    ]);

    const knobs = { ...NO_COMPLEXITY, parameterExpansion: 1, distractors: 1 };
    const scaled = await createLlmComplexityScalingStage({ client }).run(integrated, {
      ...context,
      complexity: knobs,
    });
    const scalingInput = server.requests.at(-1)!.messages[1]!.content as string;
    expect(scalingInput).toContain('"parameter_expansion": 1');
    expect(scalingInput).toContain('"distractors": 1');
    expect(scaled.tools.map((t) => [t.spec.function.name, t.role, t.family])).toEqual([
      ["get_country_info", "needed", "lookup"],
      ["get_exchange_rate", "distractor", "conversion"],
    ]);
    expect(scaled.complexity).toEqual({
      functionalGeneralization: [],
      parameterExpansion: ["get_country_info"],
      parameterTypeGeneralization: [],
      distractors: ["get_exchange_rate"],
      nearDuplicates: [],
    });
    expect(server.requests).toHaveLength(5);
  });

  it("skips complexity scaling without a request when every knob is zero", async () => {
    const { server, client } = await setup({});
    const integrated = {
      id: "env-0",
      scenario: "single_hop" as const,
      question: "q",
      answer: "a",
      steps: [],
      entities: [],
      phrasings: [],
      source: "llm:gen-model",
      seed: 1,
      tools: [],
      merges: [],
    };
    const scaled = await createLlmComplexityScalingStage({ client }).run(integrated, context);
    expect(scaled.complexity.distractors).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("feeds a plan that does not fit the scenario back, then rejects the candidate", async () => {
    const { server, client } = await setup({
      decomposition: [portugal("1-decomposition"), portugal("1-decomposition")],
    });
    const stage = createLlmDecompositionStage({ client, seeds });
    const error = await stage
      .run({ id: "env-0", scenario: "multi_hop" }, context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CandidateRejection);
    expect(error).toMatchObject({ stage: "decomposition", reason: "malformed_response" });
    expect((error as Error).message).toMatch(/a multi_hop task is a chain of 2 or more steps/);
    expect(server.requests[1]!.messages.at(-1)!.content).toMatch(/a multi_hop task is a chain/);
  });
});
