import { readFileSync } from "node:fs";
import { ConfigError, DataFormatError } from "../../core/index.js";
import type { LlmSeed } from "./prompts/decomposition-prompt.js";

/**
 * Topics the LLM backend invents questions about when no seed file is given: the kinds of
 * knowledge FTRL's environments cover (facts about entities, relations, conversions, arithmetic
 * and dates), spread wide so that a build is not about one thing.
 */
export const DEFAULT_LLM_TOPICS: readonly string[] = [
  "world capitals and populations",
  "currency exchange for travel budgets",
  "flight schedules and time zones",
  "company headquarters and founders",
  "product prices and inventory in an online shop",
  "weather forecasts for cities",
  "nutrition facts of foods",
  "sports teams, stadiums and match results",
  "book authors and publication years",
  "film directors and box office figures",
  "university rankings and tuition",
  "chemical elements and their properties",
  "unit conversion in cooking recipes",
  "public transport routes and travel times",
  "hotel bookings and room rates",
  "stock prices and market capitalisation",
  "historical events and their dates",
  "planets, moons and distances in the solar system",
  "employee records and departments",
  "shipping costs and delivery dates",
  "music albums, artists and chart positions",
  "national parks, areas and visitor numbers",
  "loan interest and repayment schedules",
  "restaurant menus and reviews",
];

/**
 * Seeds from text, one a line: a line ending in "?" is a question to decompose, any other line a
 * topic to invent questions about. Blank lines and lines starting with "#" are skipped.
 *
 * @example
 * parseLlmSeeds("# travel\ncurrency exchange\nWhat is the capital of Peru?")
 * // [{ topic: "currency exchange" }, { question: "What is the capital of Peru?" }]
 */
export function parseLlmSeeds(text: string): LlmSeed[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => (line.endsWith("?") ? { question: line } : { topic: line }));
}

/** Seeds from a file (see parseLlmSeeds); a missing or empty file is the operator's to fix. */
export function readLlmSeeds(file: string): LlmSeed[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError("seeds", `cannot read ${file}: ${(error as Error).message}`);
  }
  const seeds = parseLlmSeeds(text);
  if (seeds.length === 0) {
    throw new DataFormatError({
      file,
      reason: 'no seeds: write one topic or question ("…?") a line',
    });
  }
  return seeds;
}
