import type { z } from "zod";
import { ConfigError } from "../../core/errors/config-error.js";

/**
 * Options through their schema (which holds the defaults); a bad value throws a ConfigError
 * naming `where.option`, e.g. `grpo.clipHigh: Too small: expected number to be >=0`.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  options: unknown,
  where: string,
): z.output<S> {
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError([where, ...issue.path.map(String)].join("."), issue.message);
  }
  return parsed.data;
}
