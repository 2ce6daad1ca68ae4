import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ENGINE_OVERHEAD_BYTES } from "./create-sandbox.js";
import { MEMORY_BOMBS } from "./test-helpers/memory-bombs.js";

/**
 * The memory limit holds for every kind of allocation, measured where it matters: the peak
 * resident memory of a process that plays 100 memory-hostile environments through the real
 * rollout, eight at a time on four engines (so some take turns). Each hostile tool allocates one
 * kind of thing in an endless loop (test-helpers/memory-bombs.ts); every call must end in a
 * `memory` or `timeout` error, and the process must stay under the bound the sandbox documents
 * (create-sandbox.ts) above its baseline: maxEngines × (limit + ENGINE_OVERHEAD_BYTES), plus room
 * for the host side of 100 episodes. Before engines had memories of their own, the first
 * ArrayBuffer loop alone grew a process to 2.2 GB.
 */
const LIMIT = 32 << 20;
const MAX_ENGINES = 4;
/** Trajectories, cached images, V8's own growth. */
const HOST_SLACK = 64 << 20;
const MEMORY_BOUND_BYTES = MAX_ENGINES * (LIMIT + ENGINE_OVERHEAD_BYTES) + HOST_SLACK;

const CHILD = (srcDir: string) => `
const { createSandbox } = await import(${JSON.stringify(`${srcDir}/sandbox/index.ts`)});
const { runRollouts } = await import(${JSON.stringify(`${srcDir}/rollout/index.ts`)});
const { createOraclePolicy } = await import(${JSON.stringify(`${srcDir}/policy/index.ts`)});
const { loadSampleEnvs } = await import(${JSON.stringify(`${srcDir}/testing/sample-envs.ts`)});
const bombs = ${JSON.stringify(MEMORY_BOMBS)};
const samples = await loadSampleEnvs();
const sandbox = await createSandbox({ memoryLimitBytes: ${LIMIT}, maxEngines: ${MAX_ENGINES}, timeLimitMs: 100 });
const policy = createOraclePolicy();
await runRollouts({ records: samples, policy, sandbox }); // warm-up: modules, JIT
gc(); // measured without the garbage of start-up and warm-up, so that the difference is real
const baseline = process.memoryUsage().rss;
const kinds = Object.keys(bombs);
const records = Array.from({ length: 100 }, (_, i) => {
  const base = samples[i % samples.length];
  const kind = kinds[i % kinds.length];
  const tool = base.subtasks[0].tool;
  return { ...base, id: "bomb-" + i, meta: { kind }, code: { ...base.code, [tool]: "function " + tool + "(args) { " + bombs[kind] + " }" } };
});
const { trajectories } = await runRollouts({ records, policy, sandbox, concurrency: 8 });
const outcomes = {};
for (const t of trajectories) {
  const kind = records.find((r) => r.id === t.env_id).meta.kind;
  const error = t.calls.find((c) => c.error !== undefined)?.error ?? "no error";
  const outcome = /failed \\((memory|timeout)\\)/.exec(error)?.[1] ?? error.slice(0, 200);
  (outcomes[kind] ??= {})[outcome] = ((outcomes[kind] ??= {})[outcome] ?? 0) + 1;
}
gc();
const end = process.memoryUsage().rss; // the engines are still alive here
sandbox.dispose();
console.log(JSON.stringify({ baseline, end, maxRss: process.resourceUsage().maxRSS * 1024, episodes: trajectories.length, outcomes }));
`;

describe("the memory limit under 100 memory-hostile environments", () => {
  it(`keeps the process within ${MEMORY_BOUND_BYTES >> 20} MiB of its baseline`, async () => {
    const srcDir = fileURLToPath(new URL("..", import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", CHILD(srcDir)],
      { timeout: 240_000, maxBuffer: 1 << 20 },
    );
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!);
    const totals: Record<string, number> = {};
    for (const outcome of Object.values(
      report.outcomes as Record<string, Record<string, number>>,
    )) {
      for (const [key, n] of Object.entries(outcome)) totals[key] = (totals[key] ?? 0) + n;
    }
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `RSS: baseline ${mib(report.baseline)}, after the 100 episodes ${mib(report.end)}, process peak ${mib(report.maxRss)}; bound baseline + ${mib(MEMORY_BOUND_BYTES)}; episodes ending in ${JSON.stringify(totals)}`,
    );
    expect(report.episodes).toBe(100);
    for (const [kind, outcome] of Object.entries(report.outcomes)) {
      expect(Object.keys(outcome as object), kind).not.toContain("no error");
      for (const key of Object.keys(outcome as object))
        expect(["memory", "timeout"], kind).toContain(key);
    }
    // The process peak includes start-up (compiling these sources); what the episodes add shows
    // in the resident size after them, with every engine still alive.
    expect(report.end - report.baseline).toBeLessThanOrEqual(MEMORY_BOUND_BYTES);
    expect(report.maxRss - report.baseline).toBeLessThanOrEqual(MEMORY_BOUND_BYTES);
  }, 300_000);
});
