import { ToolgymError } from "../core/index.js";
import type { ToolLoadError } from "../sandbox/index.js";

/**
 * An environment whose tool code does not load: the environment file is broken (environments
 * are verified before they are written, so its code was changed or it was never verified). The
 * message names the environment, where it is when known (`envs.jsonl:12`), the tool and what to
 * fix.
 */
export class EnvironmentLoadError extends ToolgymError {
  override readonly name = "EnvironmentLoadError";
  readonly envId: string;
  readonly toolName: string;
  /** `file:line` of the environment's record, when the caller knows it. */
  readonly where: string | undefined;

  constructor({ envId, cause, where }: { envId: string; cause: ToolLoadError; where?: string }) {
    super(`${where === undefined ? "" : `${where}: `}environment "${envId}": ${cause.message}`, {
      cause,
    });
    this.envId = envId;
    this.toolName = cause.toolName;
    this.where = where;
  }

  /** The same error, placed at `where` (the file and line its record came from). */
  at(where: string): EnvironmentLoadError {
    return new EnvironmentLoadError({
      envId: this.envId,
      cause: this.cause as ToolLoadError,
      where,
    });
  }
}
