import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointFormatError } from "./checkpoint-format-error.js";
import { decodeSafetensors, readSafetensors } from "./read-safetensors.js";
import type { TensorMap } from "./tensor.js";
import { useTempDir } from "./test-helpers/temp-dir.js";
import { encodeSafetensors, writeSafetensors } from "./write-safetensors.js";

/**
 * Builds a safetensors file by hand from a header object and raw data bytes — no padding, no
 * checks — so tests can make exactly the (broken) files they need.
 */
function safetensorsBytes(
  header: unknown,
  data: Uint8Array | readonly number[] = [],
  { headerLength }: { headerLength?: bigint } = {},
): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === "string" ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const PATH = "/ckpt/model.safetensors";

function formatError(bytes: Uint8Array): CheckpointFormatError {
  try {
    decodeSafetensors(bytes, PATH);
  } catch (error) {
    if (error instanceof CheckpointFormatError) return error;
    throw error;
  }
  throw new Error("expected a CheckpointFormatError");
}

/** Little-endian bytes of 16-bit values. */
const u16 = (values: number[]): number[] => values.flatMap((v) => [v & 0xff, v >> 8]);

describe("decodeSafetensors", () => {
  it("round-trips what encodeSafetensors writes, including scalars, empty tensors and odd names", () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const tensor = (shape: number[]) => ({
      dtype: "F32" as const,
      shape,
      data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, random),
    });
    const tensors: TensorMap = {
      "wte.weight": tensor([17, 8]),
      "h.0.attn.c_attn.bias": tensor([24]),
      scalar: tensor([]),
      empty: tensor([0, 4]),
      constructor: tensor([3]),
      "ünïcode/名前": tensor([2, 1, 2]),
    };
    const decoded = decodeSafetensors(
      encodeSafetensors(tensors, { format: "pt", step: "12" }),
      PATH,
    );
    expect(decoded.metadata).toEqual({ format: "pt", step: "12" });
    expect(Object.keys(decoded.tensors).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, { shape, data }] of Object.entries(tensors)) {
      expect(decoded.tensors[name].shape).toEqual(shape);
      expect(decoded.tensors[name].data).toEqual(data);
      expect(decoded.tensors[name].storedDtype).toBe("F32");
    }
    expect(decoded.tensors.toString).toBeUndefined(); // names are plain keys, no prototype
  });

  it("copies F32 data into aligned arrays when the data starts at an odd offset", () => {
    const header = '{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}';
    expect((8 + header.length) % 4).not.toBe(0);
    const values = Float32Array.from([1.5, -0, 3e38]);
    const file = safetensorsBytes(header, new Uint8Array(values.buffer));
    // And inside a larger buffer at an odd byte offset, as a file read may give.
    const backing = new Uint8Array(file.length + 3);
    backing.set(file, 3);
    const { tensors } = decodeSafetensors(backing.subarray(3), PATH);
    expect(tensors.x.data).toEqual(values);
    expect(tensors.x.data.byteOffset).toBe(0);
  });

  it("converts F16 to F32 exactly, subnormals, infinities and NaN included", () => {
    const halves = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x3555];
    const header = {
      h: { dtype: "F16", shape: [halves.length], data_offsets: [0, 2 * halves.length] },
    };
    const { tensors } = decodeSafetensors(safetensorsBytes(header, u16(halves)), PATH);
    expect(tensors.h.storedDtype).toBe("F16");
    expect([...tensors.h.data]).toEqual([
      1,
      -2,
      65504,
      2 ** -24,
      1023 * 2 ** -24,
      -0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      Math.fround(0.333251953125),
    ]);
  });

  it("converts BF16 to F32 exactly", () => {
    const values = [0x3f80, 0xc040, 0x7f80, 0x0001, 0x4049];
    const header = { b: { dtype: "BF16", shape: [5], data_offsets: [0, 10] } };
    const { tensors } = decodeSafetensors(safetensorsBytes(header, u16(values)), PATH);
    expect(tensors.b.storedDtype).toBe("BF16");
    const expected = new Float32Array(new Uint32Array(values.map((v) => v << 16)).buffer);
    expect([...tensors.b.data]).toEqual([1, -3, Number.POSITIVE_INFINITY, expected[3], 3.140625]);
  });

  const f32 = (shape: number[], offsets: [number, number]) => ({
    dtype: "F32",
    shape,
    data_offsets: offsets,
  });
  const zeros = (n: number) => new Uint8Array(n);

  it.each<[string, () => Uint8Array, string | undefined, RegExp]>([
    ["a file shorter than 8 bytes", () => new Uint8Array(5), undefined, /5 bytes is too short/],
    [
      "a header length past the end",
      () => safetensorsBytes({}, [], { headerLength: 1000n }),
      undefined,
      /header length 1000 runs past the end/,
    ],
    [
      "an absurd header length",
      () => safetensorsBytes({}, [], { headerLength: 2n ** 63n }),
      undefined,
      /runs past the end/,
    ],
    [
      "a header that is not JSON",
      () => safetensorsBytes('{"x": nope}'),
      undefined,
      /not valid JSON/,
    ],
    [
      "a header that is not an object",
      () => safetensorsBytes("[1, 2]"),
      undefined,
      /does not start with '\{'/,
    ],
    [
      "a header that is JSON null",
      () => safetensorsBytes("null"),
      undefined,
      /does not start with/,
    ],
    [
      "bad metadata",
      () => safetensorsBytes({ __metadata__: { step: 3 } }),
      undefined,
      /__metadata__ must map strings to strings/,
    ],
    [
      "a tensor entry without offsets",
      () => safetensorsBytes({ w: { dtype: "F32", shape: [1] } }, zeros(4)),
      "w",
      /data_offsets/,
    ],
    [
      "a negative dimension",
      () => safetensorsBytes({ w: f32([-1], [0, 4]) }, zeros(4)),
      "w",
      /shape/,
    ],
    [
      "an unknown dtype",
      () => safetensorsBytes({ w: { dtype: "F12", shape: [1], data_offsets: [0, 4] } }, zeros(4)),
      "w",
      /unknown dtype "F12"/,
    ],
    [
      "an unsupported dtype",
      () => safetensorsBytes({ w: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, zeros(8)),
      "w",
      /dtype I64 is not supported \(F32, F16, BF16 are\)/,
    ],
    [
      "offsets that end before they begin",
      () => safetensorsBytes({ w: f32([0], [4, 0]) }, zeros(4)),
      "w",
      /end before they begin/,
    ],
    [
      "a shape that does not match the bytes",
      () => safetensorsBytes({ w: f32([2, 2], [0, 12]) }, zeros(12)),
      "w",
      /shape \[2, 2\] of F32 needs 16 bytes but data_offsets \[0, 12\] hold 12/,
    ],
    [
      "overlapping offsets",
      () => safetensorsBytes({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, zeros(12)),
      "b",
      /overlap/,
    ],
    [
      "a hole between tensors",
      () => safetensorsBytes({ a: f32([1], [0, 4]), b: f32([1], [8, 12]) }, zeros(12)),
      "b",
      /leave a hole after byte 4/,
    ],
    [
      "a first tensor not at 0",
      () => safetensorsBytes({ a: f32([1], [4, 8]) }, zeros(8)),
      "a",
      /hole after byte 0/,
    ],
    [
      "a truncated data part",
      () => safetensorsBytes({ a: f32([1], [0, 4]), b: f32([2], [4, 12]) }, zeros(10)),
      "b",
      /run past the 10 data bytes \(file truncated\?\)/,
    ],
    [
      "trailing bytes",
      () => safetensorsBytes({ a: f32([1], [0, 4]) }, zeros(6)),
      undefined,
      /cover 4 of 6 data bytes/,
    ],
  ])("refuses %s, naming the file and tensor", (_name, make, tensor, reason) => {
    const error = formatError(make());
    expect(error.path).toBe(PATH);
    expect(error.tensor).toBe(tensor);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(
      `${PATH}: ${tensor === undefined ? "" : `tensor "${tensor}": `}${error.reason}`,
    );
  });

  it("refuses a real file cut short anywhere", () => {
    const file = encodeSafetensors({
      w: { dtype: "F32", shape: [4, 4], data: new Float32Array(16) },
    });
    for (const length of [0, 7, 8, 20, file.length - 60, file.length - 1]) {
      expect(() => decodeSafetensors(file.subarray(0, length), PATH), `cut at ${length}`).toThrow(
        CheckpointFormatError,
      );
    }
  });
});

describe("writeSafetensors / readSafetensors", () => {
  const temp = useTempDir();
  const tensors = {
    "wpe.weight": {
      dtype: "F32",
      shape: [4, 2],
      data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    },
    "ln_f.bias": { dtype: "F32", shape: [2], data: Float32Array.from([-0.5, 0.25]) },
  } as const;

  it("round-trips tensors and metadata through a file", async () => {
    const path = join(temp.path, "model.safetensors");
    await writeSafetensors(path, tensors, { format: "pt" });
    const { tensors: read, metadata } = await readSafetensors(path);
    expect(metadata).toEqual({ format: "pt" });
    expect(read["wpe.weight"].shape).toEqual([4, 2]);
    expect(read["wpe.weight"].data).toEqual(tensors["wpe.weight"].data);
    expect(read["ln_f.bias"].data).toEqual(tensors["ln_f.bias"].data);
    expect(await readdir(temp.path)).toEqual(["model.safetensors"]);
  });

  it("names the file in errors about its content", async () => {
    const path = join(temp.path, "model.safetensors");
    await writeSafetensors(path, tensors);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 4));
    const error = await readSafetensors(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointFormatError);
    expect((error as CheckpointFormatError).message).toMatch(
      new RegExp(
        `^${path}: tensor "wpe.weight": data_offsets \\[8, 40\\] run past the 36 data bytes`,
      ),
    );
  });
});
