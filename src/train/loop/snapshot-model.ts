import { Gpt } from "../../model/index.js";

/**
 * A frozen copy of `model`'s current weights — the reference policy of the KL terms and of
 * DPO. It shares nothing with `model` (its own arena), so later updates never reach it.
 */
export function snapshotModel(model: Gpt): Gpt {
  return new Gpt({ config: model.config, kernel: model.kernel, params: model.params });
}
