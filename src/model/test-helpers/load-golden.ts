import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ModelConfig } from "../model-config.js";

/** A PyTorch fixture written by scripts/torch-golden.py. */
export interface Golden {
  readonly config: ModelConfig;
  readonly B: number;
  readonly T: number;
  readonly tokens: number[];
  readonly targets: number[];
  readonly mask: number[];
  readonly loss: number;
  readonly adamw: {
    readonly steps: number;
    readonly warmupSteps: number;
    readonly maxLr: number;
    readonly minLr: number;
    readonly beta1: number;
    readonly beta2: number;
    readonly eps: number;
    readonly weightDecay: number;
    readonly clip: number;
    readonly lrs: number[];
    readonly losses: number[];
    readonly gradNorms: number[];
    readonly finalLoss: number;
  };
  readonly tensors: Record<string, { offset: number; shape: number[] }>;
  /** Float32 view of the named tensor in the .bin. */
  tensor(key: string): Float32Array;
}

/** `name`: `gpt-golden` (GPT-2) or `gpt-golden-smear` (the same with smeared keys). */
export function loadGolden(name = "gpt-golden"): Golden {
  const dir = fileURLToPath(new URL("../fixtures/", import.meta.url));
  const meta = JSON.parse(readFileSync(`${dir}${name}.json`, "utf8")) as Omit<Golden, "tensor">;
  const bytes = readFileSync(`${dir}${name}.bin`);
  const all = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  return {
    ...meta,
    tensor(key: string): Float32Array {
      const t = meta.tensors[key];
      if (!t) throw new Error(`golden fixture has no tensor ${key}`);
      const size = t.shape.reduce((a, b) => a * b, 1);
      return all.subarray(t.offset, t.offset + size);
    },
  };
}
