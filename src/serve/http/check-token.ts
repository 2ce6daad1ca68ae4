import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

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
