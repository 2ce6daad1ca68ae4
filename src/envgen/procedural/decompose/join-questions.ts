import { continueSentence } from "../phrasing.js";
import type { PlanBuilder } from "./plan-builder.js";

const JOIN2 = [
  "{0} {1}",
  "{0} Also, {1l}",
  "{0} And {1l}",
  "Two things: {0} {1}",
  "I have two questions. {0} {1}",
];
const JOIN3 = [
  "{0} {1} {2}",
  "{0} Also, {1l} And {2l}",
  "Please answer all three: {0} {1} {2}",
  "I have three questions. {0} {1} {2}",
];

/** Several questions asked in one message, in one of several ways. */
export function joinQuestions(plan: PlanBuilder, questions: readonly string[]): string {
  const values: Record<string, string> = {};
  questions.forEach((q, i) => {
    values[String(i)] = q;
    values[`${i}l`] = continueSentence(q);
  });
  const templates = questions.length === 2 ? JOIN2 : JOIN3;
  return plan.phrase(`join${questions.length}`, templates, values);
}

/** The final answer of several questions: their answers, in order, as ", "-separated parts. */
export function joinAnswers(answers: readonly string[]): string {
  return answers.join(", ");
}
