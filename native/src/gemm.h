/*
 * toolgym's library-free SGEMM: cache-blocked, register-tiled, SIMD micro-kernels chosen at run
 * time (AVX-512, AVX2+FMA, or portable C), split over a small pool of threads. See gemm.c.
 */
#ifndef TOOLGYM_GEMM_H
#define TOOLGYM_GEMM_H

#include <stddef.h>
#include <stdint.h>

/*
 * C (m×n) = alpha · op(A) · op(B) + beta · C, row-major and contiguous: A is stored m×k (k×m when
 * trans_a), B k×n (n×k when trans_b). beta = 0 writes C without reading it. m, n, k > 0.
 * `isa` indexes tg_gemm_isa_name's list (0: the best this CPU runs); `threads` (1 to
 * TG_MAX_THREADS) counts the caller. Returns 0 if a thread could not allocate its packing space
 * (C is then partly written), or for an `isa` out of range.
 */
int tg_sgemm(int isa, int threads, int trans_a, int trans_b, ptrdiff_t m, ptrdiff_t n,
             ptrdiff_t k, float alpha, const float* a, const float* b, float beta, float* c);

/*
 * `count` independent products of one shape, item i reading a + i·stride_a and b + i·stride_b
 * and writing c + i·stride_c (strides in floats): the per-head products of attention. Items are
 * shared out among the threads whole, each computed on one thread (bit-identical to tg_sgemm on
 * one thread). Same return value as tg_sgemm.
 */
int tg_sgemm_batch(int isa, int threads, int trans_a, int trans_b, ptrdiff_t m, ptrdiff_t n,
                   ptrdiff_t k, float alpha, const float* a, ptrdiff_t stride_a, const float* b,
                   ptrdiff_t stride_b, float beta, float* c, ptrdiff_t stride_c,
                   ptrdiff_t count);

/*
 * Decode-step attention against a KV cache (attention.c; see src/model/wasm/cached_attention.c
 * for the layout): row r's key and value are written into slot seqs[r] at positions[r], then it
 * attends to 0 … positions[r]; `out` (R, C) gets the heads concatenated. `threads` counts the
 * caller. Returns 0 if a thread could not allocate its scratch.
 */
int tg_cached_attention(int threads, float* out, const float* qkv, float* kt_cache,
                        float* v_cache, const int32_t* seqs, const int32_t* positions, int R,
                        int C, int H, int L);

/* The micro-kernel sets this CPU runs, fastest first: "avx512", "avx2", "generic". */
int tg_gemm_isa_count(void);
const char* tg_gemm_isa_name(int isa);

#define TG_MAX_THREADS 64

/* --- the pool (gemm_pool.c) --- */

/* One part of a job: part `part` of `parts`, run on some thread. */
typedef void (*tg_task)(void* arg, int part, int parts);

/*
 * Runs task(arg, i, parts) for every i in [0, parts): part 0 on the calling thread, the others on
 * the pool's workers, and returns when all are done. If another thread is already running a job
 * (two JS threads sharing the addon), runs task(arg, 0, 1) alone on the caller instead.
 */
void tg_pool_run(tg_task task, void* arg, int parts);

#endif
