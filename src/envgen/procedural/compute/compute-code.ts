import { type HelperName, helperSources, JS_HELPERS } from "../civil-date.js";
import { computeOp } from "./compute-ops.js";
import { COMPUTE_OPTIONS, type ComputeOptionName } from "./compute-options.js";
import type { ComputeImplementation } from "./compute-tools.js";
import { UNITS } from "./units.js";

/**
 * The deployed code of a compute tool: the helpers and tables its ops need (exchange rates in
 * USD per unit, unit factors, calendar functions), options read from the arguments when the
 * tool exposes them and fixed at their defaults otherwise, and each op's body run on its
 * canonical inputs read from where the tool's parameters put them (a `switch` on the selector
 * when the tool serves several ops). Written for load time, which is the sandbox's main cost of
 * a fresh environment (QuickJS compiles every function and statement each time it loads): only
 * what the ops use is declared, lines carry no indentation, and an op's body is inlined in a
 * block that binds `input` and `opts` instead of being a function called once.
 */
export function computeCode(
  impl: ComputeImplementation,
  data: { rates: Record<string, number> },
): string {
  const ops = Object.entries(impl.ops);
  const needs = new Set(ops.flatMap(([, op]) => computeOp(op).helpers));
  const read = new Set<ComputeOptionName>(ops.flatMap(([, op]) => computeOp(op).options));
  const lines: string[] = [];
  if (needs.has("rates")) lines.push(`const RATES = ${JSON.stringify(data.rates)};`);
  if (needs.has("units")) lines.push(`const UNITS = ${JSON.stringify(UNITS)};`);
  lines.push(...helperSources([...needs].filter((n): n is HelperName => n in JS_HELPERS)));
  const options = [...read].map((name) => {
    const fallback = JSON.stringify(COMPUTE_OPTIONS[name].default);
    return impl.options.includes(name)
      ? `${name}: args.${name} === undefined ? ${fallback} : args.${name}`
      : `${name}: ${fallback}`;
  });
  lines.push(`const OPTS = { ${options.join(", ")} };`);
  const apply = (op: string) =>
    `{ const input = ${inputs(impl.paths[op])}, opts = OPTS;\n${opBody(op)}\n}`;
  if (impl.selector === null) {
    lines.push(apply(ops[0][1]));
  } else {
    lines.push(`switch (String(args.${impl.selector})) {`);
    // `break`: a body that ends without returning gives undefined, as the function it was did.
    for (const [key, op] of ops) lines.push(`case ${JSON.stringify(key)}: ${apply(op)} break;`);
    lines.push(
      `default: throw new Error("unsupported ${impl.selector}: " + JSON.stringify(args.${impl.selector}));`,
      "}",
    );
  }
  return `function ${impl.name}(args) {\n${unindent(lines.join("\n"))}\n}`;
}

const OP_HEAD = "function (input, opts) {";

/** The statements of an op's `function (input, opts) { … }`, to run inlined. */
function opBody(op: string): string {
  const js = computeOp(op).js.trim();
  if (!js.startsWith(OP_HEAD) || !js.endsWith("}"))
    throw new RangeError(`op ${op}'s source is not a function (input, opts) { … }`);
  return js.slice(OP_HEAD.length, -1).trim();
}

/** Drops the indentation of every line (the sources here hold no multi-line string literal). */
function unindent(source: string): string {
  return source.replace(/\n[ \t]+/g, "\n");
}

/** The expression for an op's canonical inputs: `args` itself when the names are the same. */
function inputs(paths: Record<string, string>): string {
  const entries = Object.entries(paths);
  if (entries.every(([key, path]) => key === path)) return "args";
  return `{ ${entries.map(([key, path]) => `${key}: ${access(path)}`).join(", ")} }`;
}

/** "money.amount" → args.money.amount; "operands.0" → args.operands[0]; "items[].value" → a map. */
function access(path: string): string {
  const cut = path.indexOf("[].");
  if (cut >= 0)
    return `args.${path.slice(0, cut)}.map(function (x) { return x.${path.slice(cut + 3)}; })`;
  return `args${path
    .split(".")
    .map((key) => (/^\d+$/.test(key) ? `[${key}]` : `.${key}`))
    .join("")}`;
}
