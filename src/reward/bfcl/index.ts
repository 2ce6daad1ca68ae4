export { bfclCallPrf, type CallPrf } from "./bfcl-call-prf.js";
export {
  BFCL_OK,
  type BfclCheck,
  type BfclErrorType,
  type BfclGoldCall,
  type BfclPredictedCall,
  type BfclRow,
  bfclError,
} from "./bfcl-types.js";
export {
  checkBfclCall,
  checkBfclParam,
  type DecodedCall,
  decodeBfclCall,
} from "./check-bfcl-call.js";
export { bfclAstReward, bfclCallMade, checkBfclEntry, findTool } from "./check-bfcl-entry.js";
export { type BfclTypeName, bfclTypeOf, PYTHON_TYPE } from "./param-type.js";
export {
  PyFloat,
  type PyType,
  type PyValue,
  parsePyJson,
  pyEquals,
  pyIn,
  pyType,
  stringifyPyJson,
} from "./py-json.js";
export { standardizeString } from "./value-checks.js";
