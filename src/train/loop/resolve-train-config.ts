import { z } from "zod";
import { ConfigError } from "../../core/index.js";
import { LOSS_OPTIONS_SCHEMAS } from "../losses/losses.js";
import { ALGORITHMS, type AlgorithmSpec } from "./algorithms.js";
import { type TrainConfig, trainConfigSchema } from "./train-config.js";

/** One source of config values: a file, `OUT/config.json`, or the command line. */
export interface ConfigLayer {
  /** Named in errors: a path (`runs/a/config.json`) or `flags`. */
  readonly source: string;
  /** A partial config (a JSON object); fields set to undefined are ignored. */
  readonly values: unknown;
  /** How a field is written in this source, for errors (e.g. `lr` → `--lr`); default the path. */
  readonly nameOf?: (path: readonly string[]) => string;
}

/**
 * Merges config layers (later ones win, field by field, `model` and `tokenizer` merged
 * too), fills the defaults and validates the result against `trainConfigSchema`.
 *
 * @throws ConfigError naming the source and field of the first bad value, e.g.
 *   `configs/a.json: field "model.nHead": dModel must be a multiple of nHead`
 */
export function resolveTrainConfig(layers: readonly ConfigLayer[]): TrainConfig {
  const merged: Record<string, unknown> = {};
  // Which layer set each top-level field (and each nested one): errors blame it.
  const setBy = new Map<string, ConfigLayer>();
  for (const layer of layers) {
    if (layer.values === undefined) continue;
    if (!isObject(layer.values)) {
      throw new ConfigError(layer.source, "a config must be a JSON object");
    }
    for (const [key, value] of Object.entries(layer.values)) {
      if (value === undefined) continue;
      if (isObject(value)) {
        const defined = stripUndefined(value);
        merged[key] = isObject(merged[key]) ? { ...merged[key], ...defined } : defined;
        for (const inner of Object.keys(defined)) setBy.set(`${key}.${inner}`, layer);
        if (Object.keys(defined).length > 0) setBy.set(key, layer);
      } else {
        merged[key] = value;
        setBy.set(key, layer);
      }
    }
  }
  const fail = (issue: z.core.$ZodIssue, prefix: readonly string[] = []): never => {
    const path = [...prefix, ...issue.path.map(String)];
    // Unknown keys are reported on the object that holds them, with the keys in `keys`.
    const keys = "keys" in issue && Array.isArray(issue.keys) ? issue.keys.map(String) : [];
    const field = keys.length > 0 ? [...path, keys[0]] : path;
    const layer = setBy.get(field.slice(0, 2).join(".")) ?? setBy.get(field[0] ?? "");
    const name = layer?.nameOf?.(field) ?? `field "${field.join(".")}"`;
    throw new ConfigError(layer ? `${layer.source}: ${name}` : name, issue.message);
  };
  const parsed = trainConfigSchema.safeParse(merged);
  if (!parsed.success) return fail(parsed.error.issues[0]!);
  const config = parsed.data;
  // The loss section is the loss's own options: its schema checks them and holds the defaults.
  const loss = LOSS_OPTIONS_SCHEMAS[config.algo].safeParse(config.loss);
  if (!loss.success) return fail(loss.error.issues[0]!, ["loss"]);
  // Likewise the estimator's options; an algorithm without an estimator takes none.
  const schema = (ALGORITHMS[config.algo] as AlgorithmSpec).advantage?.schema ?? z.strictObject({});
  const advantage = schema.safeParse(config.advantage);
  if (!advantage.success) return fail(advantage.error.issues[0]!, ["advantage"]);
  return { ...config, loss: loss.data, advantage: advantage.data };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
