/*
 * Decode-step attention against a KV cache, in C: the same computation as the WebAssembly
 * kernel src/model/wasm/cached_attention.c (see src/model/layers/cached-attention.ts), which it
 * replaces where this addon is built. Sampling spends most of its time here once the matrix
 * products are batched: every new token of every sequence attends to its whole prefix, and
 * WebAssembly has neither wider vectors than 128 bits nor fused multiply-adds.
 *
 * R rows, S cache slots, L positions per slot; H heads of size D = C / H. Keys are cached
 * transposed, (S, H, D, L), so a query's scores against all cached keys are D axpy passes along
 * L, which vectorize; values (S, H, L, D).
 *
 * Rows may extend one slot several times (a run of prompt ids prefilled in one step) in
 * increasing positions: all rows' keys and values are written first, then the (row, head)
 * pairs are shared out among the threads, each attending to positions 0 … its own.
 *
 * The loops are plain C compiled three times (AVX-512, AVX2+FMA, portable) by one always-inline
 * body under three target attributes; the CPU's best runs (as gemm.c chooses its micro-kernels).
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gemm.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TG_X86 1
#endif

/* exp(x) for x <= 0 (Cephes expf, as src/model/wasm/engine-math.h): no libm call, so it
 * vectorizes. Below -87.3 the result is clamped to ~1e-38. */
static inline __attribute__((always_inline)) float exp_neg(float x) {
  x = x < -87.3f ? -87.3f : x;
  float k = __builtin_rintf(x * 1.44269504088896341f);
  float r = x - k * 0.693359375f + k * 2.12194440e-4f;
  float p = (((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r +
               4.1665795894e-2f) * r + 1.6666665459e-1f) * r + 5.0000001201e-1f) * r * r + r + 1.0f;
  union {
    int32_t i;
    float f;
  } scale;
  scale.i = ((int32_t)k + 127) << 23;
  return p * scale.f;
}

/* One (row, head): o (D) = softmax(scale · q · K[0..n)) · V[0..n). scores: n floats of scratch. */
static inline __attribute__((always_inline)) void attend(float* restrict o, const float* restrict q,
                                                         const float* restrict kt,
                                                         const float* restrict v,
                                                         float* restrict scores, float scale,
                                                         int n, int D, int L) {
  for (int j = 0; j < n; j++) scores[j] = 0.0f;
  for (int i = 0; i < D; i++) {
    const float qi = q[i] * scale;
    const float* restrict k = kt + (ptrdiff_t)i * L;
    for (int j = 0; j < n; j++) scores[j] += qi * k[j];
  }
  /* Max and sum over 8 lanes: reductions the compiler vectorizes only when told it may reorder
   * them; this order is fixed, so results do not vary between runs. */
  float lanes[8];
  for (int l = 0; l < 8; l++) lanes[l] = scores[0];
  int j = 0;
  for (; j + 8 <= n; j += 8) {
    for (int l = 0; l < 8; l++) lanes[l] = scores[j + l] > lanes[l] ? scores[j + l] : lanes[l];
  }
  for (; j < n; j++) lanes[0] = scores[j] > lanes[0] ? scores[j] : lanes[0];
  float mx = lanes[0];
  for (int l = 1; l < 8; l++) mx = lanes[l] > mx ? lanes[l] : mx;
  for (j = 0; j < n; j++) scores[j] = exp_neg(scores[j] - mx);
  for (int l = 0; l < 8; l++) lanes[l] = 0.0f;
  for (j = 0; j + 8 <= n; j += 8) {
    for (int l = 0; l < 8; l++) lanes[l] += scores[j + l];
  }
  for (; j < n; j++) lanes[0] += scores[j];
  const float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) +
                    ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
  const float inv = 1.0f / sum;
  for (int i = 0; i < D; i++) o[i] = 0.0f;
  for (int j = 0; j < n; j++) {
    const float w = scores[j] * inv;
    const float* restrict vj = v + (ptrdiff_t)j * D;
    for (int i = 0; i < D; i++) o[i] += w * vj[i];
  }
}

typedef void (*attend_fn)(float* restrict o, const float* restrict q, const float* restrict kt,
                          const float* restrict v, float* restrict scores, float scale, int n,
                          int D, int L);

static void attend_generic(float* restrict o, const float* restrict q, const float* restrict kt,
                           const float* restrict v, float* restrict scores, float scale, int n,
                           int D, int L) {
  attend(o, q, kt, v, scores, scale, n, D, L);
}

#ifdef TG_X86
__attribute__((target("avx2,fma"))) static void attend_avx2(
    float* restrict o, const float* restrict q, const float* restrict kt, const float* restrict v,
    float* restrict scores, float scale, int n, int D, int L) {
  attend(o, q, kt, v, scores, scale, n, D, L);
}

__attribute__((target("avx512f"))) static void attend_avx512(
    float* restrict o, const float* restrict q, const float* restrict kt, const float* restrict v,
    float* restrict scores, float scale, int n, int D, int L) {
  attend(o, q, kt, v, scores, scale, n, D, L);
}
#endif

static attend_fn best_attend(void) {
#ifdef TG_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return attend_avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return attend_avx2;
#endif
  return attend_generic;
}

typedef struct {
  attend_fn run;
  float* out;
  const float* qkv;
  const float* kt_cache;
  const float* v_cache;
  const int32_t* seqs;
  const int32_t* positions;
  int R, C, H, L;
  float scale;
  atomic_long next; /* the next (row, head) pair to take */
  atomic_int failed;
} attention_job;

/* Pairs taken a chunk at a time: few enough atomics, small enough that a late thread's share
 * is small. */
#define PAIRS_PER_CHUNK 8

static void run_pairs(void* arg, int part, int parts) {
  attention_job* g = arg;
  (void)part;
  (void)parts;
  static _Thread_local float* scores;
  static _Thread_local int scores_size;
  if (scores_size < g->L) {
    free(scores);
    scores = malloc(sizeof(float) * (size_t)g->L);
    scores_size = scores == NULL ? 0 : g->L;
    if (scores == NULL) {
      atomic_store(&g->failed, 1);
      return;
    }
  }
  const int C = g->C, H = g->H, L = g->L, D = C / H;
  const long pairs = (long)g->R * H;
  for (;;) {
    const long first = atomic_fetch_add_explicit(&g->next, PAIRS_PER_CHUNK, memory_order_relaxed);
    if (first >= pairs) return;
    const long last = first + PAIRS_PER_CHUNK < pairs ? first + PAIRS_PER_CHUNK : pairs;
    for (long pair = first; pair < last; pair++) {
      const int r = (int)(pair / H), h = (int)(pair % H);
      const ptrdiff_t cache = ((ptrdiff_t)g->seqs[r] * H + h) * D * L;
      g->run(g->out + (ptrdiff_t)r * C + h * D, g->qkv + (ptrdiff_t)r * 3 * C + h * D,
             g->kt_cache + cache, g->v_cache + cache, scores, g->scale, g->positions[r] + 1, D, L);
    }
  }
}

int tg_cached_attention(int threads, float* out, const float* qkv, float* kt_cache,
                        float* v_cache, const int32_t* seqs, const int32_t* positions, int R,
                        int C, int H, int L) {
  static attend_fn best;
  if (best == NULL) best = best_attend();
  const int D = C / H;
  /* Every row's key and value first: a row may attend to rows before it in this step. */
  for (int r = 0; r < R; r++) {
    const float* q = qkv + (ptrdiff_t)r * 3 * C;
    const int p = positions[r];
    for (int h = 0; h < H; h++) {
      const ptrdiff_t cache = ((ptrdiff_t)seqs[r] * H + h) * D * L;
      for (int i = 0; i < D; i++) {
        kt_cache[cache + (ptrdiff_t)i * L + p] = q[C + h * D + i];
        v_cache[cache + (ptrdiff_t)p * D + i] = q[2 * C + h * D + i];
      }
    }
  }
  attention_job g = {best, out, qkv, kt_cache, v_cache, seqs, positions, R, C, H, L,
                     1.0f / __builtin_sqrtf((float)D), 0, 0};
  /* Below this many cached positions in all, one thread does it sooner than two hand off. */
  long work = 0;
  for (int r = 0; r < R; r++) work += positions[r] + 1;
  int parts = work * H >= 4096 ? threads : 1;
  if (parts <= 1) run_pairs(&g, 0, 1);
  else tg_pool_run(run_pairs, &g, parts);
  return !atomic_load(&g.failed);
}
