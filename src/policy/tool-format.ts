import type OpenAI from "openai";
import type { AssistantMessage, Message, ToolSpec } from "../core/index.js";
import type { CompletionMessage } from "../endpoint/index.js";

export type ToolFormatName = "native" | "text";
export const TOOL_FORMAT_NAMES: readonly ToolFormatName[] = ["native", "text"];

/**
 * How tools and tool calls travel to an OpenAI-compatible server and back, for one request's
 * tool list: the request side (`tools`, `messages`) next to the reply side (`reply`).
 */
export interface ToolWire {
  /** The `tools` field to send; undefined sends none. */
  tools: OpenAI.Chat.Completions.ChatCompletionTool[] | undefined;
  /** The conversation as the server should see it. */
  messages(messages: readonly Message[]): OpenAI.Chat.Completions.ChatCompletionMessageParam[];
  /** The assistant message a reply stands for; `turn` numbers the call ids it generates. */
  reply(message: CompletionMessage, turn: number): AssistantMessage;
}

export type ToolFormat = (tools: readonly ToolSpec[]) => ToolWire;

/**
 * The id of a call whose server gave none: deterministic, so reruns produce the same
 * trajectory, and unique in a conversation because `turn` counts the assistant turns before it.
 */
export function generatedCallId(turn: number, index: number): string {
  return `call_${turn}_${index}`;
}
