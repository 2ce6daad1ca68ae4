// reward: pure, batched reward functions — FTRL's Solve-P/R/F1 and per-turn reward, answer
// match, TRICE's execution score, BFCL's AST checker.
export {
  answerMatch,
  extractNumbers,
  finalNumber,
  normalizeAnswer,
  numbersClose,
} from "./answer-match.js";
export { bfclAstReward } from "./bfcl/bfcl-ast-reward.js";
export { bfclCallPrf, type CallPrf } from "./bfcl/bfcl-call-prf.js";
export {
  BFCL_OK,
  type BfclCheck,
  type BfclErrorType,
  type BfclGoldCall,
  type BfclPredictedCall,
  type BfclRow,
  bfclError,
} from "./bfcl/bfcl-types.js";
export { checkBfclCall, type DecodedCall } from "./bfcl/check-bfcl-call.js";
export { checkBfclEntry, findTool } from "./bfcl/check-bfcl-entry.js";
export { decodeBfclCall } from "./bfcl/decode-bfcl-call.js";
export { type BfclTypeName, bfclTypeOf, PYTHON_TYPE } from "./bfcl/param-type.js";
export { parsePyJson } from "./bfcl/parse-py-json.js";
export { PyFloat, type PyType, type PyValue, pyEquals, pyIn, pyType } from "./bfcl/py-value.js";
export { standardizeString } from "./bfcl/standardize-string.js";
export { stringifyPyJson } from "./bfcl/stringify-py-json.js";
export {
  type FtrlTurn,
  ftrlTurnReward,
  ftrlTurnRewards,
  ftrlTurnScore,
} from "./ftrl-turn-reward.js";
export { solvedCount, solveF1, solveP, solveR } from "./solve-metrics.js";
export {
  type TriceCandidate,
  type TriceGold,
  triceExecutionScore,
} from "./trice-execution-score.js";
