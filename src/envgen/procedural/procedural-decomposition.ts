import type { Scenario } from "../../core/index.js";
import { normalizeQuestion } from "../normalize-question.js";
import { CandidateRejection } from "../stages/candidate-rejection.js";
import type { DecompositionStage } from "../stages/envgen-backend.js";
import type { DecomposedTask, SplitOptions, ToolFamily } from "../stages/stage-types.js";
import { computeOp, isComputeCapability } from "./compute/compute-ops.js";
import { decomposeMultiHop } from "./decompose/multi-hop.js";
import { decomposeParallelMultiHop } from "./decompose/parallel-multi-hop.js";
import { decomposeParallelSingleHop } from "./decompose/parallel-single-hop.js";
import { PlanBuilder } from "./decompose/plan-builder.js";
import { decomposeSingleHop } from "./decompose/single-hop.js";
import { createRng, hashString } from "./rng.js";
import { fieldDef } from "./world/entity-fields.js";
import { type EntityPools, entityPools } from "./world/entity-pools.js";
import type { World } from "./world/world.js";

const GENERATORS: Record<
  Scenario,
  (plan: PlanBuilder) => { question: string; answer: string } | null
> = {
  single_hop: decomposeSingleHop,
  parallel_single_hop: decomposeParallelSingleHop,
  multi_hop: decomposeMultiHop,
  parallel_multi_hop: decomposeParallelMultiHop,
};

/** Tries per candidate before the stage gives up on it (a split too narrow for the scenario). */
const MAX_TRIES = 64;
const STREAM = 0x64656370; // "decp"

/** The family of a capability: look-ups of relations are `relation`, computations their own. */
export function capabilityFamily(capability: string): ToolFamily {
  if (isComputeCapability(capability)) return computeOp(capability).family;
  return fieldDef(capability).type === "ref" ? "relation" : "lookup";
}

/**
 * Stage 1 of the procedural backend: a question of the requested scenario over the world,
 * drawn from the candidate's own random stream, that fits the split — only the split's
 * entities; in train no held-out family, in test at least one; a question that names no entity
 * falls in the split its text hashes to.
 */
export function createProceduralDecomposition(options: {
  world: World;
  source?: string;
}): DecompositionStage {
  const { world, source = "procedural" } = options;
  const pools = new Map<string, EntityPools>();
  const poolsFor = (split: SplitOptions | undefined) => {
    const key = split === undefined ? "" : `${split.split}:${split.testFraction}`;
    let found = pools.get(key);
    if (found === undefined) pools.set(key, (found = entityPools(world, split)));
    return found;
  };
  return {
    async run(request, context) {
      const { split } = context;
      for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
        const rng = createRng(context.seed, context.index, context.attempt, attempt, STREAM);
        const plan = new PlanBuilder({ world, rng, pools: poolsFor(split), split });
        const made = GENERATORS[request.scenario](plan);
        if (made === null || !fitsSplit(plan, made.question, split)) continue;
        const task: DecomposedTask = {
          id: request.id,
          scenario: request.scenario,
          question: made.question,
          answer: made.answer,
          steps: plan.steps,
          entities: plan.entities,
          phrasings: plan.phrasings,
          source,
          seed: context.seed,
          ...(split === undefined ? {} : { split: split.split }),
        };
        return task;
      }
      throw new CandidateRejection({
        reason: "no_plan_for_split",
        stage: "decomposition",
        detail: `no ${request.scenario} plan fits the split after ${MAX_TRIES} tries`,
      });
    },
  };
}

function fitsSplit(plan: PlanBuilder, question: string, split: SplitOptions | undefined): boolean {
  if (split === undefined) return true;
  if (split.holdOutFamilies.length > 0) {
    const held = plan.steps.some((step) =>
      split.holdOutFamilies.includes(capabilityFamily(step.operation.capability)),
    );
    if (held !== (split.split === "test")) return false;
  }
  if (plan.entities.length > 0) return true;
  const inTest = hashString(normalizeQuestion(question)) % 10_000 < split.testFraction * 10_000;
  return inTest === (split.split === "test");
}
