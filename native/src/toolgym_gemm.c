/*
 * toolgym's library-free fast matrix-product kernel: an N-API binding of gemm.c, which needs no
 * BLAS and no system library, only the C compiler node-gyp uses.
 *
 * JS side: src/model/kernels/native-kernel.ts. Arguments are parsed by sgemm_args.h, shared
 * with the OpenBLAS binding (toolgym_blas.c), plus two: which micro-kernels and how many threads,
 * per call, so that kernels loaded with different settings share the addon without state.
 *
 *   sgemm(a, b, c, m, n, k, transA, transB, alpha, beta, isa, threads)
 *       row-major, contiguous operands; isa indexes info().isas
 *   sgemmBatch(a, b, c, m, n, k, transA, transB, alpha, beta, count, strideA, strideB, strideC,
 *              isa, threads)
 *       `count` products of one shape, operands `stride*` floats apart (attention's heads)
 *   cachedAttention(out, qkv, kCache, vCache, seqs, positions, R, C, H, L, threads)
 *       decode-step attention against a KV cache (attention.c, attention_binding.h)
 *   info() -> { isas: ["avx512", "avx2", "generic"] (those this CPU runs, fastest first),
 *               maxThreads }
 */
#include "gemm.h"
#include "attention_binding.h"
#include "sgemm_args.h"

/* The isa and threads arguments: 1 when valid, else a RangeError is pending. */
static int read_isa_threads(napi_env env, napi_value* extra, int32_t* isa, int32_t* threads) {
  if (napi_get_value_int32(env, extra[0], isa) != napi_ok || *isa < 0 ||
      *isa >= tg_gemm_isa_count() || napi_get_value_int32(env, extra[1], threads) != napi_ok ||
      *threads < 1 || *threads > TG_MAX_THREADS) {
    throw_range(env, "sgemm: isa must index info().isas and threads be from 1 to 64");
    return 0;
  }
  return 1;
}

static napi_value sgemm(napi_env env, napi_callback_info info) {
  sgemm_call call;
  napi_value extra[2];
  int32_t isa = -1, threads = 0;
  if (!parse_sgemm_call(env, info, &call, extra, 2)) return NULL;
  if (!read_isa_threads(env, extra, &isa, &threads)) return NULL;
  if (!tg_sgemm(isa, threads, call.trans_a, call.trans_b, (ptrdiff_t)call.m, (ptrdiff_t)call.n,
                (ptrdiff_t)call.k, call.alpha, call.a, call.b, call.beta, call.c)) {
    napi_throw_error(env, "ERR_MEMORY_ALLOCATION_FAILED",
                     "sgemm: out of memory for the packing buffers");
  }
  return NULL;
}

static napi_value sgemm_batch(napi_env env, napi_callback_info info) {
  sgemm_call call;
  napi_value extra[2];
  int64_t count = 0, strides[3];
  int32_t isa = -1, threads = 0;
  if (!parse_sgemm_batch_call(env, info, &call, &count, strides, extra, 2)) return NULL;
  if (!read_isa_threads(env, extra, &isa, &threads)) return NULL;
  if (!tg_sgemm_batch(isa, threads, call.trans_a, call.trans_b, (ptrdiff_t)call.m,
                      (ptrdiff_t)call.n, (ptrdiff_t)call.k, call.alpha, call.a,
                      (ptrdiff_t)strides[0], call.b, (ptrdiff_t)strides[1], call.beta, call.c,
                      (ptrdiff_t)strides[2], (ptrdiff_t)count)) {
    napi_throw_error(env, "ERR_MEMORY_ALLOCATION_FAILED",
                     "sgemmBatch: out of memory for the packing buffers");
  }
  return NULL;
}

static napi_value get_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, isas, name, max_threads;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_array_with_length(env, (size_t)tg_gemm_isa_count(), &isas));
  for (int i = 0; i < tg_gemm_isa_count(); i++) {
    CHECK(napi_create_string_utf8(env, tg_gemm_isa_name(i), NAPI_AUTO_LENGTH, &name));
    CHECK(napi_set_element(env, isas, (uint32_t)i, name));
  }
  CHECK(napi_create_int32(env, TG_MAX_THREADS, &max_threads));
  CHECK(napi_set_named_property(env, result, "isas", isas));
  CHECK(napi_set_named_property(env, result, "maxThreads", max_threads));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sgemmBatch", NULL, sgemm_batch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"cachedAttention", NULL, cached_attention, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, get_info, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  tg_gemm_isa_count(); /* detects the CPU now, on one thread */
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
