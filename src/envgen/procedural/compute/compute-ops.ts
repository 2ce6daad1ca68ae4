import type { JsonObject, ToolFamily } from "../../stages/stage-types.js";
import type { HelperName } from "../civil-date.js";
import type { ComputeOptionName } from "./compute-options.js";

/** What a compute op's deployed code needs: embedded tables or helper functions. */
export type ComputeHelper = "units" | "rates" | HelperName;

/**
 * One operation a compute tool can perform, on canonical inputs. `js` is its deployed body —
 * `function (input, opts) { … return output; }` — and the only place the operation is written:
 * generation evaluates the same source on the host (`evaluateOp`) to compute a gold plan's
 * sub-answers, so the tool and the plan cannot disagree.
 */
export interface ComputeOp {
  op: string;
  family: Exclude<ToolFamily, "lookup" | "relation" | "other">;
  /** Canonical inputs: JSON-Schema property per name, in call order. */
  params: Record<string, JsonObject>;
  options: readonly ComputeOptionName[];
  helpers: readonly ComputeHelper[];
  js: string;
  /** Ops gold plans use: the output field that holds the sub-answer. */
  answer?: string;
}

const number = (description: string): JsonObject => ({ type: "number", description });
const text = (description: string): JsonObject => ({ type: "string", description });
const date = (description: string): JsonObject => ({ type: "string", description });
/** The inputs of an op on a span of time. */
const span = (): Record<string, JsonObject> => ({
  start: date("Start date"),
  end: date("End date"),
});
const values: JsonObject = {
  type: "array",
  items: { type: "number" },
  minItems: 1,
  description: "The numbers",
};

const OPS: readonly ComputeOp[] = [
  // ── conversions ──
  {
    op: "convert_currency",
    family: "conversion",
    params: {
      amount: number("Amount of money"),
      from: text("Currency code to convert from, e.g. USD"),
      to: text("Currency code to convert to"),
    },
    options: ["precision"],
    helpers: ["rates"],
    js: `function (input, opts) {
      const from = String(input.from).trim().toUpperCase();
      const to = String(input.to).trim().toUpperCase();
      if (!(from in RATES)) throw new Error("unknown currency " + JSON.stringify(input.from));
      if (!(to in RATES)) throw new Error("unknown currency " + JSON.stringify(input.to));
      const p = Math.pow(10, opts.precision);
      return { amount: Math.round(input.amount * RATES[from] / RATES[to] * p) / p, currency: to };
    }`,
    answer: "amount",
  },
  {
    op: "convert_currency_with_fee",
    family: "conversion",
    params: {
      amount: number("Amount of money handed in"),
      from: text("Currency code to convert from"),
      to: text("Currency code to convert to"),
    },
    options: [],
    helpers: ["rates"],
    js: `function (input, opts) {
      const from = String(input.from).trim().toUpperCase();
      const to = String(input.to).trim().toUpperCase();
      if (!(from in RATES) || !(to in RATES)) throw new Error("unknown currency");
      return { amount_paid_out: Math.round(input.amount * RATES[from] / RATES[to] * 0.985 * 100) / 100, currency: to, fee_percent: 1.5 };
    }`,
  },
  {
    op: "convert_units",
    family: "conversion",
    params: {
      value: number("The quantity"),
      from: text("Unit of the quantity, e.g. m, ft, km, mi, cm, in, kg, lb, g, oz, km2, mi2, ha"),
      to: text("Unit to convert to"),
    },
    options: ["precision"],
    helpers: ["units"],
    js: `function (input, opts) {
      const a = UNITS[String(input.from).trim()];
      const b = UNITS[String(input.to).trim()];
      if (a === undefined) throw new Error("unknown unit " + JSON.stringify(input.from));
      if (b === undefined) throw new Error("unknown unit " + JSON.stringify(input.to));
      if (a[0] !== b[0]) throw new Error("cannot convert " + a[0] + " to " + b[0]);
      const p = Math.pow(10, opts.precision);
      return { value: Math.round(input.value * a[1] / b[1] * p) / p, unit: String(input.to).trim() };
    }`,
    answer: "value",
  },
  {
    op: "convert_units_rounded",
    family: "conversion",
    params: {
      value: number("The quantity"),
      from: text("Unit of the quantity"),
      to: text("Unit to convert to"),
    },
    options: [],
    helpers: ["units"],
    js: `function (input, opts) {
      const a = UNITS[String(input.from).trim()];
      const b = UNITS[String(input.to).trim()];
      if (a === undefined || b === undefined || a[0] !== b[0]) throw new Error("cannot convert these units");
      return { approximately: Math.round(input.value * a[1] / b[1] / 10) * 10, unit: String(input.to).trim() };
    }`,
  },
  {
    op: "convert_time",
    family: "conversion",
    params: {
      time: text("Clock time, HH:MM on the 24-hour clock"),
      from_tz: text("UTC offset of the given time, e.g. UTC+05:30"),
      to_tz: text("UTC offset to convert to, e.g. UTC-03:00"),
    },
    options: ["clock_format"],
    helpers: ["parseClock", "parseOffset", "formatClock", "pad2"],
    js: `function (input, opts) {
      const t = parseClock(input.time) - parseOffset(input.from_tz) + parseOffset(input.to_tz);
      let time = formatClock(t);
      if (opts.clock_format === "12h") {
        const h = Number(time.slice(0, 2));
        time = pad2(h % 12 === 0 ? 12 : h % 12) + time.slice(2) + (h < 12 ? " AM" : " PM");
      }
      return { time: time, day_offset: Math.floor(t / 1440) };
    }`,
    answer: "time",
  },
  {
    op: "convert_time_dst",
    family: "conversion",
    params: {
      time: text("Clock time, HH:MM"),
      from_tz: text("UTC offset of the given time"),
      to_tz: text("Standard UTC offset of the target place; summer time is added"),
    },
    options: [],
    helpers: ["parseClock", "parseOffset", "formatClock"],
    js: `function (input, opts) {
      const t = parseClock(input.time) - parseOffset(input.from_tz) + parseOffset(input.to_tz) + 60;
      return { summer_time: formatClock(t) };
    }`,
  },
  // ── dates ──
  {
    op: "days_between",
    family: "date",
    params: span(),
    options: ["inclusive", "date_format"],
    helpers: ["parseDate"],
    js: `function (input, opts) {
      return { days: parseDate(input.end, opts.date_format) - parseDate(input.start, opts.date_format) + (opts.inclusive ? 1 : 0) };
    }`,
    answer: "days",
  },
  {
    op: "business_days_between",
    family: "date",
    params: span(),
    options: ["date_format"],
    helpers: ["parseDate"],
    js: `function (input, opts) {
      const a = parseDate(input.start, opts.date_format);
      const b = parseDate(input.end, opts.date_format);
      let n = 0;
      for (let d = a; d < b; d++) { const w = (((d + 4) % 7) + 7) % 7; if (w !== 0 && w !== 6) n++; }
      return { business_days: n };
    }`,
  },
  {
    op: "weeks_between",
    family: "date",
    params: span(),
    options: ["date_format"],
    helpers: ["parseDate"],
    js: `function (input, opts) {
      return { weeks: Math.floor((parseDate(input.end, opts.date_format) - parseDate(input.start, opts.date_format)) / 7) };
    }`,
  },
  {
    op: "months_between",
    family: "date",
    params: span(),
    options: ["date_format"],
    helpers: ["parseDate", "civilFromDays"],
    js: `function (input, opts) {
      const a = civilFromDays(parseDate(input.start, opts.date_format));
      const b = civilFromDays(parseDate(input.end, opts.date_format));
      return { months: (b[0] - a[0]) * 12 + (b[1] - a[1]) - (b[2] < a[2] ? 1 : 0) };
    }`,
  },
  // The age and its near-duplicate, the age at the next birthday: one body, a year apart.
  ...(
    [
      { op: "age_on", key: "age", on: "The date to give the age on", plus: "" },
      { op: "age_at_next_birthday", key: "turns", on: "Reference date", plus: " + 1" },
    ] as const
  ).map(
    ({ op, key, on, plus }): ComputeOp => ({
      op,
      family: "date",
      params: { birth_date: date("Date of birth"), date: date(on) },
      options: ["date_format"],
      helpers: ["parseDate", "civilFromDays"],
      js: `function (input, opts) {
      const b = civilFromDays(parseDate(input.birth_date, opts.date_format));
      const d = civilFromDays(parseDate(input.date, opts.date_format));
      return { ${key}: d[0] - b[0] - ((d[1] < b[1] || (d[1] === b[1] && d[2] < b[2])) ? 1 : 0)${plus} };
    }`,
      answer: op === "age_on" ? key : undefined, // only age_on is in gold plans
    }),
  ),
  {
    op: "add_days",
    family: "date",
    params: { date: date("Start date"), days: { type: "integer", description: "Days to add" } },
    options: ["direction", "date_format"],
    helpers: ["parseDate", "formatDate"],
    js: `function (input, opts) {
      const sign = opts.direction === "backward" ? -1 : 1;
      return { date: formatDate(parseDate(input.date, opts.date_format) + sign * input.days) };
    }`,
    answer: "date",
  },
  {
    op: "add_weeks",
    family: "date",
    params: { date: date("Start date"), weeks: { type: "integer", description: "Weeks to add" } },
    options: ["date_format"],
    helpers: ["parseDate", "formatDate"],
    js: `function (input, opts) {
      return { date: formatDate(parseDate(input.date, opts.date_format) + 7 * input.weeks) };
    }`,
  },
  {
    op: "add_business_days",
    family: "date",
    params: {
      date: date("Start date"),
      days: { type: "integer", description: "Working days to add" },
    },
    options: ["date_format"],
    helpers: ["parseDate", "formatDate"],
    js: `function (input, opts) {
      let d = parseDate(input.date, opts.date_format);
      let left = input.days;
      while (left > 0) { d++; const w = (((d + 4) % 7) + 7) % 7; if (w !== 0 && w !== 6) left--; }
      return { business_date: formatDate(d) };
    }`,
  },
  {
    op: "weekday",
    family: "date",
    params: { date: date("The date") },
    options: ["style", "date_format"],
    helpers: ["parseDate", "weekdayOf"],
    js: `function (input, opts) {
      const w = weekdayOf(parseDate(input.date, opts.date_format));
      return { weekday: opts.style === "short" ? w.slice(0, 3) : w };
    }`,
    answer: "weekday",
  },
  {
    op: "day_of_year",
    family: "date",
    params: { date: date("The date") },
    options: ["date_format"],
    helpers: ["parseDate", "civilFromDays", "daysFromCivil"],
    js: `function (input, opts) {
      const d = parseDate(input.date, opts.date_format);
      const c = civilFromDays(d);
      return { day_of_year: d - daysFromCivil(c[0], 1, 1) + 1 };
    }`,
  },
  // ── arithmetic ──
  {
    op: "difference",
    family: "arithmetic",
    params: { a: number("The number to subtract from"), b: number("The number to subtract") },
    options: ["precision"],
    helpers: [],
    js: `function (input, opts) {
      const p = Math.pow(10, opts.precision);
      return { result: Math.round((input.a - input.b) * p) / p };
    }`,
    answer: "result",
  },
  {
    op: "percent_change",
    family: "arithmetic",
    params: { a: number("The new value"), b: number("The old value") },
    options: [],
    helpers: [],
    js: `function (input, opts) {
      if (input.b === 0) throw new Error("the old value is 0");
      return { percent_change: Math.round((input.a - input.b) / input.b * 10000) / 100 };
    }`,
  },
  ...(["add", "multiply", "divide"] as const).map(
    (op): ComputeOp => ({
      op,
      family: "arithmetic",
      params: { a: number("First number"), b: number("Second number") },
      options: ["precision"],
      helpers: [],
      js: `function (input, opts) {
      const p = Math.pow(10, opts.precision);
      ${op === "divide" ? 'if (input.b === 0) throw new Error("division by zero");' : ""}
      return { result: Math.round((input.a ${op === "add" ? "+" : op === "multiply" ? "*" : "/"} input.b) * p) / p };
    }`,
    }),
  ),
  {
    op: "sum",
    family: "arithmetic",
    params: { values },
    options: ["precision"],
    helpers: [],
    js: `function (input, opts) {
      const p = Math.pow(10, opts.precision);
      return { result: Math.round(input.values.reduce(function (s, v) { return s + v; }, 0) * p) / p };
    }`,
    answer: "result",
  },
  {
    op: "average",
    family: "arithmetic",
    params: { values },
    options: ["precision"],
    helpers: [],
    js: `function (input, opts) {
      const p = Math.pow(10, opts.precision);
      const s = input.values.reduce(function (s, v) { return s + v; }, 0);
      return { result: Math.round(s / input.values.length * p) / p };
    }`,
    answer: "result",
  },
  ...(["min", "max", "median"] as const).map(
    (op): ComputeOp => ({
      op,
      family: "arithmetic",
      params: { values },
      options: [],
      helpers: [],
      js: `function (input, opts) {
      const xs = input.values.slice().sort(function (a, b) { return a - b; });
      ${
        op === "min"
          ? "return { result: xs[0] };"
          : op === "max"
            ? "return { result: xs[xs.length - 1] };"
            : "const m = Math.floor(xs.length / 2); return { median: xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2 };"
      }
    }`,
    }),
  ),
];

const OP_INDEX = new Map(OPS.map((op) => [op.op, op]));

export function computeOp(op: string): ComputeOp {
  const def = OP_INDEX.get(op);
  if (def === undefined) throw new RangeError(`no such compute op: ${op}`);
  return def;
}

export function isComputeCapability(capability: string): boolean {
  return OP_INDEX.has(capability);
}
