import { ConfigError } from "../core/index.js";
import type { ComplexityKnobs } from "./stages/stage-types.js";

export type ComplexityPreset = "none" | "low" | "medium" | "high";

/** Named complexity levels; `medium` is the default. */
export const COMPLEXITY_PRESETS: Readonly<Record<ComplexityPreset, Readonly<ComplexityKnobs>>> = {
  none: {
    functionalGeneralization: 0,
    parameterExpansion: 0,
    parameterTypeGeneralization: 0,
    distractors: 0,
    nearDuplicates: 0,
  },
  low: {
    functionalGeneralization: 0.25,
    parameterExpansion: 0.25,
    parameterTypeGeneralization: 0.25,
    distractors: 1,
    nearDuplicates: 0,
  },
  medium: {
    functionalGeneralization: 0.5,
    parameterExpansion: 0.5,
    parameterTypeGeneralization: 0.5,
    distractors: 2,
    nearDuplicates: 1,
  },
  high: {
    functionalGeneralization: 1,
    parameterExpansion: 1,
    parameterTypeGeneralization: 1,
    distractors: 4,
    nearDuplicates: 2,
  },
};

const KEYS: Record<string, keyof ComplexityKnobs> = {
  functional: "functionalGeneralization",
  expansion: "parameterExpansion",
  types: "parameterTypeGeneralization",
  distractors: "distractors",
  near: "nearDuplicates",
};

/**
 * Parses a `--complexity` value: a preset (`none`, `low`, `medium`, `high`), optionally
 * followed by overrides, or overrides alone (on top of `medium`). Probabilities for
 * `functional`, `expansion`, `types`; counts for `distractors`, `near`.
 *
 * @example
 * parseComplexity("high,distractors=6") // high, with 6 distractors
 * parseComplexity("functional=1,near=0") // medium, always generalized, no near-duplicates
 */
export function parseComplexity(spec: string): ComplexityKnobs {
  const knobs: ComplexityKnobs = { ...COMPLEXITY_PRESETS.medium };
  for (const [i, item] of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .entries()) {
    if (i === 0 && item in COMPLEXITY_PRESETS) {
      Object.assign(knobs, COMPLEXITY_PRESETS[item as ComplexityPreset]);
      continue;
    }
    const [key, raw] = item.split("=");
    const knob = KEYS[key];
    if (knob === undefined || raw === undefined)
      throw new ConfigError(
        "--complexity",
        `"${item}" is neither a preset (${Object.keys(COMPLEXITY_PRESETS).join(", ")}, first) nor key=value with key one of ${Object.keys(KEYS).join(", ")}`,
      );
    const value = Number(raw);
    const isCount = knob === "distractors" || knob === "nearDuplicates";
    const valid = isCount ? Number.isInteger(value) && value >= 0 : value >= 0 && value <= 1;
    if (!valid)
      throw new ConfigError(
        "--complexity",
        `${key} takes ${isCount ? "a count (integer ≥ 0)" : "a probability in [0, 1]"}, got "${raw}"`,
      );
    knobs[knob] = value;
  }
  return knobs;
}
