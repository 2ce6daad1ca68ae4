import { type Command, InvalidArgumentError } from "commander";
import { computeEnvironmentStats } from "../../envgen/index.js";
import { formatEvalComparison, writeReport } from "../../report/index.js";

export interface ReportCommandOptions {
  dirs: string[];
  out?: string;
  envs?: string[];
  title?: string;
  maxEpisodes: number;
}

/** `toolgym report DIR…`: one self-contained HTML file of runs and evaluations. */
export async function reportCommand(options: ReportCommandOptions): Promise<void> {
  const result = await writeReport({
    inputs: options.dirs,
    out: options.out,
    envs: options.envs,
    title: options.title,
    maxEpisodes: options.maxEpisodes,
    environmentStats: computeEnvironmentStats,
  });
  const table = formatEvalComparison(result.evals);
  if (table !== "") process.stdout.write(`${table}\n\n`);
  const kb = (result.bytes / 1024).toFixed(0);
  process.stdout.write(`report → ${result.file} (${kb} KB; open it in a browser)\n`);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

/** Adds `toolgym report` to the program. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description(
      "one self-contained HTML report (opens offline) of train runs and eval / math eval / bfcl outputs: curves, results with 95% intervals, trajectories, environments",
    )
    .argument(
      "<dirs...>",
      "run or evaluation directories, evaluations in before → after order (or a folder of them)",
    )
    .option("--out <file>", "the HTML file (default: report.html in the first directory)")
    .option(
      "--envs <file>",
      "an environments file to describe (repeatable; runs' recorded files are found by themselves)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--title <text>", "the page's title")
    .option(
      "--max-episodes <n>",
      "episodes of each evaluation in the trajectory browser",
      positiveInt,
      200,
    )
    .action((dirs: string[], options: Omit<ReportCommandOptions, "dirs">) =>
      reportCommand({ dirs, ...options }),
    );
}
