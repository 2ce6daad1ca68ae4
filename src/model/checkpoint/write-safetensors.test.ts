import { describe, expect, it } from "vitest";
import { encodeSafetensors } from "./write-safetensors.js";

const f32 = (values: number[]): Float32Array => Float32Array.from(values);

describe("encodeSafetensors", () => {
  it("writes the safetensors layout byte for byte (hand-computed)", () => {
    const bytes = encodeSafetensors(
      {
        b: { dtype: "F32", shape: [2], data: f32([1, -2]) },
        a: { dtype: "F32", shape: [], data: f32([0.5]) },
      },
      { format: "pt" },
    );
    const header =
      '{"__metadata__":{"format":"pt"},' +
      '"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},' +
      '"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}';
    expect(header).toHaveLength(138); // + 6 spaces = 144 = 0x90, a multiple of 8
    const expected = [
      ...[0x90, 0, 0, 0, 0, 0, 0, 0], // header length, u64 little-endian
      ...Buffer.from(`${header}      `, "ascii"),
      ...[0x00, 0x00, 0x00, 0x3f], // a = 0.5
      ...[0x00, 0x00, 0x80, 0x3f], // b[0] = 1
      ...[0x00, 0x00, 0x00, 0xc0], // b[1] = -2
    ];
    expect([...bytes]).toEqual(expected);
    expect(bytes).toHaveLength(8 + 144 + 12);
  });

  it("orders tensors by name and metadata by key, whatever the insertion order", () => {
    const t = { dtype: "F32", shape: [1], data: f32([3]) } as const;
    const one = encodeSafetensors({ "h.1.w": t, "h.0.w": t, "10": t, "2": t }, { z: "1", a: "2" });
    const two = encodeSafetensors({ "2": t, "10": t, "h.0.w": t, "h.1.w": t }, { a: "2", z: "1" });
    expect(one).toEqual(two);
    const text = Buffer.from(one).toString("latin1");
    // Integer-like names keep byte order ("10" < "2"), unlike JavaScript object key order.
    expect(text.indexOf('"10":{')).toBeLessThan(text.indexOf('"2":{'));
    expect(text.indexOf('"a":"2"')).toBeLessThan(text.indexOf('"z":"1"'));
  });

  it("writes no __metadata__ when none is given, and pads an empty file's header", () => {
    const bytes = encodeSafetensors({});
    expect(Buffer.from(bytes.subarray(8)).toString()).toBe("{}      ");
    expect(bytes[0]).toBe(8);
  });

  it("writes a tensor's view, not its whole buffer", () => {
    const backing = f32([9, 1, 2, 9]);
    const bytes = encodeSafetensors({
      x: { dtype: "F32", shape: [2], data: backing.subarray(1, 3) },
    });
    expect([...new Float32Array(bytes.slice(bytes.length - 8).buffer)]).toEqual([1, 2]);
  });

  it("refuses data that does not fit the shape, bad dimensions, and the reserved name", () => {
    expect(() => encodeSafetensors({ w: { dtype: "F32", shape: [2, 3], data: f32([1]) } })).toThrow(
      'tensor "w": shape [2, 3] holds 6 values but data has 1',
    );
    expect(() => encodeSafetensors({ w: { dtype: "F32", shape: [-1], data: f32([]) } })).toThrow(
      /non-negative integers/,
    );
    expect(() =>
      encodeSafetensors({ __metadata__: { dtype: "F32", shape: [], data: f32([1]) } }),
    ).toThrow(/reserved/);
  });
});
