/* Row broadcasts around the linear layers' GEMMs. See src/model/layers/linear.ts. */
#include "engine-math.h"

/* out (N, O) = bias (O) broadcast, plus residual (N, O) unless it is null */
EXPORT(bias_rows)
void bias_rows(float* out, const float* restrict bias, const float* residual, int N, int O) {
  /* out may alias residual (in-place residual update at decode): no restrict on those two. */
  if (residual) {
    for (int n = 0; n < N; n++)
      for (int j = 0; j < O; j++) out[n * O + j] = residual[n * O + j] + bias[j];
  } else {
    for (int n = 0; n < N; n++)
      for (int j = 0; j < O; j++) out[n * O + j] = bias[j];
  }
}

/* dst (O) += Σ_n src (N, O): the bias gradient, read row by row in memory order */
EXPORT(column_sum_add)
void column_sum_add(float* restrict dst, const float* restrict src, int N, int O) {
  for (int n = 0; n < N; n++)
    for (int j = 0; j < O; j++) dst[j] += src[n * O + j];
}
