import { float32Bytes, type TensorMap } from "./tensor.js";
import { writeFileAtomic } from "./write-file-atomic.js";

const HEADER_ALIGNMENT = 8;

/**
 * Serializes tensors in the safetensors format (https://github.com/huggingface/safetensors):
 *
 *   [8 bytes] N, the header length, unsigned 64-bit little-endian
 *   [N bytes] a JSON object {"__metadata__": {string: string}, name: {dtype, shape,
 *             data_offsets: [begin, end]}, …}, padded with spaces so the data starts 8-aligned
 *   [rest]    the tensors' little-endian bytes, back to back, offsets relative to this part
 *
 * Deterministic: tensors are laid out in order of their names' UTF-8 bytes (what the reference
 * writer does for tensors of one dtype), metadata keys sorted the same way, JSON without spaces.
 *
 * @throws RangeError when a tensor's data length is not the product of its shape
 */
export function encodeSafetensors(
  tensors: TensorMap,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const names = sortedByUtf8(Object.keys(tensors));
  const fields: string[] = [];
  if (metadata !== undefined) {
    const entries = sortedByUtf8(Object.keys(metadata)).map(
      (key) => `${JSON.stringify(key)}:${JSON.stringify(metadata[key])}`,
    );
    fields.push(`"__metadata__":{${entries.join(",")}}`);
  }
  let offset = 0;
  for (const name of names) {
    const { dtype, shape, data } = tensors[name];
    checkTensor(name, dtype, shape, data);
    const end = offset + data.byteLength;
    const info = { dtype, shape, data_offsets: [offset, end] };
    fields.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${fields.join(",")}}`);
  const headerLength = Math.ceil(json.length / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;

  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const name of names) {
    const bytes = float32Bytes(tensors[name].data);
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

function checkTensor(
  name: string,
  dtype: string,
  shape: readonly number[],
  data: Float32Array,
): void {
  if (name === "__metadata__")
    throw new RangeError('"__metadata__" is reserved, not a tensor name');
  if (dtype !== "F32")
    throw new RangeError(`tensor ${JSON.stringify(name)}: only F32 is written, not ${dtype}`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(
      `tensor ${JSON.stringify(name)}: shape [${shape.join(", ")}] must be non-negative integers`,
    );
  }
  const elements = shape.reduce((product, d) => product * d, 1);
  if (elements !== data.length) {
    throw new RangeError(
      `tensor ${JSON.stringify(name)}: shape [${shape.join(", ")}] holds ${elements} values but data has ${data.length}`,
    );
  }
}

function sortedByUtf8(keys: string[]): string[] {
  return keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

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
