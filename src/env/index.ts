export * from "./argument-validator.js";
export * from "./tool-environment.js";
