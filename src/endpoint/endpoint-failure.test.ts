import { afterEach, describe, expect, it } from "vitest";
import { EndpointError, parseOptions } from "../core/index.js";
import {
  type ScriptEntry,
  type ScriptedChatServer,
  startScriptedChatServer,
} from "../testing/scripted-chat-server.js";
import { createEndpoint, EndpointOptionsSchema } from "./endpoint.js";

let server: ScriptedChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An endpoint at a scripted server, with instant backoff. */
async function endpointFor(responses: ScriptEntry[], maxRetries = 1) {
  server = await startScriptedChatServer({ responses });
  const settings = parseOptions(EndpointOptionsSchema, {
    model: "m",
    baseURL: server.url,
    maxRetries,
  });
  return createEndpoint(settings, { sleep: async () => {}, random: () => 0 });
}

const hello = { messages: [{ role: "user" as const, content: "hi" }] };

async function failure(responses: ScriptEntry[]): Promise<EndpointError> {
  const endpoint = await endpointFor(responses);
  const outcome = await endpoint.chat(hello);
  if (!("failure" in outcome)) throw new Error("expected the endpoint to fail");
  return endpoint.error(outcome);
}

describe("endpoint failures, said as they happened", () => {
  it("a connection the server resets is reported as a reset, not as a server that is not running", async () => {
    const error = await failure([{ kind: "reset" }, { kind: "reset" }]);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toMatch(/connection was reset before an answer came \(ECONNRESET\)/);
    expect(error.message).toMatch(/after 2 attempts/);
    expect(error.message).not.toMatch(/could not connect|is running/);
  });

  it("an answer cut off mid-body is retried, and reported as a dropped connection when it keeps happening", async () => {
    const endpoint = await endpointFor([{ kind: "cut" }, "fine"]);
    const outcome = await endpoint.chat(hello);
    expect("response" in outcome && outcome.response.choices[0]!.message.content).toBe("fine");

    const error = await failure([{ kind: "cut" }, { kind: "cut" }]);
    expect(error.message).toMatch(
      /connection dropped while the answer was arriving \(ECONNRESET\)/,
    );
    expect(error.message).toMatch(/after 2 attempts/);
  });
});
