import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";

/** One failed attempt at a chat request, said the way an operator can act on. */
export interface EndpointFailure {
  /** Worth another attempt: a timeout, a dropped connection, 408, 429, 5xx, a garbled answer. */
  retryable: boolean;
  status?: number;
  /** A `Retry-After` the server asked for, in ms. */
  retryAfterMs?: number;
  /** What happened and what to check. */
  detail: string;
  cause: unknown;
}

export interface EndpointContext {
  baseURL: string;
  model: string;
  timeoutMs: number;
}

/**
 * Describes an error thrown by one SDK call (made with the SDK's own retries off), or returns
 * undefined when the error is not about the endpoint — that one is the caller's to rethrow.
 *
 * Per the issue: 408, 429 and 5xx are retried, every other 4xx fails at once, because asking
 * again with the same key, model and body gets the same answer.
 */
export function classifyEndpointFailure(
  error: unknown,
  context: EndpointContext,
  timedOut: boolean,
): EndpointFailure | undefined {
  if (timedOut || error instanceof APIConnectionTimeoutError) {
    const detail = `no answer within timeoutMs = ${context.timeoutMs} ms; the server may be overloaded or the model too slow — raise timeoutMs or lower concurrency`;
    return { retryable: true, detail, cause: error };
  }
  if (error instanceof APIConnectionError) {
    const code = systemCode(error);
    const detail = DROPPED.has(code ?? "")
      ? `the connection was ${code === "UND_ERR_SOCKET" ? "closed by the server" : "reset"} before an answer came (${code}); the server or a proxy before it may have crashed, restarted or cut the request off — check its logs`
      : `could not connect (${code ?? connectionMessage(error)}); check that the server is running and that ${context.baseURL} is its address`;
    return { retryable: true, detail, cause: error };
  }
  // Undici reports a connection lost while the body arrives as a bare TypeError ("terminated").
  const midAnswer = systemCode(error);
  if (midAnswer !== undefined && DROPPED.has(midAnswer)) {
    const detail = `the connection dropped while the answer was arriving (${midAnswer}); the server or a proxy before it may have crashed or cut the answer off — check its logs`;
    return { retryable: true, detail, cause: error };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const { status } = error;
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterMs = retryAfter(error.headers);
    return {
      retryable,
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      detail: `HTTP ${error.message}; ${advice(status, context)}`,
      cause: error,
    };
  }
  if (error instanceof SyntaxError) return malformedResponse(error.message, error);
  return undefined;
}

/** A 200 whose body is not a chat completion: retried once or twice, it may be a bad proxy. */
export function malformedResponse(reason: string, cause?: unknown): EndpointFailure {
  const detail = `the answer is not a chat completion (${reason}); check that the base URL points at an OpenAI-compatible API (it usually ends in /v1)`;
  return { retryable: true, detail, cause };
}

function advice(status: number, context: EndpointContext): string {
  if (status === 401 || status === 403) {
    return "check the API key (OPENAI_API_KEY or the apiKey option) and that it may use this endpoint";
  }
  if (status === 404) {
    return `check the model name "${context.model}" (GET ${context.baseURL}/models lists what the server serves) and that the base URL ends in /v1`;
  }
  if (status === 400 || status === 422) {
    return 'the server refused the request: check maxTokens, temperature and extraBody; if it is about tools, the server may lack native tool calling — use toolFormat "text"';
  }
  if (status === 429) return "the server kept rate-limiting; lower concurrency or wait for quota";
  if (status === 408 || status >= 500) {
    return "the server kept failing; check that it is healthy, or lower concurrency";
  }
  return "the server refused the request";
}

/** Codes of a connection that was made and then lost (as opposed to one never made). */
const DROPPED = new Set(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "ECONNABORTED"]);

/**
 * The system or undici code behind an error: the SDK wraps undici's "fetch failed" TypeError,
 * which wraps the system error (or undici's SocketError) that has it.
 */
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function connectionMessage(error: APIConnectionError): string {
  const inner = (error.cause as { cause?: { message?: unknown } } | undefined)?.cause;
  return typeof inner?.message === "string" ? inner.message : error.message;
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
