import { APIError } from "openai";
import type { ChatBody, EndpointFailure } from "../../endpoint/index.js";

/**
 * How a JSON answer is asked for, best first: a schema the server enforces, JSON without a
 * schema, or plain text that is parsed and repaired (the schema then lives only in the prompt).
 */
export const RESPONSE_FORMAT_MODES = ["json_schema", "json_object", "text"] as const;
export type ResponseFormatMode = (typeof RESPONSE_FORMAT_MODES)[number];

/** The `response_format` request field for a mode; `undefined` leaves the field out. */
export function responseFormatField(
  mode: ResponseFormatMode,
  schema: { name: string; schema: Record<string, unknown> },
): ChatBody["response_format"] {
  if (mode === "json_schema") {
    // strict is off: tool documents carry free-form JSON Schemas (`parameters`), which OpenAI's
    // strict subset cannot describe; the answer is checked with zod afterwards anyway.
    return {
      type: "json_schema",
      json_schema: { name: schema.name, schema: schema.schema, strict: false },
    };
  }
  if (mode === "json_object") return { type: "json_object" };
  return undefined;
}

/** The next mode down, or undefined from plain text. */
export function weakerMode(mode: ResponseFormatMode): ResponseFormatMode | undefined {
  return RESPONSE_FORMAT_MODES[RESPONSE_FORMAT_MODES.indexOf(mode) + 1];
}

/**
 * Whether a refused request was refused for its `response_format` — a 400/422 whose message is
 * about it, as vLLM, llama.cpp, Ollama and older OpenAI-compatible proxies word it. Other 400s
 * (a bad model name, too many tokens) are the operator's to fix and must not be papered over.
 */
export function isUnsupportedFormatFailure(failure: EndpointFailure): boolean {
  if (failure.status !== 400 && failure.status !== 422) return false;
  const message = failure.cause instanceof APIError ? failure.cause.message : failure.detail;
  return /response_format|response format|json[ _]schema|json_object|structured output|guided|grammar/i.test(
    message,
  );
}
