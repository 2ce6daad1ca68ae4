import { describe, expect, it } from "vitest";
import { parseTextToolCalls, renderTextToolCalls } from "./text-tool-calls.js";

describe("text tool-call format", () => {
  it("round-trips parallel calls", () => {
    const calls = [
      { name: "get_weather", arguments: { city: "Paris" } },
      { name: "get_time", arguments: { zone: "UTC", verbose: true } },
    ];
    const parsed = parseTextToolCalls(`Let me check.\n${renderTextToolCalls(calls)}`);
    expect(parsed.content).toBe("Let me check.");
    expect(parsed.malformed).toEqual([]);
    expect(parsed.calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual(
      calls.map((c) => [c.name, c.arguments]),
    );
  });

  it("keeps broken arguments as text when the tool name is readable", () => {
    const parsed = parseTextToolCalls(
      '<tool_call>{"name": "f", "arguments": {"x": 1,}}</tool_call>',
    );
    expect(parsed.calls).toHaveLength(1);
    expect(parsed.calls[0].name).toBe("f");
    expect(() => JSON.parse(parsed.calls[0].arguments)).toThrow();
  });

  it("reports unreadable blocks as malformed and keeps them in the content", () => {
    const parsed = parseTextToolCalls("x <tool_call>not json</tool_call> y <tool_call>{");
    expect(parsed.calls).toEqual([]);
    expect(parsed.malformed.map((m) => m.reason)).toEqual([
      "the block is not JSON and names no tool",
      "unterminated <tool_call> block",
    ]);
    expect(parsed.content).toContain("<tool_call>not json</tool_call>");
  });

  it("accepts `parameters` for `arguments` and rejects non-objects", () => {
    expect(
      parseTextToolCalls('<tool_call>{"name":"f","parameters":{"a":2}}</tool_call>').calls,
    ).toEqual([{ name: "f", arguments: '{"a":2}' }]);
    expect(parseTextToolCalls("<tool_call>[1,2]</tool_call>").malformed[0].reason).toBe(
      "the block is not a JSON object",
    );
    expect(parseTextToolCalls('<tool_call>{"arguments":{}}</tool_call>').malformed[0].reason).toBe(
      'the block has no "name" string',
    );
  });

  it("leaves plain prose alone", () => {
    expect(parseTextToolCalls("  The answer is 4.  ")).toEqual({
      content: "The answer is 4.",
      calls: [],
      malformed: [],
    });
  });
});

describe("renderTextToolCalls with broken arguments", () => {
  it("writes them as they are", () => {
    expect(renderTextToolCalls([{ name: "f", arguments: '{"x": 1,' }])).toBe(
      '<tool_call>\n{"name": "f", "arguments": {"x": 1,}\n</tool_call>',
    );
  });
});
