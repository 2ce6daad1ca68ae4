/** Units convert_units knows: dimension and size in the dimension's base unit (exact factors). */
export const UNITS: Record<string, readonly [dimension: string, factor: number]> = {
  m: ["length", 1],
  ft: ["length", 0.3048],
  km: ["length", 1000],
  mi: ["length", 1609.344],
  cm: ["length", 0.01],
  in: ["length", 0.0254],
  kg: ["mass", 1],
  lb: ["mass", 0.45359237],
  g: ["mass", 0.001],
  oz: ["mass", 0.028349523125],
  km2: ["area", 1],
  mi2: ["area", 2.589988110336],
  ha: ["area", 0.01],
};

/** How questions name the units. */
export const UNIT_WORDS: Record<string, string> = {
  m: "metres",
  ft: "feet",
  km: "kilometres",
  mi: "miles",
  cm: "centimetres",
  in: "inches",
  kg: "kilograms",
  lb: "pounds",
  g: "grams",
  oz: "ounces",
  km2: "square kilometres",
  mi2: "square miles",
  ha: "hectares",
};

/** Units a value in `unit` may be asked for in (same dimension, different unit). */
export function targetUnits(unit: string): string[] {
  const [dimension] = UNITS[unit];
  return Object.keys(UNITS).filter((u) => u !== unit && UNITS[u][0] === dimension);
}
