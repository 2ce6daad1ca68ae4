import { type ChatTemplateOptions, tokenizeChat, triceMessages } from "../../chat/index.js";
import type { Trajectory } from "../../core/index.js";
import type { Tokenizer } from "../../model/index.js";
import type { TokenSequence } from "./pad-batch.js";
import type { PreferencePair, SftExample, TriceCandidateList } from "./records.js";

/** How the records of the data builders become token sequences (`padBatch` makes batches). */
export interface SequenceOptions {
  readonly tokenizer: Tokenizer;
  readonly template?: ChatTemplateOptions;
}

/** An SFT example rendered with the chat template: loss on the assistant turns only. */
export function sftSequence(
  example: SftExample,
  { tokenizer, template }: SequenceOptions,
): TokenSequence {
  return tokenizeChat({ messages: example.messages, tools: example.tools, tokenizer, template });
}

/**
 * A TRICE candidate list as RRHF takes it: one sequence per candidate (question → response,
 * loss on the response) and the candidates' execution scores.
 */
export function candidateSequences(
  list: TriceCandidateList,
  { tokenizer, template }: SequenceOptions,
): { sequences: TokenSequence[]; scores: number[] } {
  return {
    sequences: list.candidates.map((c) =>
      tokenizeChat({
        messages: triceMessages(list.question, c.response),
        tools: [],
        tokenizer,
        template,
      }),
    ),
    scores: list.candidates.map((c) => c.score),
  };
}

/**
 * A preference pair as DPO takes it: `[chosen, rejected]`, each the prompt and its
 * continuation, loss on the assistant turns. A side with sampled tokens is used exactly as
 * sampled (its log-probs kept); otherwise its messages are rendered with the template.
 */
export function preferenceSequences(
  pair: PreferencePair,
  { tokenizer, template }: SequenceOptions,
): [TokenSequence, TokenSequence] {
  const side = (continuation: PreferencePair["chosen"], tokens: PreferencePair["chosen_tokens"]) =>
    tokens !== undefined
      ? { ids: tokens.ids, lossMask: tokens.loss_mask, logprobs: tokens.logprobs }
      : tokenizeChat({
          messages: [...pair.prompt, ...continuation],
          tools: pair.tools,
          tokenizer,
          template,
        });
  return [side(pair.chosen, pair.chosen_tokens), side(pair.rejected, pair.rejected_tokens)];
}

/**
 * A built-in model's trajectory as on-policy losses take it: exactly the sampled tokens, the
 * sampled log-probs and the loss mask (1 = sampled). Undefined when it has no tokens (another
 * policy's, or an episode whose first prompt already filled the context).
 */
export function trajectorySequence(trajectory: Trajectory): TokenSequence | undefined {
  const { tokens } = trajectory;
  if (tokens === undefined) return undefined;
  return { ids: tokens.ids, lossMask: tokens.loss_mask, logprobs: tokens.logprobs };
}

/**
 * Whether a sequence fits a model of context `ctx` in one row: its inputs are all ids but the
 * last, so up to ctx + 1 ids fit. It must also train something (a 1 in its loss mask).
 */
export function fitsContext(sequence: TokenSequence, ctx: number): boolean {
  return (
    sequence.ids.length >= 2 &&
    sequence.ids.length <= ctx + 1 &&
    sequence.lossMask.some((m, i) => i > 0 && m !== 0)
  );
}
