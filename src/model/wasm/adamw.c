/* AdamW update of one parameter range. See src/model/optim/adamw.ts. */
#include "engine-math.h"

/*
 * params, grads, m, v (n), same layout. shrink = 1 − lr·weight_decay (1 where there is no
 * decay); step_size = lr / (1 − β1^t); bc2_sqrt = sqrt(1 − β2^t).
 */
EXPORT(adamw_update)
void adamw_update(float* restrict params, const float* restrict grads, float* restrict m, float* restrict v,
                  int n, float beta1, float beta2, float eps, float shrink, float step_size, float bc2_sqrt) {
  float inv_bc2 = 1.0f / bc2_sqrt;
  for (int i = 0; i < n; i++) {
    float g = grads[i];
    float mi = beta1 * m[i] + (1.0f - beta1) * g;
    float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i] * shrink - step_size * mi / (__builtin_sqrtf(vi) * inv_bc2 + eps);
  }
}
