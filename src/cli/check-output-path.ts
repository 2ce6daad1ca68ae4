import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError, FileWriteError } from "../core/index.js";

/**
 * Makes the output directory `dir` of `option` and checks that it can be written, before any
 * work starts, so a bad path costs a message, not a run.
 *
 * @throws ConfigError naming the option and what to do: the path is a file, or cannot be made
 *   or written (no permission, a read-only file system)
 */
export function checkOutputDir(option: string, dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new ConfigError(option, `${dir} is a file; give a directory (it is made if missing)`);
  }
  writable(option, dir);
}

/**
 * Checks that the output file `file` of `option` can be written: it is not a directory and its
 * directory can be made and written.
 *
 * @throws ConfigError naming the option and what to do
 */
export function checkOutputFile(option: string, file: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new ConfigError(
      option,
      `${file} is a directory; give a file path, such as ${join(file, "envs.jsonl")}`,
    );
  }
  writable(option, dirname(file));
}

function writable(option: string, dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new ConfigError(option, new FileWriteError(dir, error).message);
  }
}
