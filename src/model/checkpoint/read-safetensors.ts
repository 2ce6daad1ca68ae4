import { readFile } from "node:fs/promises";
import { type DecodedSafetensors, decodeSafetensors } from "./decode-safetensors.js";

/**
 * Reads and validates a .safetensors file; every tensor comes back as an aligned float32 copy.
 * The whole file is read into memory (fine for the built-in model's sizes; Node caps one read
 * at 2 GiB).
 *
 * @throws CheckpointFormatError naming the file and tensor when the content is broken
 */
export async function readSafetensors(path: string): Promise<DecodedSafetensors> {
  return decodeSafetensors(await readFile(path), path);
}
