// reward: pure, batched reward functions — FTRL's Solve-P/R/F1 and per-turn reward, answer
// match, TRICE's execution score, BFCL's AST checker (reward/bfcl).
export {
  answerMatch,
  extractNumbers,
  finalNumber,
  normalizeAnswer,
  numbersClose,
} from "./answer-match.js";
export {
  BFCL_OK,
  type BfclCheck,
  type BfclErrorType,
  type BfclGoldCall,
  type BfclPredictedCall,
  type BfclRow,
  type BfclTypeName,
  bfclAstReward,
  bfclCallMade,
  bfclCallPrf,
  bfclError,
  bfclTypeOf,
  type CallPrf,
  checkBfclCall,
  checkBfclEntry,
  checkBfclParam,
  type DecodedCall,
  decodeBfclCall,
  findTool,
  PYTHON_TYPE,
  PyFloat,
  type PyType,
  type PyValue,
  parsePyJson,
  pyEquals,
  pyIn,
  pyType,
  standardizeString,
  stringifyPyJson,
} from "./bfcl/index.js";
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
