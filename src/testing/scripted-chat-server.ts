import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { z } from "zod";

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 that replays a script, so code built on the
 * `openai` SDK (the OpenAI policy, the LLM env-generation backend, rollouts) is tested through
 * the real client, sockets and all, without a model.
 *
 * It serves `POST /v1/chat/completions` (non-streaming) and `GET /v1/models`. Each chat request
 * is answered by the next step of `responses`, or by what `handler` returns for it:
 *
 * ```ts
 * const server = await startScriptedChatServer({
 *   responses: [
 *     { kind: "error", status: 500 },                       // a transient failure
 *     { kind: "reply", toolCalls: [{ name: "add", arguments: { a: 1, b: 2 } }] },
 *     "The answer is 3.",                                   // a string is a plain text reply
 *   ],
 * });
 * // … point a client at server.url, then inspect server.requests[i].messages …
 * await server.close();
 * ```
 */

/** A tool call in a scripted reply; `arguments` given as a string is sent verbatim (even broken JSON). */
export interface ScriptedToolCall {
  /** Defaults to `call_<request index>_<position>`. */
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

export type ScriptStep =
  /** A chat completion whose assistant message has `content` and/or `toolCalls`. */
  | {
      kind: "reply";
      content?: string | null;
      toolCalls?: ScriptedToolCall[];
      /** Defaults to a rough count (characters / 4) of the request and the reply. */
      usage?: { promptTokens: number; completionTokens: number };
      /** Defaults to `tool_calls` when there are calls, else `stop`. */
      finishReason?: string;
      delayMs?: number;
    }
  /** Any JSON body sent as a 200 chat completion, for full control over the wire shape. */
  | { kind: "completion"; body: unknown; delayMs?: number }
  /** An HTTP error; the body defaults to OpenAI's `{error: {message, type, code}}`. */
  | {
      kind: "error";
      status: number;
      message?: string;
      body?: unknown;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  /** Never answers: the request stays open until the client gives up or the server closes. */
  | { kind: "hang" }
  /** Resets the connection (TCP RST) instead of answering, as a crashing server or proxy does. */
  | { kind: "reset"; delayMs?: number }
  /** Starts a 200 answer, sends `body` (default: half a completion), then resets the connection. */
  | { kind: "cut"; body?: string; delayMs?: number }
  /** A 200 whose body is not a chat completion; defaults to truncated JSON. */
  | { kind: "malformed"; body?: string; contentType?: string; delayMs?: number };

/** A step, or a string as shorthand for `{ kind: "reply", content: string }`. */
export type ScriptEntry = ScriptStep | string;

/** The chat request as received; fields beyond the ones named here are kept as sent. */
export const ScriptedChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(
    z.looseObject({
      role: z.string(),
      content: z.union([z.string(), z.null(), z.array(z.unknown())]).optional(),
      tool_calls: z
        .array(
          z.looseObject({
            id: z.string(),
            function: z.object({ name: z.string(), arguments: z.string() }),
          }),
        )
        .optional(),
      tool_call_id: z.string().optional(),
    }),
  ),
  tools: z
    .array(z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) }))
    .optional(),
});
export type ScriptedChatRequest = z.infer<typeof ScriptedChatRequestSchema>;

export interface ScriptedRequestInfo {
  body: ScriptedChatRequest;
  headers: IncomingHttpHeaders;
  /** 0-based position of this request among those the script answers (not 404'd ones). */
  index: number;
}

export type ScriptHandler = (request: ScriptedRequestInfo) => ScriptEntry | Promise<ScriptEntry>;

export type ScriptedChatServerOptions = (
  | { responses: readonly ScriptEntry[]; handler?: never }
  | { handler: ScriptHandler; responses?: never }
) & {
  /**
   * The models `GET /v1/models` lists. When given, a chat request naming another model gets
   * OpenAI's 404 `model_not_found`; when left out, any model is accepted and `scripted` is listed.
   */
  models?: readonly string[];
  /**
   * Keep every request's body and headers in `requests` and `headers` (default true). A battery
   * of thousands of long conversations passes false, so the server's memory stays flat; it
   * counts them in `received`.
   */
  keepRequests?: boolean;
};

export interface ScriptedChatServer {
  /** The base URL to give a client: `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** Every chat request body that parsed (404'd unknown-model ones too), in arrival order. */
  readonly requests: ScriptedChatRequest[];
  /** The headers of those requests, same order (e.g. to check `authorization`). */
  readonly headers: IncomingHttpHeaders[];
  /** How many chat request bodies parsed, whether or not they were kept. */
  readonly received: number;
  /** Chat requests being answered right now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Stops listening and drops open connections (hanging requests included). */
  close(): Promise<void>;
}

export async function startScriptedChatServer(
  options: ScriptedChatServerOptions,
): Promise<ScriptedChatServer> {
  const requests: ScriptedChatRequest[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  let scriptIndex = 0;
  let received = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const nextStep = async (info: ScriptedRequestInfo): Promise<ScriptStep> => {
    let entry: ScriptEntry | undefined;
    if (options.handler) entry = await options.handler(info);
    else entry = options.responses[info.index];
    if (entry === undefined) {
      const length = options.responses?.length ?? 0;
      const message = `scripted server: script exhausted (${length} steps, this is request ${info.index + 1})`;
      return { kind: "error", status: 500, message };
    }
    return typeof entry === "string" ? { kind: "reply", content: entry } : entry;
  };

  const answerChat = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = ScriptedChatRequestSchema.safeParse(safeJson(await readBody(req)));
    if (!parsed.success) {
      sendJson(res, 400, errorBody(400, `scripted server: not a chat request: ${parsed.error}`));
      return;
    }
    const body = parsed.data;
    received += 1;
    if (options.keepRequests !== false) {
      requests.push(body);
      headers.push(req.headers);
    }
    if (options.models && !options.models.includes(body.model)) {
      const message = `The model \`${body.model}\` does not exist or you do not have access to it.`;
      sendJson(res, 404, errorBody(404, message, "model_not_found"));
      return;
    }
    const index = scriptIndex++;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // "close" fires once whether we answered or the client gave up (timeout, abort).
    res.on("close", () => {
      inFlight -= 1;
    });
    const step = await nextStep({ body, headers: req.headers, index });
    if (step.kind === "hang") return;
    if (step.delayMs) await delay(step.delayMs, res);
    if (res.destroyed) return;
    writeStep(res, step, body, index);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "POST" && path === "/v1/chat/completions") {
      answerChat(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, errorBody(500, `scripted server: ${error}`));
      });
    } else if (req.method === "GET" && path === "/v1/models") {
      const ids = options.models ?? ["scripted"];
      const data = ids.map((id) => ({ id, object: "model", created: 0, owned_by: "toolgym" }));
      sendJson(res, 200, { object: "list", data });
    } else {
      sendJson(res, 404, errorBody(404, `scripted server: no route ${req.method} ${path}`));
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    headers,
    get received() {
      return received;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function writeStep(
  res: ServerResponse,
  step: Exclude<ScriptStep, { kind: "hang" }>,
  request: ScriptedChatRequest,
  index: number,
): void {
  switch (step.kind) {
    case "reply":
      sendJson(res, 200, completionBody(step, request, index));
      return;
    case "completion":
      sendJson(res, 200, step.body);
      return;
    case "error":
      sendJson(res, step.status, step.body ?? errorBody(step.status, step.message), step.headers);
      return;
    case "malformed":
      res.writeHead(200, { "content-type": step.contentType ?? "application/json" });
      res.end(step.body ?? '{"id": "chatcmpl-broken", "choices": [{"message": {"content": "tru');
      return;
    case "reset":
      res.socket?.resetAndDestroy();
      return;
    case "cut": {
      const body = step.body ?? '{"id": "chatcmpl-cut", "choices": [{"message": {"content": "tru';
      // A length past what is sent, so the client waits for the rest until the reset.
      const length = String(Buffer.byteLength(body) + 1024);
      res.writeHead(200, { "content-type": "application/json", "content-length": length });
      res.write(body, () => setTimeout(() => res.socket?.resetAndDestroy(), 10));
      return;
    }
  }
}

function completionBody(
  step: Extract<ScriptStep, { kind: "reply" }>,
  request: ScriptedChatRequest,
  index: number,
) {
  const toolCalls = step.toolCalls?.map((call, i) => ({
    id: call.id ?? `call_${index}_${i}`,
    type: "function",
    function: {
      name: call.name,
      arguments:
        typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
  const content = step.content ?? null;
  const hasCalls = toolCalls !== undefined && toolCalls.length > 0;
  const usage = step.usage ?? {
    promptTokens: Math.ceil(JSON.stringify(request.messages).length / 4),
    completionTokens: Math.ceil(
      ((content ?? "").length + JSON.stringify(toolCalls ?? []).length) / 4,
    ),
  };
  return {
    id: `chatcmpl-scripted-${index}`,
    object: "chat.completion",
    created: 0,
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, ...(hasCalls ? { tool_calls: toolCalls } : {}) },
        finish_reason: step.finishReason ?? (hasCalls ? "tool_calls" : "stop"),
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  };
}

/** OpenAI's error body shape, which the SDK reads its message from. */
function errorBody(status: number, message?: string, code?: string) {
  const type = status >= 500 ? "server_error" : "invalid_request_error";
  return { error: { message: message ?? `scripted HTTP ${status}`, type, code: code ?? null } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...extraHeaders });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Waits `ms`, or less if the client hangs up first (so a timed-out request frees its timer). */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
