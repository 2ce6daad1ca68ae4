import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord, Trajectory } from "../core/index.js";
import { buildEnvironments } from "../envgen/index.js";
import { createOraclePolicy } from "../policy/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { runRollouts } from "./run-rollouts.js";

/**
 * Fault isolation through the real rollout: healthy procedural environments played by the oracle,
 * concurrently, beside environments whose tool code is hostile. A hostile environment may cost
 * only its own episode (an error observation there); every other episode must be untouched and
 * the run must complete.
 */
const HOSTILE: Record<string, (tool: string) => string> = {
  // Native loops QuickJS cannot interrupt: the fuel watchdog aborts the engine under them.
  "native-loop": (tool) =>
    `function ${tool}(args) { return Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1) }`,
  "native-search": (tool) =>
    `function ${tool}(args) { return 'a'.repeat(1e7).includes('a'.repeat(1e6) + 'b') }`,
  "js-loop": (tool) => `function ${tool}(args) { for (;;) {} }`,
  // Outside QuickJS's own accounting: only the engine's memory cap stops these.
  "array-buffers": (tool) =>
    `function ${tool}(args) { const a = []; for (;;) a.push(new ArrayBuffer(1 << 20)) }`,
  "typed-arrays": (tool) =>
    `function ${tool}(args) { const a = []; for (;;) a.push(new Float64Array(1 << 16)) }`,
  pollution: (tool) =>
    `function ${tool}(args) { Object.prototype.answer = 42; Array.prototype.push = null; JSON.stringify = () => '"pwned"'; throw new Error("polluted") }`,
};

// Long enough that no healthy call misses it on a busy machine, short enough for hostile ones.
const LIMIT_MS = 250;

let sandbox: Sandbox;
let healthy: EnvironmentRecord[];
let mixed: EnvironmentRecord[];
beforeAll(async () => {
  sandbox = await createSandbox({ timeLimitMs: LIMIT_MS });
  ({ records: healthy } = await buildEnvironments({ count: 48, seed: 7, sandbox }));
  const hostile = Object.entries(HOSTILE).flatMap(([kind, source], k) =>
    [0, 1].map((copy) => {
      const base = healthy[(k * 2 + copy) * 3];
      const tool = base.subtasks[0].tool;
      return {
        ...base,
        id: `hostile-${kind}-${copy}`,
        code: { ...base.code, [tool]: source(tool) },
      };
    }),
  );
  // Interleaved, so that every hostile episode runs beside healthy ones.
  mixed = healthy.flatMap((record, i) => (i % 4 === 0 ? [record, hostile[i / 4]] : [record]));
});
afterAll(() => sandbox.dispose());

function errors(trajectory: Trajectory): string[] {
  return trajectory.calls.flatMap((call) => (call.error === undefined ? [] : [call.error]));
}

describe("hostile environments in a rollout", () => {
  it("cost only their own episodes: the run completes and every other episode is solved", async () => {
    expect(mixed).toHaveLength(60);
    const { trajectories } = await runRollouts({
      records: mixed,
      policy: createOraclePolicy(),
      sandbox,
      concurrency: 8,
    });
    expect(trajectories).toHaveLength(60);
    const byId = new Map(trajectories.map((t) => [t.env_id, t]));
    for (const record of healthy) {
      const t = byId.get(record.id)!;
      expect(errors(t), record.id).toEqual([]);
      expect(t.metrics, record.id).toMatchObject({ solve_f1: 1, answer_correct: true });
    }
    for (const kind of Object.keys(HOSTILE)) {
      for (const copy of [0, 1]) {
        const t = byId.get(`hostile-${kind}-${copy}`)!;
        expect(errors(t).join("\n"), t.env_id).toMatch(/failed \((timeout|memory|thrown)\)/);
      }
    }
  });

  it("leave the sandbox as good as new for the next run", async () => {
    const { trajectories } = await runRollouts({
      records: healthy,
      policy: createOraclePolicy(),
      sandbox,
      concurrency: 8,
    });
    expect(trajectories.filter((t) => t.metrics.solve_f1 !== 1 || errors(t).length > 0)).toEqual(
      [],
    );
  });
});
