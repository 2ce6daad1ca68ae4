import type { JsonObject } from "../../stages/stage-types.js";
import { HOST_HELPERS } from "../civil-date.js";
import { computeOp } from "./compute-ops.js";
import { COMPUTE_OPTIONS, type ComputeOptionName } from "./compute-options.js";
import { UNITS } from "./units.js";

// Why evaluate source text rather than keep a TypeScript twin of each op: the twins drifted
// apart silently (a mismatch showed only as rejected candidates). Why not the other way round,
// a TypeScript function whose `.toString()` is deployed: the text of a compiled function depends
// on the compiler (tsc for dist/, esbuild under vitest and tsx, which also rewrites references
// to imports), so the environment files would differ by how toolgym was run. The source is our
// own constant, compiled once per op; nothing from outside is ever evaluated.

type HostOp = (input: JsonObject, opts: Record<ComputeOptionName, unknown>) => JsonObject;
type Rates = ReadonlyMap<string, { usd: number }>;

/** Every option at its default: a plan's sub-answer never depends on an exposed option. */
const DEFAULT_OPTIONS = Object.fromEntries(
  Object.entries(COMPUTE_OPTIONS).map(([name, option]) => [name, option.default]),
) as Record<ComputeOptionName, unknown>;

const HOST_NAMES = ["RATES", "UNITS", ...Object.keys(HOST_HELPERS)];
const HOST_VALUES = [UNITS, ...Object.values(HOST_HELPERS)];
/** Each op's source compiled once on the host: (RATES, UNITS, ...helpers) → the op. */
const hostFactories = new Map<string, (...scope: unknown[]) => HostOp>();
const NO_RATES: Rates = new Map();

/**
 * The sub-answer of a compute step: what its output must contain — the op's deployed source
 * run on the host with every option at its default.
 */
export function evaluateOp(op: string, inputs: JsonObject, rates: Rates = NO_RATES): string {
  const def = computeOp(op);
  if (def.answer === undefined) throw new RangeError(`${op} is not used in gold plans`);
  let factory = hostFactories.get(op);
  if (factory === undefined) {
    factory = new Function(...HOST_NAMES, `return (${def.js});`) as (...s: unknown[]) => HostOp;
    hostFactories.set(op, factory);
  }
  // USD per unit, as the deployed code's RATES table holds them.
  const table = Object.fromEntries([...rates].map(([code, { usd }]) => [code, usd]));
  const output = factory(table, ...HOST_VALUES)(inputs, DEFAULT_OPTIONS);
  return String(output[def.answer]);
}
