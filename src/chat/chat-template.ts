import {
  type AssistantMessage,
  type JsonSchema,
  type Message,
  type ToolSpec,
  tryJsonStringify,
} from "../core/index.js";
import { CHAT_TOKENS, type ChatTokenName } from "./chat-tokens.js";

/**
 * The knobs of the chat template. The template is built for a tiny model with a small context
 * (256–1024 tokens), so everything it adds beyond the conversation itself is compact, and the
 * unbounded parts of a conversation are cut to a budget:
 *
 * - tools: one line each, `name(param: type, opt?: type)`: names, parameter names and compact
 *   types (enums as their values), nothing else of the JSON Schema; the description follows,
 *   cut to `maxToolDescriptionChars` — by default left out (tool and parameter names carry
 *   most of it, and descriptions cost a third of the system prompt);
 * - tool outputs: each cut to `maxToolOutputChars`, ending in "…".
 *
 * Measured on 300 procedural environments (`buildEnvironments({count: 300, seed: 3})`, oracle
 * trajectories) with a 1024-token chat tokenizer: the system prompt with its tools takes a
 * median 142 tokens (215 with 80-character descriptions), a whole gold conversation a median
 * 301 (p90 463, max 644); 96% fit a 512-token context (83% with descriptions), all fit 768.
 * A GSM8K problem in TRICE's format takes a median 117 tokens. What still does not fit is not
 * cut here: the built-in policy ends an episode whose next prompt leaves no room to answer, and
 * `fitsContext` tells the data builders' callers which examples to drop.
 */
export interface ChatTemplateOptions {
  /** Characters of each tool's description kept in the system prompt; 0 leaves descriptions out. */
  readonly maxToolDescriptionChars?: number;
  /** Characters of each tool output kept; longer outputs end in "…". */
  readonly maxToolOutputChars?: number;
}

export const DEFAULT_CHAT_TEMPLATE: Required<ChatTemplateOptions> = {
  maxToolDescriptionChars: 0,
  maxToolOutputChars: 300,
};

/** Cuts `text` to `max` characters, marking the cut with "…" (which counts toward `max`). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let end = max - 1;
  // Never split a surrogate pair: half of one has no UTF-8 form and would encode as U+FFFD.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * The tools as a tiny model reads them: one line each, a signature with parameter names and
 * compact types, then the description cut to `maxDescriptionChars`. Optional parameters get a
 * `?`; enums are written as their values; nothing else of the JSON Schema is kept.
 *
 * @example
 * renderToolDocs([weatherTool], { maxDescriptionChars: 32 })
 * // 'Tools:\nget_weather(city: string, unit?: "C"|"F") Current weather in a city: temp…'
 * renderToolDocs([weatherTool], { maxDescriptionChars: 0 })
 * // 'Tools:\nget_weather(city: string, unit?: "C"|"F")'
 */
export function renderToolDocs(
  tools: readonly ToolSpec[],
  { maxDescriptionChars }: { maxDescriptionChars: number },
): string {
  const lines = tools.map(({ function: f }) => {
    const schema = f.parameters;
    const properties = asRecord(schema.properties) ?? {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const params = Object.entries(properties).map(
      ([name, property]) =>
        `${name}${required.has(name) ? "" : "?"}: ${compactType(asRecord(property) ?? {})}`,
    );
    const description = cutText(f.description.trim(), maxDescriptionChars);
    const signature = `${f.name}(${params.join(", ")})`;
    return description === "" ? signature : `${signature} ${description}`;
  });
  return ["Tools:", ...lines].join("\n");
}

/** `string`, `number`, `string[]`, `"a"|"b"`, `object`, or `any` when the schema says nothing. */
export function compactType(schema: JsonSchema, depth = 0): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join("|");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = schema.type;
  if (Array.isArray(type)) return type.map(String).join("|");
  if (type === "array") {
    const items = asRecord(schema.items);
    const inner = items && depth < 2 ? compactType(items, depth + 1) : "any";
    return inner.includes("|") ? `(${inner})[]` : `${inner}[]`;
  }
  if (typeof type === "string") return type;
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options) && depth < 2) {
      return options.map((o) => compactType(asRecord(o) ?? {}, depth + 1)).join("|");
    }
  }
  return "any";
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

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

/**
 * `{"name":"f","arguments":{…}}`, compact; arguments that are not JSON, or nest too deep to be
 * written again, are written raw.
 */
export function compactCallJson(name: string, args: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    parsed = undefined;
  }
  return (
    (parsed === undefined ? undefined : tryJsonStringify({ name, arguments: parsed })) ??
    `{"name":${JSON.stringify(name)},"arguments":${args}}`
  );
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

/**
 * The chat template as text, special tokens written out: for reading, and as the corpus a
 * tokenizer is trained on. `tokenizer.decode(tokenizeChat(o).ids)` equals this text.
 */
export function renderChatText(options: ChatSegmentsOptions): string {
  return chatSegments(options)
    .flatMap((segment) =>
      segment.pieces.map((piece) => ("special" in piece ? CHAT_TOKENS[piece.special] : piece.text)),
    )
    .join("");
}

/**
 * TRICE's math format in the chat template: the question is the user turn, the response one
 * assistant turn in one of TRICE's two forms (core's trice-format), `calculator(<expression>)`
 * — the tool call, whose execution is the prediction — or `The answer is <n>.` There is no
 * system prompt and there are no tool docs: the format itself is what the model learns.
 *
 *   <|user|>{question}<|end|><|assistant|>calculator(48/2+48)<|end|>
 *
 * @example
 * tokenizeChat({ messages: triceMessages(q, "The answer is 72."), tools: [], tokenizer })
 */
export function triceMessages(question: string, response?: string): Message[] {
  const messages: Message[] = [{ role: "user", content: question }];
  if (response !== undefined) messages.push({ role: "assistant", content: response });
  return messages;
}
