import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvironmentRecord, mapPool, renderHermesChat } from "../core/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { goldConversation } from "../testing/sample-chat-tokenizer.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { startEnvServer } from "./env/start-env-server.js";
import { EnvCatalog } from "./env-catalog.js";
import { startRewardServer } from "./reward/start-reward-server.js";
import { requestJson } from "./test-helpers/post-json.js";

// A small, bounded version of bench/serve.js (100,000 requests, 1,000 sessions) for the suite.
let records: EnvironmentRecord[];
let sandbox: Sandbox;

beforeAll(async () => {
  records = await loadSampleEnvs();
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

describe("serve under load (bounded)", () => {
  it("answers 240 reward requests, 16 at a time, all correct", async () => {
    const server = await startRewardServer({ catalog: new EnvCatalog(records), sandbox });
    try {
      const bodies = records.flatMap((record) => {
        const gold = goldConversation(record).messages;
        const wrong = [...record.messages, { role: "assistant" as const, content: "No idea." }];
        return [gold, wrong].map((messages, k) => ({
          expected: k === 0 ? 1 : 0,
          body: {
            query: [renderHermesChat({ messages, tools: record.tools })],
            labels: [record.id],
          },
        }));
      });
      const jobs = Array.from({ length: 240 }, (_, i) => async () => {
        const { body, expected } = bodies[i % bodies.length];
        const reply = await requestJson(`${server.url}/get_reward`, body);
        return reply.status === 200 && reply.body.rewards[0] === expected;
      });
      const results = await mapPool(jobs, { concurrency: 16 }, (job) => job());
      expect(results.filter((ok) => !ok)).toHaveLength(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("holds 64 sessions open at once and plays each to the end", async () => {
    const server = await startEnvServer({
      catalog: new EnvCatalog(records),
      sandbox,
      maxSessions: 64,
    });
    try {
      const opened = await Promise.all(
        Array.from({ length: 64 }, (_, i) =>
          requestJson(`${server.url}/reset`, { index: i % records.length }),
        ),
      );
      expect(opened.every((r) => r.status === 200)).toBe(true);
      expect((await requestJson(`${server.url}/health`)).body.sessions).toBe(64);
      expect((await requestJson(`${server.url}/reset`, { index: 0 })).status).toBe(429);
      const rewards = await Promise.all(
        opened.map(async ({ body: { session_id, env_id } }) => {
          const record = records.find((r) => r.id === env_id)!;
          const [, , calling, ...rest] = goldConversation(record).messages;
          await requestJson(`${server.url}/step`, { session_id, message: calling });
          const answer = rest.at(-1);
          const last = await requestJson(`${server.url}/step`, { session_id, message: answer });
          await requestJson(`${server.url}/close`, { session_id });
          return last.body.final.reward;
        }),
      );
      expect(rewards).toEqual(Array(64).fill(1));
      expect((await requestJson(`${server.url}/health`)).body.sessions).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});
