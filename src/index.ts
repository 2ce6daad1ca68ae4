// The public API of toolgym: named exports of each module, nothing by accident.
export * from "./core/index.js";
export * from "./datasets/index.js";
export * from "./env/index.js";
export * from "./envgen/index.js";
export * from "./envgen/llm/index.js";
export * from "./eval/index.js";
export * from "./model/index.js";
export * from "./policy/index.js";
export * from "./report/index.js";
export * from "./reward/index.js";
export * from "./rollout/index.js";
export * from "./sandbox/index.js";
