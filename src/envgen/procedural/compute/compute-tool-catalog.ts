import type { JsonObject } from "../../stages/stage-types.js";
import { UNITS } from "./units.js";

/**
 * The compute tools' words and shapes: each op's plain tool (name, description), its
 * near-duplicate (toolset extension), the broader tools that serve several ops behind a selector
 * parameter (functional generalization), and the object/array forms of some plain tools
 * (parameter type generalization: objects, units, arrays).
 */

export const BASE_TOOLS: Record<string, { name: string; description: string }> = {
  convert_currency: {
    name: "convert_currency",
    description: "Convert an amount of money from one currency to another at today's rate.",
  },
  convert_currency_with_fee: {
    name: "convert_currency_with_fee",
    description: "Convert money at an exchange office: the amount paid out after its 1.5% fee.",
  },
  convert_units: {
    name: "convert_units",
    description: "Convert a quantity between units of length, mass or area.",
  },
  convert_units_rounded: {
    name: "convert_units_rounded",
    description:
      "Convert a quantity between units, rounded to the nearest ten for quick estimates.",
  },
  convert_time: {
    name: "convert_time",
    description: "Convert a clock time from one UTC offset to another.",
  },
  convert_time_dst: {
    name: "convert_time_summer",
    description:
      "Convert a clock time to a place's summer (daylight saving) time, one hour ahead of its standard offset.",
  },
  days_between: {
    name: "days_between",
    description: "Number of days from a start date to an end date.",
  },
  business_days_between: {
    name: "business_days_between",
    description: "Number of working days (Monday to Friday) from a start date to an end date.",
  },
  weeks_between: {
    name: "weeks_between",
    description: "Number of whole weeks from a start date to an end date.",
  },
  months_between: {
    name: "months_between",
    description: "Number of whole months from a start date to an end date.",
  },
  age_on: {
    name: "age_on_date",
    description: "A person's age in whole years on a given date, from their date of birth.",
  },
  age_at_next_birthday: {
    name: "age_at_next_birthday",
    description: "The age a person turns at their first birthday after a given date.",
  },
  add_days: { name: "add_days", description: "The date a number of days after a given date." },
  add_weeks: { name: "add_weeks", description: "The date a number of weeks after a given date." },
  add_business_days: {
    name: "add_business_days",
    description: "The date a number of working days (Monday to Friday) after a given date.",
  },
  weekday: { name: "get_weekday", description: "The day of the week of a date." },
  day_of_year: {
    name: "get_day_of_year",
    description: "The day of the year (1 to 366) of a date.",
  },
  difference: { name: "subtract", description: "Subtract one number from another: a minus b." },
  percent_change: {
    name: "percent_change",
    description: "Percentage change from an old value b to a new value a.",
  },
  add: { name: "add_numbers", description: "Add two numbers." },
  multiply: { name: "multiply", description: "Multiply two numbers." },
  divide: { name: "divide", description: "Divide a by b." },
  sum: { name: "sum_values", description: "The sum of a list of numbers." },
  average: { name: "average_values", description: "The arithmetic mean of a list of numbers." },
  min: { name: "min_value", description: "The smallest of a list of numbers." },
  max: { name: "max_value", description: "The largest of a list of numbers." },
  median: { name: "median_value", description: "The median of a list of numbers." },
};

/** Near-duplicates: a similar tool with different semantics, for toolset extension. */
export const NEAR_OPS: Record<string, string> = {
  convert_currency: "convert_currency_with_fee",
  convert_units: "convert_units_rounded",
  convert_time: "convert_time_dst",
  days_between: "business_days_between",
  add_days: "add_business_days",
  weekday: "day_of_year",
  age_on: "age_at_next_birthday",
  difference: "percent_change",
  sum: "average",
  average: "median",
};

export interface GeneralTool {
  name: string;
  description: string;
  selector: string;
  ops: Record<string, string>;
  params: Record<string, JsonObject>;
  /** Per op, where its canonical inputs sit among the parameters (input → parameter). */
  paths: Record<string, Record<string, string>>;
}

/**
 * A general tool whose ops take their canonical inputs from the parameters of the same names,
 * except the ops listed in `renamed`.
 */
function generalTool({
  renamed = {},
  ...tool
}: Omit<GeneralTool, "paths"> & { renamed?: GeneralTool["paths"] }): GeneralTool {
  const same = Object.fromEntries(Object.keys(tool.params).map((name) => [name, name]));
  const paths = Object.values(tool.ops).map((op) => [op, renamed[op] ?? same]);
  return { ...tool, paths: Object.fromEntries(paths) };
}

export const GENERAL_TOOLS: readonly GeneralTool[] = [
  generalTool({
    name: "convert",
    description:
      "Convert an amount of money between currencies, or a quantity between units of length, mass or area.",
    selector: "kind",
    ops: { currency: "convert_currency", unit: "convert_units" },
    params: {
      value: { type: "number", description: "The amount or quantity" },
      from: { type: "string", description: "Currency code or unit to convert from" },
      to: { type: "string", description: "Currency code or unit to convert to" },
    },
    renamed: { convert_currency: { amount: "value", from: "from", to: "to" } },
  }),
  generalTool({
    name: "date_difference",
    description:
      "Time from a start date to an end date in days, whole weeks, whole months or whole years (an age when the start is a date of birth).",
    selector: "unit",
    ops: {
      days: "days_between",
      weeks: "weeks_between",
      months: "months_between",
      years: "age_on",
    },
    params: {
      start: { type: "string", description: "Start date" },
      end: { type: "string", description: "End date" },
    },
    renamed: { age_on: { birth_date: "start", date: "end" } },
  }),
  generalTool({
    name: "shift_date",
    description: "The date a number of days or weeks after a given date.",
    selector: "unit",
    ops: { days: "add_days", weeks: "add_weeks" },
    params: {
      date: { type: "string", description: "Start date" },
      amount: { type: "integer", description: "How many units to add" },
    },
    renamed: {
      add_days: { date: "date", days: "amount" },
      add_weeks: { date: "date", weeks: "amount" },
    },
  }),
  generalTool({
    name: "date_info",
    description: "Facts about a date: its day of the week or its day of the year.",
    selector: "part",
    ops: { weekday: "weekday", day_of_year: "day_of_year" },
    params: { date: { type: "string", description: "The date" } },
  }),
  generalTool({
    name: "calculate",
    description:
      "Arithmetic on two numbers: add, subtract (a minus b), multiply or divide (a by b).",
    selector: "operation",
    ops: { add: "add", subtract: "difference", multiply: "multiply", divide: "divide" },
    params: {
      a: { type: "number", description: "First number" },
      b: { type: "number", description: "Second number" },
    },
  }),
  generalTool({
    name: "aggregate",
    description: "Aggregate a list of numbers: sum, average, min, max or median.",
    selector: "operation",
    ops: { sum: "sum", average: "average", min: "min", max: "max", median: "median" },
    params: {
      values: { type: "array", items: { type: "number" }, minItems: 1, description: "The numbers" },
    },
  }),
];

/** An object parameter whose parts are all required and nothing else is allowed. */
function closedObject(description: string, properties: Record<string, JsonObject>): JsonObject {
  return {
    type: "object",
    description,
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

/** Object and array forms of base tools (parameter type generalization: objects, units, arrays). */
export const OBJECT_FORMS: Record<
  string,
  { params: Record<string, JsonObject>; paths: Record<string, string> }
> = {
  convert_currency: {
    params: {
      money: closedObject("The amount and its currency", {
        amount: { type: "number" },
        currency: { type: "string", description: "Currency code" },
      }),
      to: { type: "string", description: "Currency code to convert to" },
    },
    paths: { amount: "money.amount", from: "money.currency", to: "to" },
  },
  convert_units: {
    params: {
      quantity: closedObject("A value with its unit", {
        value: { type: "number" },
        unit: { type: "string", enum: Object.keys(UNITS) },
      }),
      to: { type: "string", enum: Object.keys(UNITS), description: "Unit to convert to" },
    },
    paths: { value: "quantity.value", from: "quantity.unit", to: "to" },
  },
  convert_time: {
    params: {
      time: closedObject("A clock time and the UTC offset it is given in", {
        clock: { type: "string", description: "HH:MM, 24-hour clock" },
        utc_offset: { type: "string", description: "e.g. UTC+05:30" },
      }),
      to_tz: { type: "string", description: "UTC offset to convert to" },
    },
    paths: { time: "time.clock", from_tz: "time.utc_offset", to_tz: "to_tz" },
  },
  difference: {
    params: {
      operands: {
        type: "array",
        items: { type: "number" },
        minItems: 2,
        maxItems: 2,
        description: "[a, b]: the result is a minus b",
      },
    },
    paths: { a: "operands.0", b: "operands.1" },
  },
  sum: {
    params: {
      items: {
        type: "array",
        minItems: 1,
        description: "Labelled numbers",
        items: {
          type: "object",
          properties: { label: { type: "string" }, value: { type: "number" } },
          required: ["value"],
          additionalProperties: false,
        },
      },
    },
    paths: { values: "items[].value", labels: "items[].label" },
  },
};
OBJECT_FORMS.average = OBJECT_FORMS.sum;
