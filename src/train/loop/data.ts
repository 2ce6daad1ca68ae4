import type { z } from "zod";
import { tokenizeChat, triceMessages } from "../../chat/index.js";
import {
  ConfigError,
  type EnvironmentRecord,
  EnvironmentRecordSchema,
  type Message,
  readJsonl,
  type ToolSpec,
  type Trajectory,
} from "../../core/index.js";
import { SeededRng, type Tokenizer } from "../../model/index.js";
import { type AlgorithmSpec, algorithmOf, type TrainAlgo } from "../algorithms.js";
import {
  candidateSequences,
  fitsContext,
  type PreferencePair,
  PreferencePairSchema,
  padBatch,
  preferenceSequences,
  type SftExample,
  SftExampleSchema,
  sftFromEnvironments,
  sftSequence,
  type TokenSequence,
  type TrainBatch,
  type TriceCandidateList,
  TriceCandidateListSchema,
} from "../data/index.js";
import type { TrainConfig } from "./config.js";

// The run's data: its files read and tokenized into items, the seeded order they are taken in
// (every random stream of a run derives from its seed), and the padded batch of one step.

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
  const algo = algorithmOf(config.algo);
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
  const kind = algorithmOf(records.algo).data;
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
    copyPieces: copyPieces(records.conversations),
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

/** One unit of prepared data: the sequences a step takes together. */
export interface TrainItem {
  /** sft: one sequence; rrhf: the candidates of one question; dpo: (chosen, rejected). */
  readonly sequences: readonly TokenSequence[];
  /** rrhf: each candidate's score, higher = better (TRICE's execution score). */
  readonly scores?: readonly number[];
}

/** What a run trains and evaluates on, tokenized with the run's tokenizer. */
export interface TrainData {
  /** Environments the on-policy algorithms play (the prompts). */
  readonly envs: readonly EnvironmentRecord[];
  /** Prepared items of the offline algorithms (sft, rrhf, dpo). */
  readonly items: readonly TrainItem[];
  /** Held-out environments: Solve-F1 and answer accuracy of the current policy. */
  readonly evalEnvs: readonly EnvironmentRecord[];
  /** Held-out items: the loss's metrics on them (NLL, ranking or preference accuracy). */
  readonly evalItems: readonly TrainItem[];
  /** Items left out because they do not fit the model's context, by set. */
  readonly dropped: { readonly items: number; readonly evalItems: number };
  /** The texts a copy warm-up echoes (`copyPieces`); empty when the run has none. */
  readonly copyPieces: readonly string[];
}

export interface DataCursor {
  /** Passes over the data completed. */
  readonly epoch: number;
  /** Next position in this epoch's shuffled order. */
  readonly index: number;
}

/**
 * The next `count` item indices of a dataset of `size` items, in epochs: each epoch visits
 * every item once, in an order shuffled by `deriveSeed(seed, dataOrder, epoch)`; a batch that
 * runs past the end continues in the next epoch. Pure: the cursor is the whole state.
 *
 * @example
 * let cursor = { epoch: 0, index: 0 };
 * ({ indices, cursor } = takeBatch({ cursor, count: 16, size: data.length, seed }));
 */
export function takeBatch({
  cursor,
  count,
  size,
  seed,
}: {
  cursor: DataCursor;
  count: number;
  size: number;
  seed: number;
}): { indices: number[]; cursor: DataCursor } {
  if (size <= 0) throw new RangeError("takeBatch: the dataset is empty");
  let { epoch, index } = cursor;
  let order = epochOrder(size, seed, epoch);
  const indices: number[] = [];
  while (indices.length < count) {
    if (index >= size) {
      epoch++;
      index = 0;
      order = epochOrder(size, seed, epoch);
    }
    indices.push(order[index++]);
  }
  return { indices, cursor: { epoch, index } };
}

/** A Fisher–Yates shuffle of 0 … size−1 for `epoch`. */
function epochOrder(size: number, seed: number, epoch: number): Int32Array {
  const order = Int32Array.from({ length: size }, (_, i) => i);
  const rng = new SeededRng(deriveSeed(seed, RNG_STREAMS.dataOrder, epoch));
  for (let i = size - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The sequences of one step, padded, with what the reward and advantage phases need. */
export interface StepBatch extends TrainBatch {
  /** @param rewards (B) each sequence's reward or score, when the algorithm has them */
  readonly rewards?: Float32Array;
  /** @param groups (B) which item or prompt each sequence belongs to */
  readonly groups: Int32Array;
  /** Real positions (Σ over rows of length − 1): the work of one forward over the batch. */
  readonly positions: number;
}

// Stands in for an episode the model never spoke in (its prompt did not fit the context): a
// row of padding that predicts nothing, so the group keeps its shape. Id 1 is `<|pad|>`.
const SILENT: TokenSequence = { ids: [1, 1], lossMask: [0, 0], logprobs: [0, 0] };

/** Prepared items → one batch, the sequences of item i in group i, scores as rewards. */
export function itemsToStepBatch(items: readonly TrainItem[]): StepBatch {
  const sequences = items.flatMap((item) => item.sequences);
  const groups = Int32Array.from(items.flatMap((item, i) => item.sequences.map(() => i)));
  const scored = items.every((item) => item.scores !== undefined);
  const rewards = scored ? Float32Array.from(items.flatMap((item) => item.scores!)) : undefined;
  return { ...padBatch(sequences), rewards, groups, positions: positionsOf(sequences) };
}

/**
 * Rollouts → one batch of their sampled tokens (`trajectory.tokens`: what the model read and
 * wrote, its own tokens in the loss mask, with the log-probs they were sampled with), rewards
 * `(1 − answerReward)·reward.total + answerReward·reward.parts.answer`, trajectory b in group
 * ⌊b / groupSize⌋.
 */
export function trajectoriesToStepBatch(
  trajectories: readonly Trajectory[],
  groupSize: number,
  answerReward = 0,
): StepBatch {
  const sequences = trajectories.map((t): TokenSequence => {
    const tokens = t.tokens;
    if (tokens === undefined || tokens.ids.length < 2) return SILENT;
    return { ids: tokens.ids, lossMask: tokens.loss_mask, logprobs: tokens.logprobs };
  });
  return {
    ...padBatch(sequences),
    rewards: Float32Array.from(
      trajectories,
      (t) => (1 - answerReward) * t.reward.total + answerReward * (t.reward.parts.answer ?? 0),
    ),
    groups: Int32Array.from(trajectories, (_, b) => Math.floor(b / groupSize)),
    positions: positionsOf(sequences),
  };
}

function positionsOf(sequences: readonly TokenSequence[]): number {
  return sequences.reduce((sum, s) => sum + s.ids.length - 1, 0);
}

/**
 * The random streams of a training run. Every draw the loop makes comes from a `SeededRng`
 * seeded with `deriveSeed(seed, stream, index)` — the order of the data (or of the prompts)
 * in epoch `index`, the samples of step `index` — so the generator state at any step is a
 * function of the run's seed, the step and the data cursor. That is what a checkpoint must
 * restore for `--resume` to continue bit-identically, and it needs no generator state on disk.
 */
export const RNG_STREAMS = {
  /** Shuffle of the prepared data (or of the environments played), one per epoch. */
  dataOrder: 1,
  /** Sampling seeds of a step's rollouts. */
  sampling: 2,
  /** Sampling seeds of an evaluation. */
  eval: 3,
  /** The echo examples of a copy warm-up step. */
  copyWarmup: 5,
  /** Seeds of the worlds of fresh training environments, one per chunk. */
  freshEnvs: 4,
} as const;

/** A 32-bit seed for draw `index` of `stream` in a run seeded with `seed` (splitmix32 mixing). */
export function deriveSeed(seed: number, stream: number, index: number): number {
  let h = mix(seed >>> 0);
  h = mix((h ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
  h = mix((h ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  return h;
}

function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * An endless stream of new training environments, in chunks: chunk `index` is always the same
 * environments (built from a seed derived from the run's seed and `index`), so a run that
 * resumes at a cursor draws what the uninterrupted run would have. Made by the caller — the
 * CLI builds it with envgen from the training file's build options (`FILE.stats.json`) — so
 * that `train` needs no environment generator of its own (train may not import envgen).
 *
 * Why: a fixed set of a few thousand environments over one world shows each entity dozens of
 * times, and a small model learns the names instead of copying them from the question; on
 * environments of a new world (the test split) it then fails. New environments every step,
 * from worlds it never saw, leave copying as the only thing that works.
 */
export interface FreshEnvironments {
  /** Chunk `index` of the stream (0, 1, …); the same records for the same index. */
  chunk(index: number): Promise<readonly EnvironmentRecord[]>;
  /** Where the environments come from, for the log (e.g. "new procedural environments like …"). */
  readonly description: string;
}

/**
 * Reads a `FreshEnvironments` stream at a data cursor (`epoch` is the chunk, `index` the
 * position in it). Keeps the last chunk it built, so consecutive steps do not rebuild it.
 */
export class FreshEnvironmentReader {
  private cached: { index: number; records: readonly EnvironmentRecord[] } | undefined;

  constructor(private readonly fresh: FreshEnvironments) {}

  /** The next `count` environments from `cursor`, and the cursor after them. */
  async take(
    cursor: DataCursor,
    count: number,
  ): Promise<{ records: EnvironmentRecord[]; cursor: DataCursor }> {
    let { epoch, index } = cursor;
    const records: EnvironmentRecord[] = [];
    while (records.length < count) {
      const chunk = await this.chunk(epoch);
      if (chunk.length === 0) throw new RangeError(`fresh environments: chunk ${epoch} is empty`);
      if (index >= chunk.length) {
        epoch++;
        index = 0;
        continue;
      }
      records.push(chunk[index++]);
    }
    return { records, cursor: { epoch, index } };
  }

  private async chunk(index: number): Promise<readonly EnvironmentRecord[]> {
    if (this.cached?.index !== index) {
      this.cached = { index, records: await this.fresh.chunk(index) };
    }
    return this.cached.records;
  }
}

/**
 * The texts a copy warm-up echoes: every user message, tool output, assistant text and call's
 * arguments of the run's conversations (what the model will have to copy from: names, numbers,
 * dates, JSON), each at most `maxChars` long.
 */
export function copyPieces(conversations: RunRecords["conversations"], maxChars = 200): string[] {
  const pieces: string[] = [];
  const add = (text: string | null | undefined) => {
    const trimmed = text?.trim();
    if (trimmed) pieces.push(trimmed.slice(0, maxChars));
  };
  for (const { messages } of conversations) {
    for (const m of messages) {
      if (m.role === "user" || m.role === "tool") add(m.content);
      if (m.role === "assistant") {
        add(m.content);
        for (const call of m.tool_calls ?? []) add(call.function.arguments);
      }
    }
  }
  return pieces;
}

/**
 * One copy warm-up batch: `batchSize` echo conversations — a user message of one to three random
 * pieces, and the assistant repeating it word for word, the loss on the repetition. Drawn from
 * `deriveSeed(seed, copyWarmup, step)`, so a resumed run draws the same.
 *
 * Why: a GPT trained from scratch for minutes does not learn to copy what it has never seen
 * from its prompt — a name into a call's arguments, a number from a tool's output into the
 * answer — until an induction circuit forms, which on tool conversations alone takes thousands
 * of steps (copying is a few tokens of each). Echoing makes copying the whole loss, and the
 * circuit forms in a few hundred steps; measured in scripts/experiments/transfer.mts.
 */
export function copyWarmupBatch({
  pieces,
  tokenizer,
  batchSize,
  ctx,
  seed,
  step,
}: {
  pieces: readonly string[];
  tokenizer: Tokenizer;
  batchSize: number;
  ctx: number;
  seed: number;
  step: number;
}): StepBatch {
  if (pieces.length === 0) throw new RangeError("copy warm-up: no text to echo");
  const rng = new SeededRng(deriveSeed(seed, RNG_STREAMS.copyWarmup, step));
  const items: TrainItem[] = [];
  // A context too short for most echoes would otherwise redraw for ever.
  for (let drawn = 0; items.length < batchSize; drawn++) {
    if (drawn === 100 * batchSize) {
      throw new RangeError(
        `copy warm-up: echoes of the run's texts do not fit a context of ${ctx}`,
      );
    }
    const count = 1 + rng.nextInt(3);
    const text = Array.from({ length: count }, () => pieces[rng.nextInt(pieces.length)]).join(" ");
    const sequence = tokenizeChat({
      messages: [
        { role: "user", content: text },
        { role: "assistant", content: text },
      ],
      tools: [],
      tokenizer,
    });
    if (fitsContext(sequence, ctx)) items.push({ sequences: [sequence] });
  }
  return itemsToStepBatch(items);
}
