import type { AssistantMessage, Message, ToolSpec } from "../../core/index.js";
import {
  type ChatTemplateOptions,
  cutText,
  DEFAULT_CHAT_TEMPLATE,
} from "./chat-template-options.js";
import type { ChatTokenName } from "./chat-tokens.js";
import { renderToolDocs } from "./render-tool-docs.js";

/** A special token, or ordinary text (encoded byte by byte, so it can never forge a special). */
export type ChatPiece = { special: ChatTokenName } | { text: string };

/**
 * One run of the rendered conversation with one owner. The model is trained on `trainable`
 * segments only: the body of each assistant message, its closing `<|end|>` included. Role
 * headers, system, user and tool segments are context.
 */
export interface ChatSegment {
  readonly role: Message["role"];
  /** The message this segment renders (−1 for the generation prompt). */
  readonly messageIndex: number;
  readonly trainable: boolean;
  readonly pieces: readonly ChatPiece[];
}

export interface ChatSegmentsOptions {
  readonly messages: readonly Message[];
  readonly tools: readonly ToolSpec[];
  readonly template?: ChatTemplateOptions;
  /** End with an `<|assistant|>` header: the prompt the model answers. */
  readonly generationPrompt?: boolean;
}

/**
 * The chat template. A conversation renders as
 *
 *   <|system|>{system prompt}\nTools:\n{one line per tool}<|end|>
 *   <|user|>{question}<|end|>
 *   <|assistant|>{content}<tool_call>{"name":"…","arguments":{…}}</tool_call>…<|end|>
 *   <|tool|>{output}<|end|>            (one per call, in call order)
 *   <|assistant|>{final answer}<|end|>
 *
 * with no newlines between turns (the special tokens delimit them). The tool lines go into the
 * first system message, or into a system segment of their own when the conversation has none.
 * Call JSON is compact (no spaces); arguments that are not valid JSON are written as they are,
 * so a model shown its own earlier call sees what it wrote.
 */
export function chatSegments({
  messages,
  tools,
  template = {},
  generationPrompt = false,
}: ChatSegmentsOptions): ChatSegment[] {
  const { maxToolDescriptionChars, maxToolOutputChars } = { ...DEFAULT_CHAT_TEMPLATE, ...template };
  const toolDocs =
    tools.length > 0
      ? renderToolDocs(tools, { maxDescriptionChars: maxToolDescriptionChars })
      : undefined;
  const segments: ChatSegment[] = [];
  const firstSystem = messages.findIndex((m) => m.role === "system");
  if (toolDocs !== undefined && firstSystem < 0) {
    segments.push(context("system", -1, "system", toolDocs));
  }
  messages.forEach((message, i) => {
    switch (message.role) {
      case "system": {
        const text =
          i === firstSystem && toolDocs !== undefined
            ? `${message.content}\n${toolDocs}`
            : message.content;
        segments.push(context("system", i, "system", text));
        break;
      }
      case "user":
        segments.push(context("user", i, "user", message.content));
        break;
      case "tool":
        segments.push(context("tool", i, "tool", cutText(message.content, maxToolOutputChars)));
        break;
      case "assistant":
        segments.push({
          role: "assistant",
          messageIndex: i,
          trainable: false,
          pieces: [{ special: "assistant" }],
        });
        segments.push({
          role: "assistant",
          messageIndex: i,
          trainable: true,
          pieces: assistantBodyPieces(message),
        });
        break;
    }
  });
  if (generationPrompt) {
    segments.push({
      role: "assistant",
      messageIndex: -1,
      trainable: false,
      pieces: [{ special: "assistant" }],
    });
  }
  return segments;
}

/** What the assistant writes for `message`: its content, its calls, then `<|end|>`. */
export function assistantBodyPieces(message: AssistantMessage): ChatPiece[] {
  const pieces: ChatPiece[] = [];
  if (message.content) pieces.push({ text: message.content });
  for (const call of message.tool_calls ?? []) {
    pieces.push({ special: "toolCallOpen" });
    pieces.push({ text: compactCallJson(call.function.name, call.function.arguments) });
    pieces.push({ special: "toolCallClose" });
  }
  pieces.push({ special: "end" });
  return pieces;
}

/** `{"name":"f","arguments":{…}}`, compact; arguments that are not JSON are written raw. */
export function compactCallJson(name: string, args: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return `{"name":${JSON.stringify(name)},"arguments":${args}}`;
  }
  return JSON.stringify({ name, arguments: parsed });
}

function context(
  role: Message["role"],
  messageIndex: number,
  header: "system" | "user" | "tool",
  text: string,
): ChatSegment {
  return {
    role,
    messageIndex,
    trainable: false,
    pieces: [{ special: header }, { text }, { special: "end" }],
  };
}
