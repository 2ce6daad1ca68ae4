import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import {
  ConfigError,
  type EnvironmentRecord,
  EnvironmentRecordSchema,
  readJsonl,
} from "../core/index.js";
import type { ReportInput } from "./load-report-inputs.js";

/** A file of environments the report knows of, and what the runs used it for. */
export interface EnvironmentFile {
  /** The path as the run recorded it (or as `--envs` gave it). */
  readonly path: string;
  /** Where it was found; undefined when it was not. */
  readonly resolved: string | undefined;
  /** e.g. "training environments of sft", "environments of eval-before". */
  readonly roles: string[];
  readonly records: EnvironmentRecord[] | undefined;
}

/**
 * The environment files of the inputs — `--envs` files, a training run's `envs` and `evalEnvs`
 * (config.json), an evaluation's `envs` (metrics.json) — read once each. A recorded path is
 * tried from the working directory, then from the run's directory and its ancestors (runs store
 * paths as they were typed); one found nowhere is listed as missing, not fatal: the runs still
 * report. An evaluation that recorded no file gets the one `--envs` file, when one is given. An
 * `--envs` file that does not exist is an error.
 *
 * @throws ConfigError for a missing `--envs` file, DataFormatError for a bad record
 */
export async function loadEnvironmentFiles(
  inputs: readonly ReportInput[],
  explicit: readonly string[] = [],
): Promise<{ files: EnvironmentFile[]; fileOf: Map<ReportInput, EnvironmentFile> }> {
  const byPath = new Map<string, { path: string; resolved: string | undefined; roles: string[] }>();
  const fileOf = new Map<ReportInput, string>();
  const add = (path: string, resolved: string | undefined, role: string) => {
    const key = resolved ?? path;
    const entry = byPath.get(key) ?? { path, resolved, roles: [] };
    if (!entry.roles.includes(role)) entry.roles.push(role);
    byPath.set(key, entry);
    return key;
  };
  const given = explicit.map((file) => {
    if (!existsSync(file)) throw new ConfigError("--envs", `${file}: no such file`);
    return add(file, resolve(file), "given with --envs");
  });
  for (const input of inputs) {
    const find = (path: string) => locate(path, input.dir);
    if (input.kind === "train") {
      const { envs, evalEnvs } = input.config;
      if (envs !== undefined) add(envs, find(envs), `training environments of ${input.label}`);
      if (evalEnvs !== undefined)
        add(evalEnvs, find(evalEnvs), `held-out environments of ${input.label}`);
    } else if (input.kind === "eval" && input.metrics?.envs !== undefined) {
      const path = input.metrics.envs;
      fileOf.set(input, add(path, find(path), `environments of ${input.label}`));
    } else if (input.kind === "eval" && given.length === 1) {
      // An evaluation that did not record its environments: the one file given is taken as them.
      fileOf.set(input, given[0]);
    }
  }
  const files = new Map<string, EnvironmentFile>();
  for (const [key, entry] of byPath) {
    const records =
      entry.resolved === undefined
        ? undefined
        : await readJsonl(entry.resolved, EnvironmentRecordSchema);
    files.set(key, { ...entry, records });
  }
  return {
    files: [...files.values()],
    fileOf: new Map([...fileOf].map(([input, key]) => [input, files.get(key)!])),
  };
}

/**
 * A recorded path, which is relative to where the command ran: the working directory now, or
 * (a report written from elsewhere) the run's directory or one of its ancestors.
 */
function locate(path: string, runDir: string): string | undefined {
  if (isAbsolute(path)) return existsSync(path) ? path : undefined;
  const bases = [process.cwd()];
  for (let dir = resolve(runDir); ; dir = dirname(dir)) {
    bases.push(dir);
    if (dirname(dir) === dir) break;
  }
  return bases.map((base) => resolve(base, path)).find((p) => existsSync(p));
}
