export * from "./evaluate-expression.js";
export * from "./execute-trice-candidate.js";
