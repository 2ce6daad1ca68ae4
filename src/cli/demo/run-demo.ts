import { z } from "zod";
import { EnvironmentRecordSchema, readJsonl } from "../../core/index.js";
import { computeEnvironmentStats } from "../../envgen/index.js";
import { describeKernel } from "../../model/index.js";
import type { BuiltinModelSource } from "../../policy/index.js";
import { type WriteReportResult, writeReport } from "../../report/index.js";
import {
  listCheckpoints,
  readConfigFile,
  resolveTrainConfig,
  runFiles,
  type TrainConfig,
  train,
} from "../../train/index.js";
import { freshEnvironmentsOf, summaryLine } from "../commands/train-command.js";
import { buildEnvironmentFile, DEMO_ENVIRONMENTS, isBuilt } from "./build-environment-file.js";
import {
  type DemoRequest,
  demoFiles,
  openDemoDirectory,
  writeDemoState,
} from "./demo-directory.js";
import {
  DEMO_STAGES,
  type DemoPlan,
  type DemoStage,
  demoStageUnits,
  planDemo,
  planRlSteps,
} from "./demo-plan.js";
import { DemoProgress, formatDuration } from "./demo-progress.js";
import { type EvaluateHeldOutOptions, evaluateHeldOut, isEvaluated } from "./evaluate-held-out.js";
import { measureStepSeconds } from "./measure-step-seconds.js";
import { untrainedModel } from "./untrained-model.js";

export interface RunDemoOptions {
  readonly out: string;
  readonly seed: number;
  /** The budget the sizes are planned for (`planDemo`). */
  readonly minutes: number;
  /** Environments of the training file (its conversations train the tokenizer). */
  readonly trainEnvs: number;
  readonly sftSteps?: number;
  readonly rlSteps?: number;
  readonly heldOut?: number;
  /** Train config values over the recipe's defaults for both stages (`--config FILE`). */
  readonly configFile?: string;
  /** Start over when `out` holds a demo. */
  readonly force?: boolean;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}

export interface DemoResult {
  readonly out: string;
  readonly plan: DemoPlan;
  readonly report: WriteReportResult;
  readonly kernel: string;
  /** Wall time of this invocation. */
  readonly seconds: number;
  readonly stageSeconds: Partial<Record<DemoStage, number>>;
  /** The request, with the sizes this run used: the same flags give the same run. */
  readonly request: DemoRequest;
  /**
   * SFT's loss on the held-out environments' gold plans (nats a token), before its first step
   * and after its last, from its own evaluations: it falls long before tool use pays off.
   */
  readonly sftHeldOutLoss: { readonly before: number; readonly after: number } | undefined;
}

/** Steps between a demo run's checkpoints: an interrupted demo loses at most this many. */
const DEMO_CHECKPOINT_INTERVAL = 50;

/**
 * The whole loop on the built-in model, sized to a time budget: build training and held-out
 * environments (train and test splits of two seeds' worlds), train from scratch with behaviour
 * cloning on fresh environments every step, then with GRPO on the verifiable reward from the
 * SFT checkpoint, evaluate the held-out environments before and after each stage, and write one
 * report. The training recipe is `trainConfigSchema`'s defaults (`resolveTrainConfig`'s for
 * each stage); the demo sets only the steps (the recipe scales its copy warm-up with them), the
 * files (training and held-out environments), the seed, and its checkpoints: every
 * `DEMO_CHECKPOINT_INTERVAL` steps, the newest kept.
 *
 * Every stage's output is kept in `out`; a rerun continues an unfinished demo where it stopped
 * (a run from its newest checkpoint, bit for bit).
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const { out, seed, log } = options;
  const files = demoFiles(out);
  const layer = options.configFile === undefined ? undefined : readConfigFile(options.configFile);
  const request: DemoRequest = {
    seed,
    minutes: options.minutes,
    trainEnvs: options.trainEnvs,
    sftSteps: options.sftSteps,
    rlSteps: options.rlSteps,
    heldOut: options.heldOut,
    config: (layer?.values ?? {}) as Record<string, unknown>,
  };
  const resumed = openDemoDirectory({ out, request, force: options.force });
  const configOf = (values: Record<string, unknown>) =>
    resolveTrainConfig([
      ...(layer ? [layer] : []),
      {
        source: "demo",
        values: {
          seed,
          checkpointInterval: DEMO_CHECKPOINT_INTERVAL,
          keepCheckpoints: 1,
          ...values,
        },
      },
    ]);
  const kernel = describeKernel();

  // ── plan ──
  // The recipe's defaults depend on the run (sft from scratch, grpo from a checkpoint).
  const recipe = {
    sft: configOf({ algo: "sft", envs: files.trainEnvs }),
    rl: configOf({ algo: "grpo", envs: files.trainEnvs, init: files.sft }),
  };
  const plan =
    resumed?.plan ?? planDemo({ ...request, unitSeconds: measureUnit(recipe.sft), recipe });
  writeDemoState(out, { request, plan });
  logPlan({ plan, request, out, resumed: resumed !== undefined, kernel, log });
  const progress = new DemoProgress({
    stages: DEMO_STAGES,
    units: demoStageUnits(plan),
    unitSeconds: plan.unitSeconds,
    write: log,
  });
  const stageSeconds: Partial<Record<DemoStage, number>> = {};
  const finish = (stage: DemoStage) => {
    stageSeconds[stage] = progress.finish();
  };

  // ── 1. environments ──
  await environmentsStage({ plan, seed, files, progress, finish });
  const heldOut = await readJsonl(files.heldOutEnvs, EnvironmentRecordSchema);

  // ── 2. behaviour cloning from scratch ──
  const sftConfig = configOf({
    algo: "sft",
    steps: plan.sftSteps,
    envs: files.trainEnvs,
    evalEnvs: files.heldOutEnvs,
  });
  const sftCheckpoint = await trainStage({
    stage: "sft",
    config: sftConfig,
    out: files.sft,
    progress,
    finish,
  });

  // ── 3, 4. held-out, before and after it ──
  const evaluate = (
    stage: DemoStage,
    name: string,
    dir: string,
    source: BuiltinModelSource,
    config: TrainConfig,
  ) =>
    evalStage({
      stage,
      progress,
      finish,
      records: heldOut,
      envsFile: files.heldOutEnvs,
      name,
      out: dir,
      source,
      config,
    });
  const initial = await untrainedModel({
    checkpoint: sftCheckpoint,
    initSeed: sftConfig.model.initSeed,
  });
  await evaluate("evalUntrained", "untrained", files.evalUntrained, initial, sftConfig);
  await evaluate("evalSft", "sft", files.evalSft, { dir: sftCheckpoint }, sftConfig);

  // ── 5, 6. RL on the verifiable reward from the SFT checkpoint, held-out after it ──
  const rlStarted = listCheckpoints(runFiles(files.rl).checkpoints).length > 0;
  if (request.rlSteps === undefined && !rlStarted) {
    plan.rlSteps = planRlSteps({
      plan,
      secondsLeft: plan.budgetSeconds - progress.elapsedSeconds,
      unitSeconds: progress.unitSeconds,
    });
    progress.setUnits("rl", demoStageUnits(plan).rl);
    writeDemoState(out, { request, plan });
  }
  const rlConfig = configOf({
    algo: "grpo",
    steps: plan.rlSteps,
    envs: files.trainEnvs,
    evalEnvs: files.heldOutEnvs,
    init: sftCheckpoint,
  });
  const rlCheckpoint = await trainStage({
    stage: "rl",
    config: rlConfig,
    out: files.rl,
    progress,
    finish,
  });
  await evaluate("evalRl", "grpo", files.evalRl, { dir: rlCheckpoint }, rlConfig);

  // ── 7. the report ──
  progress.start("report", files.report);
  const report = await writeReport({
    inputs: [
      { dir: files.evalUntrained, label: "untrained" },
      { dir: files.sft, label: "sft run" },
      { dir: files.evalSft, label: "after sft" },
      { dir: files.rl, label: "grpo run" },
      { dir: files.evalRl, label: "after grpo" },
    ],
    out: files.report,
    title: `toolgym demo (seed ${seed})`,
    environmentStats: computeEnvironmentStats,
  });
  finish("report");
  const seconds = progress.elapsedSeconds;
  writeDemoState(out, {
    request,
    plan,
    finished: { at: new Date().toISOString(), seconds, kernel, stageSeconds },
  });
  log(`done in ${formatDuration(seconds)}`);
  return {
    sftHeldOutLoss: await heldOutLoss(files.sft),
    out,
    plan,
    report,
    kernel,
    seconds,
    stageSeconds,
    request: { ...request, sftSteps: plan.sftSteps, rlSteps: plan.rlSteps, heldOut: plan.heldOut },
  };
}

/** The plan's lines: the budget and the unit's speed (or the demo continued), the sizes, the kernel. */
function logPlan({
  plan,
  request,
  out,
  resumed,
  kernel,
  log,
}: {
  plan: DemoPlan;
  request: DemoRequest;
  out: string;
  resumed: boolean;
  kernel: string;
  log: (line: string) => void;
}): void {
  log(
    resumed
      ? `toolgym demo: continuing the unfinished demo in ${out}`
      : `toolgym demo: ${request.minutes} min budget; a training step of this model takes ` +
          `${plan.unitSeconds.toFixed(2)}s here now`,
  );
  const rl =
    request.rlSteps === undefined
      ? `~${plan.rlSteps} (set after sft from its speed)`
      : plan.rlSteps;
  log(
    `plan: sft ${plan.sftSteps} steps, grpo ${rl} steps, ${plan.heldOut} held-out environments; ` +
      `kernel ${kernel}`,
  );
}

/** The training and held-out environment files (kept when they are built already). */
async function environmentsStage({
  plan,
  seed,
  files,
  progress,
  finish,
}: Omit<StageOptions, "stage"> & {
  plan: DemoPlan;
  seed: number;
  files: ReturnType<typeof demoFiles>;
}): Promise<void> {
  const detail =
    `${DEMO_ENVIRONMENTS.scenarios.join(" and ")}: ${plan.trainEnvs} for training (train split ` +
    `of seed ${seed}'s world), ${plan.heldOut} held out (test split of seed ${seed + 1}'s)`;
  if (isBuilt(files.trainEnvs) && isBuilt(files.heldOutEnvs)) {
    progress.skip("envs", detail);
    return;
  }
  progress.start("envs", detail);
  const all = plan.trainEnvs + plan.heldOut;
  await buildEnvironmentFile({
    out: files.trainEnvs,
    count: plan.trainEnvs,
    seed,
    split: "train",
    onProgress: (done) => progress.update(done, all),
  });
  await buildEnvironmentFile({
    out: files.heldOutEnvs,
    count: plan.heldOut,
    seed: seed + 1,
    split: "test",
    onProgress: (done) => progress.update(plan.trainEnvs + done, all),
  });
  finish("envs");
}

/** The first and last `eval_loss` of a run's metrics.jsonl. */
async function heldOutLoss(run: string): Promise<DemoResult["sftHeldOutLoss"]> {
  const records = await readJsonl(
    runFiles(run).metrics,
    z.looseObject({ kind: z.string(), eval_loss: z.number().optional() }),
  );
  const losses = records.filter((r) => r.kind === "eval" && r.eval_loss !== undefined);
  if (losses.length < 2) return undefined;
  return { before: losses[0].eval_loss!, after: losses.at(-1)!.eval_loss! };
}

/** Seconds of a cost unit: a training step of the recipe's model here, now (`DEMO_COSTS`). */
function measureUnit(config: TrainConfig): number {
  const { ctx, dModel, nLayer, nHead } = config.model;
  return measureStepSeconds({
    config: { vocabSize: config.tokenizer.vocabSize, ctx, dModel, nLayer, nHead },
    B: config.batchSize,
    T: Math.min(ctx, 256),
  });
}

/** What the recipe does in a run, in a few words. */
function recipeNote(config: TrainConfig): string {
  if (config.algo === "sft" && config.copyWarmupSteps > 0) {
    return ` (the first ${config.copyWarmupSteps} a copy warm-up), lr ${config.lr}`;
  }
  if (config.algo === "grpo") {
    return ` of ${config.batchSize} environments × ${config.groupSize} samples at temperature ${config.temperature}, lr ${config.lr}`;
  }
  return "";
}

interface StageOptions {
  readonly stage: DemoStage;
  readonly progress: DemoProgress;
  readonly finish: (stage: DemoStage) => void;
}

/** A training run to its last step (continued when it stopped early); its last checkpoint. */
async function trainStage({
  stage,
  progress,
  finish,
  config,
  out,
}: StageOptions & { config: TrainConfig; out: string }): Promise<string> {
  const last = () => listCheckpoints(runFiles(out).checkpoints).at(-1);
  const done = last();
  const detail = `${config.steps} steps${recipeNote(config)} → ${out}`;
  if (done?.step === config.steps) {
    progress.skip(stage, detail);
    return done.dir;
  }
  progress.start(stage, detail, { lines: 20, from: (done?.step ?? 0) / config.steps });
  const result = await train({
    config,
    out,
    resume: true,
    freshEnvs: freshEnvironmentsOf(config),
    onLog: (record) => {
      if (record.kind === "train") progress.update(record.step, config.steps, summaryLine(record));
    },
  });
  finish(stage);
  return result.checkpoint ?? last()!.dir;
}

/** A held-out evaluation (kept when it is finished already). */
async function evalStage({
  stage,
  progress,
  finish,
  ...options
}: StageOptions & EvaluateHeldOutOptions): Promise<void> {
  const detail = `${options.records.length} episodes → ${options.out}`;
  if (isEvaluated(options.out)) {
    progress.skip(stage, detail);
    return;
  }
  progress.start(stage, detail);
  await evaluateHeldOut({ ...options, onEpisode: (done, total) => progress.update(done, total) });
  finish(stage);
}
