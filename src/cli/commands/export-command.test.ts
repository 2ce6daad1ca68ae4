import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AssistantMessage,
  type EnvironmentRecord,
  type Message,
  pythonJson,
  renderHermesChat,
  type Trajectory,
} from "../../core/index.js";
import { createOraclePolicy } from "../../policy/index.js";
import { runRollouts } from "../../rollout/index.js";
import {
  EnvCatalog,
  type RunningServer,
  startEnvServer,
  startRewardServer,
} from "../../serve/index.js";
import { readParquet } from "../../testing/read-parquet.js";
import { runPython } from "../../testing/run-python.js";
import { loadSampleEnvs, SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { runCli } from "../test-helpers/run-cli.js";

const TOKEN = "py-token";
let records: EnvironmentRecord[];
let oracle: Map<string, Trajectory>;
let reward: RunningServer;
let env: RunningServer;
let pythonEnv: Record<string, string>;
const byId = (id: string) => records.find((r) => r.id === id)!;

/** One assistant turn as a Qwen-family model writes it after `<|im_start|>assistant\n`. */
function turnText(message: AssistantMessage): string {
  const calls = (message.tool_calls ?? []).map(
    (c) =>
      `\n<tool_call>\n{"name": "${c.function.name}", "arguments": ${pythonJson(JSON.parse(c.function.arguments))}}\n</tool_call>`,
  );
  return `${message.content ?? ""}${calls.join("")}`.replace(/^\n/, "");
}

const assistantTurns = (messages: readonly Message[]) =>
  messages.filter((m): m is AssistantMessage => m.role === "assistant");

async function exportTo(format: string, extra: string[] = []): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `toolgym-${format}-`));
  const { code, stderr } = await runCli(
    "export",
    "--format",
    format,
    "--envs",
    SAMPLE_ENVS_PATH,
    "--out",
    out,
    ...extra,
  );
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return out;
}

beforeAll(async () => {
  records = await loadSampleEnvs();
  const { trajectories } = await runRollouts({ records, policy: createOraclePolicy() });
  oracle = new Map(trajectories.map((t) => [t.env_id, t]));
  const catalog = new EnvCatalog(records);
  reward = await startRewardServer({ catalog, token: TOKEN });
  env = await startEnvServer({ catalog, token: TOKEN });
  pythonEnv = { TOOLGYM_REWARD_URL: reward.url, TOOLGYM_ENV_URL: env.url, TOOLGYM_TOKEN: TOKEN };
});
afterAll(async () => {
  await reward?.close();
  await env?.close();
});

describe("generated Python glue, run by python3 against live servers", () => {
  it("verl: compute_score scores gold rollouts 1 and wrong answers 0, from the exported rows", async () => {
    const out = await exportTo("verl");
    const { rows } = await readParquet(join(out, "data.parquet"));
    const skipSpecial = (text: string) =>
      text.replaceAll(/<\|im_(start|end)\|>|<\|endoftext\|>/g, "");
    const cases = ["sample-07", "sample-12", "sample-03"].map((id, i) => {
      const row = rows.find((r) => r.extra_info.env_id === id)!;
      const record = byId(id);
      const trajectory = oracle.get(id)!;
      const response =
        i < 2
          ? renderHermesChat({ messages: trajectory.messages, tools: record.tools }).slice(
              renderHermesChat({
                messages: record.messages,
                tools: record.tools,
                generationPrompt: true,
              }).length,
            )
          : "I believe it was Tolkien.<|im_end|>";
      return {
        data_source: row.data_source,
        solution_str: skipSpecial(response),
        ground_truth: row.reward_model.ground_truth,
        extra_info: row.extra_info,
      };
    });
    const scores = await runPython(
      `import json, sys
sys.path.insert(0, ${JSON.stringify(out)})
from toolgym_reward import compute_score
cases = json.load(open(sys.argv[1]))
print(json.dumps([compute_score(**case) for case in cases]))
`,
      cases,
      pythonEnv,
    );
    expect(scores.map((s: { score: number }) => s.score)).toEqual([1, 1, 0]);
    expect(scores[0]).toMatchObject({ answer: 1, solve_f1: 1, solve_p: 1, solve_r: 1 });
    expect(scores[2]).toMatchObject({ answer: 0, solve_r: 0 });
  });

  it("openrlhf: the agent file plays environments to the end the way OpenRLHF's executor drives it", async () => {
    const out = await exportTo("openrlhf", ["--env-url", env.url]);
    const prompts = readFileSync(join(out, "prompts.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const cases = ["sample-07", "sample-11", "sample-02"].map((id, i) => {
      const row = prompts.find((p) => p.label === id);
      const prompt = renderHermesChat({ messages: row.prompt, generationPrompt: true });
      const actions =
        i < 2 ? assistantTurns(oracle.get(id)!.messages).map(turnText) : ["About 200 euros."];
      return { prompt, label: row.label, actions };
    });
    // MultiTurnAgentExecutor.execute (openrlhf/utils/agent.py), in text: reset, then step with
    // each action, appending action and feedback to the observation, until done.
    const played = await runPython(
      `import asyncio, importlib.util, json, sys
spec = importlib.util.spec_from_file_location("agent_module", ${JSON.stringify(join(out, "toolgym_agent.py"))})
agent_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(agent_module)

async def play(prompt, label, actions):
    agent = agent_module.AgentInstance()
    observation = (await agent.reset({"observation": prompt, "label": label}))["observation"]
    total, texts = 0.0, []
    for action in actions:
        result = await agent.step({"observation_text": observation, "action_text": action, "label": label, "sampling_params": None})
        total += result["rewards"].item()
        observation = observation + action + result["environment_feedback"]
        texts.append(observation)
        if result["done"]:
            return {"done": True, "total": total, "scores": result["scores"].item(),
                    "extra_logs": {k: v.item() for k, v in result["extra_logs"].items()}, "texts": texts}
    return {"done": False, "total": total, "texts": texts}

cases = json.load(open(sys.argv[1]))
print(json.dumps({"executor": hasattr(agent_module, "AgentExecutor"),
                  "results": [asyncio.run(play(**case)) for case in cases]}))
`,
      cases,
      { TOOLGYM_TOKEN: TOKEN },
    );
    expect(played.executor).toBe(false); // openrlhf is not installed here
    const [multiHop, parallel, wrong] = played.results;
    expect(multiHop).toMatchObject({
      done: true,
      total: 1,
      scores: 1,
      extra_logs: { answer: 1, solve_f1: 1 },
    });
    expect(parallel).toMatchObject({ done: true, total: 1 });
    expect(wrong).toMatchObject({ done: true, total: 0, extra_logs: { solve_r: 0 } });
    // The text the model read after its first turn is Qwen2.5's template of the conversation
    // (with the <|im_end|> that ends the action as a token, not in vLLM's decoded text).
    const trajectory = oracle.get("sample-07")!;
    const firstTool = trajectory.messages.findIndex((m) => m.role === "tool");
    const expected = renderHermesChat({
      messages: [
        { role: "system", content: prompts.find((p) => p.label === "sample-07").prompt[0].content },
        ...trajectory.messages.slice(1, firstTool + 1),
      ],
      generationPrompt: true,
    });
    const [afterFirst] = multiHop.texts;
    const withEnd = afterFirst.replace(
      "</tool_call>\n<|im_start|>user",
      "</tool_call><|im_end|>\n<|im_start|>user",
    );
    expect(withEnd).toBe(expected);
  });

  it("ftrl: the codes column runs each tool through toolgym serve env, as FTRL's call_function does", async () => {
    const out = await exportTo("ftrl", ["--env-url", env.url]);
    const { rows } = await readParquet(join(out, "data.parquet"));
    const record = byId("sample-09");
    const row = rows.find((r) => r.answer === record.answer && r.solve_rate === 0)!;
    const cases = [
      ...record.subtasks.map((s) => ({ name: s.tool, arguments: s.arguments })),
      { name: "get_weather", arguments: { city: "Atlantis" } },
    ];
    const outputs = await runPython(
      `import json, sys
def call_function(name, arguments, code, **kwargs):  # FTRL's Code/utils/utils.py, without its timeout
    exec(code)
    predict = eval(name)(**arguments, **kwargs)
    if type(predict) == dict or type(predict) == list:
        predict = json.dumps(predict, ensure_ascii=False)
    elif type(predict) != str:
        predict = str(predict)
    return predict

data = json.load(open(sys.argv[1]))
codes = json.loads(data["codes"])
results = []
for case in data["cases"]:
    try:
        results.append(call_function(case["name"], case["arguments"], codes[case["name"]]))
    except Exception as e:
        results.append("an error occured when call " + case["name"] + ": " + str(e))
print(json.dumps(results))
`,
      { codes: row.codes, cases },
      { TOOLGYM_TOKEN: TOKEN },
    );
    for (const [i, s] of record.subtasks.entries()) {
      expect(outputs[i].toLowerCase()).toContain(s.answer.toLowerCase());
    }
    expect(outputs.at(-1)).toMatch(
      /^an error occured when call get_weather: error: get_weather failed .*Atlantis/,
    );
  });

  it("trl-grpo: the reward function scores TRL completions, tool calls as objects or as text", async () => {
    const out = await exportTo("trl-grpo");
    const rows = readFileSync(join(out, "grpo.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const record = byId("sample-10");
    const trajectory = oracle.get(record.id)!;
    const completion = trajectory.messages.slice(record.messages.length);
    const asTrl = completion.map((m) =>
      m.role === "assistant" && m.tool_calls
        ? {
            role: "assistant",
            content: "",
            tool_calls: m.tool_calls.map((c) => ({
              type: "function",
              function: { name: c.function.name, arguments: JSON.parse(c.function.arguments) },
            })),
          }
        : m,
    );
    const asText = assistantTurns(completion).map((m) => ({
      role: "assistant",
      content: turnText(m),
    }));
    const row = rows.find((r) => r.env_id === record.id);
    const rewards = await runPython(
      `import json, sys
sys.path.insert(0, ${JSON.stringify(out)})
from toolgym_trl_reward import toolgym_reward
data = json.load(open(sys.argv[1]))
print(json.dumps(toolgym_reward(prompts=data["prompts"], completions=data["completions"], env_id=data["env_id"], answer=data["answer"])))
`,
      {
        prompts: [row.prompt, row.prompt, row.prompt],
        completions: [asTrl, asText, [{ role: "assistant", content: "No idea." }]],
        env_id: [row.env_id, row.env_id, row.env_id],
        answer: [row.answer, row.answer, row.answer],
      },
      pythonEnv,
    );
    expect(rewards).toEqual([1, 1, 0]);
  });

  it("a refused request is raised with the server's message, not scored 0", async () => {
    const out = await exportTo("verl");
    const error = await runPython(
      `import json, sys
sys.path.insert(0, ${JSON.stringify(out)})
from toolgym_reward import compute_score
try:
    compute_score("toolgym", "hi", "x", {"env_id": "no-such-env"})
    print(json.dumps("no error"))
except RuntimeError as e:
    print(json.dumps(str(e)))
`,
      null,
      pythonEnv,
    );
    expect(error).toMatch(/\(404\).*unknown environment id \\"no-such-env\\"/);
  });
});
