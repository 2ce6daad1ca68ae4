import { readFile } from "node:fs/promises";
import { z } from "zod";
import { CheckpointFormatError } from "./checkpoint-format-error.js";
import {
  type LoadedTensor,
  READABLE_DTYPES,
  type ReadableDtype,
  SAFETENSORS_DTYPE_SIZES,
  toFloat32,
} from "./tensor.js";

/** The reference implementation refuses headers above 100 MB; so do we. */
const MAX_HEADER_LENGTH = 100_000_000;

const tensorInfoSchema = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
const metadataSchema = z.record(z.string(), z.string());

interface Span {
  readonly name: string;
  readonly begin: number;
  readonly end: number;
  readonly dtype: ReadableDtype;
  readonly shape: number[];
  readonly elements: number;
}

export interface DecodedSafetensors {
  readonly tensors: Readonly<Record<string, LoadedTensor>>;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Parses a safetensors file's bytes (see `encodeSafetensors` for the layout), checking all of
 * it: header length within the file, header valid UTF-8 JSON, every tensor's dtype known and
 * readable, its byte size = elements × dtype size, and the offsets tiling the data part exactly
 * (no overlap, no hole, nothing past the end). F16 and BF16 tensors are converted to F32.
 *
 * @param path names the file in errors
 * @throws CheckpointFormatError naming the file and, when one is at fault, the tensor
 */
export function decodeSafetensors(bytes: Uint8Array, path: string): DecodedSafetensors {
  const fail = (reason: string, tensor?: string): never => {
    throw new CheckpointFormatError({ path, tensor, reason });
  };
  if (bytes.length < 8) {
    fail(`${bytes.length} bytes is too short for a safetensors file (8-byte header length)`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_LENGTH, bytes.length - 8))) {
    fail(
      `header length ${headerLength} runs past the end of the ${bytes.length}-byte file (truncated or not safetensors)`,
    );
  }
  const dataStart = 8 + Number(headerLength);
  // The format requires '{' first, which also makes a header that parses an object.
  if (bytes[8] !== 0x7b) fail("header does not start with '{' (not a safetensors file?)");
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, dataStart)),
    );
  } catch (error) {
    fail(`header is not valid JSON: ${(error as Error).message}`);
  }

  let metadata: Record<string, string> = {};
  const spans: Span[] = [];
  for (const [name, value] of Object.entries(header as object)) {
    if (name === "__metadata__") {
      const parsed = metadataSchema.safeParse(value);
      if (!parsed.success) fail("__metadata__ must map strings to strings");
      metadata = parsed.data!;
      continue;
    }
    const parsed = tensorInfoSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error!.issues[0];
      fail(`${issue.path.join(".") || "entry"}: ${issue.message}`, name);
    }
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = parsed.data!;
    const size = SAFETENSORS_DTYPE_SIZES[dtype];
    if (size === undefined) fail(`unknown dtype ${JSON.stringify(dtype)}`, name);
    if (!READABLE_DTYPES.includes(dtype as ReadableDtype)) {
      fail(`dtype ${dtype} is not supported (${READABLE_DTYPES.join(", ")} are)`, name);
    }
    if (end < begin) fail(`data_offsets [${begin}, ${end}] end before they begin`, name);
    const elements = shape.reduce((product, d) => product * d, 1);
    if (elements * size !== end - begin) {
      fail(
        `shape [${shape.join(", ")}] of ${dtype} needs ${elements * size} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
        name,
      );
    }
    spans.push({ name, begin, end, dtype: dtype as ReadableDtype, shape, elements });
  }

  // The spans must tile [0, data length) exactly, in offset order.
  const dataLength = bytes.length - dataStart;
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const { name, begin, end } of spans) {
    if (begin < expectedBegin) {
      fail(`data_offsets [${begin}, ${end}] overlap the previous tensor's bytes`, name);
    }
    if (begin > expectedBegin) {
      fail(`data_offsets [${begin}, ${end}] leave a hole after byte ${expectedBegin}`, name);
    }
    if (end > dataLength) {
      const reason = `data_offsets [${begin}, ${end}] run past the ${dataLength} data bytes`;
      fail(`${reason} (file truncated?)`, name);
    }
    expectedBegin = end;
  }
  if (expectedBegin !== dataLength) {
    fail(`the tensors cover ${expectedBegin} of ${dataLength} data bytes (trailing bytes)`);
  }

  // A null prototype, so a tensor named "constructor" is just a key.
  const tensors: Record<string, LoadedTensor> = Object.create(null);
  for (const { name, begin, end, dtype, shape, elements } of spans) {
    const data = toFloat32(bytes.subarray(dataStart + begin, dataStart + end), dtype, elements);
    tensors[name] = { dtype: "F32", shape, data, storedDtype: dtype };
  }
  return { tensors, metadata };
}

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
