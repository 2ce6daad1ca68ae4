import { z } from "zod";
import type { Scenario } from "../../../core/index.js";
import { JsonObjectSchema, type StagePrompt } from "./stage-prompt.js";

/** Where a task comes from: a topic to invent a question about, or a question to decompose. */
export type LlmSeed = { topic: string } | { question: string };

export interface DecompositionInput {
  scenario: Scenario;
  seed: LlmSeed;
  /**
   * Which candidate this is (`<slot>/<attempt>`): candidates from the same seed differ in it, so
   * they get different questions and different cache keys.
   */
  candidate: string;
}

export const DecompositionOutputSchema = z.object({
  question: z.string().min(1),
  answer: z.string().min(1),
  steps: z
    .array(
      z.object({
        question: z.string().min(1),
        answer: z.string().min(1),
        after: z.array(z.number().int().nonnegative()),
        operation: z.object({ capability: z.string().min(1), inputs: JsonObjectSchema }),
      }),
    )
    .min(1),
  entities: z.array(z.object({ kind: z.string(), name: z.string() })),
});
export type DecompositionOutput = z.infer<typeof DecompositionOutputSchema>;

/** What each scenario asks for, in FTRL's terms (§3.1, "Scenario Decomposition"). */
export const SCENARIO_DESCRIPTIONS: Record<Scenario, string> = {
  single_hop: "single-hop — exactly one step: the question is answered by one tool call.",
  parallel_single_hop:
    "parallel single-hop — 2 to 4 independent steps (no step needs another's answer), so all calls can be made at once in one turn; the final answer combines their answers.",
  multi_hop:
    "multi-hop — a chain of 2 to 4 steps: every step after the first needs the answer of the step before it as an input, so the calls must be made one after another.",
  parallel_multi_hop:
    "parallel multi-hop — 3 to 6 steps that mix both: at least two independent branches, and at least one step that needs an earlier step's answer (several chains, or a chain with a parallel step).",
};

const SYSTEM = `You build training environments for teaching language models to use tools, following the FTRL pipeline. This is stage 1 of 5, scenario decomposition: write one question and decompose it into the steps a tool-using assistant would take, each answered by exactly one tool call.

The environment is simulated: tools will later be implemented as small programs with their data embedded, so facts need not be real-world true, but they must be specific, plausible and consistent across the steps.

Rules:
- Follow the requested scenario exactly:
  - ${SCENARIO_DESCRIPTIONS.single_hop}
  - ${SCENARIO_DESCRIPTIONS.parallel_single_hop}
  - ${SCENARIO_DESCRIPTIONS.multi_hop}
  - ${SCENARIO_DESCRIPTIONS.parallel_multi_hop}
- With a topic, invent a question about it; with a question, decompose that question (you may reword it so that it fits the scenario).
- "question" is what a user would ask, in natural language. It must not contain the final answer or any intermediate answer, and it must not name the tools or the steps.
- Each step has a sub-question, a short sub-answer (a name, a number with its unit, a date — not a sentence), "after" (indices of the earlier steps whose answers it uses; [] for none) and an "operation": the capability it needs (a short snake_case verb phrase, e.g. "get_country_capital", "convert_currency") and its concrete inputs (the values the call will receive; a value that comes from an earlier step is that step's answer, written out).
- A sub-answer may list several values separated by ", " (e.g. "120, VRL"); a tool's output must then contain every one of them.
- Steps are in an order where every step comes after the steps it needs. Steps with the same kind of operation use the same capability name.
- The final "answer" is short and follows from the answers of the steps nothing depends on (for a chain, it is usually the last step's answer).
- "entities" lists the named things the task involves (people, cities, countries, companies, products, events…) with their kind.
- "candidate" tells apart several tasks drawn from the same topic: for a different candidate, write a different question (other entities, another angle), not the obvious first one again.`;

export const decompositionPrompt: StagePrompt<DecompositionInput, DecompositionOutput> = {
  stage: "decomposition",
  version: "1",
  schemaName: "scenario_decomposition",
  system: SYSTEM,
  output: DecompositionOutputSchema,
  input: ({ scenario, seed, candidate }) => ({
    scenario,
    scenario_description: SCENARIO_DESCRIPTIONS[scenario],
    ...seed,
    candidate,
  }),
};
