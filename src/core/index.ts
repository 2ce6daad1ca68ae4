// core: the records every module shares (zod schemas), chat formats and converters, typed
// errors, JSONL and atomic file I/O, the concurrency pool. It imports nothing of toolgym's.

export { numberWordsToDigits } from "./chat-format/number-words.js";
export { assistantFromCallText, parseHermesChat } from "./chat-format/parse-hermes-chat.js";
export {
  HERMES_TOOLS_MARKER,
  hermesSystemPrompt,
  IM_END,
  IM_START,
  pythonJson,
  QWEN_DEFAULT_SYSTEM,
  renderHermesChat,
  withHermesToolsInSystem,
} from "./chat-format/render-hermes-chat.js";
export {
  parseTextToolCalls,
  renderTextToolCalls,
  type TextToolCall,
  type TextToolCallParse,
  TOOL_CALL_CLOSE,
  TOOL_CALL_OPEN,
} from "./chat-format/text-tool-calls.js";
export {
  calculatorCalls,
  formatNumber,
  type MathProblem,
  MathProblemSchema,
  numbersClose,
  parseNumber,
  parseTriceResponse,
  readFinalAnswer,
  renderCalculatorCall,
  renderTriceAnswer,
  type TriceResponse,
} from "./chat-format/trice-format.js";
export {
  type BfclFunction,
  type BfclSchema,
  bfclSchemaToJsonSchema,
  fromBfclFunction,
  toBfclFunction,
} from "./convert/bfcl-function.js";
export { fromMcpTool, type McpTool, toMcpTool } from "./convert/mcp-tool.js";
export { ConfigError } from "./errors/config-error.js";
export { DataFormatError } from "./errors/data-format-error.js";
export { EndpointError } from "./errors/endpoint-error.js";
export { FileWriteError } from "./errors/file-write-error.js";
export { parseOptions } from "./errors/parse-options.js";
export { ToolgymError } from "./errors/toolgym-error.js";
export { WorkerTaskError } from "./errors/worker-task-error.js";
export { JsonlAppender } from "./io/jsonl-appender.js";
export { nestsDeeperThan } from "./io/nests-deeper-than.js";
export { type EnvironmentFile, readEnvironments } from "./io/read-environments.js";
export {
  issuePath,
  iterateJsonlLines,
  type JsonlLine,
  type ReadJsonlOptions,
  readJsonl,
  readJsonlLines,
} from "./io/read-jsonl.js";
export { readLines, type TextLine } from "./io/read-lines.js";
export { MAX_JSON_DEPTH, tryJsonStringify } from "./io/try-json-stringify.js";
export { type WriteSyncFn, writeAll } from "./io/write-all.js";
export { writeFileAtomic } from "./io/write-file-atomic.js";
export {
  findSolvedSubtask,
  outputSolvesAnswer,
  unsolvedSet,
} from "./match/subtask-answer-match.js";
export { createPool, mapPool, type Pool } from "./pool.js";
export {
  type EnvironmentRecord,
  EnvironmentRecordSchema,
  SCENARIOS,
  type Scenario,
  ScenarioSchema,
  type Subtask,
  SubtaskSchema,
} from "./records/environment-record.js";
export {
  type AssistantMessage,
  AssistantMessageSchema,
  type JsonSchema,
  JsonSchemaSchema,
  type Message,
  MessageSchema,
  type SystemMessage,
  SystemMessageSchema,
  type ToolCall,
  ToolCallSchema,
  type ToolMessage,
  ToolMessageSchema,
  type ToolSpec,
  ToolSpecSchema,
  type UserMessage,
  UserMessageSchema,
} from "./records/message.js";
export {
  type CallRecord,
  CallRecordSchema,
  type Reward,
  RewardSchema,
  type Trajectory,
  type TrajectoryMetrics,
  TrajectoryMetricsSchema,
  TrajectorySchema,
  TrajectoryTokensSchema,
} from "./records/trajectory.js";
export { runInOrder } from "./workers/run-in-order.js";
export {
  closeWorkerPools,
  defaultWorkerCount,
  sharedWorkerPool,
} from "./workers/shared-worker-pool.js";
