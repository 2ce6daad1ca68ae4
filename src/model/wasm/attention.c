/*
 * The element-wise parts of causal self-attention: moving heads between (B, T, 3C) and
 * (3, B, H, T, D), and the causal softmax of every (batch, head) score matrix. The GEMMs run
 * in TypeScript through the matrix kernel. See src/model/layers/attention.ts.
 */
#include "engine-math.h"

/*
 * qkvr (3, B, H, T, D) = qkv (B, T, 3C) + bias (3C), rearranged per head; kvt (2, B, H, D, T)
 * the keys and values once more, transposed: the score GEMMs then multiply untransposed
 * operands, which OpenBLAS runs several times faster than the transB form at these shapes.
 */
EXPORT(split_heads_bias)
void split_heads_bias(float* restrict qkvr, float* restrict kvt, const float* restrict qkv, const float* restrict bias,
                      int B, int T, int C, int H) {
  int D = C / H;
  int BTC = B * T * C;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++) {
      const float* src = qkv + (b * T + t) * 3 * C;
      for (int part = 0; part < 3; part++)
        for (int h = 0; h < H; h++) {
          float* dst = qkvr + part * BTC + ((b * H + h) * T + t) * D;
          const float* s = src + part * C + h * D;
          const float* bb = bias + part * C + h * D;
          for (int i = 0; i < D; i++) dst[i] = s[i] + bb[i];
        }
    }
  /* One (batch, head) block at a time: a T×D block stays in L1 while it is transposed. */
  for (int part = 0; part < 2; part++)
    for (int bh = 0; bh < B * H; bh++) {
      const float* src = qkvr + (part + 1) * BTC + bh * T * D;
      float* dst = kvt + part * BTC + bh * D * T;
      for (int t = 0; t < T; t++)
        for (int i = 0; i < D; i++) dst[i * T + t] = src[t * D + i];
    }
}

/* dst (B, H, T, D) = src (B, T, C) rearranged per head */
EXPORT(split_heads)
void split_heads(float* restrict dst, const float* restrict src, int B, int T, int C, int H) {
  int D = C / H;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++)
      for (int h = 0; h < H; h++) {
        float* d = dst + ((b * H + h) * T + t) * D;
        const float* s = src + (b * T + t) * C + h * D;
        for (int i = 0; i < D; i++) d[i] = s[i];
      }
}

/* dst (B, T, C) = src (B, H, T, D) with the heads concatenated */
EXPORT(merge_heads)
void merge_heads(float* restrict dst, const float* restrict src, int B, int T, int C, int H) {
  int D = C / H;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++)
      for (int h = 0; h < H; h++) {
        float* d = dst + (b * T + t) * C + h * D;
        const float* s = src + ((b * H + h) * T + t) * D;
        for (int i = 0; i < D; i++) d[i] = s[i];
      }
}

/* dst (B, T, 3C) = src (3, B, H, T, D) with q | k | v and their heads concatenated */
EXPORT(merge_heads_qkv)
void merge_heads_qkv(float* restrict dst, const float* restrict src, int B, int T, int C, int H) {
  int D = C / H;
  int BTC = B * T * C;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++)
      for (int part = 0; part < 3; part++)
        for (int h = 0; h < H; h++) {
          float* d = dst + (b * T + t) * 3 * C + part * C + h * D;
          const float* s = src + part * BTC + ((b * H + h) * T + t) * D;
          for (int i = 0; i < D; i++) d[i] = s[i];
        }
}

/* att (BH, T, T): scaled scores in, causal softmax probabilities out (zeros above the diagonal) */
EXPORT(causal_softmax_forward)
void causal_softmax_forward(float* restrict att, int BH, int T) {
  for (int m = 0; m < BH * T; m++) {
    int t = m % T;
    float* row = att + m * T;
    float sum = exp_shift_sum(row, row, row_max(row, t + 1), t + 1);
    scale_row(row, 1.0f / sum, t + 1);
    for (int j = t + 1; j < T; j++) row[j] = 0;
  }
}

/* d (BH, T, T): dP in, dS = P ⊙ (dP − Σ_j P·dP) out; p (BH, T, T) the probabilities */
EXPORT(causal_softmax_backward)
void causal_softmax_backward(float* restrict d, const float* restrict p, int BH, int T) {
  for (int m = 0; m < BH * T; m++) {
    int t = m % T;
    float* dr = d + m * T;
    const float* pr = p + m * T;
    float dot = 0;
    for (int j = 0; j <= t; j++) dot += pr[j] * dr[j];
    for (int j = 0; j <= t; j++) dr[j] = pr[j] * (dr[j] - dot);
    for (int j = t + 1; j < T; j++) dr[j] = 0;
  }
}
