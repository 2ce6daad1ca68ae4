import { describe, expect, it } from "vitest";
import { parseModelJson, repairJsonText } from "./parse-model-json.js";

describe("parseModelJson", () => {
  it("reads bare JSON without repairs", () => {
    expect(parseModelJson('{"a": 1, "b": ["x"]}')).toEqual({
      ok: true,
      value: { a: 1, b: ["x"] },
      repairs: [],
    });
  });

  it("takes the object out of a ```json fence after prose and a <think> block", () => {
    const reply =
      '<think>The user wants {a plan}.</think>\nHere is the result:\n\n```json\n{"q": "Who?", "n": 2}\n```\nLet me know!';
    expect(parseModelJson(reply)).toMatchObject({ ok: true, value: { q: "Who?", n: 2 } });
  });

  it("prefers the json fence when a code fence comes first", () => {
    const reply = '```js\nfunction f() { return 1; }\n```\n```json\n{"ok": true}\n```';
    expect(parseModelJson(reply)).toMatchObject({ ok: true, value: { ok: true } });
  });

  it("takes the outermost object when prose surrounds it", () => {
    const reply = 'Sure. {"nested": {"deep": "}"}, "list": [{"x": 1}]} Hope that helps.';
    expect(parseModelJson(reply)).toMatchObject({
      ok: true,
      value: { nested: { deep: "}" }, list: [{ x: 1 }] },
    });
  });

  it("repairs trailing commas, comments, Python literals and raw newlines in strings", () => {
    const reply =
      '{\n  // the plan\n  "done": True, "none": None,\n  "code": "function f(args) {\n  return 1;\n}",\n  "xs": [1, 2,],\n}';
    const parsed = parseModelJson(reply);
    expect(parsed).toEqual({
      ok: true,
      value: { done: true, none: null, code: "function f(args) {\n  return 1;\n}", xs: [1, 2] },
      repairs: ["comment", "Python literal", "raw control character in a string", "trailing comma"],
    });
  });

  it("leaves words inside strings alone", () => {
    expect(repairJsonText('{"a": "True, None", }').text).toBe('{"a": "True, None" }');
  });

  it("says why when there is no object, when it is cut off, or when it stays invalid", () => {
    expect(parseModelJson("I cannot help with that.")).toEqual({
      ok: false,
      reason: "the reply holds no JSON object",
    });
    expect(parseModelJson('```json\n{"a": [1, 2')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cut off/),
    });
    expect(parseModelJson('{"a": 1 "b": 2}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the reply is not valid JSON: /),
    });
  });
});
