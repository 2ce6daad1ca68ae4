import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { HttpError } from "./http-error.js";

/** A parsed request, as a JSON route sees it. */
export interface RouteRequest {
  /** The JSON body (undefined for a GET or an empty body). */
  readonly body: unknown;
  readonly query: URLSearchParams;
  readonly signal: AbortSignal;
}

export type JsonRoute = {
  readonly method: "GET" | "POST";
  readonly path: string;
} & (
  | {
      /** Returns the 200 response body; throws `HttpError` for a refusal. */
      readonly json: (request: RouteRequest) => unknown;
      readonly raw?: never;
    }
  | {
      /** Answers by itself (the MCP transport); gets the parsed body, after auth and limits. */
      readonly raw: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
      readonly json?: never;
    }
);

export interface JsonServerOptions {
  readonly routes: readonly JsonRoute[];
  /** Default 127.0.0.1: nothing off this machine can reach it unless the operator says so. */
  readonly host?: string;
  /** Default 0: any free port (see `url`). */
  readonly port?: number;
  /** When set, every request must carry it (`Authorization: Bearer …` or `?token=`). */
  readonly token?: string;
  /** Request bodies over this many bytes are refused with 413; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Called with every unexpected handler error (a bug: answered 500, the server goes on). */
  readonly onError?: (error: unknown) => void;
}

export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/**
 * The HTTP front of every toolgym server: routing, the token, body limits, JSON in and out, and
 * errors as OpenAI-style `{"error": {"message", "type", "param", "code"}}` bodies (the shape the
 * `openai` SDK and most clients already print). A refused request — bad JSON, a schema failure,
 * an unknown id, an oversize body, a missing token — is answered with its status and the server
 * goes on serving; an unexpected error in a handler is a 500 and is reported to `onError`.
 *
 * Written on node:http rather than a framework: the four servers need exactly this (a JSON body
 * limit, a token, a route table, and a raw hand-off for the MCP SDK's Node transport, which
 * takes node's own request and response objects), and the reward server's load test measures
 * the protocol and the scoring, not a framework's overhead.
 */
export async function startJsonServer(options: JsonServerOptions): Promise<RunningServer> {
  const { routes, host = "127.0.0.1", port = 0, token, maxBodyBytes = 1 << 20, onError } = options;
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const sameRoute = routes.filter((r) => r.path === url.pathname);
    const route = sameRoute.find((r) => r.method === req.method);
    if (token !== undefined && !hasToken(req, url.searchParams, token)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="toolgym"');
      throw new HttpError(
        401,
        "missing or wrong token: send Authorization: Bearer <token> (or ?token=<token>)",
      );
    }
    if (route === undefined) {
      if (sameRoute.length > 0) {
        res.setHeader("Allow", sameRoute.map((r) => r.method).join(", "));
        throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
      }
      const known = routes.map((r) => `${r.method} ${r.path}`).join(", ");
      throw new HttpError(404, `no route ${req.method} ${url.pathname}; this server has ${known}`);
    }
    const body = req.method === "POST" ? await readJson(req, maxBodyBytes) : undefined;
    if (route.raw) {
      await route.raw(req, res, body);
      return;
    }
    const aborted = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    const result = await route.json({ body, query: url.searchParams, signal: aborted.signal });
    sendJson(res, 200, result);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!(error instanceof HttpError)) onError?.(error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 413) res.setHeader("Connection", "close");
      sendJson(res, status, {
        error: {
          message,
          type: status >= 500 ? "server_error" : "invalid_request_error",
          param: error instanceof HttpError ? (error.field ?? null) : null,
          code: status,
        },
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Reads a JSON body of at most `limit` bytes: 413 past it, 400 when it is not JSON. */
function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      new HttpError(413, `the request body is over the limit of ${limit} bytes`, "body");
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      // Drain what the client still sends (the response closes the connection afterwards), so
      // it reads the 413 instead of a reset.
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (over) {
        reject(tooLarge());
        return;
      }
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") {
        resolve(undefined);
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new HttpError(400, `not valid JSON (${(error as Error).message})`, "body"));
      }
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Whether a request carries the server's token: `Authorization: Bearer <token>`, or a `token`
 * query parameter for clients that cannot set headers. Compared in constant time (as digests, so
 * the lengths match too).
 */
export function hasToken(req: IncomingMessage, query: URLSearchParams, token: string): boolean {
  const header = req.headers.authorization;
  const bearer = header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : undefined;
  const given = bearer ?? query.get("token") ?? undefined;
  return given !== undefined && sameSecret(given, token);
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
