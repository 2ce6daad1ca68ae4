import { z } from "zod";
import { WireMessageSchema } from "../wire/wire-message.js";

/**
 * OpenRLHF's remote reward request (`openrlhf/utils/agent.py`, `_fetch_rewards_via_http`):
 * `query` holds prompt + response texts, `prompts` the prompts, `labels` the dataset's label
 * column — here the environment id of each query.
 */
export const OpenRlhfRewardRequestSchema = z
  .object({
    query: z.array(z.string()),
    prompts: z.array(z.string()).optional(),
    labels: z.array(z.string(), {
      error: "labels must be a list of environment ids, one per query",
    }),
  })
  .superRefine((request, ctx) => {
    for (const key of ["labels", "prompts"] as const) {
      const list = request[key];
      if (list !== undefined && list.length !== request.query.length) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `has ${list.length} entries but query has ${request.query.length}`,
        });
      }
    }
  });

/** toolgym's own scoring request: one trajectory as OpenAI chat messages. */
export const ScoreRequestSchema = z.object({
  env_id: z.string().min(1),
  messages: z.array(WireMessageSchema),
});
