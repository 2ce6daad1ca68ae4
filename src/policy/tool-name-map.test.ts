import { describe, expect, it } from "vitest";
import { createToolNameMap } from "./tool-name-map.js";

describe("createToolNameMap", () => {
  it("keeps valid names and sanitizes the rest reversibly", () => {
    const names = createToolNameMap(["add", "math.factorial", "a.b c"]);
    expect(names.toWire("add")).toBe("add");
    expect(names.toWire("math.factorial")).toBe("math_factorial");
    expect(names.toWire("a.b c")).toBe("a_b_c");
    expect(names.fromWire("math_factorial")).toBe("math.factorial");
    expect(names.fromWire("a_b_c")).toBe("a.b c");
  });

  it("gives a valid name priority and suffixes colliding sanitized ones", () => {
    const names = createToolNameMap(["x.y", "x_y", "x-y.z", "x:y"]);
    expect(["x.y", "x_y", "x:y"].map(names.toWire)).toEqual(["x_y_2", "x_y", "x_y_3"]);
    expect(["x_y_2", "x_y", "x_y_3"].map(names.fromWire)).toEqual(["x.y", "x_y", "x:y"]);
  });

  it("stays within 64 characters when suffixing", () => {
    const long = `${"a".repeat(63)}_`;
    const names = createToolNameMap([long, `${"a".repeat(63)}.`]);
    const wire = names.toWire(`${"a".repeat(63)}.`);
    expect(wire).toHaveLength(64);
    expect(wire).toBe(`${"a".repeat(62)}_2`);
    expect(names.fromWire(wire)).toBe(`${"a".repeat(63)}.`);
  });

  it("passes names outside the tool list through (sanitized on the way out)", () => {
    const names = createToolNameMap(["add"]);
    expect(names.toWire("no.such")).toBe("no_such");
    expect(names.fromWire("subtract")).toBe("subtract");
  });
});
