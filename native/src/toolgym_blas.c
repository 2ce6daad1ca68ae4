/*
 * toolgym's optional fast matrix-product kernel: a thin N-API binding of OpenBLAS's cblas_sgemm.
 *
 * JS side: src/model/kernels/openblas-kernel.ts. Arguments are parsed by sgemm_args.h, shared
 * with the library-free kernel (toolgym_gemm.c).
 *
 *   sgemm(a, b, c, m, n, k, transA, transB, alpha, beta)   row-major, contiguous operands
 *   sgemmBatch(a, b, c, m, n, k, transA, transB, alpha, beta, count, strideA, strideB, strideC)
 *       `count` products of one shape, operands `stride*` floats apart (attention's heads)
 *   cachedAttention(out, qkv, kCache, vCache, seqs, positions, R, C, H, L, threads)
 *       decode-step attention against a KV cache (attention.c, attention_binding.h)
 *   info() -> { corename, config, threads }
 *   setThreads(n)
 */
#include <cblas.h>

#include "attention_binding.h"
#include "sgemm_args.h"

static napi_value sgemm(napi_env env, napi_callback_info info) {
  sgemm_call call;
  if (!parse_sgemm_call(env, info, &call, NULL, 0)) return NULL;
  /* Leading dimensions of the stored (not transposed) matrices. */
  int lda = (int)(call.trans_a ? call.m : call.k);
  int ldb = (int)(call.trans_b ? call.k : call.n);
  cblas_sgemm(CblasRowMajor, call.trans_a ? CblasTrans : CblasNoTrans,
              call.trans_b ? CblasTrans : CblasNoTrans, (int)call.m, (int)call.n, (int)call.k,
              call.alpha, call.a, lda, call.b, ldb, call.beta, call.c, (int)call.n);
  return NULL;
}

/*
 * The per-head products of attention are small (e.g. 384×384×32): split over OpenBLAS's threads
 * each one costs more in handing out work than it saves, and on a busy machine a thread that is
 * off the CPU stalls every product. So a batch runs its items one after another on one thread.
 */
static napi_value sgemm_batch(napi_env env, napi_callback_info info) {
  sgemm_call call;
  int64_t count = 0, strides[3];
  if (!parse_sgemm_batch_call(env, info, &call, &count, strides, NULL, 0)) return NULL;
  int lda = (int)(call.trans_a ? call.m : call.k);
  int ldb = (int)(call.trans_b ? call.k : call.n);
  int threads = openblas_get_num_threads();
  if (threads > 1) openblas_set_num_threads(1);
  for (int64_t i = 0; i < count; i++) {
    cblas_sgemm(CblasRowMajor, call.trans_a ? CblasTrans : CblasNoTrans,
                call.trans_b ? CblasTrans : CblasNoTrans, (int)call.m, (int)call.n, (int)call.k,
                call.alpha, call.a + i * strides[0], lda, call.b + i * strides[1], ldb,
                call.beta, call.c + i * strides[2], (int)call.n);
  }
  if (threads > 1) openblas_set_num_threads(threads);
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t threads = 0;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_int32(env, argv[0], &threads) != napi_ok || threads < 1) {
    return throw_range(env, "setThreads: expected a positive integer");
  }
  openblas_set_num_threads(threads);
  return NULL;
}

static napi_value get_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, corename, config, threads;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &corename));
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config));
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &threads));
  CHECK(napi_set_named_property(env, result, "corename", corename));
  CHECK(napi_set_named_property(env, result, "config", config));
  CHECK(napi_set_named_property(env, result, "threads", threads));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sgemmBatch", NULL, sgemm_batch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"cachedAttention", NULL, cached_attention, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, get_info, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
