import type { BfclCategory } from "../../datasets/index.js";
import type { BfclErrorType, BfclPredictedCall } from "../../reward/index.js";

/** The verdict on one BFCL entry. */
export interface BfclEntryResult {
  id: string;
  category: BfclCategory;
  correct: boolean;
  /** BFCL's error type when wrong. */
  reason?: BfclErrorType;
  /** Which parameter and value, when wrong. */
  detail?: string;
  /** The calls that were judged, as the policy made them. */
  calls: BfclPredictedCall[];
  /** The policy's text, if any. */
  content: string | null;
}

export interface BfclCategoryResult {
  total: number;
  correct: number;
  /** correct / total (0 for an empty category). */
  accuracy: number;
  /** How many entries failed for each reason. */
  errors: Partial<Record<BfclErrorType, number>>;
}

export interface BfclRunResult {
  policy: string;
  categories: Partial<Record<BfclCategory, BfclCategoryResult>>;
  overall: {
    total: number;
    correct: number;
    /** Over all entries. */
    accuracy: number;
    /** The unweighted mean of the category accuracies, as BFCL summarizes its AST categories. */
    meanAccuracy: number;
  };
  entries: BfclEntryResult[];
}
