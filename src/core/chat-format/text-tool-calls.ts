import { tryJsonStringify } from "../io/try-json-stringify.js";

/**
 * The text tool-call format of models without native tool calling (Qwen/Hermes, FTRL):
 * `<tool_call>{"name": "…", "arguments": {…}}</tool_call>`, several in a turn for parallel calls.
 */

export const TOOL_CALL_OPEN = "<tool_call>";
export const TOOL_CALL_CLOSE = "</tool_call>";

export interface TextToolCall {
  name: string;
  /** The arguments as a JSON string, like the OpenAI API carries them. */
  arguments: string;
}

export interface TextToolCallParse {
  /** The text outside the `<tool_call>` blocks, trimmed. */
  content: string;
  calls: TextToolCall[];
  /** Blocks that could not be read as a call, with the reason; never thrown. */
  malformed: { text: string; reason: string }[];
}

/**
 * Renders calls in the text format, one block per call. Arguments given as a string that is not
 * valid JSON are written as they are, so a model shown its history sees what it really wrote.
 */
export function renderTextToolCalls(
  calls: readonly { name: string; arguments: unknown }[],
): string {
  return calls
    .map((call) => {
      const args = typeof call.arguments === "string" ? safeParse(call.arguments) : call.arguments;
      // Arguments that are not JSON, or nest too deep to write again, are written as they came.
      const readable = args !== undefined || typeof call.arguments !== "string";
      const body =
        (readable ? tryJsonStringify({ name: call.name, arguments: args ?? {} }) : undefined) ??
        `{"name": ${JSON.stringify(call.name)}, "arguments": ${typeof call.arguments === "string" ? call.arguments : "{}"}}`;
      return `${TOOL_CALL_OPEN}\n${body}\n${TOOL_CALL_CLOSE}`;
    })
    .join("\n");
}

/**
 * Parses an assistant turn in the text format.
 *
 * A block whose JSON is broken but whose `"name"` can still be read becomes a call with the raw
 * arguments text, so the environment answers it with an error observation the model can learn
 * from; a block with no readable name is `malformed` and its text stays in `content` (FTRL's
 * per-turn reward penalises such stray markup).
 */
export function parseTextToolCalls(text: string): TextToolCallParse {
  const calls: TextToolCall[] = [];
  const malformed: { text: string; reason: string }[] = [];
  const outside: string[] = [];
  let cursor = 0;
  // The next "</tool_call>" found so far, looked for again only once passed: one scan for the
  // whole text, however many unterminated blocks a reply opens.
  let close = -1;
  while (cursor < text.length) {
    const open = text.indexOf(TOOL_CALL_OPEN, cursor);
    if (open < 0) break;
    outside.push(text.slice(cursor, open));
    const bodyStart = open + TOOL_CALL_OPEN.length;
    if (close !== Number.POSITIVE_INFINITY && close < bodyStart) {
      const found = text.indexOf(TOOL_CALL_CLOSE, bodyStart);
      close = found < 0 ? Number.POSITIVE_INFINITY : found;
    }
    const nextOpen = text.indexOf(TOOL_CALL_OPEN, bodyStart);
    if (close === Number.POSITIVE_INFINITY || (nextOpen >= 0 && nextOpen < close)) {
      const end = nextOpen >= 0 ? nextOpen : text.length;
      const raw = text.slice(open, end);
      malformed.push({ text: raw, reason: "unterminated <tool_call> block" });
      outside.push(raw);
      cursor = end;
      continue;
    }
    const body = text.slice(bodyStart, close).trim();
    const parsed = readCall(body);
    if ("reason" in parsed) {
      malformed.push({
        text: text.slice(open, close + TOOL_CALL_CLOSE.length),
        reason: parsed.reason,
      });
      outside.push(text.slice(open, close + TOOL_CALL_CLOSE.length));
    } else {
      calls.push(parsed);
    }
    cursor = close + TOOL_CALL_CLOSE.length;
  }
  outside.push(text.slice(cursor));
  return { content: outside.join("").trim(), calls, malformed };
}

function readCall(body: string): TextToolCall | { reason: string } {
  const value = safeParse(body);
  if (value === undefined) {
    const name = /"name"\s*:\s*"([^"\\]+)"/.exec(body)?.[1];
    if (name === undefined) return { reason: "the block is not JSON and names no tool" };
    return { name, arguments: rawArguments(body) };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { reason: "the block is not a JSON object" };
  }
  const { name, arguments: args, parameters } = value as Record<string, unknown>;
  if (typeof name !== "string" || name === "") return { reason: 'the block has no "name" string' };
  const callArgs = args ?? parameters ?? {};
  if (typeof callArgs === "string") return { name, arguments: callArgs };
  // Arguments nested too deep to write again are passed on as the model wrote them.
  return { name, arguments: tryJsonStringify(callArgs) ?? rawArguments(body) };
}

/**
 * The text after `"arguments":` up to the block's end, less the block's own closing brace —
 * found with indexOf and trimEnd, not one regex, whose backtracking is quadratic on long runs
 * of spaces (a hostile reply's).
 */
function rawArguments(body: string): string {
  const key = /"arguments"\s*:\s*/.exec(body);
  if (key === null) return "";
  const rest = body.slice(key.index + key[0].length).trimEnd();
  return rest.endsWith("}") ? rest.slice(0, -1) : rest;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
