import { formatIsoDate, parseIsoDate } from "../civil-date.js";
import { subQuestion } from "../compute/sub-question.js";
import { targetUnits, UNIT_WORDS } from "../compute/units.js";
import { capitalizeFirst } from "../phrasing.js";
import type { FieldDef } from "../world/entity-fields.js";
import { WORLD_CURRENCIES } from "../world/generate-world.js";
import type { Money } from "../world/world.js";
import type { PlanBuilder, PlannedValue } from "./plan-builder.js";
import type { ChainEnd } from "./value-chain.js";

/** A question and the step that answers it. */
export interface PlanItem {
  question: string;
  index: number;
  answer: string;
}

const UNITS_Q = [
  "What is the {label} of {x} in {unit}?",
  "Express the {label} of {x} in {unit}.",
  "How much is the {label} of {x}, converted to {unit}?",
];
const CURRENCY_Q = [
  "How much does {x} cost in {cur}?",
  "What is the price of {x} in {cur}?",
  "Convert the price of {x} into {cur}.",
];
const WEEKDAY_Q = [
  "On what day of the week was {m}?",
  "What day of the week did {m} fall on?",
  "Which weekday was {m}?",
];
const ADD_DAYS_Q = [
  "What date was {n} days after {m}?",
  "Which date came {n} days after {m}?",
  "What is the date {n} days after {m}?",
];
const DAYS_Q = [
  "How many days passed from {m} to {r}?",
  "How many days are there between {m} and {r}?",
  "Count the days from {m} until {r}.",
];
const AGE_Q = [
  "What was {x}'s age on {r}?",
  "How old was {x} on {r}?",
  "How many years old was {x} on {r}?",
];
const EXCEEDS_Q = [
  "By how much does the {label} of {x} exceed {b}?",
  "How much more than {b} is the {label} of {x}?",
  "What is the {label} of {x} minus {b}?",
];
const TIME_Q = [
  "What is the local time in {x} when it is {t} UTC?",
  "When it is {t} in UTC, what time is it in {x}?",
  "If it is {t} UTC, what does the clock show in {x}?",
];

/** Whether a chain ending in `def` can be continued by a compute step. */
export function supportsPostOp(def: FieldDef): boolean {
  return (
    def.type === "int" ||
    def.type === "float" ||
    def.type === "money" ||
    def.type === "date" ||
    def.type === "timezone"
  );
}

/**
 * Continues a chain whose last look-up found `looked` (the value of `def` at `end`) with a
 * compute step — a difference from a given number, a unit or currency conversion, date
 * arithmetic, a time-zone conversion — and asks for its result. Null when the value does not allow a sensible question.
 */
export function postOp(
  plan: PlanBuilder,
  end: ChainEnd,
  def: FieldDef,
  looked: PlannedValue,
): PlanItem | null {
  const { rng } = plan;
  const x = end.np;
  const bare = end.depth === 0;
  const step = (op: string, inputs: Record<string, string | number>, question: string) => {
    const { index, answer } = plan.compute(op, inputs, subQuestion(op, inputs), [looked.index]);
    return { question: capitalizeFirst(question), index, answer };
  };
  if ((def.type === "int" || def.type === "float") && (def.unit === undefined || rng.chance(0.3))) {
    const value = looked.value as number;
    const b = Math.round(value * (0.3 + 0.6 * rng.next()));
    if (b <= 0 || b >= value) return null;
    const q = plan.phrase("post:exceeds", EXCEEDS_Q, { label: def.label, x, b: String(b) });
    return step("difference", { a: value, b }, q);
  }
  if (def.unit !== undefined) {
    const to = rng.pick(targetUnits(def.unit));
    const q = plan.phrase("post:units", UNITS_Q, { label: def.label, x, unit: UNIT_WORDS[to] });
    return step("convert_units", { value: looked.value as number, from: def.unit, to }, q);
  }
  if (def.type === "money") {
    const money = looked.value as Money;
    const targets = [...WORLD_CURRENCIES.map((c) => c.code), ...plan.scope.pools.currencies];
    const to = rng.pick(targets.filter((code) => code !== money.currency));
    const q = plan.phrase("post:currency", CURRENCY_Q, { x, cur: to });
    return step("convert_currency", { amount: money.amount, from: money.currency, to }, q);
  }
  if (def.type === "timezone") {
    if (looked.value === "UTC+00:00") return null;
    const t = `${String(rng.int(0, 23)).padStart(2, "0")}:${rng.pick(["00", "15", "30", "45"])}`;
    const q = plan.phrase("post:time", TIME_Q, { x, t });
    return step(
      "convert_time",
      { time: t, from_tz: "UTC+00:00", to_tz: looked.value as string },
      q,
    );
  }
  if (def.type !== "date") return null;
  const date = looked.value as string;
  const m = plan.phrase(`moment:${def.kind}.${def.field}`, def.moment!, { x }, bare);
  const kinds =
    def.field === "birth_date" ? ["weekday", "add", "days", "age"] : ["weekday", "add", "days"];
  switch (rng.pick(kinds)) {
    case "weekday":
      return step("weekday", { date }, plan.phrase("post:weekday", WEEKDAY_Q, { m }));
    case "add": {
      const n = rng.int(10, 1500);
      return step(
        "add_days",
        { date, days: n },
        plan.phrase("post:add_days", ADD_DAYS_Q, { m, n: String(n) }),
      );
    }
    case "days": {
      const r = formatIsoDate(parseIsoDate(date) + rng.int(30, 9000));
      return step(
        "days_between",
        { start: date, end: r },
        plan.phrase("post:days", DAYS_Q, { m, r }),
      );
    }
    default: {
      const r = formatIsoDate(parseIsoDate(date) + rng.int(5 * 365, 80 * 365));
      return step(
        "age_on",
        { birth_date: date, date: r },
        plan.phrase("post:age", AGE_Q, { x, r }, bare),
      );
    }
  }
}
