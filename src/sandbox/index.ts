export {
  createSandbox,
  ENGINE_OVERHEAD_BYTES,
  type Sandbox,
  type SandboxOptions,
  type ToolRuntime,
} from "./create-sandbox.js";
export { EngineSetupError } from "./errors/engine-setup-error.js";
export { SandboxDisposedError } from "./errors/sandbox-disposed-error.js";
export { ToolLoadError, type ToolLoadReason } from "./errors/tool-load-error.js";
export { WasmInstrumentationError } from "./errors/wasm-instrumentation-error.js";
export type { ToolErrorKind, ToolResult } from "./tool-result.js";
