/*
 * Argument parsing shared by both addons' sgemm bindings (toolgym_blas.c, toolgym_gemm.c): the
 * same positional signature, checks and messages, so the two kernels reject bad calls alike.
 *
 *   sgemm(a, b, c, m, n, k, transA, transB, alpha, beta)   row-major, contiguous operands
 *
 * Positional arguments, not an options object: the model calls sgemm thousands of times a step
 * on small matrices and every napi_get_named_property costs about as much as a 16×16 product.
 */
#ifndef TOOLGYM_SGEMM_ARGS_H
#define TOOLGYM_SGEMM_ARGS_H

#include <limits.h>
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CHECK(call)                                                                            \
  do {                                                                                         \
    if ((call) != napi_ok) {                                                                   \
      napi_throw_error(env, "TOOLGYM_NAPI", "toolgym native sgemm: N-API call failed: " #call); \
      return NULL;                                                                             \
    }                                                                                          \
  } while (0)

/* One parsed, checked call: C (m×n) = alpha·op(A)·op(B) + beta·C. */
typedef struct {
  float *a, *b, *c;
  int64_t m, n, k;
  bool trans_a, trans_b;
  float alpha, beta;
} sgemm_call;

static inline napi_value throw_range(napi_env env, const char* message) {
  napi_throw_range_error(env, "ERR_GEMM_SHAPE", message);
  return NULL;
}

/* Reads a typed-array argument of `type`; `data` points at its first element (byte offset
 * applied). Otherwise a TypeError saying "`fn`: `name` must be a `what`" is pending. */
static inline int get_typed(napi_env env, napi_value value, napi_typedarray_type type,
                            const char* fn, const char* name, const char* what, void** data,
                            size_t* length) {
  bool is_typed = false;
  napi_typedarray_type actual;
  void* raw = NULL;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &actual, length, &raw, NULL, NULL) != napi_ok ||
      actual != type) {
    char message[96];
    snprintf(message, sizeof message, "%s: %s must be a %s", fn, name, what);
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return 0;
  }
  *data = raw;
  return 1;
}

/* Reads a Float32Array argument (see get_typed). */
static inline int get_f32(napi_env env, napi_value value, const char* name, float** data,
                          size_t* length) {
  return get_typed(env, value, napi_float32_array, "sgemm", name, "Float32Array", (void**)data,
                   length);
}

/* Reads a dimension: an integer in [0, INT_MAX] (BLAS takes 32-bit ints). */
static inline int get_dim(napi_env env, napi_value value, const char* name, int64_t* out) {
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
static inline int check_length(napi_env env, const char* name, size_t length, int64_t rows,
                               int64_t cols, const char* shape) {
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

/*
 * The ten arguments in argv[0..10) into `call`, with the stored lengths of a, b and c. Returns 0
 * with an exception pending on a bad argument.
 */
static inline int read_sgemm_args(napi_env env, napi_value* argv, sgemm_call* call,
                                  size_t lengths[3]) {
  double alpha, beta;
  if (!get_f32(env, argv[0], "a", &call->a, &lengths[0]) ||
      !get_f32(env, argv[1], "b", &call->b, &lengths[1]) ||
      !get_f32(env, argv[2], "c", &call->c, &lengths[2]) || !get_dim(env, argv[3], "m", &call->m) ||
      !get_dim(env, argv[4], "n", &call->n) || !get_dim(env, argv[5], "k", &call->k)) {
    return 0;
  }
  if (napi_get_value_bool(env, argv[6], &call->trans_a) != napi_ok ||
      napi_get_value_bool(env, argv[7], &call->trans_b) != napi_ok ||
      napi_get_value_double(env, argv[8], &alpha) != napi_ok ||
      napi_get_value_double(env, argv[9], &beta) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE",
                          "sgemm: transA, transB must be booleans and alpha, beta numbers");
    return 0;
  }
  call->alpha = (float)alpha;
  call->beta = (float)beta;
  return 1;
}

/* A batch's operand: `count` items of rows×cols, `stride` floats apart. */
static inline int check_batch_length(napi_env env, const char* name, size_t length, int64_t rows,
                                     int64_t cols, int64_t count, int64_t stride) {
  int64_t need = (count - 1) * stride + rows * cols;
  if ((int64_t)length < need) {
    char message[200];
    snprintf(message, sizeof message,
             "sgemm: %s has %zu elements, but %lld products %lld apart need %lld", name, length,
             (long long)count, (long long)stride, (long long)need);
    throw_range(env, message);
    return 0;
  }
  return 1;
}

/*
 * Checks that a, b and c (their stored `lengths`) are long enough: for one product (count 1), or
 * for `count` products `strides` floats apart (a, b, c). Returns 0 with an exception pending if
 * one is too short.
 */
static inline int check_lengths(napi_env env, const sgemm_call* call, const size_t lengths[3],
                                int64_t count, const int64_t strides[3]) {
  const int64_t m = call->m, n = call->n, k = call->k;
  const bool ta = call->trans_a, tb = call->trans_b;
  if (count > 1) {
    return check_batch_length(env, "a", lengths[0], m, k, count, strides[0]) &&
           check_batch_length(env, "b", lengths[1], k, n, count, strides[1]) &&
           check_batch_length(env, "c", lengths[2], m, n, count, strides[2]);
  }
  /* The stored shapes: A is m×k, or k×m when transposed; B is k×n, or n×k. */
  return check_length(env, "a", lengths[0], ta ? k : m, ta ? m : k,
                      ta ? "op(A) = Aᵀ with A stored" : "A") &&
         check_length(env, "b", lengths[1], tb ? n : k, tb ? k : n,
                      tb ? "op(B) = Bᵀ with B stored" : "B") &&
         check_length(env, "c", lengths[2], m, n, "C");
}

/*
 * Where there is nothing to multiply — m or n is 0, or k or alpha is 0 — applies C = beta·C to
 * each of `count` products (as reference BLAS does; OpenBLAS 0.3.21 would still multiply A·B,
 * leaking a NaN in A or B into C) and returns 0; else returns 1.
 */
static inline int needs_product(sgemm_call* call, int64_t count, int64_t stride_c) {
  if (call->m == 0 || call->n == 0) return 0;
  if (call->k != 0 && call->alpha != 0) return 1;
  const size_t size = (size_t)call->m * (size_t)call->n;
  const float scale = call->beta;
  for (int64_t item = 0; item < count; item++) {
    float* c = call->c + item * stride_c;
    if (scale == 0.0f) {
      for (size_t i = 0; i < size; i++) c[i] = 0.0f;
    } else if (scale != 1.0f) {
      for (size_t i = 0; i < size; i++) c[i] *= scale;
    }
  }
  return 0;
}

/* argc must be `want`; else a RangeError naming the signature. */
static inline int check_argc(napi_env env, size_t argc, size_t want, const char* signature) {
  if (argc == want) return 1;
  char message[200];
  snprintf(message, sizeof message, "%s: expected %zu arguments (%s)", "sgemm", want, signature);
  throw_range(env, message);
  return 0;
}

/*
 * Parses and checks the ten arguments into `call`; a binding that takes `extra_count` more (at
 * most 2) finds them in `extra`. Returns 1 when the product is to be computed;
 * 0 when an exception is pending or nothing is left to do (see needs_product).
 */
static inline int parse_sgemm_call(napi_env env, napi_callback_info info, sgemm_call* call,
                                   napi_value* extra, size_t extra_count) {
  size_t argc = 12;
  napi_value argv[12];
  size_t lengths[3];
  const int64_t unit[3] = {0, 0, 0};
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, "TOOLGYM_NAPI", "toolgym native sgemm: napi_get_cb_info failed");
    return 0;
  }
  if (!check_argc(env, argc, 10 + extra_count,
                  extra_count > 0 ? "a, b, c, m, n, k, transA, transB, alpha, beta, …"
                                  : "a, b, c, m, n, k, transA, transB, alpha, beta")) {
    return 0;
  }
  for (size_t i = 0; i < extra_count && i < 2; i++) extra[i] = argv[10 + i];
  if (!read_sgemm_args(env, argv, call, lengths) || !check_lengths(env, call, lengths, 1, unit)) {
    return 0;
  }
  return needs_product(call, 1, 0);
}

/*
 * sgemmBatch's arguments: the ten of sgemm, then count, strideA, strideB, strideC (in floats),
 * then `extra_count` more (at most 2) into `extra`. Returns 1 when the products are to be
 * computed; 0 when an exception is pending or nothing is left to do.
 */
static inline int parse_sgemm_batch_call(napi_env env, napi_callback_info info,
                                         sgemm_call* call, int64_t* count, int64_t strides[3],
                                         napi_value* extra, size_t extra_count) {
  size_t argc = 16;
  napi_value argv[16];
  size_t lengths[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, "TOOLGYM_NAPI", "toolgym native sgemm: napi_get_cb_info failed");
    return 0;
  }
  if (!check_argc(env, argc, 14 + extra_count,
                  "a, b, c, m, n, k, transA, transB, alpha, beta, count, strideA, strideB, "
                  "strideC, …")) {
    return 0;
  }
  for (size_t i = 0; i < extra_count && i < 2; i++) extra[i] = argv[14 + i];
  if (!read_sgemm_args(env, argv, call, lengths) || !get_dim(env, argv[10], "count", count) ||
      !get_dim(env, argv[11], "strideA", &strides[0]) ||
      !get_dim(env, argv[12], "strideB", &strides[1]) ||
      !get_dim(env, argv[13], "strideC", &strides[2])) {
    return 0;
  }
  if (*count == 0) return 0;
  if (strides[2] < call->m * call->n && *count > 1) {
    throw_range(env, "sgemm: strideC must be at least m·n, so that no two products share C");
    return 0;
  }
  if (!check_lengths(env, call, lengths, *count, strides)) return 0;
  return needs_product(call, *count, strides[2]);
}

#endif
