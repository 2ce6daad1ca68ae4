import { CandidateRejection } from "../stages/candidate-rejection.js";
import type { LocalizedDeploymentStage } from "../stages/envgen-backend.js";
import type { DeployedTask } from "../stages/stage-types.js";
import { localizedDeploymentPrompt } from "./prompts/localized-deployment-prompt.js";
import { type LlmStageDeps, runLlmStage } from "./run-llm-stage.js";

/** What verification said about a deployed task: fine, or a reason key and what went wrong. */
export type CodeVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: string;
      detail: string;
      /** Whether new code could fix it (a tool that throws or misses its answer), or the plan is at fault. */
      repairable: boolean;
    };

/**
 * Stage 5 by prompt, with FTRL's feedback loop: the code is verified at once (the gold plan
 * replayed in the sandbox); a failure that new code could fix gets ONE repair round with the
 * error fed back, and a failure after that — or one no code can fix — rejects the candidate
 * under verification's reason. A plan no code can fix is rejected before the code is asked for.
 */
export function createLlmLocalizedDeploymentStage(
  deps: LlmStageDeps & { verify: (task: DeployedTask) => CodeVerdict | Promise<CodeVerdict> },
): LocalizedDeploymentStage {
  const { verify } = deps;
  return {
    async run(task, context) {
      const names = task.tools.map((tool) => tool.spec.function.name);
      const ask = async (repair?: { code: Record<string, string>; error: string }) => {
        const { code } = await runLlmStage({
          ...deps,
          signal: context.signal ?? deps.signal,
          prompt: localizedDeploymentPrompt,
          value: repair === undefined ? { task } : { task, repair },
          check: ({ code }) => checkCode(code, names),
        });
        // Only the task's tools: an extra entry would be dead code in the record.
        return Object.fromEntries(names.map((name) => [name, code[name]!]));
      };

      // Faults of the plan or the documents (answers given in the prompt, a final answer not
      // made of the sub-answers, calls that fail their schemas…) are found before any code runs,
      // so they are checked first against code that only throws: no stage-5 tokens are spent
      // on a candidate that no code could save.
      const plan = await verify({ ...task, code: placeholderCode(names) });
      if (!plan.ok && !plan.repairable) throw rejection(plan);

      const code = await ask();
      const first = await verify({ ...task, code });
      if (first.ok) return { ...task, code };
      if (!first.repairable) throw rejection(first);
      const repaired = await ask({ code, error: `${first.reason}: ${first.detail}` });
      const second = await verify({ ...task, code: repaired });
      if (second.ok) return { ...task, code: repaired };
      throw rejection({ ...second, detail: `after one repair round: ${second.detail}` });
    },
  };
}

function rejection(verdict: { reason: string; detail: string }): CandidateRejection {
  return new CandidateRejection({
    stage: "verification",
    reason: verdict.reason,
    detail: verdict.detail,
  });
}

/** Sources that load and throw when called: enough for verification's checks before any call. */
function placeholderCode(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => [name, `function ${name}(args) { throw new Error("not deployed yet"); }`]),
  );
}

/** Every tool has a source that defines a function of its name. */
function checkCode(code: Record<string, string>, names: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of names) {
    const source = code[name];
    if (source === undefined) problems.push(`"code" has no entry for the tool "${name}"`);
    else if (!new RegExp(`function\\s+${name}\\s*\\(`).test(source)) {
      problems.push(`the code for "${name}" does not define function ${name}(args)`);
    }
  }
  return problems;
}
