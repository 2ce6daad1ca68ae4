import { Table, vectorFromArray } from "apache-arrow";
import { type EnvironmentRecord, withHermesToolsInSystem } from "../../core/index.js";
import { arrowInt, arrowString, arrowStruct, plainMessagesType } from "../parquet.js";

/**
 * verl's RL dataset rows (the columns of `examples/data_preprocess/gsm8k.py`): `data_source`,
 * `prompt` (chat messages), `ability`, `reward_model: {style: "rule", ground_truth}` and
 * `extra_info` with the environment id, its tools (JSON) and the gold answer. verl renders
 * `prompt` with the model's chat template and no tools, so the tools are written into the
 * system message in Qwen2.5's own wording (`withHermesToolsInSystem`): the prompt a Qwen-family
 * model reads is then exactly the one its template renders with `tools=`.
 */
export function verlTable(
  records: readonly EnvironmentRecord[],
  options: { dataSource: string; split: string },
): Table {
  const rows = records.map((record, index) => ({
    prompt: withHermesToolsInSystem(record.messages, record.tools).map((m) => ({
      role: m.role,
      content: m.content ?? "",
    })),
    reward_model: { style: "rule", ground_truth: record.answer },
    extra_info: {
      split: options.split,
      index: BigInt(index),
      env_id: record.id,
      scenario: record.scenario,
      tools: JSON.stringify(record.tools),
      answer: record.answer,
    },
  }));
  return new Table({
    data_source: vectorFromArray(
      rows.map(() => options.dataSource),
      arrowString,
    ),
    prompt: vectorFromArray(
      rows.map((r) => r.prompt),
      plainMessagesType,
    ),
    ability: vectorFromArray(
      rows.map(() => "tool_use"),
      arrowString,
    ),
    reward_model: vectorFromArray(
      rows.map((r) => r.reward_model),
      arrowStruct({ style: arrowString, ground_truth: arrowString }),
    ),
    extra_info: vectorFromArray(
      rows.map((r) => r.extra_info),
      arrowStruct({
        split: arrowString,
        index: arrowInt,
        env_id: arrowString,
        scenario: arrowString,
        tools: arrowString,
        answer: arrowString,
      }),
    ),
  });
}
