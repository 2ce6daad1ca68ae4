import { readFileSync } from "node:fs";
import {
  type ScriptEntry,
  type ScriptedChatRequest,
  type ScriptedChatServer,
  startScriptedChatServer,
} from "../../../testing/scripted-chat-server.js";
import { STAGE_NAMES, type StageName } from "../../stages/stage-types.js";

/** A recorded model reply from `fixtures/<set>/<file>.md`, exactly as the model wrote it. */
export function fixture(set: string, file: string): string {
  return readFileSync(new URL(`../fixtures/${set}/${file}.md`, import.meta.url), "utf8");
}

/** Which stage a request is for, read from its system prompt ("This is stage N of 5"). */
export function stageOf(request: ScriptedChatRequest): StageName {
  const system = request.messages.find((m) => m.role === "system")?.content;
  const match = typeof system === "string" ? /This is stage (\d) of 5/.exec(system) : null;
  if (!match) throw new Error("scripted stage server: a request without a stage prompt");
  return STAGE_NAMES[Number(match[1]) - 1]!;
}

export interface StageServer {
  server: ScriptedChatServer;
  /** Requests answered per stage. */
  requestsByStage: Partial<Record<StageName, number>>;
}

/**
 * The scripted chat server answering each stage from its own queue of replies, so the order in
 * which concurrent candidates reach the server does not matter. A stage whose queue runs dry
 * gets an HTTP 500 that says so. `refuse` lists response formats answered with the 400 a server
 * without structured output sends.
 */
export async function startStageServer(
  script: Partial<Record<StageName, ScriptEntry[]>>,
  options: { refuse?: readonly string[] } = {},
): Promise<StageServer> {
  const queues = structuredClone(script);
  const requestsByStage: Partial<Record<StageName, number>> = {};
  const server = await startScriptedChatServer({
    handler: ({ body }) => {
      const format = (body.response_format as { type?: string } | undefined)?.type;
      if (format !== undefined && options.refuse?.includes(format)) {
        return {
          kind: "error",
          status: 400,
          message: `response_format type "${format}" is not supported by this server`,
        };
      }
      const stage = stageOf(body);
      requestsByStage[stage] = (requestsByStage[stage] ?? 0) + 1;
      return (
        queues[stage]?.shift() ?? {
          kind: "error",
          status: 500,
          message: `scripted stage server: no reply left for stage ${stage}`,
        }
      );
    },
  });
  return { server, requestsByStage };
}
