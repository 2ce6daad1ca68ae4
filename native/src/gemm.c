/*
 * toolgym's library-free SGEMM (gemm.h): the GotoBLAS/BLIS loop nest around an MR×NR register
 * tile, with micro-kernels in AVX-512, AVX2+FMA and portable C chosen at run time.
 *
 * Why by hand: no npm package compiles a fast SGEMM from source at install time. The BLAS
 * packages on npm either bind a system BLAS (what toolgym_blas.c does, needing libopenblas-dev),
 * are reference loops in JavaScript (@stdlib/blas's sgemm: no blocking, no SIMD, one thread),
 * or download prebuilt binaries of whole frameworks (onnxruntime-node, @tensorflow/tfjs-node)
 * with no per-call SGEMM and a per-call cost far above the model's 10–100 µs products. The model
 * needs only this one routine, for the shapes of a small transformer, where ~700 lines of C
 * (with the thread pool) match OpenBLAS.
 *
 * Loop nest, for each chunk of C (rows [m0, m1), columns [n0, n1)):
 *   for jc in NC columns:  for pc in KC depth:  pack B's kc×nc block into NR-wide panels
 *     for ic in MC rows:  for jr in NR panels (stays in L1):  for ir in MR rows:  micro-kernel
 * A is read where it lies (the micro-kernel broadcasts its elements from MR row streams), but
 * for its last, partial MR rows, copied zero-padded, and for a transposed A reused by several
 * panels of B, packed whole. B is read in place when few rows reuse it (sampling steps), except
 * a transposed B, which is always packed. Products from PARALLEL_MIN multiply-adds are cut into
 * chunks of whole MR-row panels (tall products) or NR-column panels that the threads take from a
 * queue (tg_sgemm, run_part).
 *
 * The AVX2 and AVX-512 micro-kernels are the same loop with other intrinsics and widths, written
 * out twice: a macro template would hide the one piece of code whose instructions matter.
 */
#include "gemm.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TG_X86 1
#include <immintrin.h>
#endif

/* Depth of one packed slab of B: a KC×NR micro-panel (16 KiB at NR = 32) stays in L1. */
#define KC 128
/* Rows of A per block: an MC×KC block of A (64 KiB) stays in L2 while the B panels go by. */
#define MC 128
/* Columns per packed block of B: KC×NC floats (256 KiB) stay in L2. */
#define NC 512
/* Multiply-adds from which a product is split over threads (about 5 µs on one thread). */
#define PARALLEL_MIN (64 * 64 * 64)
/* Rows of C from which packing B pays for itself (below, B is read where it lies). */
#define PACK_B_MIN_ROWS 48

#define MAX_MR 8
#define MAX_NR 32

/*
 * A micro-kernel: C[0..MR)[0..NR) = alpha · Σ_p A(i, p) · B(p, j) + beta · C, beta = 0 leaving C
 * unread. B(p, j) = b[p·ldb + j]. The "rows" kernel reads A(i, p) = a[i·lda + p] (A stored
 * row-major), the "cols" kernel A(i, p) = a[p·lda + i] (Aᵀ stored, or a packed panel, lda = MR).
 */
typedef void (*micro_kernel)(ptrdiff_t kc, const float* a, ptrdiff_t lda, const float* b,
                             ptrdiff_t ldb, float* c, ptrdiff_t ldc, float alpha, float beta);

/*
 * Packs one full NR-wide panel of a transposed B: out[p·NR + j] = b[j·ldb + p] for p < kc,
 * j < NR. NULL: the portable loop in pack_b.
 */
typedef void (*bt_packer)(const float* b, ptrdiff_t ldb, ptrdiff_t kc, float* out);

typedef struct {
  const char* name;
  int mr, nr;
  micro_kernel rows, cols;
  bt_packer pack_bt;
} isa_kernels;

/* ---------------------------------------------------------------- portable C (any CPU) ---- */

#define GEN_MR 4
#define GEN_NR 8

/* Plain C the compiler vectorizes (SSE2, NEON): 4×8 accumulators fit 16 vector registers. */
static inline void generic_kernel(ptrdiff_t kc, const float* a, ptrdiff_t rs, ptrdiff_t cs,
                                  const float* b, ptrdiff_t ldb, float* c, ptrdiff_t ldc,
                                  float alpha, float beta) {
  float acc[GEN_MR][GEN_NR] = {{0}};
  for (ptrdiff_t p = 0; p < kc; p++) {
    for (int i = 0; i < GEN_MR; i++) {
      const float ai = a[i * rs];
      for (int j = 0; j < GEN_NR; j++) acc[i][j] += ai * b[j];
    }
    a += cs;
    b += ldb;
  }
  for (int i = 0; i < GEN_MR; i++) {
    float* row = c + i * ldc;
    for (int j = 0; j < GEN_NR; j++) {
      row[j] = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * row[j];
    }
  }
}

static void generic_rows(ptrdiff_t kc, const float* a, ptrdiff_t lda, const float* b,
                         ptrdiff_t ldb, float* c, ptrdiff_t ldc, float alpha, float beta) {
  generic_kernel(kc, a, lda, 1, b, ldb, c, ldc, alpha, beta);
}

static void generic_cols(ptrdiff_t kc, const float* a, ptrdiff_t lda, const float* b,
                         ptrdiff_t ldb, float* c, ptrdiff_t ldc, float alpha, float beta) {
  generic_kernel(kc, a, 1, lda, b, ldb, c, ldc, alpha, beta);
}

static const isa_kernels generic_isa = {"generic", GEN_MR, GEN_NR, generic_rows, generic_cols,
                                        NULL};

#ifdef TG_X86

/* ------------------------------------------------------------------ AVX2 + FMA: 6×16 ---- */

#define AVX2 __attribute__((target("avx2,fma")))

/* 6 rows × 2 ymm: 12 accumulators, 2 B vectors and a broadcast of the 16 ymm registers. */
static inline __attribute__((always_inline)) AVX2 void avx2_kernel(
    ptrdiff_t kc, const float* a, ptrdiff_t rs, ptrdiff_t cs, const float* b, ptrdiff_t ldb,
    float* c, ptrdiff_t ldc, float alpha, float beta) {
  __m256 acc[6][2];
#pragma GCC unroll 6
  for (int i = 0; i < 6; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
#pragma GCC unroll 2
  for (ptrdiff_t p = 0; p < kc; p++) {
    const __m256 b0 = _mm256_loadu_ps(b);
    const __m256 b1 = _mm256_loadu_ps(b + 8);
#pragma GCC unroll 6
    for (int i = 0; i < 6; i++) {
      const __m256 ai = _mm256_broadcast_ss(a + i * rs);
      acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += cs;
    b += ldb;
  }
  const __m256 va = _mm256_set1_ps(alpha);
  const __m256 vb = _mm256_set1_ps(beta);
#pragma GCC unroll 6
  for (int i = 0; i < 6; i++) {
    float* row = c + i * ldc;
    if (beta == 0.0f) {
      _mm256_storeu_ps(row, _mm256_mul_ps(va, acc[i][0]));
      _mm256_storeu_ps(row + 8, _mm256_mul_ps(va, acc[i][1]));
    } else {
      _mm256_storeu_ps(row, _mm256_fmadd_ps(vb, _mm256_loadu_ps(row), _mm256_mul_ps(va, acc[i][0])));
      _mm256_storeu_ps(row + 8,
                       _mm256_fmadd_ps(vb, _mm256_loadu_ps(row + 8), _mm256_mul_ps(va, acc[i][1])));
    }
  }
}

static AVX2 void avx2_rows(ptrdiff_t kc, const float* a, ptrdiff_t lda, const float* b,
                           ptrdiff_t ldb, float* c, ptrdiff_t ldc, float alpha, float beta) {
  avx2_kernel(kc, a, lda, 1, b, ldb, c, ldc, alpha, beta);
}

static AVX2 void avx2_cols(ptrdiff_t kc, const float* a, ptrdiff_t lda, const float* b,
                           ptrdiff_t ldb, float* c, ptrdiff_t ldc, float alpha, float beta) {
  avx2_kernel(kc, a, 1, lda, b, ldb, c, ldc, alpha, beta);
}

/* 8×8 blocks of Bᵀ transposed in registers: a scalar loop writes one float per cycle at best. */
static inline __attribute__((always_inline)) AVX2 void avx2_pack_bt(const float* b, ptrdiff_t ldb,
                                                                    ptrdiff_t kc, int nr,
                                                                    float* out) {
  ptrdiff_t p = 0;
  for (; p + 8 <= kc; p += 8) {
    for (int j = 0; j < nr; j += 8) {
      const float* src = b + j * ldb + p;
      __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + ldb);
      __m256 r2 = _mm256_loadu_ps(src + 2 * ldb), r3 = _mm256_loadu_ps(src + 3 * ldb);
      __m256 r4 = _mm256_loadu_ps(src + 4 * ldb), r5 = _mm256_loadu_ps(src + 5 * ldb);
      __m256 r6 = _mm256_loadu_ps(src + 6 * ldb), r7 = _mm256_loadu_ps(src + 7 * ldb);
      const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
      const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
      const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
      const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
      const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
      const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
      const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
      const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
      float* dst = out + p * nr + j;
      _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
      _mm256_storeu_ps(dst + nr, _mm256_permute2f128_ps(u1, u5, 0x20));
      _mm256_storeu_ps(dst + 2 * nr, _mm256_permute2f128_ps(u2, u6, 0x20));
      _mm256_storeu_ps(dst + 3 * nr, _mm256_permute2f128_ps(u3, u7, 0x20));
      _mm256_storeu_ps(dst + 4 * nr, _mm256_permute2f128_ps(u0, u4, 0x31));
      _mm256_storeu_ps(dst + 5 * nr, _mm256_permute2f128_ps(u1, u5, 0x31));
      _mm256_storeu_ps(dst + 6 * nr, _mm256_permute2f128_ps(u2, u6, 0x31));
      _mm256_storeu_ps(dst + 7 * nr, _mm256_permute2f128_ps(u3, u7, 0x31));
    }
  }
  for (; p < kc; p++) {
    for (int j = 0; j < nr; j++) out[p * nr + j] = b[j * ldb + p];
  }
}

static AVX2 void avx2_pack_bt16(const float* b, ptrdiff_t ldb, ptrdiff_t kc, float* out) {
  avx2_pack_bt(b, ldb, kc, 16, out);
}

static AVX2 void avx2_pack_bt32(const float* b, ptrdiff_t ldb, ptrdiff_t kc, float* out) {
  avx2_pack_bt(b, ldb, kc, 32, out);
}

static const isa_kernels avx2_isa = {"avx2", 6, 16, avx2_rows, avx2_cols, avx2_pack_bt16};

/* -------------------------------------------------------------------- AVX-512: 8×32 ---- */

#define AVX512 __attribute__((target("avx512f,avx2,fma")))

/* 8 rows × 2 zmm: 16 accumulators; 16 FMAs per 2 loads and 8 broadcasts of A. */
static inline __attribute__((always_inline)) AVX512 void avx512_kernel(
    ptrdiff_t kc, const float* a, ptrdiff_t rs, ptrdiff_t cs, const float* b, ptrdiff_t ldb,
    float* c, ptrdiff_t ldc, float alpha, float beta) {
  __m512 acc[8][2];
#pragma GCC unroll 8
  for (int i = 0; i < 8; i++) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
#pragma GCC unroll 2
  for (ptrdiff_t p = 0; p < kc; p++) {
    const __m512 b0 = _mm512_loadu_ps(b);
    const __m512 b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
      const __m512 ai = _mm512_set1_ps(a[i * rs]);
      acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += cs;
    b += ldb;
  }
  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 8
  for (int i = 0; i < 8; i++) {
    float* row = c + i * ldc;
    if (beta == 0.0f) {
      _mm512_storeu_ps(row, _mm512_mul_ps(va, acc[i][0]));
      _mm512_storeu_ps(row + 16, _mm512_mul_ps(va, acc[i][1]));
    } else {
      _mm512_storeu_ps(row, _mm512_fmadd_ps(vb, _mm512_loadu_ps(row), _mm512_mul_ps(va, acc[i][0])));
      _mm512_storeu_ps(row + 16, _mm512_fmadd_ps(vb, _mm512_loadu_ps(row + 16),
                                                  _mm512_mul_ps(va, acc[i][1])));
    }
  }
}

static AVX512 void avx512_rows(ptrdiff_t kc, const float* a, ptrdiff_t lda, const float* b,
                               ptrdiff_t ldb, float* c, ptrdiff_t ldc, float alpha, float beta) {
  avx512_kernel(kc, a, lda, 1, b, ldb, c, ldc, alpha, beta);
}

static AVX512 void avx512_cols(ptrdiff_t kc, const float* a, ptrdiff_t lda, const float* b,
                               ptrdiff_t ldb, float* c, ptrdiff_t ldc, float alpha, float beta) {
  avx512_kernel(kc, a, 1, lda, b, ldb, c, ldc, alpha, beta);
}

static const isa_kernels avx512_isa = {"avx512", 8, 32, avx512_rows, avx512_cols, avx2_pack_bt32};

#endif /* TG_X86 */

/* ------------------------------------------------------------------------ selection ---- */

/* The kernel sets this CPU runs, fastest first; filled once. */
static const isa_kernels* usable[3];
static int usable_count;

static void find_usable(void) {
  if (usable_count > 0) return;
  int n = 0;
#ifdef TG_X86
  /* __builtin_cpu_supports also checks that the OS saves the wider registers (XCR0). */
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) usable[n++] = &avx512_isa;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) usable[n++] = &avx2_isa;
#endif
  usable[n++] = &generic_isa;
  usable_count = n;
}

int tg_gemm_isa_count(void) {
  find_usable();
  return usable_count;
}

const char* tg_gemm_isa_name(int i) {
  find_usable();
  return i >= 0 && i < usable_count ? usable[i]->name : NULL;
}

/* ------------------------------------------------------------------------- packing ---- */

/*
 * B's kc×nc block at (p0, j0) into NR-wide panels: panel q holds columns [q·NR, q·NR + NR) as kc
 * rows of NR floats, zero-padded past nc.
 */
static void pack_b(const isa_kernels* kern, const float* b, ptrdiff_t ldb, int trans_b,
                   ptrdiff_t p0, ptrdiff_t kc, ptrdiff_t j0, ptrdiff_t nc, float* out) {
  const int nr = kern->nr;
  for (ptrdiff_t q = 0; q < nc; q += nr) {
    const ptrdiff_t w = nc - q < nr ? nc - q : nr;
    float* panel = out + q * kc;
    if (!trans_b) {
      const float* src = b + p0 * ldb + j0 + q;
      for (ptrdiff_t p = 0; p < kc; p++) {
        memcpy(panel + p * nr, src + p * ldb, (size_t)w * sizeof(float));
        for (ptrdiff_t j = w; j < nr; j++) panel[p * nr + j] = 0.0f;
      }
    } else if (w == nr && kern->pack_bt != NULL) {
      kern->pack_bt(b + (j0 + q) * ldb + p0, ldb, kc, panel);
    } else {
      /* B stored n×k: column j of op(B) is row j of B, contiguous in p. */
      for (ptrdiff_t j = 0; j < nr; j++) {
        const float* src = b + (j0 + q + j) * ldb + p0;
        for (ptrdiff_t p = 0; p < kc; p++) panel[p * nr + j] = j < w ? src[p] : 0.0f;
      }
    }
  }
}

/*
 * Rows [i0, i0 + rows) of A's block at depth p0, as MR-row panels zero-padded past `rows`: panel
 * q holds A(i0 + q·MR + i, p0 + p) at [q·MR·kc + p·MR + i]. For Aᵀ each panel row is a copy of
 * MR contiguous floats: read in place, Aᵀ's power-of-two strides (the model's widths) would map a
 * panel's rows onto a few L1 sets and miss on every step.
 */
static inline __attribute__((always_inline)) void pack_a_mr(const float* a, ptrdiff_t lda,
                                                            int trans_a, ptrdiff_t i0,
                                                            ptrdiff_t rows, ptrdiff_t p0,
                                                            ptrdiff_t kc, const int mr,
                                                            float* out) {
  for (ptrdiff_t q = 0; q < rows; q += mr) {
    const ptrdiff_t h = rows - q < mr ? rows - q : mr;
    float* panel = out + q * kc;
    if (trans_a && h == mr) {
      /* A constant-size copy: the compiler makes it one or two vector moves. */
      const float* src = a + p0 * lda + i0 + q;
      for (ptrdiff_t p = 0; p < kc; p++) memcpy(panel + p * mr, src + p * lda, sizeof(float) * mr);
      continue;
    }
    for (ptrdiff_t p = 0; p < kc; p++) {
      for (ptrdiff_t i = 0; i < mr; i++) {
        panel[p * mr + i] = i >= h            ? 0.0f
                            : trans_a ? a[(p0 + p) * lda + i0 + q + i]
                                      : a[(i0 + q + i) * lda + p0 + p];
      }
    }
  }
}

static void pack_a(const float* a, ptrdiff_t lda, int trans_a, ptrdiff_t i0, ptrdiff_t rows,
                   ptrdiff_t p0, ptrdiff_t kc, int mr, float* out) {
  switch (mr) { /* each register tile's height, as a constant */
    case 8:
      pack_a_mr(a, lda, trans_a, i0, rows, p0, kc, 8, out);
      break;
    case 6:
      pack_a_mr(a, lda, trans_a, i0, rows, p0, kc, 6, out);
      break;
    default:
      pack_a_mr(a, lda, trans_a, i0, rows, p0, kc, GEN_MR, out);
  }
}

/* ------------------------------------------------------------------- the loop nest ---- */

typedef struct {
  const isa_kernels* isa;
  int trans_a, trans_b;
  int split_columns;     /* chunks are NR-column panels of C, else MR-row panels */
  ptrdiff_t panels;      /* along the split */
  ptrdiff_t chunks;      /* the panels in this many runs of consecutive ones */
  atomic_long next;      /* the next chunk to take */
  atomic_int failed;     /* a thread could not allocate its packing space */
  ptrdiff_t m, n, k;
  float alpha, beta;
  const float* a;
  const float* b;
  float* c;
} job;

/* Per-thread scratch, grown as needed and kept: products come thousands of times a step. */
static _Thread_local float* scratch;
static _Thread_local size_t scratch_floats;

static float* reserve_scratch(size_t floats) {
  if (floats > scratch_floats) {
    free(scratch);
    /* 64-byte aligned, rounded up to a whole number of alignments as aligned_alloc requires. */
    size_t bytes = (floats * sizeof(float) + 63) & ~(size_t)63;
    scratch = aligned_alloc(64, bytes);
    scratch_floats = scratch == NULL ? 0 : floats;
  }
  return scratch;
}

/* C[i][j] = tile[i][j] + beta·C[i][j] over the rows × cols corner of a micro-tile. */
static void merge_edge(const float* tile, int nr, float* c, ptrdiff_t ldc, ptrdiff_t rows,
                       ptrdiff_t cols, float beta) {
  for (ptrdiff_t i = 0; i < rows; i++) {
    for (ptrdiff_t j = 0; j < cols; j++) {
      c[i * ldc + j] = beta == 0.0f ? tile[i * nr + j] : tile[i * nr + j] + beta * c[i * ldc + j];
    }
  }
}

/* Rows [m0, m1) × columns [n0, n1) of C, on the calling thread. Returns 0 if out of memory. */
static int gemm_block(const job* g, ptrdiff_t m0, ptrdiff_t m1, ptrdiff_t n0, ptrdiff_t n1) {
  const isa_kernels* kern = g->isa;
  const int mr = kern->mr, nr = kern->nr;
  const ptrdiff_t lda = g->trans_a ? g->m : g->k;
  const ptrdiff_t ldb = g->trans_b ? g->k : g->n;
  const ptrdiff_t ldc = g->n;
  const int pack_all_b = g->trans_b || m1 - m0 >= PACK_B_MIN_ROWS;
  const ptrdiff_t kc_max = g->k < KC ? g->k : KC;
  const ptrdiff_t nc_max = n1 - n0 < NC ? n1 - n0 : NC;
  const ptrdiff_t mc_max = m1 - m0 < MC ? m1 - m0 : MC;
  const ptrdiff_t b_floats = pack_all_b ? kc_max * ((nc_max + nr - 1) / nr * nr) : kc_max * nr;
  /* Aᵀ is packed whole, block by block, when more than one panel of B reuses it; otherwise A
   * only in its last, partial MR rows. */
  const int pack_all_a = g->trans_a && n1 - n0 > nr;
  const ptrdiff_t a_floats = kc_max * (pack_all_a ? (mc_max + mr - 1) / mr * mr : mr);
  float* b_packed = reserve_scratch((size_t)(b_floats + a_floats));
  if (b_packed == NULL) return 0;
  float* a_packed = b_packed + b_floats;
  float tile[MAX_MR * MAX_NR];

  for (ptrdiff_t jc = n0; jc < n1; jc += NC) {
    const ptrdiff_t nc = n1 - jc < NC ? n1 - jc : NC;
    for (ptrdiff_t pc = 0; pc < g->k; pc += KC) {
      const ptrdiff_t kc = g->k - pc < KC ? g->k - pc : KC;
      const float beta = pc == 0 ? g->beta : 1.0f;
      if (pack_all_b) {
        pack_b(kern, g->b, ldb, g->trans_b, pc, kc, jc, nc, b_packed);
      } else if (nc % nr != 0) {
        /* B is read in place; only its last, partial panel is padded. */
        pack_b(kern, g->b, ldb, 0, pc, kc, jc + nc / nr * nr, nc % nr, b_packed);
      }
      for (ptrdiff_t ic = m0; ic < m1; ic += MC) {
        const ptrdiff_t mc = m1 - ic < MC ? m1 - ic : MC;
        const ptrdiff_t full_rows = pack_all_a ? 0 : mc / mr * mr;
        if (full_rows < mc) {
          pack_a(g->a, lda, g->trans_a, ic + full_rows, mc - full_rows, pc, kc, mr, a_packed);
        }
        for (ptrdiff_t jr = 0; jr < nc; jr += nr) {
          const ptrdiff_t cols = nc - jr < nr ? nc - jr : nr;
          const float* bp;
          ptrdiff_t ldbp;
          if (pack_all_b) {
            bp = b_packed + jr * kc;
            ldbp = nr;
          } else if (cols < nr) {
            bp = b_packed;
            ldbp = nr;
          } else {
            bp = g->b + pc * ldb + jc + jr;
            ldbp = ldb;
          }
          float* cp = g->c + ic * ldc + jc + jr;
          for (ptrdiff_t ir = 0; ir < mc; ir += mr) {
            const ptrdiff_t rows = mc - ir < mr ? mc - ir : mr;
            const float* ap;
            ptrdiff_t ldap;
            micro_kernel run;
            if (ir >= full_rows) {
              ap = a_packed + (ir - full_rows) * kc;
              ldap = mr;
              run = kern->cols;
            } else {
              ap = g->trans_a ? g->a + pc * lda + ic + ir : g->a + (ic + ir) * lda + pc;
              ldap = lda;
              run = g->trans_a ? kern->cols : kern->rows;
            }
            if (rows == mr && cols == nr) {
              run(kc, ap, ldap, bp, ldbp, cp + ir * ldc, ldc, g->alpha, beta);
            } else {
              run(kc, ap, ldap, bp, ldbp, tile, nr, g->alpha, 0.0f);
              merge_edge(tile, nr, cp + ir * ldc, ldc, rows, cols, beta);
            }
          }
        }
      }
    }
  }
  return 1;
}

/*
 * A thread's share of the job: chunks taken from the job's queue until it is empty, so a thread
 * that is off the CPU (a shared machine) leaves its share to the others instead of stalling them.
 * Each element of C is computed the same way whichever thread takes its chunk, so results do not
 * depend on the scheduling.
 */
static void run_part(void* arg, int part, int parts) {
  job* g = arg;
  (void)part;
  (void)parts;
  for (;;) {
    const long chunk = atomic_fetch_add_explicit(&g->next, 1, memory_order_relaxed);
    if (chunk >= g->chunks) return;
    const ptrdiff_t unit = g->split_columns ? g->isa->nr : g->isa->mr;
    const ptrdiff_t extent = g->split_columns ? g->n : g->m;
    const ptrdiff_t lo = g->panels * chunk / g->chunks * unit;
    ptrdiff_t hi = g->panels * (chunk + 1) / g->chunks * unit;
    if (hi > extent) hi = extent;
    const int ok = g->split_columns ? gemm_block(g, 0, g->m, lo, hi) : gemm_block(g, lo, hi, 0, g->n);
    if (!ok) atomic_store(&g->failed, 1);
  }
}

/* Chunks per thread: enough that a late thread's share is small, few enough to cost nothing. */
#define CHUNKS_PER_THREAD 4
/* Rows per chunk when C is split by rows: each chunk packs all of B, paid back over this many. */
#define ROW_CHUNK_MIN 128

int tg_sgemm(int isa, int threads, int trans_a, int trans_b, ptrdiff_t m, ptrdiff_t n,
             ptrdiff_t k, float alpha, const float* a, const float* b, float beta, float* c) {
  find_usable();
  if (isa < 0 || isa >= usable_count) return 0;
  const isa_kernels* kern = usable[isa];
  int parts = (double)m * (double)n * (double)k >= PARALLEL_MIN ? threads : 1;
  if (parts > TG_MAX_THREADS) parts = TG_MAX_THREADS;
  if (parts <= 1) {
    job g = {kern, trans_a, trans_b, 1, 1, 1, 0, 0, m, n, k, alpha, beta, a, b, c};
    return gemm_block(&g, 0, m, 0, n);
  }
  /* Split by rows when each chunk gets ROW_CHUNK_MIN of them: a chunk then reuses its rows of A
   * from L2 for every column panel, and its packing of B is small beside its work. Else by
   * column panels, which costs no packing twice; else by whichever has more panels. */
  const ptrdiff_t wanted = (ptrdiff_t)parts * CHUNKS_PER_THREAD;
  const ptrdiff_t col_panels = (n + kern->nr - 1) / kern->nr;
  const ptrdiff_t row_panels = (m + kern->mr - 1) / kern->mr;
  const ptrdiff_t row_chunks = m / ROW_CHUNK_MIN < wanted ? m / ROW_CHUNK_MIN : wanted;
  int split_columns;
  ptrdiff_t chunks;
  if (row_chunks >= parts) {
    split_columns = 0;
    chunks = row_chunks;
  } else {
    split_columns = col_panels >= parts || col_panels >= row_panels;
    const ptrdiff_t panels = split_columns ? col_panels : row_panels;
    chunks = panels < wanted ? panels : wanted;
  }
  const ptrdiff_t panels = split_columns ? col_panels : row_panels;
  job g = {kern, trans_a, trans_b, split_columns, panels, chunks, 0, 0, m, n, k, alpha, beta,
           a, b, c};
  tg_pool_run(run_part, &g, parts < chunks ? parts : (int)chunks);
  return !atomic_load(&g.failed);
}

/* --------------------------------------------------------------- batched products ---- */

typedef struct {
  job item; /* the shape and scalars; a, b, c of item 0 */
  ptrdiff_t count, stride_a, stride_b, stride_c;
  atomic_long next;
  atomic_int failed;
} batch_job;

/*
 * A thread's share of a batch: whole items taken from the queue, each on this thread alone, so
 * one item is computed the same way whichever thread takes it (results do not depend on the
 * scheduling) and no thread waits for another inside an item.
 */
static void run_batch_part(void* arg, int part, int parts) {
  batch_job* g = arg;
  (void)part;
  (void)parts;
  for (;;) {
    const long i = atomic_fetch_add_explicit(&g->next, 1, memory_order_relaxed);
    if (i >= g->count) return;
    job one = g->item;
    one.a = g->item.a + i * g->stride_a;
    one.b = g->item.b + i * g->stride_b;
    one.c = g->item.c + i * g->stride_c;
    if (!gemm_block(&one, 0, one.m, 0, one.n)) atomic_store(&g->failed, 1);
  }
}

int tg_sgemm_batch(int isa, int threads, int trans_a, int trans_b, ptrdiff_t m, ptrdiff_t n,
                   ptrdiff_t k, float alpha, const float* a, ptrdiff_t stride_a, const float* b,
                   ptrdiff_t stride_b, float beta, float* c, ptrdiff_t stride_c,
                   ptrdiff_t count) {
  find_usable();
  if (isa < 0 || isa >= usable_count) return 0;
  batch_job g = {{usable[isa], trans_a, trans_b, 1, 1, 1, 0, 0, m, n, k, alpha, beta, a, b, c},
                 count, stride_a, stride_b, stride_c, 0, 0};
  int parts = (double)m * (double)n * (double)k * (double)count >= PARALLEL_MIN ? threads : 1;
  if (parts > count) parts = (int)count;
  if (parts > TG_MAX_THREADS) parts = TG_MAX_THREADS;
  if (parts <= 1) run_batch_part(&g, 0, 1);
  else tg_pool_run(run_batch_part, &g, parts);
  return !atomic_load(&g.failed);
}
