import { type Command, InvalidArgumentError, Option } from "commander";
import {
  EnvironmentRecordSchema,
  readJsonl,
  type Trajectory,
  TrajectorySchema,
} from "../../core/index.js";
import { EXPORT_FORMATS, type ExportFormat, exportDataset } from "../../export/index.js";

export interface ExportCommandOptions {
  format: ExportFormat;
  envs: string;
  trajectories?: string;
  out: string;
  rewardUrl?: string;
  envUrl?: string;
  dataSource?: string;
  split?: string;
  minReward?: number;
  minMargin?: number;
}

/** `toolgym export`: environments and trajectories in another engine's format. */
export async function exportCommand(options: ExportCommandOptions): Promise<void> {
  const records = await readJsonl(options.envs, EnvironmentRecordSchema);
  const trajectories: Trajectory[] =
    options.trajectories === undefined
      ? []
      : await readJsonl(options.trajectories, TrajectorySchema);
  const files = exportDataset({ ...options, records, trajectories });
  for (const file of files) {
    const what = file.rows === undefined ? "generated code" : `${file.rows} rows`;
    process.stdout.write(`${file.path}: ${what}\n`);
  }
}

function number(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError("expected a number");
  return n;
}

export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description(
      "environments and trajectories for verl, FTRL, OpenRLHF, TRL and OpenAI fine-tuning",
    )
    .addOption(
      new Option("--format <format>", "output format")
        .choices(EXPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .requiredOption("--envs <file>", "environments (JSONL of EnvironmentRecord)")
    .option(
      "--trajectories <file>",
      "trajectories (JSONL, e.g. toolgym eval's); needed by the sft and dpo formats",
    )
    .requiredOption("--out <dir>", "output directory")
    .option(
      "--reward-url <url>",
      "toolgym serve reward, as generated reward files reach it",
      "http://127.0.0.1:5000",
    )
    .option(
      "--env-url <url>",
      "toolgym serve env, as the agent file and FTRL's tool shims reach it",
      "http://127.0.0.1:5001",
    )
    .option("--data-source <name>", "the data_source column", "toolgym")
    .option("--split <split>", "verl's extra_info.split and FTRL's split column", "train")
    .option(
      "--min-reward <r>",
      "sft formats: keep trajectories with at least this reward",
      number,
      1,
    )
    .option(
      "--min-margin <m>",
      "dpo formats: pair trajectories whose rewards differ by more",
      number,
      0,
    )
    .action((options) => exportCommand(options));
}
