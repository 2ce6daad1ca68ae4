import {
  type ChatTemplateOptions,
  chatTokenIds,
  parseAssistantOutput,
  tokenizeChat,
} from "../chat/index.js";
import { type AssistantMessage, ConfigError } from "../core/index.js";
import {
  CheckpointFormatError,
  CheckpointMismatchError,
  type Gpt,
  type LoadModelOptions,
  loadModel,
  type MatmulKernel,
  type Tokenizer,
} from "../model/index.js";
import { BuiltinBatcher, type BuiltinBatcherStats } from "./builtin-batcher.js";
import type { Policy, PolicyRequest, PolicyResponse } from "./policy.js";

/** Where the weights come from: a checkpoint directory, or a model already in memory. */
export type BuiltinModelSource =
  | { readonly dir: string; readonly kernel?: MatmulKernel }
  | { readonly model: Gpt; readonly tokenizer: Tokenizer };

export type BuiltinPolicyOptions = BuiltinModelSource & {
  /** Default `builtin:<dir>`, or `builtin` for a model in memory. */
  readonly name?: string;
  /** Default 1 (the raw model, what on-policy RL needs); 0 = greedy. */
  readonly temperature?: number;
  /** Default 1 (off). */
  readonly topP?: number;
  /** Default 0 (off). */
  readonly topK?: number;
  /** Tokens one assistant turn may take; default 128. */
  readonly maxNewTokens?: number;
  /** Seed of the sampling; the same seed and the same batches give the same turns. */
  readonly seed?: number;
  /** Concurrent requests decoded together at most; default 16, 1 = one after another. */
  readonly maxBatch?: number;
  /** Tokens one forward step feeds at most (bounds its scratch memory); default 4096. */
  readonly maxBatchTokens?: number;
  readonly template?: ChatTemplateOptions;
};

/** A Policy backed by the built-in GPT, with its sampling statistics. */
export interface BuiltinPolicy extends Policy {
  /** Sampling so far (zeros until the first turn). */
  readonly stats: BuiltinBatcherStats;
}

/**
 * What the built-in policy answers when the conversation no longer fits the model's context:
 * an answer with no call, which ends the episode. It holds no digit, so it never matches a
 * numeric gold answer by accident.
 */
export const CONTEXT_FULL_ANSWER =
  "[context full: the conversation no longer fits the model's context]";

/**
 * The built-in model as a Policy (`toolgym eval --policy builtin:DIR`).
 *
 * Each turn: the conversation is rendered with the chat template (train/chat) and tokenized,
 * earlier turns of this policy as the very ids it sampled (not a re-rendering of their parsed
 * message); the model samples until `<|end|>` (or `<|endoftext|>`, or `maxNewTokens`); the
 * output is parsed into an assistant message with text tool calls (ids `call_<turn>_<i>`).
 * Whatever the model writes is a message — garbage is an answer, a broken call an error
 * observation — never an exception.
 *
 * The response's `tokens` are the sampled ids with their log-probs under the raw model
 * (temperature 1) and `promptIds`, the exact context they were sampled after; the rollout
 * stitches them into `trajectory.tokens`. Because earlier turns are kept verbatim, each
 * turn's context extends the previous one's, and the stitched sequence is exactly what the
 * model read and wrote.
 *
 * Context overflow: the context is never cut (a cut context would make the trajectory's tokens
 * something the model never saw). When the prompt leaves no room for one new token, the policy
 * answers `CONTEXT_FULL_ANSWER` without sampling (no `tokens`), which ends the episode; a turn
 * that reaches the end of the context is cut there. So every trajectory's tokens fit in ctx.
 *
 * Concurrent `act` calls are decoded together, each turn continuing from the cached context of
 * the one before (see `BuiltinBatcher`).
 *
 * @example
 * const policy = createBuiltinPolicy({ dir: "runs/sft/final", temperature: 0 });
 * await runRollouts({ records, policy, concurrency: 16 });
 */
export function createBuiltinPolicy(options: BuiltinPolicyOptions): BuiltinPolicy {
  const {
    temperature = 1,
    topP = 1,
    topK = 0,
    maxNewTokens = 128,
    seed = 0,
    maxBatch = 16,
    maxBatchTokens = 4096,
    template,
  } = options;
  const name = options.name ?? ("dir" in options ? `builtin:${options.dir}` : "builtin");
  let engine: Promise<Engine> | undefined;
  let loaded: Engine | undefined;
  const start = (): Promise<Engine> => {
    engine ??= loadSource(options).then(({ model, tokenizer }) => {
      if (tokenizer.vocabSize > model.config.vocabSize) {
        throw new ConfigError(
          "policy",
          `the tokenizer has ${tokenizer.vocabSize} ids but the model only ${model.config.vocabSize}: they do not belong together`,
        );
      }
      const special = chatTokenIds(tokenizer);
      const batcher = new BuiltinBatcher({
        model,
        maxBatch,
        maxBatchTokens,
        maxNewTokens,
        temperature,
        topK,
        topP,
        stopSequences: [[special.end], [special.endOfText]],
        seed,
      });
      loaded = { model, tokenizer, batcher };
      return loaded;
    });
    return engine;
  };
  // The ids each of this policy's messages was sampled as; keyed by the message object the
  // rollout appends to the conversation.
  const sampled = new WeakMap<AssistantMessage, readonly number[]>();

  return {
    name,
    get stats() {
      return { ...(loaded?.batcher.stats ?? NO_STATS) };
    },
    async act({ messages, tools, signal }: PolicyRequest): Promise<PolicyResponse> {
      signal?.throwIfAborted();
      const { model, tokenizer, batcher } = await start();
      const prompt = tokenizeChat({
        messages,
        tools,
        tokenizer,
        template,
        generationPrompt: true,
        sampledIds: (message) => sampled.get(message),
      }).ids;
      if (prompt.length >= model.config.ctx) {
        return { message: { role: "assistant", content: CONTEXT_FULL_ANSWER } };
      }
      const generation = await batcher.generate(prompt);
      signal?.throwIfAborted();
      const ids = Array.from(generation.tokens);
      const turn = messages.filter((m) => m.role === "assistant").length;
      const message = parseAssistantOutput(ids, tokenizer, turn);
      sampled.set(message, ids);
      return {
        message,
        tokens: { ids, logprobs: Array.from(generation.logprobs), promptIds: prompt },
        usage: { promptTokens: prompt.length, completionTokens: ids.length },
      };
    },
  };
}

interface Engine {
  model: Gpt;
  tokenizer: Tokenizer;
  batcher: BuiltinBatcher;
}

const NO_STATS: BuiltinBatcherStats = {
  steps: 0,
  sequences: 0,
  promptTokens: 0,
  prefilledTokens: 0,
  sampledTokens: 0,
  generateMs: 0,
};

async function loadSource(
  source: BuiltinModelSource,
): Promise<{ model: Gpt; tokenizer: Tokenizer }> {
  if (!("dir" in source)) return source;
  const loadOptions: LoadModelOptions = { kernel: source.kernel };
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(source.dir, loadOptions);
  } catch (error) {
    // The model module throws errors of its own (it imports nothing of ours); at this edge a
    // bad checkpoint is the operator's to fix, so it becomes a ConfigError naming it.
    if (error instanceof CheckpointFormatError || error instanceof CheckpointMismatchError) {
      throw new ConfigError(
        "policy",
        `builtin:${source.dir} is not a usable checkpoint: ${error.message}`,
      );
    }
    throw error;
  }
  const { model, tokenizer } = loaded;
  if (tokenizer === undefined) {
    throw new ConfigError(
      "policy",
      `${source.dir} has no tokenizer.json: the built-in policy needs the tokenizer the model was trained with`,
    );
  }
  return { model, tokenizer };
}
