import type { z } from "zod";
import { ConfigError } from "./config-error.js";

/**
 * Options through their schema (which holds the defaults); a bad value throws a ConfigError
 * naming the option, prefixed with `where` when given, e.g. `grpo.clipHigh: Too small: …`.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  options: unknown,
  where?: string,
): z.output<S> {
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = [where, ...issue.path.map(String)].filter(
      (part) => part !== undefined && part !== "",
    );
    throw new ConfigError(option.join(".") || "options", issue.message);
  }
  return parsed.data;
}
