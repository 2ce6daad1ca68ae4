import type { ModelConfig } from "./model-config.js";
import { parameterLayout } from "./parameter-layout.js";
import type { SeededRng } from "./seeded-rng.js";

/**
 * GPT-2 initialization, as nanoGPT does it: every weight matrix and both embeddings ~ N(0, 0.02),
 * biases 0, LayerNorm gains 1; the two projections that write into the residual stream
 * (attn.c_proj, mlp.c_proj) scaled by 1/sqrt(2·nLayer) so the stream's variance does not grow
 * with depth (GPT-2 paper §2.3).
 *
 * Parameters are drawn in layout order from `rng`, so the same seed gives bit-identical weights.
 */
export function initGpt2(params: Float32Array, config: ModelConfig, rng: SeededRng): void {
  const projStd = 0.02 / Math.sqrt(2 * config.nLayer);
  for (const spec of parameterLayout(config)) {
    const view = params.subarray(spec.offset, spec.offset + spec.size);
    if (spec.name.endsWith(".bias")) {
      view.fill(0);
    } else if (/ln_\w+\.weight$/.test(spec.name)) {
      view.fill(1);
    } else {
      const std = spec.name.endsWith("c_proj.weight") ? projStd : 0.02;
      for (let i = 0; i < view.length; i++) view[i] = rng.nextNormal() * std;
    }
  }
}
