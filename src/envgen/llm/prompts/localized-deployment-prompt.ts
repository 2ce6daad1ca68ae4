import { z } from "zod";
import type { ScaledTask } from "../../stages/stage-types.js";
import type { StagePrompt } from "./stage-prompt.js";

export interface LocalizedDeploymentInput {
  task: ScaledTask;
  /** For the repair round: the code that failed verification and why. */
  repair?: { code: Record<string, string>; error: string };
}

export const LocalizedDeploymentOutputSchema = z.object({
  code: z.record(z.string(), z.string().min(1)),
});
export type LocalizedDeploymentOutput = z.infer<typeof LocalizedDeploymentOutputSchema>;

const SYSTEM = `You build training environments for teaching language models to use tools, following the FTRL pipeline. This is stage 5 of 5, localized deployment: implement every tool as a small JavaScript function that runs locally, so the environment needs no external service.

Rules for each tool's code:
- One self-contained JavaScript source that defines a function with exactly the tool's name, taking one argument, the parsed arguments object: function get_country_info(args) { ... }. Helper functions and constants may come before it in the same source.
- Embed the data it needs (a small table or object literal) in the source. It runs in a bare sandbox: no require/import, no fetch or network, no file system, no process, and it must be deterministic (no Date.now(), no new Date() without an argument, no Math.random()).
- Called with the arguments of a step's call, it must return a result that contains the step's answer: every ", "-separated part of the answer must appear in the returned value (case and commas are ignored). Return a string, a number or a JSON object, e.g. {"country": "France", "capital": "Paris"}.
- Other valid arguments get plausible, consistent answers from the embedded data; an argument it has no data for gets an error result: throw new Error("no data for ...") with a helpful message. Apply defaults for optional parameters as documented.
- Distractor and near-duplicate tools get working code too, with their own data, that does what their documents say (so calling them never returns a step's answer by accident).
- "code" maps every tool name to its source.

When "repair" is given, your previous code failed verification with the error shown: fix the code so every call produces its step's answer, and return the complete code for every tool again.`;

export const localizedDeploymentPrompt: StagePrompt<
  LocalizedDeploymentInput,
  LocalizedDeploymentOutput
> = {
  stage: "localizedDeployment",
  version: "1",
  schemaName: "localized_deployment",
  system: SYSTEM,
  output: LocalizedDeploymentOutputSchema,
  input: ({ task, repair }) => ({
    tools: task.tools.map((tool) => ({ ...tool.spec.function, role: tool.role })),
    calls: task.steps.map(({ question, answer, call }) => ({ question, ...call, answer })),
    ...(repair === undefined ? {} : { repair }),
  }),
};
