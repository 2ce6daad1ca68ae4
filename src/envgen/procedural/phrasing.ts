import type { SplitOptions } from "../stages/stage-types.js";
import type { Rng } from "./rng.js";

/**
 * Picks one of several phrasings of the same question. With phrasing hold-out, the last
 * template of every list of three or more that does not need a bare name is reserved for test
 * environments and never used in train ones. Returns the template and its id (`list#index`).
 */
export function pickPhrasing(options: {
  rng: Rng;
  id: string;
  templates: readonly string[];
  split?: SplitOptions;
  /** Templates with `{x}'s` read well only with a bare name. */
  bareName?: boolean;
}): { template: string; id: string } {
  const { rng, id, templates, split, bareName = true } = options;
  const allowed = (i: number) => bareName || !templates[i].includes("{x}'s");
  let indices = templates.map((_, i) => i).filter(allowed);
  if (split?.holdOutPhrasings && templates.length >= 3) {
    const heldOut = lastIndex(templates, (t) => !t.includes("{x}'s"));
    indices = split.split === "test" ? [heldOut] : indices.filter((i) => i !== heldOut);
  }
  const index = rng.pick(indices);
  return { template: templates[index], id: `${id}#${index}` };
}

function lastIndex(items: readonly string[], keep: (item: string) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (keep(items[i])) return i;
  return items.length - 1;
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const LOWERABLE = new Set([
  "What",
  "Which",
  "Who",
  "How",
  "When",
  "Where",
  "In",
  "On",
  "At",
  "Name",
  "Convert",
  "Subtract",
  "Add",
  "Count",
  "If",
  "Express",
  "Compute",
  "By",
  "For",
  "The",
  "A",
  "Please",
]);

/** A question continued after "Also," or "And": lower-cases a leading question word only. */
export function continueSentence(question: string): string {
  const first = question.split(" ", 1)[0];
  return LOWERABLE.has(first) ? question.charAt(0).toLowerCase() + question.slice(1) : question;
}

/** "A", "A and B", "A, B and C". */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
