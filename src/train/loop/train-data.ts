import type { EnvironmentRecord } from "../../core/index.js";
import type { TokenSequence } from "../data/pad-batch.js";

/** One unit of prepared data: the sequences a step takes together. */
export interface TrainItem {
  /** sft: one sequence; rrhf: the candidates of one question; dpo: (chosen, rejected). */
  readonly sequences: readonly TokenSequence[];
  /** rrhf: each candidate's score, higher = better (TRICE's execution score). */
  readonly scores?: readonly number[];
}

/** What a run trains and evaluates on, tokenized with the run's tokenizer. */
export interface TrainData {
  /** Environments the on-policy algorithms play (the prompts). */
  readonly envs: readonly EnvironmentRecord[];
  /** Prepared items of the offline algorithms (sft, rrhf, dpo). */
  readonly items: readonly TrainItem[];
  /** Held-out environments: Solve-F1 and answer accuracy of the current policy. */
  readonly evalEnvs: readonly EnvironmentRecord[];
  /** Held-out items: the loss's metrics on them (NLL, ranking or preference accuracy). */
  readonly evalItems: readonly TrainItem[];
  /** Items left out because they do not fit the model's context, by set. */
  readonly dropped: { readonly items: number; readonly evalItems: number };
}
