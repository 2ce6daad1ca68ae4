import { type EnvironmentRecord, withHermesToolsInSystem } from "../../core/index.js";

/**
 * OpenRLHF prompt rows (`--data.input_key prompt --data.label_key label
 * --data.apply_chat_template`): `prompt` is the environment's opening as chat messages, tools
 * written into the system message (OpenRLHF renders prompts without `tools=`), and `label` is
 * the environment id, which the reward server and the agent file look up.
 */
export function openRlhfRows(records: readonly EnvironmentRecord[]) {
  return records.map((record) => ({
    prompt: withHermesToolsInSystem(record.messages, record.tools),
    label: record.id,
  }));
}
