export {
  CALCULATOR_TOOL,
  type CalculatorResult,
  calculatorOutput,
  callCalculator,
  runCalculator,
} from "./calculator-tool.js";
export { type Evaluation, evaluateExpression } from "./evaluate-expression.js";
export { type ExecutedCandidate, executeTriceCandidate } from "./execute-trice-candidate.js";
export { checkGoldEquation, type GoldEquationCheck } from "./gold-equation.js";
export { type DirectRule, DirectRuleSchema, type ToolNeed, toolNeed } from "./tool-need.js";
