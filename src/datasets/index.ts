export * from "./bfcl/bfcl-category.js";
export * from "./bfcl/bfcl-entry.js";
export * from "./bfcl/load-bfcl.js";
export * from "./default-data-dir.js";
export * from "./package-root.js";
