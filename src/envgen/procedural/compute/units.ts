/**
 * Units convert_units knows, each once: its dimension, its size in the dimension's base unit
 * (exact factors) and how questions name it.
 */
const UNIT_TABLE: Record<string, readonly [dimension: string, factor: number, words: string]> = {
  m: ["length", 1, "metres"],
  ft: ["length", 0.3048, "feet"],
  km: ["length", 1000, "kilometres"],
  mi: ["length", 1609.344, "miles"],
  cm: ["length", 0.01, "centimetres"],
  in: ["length", 0.0254, "inches"],
  kg: ["mass", 1, "kilograms"],
  lb: ["mass", 0.45359237, "pounds"],
  g: ["mass", 0.001, "grams"],
  oz: ["mass", 0.028349523125, "ounces"],
  km2: ["area", 1, "square kilometres"],
  mi2: ["area", 2.589988110336, "square miles"],
  ha: ["area", 0.01, "hectares"],
};

/** Dimension and factor per unit: the table the deployed code embeds as `UNITS`. */
export const UNITS: Record<string, readonly [dimension: string, factor: number]> =
  Object.fromEntries(
    Object.entries(UNIT_TABLE).map(([unit, [dimension, factor]]) => [unit, [dimension, factor]]),
  );

/** How questions name the units. */
export const UNIT_WORDS: Record<string, string> = Object.fromEntries(
  Object.entries(UNIT_TABLE).map(([unit, [, , words]]) => [unit, words]),
);

/** Units a value in `unit` may be asked for in (same dimension, different unit). */
export function targetUnits(unit: string): string[] {
  const [dimension] = UNITS[unit];
  return Object.keys(UNITS).filter((u) => u !== unit && UNITS[u][0] === dimension);
}
