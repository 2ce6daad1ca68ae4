/**
 * The knobs of the chat template. The template is built for a tiny model with a small context
 * (256–512 tokens), so everything it adds beyond the conversation itself is compact, and the two
 * unbounded parts of a conversation are cut to a budget:
 *
 * - tool descriptions: each tool is one line, `name(param: type, opt?: type) description`, the
 *   description cut to `maxToolDescriptionChars` (the parameter descriptions and the rest of the
 *   JSON Schema are left out);
 * - tool outputs: each cut to `maxToolOutputChars`, ending in "…".
 *
 * With the defaults, a procedural environment's system prompt and four tools take about 150
 * tokens of a 1k-token BPE vocabulary, a user question 15–30, a call turn 20–40 and a tool output
 * 15–60. What still does not fit is not cut here: the built-in policy ends an episode whose next
 * prompt would leave no room to answer, and the data builders drop examples longer than the
 * model's context (they report how many).
 */
export interface ChatTemplateOptions {
  /** Characters of each tool's description kept in the system prompt; 0 leaves descriptions out. */
  readonly maxToolDescriptionChars?: number;
  /** Characters of each tool output kept; longer outputs end in "…". */
  readonly maxToolOutputChars?: number;
}

export const DEFAULT_CHAT_TEMPLATE: Required<ChatTemplateOptions> = {
  maxToolDescriptionChars: 80,
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
