import { encodeSafetensors } from "./encode-safetensors.js";
import type { TensorMap } from "./tensor.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/**
 * Writes tensors to a .safetensors file, atomically (a reader sees the old file or the whole
 * new one). See `encodeSafetensors` for the layout.
 *
 * @example
 * await writeSafetensors("model.safetensors", { "wte.weight": { dtype: "F32", shape: [V, C], data } });
 */
export async function writeSafetensors(
  path: string,
  tensors: TensorMap,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}
