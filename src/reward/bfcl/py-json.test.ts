import { describe, expect, it } from "vitest";
import { PyFloat, parsePyJson, pyEquals, pyIn, pyType, stringifyPyJson } from "./py-json.js";

describe("parsePyJson / stringifyPyJson", () => {
  it("keeps integral float literals apart from ints", () => {
    const value = parsePyJson('{"n": 5, "x": 5.0, "e": 1e3, "f": 2.5, "l": [1, 1.0, -0.0]}');
    expect(value).toEqual({
      n: 5,
      x: new PyFloat(5),
      e: new PyFloat(1000),
      f: 2.5,
      l: [1, new PyFloat(1), new PyFloat(-0)],
    });
    const v = value as Record<string, unknown>;
    expect([pyType(v.n), pyType(v.x), pyType(v.e), pyType(v.f)]).toEqual([
      "int",
      "float",
      "float",
      "float",
    ]);
  });

  it("reads everything JSON.parse reads, the same way apart from floats", () => {
    const text = ' { "a" : [true, false, null, "x\\"y\\u00e9\\n"], "b": {}, "c": [], "d": -12 } ';
    expect(parsePyJson(text)).toEqual(JSON.parse(text));
    expect(parsePyJson('{"__proto__": 1}')).toEqual(JSON.parse('{"__proto__": 1}'));
    expect(Object.hasOwn(parsePyJson('{"__proto__": 1}') as object, "__proto__")).toBe(true);
  });

  it("throws SyntaxError on malformed JSON", () => {
    for (const bad of [
      "{",
      '{"a": 1,}',
      "[1 2]",
      "01",
      '"unterminated',
      "{'a': 1}",
      "1 2",
      "",
      "nul",
      '"\u0001"',
    ]) {
      expect(() => parsePyJson(bad), bad).toThrow(SyntaxError);
    }
  });

  it("round-trips through stringifyPyJson", () => {
    const text = '{"x":5.0,"n":5,"big":1e+21,"l":[1.0,2.5,"s",null,{"k":true}]}';
    expect(stringifyPyJson(parsePyJson(text))).toBe(text);
    expect(stringifyPyJson({ x: new PyFloat(5), n: 5 })).toBe('{"x":5.0,"n":5}');
  });
});

describe("pyEquals / pyIn (Python ==)", () => {
  it("compares numbers across int, float and bool", () => {
    expect(pyEquals(1, new PyFloat(1))).toBe(true);
    expect(pyEquals(true, 1)).toBe(true);
    expect(pyEquals(false, new PyFloat(0))).toBe(true);
    expect(pyEquals(1, "1")).toBe(false);
    expect(pyEquals(null, "")).toBe(false);
  });

  it("compares lists in order and dicts by key", () => {
    expect(pyEquals([1, 2], [new PyFloat(1), 2])).toBe(true);
    expect(pyEquals([1, 2], [2, 1])).toBe(false);
    expect(pyEquals({ a: 1, b: [2] }, { b: [2], a: new PyFloat(1) })).toBe(true);
    expect(pyEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(pyIn(["", 0], "")).toBe(true);
    expect(pyIn([0], false)).toBe(true);
  });
});
