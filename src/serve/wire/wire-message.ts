import { z } from "zod";
import { type AssistantMessage, type Message, parseHermesChat } from "../../core/index.js";

/**
 * Chat messages as clients really send them, read into toolgym's `Message`: content as a string,
 * null, or an array of `{type: "text", text}` parts; tool-call arguments as a JSON string (the
 * OpenAI API) or an object (TRL, Hugging Face templates); call ids and `type` optional. Fields
 * toolgym does not use (`name`, `refusal`, …) are accepted and dropped.
 */
const ContentSchema = z
  .union([
    z.string(),
    z.null(),
    z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  ])
  .optional()
  .transform((content) => {
    if (content === undefined || content === null) return null;
    if (typeof content === "string") return content;
    return content.map((part) => part.text ?? "").join("");
  });

const WireToolCallSchema = z.looseObject({
  id: z.string().optional(),
  type: z.literal("function").optional(),
  function: z.looseObject({
    name: z.string().min(1),
    arguments: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .transform((args) =>
        args === undefined ? "{}" : typeof args === "string" ? args : JSON.stringify(args),
      ),
  }),
});

export const WireAssistantMessageSchema = z
  .looseObject({
    role: z.literal("assistant"),
    content: ContentSchema,
    tool_calls: z.array(WireToolCallSchema).nullable().optional(),
  })
  .transform((m): AssistantMessage => {
    const calls = m.tool_calls ?? [];
    if (calls.length === 0) return { role: "assistant", content: m.content };
    return {
      role: "assistant",
      content: m.content,
      tool_calls: calls.map((call, i) => ({
        id: call.id ?? `call_${i}`,
        type: "function" as const,
        function: { name: call.function.name, arguments: call.function.arguments },
      })),
    };
  });

export const WireMessageSchema = z.union([
  z
    .looseObject({ role: z.enum(["system", "developer"]), content: ContentSchema })
    .transform((m): Message => ({ role: "system", content: m.content ?? "" })),
  z
    .looseObject({ role: z.literal("user"), content: ContentSchema })
    .transform((m): Message => ({ role: "user", content: m.content ?? "" })),
  WireAssistantMessageSchema,
  z
    .looseObject({
      role: z.literal("tool"),
      tool_call_id: z.string().optional(),
      content: ContentSchema,
    })
    .transform(
      (m): Message => ({
        role: "tool",
        tool_call_id: m.tool_call_id ?? "",
        content: m.content ?? "",
      }),
    ),
]);

/**
 * What a model wrote for one assistant turn, read as a message: Hermes `<tool_call>` blocks
 * become calls with ids `call_<turn>_<i>` (as every text-format policy numbers them), chat
 * markers and `<think>` blocks are dropped, and anything else is the text. Never throws: text
 * without a readable call is an answer.
 *
 * @example
 * assistantFromText('<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>', 2).tool_calls?.[0].id // "call_2_0"
 */
export function assistantFromText(text: string, turn: number): AssistantMessage {
  const message = parseHermesChat(text).find((m) => m.role === "assistant");
  if (message === undefined || message.role !== "assistant") {
    return { role: "assistant", content: text.trim() };
  }
  const calls = message.tool_calls?.map((call, i) => ({ ...call, id: `call_${turn}_${i}` }));
  return calls === undefined ? message : { ...message, tool_calls: calls };
}
