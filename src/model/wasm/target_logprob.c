/*
 * Log-softmax over the vocabulary gathered at the targets; rows whose mask is 0 are skipped.
 * See src/model/layers/target-logprob.ts. N = B·T rows.
 */
#include "engine-math.h"

/* logprobs (N); probs (N, V) = softmax(logits) where the mask is set; logits (N, V); targets (N) */
EXPORT(target_logprob_forward)
void target_logprob_forward(float* restrict logprobs, float* restrict probs, const float* restrict logits,
                            const int32_t* restrict targets, const uint8_t* restrict mask, int N, int V) {
  for (int n = 0; n < N; n++) {
    if (!mask[n]) {
      logprobs[n] = 0;
      continue;
    }
    const float* l = logits + n * V;
    float* p = probs + n * V;
    float mx = row_max(l, V);
    float sum = exp_shift_sum(p, l, mx, V);
    scale_row(p, 1.0f / sum, V);
    logprobs[n] = (float)((double)l[targets[n]] - mx - log_d(sum));
  }
}

/* dlogits (N, V) = dlogprobs[n] · (1[v = target] − probs); may alias probs */
EXPORT(target_logprob_backward)
void target_logprob_backward(float* dlogits, const float* restrict dlogprobs, const float* probs,
                             const int32_t* restrict targets, const uint8_t* restrict mask, int N, int V) {
  for (int n = 0; n < N; n++) {
    float* d = dlogits + n * V;
    const float* p = probs + n * V;
    float g = mask[n] ? dlogprobs[n] : 0.0f;
    if (g == 0.0f) {
      for (int v = 0; v < V; v++) d[v] = 0;
      continue;
    }
    for (int v = 0; v < V; v++) d[v] = -g * p[v];
    d[targets[n]] += g;
  }
}
