export * from "./bfcl/index.js";
export * from "./default-data-dir.js";
export * from "./math/gsm8k-formula.js";
export * from "./math/load-gsm8k.js";
export * from "./math/load-mawps.js";
export * from "./package-root.js";
