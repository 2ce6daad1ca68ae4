/*
 * Decode-step attention against a KV cache: one new token per row, each at its own position.
 * See src/model/layers/cached-attention.ts. R rows, S cached sequences, L cache length.
 *
 * Keys are cached transposed, (S, H, D, L): the scores of one query against all cached keys are
 * then D axpy passes along L, which vectorize, instead of L short dot products that each end in
 * a horizontal sum.
 */
#include "engine-math.h"

/*
 * out (R, C); qkv (R, 3C) of the new tokens; kt_cache (S, H, D, L), v_cache (S, H, L, D): row
 * r's key and value are written at positions[r] of sequence seqs[r], then it attends to
 * 0 … positions[r]. scores (L) scratch.
 */
EXPORT(cached_attention_forward)
void cached_attention_forward(float* restrict out, const float* restrict qkv, float* restrict kt_cache,
                              float* restrict v_cache, const int32_t* restrict seqs,
                              const int32_t* restrict positions, float* restrict scores, int R, int C, int H,
                              int L) {
  int D = C / H;
  float scale = 1.0f / __builtin_sqrtf((float)D);
  for (int r = 0; r < R; r++) {
    int p = positions[r];
    int n = p + 1;
    for (int h = 0; h < H; h++) {
      const float* q = qkv + r * 3 * C + h * D;
      float* kt = kt_cache + (seqs[r] * H + h) * D * L;
      float* vc = v_cache + (seqs[r] * H + h) * L * D;
      for (int i = 0; i < D; i++) {
        kt[i * L + p] = q[C + i];
        vc[p * D + i] = q[2 * C + i];
      }
      for (int j = 0; j < n; j++) scores[j] = 0;
      for (int i = 0; i < D; i++) {
        float qi = q[i] * scale;
        const float* krow = kt + i * L;
        for (int j = 0; j < n; j++) scores[j] += qi * krow[j];
      }
      float sum = exp_shift_sum(scores, scores, row_max(scores, n), n);
      float inv = 1.0f / sum;
      float* o = out + r * C + h * D;
      for (int i = 0; i < D; i++) o[i] = 0;
      for (int j = 0; j < n; j++) {
        float w = scores[j] * inv;
        const float* v = vc + j * D;
        for (int i = 0; i < D; i++) o[i] += w * v[i];
      }
    }
  }
}
