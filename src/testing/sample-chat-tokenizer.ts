import { trainChatTokenizer } from "../chat/index.js";
import type { EnvironmentRecord, Message } from "../core/index.js";
import type { Tokenizer } from "../model/index.js";
import { loadSampleEnvs } from "./sample-envs.js";

/**
 * A small tokenizer for tests, trained on the sample environments rendered with their gold
 * calls and answers (tool outputs are left out: no sandbox needed). Trained once per process.
 */
export async function sampleChatTokenizer(vocabSize = 420): Promise<Tokenizer> {
  const key = vocabSize;
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = loadSampleEnvs().then((records) =>
      trainChatTokenizer({ conversations: records.map(goldConversation), vocabSize }),
    );
    cache.set(key, pending);
  }
  return pending;
}

const cache = new Map<number, Promise<Tokenizer>>();

/** The environment's opening, one turn calling every gold subtask, and the answer. */
export function goldConversation(record: EnvironmentRecord): {
  messages: Message[];
  tools: EnvironmentRecord["tools"];
} {
  const calls = record.subtasks.map((s, i) => ({
    id: `call_0_${i}`,
    type: "function" as const,
    function: { name: s.tool, arguments: JSON.stringify(s.arguments) },
  }));
  const messages: Message[] = [
    ...record.messages,
    { role: "assistant", content: null, tool_calls: calls },
    ...record.subtasks.map((s, i) => ({
      role: "tool" as const,
      tool_call_id: `call_0_${i}`,
      content: JSON.stringify({ answer: s.answer }),
    })),
    { role: "assistant", content: record.answer },
  ];
  return { messages, tools: record.tools };
}
