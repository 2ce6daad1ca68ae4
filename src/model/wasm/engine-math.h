/*
 * Scalar math for the built-in model's WebAssembly kernels, written so clang's loop vectorizer
 * turns every loop that calls it into f32x4 SIMD: no libm (there is none in a freestanding
 * wasm32 build), no branches, no calls.
 *
 * Shapes in the kernels: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H.
 */
#ifndef TOOLGYM_ENGINE_MATH_H
#define TOOLGYM_ENGINE_MATH_H

#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/*
 * exp(x) for x in [-87.3, 88] (softmax and the cross-entropy head only ever pass x <= 0).
 * Cephes expf: x = k ln2 + r with |r| <= ln2/2, e^r by a degree-7 polynomial (relative error
 * ~1e-7), 2^k built from its exponent bits. Below -87.3 the result is clamped to ~1e-38.
 */
static inline float fast_expf(float x) {
  x = x < -87.3f ? -87.3f : x;
  float k = __builtin_rintf(x * 1.44269504088896341f);
  float r = x - k * 0.693359375f + k * 2.12194440e-4f;
  float p = (((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r +
               4.1665795894e-2f) * r + 1.6666665459e-1f) * r + 5.0000001201e-1f) * r * r + r + 1.0f;
  union { int32_t i; float f; } scale;
  scale.i = ((int32_t)k + 127) << 23;
  return p * scale.f;
}

/* fast_expf on four lanes, written with intrinsics: clang does not vectorize it inside a loop
 * that also sums its results. */
static inline v128_t fast_expf4(v128_t x) {
  x = wasm_f32x4_max(x, wasm_f32x4_splat(-87.3f));
  v128_t k = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_add(wasm_f32x4_sub(x, wasm_f32x4_mul(k, wasm_f32x4_splat(0.693359375f))),
                            wasm_f32x4_mul(k, wasm_f32x4_splat(2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), wasm_f32x4_splat(1.0f));
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, scale);
}

/* max of x[0 … n), n >= 1 */
static inline float row_max(const float* x, int n) {
  int i = 0;
  float mx = x[0];
  if (n >= 4) {
    v128_t m = wasm_v128_load(x);
    for (i = 4; i + 4 <= n; i += 4) m = wasm_f32x4_pmax(m, wasm_v128_load(x + i));
    float a = wasm_f32x4_extract_lane(m, 0), b = wasm_f32x4_extract_lane(m, 1);
    float c = wasm_f32x4_extract_lane(m, 2), d = wasm_f32x4_extract_lane(m, 3);
    a = a > b ? a : b;
    c = c > d ? c : d;
    mx = a > c ? a : c;
  }
  for (; i < n; i++) mx = x[i] > mx ? x[i] : mx;
  return mx;
}

/* out[i] = exp(x[i] − shift) for i in [0, n); returns the sum (out may be x) */
static inline float exp_shift_sum(float* out, const float* x, float shift, int n) {
  v128_t s4 = wasm_f32x4_splat(0.0f);
  v128_t sh = wasm_f32x4_splat(shift);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t e = fast_expf4(wasm_f32x4_sub(wasm_v128_load(x + i), sh));
    wasm_v128_store(out + i, e);
    s4 = wasm_f32x4_add(s4, e);
  }
  float sum = (wasm_f32x4_extract_lane(s4, 0) + wasm_f32x4_extract_lane(s4, 1)) +
              (wasm_f32x4_extract_lane(s4, 2) + wasm_f32x4_extract_lane(s4, 3));
  for (; i < n; i++) {
    float e = fast_expf(x[i] - shift);
    out[i] = e;
    sum += e;
  }
  return sum;
}

/* x[i] *= a for i in [0, n) */
static inline void scale_row(float* x, float a, int n) {
  v128_t a4 = wasm_f32x4_splat(a);
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(x + i, wasm_f32x4_mul(wasm_v128_load(x + i), a4));
  for (; i < n; i++) x[i] *= a;
}

/*
 * tanh as a 13/6 rational function (Eigen's float ptanh), clamped where float tanh is ±1.
 * Absolute error ~3e-8 on the whole line.
 */
static inline float fast_tanhf(float x) {
  const float lim = 7.90531110763549805f;
  x = x > lim ? lim : (x < -lim ? -lim : x);
  float x2 = x * x;
  float p = x * (4.89352455891786e-3f +
                 x2 * (6.37261928875436e-4f +
                       x2 * (1.48572235717979e-5f +
                             x2 * (5.12229709037114e-8f +
                                   x2 * (-8.60467152213735e-11f +
                                         x2 * (2.00018790482477e-13f + x2 * -2.76076847742355e-16f))))));
  float q = 4.89352518554385e-3f +
            x2 * (2.268434632439e-3f + x2 * (1.18534705686654e-4f + x2 * 1.19825839466702e-6f));
  return p / q;
}

/* Natural log for x > 0 (normal), in double: x = m 2^e, log m = 2 atanh((m-1)/(m+1)). */
static inline double log_d(double x) {
  union { double d; uint64_t u; } v;
  v.d = x;
  int32_t e = (int32_t)((v.u >> 52) & 0x7ff) - 1023;
  v.u = (v.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL; /* m in [1, 2) */
  double m = v.d;
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  double s = (m - 1.0) / (m + 1.0);
  double s2 = s * s;
  double series = 1.0 + s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9 + s2 * (1.0 / 11)))));
  return e * 0.6931471805599453 + 2.0 * s * series;
}

#endif
