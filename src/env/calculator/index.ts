export * from "./calculator-tool.js";
export * from "./evaluate-expression.js";
export * from "./execute-trice-candidate.js";
export * from "./gold-equation.js";
export * from "./tool-need.js";
