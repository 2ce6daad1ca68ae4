import { parseIsoDate } from "../civil-date.js";
import { evaluateOp } from "../compute/evaluate-op.js";
import { subQuestion } from "../compute/sub-question.js";
import { capitalizeFirst, listPhrase } from "../phrasing.js";
import { FIELDS, FIELDS_BY_KIND, type FieldDef } from "../world/entity-fields.js";
import type { Entity, Money } from "../world/world.js";
import { joinAnswers, joinQuestions } from "./join-questions.js";
import { chainItem } from "./multi-hop.js";
import type { PlanBuilder, PlannedValue } from "./plan-builder.js";
import { type ChainEnd, finish, followPath, randomPathTo, startChain } from "./value-chain.js";

type Result = { question: string; answer: string } | null;

const DIFFERENCE_Q = [
  "By how much does the {label} of {a} exceed that of {b}?",
  "What is the difference between the {label} of {a} and the {label} of {b}?",
  "How much greater is the {label} of {a} than the {label} of {b}?",
];
const SUM_Q = [
  "What is the combined {label} of {list}?",
  "What is the total {label} of {list}?",
  "Add up the {label} of {list}.",
];
const AVERAGE_Q = [
  "What is the average {label} of {list}?",
  "What is the mean {label} of {list}?",
  "On average, what is the {label} of {list}?",
];
const DAYS_Q = [
  "How many days passed between {m1} and {m2}?",
  "How many days lie between {m1} and {m2}?",
  "Count the days from {m1} to {m2}.",
];
const AGE_Q = [
  "How old was {p} when {e} took place?",
  "What was the age of {p} on the day of {e}?",
  "How many years old was {p} at the time of {e}?",
];
const UTC_Q = [
  "At what time UTC did {e} start?",
  "What was the UTC time when {e} began?",
  "{e} started at what time in UTC?",
];
const PRICE_Q = [
  "How much does {p} cost in the currency of {c}?",
  "What is the price of {p} in the currency used in {c}?",
  "Convert the price of {p} into the currency of {c}.",
];

/**
 * A chain that ends at `entity` after 0–`maxLength` relation hops (walked backward from it), and
 * the look-up of `def` there.
 */
function chainTo(
  plan: PlanBuilder,
  entity: Entity,
  def: FieldDef,
  maxLength: number,
): { end: ChainEnd; looked: PlannedValue } {
  const length = plan.rng.int(0, maxLength);
  const found = length === 0 ? null : randomPathTo(plan.scope.world, plan.rng, entity, length);
  const end = found === null ? startChain(entity) : followPath(plan, found.start, found.path);
  return { end, looked: finish(plan, end, def) };
}

function moment(plan: PlanBuilder, end: ChainEnd, def: FieldDef): string {
  return plan.phrase(
    `moment:${def.kind}.${def.field}`,
    def.moment!,
    { x: end.np },
    end.depth === 0,
  );
}

/** Two chains, asked and answered together (at least one of them two steps or longer). */
function joinedChains(plan: PlanBuilder): Result {
  const first = chainItem(plan, { length: plan.rng.int(1, 2), postOp: 0.3 });
  if (first === null) return null;
  const second = chainItem(plan, { length: plan.rng.int(0, 2), postOp: 0.3 });
  if (second === null) return null;
  return {
    question: joinQuestions(plan, [first.question, second.question]),
    answer: joinAnswers([first.answer, second.answer]),
  };
}

/** Several chains to the same numeric field, combined: difference, sum or average. */
function combinedNumbers(plan: PlanBuilder): Result {
  const { rng } = plan;
  const numeric = FIELDS.filter((def) => def.type === "int" || def.type === "float");
  const def = rng.pick(numeric);
  const op = rng.pick(["difference", ...(def.aggregate ?? [])]);
  const k = op === "difference" ? 2 : rng.int(2, 3);
  const entities = rng.sample(plan.scope.pools.byKind[def.kind], k);
  if (entities.length < k) return null;
  const chains = entities.map((entity) => chainTo(plan, entity, def, 1));
  if (op === "difference") {
    const [a, b] = [...chains].sort(
      (x, y) => (y.looked.value as number) - (x.looked.value as number),
    );
    if (a.looked.value === b.looked.value) return null;
    const inputs = { a: a.looked.value as number, b: b.looked.value as number };
    const step = plan.compute(op, inputs, subQuestion(op, inputs), [
      a.looked.index,
      b.looked.index,
    ]);
    const question = plan.phrase("pmh:difference", DIFFERENCE_Q, {
      label: def.label,
      a: a.end.np,
      b: b.end.np,
    });
    return { question: capitalizeFirst(question), answer: step.answer };
  }
  const inputs = {
    values: chains.map((c) => c.looked.value as number),
    labels: chains.map((c) => c.end.entity.name),
  };
  const step = plan.compute(
    op,
    inputs,
    subQuestion(op, inputs),
    chains.map((c) => c.looked.index),
  );
  const list = listPhrase(chains.map((c) => c.end.np));
  const question = plan.phrase(`pmh:${op}`, op === "sum" ? SUM_Q : AVERAGE_Q, {
    label: def.label,
    list,
  });
  return { question: capitalizeFirst(question), answer: step.answer };
}

/** Days between two moments found by two chains. */
function daysBetweenMoments(plan: PlanBuilder): Result {
  const { rng } = plan;
  const dates = FIELDS.filter((def) => def.type === "date");
  const picks = [rng.pick(dates), rng.pick(dates)].map((def) => ({
    def,
    entity: rng.pick(plan.scope.pools.byKind[def.kind]),
  }));
  if (picks[0].entity === picks[1].entity) return null;
  const chains = picks.map(({ def, entity }) => ({ def, ...chainTo(plan, entity, def, 1) }));
  const [a, b] = chains.sort(
    (x, y) => parseIsoDate(x.looked.value as string) - parseIsoDate(y.looked.value as string),
  );
  if (a.looked.value === b.looked.value) return null;
  const inputs = { start: a.looked.value as string, end: b.looked.value as string };
  const step = plan.compute("days_between", inputs, subQuestion("days_between", inputs), [
    a.looked.index,
    b.looked.index,
  ]);
  const question = plan.phrase("pmh:days", DAYS_Q, {
    m1: moment(plan, a.end, a.def),
    m2: moment(plan, b.end, b.def),
  });
  return { question: capitalizeFirst(question), answer: step.answer };
}

/** A person's age at an event: date of birth and the event's date, then their difference. */
function ageAtEvent(plan: PlanBuilder): Result {
  const { rng } = plan;
  const birth = FIELDS_BY_KIND.person.find((def) => def.field === "birth_date")!;
  const when = FIELDS_BY_KIND.event.find((def) => def.field === "date")!;
  const person = chainTo(plan, rng.pick(plan.scope.pools.byKind.person), birth, 1);
  const event = chainTo(plan, rng.pick(plan.scope.pools.byKind.event), when, 0);
  const inputs = { birth_date: person.looked.value as string, date: event.looked.value as string };
  if (inputs.date <= inputs.birth_date || Number(evaluateOp("age_on", inputs)) < 1) return null;
  const step = plan.compute("age_on", inputs, subQuestion("age_on", inputs), [
    person.looked.index,
    event.looked.index,
  ]);
  const question = plan.phrase("pmh:age", AGE_Q, { p: person.end.np, e: event.end.np });
  return { question: capitalizeFirst(question), answer: step.answer };
}

/** An event's start in UTC: its local start time ∥ its city → the city's time zone → convert. */
function eventStartUtc(plan: PlanBuilder): Result {
  const event = plan.rng.pick(plan.scope.pools.byKind.event);
  const field = (kind: "event" | "city", name: string) =>
    FIELDS_BY_KIND[kind].find((def) => def.field === name)!;
  const start = plan.lookup(event, field("event", "start_time"), []);
  const city = plan.scope.world.byName.get((event.values.city as string).toLowerCase())!;
  const cityStep = plan.lookup(event, field("event", "city"), []);
  const zone = plan.lookup(city, field("city", "timezone"), [cityStep.index]);
  if (zone.value === "UTC+00:00") return null;
  const inputs = { time: start.value as string, from_tz: zone.value as string, to_tz: "UTC+00:00" };
  const step = plan.compute("convert_time", inputs, subQuestion("convert_time", inputs), [
    start.index,
    zone.index,
  ]);
  const question = plan.phrase("pmh:utc", UTC_Q, { e: event.name });
  return { question: capitalizeFirst(question), answer: step.answer };
}

/** A price converted into another country's currency: price ∥ chain to the currency → convert. */
function priceInCurrencyOf(plan: PlanBuilder): Result {
  const { rng } = plan;
  const product = rng.pick(plan.scope.pools.byKind.product);
  const price = FIELDS_BY_KIND.product.find((def) => def.field === "price")!;
  const currency = FIELDS_BY_KIND.country.find((def) => def.field === "currency")!;
  const country = rng.pick(
    plan.scope.pools.byKind.country.filter((c) => c.cluster !== product.cluster),
  );
  if (country === undefined) return null;
  const looked = plan.lookup(product, price, []);
  const chain = chainTo(plan, country, currency, 2);
  const money = looked.value as Money;
  const inputs = { amount: money.amount, from: money.currency, to: chain.looked.value as string };
  const step = plan.compute("convert_currency", inputs, subQuestion("convert_currency", inputs), [
    looked.index,
    chain.looked.index,
  ]);
  const question = plan.phrase("pmh:price", PRICE_Q, { p: product.name, c: chain.end.np });
  return { question: capitalizeFirst(question), answer: step.answer };
}

const SHAPES: readonly [weight: number, shape: (plan: PlanBuilder) => Result][] = [
  [25, joinedChains],
  [30, combinedNumbers],
  [15, daysBetweenMoments],
  [10, ageAtEvent],
  [10, eventStartUtc],
  [10, priceInCurrencyOf],
];

/**
 * Parallel multi-hop: several chains, or a chain with a parallel step — two chains asked
 * together; numbers from 2–3 chains combined; days between two moments; a person's age at an
 * event; an event's start in UTC; a price in the currency of a country reached by a chain.
 */
export function decomposeParallelMultiHop(plan: PlanBuilder): Result {
  let r = plan.rng.int(1, 100);
  for (const [weight, shape] of SHAPES) {
    r -= weight;
    if (r <= 0) return shape(plan);
  }
  return SHAPES[0][1](plan);
}
