import type { Message, ToolSpec } from "../core/index.js";
import {
  DEFAULT_SPECIAL_TOKENS,
  type DigitSplitting,
  type SpaceSplitting,
  type Tokenizer,
  trainBpe,
} from "../model/index.js";
import type { ChatTemplateOptions } from "./chat-template.js";
import { renderChatText } from "./chat-template.js";

export interface TrainChatTokenizerOptions {
  /** Conversations rendered with the chat template: environments' gold trajectories, math examples. */
  readonly conversations: Iterable<{ messages: readonly Message[]; tools: readonly ToolSpec[] }>;
  /** Total ids wanted (special tokens + 256 bytes + merges). */
  readonly vocabSize: number;
  readonly template?: ChatTemplateOptions;
  readonly minFrequency?: number;
  /**
   * `separate` (the default): a space is a token of its own, so a name is the same tokens in a
   * question and in a call's JSON, and copying it is copying tokens; `attached`: GPT-2's words.
   */
  readonly spaces?: SpaceSplitting;
  /** `individual` (the default): each digit a token; `grouped`: merges learn pieces of numbers. */
  readonly digits?: DigitSplitting;
}

/**
 * Trains a byte-level BPE tokenizer for a from-scratch model on conversations rendered exactly
 * as the model will see them (the tool lines, the compact call JSON, TRICE's forms), with the
 * chat template's special tokens at ids 0–8 and digits split one per token (arithmetic needs
 * them). Build the conversations with the data builders (`sftFromEnvironments`,
 * `sftFromMathProblems`).
 *
 * @example
 * const tokenizer = trainChatTokenizer({ conversations: examples, vocabSize: 1024 });
 */
export function trainChatTokenizer({
  conversations,
  vocabSize,
  template,
  minFrequency,
  spaces = "separate",
  digits = "individual",
}: TrainChatTokenizerOptions): Tokenizer {
  const corpus = function* () {
    for (const { messages, tools } of conversations) {
      yield renderChatText({ messages, tools, template });
    }
  };
  return trainBpe({
    corpus: corpus(),
    vocabSize,
    specialTokens: DEFAULT_SPECIAL_TOKENS,
    minFrequency,
    digits,
    spaces,
  });
}
