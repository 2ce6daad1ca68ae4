import type { LocalizedDeploymentStage } from "../stages/envgen-backend.js";
import type { DeployedTask, JsonValue, ScaledTask } from "../stages/stage-types.js";
import { computeCode } from "./compute/compute-code.js";
import type { ComputeImplementation } from "./compute/compute-tools.js";
import type { LookupImplementation } from "./lookup/lookup-tools.js";
import { lookupCode } from "./lookup/lookup-tools.js";
import { createRng, type Rng } from "./rng.js";
import { implementationOf } from "./tool-implementation.js";
import { type EntityPools, entityPools } from "./world/entity-pools.js";
import { WORLD_CURRENCIES } from "./world/generate-world.js";
import type { World } from "./world/world.js";

const STREAM = 0x64706c79; // "dply"

export interface ToolCodeWriters {
  lookup: typeof lookupCode;
  compute: typeof computeCode;
}

const TOOL_CODE_WRITERS: ToolCodeWriters = { lookup: lookupCode, compute: computeCode };
/** Entities of the split added to every look-up table besides those the task touches. */
const FILLERS = 2;

/**
 * Stage 5 of the procedural backend: each tool's JavaScript with only the data slice the
 * environment needs embedded — a look-up's rows for the task's entities of its kind plus two
 * other entities of the same split, a converter's rates for the currencies in play.
 */
export function createProceduralLocalizedDeployment(options: {
  world: World;
  /** How tools' code is written from their data (another writer: tests compare two). */
  code?: ToolCodeWriters;
}): LocalizedDeploymentStage {
  const { world, code: writers = TOOL_CODE_WRITERS } = options;
  const pools = new Map<string, EntityPools>();
  return {
    async run(task, context): Promise<DeployedTask> {
      const key =
        context.split === undefined ? "" : `${context.split.split}:${context.split.testFraction}`;
      let pool = pools.get(key);
      if (pool === undefined) pools.set(key, (pool = entityPools(world, context.split)));
      const rng = createRng(context.seed, context.index, context.attempt, STREAM);
      const code: Record<string, string> = {};
      for (const doc of task.tools) {
        const impl = implementationOf(doc);
        code[impl.name] =
          impl.template === "lookup"
            ? writers.lookup(impl, lookupRows({ world, pool, task, impl, rng }))
            : writers.compute(impl, { rates: rates(world, task, impl, pool, rng) });
      }
      return { ...task, code };
    },
  };
}

function lookupRows(options: {
  world: World;
  pool: EntityPools;
  task: ScaledTask;
  impl: LookupImplementation;
  rng: Rng;
}): JsonValue[][] {
  const { world, pool, task, impl, rng } = options;
  const names = task.entities.filter((e) => e.kind === impl.kind).map((e) => e.name);
  const candidates = pool.byKind[impl.kind];
  const wanted = Math.min(candidates.length, names.length + FILLERS);
  const chosen = new Set(names);
  while (chosen.size < wanted) chosen.add(rng.pick(candidates).name);
  return [...chosen].sort().map((name) => {
    const entity = world.byName.get(name.toLowerCase())!;
    return [
      entity.name,
      ...impl.fields.map((field): JsonValue => {
        const value = entity.values[field];
        return typeof value === "object"
          ? { amount: value.amount, currency: value.currency }
          : value;
      }),
    ];
  });
}

/** USD per unit for the world currencies, the task's currencies and two others of the split. */
function rates(
  world: World,
  task: ScaledTask,
  impl: ComputeImplementation,
  pool: EntityPools,
  rng: Rng,
): Record<string, number> {
  const needsRates = Object.values(impl.ops).some((op) => op.startsWith("convert_currency"));
  if (!needsRates) return {};
  const codes = new Set(WORLD_CURRENCIES.map((c) => c.code));
  for (const e of task.entities) if (e.kind === "currency") codes.add(e.name);
  for (const code of rng.sample(pool.currencies, 2)) codes.add(code);
  return Object.fromEntries(
    [...codes].sort().map((code) => [code, world.currencies.get(code)!.usd]),
  );
}
