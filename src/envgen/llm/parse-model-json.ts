/** What was wrong with a reply, or the JSON value in it and the repairs that were needed. */
export type ParsedModelJson =
  | { ok: true; value: unknown; repairs: string[] }
  | { ok: false; reason: string };

/**
 * Takes the JSON object out of a model's reply, the way models actually write it: wrapped in a
 * ```json fence, after a `<think>` block or a sentence of prose, with trailing commas, `//`
 * comments, Python's True/False/None, or raw newlines inside strings (common when the value is
 * source code). Servers without a JSON response format need this; with one it is a no-op.
 *
 * The outermost object is the first `{` and its matching `}`, found string-aware; an object that
 * never closes is reported as cut off rather than guessed at.
 *
 * @example
 * parseModelJson('Sure!\n```json\n{"a": [1, 2,],}\n```')
 * // { ok: true, value: { a: [1, 2] }, repairs: ["trailing comma"] }
 */
export function parseModelJson(text: string): ParsedModelJson {
  const body = preferredBlock(text.replace(/<think>[\s\S]*?<\/think>/gi, ""));
  const start = body.indexOf("{");
  if (start < 0) return { ok: false, reason: "the reply holds no JSON object" };
  const end = matchingBrace(body, start);
  if (end < 0) {
    return {
      ok: false,
      reason: "the JSON object is cut off (its braces never balance): the reply was truncated",
    };
  }
  const candidate = body.slice(start, end + 1);
  try {
    return { ok: true, value: JSON.parse(candidate), repairs: [] };
  } catch {
    // fall through to repair
  }
  const { text: repaired, repairs } = repairJsonText(candidate);
  try {
    return { ok: true, value: JSON.parse(repaired), repairs };
  } catch (error) {
    return { ok: false, reason: `the reply is not valid JSON: ${(error as Error).message}` };
  }
}

/** The first fenced block that holds an object (a ```json one first), else the whole text. */
function preferredBlock(text: string): string {
  const blocks = [...text.matchAll(/```([\w-]*)[^\n]*\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1]!.toLowerCase(),
    body: m[2]!,
  }));
  const withObject = blocks.filter((block) => block.body.includes("{"));
  const chosen = withObject.find((block) => block.lang === "json") ?? withObject[0];
  return chosen?.body ?? text;
}

/** Index of the `}` closing the `{` at `start`, skipping strings; -1 when it never closes. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const PYTHON_LITERALS: Record<string, string> = { True: "true", False: "false", None: "null" };

/** One string-aware pass that fixes what models commonly get wrong; lists what it fixed. */
export function repairJsonText(text: string): { text: string; repairs: string[] } {
  const repairs = new Set<string>();
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") {
        out += c + (text[i + 1] ?? "");
        i++;
      } else if (c === '"') {
        inString = false;
        out += c;
      } else if (c < " ") {
        repairs.add("raw control character in a string");
        out += escapeControl(c);
      } else out += c;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      repairs.add("comment");
      i = skipComment(text, i) - 1;
    } else if (c === ",") {
      const next = text[skipBlank(text, i + 1)];
      if (next === "}" || next === "]") repairs.add("trailing comma");
      else out += c;
    } else if (/[A-Za-z]/.test(c)) {
      const word = /^[A-Za-z]+/.exec(text.slice(i))![0];
      const literal = PYTHON_LITERALS[word];
      if (literal !== undefined) repairs.add("Python literal");
      out += literal ?? word;
      i += word.length - 1;
    } else out += c;
  }
  return { text: out, repairs: [...repairs] };
}

function escapeControl(c: string): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** The index just past the comment starting at `i`. */
function skipComment(text: string, i: number): number {
  if (text[i + 1] === "/") {
    const end = text.indexOf("\n", i);
    return end < 0 ? text.length : end;
  }
  const end = text.indexOf("*/", i + 2);
  return end < 0 ? text.length : end + 2;
}

/** The index of the next character that is neither whitespace nor inside a comment. */
function skipBlank(text: string, i: number): number {
  while (i < text.length) {
    if (/\s/.test(text[i]!)) i++;
    else if (text[i] === "/" && (text[i + 1] === "/" || text[i + 1] === "*"))
      i = skipComment(text, i);
    else break;
  }
  return i;
}
