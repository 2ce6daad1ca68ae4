import { z } from "zod";

/** A JSON Schema object, kept as data: ajv (in env) is what interprets it. */
export const JsonSchemaSchema = z.record(z.string(), z.unknown());
export type JsonSchema = z.infer<typeof JsonSchemaSchema>;

/** The OpenAI function tool: `{type:"function", function:{name, description, parameters}}`. */
export const ToolSpecSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, "tool names are 1-64 chars of [A-Za-z0-9_.-]"),
    description: z.string().default(""),
    parameters: JsonSchemaSchema.default({ type: "object", properties: {} }),
  }),
});
export type ToolSpec = z.infer<typeof ToolSpecSchema>;
