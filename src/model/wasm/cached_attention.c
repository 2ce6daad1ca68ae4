/*
 * Decode-step attention against a KV cache: one new token per row, each at its own position.
 * See src/model/layers/cached-attention.ts. R rows, S cached sequences, L cache length.
 *
 * Keys are cached transposed, (S, H, D, L): the scores of one query against all cached keys are
 * then D axpy passes along L, which vectorize, instead of L short dot products that each end in
 * a horizontal sum.
 */
#include "engine-math.h"

/* scores[j] = scale · q · k_j for j < n, from transposed keys kt (D, L) */
static void attention_scores(float* restrict scores, const float* restrict q, const float* restrict kt,
                             float scale, int n, int D, int L) {
  int j = 0;
  /* 16 scores at a time in four registers, one pass over the D rows of kt */
  for (; j + 16 <= n; j += 16) {
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (int i = 0; i < D; i++) {
      v128_t qi = wasm_f32x4_splat(q[i] * scale);
      const float* k = kt + i * L + j;
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(qi, wasm_v128_load(k)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(qi, wasm_v128_load(k + 4)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(qi, wasm_v128_load(k + 8)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(qi, wasm_v128_load(k + 12)));
    }
    wasm_v128_store(scores + j, a0);
    wasm_v128_store(scores + j + 4, a1);
    wasm_v128_store(scores + j + 8, a2);
    wasm_v128_store(scores + j + 12, a3);
  }
  for (; j + 4 <= n; j += 4) {
    v128_t a = wasm_f32x4_splat(0);
    for (int i = 0; i < D; i++) a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_f32x4_splat(q[i] * scale), wasm_v128_load(kt + i * L + j)));
    wasm_v128_store(scores + j, a);
  }
  for (; j < n; j++) {
    float a = 0;
    for (int i = 0; i < D; i++) a += q[i] * scale * kt[i * L + j];
    scores[j] = a;
  }
}

/* o (D) = inv · Σ_{j<n} w[j] · v_j, v (n, D) */
static void weighted_sum(float* restrict o, const float* restrict w, const float* restrict v, float inv, int n,
                         int D) {
  int i = 0;
  /* 16 output channels at a time in four registers, one pass over the n values */
  for (; i + 16 <= D; i += 16) {
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (int j = 0; j < n; j++) {
      v128_t wj = wasm_f32x4_splat(w[j]);
      const float* vj = v + j * D + i;
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wj, wasm_v128_load(vj)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wj, wasm_v128_load(vj + 4)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wj, wasm_v128_load(vj + 8)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wj, wasm_v128_load(vj + 12)));
    }
    v128_t s = wasm_f32x4_splat(inv);
    wasm_v128_store(o + i, wasm_f32x4_mul(a0, s));
    wasm_v128_store(o + i + 4, wasm_f32x4_mul(a1, s));
    wasm_v128_store(o + i + 8, wasm_f32x4_mul(a2, s));
    wasm_v128_store(o + i + 12, wasm_f32x4_mul(a3, s));
  }
  for (; i < D; i++) {
    float a = 0;
    for (int j = 0; j < n; j++) a += w[j] * v[j * D + i];
    o[i] = a * inv;
  }
}

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
      attention_scores(scores, q, kt, scale, n, D, L);
      float sum = exp_shift_sum(scores, scores, row_max(scores, n), n);
      weighted_sum(out + r * C + h * D, scores, vc, 1.0f / sum, n, D);
    }
  }
}
