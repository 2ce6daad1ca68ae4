/*
 * The N-API binding of tg_cached_attention (attention.c), shared by both addons
 * (toolgym_gemm.c, toolgym_blas.c): whichever matrix kernel the model runs, decode-step
 * attention runs in native code.
 *
 *   cachedAttention(out, qkv, kCache, vCache, seqs, positions, R, C, H, L, threads)
 */
#ifndef TOOLGYM_ATTENTION_BINDING_H
#define TOOLGYM_ATTENTION_BINDING_H

#include "gemm.h"
#include "sgemm_args.h"

/* An Int32Array argument (see get_typed). */
static inline int get_i32(napi_env env, napi_value value, const char* name, int32_t** data,
                          size_t* length) {
  return get_typed(env, value, napi_int32_array, "cachedAttention", name, "Int32Array",
                   (void**)data, length);
}

static inline napi_value cached_attention(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  float *out, *qkv, *kt, *v;
  int32_t *seqs, *positions;
  size_t out_len, qkv_len, kt_len, v_len, seqs_len, positions_len;
  int64_t dims[4];
  int32_t threads = 0;
  static const char* const names[4] = {"R", "C", "H", "L"};
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) {
    return throw_range(env,
                       "cachedAttention: expected 11 arguments (out, qkv, kCache, vCache, seqs, "
                       "positions, R, C, H, L, threads)");
  }
  if (!get_f32(env, argv[0], "out", &out, &out_len) ||
      !get_f32(env, argv[1], "qkv", &qkv, &qkv_len) ||
      !get_f32(env, argv[2], "kCache", &kt, &kt_len) ||
      !get_f32(env, argv[3], "vCache", &v, &v_len) ||
      !get_i32(env, argv[4], "seqs", &seqs, &seqs_len) ||
      !get_i32(env, argv[5], "positions", &positions, &positions_len)) {
    return NULL;
  }
  for (int i = 0; i < 4; i++) {
    if (!get_dim(env, argv[6 + i], names[i], &dims[i])) return NULL;
  }
  const int64_t R = dims[0], C = dims[1], H = dims[2], L = dims[3];
  if (napi_get_value_int32(env, argv[10], &threads) != napi_ok || threads < 1 ||
      threads > TG_MAX_THREADS) {
    return throw_range(env, "cachedAttention: threads must be from 1 to 64");
  }
  if (C == 0 || H == 0 || L == 0 || C % H != 0) {
    return throw_range(env, "cachedAttention: C, H and L must be positive, C a multiple of H");
  }
  const int64_t slot = C * L;
  if ((int64_t)out_len < R * C || (int64_t)qkv_len < R * 3 * C || (int64_t)seqs_len < R ||
      (int64_t)positions_len < R || kt_len != v_len || (int64_t)kt_len % slot != 0) {
    return throw_range(env,
                       "cachedAttention: out needs R·C floats, qkv R·3C, seqs and positions R "
                       "ids, and kCache and vCache a whole number of C·L slots each");
  }
  const int64_t S = (int64_t)kt_len / slot;
  for (int64_t r = 0; r < R; r++) {
    if (seqs[r] < 0 || seqs[r] >= S || positions[r] < 0 || positions[r] >= L) {
      char message[160];
      snprintf(message, sizeof message,
               "cachedAttention: row %lld continues slot %d at position %d, outside %lld slots "
               "of %lld positions",
               (long long)r, seqs[r], positions[r], (long long)S, (long long)L);
      return throw_range(env, message);
    }
  }
  if (R == 0) return NULL;
  if (!tg_cached_attention(threads, out, qkv, kt, v, seqs, positions, (int)R, (int)C, (int)H,
                           (int)L)) {
    napi_throw_error(env, "ERR_MEMORY_ALLOCATION_FAILED",
                     "cachedAttention: out of memory for the scores");
  }
  return NULL;
}

#endif
