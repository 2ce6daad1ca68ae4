// npm run bench:serve — load on toolgym's servers over loopback, each server in its own process
// (the compiled CLI, as an operator runs it) and the load from this one:
//   1. `toolgym serve reward`: REWARD_REQUESTS (default 100,000) OpenRLHF /get_reward requests,
//      one query each as OpenRLHF's SingleTurnAgentExecutor sends them, gold and wrong responses
//      of the sample environments in turn, CONNECTIONS (default 32) at a time (autocannon).
//      Every answer is checked (gold → 1, wrong → 0); errors, non-2xx and wrong rewards count.
//   2. `toolgym serve env`: SESSIONS (default 1,000) sessions open at once, each played to the
//      end (the gold calls, then the answer), then closed; a session past --max-sessions is
//      refused with 429.
// Bounded in count; ends with one line of JSON holding the figures.
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { EnvironmentRecordSchema, readJsonl, renderHermesChat } from "../dist/index.js";

const SAMPLE = fileURLToPath(new URL("../examples/envs.sample.jsonl", import.meta.url));
const CLI = fileURLToPath(new URL("../bin/toolgym.js", import.meta.url));
const REWARD_REQUESTS = Number(process.env.REWARD_REQUESTS ?? 100_000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const SESSIONS = Number(process.env.SESSIONS ?? 1_000);

/** Starts `toolgym serve …` and resolves with its URL and process. */
function startServer(...args) {
  const child = spawn(process.execPath, [CLI, "serve", ...args, "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ url: match[1], child });
    });
    child.on("exit", (code) => reject(new Error(`serve ${args[0]} exited ${code}: ${stderr}`)));
  });
}

function stopServer({ child }) {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", resolve);
    child.kill("SIGTERM");
  });
}

const rssMiB = (pid) =>
  Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)]).toString()) / 1024;

function goldCalls(record) {
  return record.subtasks.map((s, i) => ({
    id: `call_0_${i}`,
    type: "function",
    function: { name: s.tool, arguments: JSON.stringify(s.arguments) },
  }));
}

/** prompt + response texts of a Qwen2.5 model, as OpenRLHF sends them. */
function openRlhfQuery(record, gold) {
  const prompt = renderHermesChat({
    messages: record.messages,
    tools: record.tools,
    generationPrompt: true,
  });
  const calls = goldCalls(record);
  const response = gold
    ? [
        { role: "assistant", content: null, tool_calls: calls },
        ...calls.map((c) => ({ role: "tool", tool_call_id: c.id, content: "…" })),
        { role: "assistant", content: record.answer },
      ]
    : [{ role: "assistant", content: "I do not know." }];
  const query = renderHermesChat({
    messages: [...record.messages, ...response],
    tools: record.tools,
  });
  return { prompt, query };
}

async function benchReward(records) {
  const server = await startServer("reward", "--envs", SAMPLE);
  let wrongRewards = 0;
  const requests = records.flatMap((record) =>
    [true, false].map((gold) => {
      const { prompt, query } = openRlhfQuery(record, gold);
      return {
        method: "POST",
        path: "/get_reward",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: [query], prompts: [prompt], labels: [record.id] }),
        onResponse: (status, body) => {
          if (status !== 200 || JSON.parse(body).rewards[0] !== (gold ? 1 : 0)) wrongRewards++;
        },
      };
    }),
  );
  // Warm-up (JIT, the validator's schema cache), not counted.
  await autocannon({ url: server.url, requests, amount: 2_000, connections: CONNECTIONS });
  wrongRewards = 0;
  const result = await autocannon({
    url: server.url,
    requests,
    amount: REWARD_REQUESTS,
    connections: CONNECTIONS,
    timeout: 30,
  });
  const rss = rssMiB(server.child.pid);
  await stopServer(server);
  const responses = result["2xx"] + result.non2xx;
  return {
    requests: responses,
    errors: result.errors + result.timeouts + result.non2xx,
    wrongRewards,
    seconds: result.duration,
    requestsPerSecond: responses / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    connections: CONNECTIONS,
    serverRssMiB: rss,
  };
}

async function post(url, body) {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  return { status: response.status, json, ms: performance.now() - started };
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function benchSessions(records) {
  const server = await startServer("env", "--envs", SAMPLE, "--max-sessions", String(SESSIONS));
  const latencies = [];
  let errors = 0;
  let rewardSum = 0;
  const timed = async (path, body) => {
    const reply = await post(`${server.url}${path}`, body);
    latencies.push(reply.ms);
    if (reply.status !== 200) errors++;
    return reply.json;
  };
  const started = performance.now();
  const sessions = await Promise.all(
    Array.from({ length: SESSIONS }, (_, i) => timed("/reset", { index: i % records.length })),
  );
  const health = await (await fetch(`${server.url}/health`)).json();
  const refused = await post(`${server.url}/reset`, { index: 0 });
  const rssOpen = rssMiB(server.child.pid);
  await Promise.all(
    sessions.map(async ({ session_id, env_id }) => {
      const record = records.find((r) => r.id === env_id);
      await timed("/step", {
        session_id,
        message: { role: "assistant", content: null, tool_calls: goldCalls(record) },
      });
      const last = await timed("/step", {
        session_id,
        message: { role: "assistant", content: record.answer },
      });
      rewardSum += last.final?.reward ?? 0;
      await timed("/close", { session_id });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await stopServer(server);
  latencies.sort((a, b) => a - b);
  return {
    sessions: SESSIONS,
    openAtOnce: health.sessions,
    beyondLimitStatus: refused.status,
    requests: latencies.length,
    errors,
    meanReward: rewardSum / SESSIONS,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    serverRssMiBWithAllOpen: rssOpen,
  };
}

const records = await readJsonl(SAMPLE, EnvironmentRecordSchema);
const reward = await benchReward(records);
console.log(
  `serve reward: ${reward.requests} requests, ${reward.errors} errors, ${reward.wrongRewards} wrong rewards, ` +
    `${reward.requestsPerSecond.toFixed(0)} req/s, p50 ${reward.latencyMs.p50} ms, p99 ${reward.latencyMs.p99} ms ` +
    `(${reward.connections} connections, server RSS ${reward.serverRssMiB.toFixed(0)} MiB)`,
);
const env = await benchSessions(records);
console.log(
  `serve env: ${env.sessions} sessions open at once (${env.openAtOnce} on the server; one more → ${env.beyondLimitStatus}), ` +
    `${env.requests} requests, ${env.errors} errors, mean reward ${env.meanReward.toFixed(3)}, ` +
    `${env.requestsPerSecond.toFixed(0)} req/s, p50 ${env.latencyMs.p50.toFixed(1)} ms, p99 ${env.latencyMs.p99.toFixed(1)} ms, ` +
    `server RSS with all open ${env.serverRssMiBWithAllOpen.toFixed(0)} MiB`,
);
console.log(JSON.stringify({ reward, env }));
