/**
 * Wraps one tool's source in its own function scope, so each tool's top-level declarations stay
 * private (two tools may both declare `const DATA`) and the function named after the tool is the
 * wrapper's result. The source starts on the wrapper's first line, so line numbers in errors match.
 */
export function wrapToolSource(name: string, source: string): string {
  return `(function () {${source}\n;return typeof ${name} === "undefined" ? undefined : ${name};\n})()`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const RESERVED = new Set(
  (
    "arguments await break case catch class const continue debugger default delete do else enum " +
    "eval export extends false finally for function if implements import in instanceof interface " +
    "let new null package private protected public return static super switch this throw true try " +
    "typeof var void while with yield undefined NaN Infinity"
  ).split(" "),
);

/** A tool name usable as a JavaScript function name (what the code map's keys must be). */
export function isToolIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}
