import { type ChatTemplateOptions, chatTokenIds, tokenizeChat } from "../../chat/index.js";
import type { AssistantMessage } from "../../core/index.js";
import type { Generation, Gpt, Sampler, Tokenizer } from "../../model/index.js";
import { HttpError } from "../http/http-error.js";
import { assistantFromText } from "../wire/wire-message.js";
import type { ChatCompletionRequest } from "./chat-completion-request.js";

export interface ChatChoice {
  readonly index: number;
  readonly message: AssistantMessage;
  readonly finish_reason: "stop" | "length" | "tool_calls";
  readonly logprobs: { content: TokenLogprob[] } | null;
}

interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: [];
}

export interface ChatCompletion {
  readonly choices: ChatChoice[];
  readonly usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/**
 * One `/v1/chat/completions` request answered by the built-in model: the conversation rendered
 * with toolgym's chat template (the one the model was trained with, tools in its system prompt),
 * `n` continuations sampled together in one batch, each cut at the first `stop` string, parsed
 * into an assistant message whose `<tool_call>` blocks become `tool_calls`.
 *
 * Sampling follows the API's defaults (temperature 1, top_p 1); `logprobs` are the sampled
 * tokens' log-probabilities under the raw model (temperature 1), what an RL trainer needs as
 * the behaviour policy's. `max_tokens` defaults to what is left of the context.
 */
export function completeChat(options: {
  model: Gpt;
  sampler: Sampler;
  tokenizer: Tokenizer;
  template?: ChatTemplateOptions;
  request: ChatCompletionRequest;
  maxN: number;
  seed: number;
}): ChatCompletion {
  const { model, sampler, tokenizer, template, request, maxN, seed } = options;
  const n = request.n ?? 1;
  if (n > maxN) throw new HttpError(400, `at most ${maxN} choices per request`, "n");
  const tools = request.tool_choice === "none" ? [] : (request.tools ?? []);
  const { ids: prompt } = tokenizeChat({
    messages: request.messages,
    tools,
    tokenizer,
    template,
    generationPrompt: true,
  });
  const ctx = model.config.ctx;
  if (prompt.length >= ctx) {
    throw new HttpError(
      400,
      `the conversation takes ${prompt.length} tokens and leaves no room in the model's context of ${ctx}`,
      "messages",
    );
  }
  const special = chatTokenIds(tokenizer);
  const stops =
    request.stop == null ? [] : typeof request.stop === "string" ? [request.stop] : request.stop;
  const generations = sampler.generate({
    prompts: Array.from({ length: n }, () => prompt),
    maxNewTokens: Math.min(
      request.max_completion_tokens ?? request.max_tokens ?? ctx,
      ctx - prompt.length,
    ),
    temperature: request.temperature ?? 1,
    topP: request.top_p ?? 1,
    // Stop strings as the model would usually spell them end sampling early; the text is cut at
    // any spelling below, so this is only a saving.
    stopSequences: [
      [special.end],
      [special.endOfText],
      ...stops.map((s) => tokenizer.encode(s, { parseSpecial: false })),
    ],
    seed,
  });
  const turn = request.messages.filter((m) => m.role === "assistant").length;
  const choices = generations.map((generation, index) => {
    const { ids, text, finish } = cutAtStop(generation, tokenizer, stops, [
      special.end,
      special.endOfText,
    ]);
    const message = assistantFromText(text, turn);
    const calls = message.tool_calls?.length ?? 0;
    return {
      index,
      message,
      finish_reason: finish === "stop" && calls > 0 ? ("tool_calls" as const) : finish,
      logprobs: request.logprobs
        ? { content: ids.map((id, i) => tokenLogprob(tokenizer, id, generation.logprobs[i])) }
        : null,
    };
  });
  const completionTokens = generations.reduce((sum, g) => sum + g.tokens.length, 0);
  return {
    choices,
    usage: {
      prompt_tokens: prompt.length,
      completion_tokens: completionTokens,
      total_tokens: prompt.length + completionTokens,
    },
  };
}

/**
 * The part of a generation the client gets: without the closing special token, and cut before
 * the first stop string (the ids kept are the fewest whose text reaches the cut).
 */
function cutAtStop(
  generation: Generation,
  tokenizer: Tokenizer,
  stops: readonly string[],
  endIds: readonly number[],
): { ids: number[]; text: string; finish: "stop" | "length" } {
  let ids = Array.from(generation.tokens);
  let finish = generation.finishReason;
  if (ids.length > 0 && endIds.includes(ids[ids.length - 1])) ids = ids.slice(0, -1);
  let text = tokenizer.decode(ids);
  const cuts = stops.map((s) => text.indexOf(s)).filter((at) => at >= 0);
  if (cuts.length > 0) {
    const at = Math.min(...cuts);
    let k = 0;
    while (k < ids.length && tokenizer.decode(ids.slice(0, k)).length < at) k++;
    ids = ids.slice(0, k);
    text = text.slice(0, at);
    finish = "stop";
  }
  return { ids, text, finish };
}

function tokenLogprob(tokenizer: Tokenizer, id: number, logprob: number): TokenLogprob {
  const bytes = Array.from(tokenizer.decodeBytes([id]));
  return { token: tokenizer.decode([id]), logprob, bytes, top_logprobs: [] };
}
