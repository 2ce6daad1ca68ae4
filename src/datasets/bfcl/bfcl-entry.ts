import type { Message, ToolSpec } from "../../core/index.js";
import type { BfclCategory } from "./bfcl-category.js";

/**
 * One call of a BFCL ground truth: the function and, per parameter, its allowed values (`""`
 * = may be left out). Same shape as reward's `BfclGoldCall`.
 */
export interface BfclGroundTruthCall {
  name: string;
  params: Record<string, unknown[]>;
}

/** One BFCL test entry, ready for a policy and for the AST checker. */
export interface BfclEntry {
  id: string;
  category: BfclCategory;
  /** The first (for these categories, the only) turn of BFCL's `question`. */
  messages: Message[];
  /** BFCL's function documents as OpenAI tools (`fromBfclFunction`). */
  tools: ToolSpec[];
  /** The calls that answer the entry; empty for irrelevance, where no call is right. */
  groundTruth: BfclGroundTruthCall[];
}
