import {
  type EnvironmentRecord,
  EnvironmentRecordSchema,
  outputSolvesAnswer,
  type ToolCall,
} from "../core/index.js";
import { ArgumentValidator, ToolEnvironment } from "../env/index.js";
import type { Sandbox } from "../sandbox/index.js";
import { planShapeFits, planWaves } from "./plan-shape.js";
import type { VerificationFailure, VerificationResult } from "./verification-failure.js";

export interface VerifyOptions {
  sandbox: Sandbox;
  /**
   * Compiles each distinct schema once; default one shared by every call in the process
   * (compiling costs ~100× a check, and generated tools repeat their schemas).
   */
  validator?: ArgumentValidator;
}

let sharedValidator: ArgumentValidator | undefined;

/**
 * The argument validator verification uses when given none: one per thread, kept for later
 * builds (a process that builds several files, a loop that rebuilds), since each distinct schema
 * costs ~2 ms to compile and a 10,000-environment build meets a few hundred.
 */
export function threadValidator(): ArgumentValidator {
  sharedValidator ??= new ArgumentValidator();
  return sharedValidator;
}

type Leaf = { path: (string | number)[]; value: string | number };

/**
 * Checks a candidate environment before it is written (see VERIFICATION_FAILURES for every
 * reason): the record is well-formed and its plan has its scenario's shape; no (sub-)answer is
 * already in the prompt; the final answer is made of the last steps' answers; every dependency
 * is used; then the gold plan is replayed through a ToolEnvironment in the sandbox, wave by
 * wave as the oracle plays it — arguments checked against the tools' schemas, each call's
 * output solving exactly its own step by FTRL's rule (core's `outputSolvesAnswer`) — and every
 * step that depends on others is probed for a short-cut: its tool called with each value the
 * prompt gives (the root steps' argument values) in place of a dependency's answer must not
 * produce the step's answer.
 *
 * @example
 * const result = verifyEnvironment(record, { sandbox });
 * if (!result.ok) rejections[result.reason]++;
 */
export function verifyEnvironment(candidate: unknown, options: VerifyOptions): VerificationResult {
  const parsed = EnvironmentRecordSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail("invalid_record", `${issue.path.join(".")}: ${issue.message}`);
  }
  const record = parsed.data;
  return checkText(record) ?? replay(record, options);
}

function fail(reason: VerificationFailure, detail: string): VerificationResult {
  return { ok: false, reason, detail };
}

/** FTRL's normalization of answer parts: lower-case, commas stripped, trimmed. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/,/g, "").trim();
}

function answerParts(answer: string): string[] {
  return answer
    .split(", ")
    .map(normalize)
    .filter((part) => part !== "");
}

const WORD = /[\p{L}\p{N}]/u;

/** Whether `part` occurs in `text` as whole words (so "12" is not found in "2012"). */
function occursAsWords(text: string, part: string): boolean {
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
    const before = at === 0 ? "" : text[at - 1];
    const after = text[at + part.length] ?? "";
    if (!WORD.test(before) && !WORD.test(after)) return true;
  }
  return false;
}

/** The user's messages, normalized as answers are. */
function userPrompt(record: EnvironmentRecord): string {
  return normalize(
    record.messages
      .filter((m) => m.role === "user")
      .map((m) => m.content ?? "")
      .join("\n"),
  );
}

function checkText(record: EnvironmentRecord): VerificationResult | null {
  const { subtasks } = record;
  if (!planShapeFits(record.scenario, subtasks))
    return fail("scenario_mismatch", `plan of ${subtasks.length} steps is not ${record.scenario}`);
  for (const [i, subtask] of subtasks.entries()) {
    const weak = answerParts(subtask.answer).find((part) => part.length < 2);
    if (weak !== undefined || answerParts(subtask.answer).length === 0)
      return fail("weak_subanswer", `step ${i} answer "${subtask.answer}"`);
  }
  const prompt = userPrompt(record);
  const given = (answer: string) =>
    answerParts(answer).every((part) => occursAsWords(prompt, part));
  if (given(record.answer)) return fail("answer_in_prompt", `"${record.answer}"`);
  for (const [i, subtask] of subtasks.entries())
    if (given(subtask.answer))
      return fail("subanswer_in_prompt", `step ${i} answer "${subtask.answer}"`);

  const needed = new Set(subtasks.flatMap((s) => s.after));
  const sinks = subtasks.filter((_, i) => !needed.has(i)).map((s) => answerParts(s.answer));
  const final = answerParts(record.answer);
  if (final.length === 0) return fail("answer_not_derived", "empty final answer");
  const stray = final.find((part) => !sinks.some((sink) => sink.includes(part)));
  if (stray !== undefined) return fail("answer_not_derived", `"${stray}" is no last step's answer`);
  if (sinks.some((sink) => !sink.some((part) => final.includes(part))))
    return fail("answer_not_derived", "a last step's answer is missing from the final answer");

  for (const [i, subtask] of subtasks.entries()) {
    const values = leaves(subtask.arguments).map((leaf) => normalize(String(leaf.value)));
    for (const dep of subtask.after) {
      const used = answerParts(subtasks[dep].answer).some((part) =>
        values.some((value) => value.includes(part)),
      );
      if (!used)
        return fail("dependency_unused", `step ${i} does not use the answer of step ${dep}`);
    }
  }
  return null;
}

function replay(record: EnvironmentRecord, options: VerifyOptions): VerificationResult {
  const validator = options.validator ?? threadValidator();
  const env = new ToolEnvironment({ sandbox: options.sandbox, validator });
  try {
    try {
      env.reset(record);
    } catch (error) {
      return fail("load_failed", (error as Error).message);
    }
    const specs = new Map(record.tools.map((t) => [t.function.name, t.function.parameters]));
    const outputs: string[] = [];
    for (const [turn, wave] of planWaves(record.subtasks).entries()) {
      for (const i of wave) {
        const { tool, arguments: args } = record.subtasks[i];
        const invalid = validator.check(specs.get(tool)!, args);
        if (invalid !== null) return fail("invalid_arguments", `step ${i} (${tool}): ${invalid}`);
      }
      const calls: ToolCall[] = wave.map((i) => toolCall(`verify_${turn}_${i}`, record, i));
      env.step(calls);
      const log = env.calls.slice(-calls.length);
      for (const [k, i] of wave.entries()) {
        const entry = log[k];
        if (entry.error !== undefined) return fail("call_failed", `step ${i}: ${entry.error}`);
        if (entry.solved === null)
          return fail(
            "wrong_subanswer",
            `step ${i}: "${record.subtasks[i].answer}" not in ${entry.output}`,
          );
        if (entry.solved !== i)
          return fail("ambiguous_subanswer", `step ${i}'s output solved step ${entry.solved}`);
        outputs[i] = entry.output!;
      }
    }
    for (const [i, a] of record.subtasks.entries())
      for (const [j, b] of record.subtasks.entries())
        if (i !== j && a.tool === b.tool && outputSolvesAnswer(outputs[i], b.answer))
          return fail("ambiguous_subanswer", `step ${i}'s output also solves step ${j}`);
    return probeShortcuts(record, env, specs, validator);
  } finally {
    env.dispose();
  }
}

/**
 * For every step with dependencies: each argument leaf that carries a dependency's answer is
 * replaced, one at a time, by each value of the same type the prompt gives (the root steps'
 * argument leaves); if the tool's output then solves the step, the chain has a short-cut.
 */
function probeShortcuts(
  record: EnvironmentRecord,
  env: ToolEnvironment,
  specs: Map<string, Record<string, unknown>>,
  validator: ArgumentValidator,
): VerificationResult {
  const { subtasks } = record;
  const prompt = userPrompt(record);
  // Values the prompt gives: root steps' argument values that occur in the user's message
  // (enum choices and defaults such as "population" or "json" are not information).
  const given: Leaf["value"][] = [];
  for (const s of subtasks)
    if (s.after.length === 0)
      for (const leaf of leaves(s.arguments))
        if (!given.includes(leaf.value) && occursAsWords(prompt, normalize(String(leaf.value))))
          given.push(leaf.value);
  let probe = 0;
  for (const [i, subtask] of subtasks.entries()) {
    if (subtask.after.length === 0) continue;
    const depParts = subtask.after.flatMap((d) => answerParts(subtasks[d].answer));
    const dependent = leaves(subtask.arguments).filter((leaf) =>
      depParts.some((part) => normalize(String(leaf.value)).includes(part)),
    );
    for (const leaf of dependent)
      for (const value of given) {
        if (typeof value !== typeof leaf.value || value === leaf.value) continue;
        const args = withLeaf(subtask.arguments, leaf.path, value);
        if (validator.check(specs.get(subtask.tool)!, args) !== null) continue;
        const call: ToolCall = {
          id: `probe_${probe++}`,
          type: "function",
          function: { name: subtask.tool, arguments: JSON.stringify(args) },
        };
        const [message] = env.step([call]);
        const entry = env.calls.at(-1)!;
        if (entry.error === undefined && outputSolvesAnswer(message.content, subtask.answer))
          return fail(
            "shortcut",
            `step ${i} (${subtask.tool}) is answered with ${JSON.stringify(value)} from the prompt`,
          );
      }
  }
  return { ok: true };
}

function toolCall(id: string, record: EnvironmentRecord, i: number): ToolCall {
  const { tool, arguments: args } = record.subtasks[i];
  return { id, type: "function", function: { name: tool, arguments: JSON.stringify(args) } };
}

/** The string and number leaves of a JSON value, with their paths. */
function leaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof value === "string" || typeof value === "number") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [];
}

function withLeaf(
  args: Record<string, unknown>,
  path: readonly (string | number)[],
  value: Leaf["value"],
): Record<string, unknown> {
  const copy = structuredClone(args);
  let node: Record<string | number, unknown> = copy;
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value;
    else node = node[key] as Record<string | number, unknown>;
  });
  return copy;
}
