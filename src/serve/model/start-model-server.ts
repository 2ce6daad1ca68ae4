import { randomUUID } from "node:crypto";
import type { ChatTemplateOptions } from "../../chat/index.js";
import { type Gpt, Sampler, SeededRng, type Tokenizer } from "../../model/index.js";
import { HttpError } from "../http/http-error.js";
import {
  type JsonServerOptions,
  type RunningServer,
  startJsonServer,
} from "../http/json-server.js";
import { parseBody } from "../http/parse-body.js";
import { ChatCompletionRequestSchema } from "./chat-completion-request.js";
import { completeChat } from "./complete-chat.js";

export interface ModelServerOptions extends Omit<JsonServerOptions, "routes"> {
  readonly model: Gpt;
  readonly tokenizer: Tokenizer;
  /** The model id clients name (`/v1/models` lists it; others get 404 `model_not_found`). */
  readonly modelName: string;
  readonly template?: ChatTemplateOptions;
  /** Choices per request at most; default 16. */
  readonly maxN?: number;
  /** Seeds the per-request seeds of requests that give none. */
  readonly seed?: number;
  /** Injectable clock (seconds) for `created`, for tests. */
  readonly now?: () => number;
}

/**
 * `toolgym serve model builtin:DIR`: the built-in model behind an OpenAI-compatible API —
 * `POST /v1/chat/completions` (tools and `tool_calls`, temperature, top_p, max_tokens, n, stop,
 * logprobs, seed) and `GET /v1/models` — so any OpenAI-client harness, `toolgym eval --policy
 * openai:NAME@URL/v1` included, can play it. Sampling is synchronous and one request is sampled
 * at a time (its `n` choices in one batch); the model is small enough that this is the simple
 * and honest choice.
 */
export async function startModelServer(options: ModelServerOptions): Promise<RunningServer> {
  const { model, tokenizer, modelName, template, maxN = 16, seed = 0, now, ...http } = options;
  const sampler = new Sampler(model);
  const seeds = new SeededRng(seed);
  const clock = now ?? (() => Math.floor(Date.now() / 1000));
  const created = clock();
  return startJsonServer({
    ...http,
    routes: [
      {
        method: "GET",
        path: "/v1/models",
        json: () => ({
          object: "list",
          data: [{ id: modelName, object: "model", created, owned_by: "toolgym" }],
        }),
      },
      {
        method: "POST",
        path: "/v1/chat/completions",
        json: ({ body }) => {
          const request = parseBody(ChatCompletionRequestSchema, body);
          if (request.model !== modelName) {
            throw new HttpError(
              404,
              `The model \`${request.model}\` does not exist; this server serves \`${modelName}\``,
              "model",
            );
          }
          const completion = completeChat({
            model,
            sampler,
            tokenizer,
            template,
            request,
            maxN,
            seed: (request.seed ?? seeds.nextUint32()) >>> 0,
          });
          return {
            id: `chatcmpl-${randomUUID()}`,
            object: "chat.completion",
            created: clock(),
            model: modelName,
            ...completion,
          };
        },
      },
    ],
  });
}
