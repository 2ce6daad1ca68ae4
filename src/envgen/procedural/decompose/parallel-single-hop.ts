import { capitalizeFirst } from "../phrasing.js";
import { joinAnswers, joinQuestions } from "./join-questions.js";
import type { PlanBuilder } from "./plan-builder.js";
import type { PlanItem } from "./post-op.js";
import { pickLookup, singleHopItem } from "./single-hop.js";

const SAME_FIELD = [
  "What is the {label} of {a}, and what is that of {b}?",
  "For {a} and {b}: what is the {label} of each?",
  "Give the {label} of {a} and of {b}.",
];

/**
 * Parallel single-hop: two or three independent questions in one message, answered by
 * independent calls in one turn. Sometimes the same fact about two entities, asked as one.
 */
export function decomposeParallelSingleHop(
  plan: PlanBuilder,
): { question: string; answer: string } | null {
  const { rng } = plan;
  if (rng.chance(0.25)) {
    const first = pickLookup(plan);
    const others = plan.scope.pools.byKind[first.entity.kind].filter((e) => e !== first.entity);
    const second = rng.pick(others);
    const question = capitalizeFirst(
      plan.phrase("par:same", SAME_FIELD, {
        label: first.def.label,
        a: first.entity.name,
        b: second.name,
      }),
    );
    const a = plan.lookup(first.entity, first.def, []);
    const b = plan.lookup(second, first.def, []);
    return { question, answer: joinAnswers([a.answer, b.answer]) };
  }
  const k = rng.chance(0.7) ? 2 : 3;
  const items: PlanItem[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < k; i++) {
    const item = singleHopItem(plan, seen);
    const step = plan.steps[item.index];
    seen.add(
      `${Object.values(step.operation.inputs)[0]}.${step.operation.capability.split(".")[1]}`,
    );
    items.push(item);
  }
  return {
    question: joinQuestions(
      plan,
      items.map((item) => item.question),
    ),
    answer: joinAnswers(items.map((item) => item.answer)),
  };
}
