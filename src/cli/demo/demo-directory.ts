import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { ConfigError, DataFormatError, writeFileAtomic } from "../../core/index.js";
import { DemoPlanSchema } from "./demo-plan.js";

/** The layout of a demo's output directory. */
export function demoFiles(out: string) {
  const envs = join(out, "envs");
  return {
    /** The options, the plan, and when finished the figures of the run (see DemoStateSchema). */
    state: join(out, "demo.json"),
    envs,
    trainEnvs: join(envs, "train.jsonl"),
    heldOutEnvs: join(envs, "held-out.jsonl"),
    sft: join(out, "sft"),
    rl: join(out, "grpo"),
    evalUntrained: join(out, "eval-untrained"),
    evalSft: join(out, "eval-sft"),
    evalRl: join(out, "eval-grpo"),
    report: join(out, "report.html"),
  };
}

/** What a demo was asked for: a rerun with the same continues it, other options are refused. */
export const DemoRequestSchema = z.object({
  seed: z.number().int().nonnegative(),
  minutes: z.number().positive(),
  trainEnvs: z.number().int().positive(),
  sftSteps: z.number().int().positive().optional(),
  rlSteps: z.number().int().positive().optional(),
  heldOut: z.number().int().positive().optional(),
  /** The `--config` file's values (not its path: the same values are the same demo). */
  config: z.record(z.string(), z.unknown()),
});
export type DemoRequest = z.infer<typeof DemoRequestSchema>;

export const DemoStateSchema = z.object({
  request: DemoRequestSchema,
  plan: DemoPlanSchema,
  /** Written when the demo has finished: its report is there. */
  finished: z
    .object({
      at: z.string(),
      seconds: z.number().nonnegative(),
      kernel: z.string(),
      /** Seconds each stage took in the run that finished it (absent: kept from an earlier run). */
      stageSeconds: z.record(z.string(), z.number().nonnegative()),
    })
    .optional(),
});
export type DemoState = z.infer<typeof DemoStateSchema>;

export interface OpenDemoDirectoryOptions {
  readonly out: string;
  readonly request: DemoRequest;
  /** Start over when `out` holds a demo, finished or not. */
  readonly force?: boolean;
}

/**
 * Prepares `out` for a demo and returns the state of the unfinished one it holds (the demo then
 * continues where it stopped, with the plan it had), or undefined to start anew.
 *
 * @throws ConfigError when `out` holds a finished demo (unless `force`), an unfinished one asked
 *   for with other options (unless `force`), or files that are not a demo's (never deleted)
 */
export function openDemoDirectory({
  out,
  request,
  force = false,
}: OpenDemoDirectoryOptions): DemoState | undefined {
  const files = demoFiles(out);
  if (!existsSync(out) || readdirSync(out).length === 0) return undefined;
  if (!existsSync(files.state)) {
    throw new ConfigError(
      "--out",
      `${out} is not empty and holds no demo (no demo.json): choose a new or empty directory`,
    );
  }
  const state = readDemoState(files.state);
  if (force) {
    for (const path of Object.values(files)) rmSync(path, { recursive: true, force: true });
    return undefined;
  }
  if (state.finished !== undefined) {
    throw new ConfigError(
      "--out",
      `${out} holds a finished demo (${state.finished.at}; report: ${files.report}): ` +
        "open its report, pass --force to run it again, or choose another --out",
    );
  }
  // Through JSON, as the saved one went: absent and undefined options are the same.
  if (!isDeepStrictEqual(state.request, JSON.parse(JSON.stringify(request)))) {
    throw new ConfigError(
      "--out",
      `${out} holds an unfinished demo asked for with other options (${describeRequest(state.request)}): ` +
        "rerun with those to continue it, or pass --force to start over",
    );
  }
  return state;
}

export function writeDemoState(out: string, state: DemoState): void {
  writeFileAtomic(demoFiles(out).state, `${JSON.stringify(state, null, 2)}\n`);
}

function readDemoState(file: string): DemoState {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataFormatError({ file, reason: `not JSON: ${(error as Error).message}` });
  }
  const parsed = DemoStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataFormatError({ file, field: issue.path.join("."), reason: issue.message });
  }
  return parsed.data;
}

/** The options as flags: `--seed 1 --minutes 10 --sft-steps 40`. */
export function describeRequest(request: DemoRequest): string {
  const flags: [string, unknown][] = [
    ["--seed", request.seed],
    ["--minutes", request.minutes],
    ["--train-envs", request.trainEnvs],
    ["--sft-steps", request.sftSteps],
    ["--rl-steps", request.rlSteps],
    ["--held-out", request.heldOut],
  ];
  const config =
    Object.keys(request.config).length > 0 ? [`--config ${JSON.stringify(request.config)}`] : [];
  return [...flags.filter(([, v]) => v !== undefined).map(([f, v]) => `${f} ${v}`), ...config].join(
    " ",
  );
}
