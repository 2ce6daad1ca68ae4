// data: builders of the prepared data (SFT examples, preference pairs, TRICE candidate lists,
// as JSONL records) and the functions that make padded (B, T) batches of them.
export { type AugmentMathProblemsOptions, augmentMathProblems } from "./augment-math-problems.js";
export {
  type BuildPreferencePairsOptions,
  buildPreferencePairs,
} from "./build-preference-pairs.js";
export {
  type SftFromEnvironmentsOptions,
  type SftFromEnvironmentsResult,
  type SftFromMathProblemsOptions,
  sftFromEnvironments,
  sftFromMathProblems,
  type TriceGoldResponse,
  triceGoldResponse,
} from "./build-sft-examples.js";
export {
  type BuildTriceCandidateListsOptions,
  buildTriceCandidateLists,
  type TriceCandidateSource,
} from "./build-trice-candidate-lists.js";
export {
  type PadBatchOptions,
  padBatch,
  type TokenSequence,
  type TrainBatch,
} from "./pad-batch.js";
export {
  type PreferencePair,
  PreferencePairSchema,
  type SftExample,
  SftExampleSchema,
  type TriceCandidateList,
  TriceCandidateListSchema,
  type TriceCandidateRecord,
  TriceCandidateRecordSchema,
  writeJsonlRecords,
} from "./records.js";
export {
  candidateSequences,
  fitsContext,
  preferenceSequences,
  type SequenceOptions,
  sftSequence,
  trajectorySequence,
} from "./token-sequences.js";
