export * from "./resumable-jsonl.js";
export * from "./run-episode.js";
export * from "./run-rollouts.js";
export * from "./score-episode.js";
export * from "./stitch-turn-tokens.js";
export * from "./token-chain-error.js";
