import type { ArgumentValidator } from "../../env/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import { assembleEnvironment } from "../assemble-environment.js";
import type { DeployedTask } from "../stages/stage-types.js";
import type { VerificationFailure } from "../verification-failure.js";
import { verifyEnvironment } from "../verify-environment.js";
import type { CodeVerdict } from "./llm-localized-deployment-stage.js";

/**
 * The failures new tool code can fix: code that does not load, a gold call that throws, an
 * output without its sub-answer (or with another step's), a chain the code lets be short-cut.
 * The rest are the plan's or the documents' fault (the shape, answers given in the prompt, a
 * final answer not made of the sub-answers, calls that fail their schema) and rewriting the
 * code cannot change them, so they are rejected without a repair round.
 */
export const REPAIRABLE_FAILURES: ReadonlySet<VerificationFailure> = new Set([
  "load_failed",
  "call_failed",
  "wrong_subanswer",
  "ambiguous_subanswer",
  "shortcut",
]);

/**
 * Stage 5's check: the task assembled exactly as the builder will assemble it and verified with
 * the builder's `verifyEnvironment` (the gold plan replayed in the sandbox).
 */
export function createCodeVerifier(options: {
  sandbox: Sandbox;
  validator?: ArgumentValidator;
}): (task: DeployedTask) => CodeVerdict {
  return (task) => {
    const result = verifyEnvironment(assembleEnvironment(task), options);
    if (result.ok) return result;
    return { ...result, repairable: REPAIRABLE_FAILURES.has(result.reason) };
  };
}
