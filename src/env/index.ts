export * from "./argument-validator.js";
export * from "./calculator/index.js";
export * from "./tool-environment.js";
