import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import {
  addUsage,
  createEndpoint,
  type EndpointInternals,
  EndpointOptionsSchema,
  type TokenUsage,
  usageOf,
  ZERO_USAGE,
} from "../../endpoint/index.js";
import { parseModelJson } from "./parse-model-json.js";
import {
  isUnsupportedFormatFailure,
  RESPONSE_FORMAT_MODES,
  type ResponseFormatMode,
  responseFormatField,
  weakerMode,
} from "./response-format.js";

/** Tokens spent per stage (every request of that stage, re-asks and repairs included). */
export type UsageByStage = Record<string, TokenUsage>;

/** The endpoint's options, with longer waits and fewer requests in flight by default. */
export const JsonChatClientOptionsSchema = EndpointOptionsSchema.extend({
  /** Per attempt; a stage that writes tool code can take minutes on a slow server. */
  timeoutMs: EndpointOptionsSchema.shape.timeoutMs.unwrap().default(300_000),
  /** Requests in flight at once, across every stage and environment of a build. */
  concurrency: EndpointOptionsSchema.shape.concurrency.unwrap().default(8),
  /** Where to start; lowered (and remembered) when the server refuses a format. */
  responseFormat: z.enum(RESPONSE_FORMAT_MODES).default("json_schema"),
});

export type JsonChatClientOptions = z.input<typeof JsonChatClientOptionsSchema> & {
  /** For tests: the backoff sleep and the jitter source. */
  _internal?: EndpointInternals;
};

export interface ChatText {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface JsonRequest<T> {
  /** Usage is totalled under this name. */
  stage: string;
  messages: readonly ChatText[];
  /** Checks the parsed answer; its issues are fed back in the one re-ask. */
  schema: z.ZodType<T>;
  /** Sent as `response_format.json_schema` where the server takes it. */
  jsonSchema: { name: string; schema: Record<string, unknown> };
  signal?: AbortSignal;
}

/** A usable answer, or why the model's answers were not usable (a model fault, not thrown). */
export type JsonResult<T> =
  | { ok: true; value: T; usage: TokenUsage }
  | { ok: false; reason: string; usage: TokenUsage };

export interface JsonChatClient {
  readonly model: string;
  readonly baseURL: string;
  /** The response format this endpoint is known to take (lowered after a refusal). */
  readonly responseFormat: ResponseFormatMode;
  /**
   * Asks for one JSON object: parsed and repaired, checked with `schema`; an answer that fails
   * either gets one re-ask with the problem stated. Endpoint faults after retries throw
   * EndpointError; a model that answers unusably twice gives `{ ok: false, reason }`.
   */
  requestJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>>;
  /** Tokens spent so far, per stage. */
  usage(): UsageByStage;
  /** Chat requests answered so far (re-asks and format fallbacks included, retries not). */
  readonly requests: number;
}

/**
 * A client for JSON answers from any OpenAI-compatible endpoint, built like the OpenAI policy's
 * (same options, key rule, retries and failure messages) and sharing one concurrency limit
 * across everything that uses it.
 */
export function createJsonChatClient(options: JsonChatClientOptions): JsonChatClient {
  const { _internal = {}, ...rest } = options;
  const settings = parseOptions(JsonChatClientOptionsSchema, rest);
  const endpoint = createEndpoint(settings, _internal);
  const { model, baseURL } = settings;
  const byStage: UsageByStage = {};
  let mode: ResponseFormatMode = settings.responseFormat;
  let requests = 0;

  /** One answer's text, stepping the format down (for good) while the server refuses it. */
  const complete = async (
    messages: readonly ChatText[],
    jsonSchema: JsonRequest<unknown>["jsonSchema"],
    signal: AbortSignal | undefined,
  ): Promise<{ text: string; usage: TokenUsage }> => {
    for (;;) {
      const tried = mode;
      const format = responseFormatField(tried, jsonSchema);
      const outcome = await endpoint.chat(
        {
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          ...(format === undefined ? {} : { response_format: format }),
        },
        signal,
      );
      if ("response" in outcome) {
        requests += 1;
        return {
          text: outcome.response.choices[0]!.message.content ?? "",
          usage: usageOf(outcome.response) ?? ZERO_USAGE,
        };
      }
      const weaker = weakerMode(tried);
      if (weaker !== undefined && isUnsupportedFormatFailure(outcome.failure)) {
        requests += 1;
        // Another request may have stepped down already; never skip a level.
        if (mode === tried) mode = weaker;
        continue;
      }
      throw endpoint.error(outcome);
    }
  };

  return {
    model,
    baseURL,
    get responseFormat() {
      return mode;
    },
    get requests() {
      return requests;
    },
    usage: () => structuredClone(byStage),
    async requestJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>> {
      const { stage, schema, jsonSchema, signal } = request;
      let messages = [...request.messages];
      let usage = ZERO_USAGE;
      let reason = "";
      for (let asked = 1; asked <= 2; asked++) {
        const answer = await complete(messages, jsonSchema, signal);
        usage = addUsage(usage, answer.usage);
        byStage[stage] = addUsage(byStage[stage] ?? ZERO_USAGE, answer.usage);
        const checked = checkAnswer(answer.text, schema);
        if (checked.ok) return { ok: true, value: checked.value, usage };
        reason = checked.reason;
        messages = [
          ...messages,
          { role: "assistant", content: answer.text },
          {
            role: "user",
            content: `Your answer could not be used: ${reason}\nReply again with the corrected JSON object only, following the schema.`,
          },
        ];
      }
      return { ok: false, reason, usage };
    },
  };
}

function checkAnswer<T>(
  text: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; reason: string } {
  const parsed = parseModelJson(text);
  if (!parsed.ok) return parsed;
  const checked = schema.safeParse(parsed.value);
  if (checked.success) return { ok: true, value: checked.data };
  const issues = checked.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  return { ok: false, reason: `the JSON does not match the schema — ${issues.join("; ")}` };
}
