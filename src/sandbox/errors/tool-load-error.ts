/** Why a tool's code could not be loaded. */
export type ToolLoadReason =
  | "invalid_name"
  | "syntax_error"
  | "threw"
  | "missing_function"
  | "timeout"
  | "memory"
  | "stack"
  /** The engine itself failed while loading it (a QuickJS assertion or trap). */
  | "internal";

/**
 * A tool's code in an environment could not be loaded: the environment file is broken. Operator
 * fault, not a policy mistake — environments are verified (their gold plan replayed in the
 * sandbox) before they are written, so this surfaces while generating or validating environments.
 */
export class ToolLoadError extends Error {
  override readonly name = "ToolLoadError";
  readonly toolName: string;
  readonly reason: ToolLoadReason;
  /** What the engine said (error message, thrown value). */
  readonly detail: string;

  constructor(toolName: string, reason: ToolLoadReason, detail: string) {
    super(
      `tool "${toolName}" could not be loaded (${reason}): ${detail}. ` +
        `Fix its entry in the environment's "code" map: it must define function ${toolName}(args).`,
    );
    this.toolName = toolName;
    this.reason = reason;
    this.detail = detail;
  }
}
