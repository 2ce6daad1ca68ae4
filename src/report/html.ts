// The report embeds text that models wrote and file paths that users chose, so every value
// that reaches the markup is escaped by construction: `html` escapes each interpolation unless
// it is already `SafeHtml` (made by `html` itself). Hand-written because the whole idea is a
// dozen lines, and a template engine would be a second language in the code base for it.

/** Markup that is safe to insert as is: built by `html` from escaped values. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * A tagged template for markup: interpolated strings and numbers are escaped, arrays are
 * joined, `SafeHtml` goes in as it is, null/undefined/false render nothing.
 *
 * @example
 * html`<td title="${name}">${value}</td>`.value // name and value escaped
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` are written as
 * \u escapes so no string in the data can close the element or open a comment, and U+2028/9
 * are escaped too so the text is also a valid JavaScript literal.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
