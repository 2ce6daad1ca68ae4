export * from "./bfcl/bfcl-category.js";
export * from "./bfcl/bfcl-entry.js";
export * from "./bfcl/load-bfcl.js";
export * from "./default-data-dir.js";
export * from "./math/gsm8k-formula.js";
export * from "./math/load-gsm8k.js";
export * from "./math/load-mawps.js";
export * from "./package-root.js";
