import type { EnvironmentRecord } from "../../core/index.js";
import { type ArgumentValidator, ToolEnvironment } from "../../env/index.js";
import type { Sandbox } from "../../sandbox/index.js";

export interface ToolCallResult {
  /** The tool's output, or `error: …` as the environment words it for the model. */
  readonly content: string;
  /** True when the call failed: unknown tool, arguments off the schema, the tool threw. */
  readonly isError: boolean;
}

/**
 * One call of one of `record`'s tools in a fresh runtime of it — stateless, as FTRL's verl fork
 * and an MCP client expect a tool to be. Every mistake is a result with `isError`, never thrown.
 */
export function callToolOnce(options: {
  record: EnvironmentRecord;
  name: string;
  arguments: unknown;
  sandbox: Sandbox;
  validator: ArgumentValidator;
}): ToolCallResult {
  const { record, name, sandbox, validator } = options;
  const env = new ToolEnvironment({ sandbox, validator });
  try {
    env.reset(record);
    const args = JSON.stringify(options.arguments ?? {});
    const [observation] = env.step([
      { id: "call", type: "function", function: { name, arguments: args } },
    ]);
    return { content: observation.content, isError: env.calls[0].error !== undefined };
  } finally {
    env.dispose();
  }
}
