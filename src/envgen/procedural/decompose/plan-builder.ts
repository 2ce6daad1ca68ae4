import type {
  DecomposedStep,
  EntityRef,
  JsonObject,
  SplitOptions,
} from "../../stages/stage-types.js";
import { evaluateOp } from "../compute/evaluate-op.js";
import { fill, pickPhrasing } from "../phrasing.js";
import type { Rng } from "../rng.js";
import type { FieldDef } from "../world/entity-fields.js";
import type { EntityPools } from "../world/entity-pools.js";
import type { Entity, FieldValue, World } from "../world/world.js";

/** What decomposition draws on: the world, this candidate's randomness, the split's pools. */
export interface DecomposeScope {
  world: World;
  rng: Rng;
  pools: EntityPools;
  split?: SplitOptions;
}

export interface PlannedValue {
  /** The step's index in the plan. */
  index: number;
  value: FieldValue;
  answer: string;
}

/** A field's value as a sub-answer: money as "amount, code" (both parts must be found). */
export function answerOf(value: FieldValue): string {
  if (typeof value === "object") return `${value.amount}, ${value.currency}`;
  return String(value);
}

/**
 * Accumulates a gold plan: steps with their sub-questions, sub-answers, dependencies and
 * operations; the entities touched; the phrasings used.
 */
export class PlanBuilder {
  readonly steps: DecomposedStep[] = [];
  readonly phrasings: string[] = [];
  readonly entities: EntityRef[] = [];
  private readonly touched = new Set<string>();

  constructor(readonly scope: DecomposeScope) {}

  get rng(): Rng {
    return this.scope.rng;
  }

  /** Fills one phrasing of `templates` (hold-out aware) and records its id. */
  phrase(
    id: string,
    templates: readonly string[],
    values: Record<string, string>,
    bareName = true,
  ): string {
    const picked = pickPhrasing({
      rng: this.scope.rng,
      id,
      templates,
      split: this.scope.split,
      bareName,
    });
    this.phrasings.push(picked.id);
    return fill(picked.template, values);
  }

  touch(ref: EntityRef): void {
    const key = `${ref.kind}:${ref.name}`;
    if (this.touched.has(key)) return;
    this.touched.add(key);
    this.entities.push({ kind: ref.kind, name: ref.name });
  }

  /** A look-up step: `def` of `entity`, after the steps that produced the entity. */
  lookup(entity: Entity, def: FieldDef, after: readonly number[]): PlannedValue {
    const value = entity.values[def.field];
    this.touch(entity);
    if (def.type === "ref") this.touch({ kind: def.ref!, name: value as string });
    if (def.type === "money") this.touchCurrency((value as { currency: string }).currency);
    const index = this.steps.length;
    this.steps.push({
      question: fill(def.questions[0], { x: entity.name }),
      answer: answerOf(value),
      after: [...after],
      operation: { capability: `${def.kind}.${def.field}`, inputs: { [def.kind]: entity.name } },
    });
    return { index, value, answer: answerOf(value) };
  }

  /** A compute step: `op` on `inputs`, its sub-answer evaluated as the deployed code will. */
  compute(
    op: string,
    inputs: JsonObject,
    question: string,
    after: readonly number[],
  ): { index: number; answer: string } {
    const answer = evaluateOp(op, inputs, this.scope.world.currencies);
    for (const key of ["from", "to"])
      if (op === "convert_currency") this.touchCurrency(inputs[key] as string);
    const index = this.steps.length;
    this.steps.push({
      question,
      answer,
      after: [...after],
      operation: { capability: op, inputs },
    });
    return { index, answer };
  }

  /** Country currencies are entities of their cluster; USD and EUR belong to no split. */
  touchCurrency(code: string): void {
    if (this.scope.world.currencies.get(code)?.cluster != null)
      this.touch({ kind: "currency", name: code });
  }
}
