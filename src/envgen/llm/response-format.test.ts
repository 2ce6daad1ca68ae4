import { APIError } from "openai";
import { describe, expect, it } from "vitest";
import type { EndpointFailure } from "../../endpoint/index.js";
import { decompositionPrompt } from "./prompts/decomposition-prompt.js";
import { stageJsonSchema } from "./prompts/stage-prompt.js";
import { isUnsupportedFormatFailure, weakerMode } from "./response-format.js";

const refusal = (status: number, message: string): EndpointFailure => ({
  retryable: false,
  status,
  detail: `HTTP ${status}`,
  cause: APIError.generate(status, { error: { message } }, undefined, new Headers()),
});

describe("isUnsupportedFormatFailure", () => {
  it("recognizes how servers word a refused response format", () => {
    for (const message of [
      "response_format type json_schema is not supported", // llama.cpp-style
      "The provided JSON schema contains features not supported by xgrammar.", // vLLM
      "Unrecognized request argument supplied: response_format", // older proxies
      "guided decoding backend does not support this schema",
    ]) {
      expect(isUnsupportedFormatFailure(refusal(400, message)), message).toBe(true);
    }
  });

  it("leaves other refusals to the operator", () => {
    expect(isUnsupportedFormatFailure(refusal(400, "max_tokens is too large: 99999"))).toBe(false);
    expect(isUnsupportedFormatFailure(refusal(401, "response_format needs a paid plan"))).toBe(
      false,
    );
  });

  it("steps down json_schema → json_object → text → nothing", () => {
    expect([weakerMode("json_schema"), weakerMode("json_object"), weakerMode("text")]).toEqual([
      "json_object",
      "text",
      undefined,
    ]);
  });
});

describe("stageJsonSchema", () => {
  it("leaves out what grammar decoders refuse and zod adds for nothing", () => {
    const text = JSON.stringify(stageJsonSchema(decompositionPrompt));
    expect(text).not.toMatch(/\$schema|propertyNames|9007199254740991/);
    expect(text).toContain('"after":{"type":"array","items":{"type":"integer","minimum":0}}');
  });
});
