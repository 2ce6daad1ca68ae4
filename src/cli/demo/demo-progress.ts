import type { DemoStage } from "./demo-plan.js";

export interface DemoProgressOptions {
  /** The stages in order, with their titles and what each costs in units (`demoStageUnits`). */
  readonly stages: readonly { readonly stage: DemoStage; readonly title: string }[];
  readonly units: Readonly<Record<DemoStage, number>>;
  /** Seconds of a unit as measured at the start, until work done tells better. */
  readonly unitSeconds: number;
  readonly write: (line: string) => void;
  /** Injectable clock in milliseconds (tests). */
  readonly now?: () => number;
}

interface Running {
  readonly stage: DemoStage;
  readonly started: number;
  /** Progress lines the stage prints at most. */
  readonly lines: number;
  /** The share done before this run of it (a training run continued from a checkpoint). */
  readonly from: number;
  fraction: number;
  lastLine: number;
}

/**
 * The demo's progress, a line at a time (readable in a terminal and in a log alike): a header
 * per stage, then lines with the stage's step, its ETA and the whole demo's. ETAs come from
 * what each stage costs in units and what a unit has really cost so far, so they settle as the
 * demo runs, whatever the machine's load.
 */
export class DemoProgress {
  private readonly options: DemoProgressOptions;
  private readonly units: Record<DemoStage, number>;
  private readonly now: () => number;
  private readonly started: number;
  private readonly done = new Set<DemoStage>();
  /** Units and seconds of the stages run to the end here (resumed ones say nothing of speed). */
  private measured = { units: 0, seconds: 0 };
  private running: Running | undefined;

  constructor(options: DemoProgressOptions) {
    this.options = options;
    this.units = { ...options.units };
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  /** Seconds since the demo started. */
  get elapsedSeconds(): number {
    return (this.now() - this.started) / 1000;
  }

  /** What a unit of work has cost so far (the measured start value until some work is done). */
  get unitSeconds(): number {
    const { units, seconds } = this.measured;
    const run = this.running;
    const runUnits = run ? (run.fraction - run.from) * this.units[run.stage] : 0;
    const runSeconds = run ? (this.now() - run.started) / 1000 : 0;
    const total = units + runUnits;
    return total > 0 ? (seconds + runSeconds) / total : this.options.unitSeconds;
  }

  /** A stage's cost changed (RL's steps, planned anew after SFT). */
  setUnits(stage: DemoStage, units: number): void {
    this.units[stage] = units;
  }

  /**
   * Prints the stage's header, `[2/7] title: detail (about 4m10s)`; its progress lines follow,
   * `lines` of them at most. `from`: the share of it done before (a run continued).
   */
  start(
    stage: DemoStage,
    detail: string,
    { lines = 10, from = 0 }: { lines?: number; from?: number } = {},
  ): void {
    const lastLine = Math.floor(from * lines);
    this.running = { stage, started: this.now(), lines, from, fraction: from, lastLine };
    const about = formatDuration((1 - from) * this.units[stage] * this.unitSeconds);
    this.options.write(`${this.header(stage)}: ${detail} (about ${about})`);
  }

  /** A stage found finished in the output directory: not run again. */
  skip(stage: DemoStage, detail: string): void {
    this.done.add(stage);
    this.options.write(`${this.header(stage)}: ${detail} — already done, kept`);
  }

  /**
   * `done` of `total` in the running stage; prints a line at every `lines`-th of it and at its
   * end, with `info` (the training step's loss, reward, …).
   */
  update(done: number, total: number, info = ""): void {
    const run = this.running;
    if (run === undefined) return;
    run.fraction = total > 0 ? Math.min(1, done / total) : 1;
    const line = Math.floor(run.fraction * run.lines);
    if (line === run.lastLine && done !== total) return;
    run.lastLine = line;
    const stageSeconds = (this.now() - run.started) / 1000;
    const stageLeft = (1 - run.fraction) * this.units[run.stage] * this.unitSeconds;
    this.options.write(
      `  ${done}/${total}${info === "" ? "" : ` ${info}`} · ${formatDuration(stageSeconds)}, ` +
        `eta ${formatDuration(stageLeft)} (demo ${formatDuration(this.secondsLeft())})`,
    );
  }

  /** The running stage is done: its time teaches the unit's cost. Returns its seconds. */
  finish(): number {
    const run = this.running;
    if (run === undefined) return 0;
    const seconds = (this.now() - run.started) / 1000;
    this.measured = {
      units: this.measured.units + (1 - run.from) * this.units[run.stage],
      seconds: this.measured.seconds + seconds,
    };
    this.done.add(run.stage);
    this.running = undefined;
    return seconds;
  }

  /** Seconds the demo still needs: the running stage's rest and every stage not done. */
  secondsLeft(): number {
    let units = 0;
    for (const { stage } of this.options.stages) {
      if (this.done.has(stage)) continue;
      const run = this.running;
      units += this.units[stage] * (run?.stage === stage ? 1 - run.fraction : 1);
    }
    return units * this.unitSeconds;
  }

  private header(stage: DemoStage): string {
    const { stages } = this.options;
    const index = stages.findIndex((s) => s.stage === stage);
    return `[${index + 1}/${stages.length}] ${stages[index].title}`;
  }
}

/** `42s`, `4m05s`, `1h02m`: a duration as a person reads it. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
