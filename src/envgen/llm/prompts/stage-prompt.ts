import { z } from "zod";
import type { StageName } from "../../stages/stage-types.js";
import type { ChatText } from "../json-chat-client.js";

/**
 * One FTRL stage as a prompt: the instructions (system), the stage's input as JSON (user), and
 * the schema its answer must meet. `version` is part of every cache key: change the text, bump
 * the version, and cached answers to the old text are no longer served.
 */
export interface StagePrompt<I, O> {
  stage: StageName;
  version: string;
  /** A name for `response_format.json_schema.name`. */
  schemaName: string;
  system: string;
  output: z.ZodType<O>;
  /** What the model must see of the input, as plain JSON (also the cache key's input). */
  input(value: I): Record<string, unknown>;
}

/**
 * The chat for a stage: instructions, then the input and the answer's JSON Schema. The schema is
 * in the text as well as in `response_format` so a server without structured output (json_object
 * or plain text) still knows the shape.
 */
export function renderStagePrompt<I, O>(
  prompt: StagePrompt<I, O>,
  input: Record<string, unknown>,
): ChatText[] {
  const schema = JSON.stringify(stageJsonSchema(prompt));
  return [
    { role: "system", content: prompt.system },
    {
      role: "user",
      content: `Input:\n${JSON.stringify(input, null, 2)}\n\nAnswer with one JSON object that matches this JSON Schema:\n${schema}`,
    },
  ];
}

/**
 * The answer's JSON Schema for `response_format`, without what zod adds that grammar-based
 * decoders (vLLM's xgrammar/outlines, llama.cpp) may refuse and that says nothing here:
 * `$schema`, `propertyNames: {type: "string"}` (JSON keys are strings anyway) and the
 * safe-integer bounds of `.int()`.
 */
export function stageJsonSchema<I, O>(prompt: StagePrompt<I, O>): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(prompt.output, { io: "input" }) as Record<
    string,
    unknown
  >;
  return JSON.parse(JSON.stringify(schema), (_key, value: unknown) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const { propertyNames, minimum, maximum, ...rest } = value as Record<string, unknown>;
    return {
      ...rest,
      ...(propertyNames === undefined || (propertyNames as { type?: string }).type === "string"
        ? {}
        : { propertyNames }),
      ...(minimum === undefined || minimum === Number.MIN_SAFE_INTEGER ? {} : { minimum }),
      ...(maximum === undefined || maximum === Number.MAX_SAFE_INTEGER ? {} : { maximum }),
    };
  }) as Record<string, unknown>;
}

// ── Shared pieces of the answer schemas ───────────────────────────────────────────────────

/** JSON as the model writes it: any value (the stages' JsonValue). */
export const JsonValueSchema: z.ZodType<unknown> = z.unknown();
export const JsonObjectSchema = z.record(z.string(), JsonValueSchema);

export const ToolFamilySchema = z.enum([
  "lookup",
  "relation",
  "conversion",
  "arithmetic",
  "date",
  "other",
]);

/** A tool document as the model writes it: the OpenAI function fields plus FTRL bookkeeping. */
export const WireToolSchema = z.object({
  name: z
    .string()
    .regex(
      /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
      "a tool name is 1-64 chars of [A-Za-z0-9_], not starting with a digit",
    ),
  description: z.string().min(1),
  parameters: z
    .object({ type: z.literal("object"), properties: z.record(z.string(), JsonObjectSchema) })
    .loose(),
  family: ToolFamilySchema,
  /** The step capabilities this tool answers. */
  capabilities: z.array(z.string()),
});
export type WireTool = z.infer<typeof WireToolSchema>;

/** The call that answers step `step` (0-based). */
export const WireCallSchema = z.object({
  step: z.number().int().nonnegative(),
  tool: z.string(),
  arguments: JsonObjectSchema,
});
export type WireCall = z.infer<typeof WireCallSchema>;
