import type { JsonObject } from "../../stages/stage-types.js";
import { daysFromCivil, formatIsoDate, formatUtcOffset } from "../civil-date.js";
import { subQuestion } from "../compute/sub-question.js";
import { targetUnits, UNIT_WORDS, UNITS } from "../compute/units.js";
import { capitalizeFirst, listPhrase } from "../phrasing.js";
import type { Rng } from "../rng.js";
import { WORLD_CURRENCIES } from "../world/generate-world.js";
import type { PlanBuilder } from "./plan-builder.js";
import type { PlanItem } from "./post-op.js";

const TEMPLATES: Record<string, readonly string[]> = {
  convert_units: [
    "How many {to} is {v} {from}?",
    "Convert {v} {from} to {to}.",
    "What is {v} {from} in {to}?",
  ],
  convert_currency: [
    "How much is {a} {from} in {to}?",
    "Convert {a} {from} to {to}.",
    "What is {a} {from} worth in {to}?",
  ],
  convert_time: [
    "When it is {t} at {from}, what time is it at {to}?",
    "Convert the time {t} from {from} to {to}.",
    "If a clock at {from} shows {t}, what does a clock at {to} show?",
  ],
  days_between: [
    "How many days are there from {d1} to {d2}?",
    "How many days passed between {d1} and {d2}?",
    "Count the days from {d1} until {d2}.",
  ],
  add_days: [
    "What date is {n} days after {d}?",
    "Which date falls {n} days after {d}?",
    "Add {n} days to {d}. What date is it?",
  ],
  weekday: [
    "What day of the week was {d}?",
    "On which weekday did {d} fall?",
    "Which day of the week is {d}?",
  ],
  age_on: [
    "How old is someone born on {d1} on {d2}?",
    "A person was born on {d1}. How old are they on {d2}?",
    "What is the age on {d2} of a person born on {d1}?",
  ],
  difference: ["What is {a} minus {b}?", "Subtract {b} from {a}.", "How much is {a} less {b}?"],
  sum: ["What is the sum of {list}?", "Add up {list}.", "What do {list} add up to?"],
  average: [
    "What is the average of {list}?",
    "What is the mean of {list}?",
    "Compute the arithmetic mean of {list}.",
  ],
};

const OPS = Object.keys(TEMPLATES);

function randomDay(rng: Rng, from = 1950, to = 2030): number {
  return rng.int(daysFromCivil(from, 1, 1), daysFromCivil(to, 12, 31));
}

function randomNumber(rng: Rng): number {
  return rng.chance(0.3) ? rng.int(10, 99_999) / 10 : rng.int(10, 99_999);
}

/**
 * A compute question with its inputs in the prompt: conversions, date arithmetic, arithmetic.
 * Only currency codes name world entities; other such questions are split by their text.
 */
export function entityFreeItem(plan: PlanBuilder): PlanItem {
  const { rng } = plan;
  const op = rng.pick(OPS);
  const ask = (inputs: JsonObject, values: Record<string, string>) => {
    const question = capitalizeFirst(plan.phrase(`free:${op}`, TEMPLATES[op], values));
    const { index, answer } = plan.compute(op, inputs, subQuestion(op, inputs), []);
    return { question, index, answer };
  };
  switch (op) {
    case "convert_units": {
      const from = rng.pick(Object.keys(UNITS));
      const to = rng.pick(targetUnits(from));
      const v = randomNumber(rng);
      return ask(
        { value: v, from, to },
        { v: String(v), from: UNIT_WORDS[from], to: UNIT_WORDS[to] },
      );
    }
    case "convert_currency": {
      const codes = [...WORLD_CURRENCIES.map((c) => c.code), ...plan.scope.pools.currencies];
      const [from, to] = rng.sample(codes, 2);
      const a = rng.int(10, 5_000);
      return ask({ amount: a, from, to }, { a: String(a), from, to });
    }
    case "convert_time": {
      const offsets = [-600, -480, -300, -180, -60, 0, 60, 120, 180, 210, 330, 540, 600, 720];
      const [from, to] = rng.sample(offsets, 2).map(formatUtcOffset);
      const t = `${String(rng.int(0, 23)).padStart(2, "0")}:${rng.pick(["00", "15", "30", "45"])}`;
      return ask({ time: t, from_tz: from, to_tz: to }, { t, from, to });
    }
    case "days_between":
    case "age_on": {
      const a = randomDay(rng, 1940, 2000);
      const b = a + rng.int(op === "age_on" ? 365 : 2, 30 * 365);
      const [d1, d2] = [formatIsoDate(a), formatIsoDate(b)];
      const inputs: JsonObject =
        op === "age_on" ? { birth_date: d1, date: d2 } : { start: d1, end: d2 };
      return ask(inputs, { d1, d2 });
    }
    case "add_days": {
      const d = formatIsoDate(randomDay(rng));
      const n = rng.int(10, 2_000);
      return ask({ date: d, days: n }, { d, n: String(n) });
    }
    case "weekday": {
      const d = formatIsoDate(randomDay(rng));
      return ask({ date: d }, { d });
    }
    case "difference": {
      const a = rng.int(100, 99_999);
      const b = rng.int(10, a - 1);
      return ask({ a, b }, { a: String(a), b: String(b) });
    }
    default: {
      const values = Array.from({ length: rng.int(3, 4) }, () => randomNumber(rng));
      return ask({ values, labels: values.map(String) }, { list: listPhrase(values.map(String)) });
    }
  }
}
