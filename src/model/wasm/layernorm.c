/* LayerNorm over channels, eps 1e-5. See src/model/layers/layernorm.ts. N = B·T rows. */
#include "engine-math.h"

/* out (N, C); mean, rstd (N) kept for the backward pass; inp (N, C); weight, bias (C) */
EXPORT(layernorm_forward)
void layernorm_forward(float* restrict out, float* restrict mean, float* restrict rstd,
                       const float* restrict inp, const float* restrict weight, const float* restrict bias,
                       int N, int C) {
  for (int n = 0; n < N; n++) {
    const float* x = inp + n * C;
    float* o = out + n * C;
    float sum = 0;
    for (int c = 0; c < C; c++) sum += x[c];
    float m = sum / C;
    /* Two passes: exact for activations with a large mean. */
    float sq = 0;
    for (int c = 0; c < C; c++) {
      float d = x[c] - m;
      sq += d * d;
    }
    float s = 1.0f / __builtin_sqrtf(sq / C + 1e-5f);
    for (int c = 0; c < C; c++) o[c] = (x[c] - m) * s * weight[c] + bias[c];
    mean[n] = m;
    rstd[n] = s;
  }
}

/*
 * dinp (N, C) += ∂/∂inp (LayerNorm sits on a residual branch); dweight, dbias (C) +=.
 * dx = s · (dnorm − mean(dnorm) − norm · mean(dnorm · norm)), dnorm = dout · w.
 */
EXPORT(layernorm_backward)
void layernorm_backward(float* restrict dinp, float* restrict dweight, float* restrict dbias,
                        const float* restrict dout, const float* restrict inp, const float* restrict weight,
                        const float* restrict mean, const float* restrict rstd, int N, int C) {
  for (int n = 0; n < N; n++) {
    const float* x = inp + n * C;
    const float* d = dout + n * C;
    float* dx = dinp + n * C;
    float m = mean[n];
    float s = rstd[n];
    float dnormMean = 0;
    float dnormNormMean = 0;
    for (int c = 0; c < C; c++) {
      float norm = (x[c] - m) * s;
      float dnorm = d[c] * weight[c];
      dnormMean += dnorm;
      dnormNormMean += dnorm * norm;
    }
    dnormMean /= C;
    dnormNormMean /= C;
    for (int c = 0; c < C; c++) {
      float norm = (x[c] - m) * s;
      dbias[c] += d[c];
      dweight[c] += d[c] * norm;
      dx[c] += (d[c] * weight[c] - dnormMean - norm * dnormNormMean) * s;
    }
  }
}
