/*
 * GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))), fused with the c_fc bias.
 * See src/model/layers/gelu.ts. N = B·T rows, O = 4C features.
 */
#include "engine-math.h"

#define GELU_K 0.7978845608028654f
#define GELU_A 0.044715f

/*
 * pre (N, O): x·W in, x·W + b out (kept: the backward pass needs the GELU input);
 * tanh (N, O) kept for the backward pass; out (N, O); bias (O).
 */
EXPORT(gelu_bias_forward)
void gelu_bias_forward(float* restrict pre, float* restrict tanh_out, float* restrict out, const float* restrict bias, int N, int O) {
  for (int n = 0; n < N; n++) {
    float* p = pre + n * O;
    float* th = tanh_out + n * O;
    float* o = out + n * O;
    for (int j = 0; j < O; j++) {
      float x = p[j] + bias[j];
      float t = fast_tanhf(GELU_K * (x + GELU_A * x * x * x));
      p[j] = x;
      th[j] = t;
      o[j] = 0.5f * x * (1.0f + t);
    }
  }
}

/* dinp (M) = dout (M) · gelu'(inp); dinp may alias dout. inp, tanh (M) from the forward pass. */
EXPORT(gelu_backward)
void gelu_backward(float* dinp, const float* dout, const float* restrict inp, const float* restrict tanh_in, int M) {
  for (int i = 0; i < M; i++) {
    float x = inp[i];
    float t = tanh_in[i];
    float grad = 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * GELU_K * (1.0f + 3.0f * GELU_A * x * x);
    dinp[i] = dout[i] * grad;
  }
}
