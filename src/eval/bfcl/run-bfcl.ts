import {
  type AssistantMessage,
  ConfigError,
  mapPool,
  parseTextToolCalls,
} from "../../core/index.js";
import {
  BFCL_CATEGORIES,
  BFCL_CATEGORY_GROUPS,
  type BfclCategory,
  type BfclEntry,
  isBfclCategory,
  loadBfcl,
} from "../../datasets/index.js";
import type { Policy } from "../../policy/index.js";
import { type BfclPredictedCall, checkBfclEntry, parsePyJson } from "../../reward/index.js";
import { bfclOracleCalls } from "./bfcl-oracle-calls.js";
import { type BfclEntryResult, type BfclRunResult, summarizeBfcl } from "./bfcl-result.js";

export interface RunBfclOptions {
  /**
   * A folder with the leaderboard's files (`BFCL_v4_<category>.json`, `possible_answer/`);
   * default `../shared/data/bfcl` next to the package root.
   */
  dataDir?: string;
  /**
   * Category names, or the groups `live` and `non_live`; default every category whose question
   * file is in `dataDir`. An unknown name throws a ConfigError listing the valid ones.
   */
  categories?: readonly string[];
  /** A policy to ask, or "oracle" to replay the ground truth (`bfclOracleCalls`). */
  policy: Policy | "oracle";
  /** Entries in flight at once. */
  concurrency?: number;
  /** Only the first `limit` entries of each category, skipped ones included (a quick look). */
  limit?: number;
  onProgress?: (progress: { done: number; total: number; entry: BfclEntryResult }) => void;
  signal?: AbortSignal;
}

/**
 * Runs BFCL's single-turn evaluation: each entry's first turn and tools go to the policy once,
 * the calls in its answer are judged by `checkBfclEntry` (BFCL's AST rules; irrelevance: right
 * when no call is made; relevance: right when one is), and accuracy is reported per category.
 * Records that cannot be used are skipped and counted (`loadBfcl`), never stopping a category.
 *
 * The calls are the message's native `tool_calls`; a message without them whose text holds
 * `<tool_call>` blocks is read in the text format instead, a block that cannot be read counting
 * as a call with broken arguments. Whatever the policy answers is judged, never thrown: only a
 * failing policy (a dead endpoint) rejects.
 *
 * @example
 * const result = await runBfcl({ policy: "oracle", categories: ["simple_python"] });
 * result.categories.simple_python?.accuracy // 1
 */
export async function runBfcl({
  dataDir,
  categories,
  policy,
  concurrency = 8,
  limit,
  onProgress,
  signal,
}: RunBfclOptions): Promise<BfclRunResult> {
  const { entries, skipped } = await loadBfcl({
    dataDir,
    categories: categories === undefined ? undefined : validateCategories(categories),
    readJson: parsePyJson,
    limit,
  });
  let done = 0;
  const results = await mapPool(entries, { concurrency, signal }, async (entry) => {
    const result = await judge(entry, policy, signal);
    onProgress?.({ done: ++done, total: entries.length, entry: result });
    return result;
  });
  return summarizeBfcl(policy === "oracle" ? "oracle" : policy.name, results, skipped);
}

async function judge(
  entry: BfclEntry,
  policy: Policy | "oracle",
  signal: AbortSignal | undefined,
): Promise<BfclEntryResult> {
  const message: AssistantMessage =
    policy === "oracle"
      ? { role: "assistant", content: null, tool_calls: bfclOracleCalls(entry) }
      : (await policy.act({ messages: entry.messages, tools: entry.tools, signal })).message;
  const calls = callsOf(message);
  const check = checkBfclEntry({ ...entry, calls });
  const base = { id: entry.id, category: entry.category, calls, content: message.content };
  return check.correct
    ? { ...base, correct: true }
    : { ...base, correct: false, reason: check.reason, detail: check.detail };
}

function callsOf(message: AssistantMessage): BfclPredictedCall[] {
  if (message.tool_calls !== undefined && message.tool_calls.length > 0)
    return message.tool_calls.map((call) => ({
      name: call.function.name,
      arguments: call.function.arguments,
    }));
  if (message.content === null || !message.content.includes("<tool_call>")) return [];
  const parsed = parseTextToolCalls(message.content);
  return [
    ...parsed.calls,
    // A block that could not be read is still an attempted call; its arguments do not decode.
    ...parsed.malformed.map((block) => ({ name: "", arguments: block.text })),
  ];
}

/** Category names and groups → categories, each once, in the order given. */
function validateCategories(names: readonly string[]): BfclCategory[] {
  const valid = `valid: ${BFCL_CATEGORIES.join(", ")}, or the groups ${Object.keys(BFCL_CATEGORY_GROUPS).join(", ")}`;
  const isGroup = (name: string) => Object.hasOwn(BFCL_CATEGORY_GROUPS, name);
  const unknown = names.filter((name) => !isBfclCategory(name) && !isGroup(name));
  if (unknown.length > 0)
    throw new ConfigError(
      "categories",
      `unknown BFCL categor${unknown.length === 1 ? "y" : "ies"} ${unknown.map((n) => `"${n}"`).join(", ")}; ${valid}`,
    );
  if (names.length === 0) throw new ConfigError("categories", `none given; ${valid}`);
  const expanded = names.flatMap((name) =>
    isGroup(name) ? BFCL_CATEGORY_GROUPS[name] : [name as BfclCategory],
  );
  return [...new Set(expanded)];
}
