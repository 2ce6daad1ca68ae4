import type { JsonObject, JsonValue } from "../../stages/stage-types.js";

/**
 * Options a compute tool may expose as an extra parameter. `expansion` ones are FTRL's
 * parameter expansion (optional, with a default that keeps the plain behaviour);
 * `format` ones are parameter type generalization (formats). When a tool does not expose an
 * option, its code uses the default — so the gold answers never depend on them.
 */
export const COMPUTE_OPTIONS = {
  precision: {
    strategy: "expansion",
    default: 2,
    schema: {
      type: "integer",
      minimum: 0,
      maximum: 6,
      default: 2,
      description: "Decimal places of the result (default 2)",
    },
  },
  inclusive: {
    strategy: "expansion",
    default: false,
    schema: {
      type: "boolean",
      default: false,
      description: "Count both the start and the end day (default false)",
    },
  },
  direction: {
    strategy: "expansion",
    default: "forward",
    schema: {
      type: "string",
      enum: ["forward", "backward"],
      default: "forward",
      description: "Move forward or backward in time (default forward)",
    },
  },
  style: {
    strategy: "expansion",
    default: "long",
    schema: {
      type: "string",
      enum: ["long", "short"],
      default: "long",
      description: "Weekday names in full (Monday) or short (Mon); default long",
    },
  },
  clock_format: {
    strategy: "expansion",
    default: "24h",
    schema: {
      type: "string",
      enum: ["24h", "12h"],
      default: "24h",
      description: "Answer on the 24-hour clock (17:30) or the 12-hour one (05:30 PM); default 24h",
    },
  },
  date_format: {
    strategy: "format",
    default: "YYYY-MM-DD",
    schema: {
      type: "string",
      enum: ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY"],
      default: "YYYY-MM-DD",
      description: "How the dates given are written (default YYYY-MM-DD)",
    },
  },
} as const satisfies Record<
  string,
  { strategy: "expansion" | "format"; default: JsonValue; schema: JsonObject }
>;

export type ComputeOptionName = keyof typeof COMPUTE_OPTIONS;
