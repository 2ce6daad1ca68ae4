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
