import { z } from "zod";
import { parseOptions } from "../core/index.js";
import {
  createEndpoint,
  type EndpointInternals,
  EndpointOptionsSchema,
  usageOf,
} from "../endpoint/index.js";
import { nativeToolFormat } from "./native-tool-format.js";
import type { Policy, PolicyResponse } from "./policy.js";
import { textToolFormat } from "./text-tool-format.js";
import { TOOL_FORMAT_NAMES, type ToolFormat, type ToolFormatName } from "./tool-format.js";

const toolFormats = {
  native: nativeToolFormat,
  text: textToolFormat,
} satisfies Record<ToolFormatName, ToolFormat>;

/** The endpoint's options, plus how tools travel (`native` or `text`). */
export const OpenAIPolicyOptionsSchema = EndpointOptionsSchema.extend({
  /** `native`: the API's `tools` / `tool_calls`; `text`: `<tool_call>` blocks in the text. */
  toolFormat: z.enum(TOOL_FORMAT_NAMES),
});

export type OpenAIPolicyOptions = z.input<typeof OpenAIPolicyOptionsSchema> & {
  /** For tests: the backoff sleep and the jitter source. */
  _internal?: EndpointInternals;
};

/**
 * A policy backed by any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, SGLang,
 * llama.cpp, …), through the `openai` SDK.
 *
 * Endpoint faults are retried with backoff and then reject with an EndpointError that says
 * what to check; whatever the model answers — broken JSON, unknown tools — is returned as is.
 */
export function createOpenAIPolicy(options: OpenAIPolicyOptions): Policy {
  const { _internal = {}, ...rest } = options;
  const settings = parseOptions(OpenAIPolicyOptionsSchema, rest);
  const endpoint = createEndpoint(settings, _internal);
  const format = toolFormats[settings.toolFormat];

  return {
    name: `openai:${settings.model}`,
    // `record` (the gold data) is deliberately never read: a model must not see it.
    async act({ messages, tools, signal }): Promise<PolicyResponse> {
      const wire = format(tools);
      const outcome = await endpoint.chat(
        {
          messages: wire.messages(messages),
          ...(wire.tools === undefined ? {} : { tools: wire.tools }),
        },
        signal,
      );
      if ("failure" in outcome) throw endpoint.error(outcome);
      const { response } = outcome;
      const turn = messages.filter((message) => message.role === "assistant").length;
      const message = wire.reply(response.choices[0]!.message, turn);
      const usage = usageOf(response);
      if (!usage) return { message };
      const { promptTokens, completionTokens } = usage;
      return { message, usage: { promptTokens, completionTokens } };
    },
  };
}
