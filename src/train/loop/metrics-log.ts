import { existsSync } from "node:fs";
import { z } from "zod";
import { JsonlAppender, readJsonlLines, writeFileAtomic } from "../../core/index.js";

/** One line of metrics.jsonl: the step it describes, its kind, and named numbers. */
export interface MetricsRecord {
  readonly step: number;
  /** `train` every `logInterval` steps, `eval` for held-out evaluations. */
  readonly kind: "train" | "eval";
  readonly [metric: string]: number | string;
}

/**
 * metrics.jsonl of a run, one record a line, appended as the run goes. Opening it to resume
 * from step k first drops the records of steps after k — written by the interrupted run
 * after its last checkpoint, and about to be written again — so the file reads as one run.
 */
export class MetricsLog {
  readonly file: string;
  private readonly appender: JsonlAppender;

  constructor(file: string, { resumeFromStep }: { resumeFromStep?: number } = {}) {
    this.file = file;
    if (resumeFromStep === undefined) writeFileAtomic(file, "");
    else if (existsSync(file)) writeFileAtomic(file, keptLines(file, resumeFromStep));
    this.appender = new JsonlAppender(file);
  }

  append(record: MetricsRecord): void {
    this.appender.append(record);
  }

  close(): void {
    this.appender.close();
  }
}

function keptLines(file: string, lastStep: number): string {
  // Records of steps ≤ k (the evaluation after step k too) came before checkpoint k; a torn last
  // line of the killed run is not JSON and is dropped with them.
  return readJsonlLines(file, z.looseObject({ step: z.number() }), { invalid: "skip" })
    .filter(({ value }) => value.step <= lastStep)
    .map(({ value }) => `${JSON.stringify(value)}\n`)
    .join("");
}
