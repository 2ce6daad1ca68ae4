/*
 * toolgym's optional fast matrix-product kernel: a thin N-API binding of OpenBLAS's cblas_sgemm.
 *
 * JS side: src/model/kernels/openblas-kernel.ts. The binding takes positional arguments, not an
 * options object, because the model calls it thousands of times a step on small matrices and
 * every napi_get_named_property costs about as much as a 16×16 product.
 *
 *   sgemm(a, b, c, m, n, k, transA, transB, alpha, beta)   row-major, contiguous operands
 *   info() -> { corename, config, threads }
 *   setThreads(n)
 */
#include <cblas.h>
#include <limits.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>

#define CHECK(call)                                                                            \
  do {                                                                                         \
    if ((call) != napi_ok) {                                                                   \
      napi_throw_error(env, "TOOLGYM_NAPI", "toolgym native sgemm: N-API call failed: " #call); \
      return NULL;                                                                             \
    }                                                                                          \
  } while (0)

static napi_value throw_range(napi_env env, const char* message) {
  napi_throw_range_error(env, "ERR_GEMM_SHAPE", message);
  return NULL;
}

/* Reads a Float32Array argument; `data` points at its first element (byte offset applied). */
static int get_f32(napi_env env, napi_value value, const char* name, float** data, size_t* length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) {
    char message[96];
    snprintf(message, sizeof message, "sgemm: %s must be a Float32Array", name);
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return 0;
  }
  napi_typedarray_type type;
  void* raw = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok ||
      type != napi_float32_array) {
    char message[96];
    snprintf(message, sizeof message, "sgemm: %s must be a Float32Array", name);
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return 0;
  }
  *data = (float*)raw;
  return 1;
}

/* Reads a dimension: an integer in [0, INT_MAX] (cblas takes 32-bit ints). */
static int get_dim(napi_env env, napi_value value, const char* name, int64_t* out) {
  double d;
  if (napi_get_value_double(env, value, &d) != napi_ok || !(d >= 0) || d > INT_MAX ||
      d != (double)(int64_t)d) {
    char message[96];
    snprintf(message, sizeof message, "sgemm: %s must be an integer in [0, %d]", name, INT_MAX);
    napi_throw_range_error(env, "ERR_GEMM_SHAPE", message);
    return 0;
  }
  *out = (int64_t)d;
  return 1;
}

/* Same message as src/model/kernels/check-gemm-params.ts: "b has 15 elements, but B 4×4 needs 16". */
static int check_length(napi_env env, const char* name, size_t length, int64_t rows, int64_t cols,
                        const char* shape) {
  int64_t need = rows * cols;
  if ((int64_t)length < need) {
    char message[200];
    snprintf(message, sizeof message, "sgemm: %s has %zu elements, but %s %lld×%lld needs %lld",
             name, length, shape, (long long)rows, (long long)cols, (long long)need);
    throw_range(env, message);
    return 0;
  }
  return 1;
}

static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 10) return throw_range(env, "sgemm: expected 10 arguments (a, b, c, m, n, k, transA, transB, alpha, beta)");

  float *a, *b, *c;
  size_t a_len, b_len, c_len;
  int64_t m, n, k;
  bool trans_a, trans_b;
  double alpha, beta;
  if (!get_f32(env, argv[0], "a", &a, &a_len) || !get_f32(env, argv[1], "b", &b, &b_len) ||
      !get_f32(env, argv[2], "c", &c, &c_len) || !get_dim(env, argv[3], "m", &m) ||
      !get_dim(env, argv[4], "n", &n) || !get_dim(env, argv[5], "k", &k)) {
    return NULL;
  }
  CHECK(napi_get_value_bool(env, argv[6], &trans_a));
  CHECK(napi_get_value_bool(env, argv[7], &trans_b));
  CHECK(napi_get_value_double(env, argv[8], &alpha));
  CHECK(napi_get_value_double(env, argv[9], &beta));

  /* The stored shapes: A is m×k, or k×m when transposed; B is k×n, or n×k. */
  if (!check_length(env, "a", a_len, trans_a ? k : m, trans_a ? m : k,
                    trans_a ? "op(A) = Aᵀ with A stored" : "A") ||
      !check_length(env, "b", b_len, trans_b ? n : k, trans_b ? k : n,
                    trans_b ? "op(B) = Bᵀ with B stored" : "B") ||
      !check_length(env, "c", c_len, m, n, "C")) {
    return NULL;
  }
  if (m == 0 || n == 0) return NULL;
  if (k == 0 || alpha == 0) {
    /* C = beta·C without touching A or B, as reference BLAS does. OpenBLAS 0.3.21 still
     * multiplies A·B here, so a NaN in A or B would leak into C. */
    size_t count = (size_t)m * (size_t)n;
    float scale = (float)beta;
    if (scale == 0.0f) {
      for (size_t i = 0; i < count; i++) c[i] = 0.0f;
    } else if (scale != 1.0f) {
      for (size_t i = 0; i < count; i++) c[i] *= scale;
    }
    return NULL;
  }

  /* Leading dimensions of the stored (not transposed) matrices. */
  int lda = (int)(trans_a ? m : k);
  int ldb = (int)(trans_b ? k : n);
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
              (int)m, (int)n, (int)k, (float)alpha, a, lda, b, ldb,
              (float)beta, c, (int)n);
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
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, get_info, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
