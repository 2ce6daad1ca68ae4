import type { z } from "zod";
import { triceMessages } from "../../chat/index.js";
import {
  ConfigError,
  type EnvironmentRecord,
  EnvironmentRecordSchema,
  type Message,
  readJsonl,
  type ToolSpec,
} from "../../core/index.js";
import type { Tokenizer } from "../../model/index.js";
import {
  candidateSequences,
  fitsContext,
  type PreferencePair,
  PreferencePairSchema,
  preferenceSequences,
  type SftExample,
  SftExampleSchema,
  sftFromEnvironments,
  sftSequence,
  type TriceCandidateList,
  TriceCandidateListSchema,
} from "../data/index.js";
import { ALGORITHMS, type AlgorithmSpec } from "./algorithms.js";
import type { TrainAlgo, TrainConfig } from "./train-config.js";
import type { TrainData, TrainItem } from "./train-data.js";

/** A record of prepared data, of the kind the algorithm takes. */
type Prepared = SftExample | TriceCandidateList | PreferencePair;

/** The run's records as read from its files, before tokenization. */
export interface RunRecords {
  readonly algo: TrainAlgo;
  readonly envs: readonly EnvironmentRecord[];
  readonly evalEnvs: readonly EnvironmentRecord[];
  readonly items: readonly Prepared[];
  readonly evalItems: readonly Prepared[];
  /** Everything rendered with the chat template: what a new tokenizer is trained on. */
  readonly conversations: readonly { messages: readonly Message[]; tools: readonly ToolSpec[] }[];
}

const PREPARED_SCHEMAS = {
  sequences: SftExampleSchema,
  candidates: TriceCandidateListSchema,
  pairs: PreferencePairSchema,
} as const;

/**
 * Reads the run's files (`envs`, `data`, `evalEnvs`, `evalData`) and derives what they imply:
 * for sft, each environment's gold plan played by the oracle is a training example (the
 * held-out environments' gold plans the held-out ones), beside any examples of `data`.
 *
 * @throws DataFormatError naming the file, line and field of a record that does not fit
 */
export async function readRunRecords(config: TrainConfig): Promise<RunRecords> {
  const algo: AlgorithmSpec = ALGORITHMS[config.algo];
  const envs = await readOptional(config.envs, EnvironmentRecordSchema);
  const evalEnvs = await readOptional(config.evalEnvs, EnvironmentRecordSchema);
  const items: Prepared[] = [];
  const evalItems: Prepared[] = [];
  if (algo.data !== "rollouts") {
    const schema = PREPARED_SCHEMAS[algo.data];
    items.push(...(await readOptional<z.ZodType<Prepared>>(config.data, schema)));
    evalItems.push(...(await readOptional<z.ZodType<Prepared>>(config.evalData, schema)));
  } else if (config.data !== undefined) {
    throw new ConfigError("--data", `${config.algo} samples its own data: give --envs instead`);
  }
  const sftFromEnvs = algo.data === "sequences";
  // A new tokenizer must know the tool conversations the policy will read and write.
  const trainsTokenizer = config.init === undefined;
  const gold =
    sftFromEnvs || (trainsTokenizer && envs.length > 0)
      ? (await sftFromEnvironments({ records: envs })).examples
      : [];
  if (sftFromEnvs) {
    items.push(...gold);
    if (evalEnvs.length > 0) {
      evalItems.push(...(await sftFromEnvironments({ records: evalEnvs })).examples);
    }
  }
  const conversations = [...(sftFromEnvs ? [] : gold), ...items].flatMap(conversationsOf);
  return { algo: config.algo, envs, evalEnvs, items, evalItems, conversations };
}

/**
 * Tokenizes the prepared records with the run's tokenizer into items (a candidate or a pair
 * side that does not fit `ctx` is dropped; a list left empty or a broken pair drops the item).
 */
export function tokenizeRunData({
  records,
  tokenizer,
  ctx,
}: {
  records: RunRecords;
  tokenizer: Tokenizer;
  ctx: number;
}): TrainData {
  const kind = ALGORITHMS[records.algo].data;
  const tokenize = (prepared: readonly Prepared[]) => {
    const items: TrainItem[] = [];
    for (const record of prepared) {
      const item = toItem(record, kind, tokenizer, ctx);
      if (item !== undefined) items.push(item);
    }
    return { items, dropped: prepared.length - items.length };
  };
  const train = tokenize(records.items);
  const held = tokenize(records.evalItems);
  return {
    envs: records.envs,
    evalEnvs: records.evalEnvs,
    items: train.items,
    evalItems: held.items,
    dropped: { items: train.dropped, evalItems: held.dropped },
  };
}

function toItem(
  record: Prepared,
  kind: AlgorithmSpec["data"],
  tokenizer: Tokenizer,
  ctx: number,
): TrainItem | undefined {
  if (kind === "sequences") {
    const sequence = sftSequence(record as SftExample, { tokenizer });
    return fitsContext(sequence, ctx) ? { sequences: [sequence] } : undefined;
  }
  if (kind === "candidates") {
    const { sequences, scores } = candidateSequences(record as TriceCandidateList, { tokenizer });
    const keep = sequences.flatMap((s, i) => (fitsContext(s, ctx) ? [i] : []));
    if (keep.length === 0) return undefined;
    return { sequences: keep.map((i) => sequences[i]), scores: keep.map((i) => scores[i]) };
  }
  const pair = preferenceSequences(record as PreferencePair, { tokenizer });
  return pair.every((s) => fitsContext(s, ctx)) ? { sequences: pair } : undefined;
}

function conversationsOf(record: Prepared): RunRecords["conversations"] {
  if ("candidates" in record) {
    return record.candidates.map((c) => ({
      messages: triceMessages(record.question, c.response),
      tools: [],
    }));
  }
  if ("chosen" in record) {
    return [record.chosen, record.rejected].map((side) => ({
      messages: [...record.prompt, ...side],
      tools: record.tools,
    }));
  }
  return [{ messages: record.messages, tools: record.tools }];
}

async function readOptional<S extends z.ZodType>(
  file: string | undefined,
  schema: S,
): Promise<z.output<S>[]> {
  return file === undefined ? [] : readJsonl(file, schema);
}
