import type { JsonValue } from "../../stages/stage-types.js";
import { computeOp } from "../compute/compute-ops.js";
import { COMPUTE_OPTIONS, type ComputeOptionName } from "../compute/compute-options.js";
import type { ComputeImplementation } from "../compute/compute-tools.js";
import { UNITS } from "../compute/units.js";
import type { LookupImplementation } from "../lookup/lookup-tools.js";
import { KIND_PLURALS } from "../world/entity-fields.js";

/**
 * The tools' code as the generators wrote it before it was made smaller for load time (main at
 * 556e162: lookup-tools.ts's lookupCode, compute-code.ts's computeCode, civil-date.ts's helpers),
 * kept verbatim so that tool-code-compat.test.ts can show the smaller code behaves the same.
 * Not for anything else: the deployed code is what lookupCode and computeCode write.
 */
const JS_HELPERS = {
  pad2: { deps: [], src: `function pad2(n) { return String(n).padStart(2, "0"); }` },
  daysFromCivil: {
    deps: [],
    src: `function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    const era = Math.floor(y / 400), yoe = y - era * 400;
    const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  }`,
  },
  civilFromDays: {
    deps: [],
    src: `function civilFromDays(z) {
    z += 719468;
    const era = Math.floor(z / 146097), doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153), m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
  }`,
  },
  formatDate: {
    deps: ["civilFromDays", "pad2"],
    src: `function formatDate(days) {
    const c = civilFromDays(days);
    return String(c[0]).padStart(4, "0") + "-" + pad2(c[1]) + "-" + pad2(c[2]);
  }`,
  },
  parseDate: {
    deps: ["daysFromCivil"],
    src: `function parseDate(text, f) {
    const parts = String(text).trim().split(f === "YYYY-MM-DD" ? "-" : "/");
    const n = parts.map(Number);
    if (parts.length !== 3 || !parts.every(function (p) { return /^[0-9]+$/.test(p); }))
      throw new Error("expected a date as " + f + ", got " + JSON.stringify(text));
    const ymd = f === "YYYY-MM-DD" ? n : f === "DD/MM/YYYY" ? [n[2], n[1], n[0]] : [n[2], n[0], n[1]];
    if (ymd[1] < 1 || ymd[1] > 12 || ymd[2] < 1 || ymd[2] > 31) throw new Error("no such date: " + JSON.stringify(text));
    return daysFromCivil(ymd[0], ymd[1], ymd[2]);
  }`,
  },
  weekdayOf: {
    deps: [],
    src: `function weekdayOf(days) {
    return ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][(((days + 4) % 7) + 7) % 7];
  }`,
  },
  parseClock: {
    deps: [],
    src: `function parseClock(text) {
    const m = /^([0-9]{1,2}):([0-9]{2})$/.exec(String(text).trim());
    if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error("expected a time as HH:MM, got " + JSON.stringify(text));
    return Number(m[1]) * 60 + Number(m[2]);
  }`,
  },
  parseOffset: {
    deps: [],
    src: `function parseOffset(text) {
    const m = /^UTC([+-])([0-9]{2}):([0-9]{2})$/.exec(String(text).trim().toUpperCase());
    if (m === null) throw new Error("expected a UTC offset such as UTC+05:30, got " + JSON.stringify(text));
    return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }`,
  },
  formatClock: {
    deps: ["pad2"],
    src: `function formatClock(minutes) {
    const m = ((minutes % 1440) + 1440) % 1440;
    return pad2(Math.floor(m / 60)) + ":" + pad2(m % 60);
  }`,
  },
} as const satisfies Record<string, { deps: readonly string[]; src: string }>;

type HelperName = keyof typeof JS_HELPERS;

function helperSources(names: Iterable<HelperName>): string[] {
  const done = new Set<HelperName>();
  const out: string[] = [];
  const add = (name: HelperName) => {
    if (done.has(name)) return;
    done.add(name);
    for (const dep of JS_HELPERS[name].deps) add(dep);
    out.push(JS_HELPERS[name].src);
  };
  for (const name of names) add(name);
  return out;
}

export function legacyLookupCode(impl: LookupImplementation, rows: readonly JsonValue[][]): string {
  const key = impl.keyMode === "string" ? impl.kind : KIND_PLURALS[impl.kind];
  const selected =
    impl.fieldMode === "fixed"
      ? "FIELDS"
      : impl.fieldMode === "enum"
        ? "[args.field]"
        : "args.fields";
  const result = impl.keyMode === "string" ? `one(args.${key})` : `args.${key}.map(one)`;
  const text = impl.responseFormat
    ? `
  function line(o) {
    return Object.keys(o).map(function (k) {
      const v = o[k];
      return k + ": " + (v !== null && typeof v === "object" ? v.amount + " " + v.currency : v);
    }).join("; ");
  }
  const result = ${result};
  if (args.response_format === "text") return Array.isArray(result) ? result.map(line).join("\\n") : line(result);
  return result;`
    : `
  return ${result};`;
  return `function ${impl.name}(args) {
  const FIELDS = ${JSON.stringify(impl.fields)};
  const ROWS = ${JSON.stringify(rows)};
  function one(name) {
    const key = String(name).trim().toLowerCase();
    const row = ROWS.find(function (r) { return r[0].toLowerCase() === key; });
    if (row === undefined) throw new Error("no ${impl.kind} named " + JSON.stringify(name));
    const out = { ${impl.kind}: row[0] };
    for (const f of ${selected}) out[f] = row[FIELDS.indexOf(f) + 1];
    return out;
  }${text}
}`;
}

export function legacyComputeCode(
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
  const apply = (op: string) => `(${computeOp(op).js})(${inputs(impl.paths[op])}, OPTS)`;
  if (impl.selector === null) {
    lines.push(`return ${apply(ops[0][1])};`);
  } else {
    lines.push(`switch (String(args.${impl.selector})) {`);
    for (const [key, op] of ops) lines.push(`  case ${JSON.stringify(key)}: return ${apply(op)};`);
    lines.push(
      `  default: throw new Error("unsupported ${impl.selector}: " + JSON.stringify(args.${impl.selector}));`,
      "}",
    );
  }
  return `function ${impl.name}(args) {\n  ${lines.join("\n  ")}\n}`;
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
