import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../../core/index.js";
import type { ConfigLayer } from "./resolve-train-config.js";

/**
 * Reads a JSON config file (`--config FILE` or a run's config.json) as a layer for
 * `resolveTrainConfig`; `option` is the flag that named it, for errors.
 *
 * @throws ConfigError when the file is missing or is not JSON
 */
export function readConfigFile(file: string, option = "--config"): ConfigLayer {
  if (!existsSync(file)) throw new ConfigError(option, `${file}: no such file`);
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(option, `${file}: not valid JSON (${(error as Error).message})`);
  }
  return { source: file, values };
}
