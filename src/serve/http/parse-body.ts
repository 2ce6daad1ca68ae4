import type { z } from "zod";
import { HttpError } from "./http-error.js";

/**
 * A request body through its zod schema; a bad one is a 400 naming the first field at fault,
 * written the way a client would index it (`query[3]`, `message.tool_calls[0].function.name`).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new HttpError(400, issue.message, fieldPath(issue.path) || "body");
}

/** `["labels", 2, "x"]` → `labels[2].x`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}
