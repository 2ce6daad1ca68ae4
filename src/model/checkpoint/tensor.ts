/**
 * A tensor as the built-in model keeps it: float32, row-major, `data.length` equal to the
 * product of `shape` (1 for a scalar, shape []).
 */
export interface Tensor {
  readonly dtype: "F32";
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Tensors by name, e.g. Hugging Face GPT-2 names such as `h.0.attn.c_attn.weight`. */
export type TensorMap = Readonly<Record<string, Tensor>>;

/** A tensor read from a file: converted to float32, remembering the dtype it was stored in. */
export interface LoadedTensor extends Tensor {
  readonly storedDtype: ReadableDtype;
}

/** Bytes per element of every dtype the safetensors format defines. */
export const SAFETENSORS_DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/** The dtypes read into float32 (HF GPT-2 files come in F32, and sometimes F16 or BF16). */
export type ReadableDtype = "F32" | "F16" | "BF16";
export const READABLE_DTYPES: readonly ReadableDtype[] = ["F32", "F16", "BF16"];

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Converts `count` little-endian values of `dtype` starting at `bytes[0]` into a new float32
 * array. The bytes may sit at any offset (a tensor's place in a file need not be 4-aligned):
 * they are always copied into a fresh, aligned buffer.
 */
export function toFloat32(bytes: Uint8Array, dtype: ReadableDtype, count: number): Float32Array {
  const out = new Float32Array(count);
  if (dtype === "F32") {
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes.subarray(0, count * 4));
    else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, count * 4);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
    }
    return out;
  }
  if (dtype === "BF16") {
    // bfloat16 is the top half of a float32: shift its bits into place (native order in and
    // out of the same memory, so this holds on any endianness).
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = (bytes[2 * i] | (bytes[2 * i + 1] << 8)) << 16;
    return out;
  }
  const table = halfTable();
  for (let i = 0; i < count; i++) out[i] = table[bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  return out;
}

/** The little-endian bytes of a float32 array, without copying on little-endian machines. */
export function float32Bytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
  return bytes;
}

let half: Float32Array | undefined;

/** All 65,536 IEEE 754 half-precision values as float32, built once (256 KiB). */
function halfTable(): Float32Array {
  if (half !== undefined) return half;
  half = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    half[h] =
      exponent === 0
        ? sign * fraction * 2 ** -24 // zero and subnormals
        : exponent === 31
          ? fraction === 0
            ? sign * Number.POSITIVE_INFINITY
            : Number.NaN
          : sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return half;
}
