import { z } from "zod";
import { MessageSchema, ToolSpecSchema } from "./message.js";

export const SCENARIOS = [
  "single_hop",
  "parallel_single_hop",
  "multi_hop",
  "parallel_multi_hop",
] as const;
export const ScenarioSchema = z.enum(SCENARIOS);
export type Scenario = z.infer<typeof ScenarioSchema>;

/** One step of the gold plan: the sub-question, the call that answers it, its sub-answer. */
export const SubtaskSchema = z.object({
  question: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  answer: z.string(),
  /** Indices of the subtasks whose answers this one needs (a multi-hop chain). */
  after: z.array(z.number().int().nonnegative()).default([]),
});
export type Subtask = z.infer<typeof SubtaskSchema>;

/** One task in one environment (DESIGN.md, "Record formats"). */
export const EnvironmentRecordSchema = z
  .object({
    id: z.string().min(1),
    scenario: ScenarioSchema,
    messages: z.array(MessageSchema).min(1),
    tools: z.array(ToolSpecSchema),
    code: z.record(z.string(), z.string()),
    subtasks: z.array(SubtaskSchema),
    answer: z.string(),
    meta: z
      .object({
        seed: z.number().optional(),
        source: z.string().optional(),
        complexity: z.record(z.string(), z.unknown()).optional(),
      })
      .catchall(z.unknown())
      .default({}),
  })
  .superRefine((record, ctx) => {
    const names = new Set(record.tools.map((t) => t.function.name));
    for (const name of names) {
      if (!(name in record.code)) {
        ctx.addIssue({
          code: "custom",
          path: ["code", name],
          message: `tool "${name}" has no code`,
        });
      }
    }
    record.subtasks.forEach((subtask, i) => {
      if (!names.has(subtask.tool)) {
        ctx.addIssue({
          code: "custom",
          path: ["subtasks", i, "tool"],
          message: `unknown tool "${subtask.tool}" (tools: ${[...names].join(", ")})`,
        });
      }
      for (const dep of subtask.after) {
        if (dep >= i) {
          ctx.addIssue({
            code: "custom",
            path: ["subtasks", i, "after"],
            message: `subtask ${i} depends on ${dep}, which does not come before it`,
          });
        }
      }
    });
  });
export type EnvironmentRecord = z.infer<typeof EnvironmentRecordSchema>;
