/* Token + position embedding. See src/model/layers/embedding.ts for the TypeScript side. */
#include "engine-math.h"

/* out (B, T, C) = wte[tokens] + wpe[t]; tokens (B, T) */
EXPORT(embedding_forward)
void embedding_forward(float* restrict out, const int32_t* restrict tokens, const float* restrict wte,
                       const float* restrict wpe, int B, int T, int C) {
  for (int n = 0; n < B * T; n++) {
    const float* e = wte + tokens[n] * C;
    const float* p = wpe + (n % T) * C;
    float* o = out + n * C;
    for (int c = 0; c < C; c++) o[c] = e[c] + p[c];
  }
}

/* dwte (V, C) += scatter of dout (B, T, C) at tokens; dwpe (ctx, C) += dout summed over B */
EXPORT(embedding_backward)
void embedding_backward(float* restrict dwte, float* restrict dwpe, const float* restrict dout,
                        const int32_t* restrict tokens, int B, int T, int C) {
  for (int n = 0; n < B * T; n++) {
    float* e = dwte + tokens[n] * C;
    float* p = dwpe + (n % T) * C;
    const float* d = dout + n * C;
    for (int c = 0; c < C; c++) e[c] += d[c];
    for (int c = 0; c < C; c++) p[c] += d[c];
  }
}

/* Decode step: out (R, C) = wte[tokens[r]] + wpe[positions[r]], each row at its own position. */
EXPORT(embedding_rows)
void embedding_rows(float* restrict out, const int32_t* restrict tokens, const int32_t* restrict positions,
                    const float* restrict wte, const float* restrict wpe, int R, int C) {
  for (int r = 0; r < R; r++) {
    const float* e = wte + tokens[r] * C;
    const float* p = wpe + positions[r] * C;
    float* o = out + r * C;
    for (int c = 0; c < C; c++) o[c] = e[c] + p[c];
  }
}
