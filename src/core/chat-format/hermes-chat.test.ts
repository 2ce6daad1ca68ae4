import { describe, expect, it } from "vitest";
import type { Message, ToolSpec } from "../records/message.js";
import { parseHermesChat } from "./parse-hermes-chat.js";
import { pythonJson, renderHermesChat, withHermesToolsInSystem } from "./render-hermes-chat.js";

const tools = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
] as ToolSpec[];

const call = (id: string, args: unknown) => ({
  id,
  type: "function" as const,
  function: { name: "get_weather", arguments: JSON.stringify(args) },
});

const conversation: Message[] = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Weather in Lisbon? Ünïcode" },
  {
    role: "assistant",
    content: null,
    tool_calls: [call("a", { city: "Lisbon", n: [1, 2.5] }), call("b", { city: "Oslo" })],
  },
  { role: "tool", tool_call_id: "a", content: '{"temp_c": 19}' },
  { role: "tool", tool_call_id: "b", content: "4" },
  { role: "assistant", content: "Lisbon is 19 C." },
];

// Rendered once by jinja2 3.1 with Qwen2.5-Instruct's chat template (trl/chat_templates/
// qwen2_5.jinja) and Hugging Face's `tojson` (json.dumps, ensure_ascii=False).
const QWEN_RENDERED =
  '<|im_start|>system\nBe brief.\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n{"type": "function", "function": {"name": "get_weather", "description": "Current weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call><|im_end|>\n<|im_start|>user\nWeather in Lisbon? Ünïcode<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Lisbon", "n": [1, 2.5]}}\n</tool_call>\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n{"temp_c": 19}\n</tool_response>\n<tool_response>\n4\n</tool_response><|im_end|>\n<|im_start|>assistant\nLisbon is 19 C.<|im_end|>\n';

/** What a tokenizer's `decode(..., skip_special_tokens=True)` leaves of ChatML. */
const skipSpecial = (text: string) => text.replaceAll(/<\|im_(start|end)\|>/g, "");

describe("Qwen2.5 / Hermes chat text", () => {
  it("renders exactly what Qwen2.5's Jinja template renders", () => {
    expect(renderHermesChat({ messages: conversation, tools })).toBe(QWEN_RENDERED);
    expect(pythonJson({ a: [1, "x"], b: {}, c: null })).toBe('{"a": [1, "x"], "b": {}, "c": null}');
  });

  it("puts the tool section into the system prompt so a tool-less render gives the same prompt", () => {
    const merged = withHermesToolsInSystem(conversation.slice(0, 2), tools);
    expect(renderHermesChat({ messages: merged, generationPrompt: true })).toBe(
      renderHermesChat({ messages: conversation.slice(0, 2), tools, generationPrompt: true }),
    );
  });

  it("parses a whole rendered conversation back into its messages", () => {
    const parsed = parseHermesChat(QWEN_RENDERED);
    expect(parsed.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "tool",
      "assistant",
    ]);
    expect(parsed[0]).toEqual({ role: "system", content: "Be brief." });
    const assistant = parsed[2] as Extract<Message, { role: "assistant" }>;
    expect(assistant.tool_calls?.map((c) => [c.id, JSON.parse(c.function.arguments)])).toEqual([
      ["call_0_0", { city: "Lisbon", n: [1, 2.5] }],
      ["call_0_1", { city: "Oslo" }],
    ]);
    expect(parsed[3]).toEqual({
      role: "tool",
      tool_call_id: "call_0_0",
      content: '{"temp_c": 19}',
    });
    expect(parsed[4]).toMatchObject({ tool_call_id: "call_0_1", content: "4" });
    expect(parsed[5]).toEqual({ role: "assistant", content: "Lisbon is 19 C." });
  });

  it("reads a response alone, with or without its special tokens", () => {
    const prompt = renderHermesChat({
      messages: conversation.slice(0, 2),
      tools,
      generationPrompt: true,
    });
    const response = QWEN_RENDERED.slice(prompt.length);
    for (const text of [response, skipSpecial(response), `${response}<|endoftext|>`]) {
      const parsed = parseHermesChat(text);
      expect(parsed.map((m) => m.role)).toEqual(["assistant", "tool", "tool", "assistant"]);
      expect(parsed.at(-1)).toEqual({ role: "assistant", content: "Lisbon is 19 C." });
    }
  });

  it("keeps broken calls, drops reasoning, and reads a truncated turn", () => {
    const [broken] = parseHermesChat("<tool_call>\n{not json\n</tool_call>");
    expect(broken).toEqual({ role: "assistant", content: "<tool_call>\n{not json\n</tool_call>" });
    const [thought] = parseHermesChat("<think>It is 7? No.</think>\nIt is 8.<|im_end|>");
    expect(thought).toEqual({ role: "assistant", content: "It is 8." });
    const [cut] = parseHermesChat(
      '<tool_call>\n{"name": "f", "arguments": {"x": 1}}\n</tool_call><tool_call>\n{"na',
    );
    expect((cut as { tool_calls?: unknown[] }).tool_calls).toHaveLength(1);
  });
});
