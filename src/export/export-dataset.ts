import { join } from "node:path";
import {
  ConfigError,
  type EnvironmentRecord,
  type Trajectory,
  writeFileAtomic,
} from "../core/index.js";
import { ftrlTable } from "./ftrl/ftrl-export.js";
import { openAiDpoRows, openAiSftRows } from "./openai/openai-rows.js";
import { openRlhfAgentPy, openRlhfRows } from "./openrlhf/openrlhf-export.js";
import { writeParquet } from "./parquet.js";
import { preferencePairs } from "./preference-pairs.js";
import { trlRewardPy } from "./trl/trl-reward-py.js";
import { trlDpoRows, trlGrpoRows, trlSftRows } from "./trl/trl-rows.js";
import { verlTable } from "./verl/verl-export.js";
import { verlRewardPy } from "./verl/verl-reward-py.js";

export const EXPORT_FORMATS = [
  "verl",
  "ftrl",
  "openrlhf",
  "trl-sft",
  "trl-dpo",
  "trl-grpo",
  "openai-sft",
  "openai-dpo",
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly format: ExportFormat;
  readonly records: readonly EnvironmentRecord[];
  /** Needed by the SFT and DPO formats; adds continuation rows to `ftrl`. */
  readonly trajectories?: readonly Trajectory[];
  /** Output directory. */
  readonly out: string;
  /** `toolgym serve reward`'s URL, the default baked into generated reward files. */
  readonly rewardUrl?: string;
  /** `toolgym serve env`'s URL, the default baked into the agent file and FTRL's tool shims. */
  readonly envUrl?: string;
  readonly dataSource?: string;
  /** verl's `extra_info.split` and FTRL's `split` (its reward only scores "train"). */
  readonly split?: string;
  /** SFT formats keep trajectories whose reward is at least this; default 1 (fully solved). */
  readonly minReward?: number;
  /** DPO formats pair trajectories whose rewards differ by more than this; default 0. */
  readonly minMargin?: number;
}

export interface ExportedFile {
  readonly path: string;
  /** Data rows, or undefined for generated code. */
  readonly rows?: number;
}

type Exporter = (context: Context) => ExportedFile[];

interface Context extends Required<Omit<ExportOptions, "trajectories" | "format">> {
  readonly trajectories: readonly Trajectory[];
  readonly byId: ReadonlyMap<string, EnvironmentRecord>;
  readonly format: ExportFormat;
}

const exporters = {
  verl: (c) => [
    parquet(c, "data.parquet", verlTable(c.records, c)),
    code(c, "toolgym_reward.py", verlRewardPy(c.rewardUrl)),
  ],
  ftrl: (c) => [parquet(c, "data.parquet", ftrlTable(c.records, c.trajectories, c))],
  openrlhf: (c) => [
    jsonl(c, "prompts.jsonl", openRlhfRows(c.records)),
    code(c, "toolgym_agent.py", openRlhfAgentPy(c.envUrl)),
  ],
  "trl-sft": (c) => [jsonl(c, "sft.jsonl", trlSftRows(goodTrajectories(c), c.byId))],
  "trl-dpo": (c) => [jsonl(c, "dpo.jsonl", trlDpoRows(pairs(c), c.byId))],
  "trl-grpo": (c) => [
    jsonl(c, "grpo.jsonl", trlGrpoRows(c.records)),
    code(c, "toolgym_trl_reward.py", trlRewardPy(c.rewardUrl)),
  ],
  "openai-sft": (c) => [jsonl(c, "sft.jsonl", openAiSftRows(goodTrajectories(c), c.byId))],
  "openai-dpo": (c) => [jsonl(c, "dpo.jsonl", openAiDpoRows(pairs(c), c.byId))],
} satisfies Record<ExportFormat, Exporter>;

const NEEDS_TRAJECTORIES = new Set<ExportFormat>([
  "trl-sft",
  "trl-dpo",
  "openai-sft",
  "openai-dpo",
]);

/**
 * `toolgym export`: environments (and trajectories) in the formats other engines train on —
 * verl's and FTRL's parquet, OpenRLHF's prompts and agent, TRL's and OpenAI's fine-tuning
 * JSONL — with the generated Python glue that connects them to `toolgym serve`. Every file is
 * written atomically; an export that would hold no rows is refused.
 */
export function exportDataset(options: ExportOptions): ExportedFile[] {
  const { format, records, trajectories = [] } = options;
  if (NEEDS_TRAJECTORIES.has(format) && trajectories.length === 0) {
    throw new ConfigError(
      "--trajectories",
      `the ${format} format is built from trajectories: give --trajectories (e.g. the trajectories.jsonl of toolgym eval)`,
    );
  }
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const t of trajectories) {
    if (!byId.has(t.env_id)) {
      throw new ConfigError(
        "--trajectories",
        `trajectory ${t.id} is of environment ${t.env_id}, which --envs does not hold`,
      );
    }
  }
  const context: Context = {
    rewardUrl: "http://127.0.0.1:5000",
    envUrl: "http://127.0.0.1:5001",
    dataSource: "toolgym",
    split: "train",
    minReward: 1,
    minMargin: 0,
    ...withoutUndefined(options),
    out: options.out,
    format,
    records,
    trajectories,
    byId,
  };
  return exporters[format](context);
}

function goodTrajectories(c: Context): Trajectory[] {
  const good = c.trajectories.filter((t) => t.reward.total >= c.minReward);
  if (good.length === 0) {
    throw new ConfigError(
      "--min-reward",
      `none of ${c.trajectories.length} trajectories has a reward of ${c.minReward} or more`,
    );
  }
  return good;
}

function pairs(c: Context) {
  const found = preferencePairs(c.trajectories, { minMargin: c.minMargin });
  if (found.length === 0) {
    throw new ConfigError(
      "--trajectories",
      `no environment has two trajectories whose rewards differ by more than ${c.minMargin} (sample several per environment: toolgym eval --samples 4 --temperature 1)`,
    );
  }
  return found;
}

function jsonl(c: Context, name: string, rows: readonly unknown[]): ExportedFile {
  const path = join(c.out, name);
  writeFileAtomic(path, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
  return { path, rows: rows.length };
}

function parquet(
  c: Context,
  name: string,
  table: Parameters<typeof writeParquet>[1],
): ExportedFile {
  const path = join(c.out, name);
  writeParquet(path, table);
  return { path, rows: table.numRows };
}

function code(c: Context, name: string, source: string): ExportedFile {
  const path = join(c.out, name);
  writeFileAtomic(path, source);
  return { path };
}

function withoutUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
