import { Buffer } from "node:buffer";
import type { ToolErrorKind, ToolResult } from "./tool-result.js";

/** The failure letters of the harness protocol (see vm-failure-source.ts). */
const KIND_BY_LETTER: Readonly<Record<string, ToolErrorKind>> = {
  t: "thrown",
  y: "thrown",
  n: "not_json",
  b: "output_too_large",
  m: "memory",
  s: "stack",
  i: "internal",
  o: "timeout",
};

export interface OutputLimits {
  timeLimitMs: number;
  memoryLimitBytes: number;
  maxOutputBytes: number;
}

/**
 * The ToolResult for the harness's final string: JSON text becomes `{ ok: true }` (after the
 * UTF-8 size check the harness cannot do), "!" + letter + detail becomes the error the policy
 * will read.
 */
export function decodeHarnessOutput(
  name: string,
  out: string,
  limits: OutputLimits,
  started: number,
): ToolResult {
  const elapsedMs = performance.now() - started;
  if (out.charCodeAt(0) !== 0x21 /* "!" */) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only long texts need counting.
    const bytes = out.length * 3 > limits.maxOutputBytes ? Buffer.byteLength(out, "utf8") : 0;
    if (bytes > limits.maxOutputBytes) {
      return failed("output_too_large", tooLargeMessage(name, bytes, limits), started);
    }
    return { ok: true, value: JSON.parse(out), json: out, elapsedMs };
  }
  const kind = KIND_BY_LETTER[out[1]] ?? "internal";
  return {
    ok: false,
    error: { kind, message: toolErrorMessage(kind, name, out.slice(2), limits) },
    elapsedMs,
  };
}

/** What the policy reads for each kind of failure. */
export function toolErrorMessage(
  kind: ToolErrorKind,
  name: string,
  detail: string,
  limits: OutputLimits,
): string {
  switch (kind) {
    case "timeout":
      return `tool "${name}" exceeded its time limit of ${limits.timeLimitMs} ms`;
    case "memory":
      return `tool "${name}" exceeded the memory limit of ${formatBytes(limits.memoryLimitBytes)} (${detail || "out of memory"})`;
    case "stack":
      return `tool "${name}" overflowed the stack (recursion too deep)`;
    case "thrown":
      return `tool "${name}" threw: ${detail}`;
    case "not_json":
      return `tool "${name}": ${detail}`;
    case "output_too_large":
      return tooLargeMessage(name, Number(detail), limits);
    default:
      return `sandbox failure in tool "${name}": ${detail}`;
  }
}

export function failed(kind: ToolErrorKind, message: string, started: number): ToolResult {
  return { ok: false, error: { kind, message }, elapsedMs: performance.now() - started };
}

function tooLargeMessage(name: string, size: number, limits: OutputLimits): string {
  return `tool "${name}" returned at least ${size} bytes of JSON, over the limit of ${limits.maxOutputBytes}`;
}

function formatBytes(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`;
}
