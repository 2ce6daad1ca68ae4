import { existsSync, readFileSync } from "node:fs";
import { DataFormatError, type EnvironmentRecord } from "../core/index.js";
import type { Sandbox } from "../sandbox/index.js";
import { buildEnvironments } from "./build-environments.js";
import { type BuildSidecar, BuildSidecarSchema, buildSidecarPath } from "./build-sidecar.js";
import type { ComplexityKnobs, SplitOptions } from "./stages/stage-types.js";

export interface EnvironmentsLikeOptions {
  /** A file `toolgym envs build` wrote; its `FILE.stats.json` holds the build's options. */
  readonly file: string;
  /** The seed of chunk `index`: distinct chunks, distinct seeds (so distinct worlds). */
  readonly seedOf: (index: number) => number;
  /** Environments per chunk (one world each). */
  readonly chunkSize?: number;
  readonly sandbox?: Sandbox;
}

export interface EnvironmentsLike {
  /** Chunk `index`: `chunkSize` new environments, the same for the same index. */
  chunk(index: number): Promise<readonly EnvironmentRecord[]>;
  readonly description: string;
}

/**
 * New environments built the way `file` was — same backend (procedural only), scenarios,
 * complexity and split — over new worlds: chunk `index` is built with seed `seedOf(index)`.
 * With a `train` split the test part of every new world is held out as in the file, so
 * entities and held-out tool families of test environments stay unseen.
 *
 * Returns undefined when the file has no sidecar or was built by another backend (an LLM's
 * environments cannot be made anew offline): the caller then uses the file's records.
 *
 * @example
 * const fresh = environmentsLike({ file: "train.jsonl", seedOf: (i) => 1000 + i });
 * const first = await fresh?.chunk(0);
 */
export function environmentsLike({
  file,
  seedOf,
  chunkSize = 256,
  sandbox,
}: EnvironmentsLikeOptions): EnvironmentsLike | undefined {
  const sidecarFile = buildSidecarPath(file);
  if (!existsSync(sidecarFile)) return undefined;
  const sidecar = readSidecar(sidecarFile);
  if (sidecar.backend !== "procedural") return undefined;
  const complexity = sidecar.complexity as unknown as ComplexityKnobs;
  const split: SplitOptions | undefined =
    sidecar.split === null
      ? undefined
      : {
          ...sidecar.split,
          holdOutFamilies: sidecar.split.holdOutFamilies as SplitOptions["holdOutFamilies"],
        };
  return {
    description: `new procedural environments like ${file} (${sidecar.scenarios.join(", ")}${split ? `; ${split.split} split` : ""}), ${chunkSize} per world`,
    async chunk(index) {
      const { records } = await buildEnvironments({
        count: chunkSize,
        seed: seedOf(index),
        scenarios: sidecar.scenarios,
        complexity,
        split,
        idPrefix: `fresh${index}`,
        sandbox,
      });
      return records;
    },
  };
}

function readSidecar(file: string): BuildSidecar {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataFormatError({ file, reason: `not JSON: ${(error as Error).message}` });
  }
  const parsed = BuildSidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataFormatError({
      file,
      field: issue.path.join("."),
      reason: issue.message,
    });
  }
  return parsed.data;
}
