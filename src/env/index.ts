export { ArgumentValidator } from "./argument-validator.js";
export {
  CALCULATOR_TOOL,
  type CalculatorResult,
  calculatorOutput,
  callCalculator,
  checkGoldEquation,
  type DirectRule,
  DirectRuleSchema,
  type Evaluation,
  type ExecutedCandidate,
  evaluateExpression,
  executeTriceCandidate,
  type GoldEquationCheck,
  runCalculator,
  type ToolNeed,
  toolNeed,
} from "./calculator/index.js";
export { ToolEnvironment, type ToolEnvironmentOptions } from "./tool-environment.js";
