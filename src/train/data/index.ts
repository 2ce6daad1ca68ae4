// Data builders: SFT examples, preference pairs and TRICE candidate lists as JSONL records,
// and the functions that make padded (B, T) batches of them.
export * from "./build-preference-pairs.js";
export * from "./build-trice-candidate-lists.js";
export * from "./pad-batch.js";
export * from "./preference-pair.js";
export * from "./sft-example.js";
export * from "./sft-from-environments.js";
export * from "./sft-from-math-problems.js";
export * from "./token-sequences.js";
export * from "./trice-candidate-list.js";
export * from "./trice-gold-response.js";
export * from "./write-jsonl-records.js";
