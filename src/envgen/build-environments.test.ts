import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, SCENARIOS } from "../core/index.js";
import { createOraclePolicy } from "../policy/index.js";
import { runRollouts, summarizeTrajectories } from "../rollout/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { buildEnvironments } from "./build-environments.js";
import { EnvgenExhaustedError } from "./errors/envgen-exhausted-error.js";
import { normalizeQuestion } from "./normalize-question.js";
import { planShapeFits } from "./plan-shape.js";
import { createProceduralBackend } from "./procedural/create-procedural-backend.js";
import { CandidateRejection } from "./stages/candidate-rejection.js";
import type { DecompositionStage, EnvgenBackend } from "./stages/envgen-backend.js";
import type { DecomposedTask, DecompositionRequest, StageContext } from "./stages/stage-types.js";
import { verifyEnvironment } from "./verify-environment.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

const serialize = (records: readonly unknown[]) => records.map((r) => JSON.stringify(r)).join("\n");

/** The procedural backend of `seed` with its decomposition stage replaced by `run`. */
function withDecomposition(
  seed: number,
  run: (
    request: DecompositionRequest,
    context: StageContext,
    real: DecompositionStage,
  ) => Promise<DecomposedTask>,
): EnvgenBackend {
  const procedural = createProceduralBackend({ seed });
  const real = procedural.decomposition;
  return {
    ...procedural,
    decomposition: { run: (request, context) => run(request, context, real) },
  };
}

describe("buildEnvironments (procedural)", () => {
  it("is deterministic, covers the four scenarios, and every environment verifies", async () => {
    const a = await buildEnvironments({ count: 160, seed: 11, sandbox });
    const b = await buildEnvironments({ count: 160, seed: 11, sandbox });
    expect(serialize(b.records)).toBe(serialize(a.records));
    expect(b.rejections).toEqual(a.rejections);
    const other = await buildEnvironments({ count: 20, seed: 12, sandbox });
    expect(serialize(other.records)).not.toBe(serialize(a.records.slice(0, 20)));

    const counts = Object.fromEntries(SCENARIOS.map((s) => [s, 0]));
    for (const record of a.records) counts[record.scenario]++;
    expect(counts).toEqual({
      single_hop: 40,
      parallel_single_hop: 40,
      multi_hop: 40,
      parallel_multi_hop: 40,
    });
    for (const record of a.records) {
      expect(planShapeFits(record.scenario, record.subtasks)).toBe(true);
      expect(verifyEnvironment(record, { sandbox })).toEqual({ ok: true });
    }
    expect(a.attempts).toBe(160 + Object.values(a.rejections).reduce((s, n) => s + n, 0));
    expect(new Set(a.records.map((r) => normalizeQuestion(r.messages[1].content ?? ""))).size).toBe(
      160,
    );
  });

  it("is solved by the oracle: Solve-F1 1.000 and answer accuracy 100% in every scenario", async () => {
    const { records } = await buildEnvironments({ count: 200, seed: 3, sandbox });
    const { trajectories } = await runRollouts({ records, policy: createOraclePolicy(), sandbox });
    const report = summarizeTrajectories(trajectories);
    expect(Object.keys(report.by_scenario).sort()).toEqual([...SCENARIOS].sort());
    for (const summary of [report.overall, ...Object.values(report.by_scenario)]) {
      expect(summary.solve_f1).toBe(1);
      expect(summary.answer_accuracy).toBe(1);
      expect(summary.error_call_rate).toBe(0);
    }
  });

  it("gives the same file for any concurrency", async () => {
    const one = await buildEnvironments({ count: 30, seed: 5, sandbox });
    const three = await buildEnvironments({ count: 30, seed: 5, sandbox, concurrency: 3 });
    expect(serialize(three.records)).toBe(serialize(one.records));
  });

  it("throws a stage's operator error at once, starting no slot far past it", async () => {
    const started = new Set<number>();
    const backend = withDecomposition(5, async (request, context, real) => {
      started.add(context.index);
      if (context.index === 3) throw new Error("endpoint gone");
      return real.run(request, context);
    });
    const run = buildEnvironments({ backend, count: 40, seed: 5, sandbox, concurrency: 2 });
    await expect(run).rejects.toThrow("endpoint gone");
    expect(Math.max(...started)).toBeLessThan(6);
  });

  it("counts rejected candidates by reason and keeps going", async () => {
    const base = withDecomposition(2, async (request, context, real) => {
      if (context.index === 1 && context.attempt === 0)
        throw new CandidateRejection({ reason: "made_up", stage: "decomposition", detail: "test" });
      return real.run(request, context);
    });
    const backend: EnvgenBackend = {
      ...base,
      localizedDeployment: {
        async run(task, context) {
          const deployed = await base.localizedDeployment.run(task, context);
          if (context.index % 2 === 0 && context.attempt === 0) {
            const tool = deployed.steps[0].call.tool;
            deployed.code[tool] = `function ${tool}(args) { return "nothing"; }`;
          }
          return deployed;
        },
      },
    };
    const { records, rejections, attempts } = await buildEnvironments({
      backend,
      count: 8,
      seed: 2,
      sandbox,
    });
    expect(records).toHaveLength(8);
    expect(rejections.made_up).toBe(1);
    expect(rejections.wrong_subanswer).toBeGreaterThanOrEqual(4);
    expect(attempts).toBe(8 + Object.values(rejections).reduce((s, n) => s + n, 0));
  });

  it("drops duplicate questions and counts them", async () => {
    // Every slot's first candidate is slot 0's first candidate: the same question.
    const backend = withDecomposition(4, async (request, context, real) => {
      const ctx = context.attempt === 0 ? { ...context, index: 0 } : context;
      return { ...(await real.run(request, ctx)), id: request.id };
    });
    const { records, rejections } = await buildEnvironments({
      backend,
      count: 6,
      seed: 4,
      scenarios: ["single_hop"],
      sandbox,
    });
    expect(rejections.duplicate_question).toBe(5);
    expect(new Set(records.map((r) => normalizeQuestion(r.messages[1].content ?? ""))).size).toBe(
      6,
    );
  });

  it("throws EnvgenExhaustedError, with the counts, when no candidate can pass", async () => {
    const backend = withDecomposition(1, async () => {
      throw new CandidateRejection({ reason: "never", stage: "decomposition", detail: "test" });
    });
    const run = buildEnvironments({ backend, count: 2, seed: 1, sandbox, maxAttemptsPerEnv: 5 });
    await expect(run).rejects.toBeInstanceOf(EnvgenExhaustedError);
    await expect(run).rejects.toThrow(/slot 0 in 5 attempts.*never 5/);
    await expect(buildEnvironments({ count: 1.5, seed: 1, sandbox })).rejects.toThrow(ConfigError);
    await expect(buildEnvironments({ count: 1, seed: 1, sandbox, scenarios: [] })).rejects.toThrow(
      /at least one scenario/,
    );
  });
});
