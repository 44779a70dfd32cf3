// Reproducers of the C API faults a misusing client found (issue 16), each
// checked on the emulator against a CPU reference:
// - padded leading dimensions (row stride > row) on every operand of GEMM
//   (all four transposes) and attention, for the aligned variant (strides a
//   multiple of 8 elements) and the general one; every tensor is allocated
//   to its exact extent, so a read past the last row's end is an emulator
//   out-of-bounds error, and the padding holds NaN, so a read of it shows in
//   the result; output padding must be left as it was;
// - zero sizes with NULL strides (and NULL data) are no-ops, and K = 0 writes
//   D = 0 as BLAS does (beta = 0);
// - NaN/Inf scale or softcap, an empty or unknown chip: invalid arguments
//   naming the field;
// - outputs whose strides overlap, or whose memory overlaps another tensor's,
//   are rejected.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t -lm && env -u AITER_HIP_LIBRARY %t %t.cache gfx942 | FileCheck %s
// RUN: %t %t.cache gfx950 | FileCheck %s
// CHECK: PASS

#include "Inputs/testutil.h"

static int ran[2]; /* aligned, general */
static void on_log(void *user, aiter_log_level_t level, const char *msg) {
  (void)user;
  (void)level;
  if (strstr(msg, "(aligned, "))
    ran[0] = 1;
  if (strstr(msg, "(general, "))
    ran[1] = 1;
}

static const uint16_t BF16_NAN = 0x7fc0;

/* A 2-D bf16 matrix of rows x cols with row stride ld, allocated to its
 * exact extent; padding is NaN. */
static uint16_t *new_matrix(int64_t rows, int64_t cols, int64_t ld,
                            unsigned seed) {
  size_t n = rows ? (size_t)((rows - 1) * ld + cols) : 0;
  uint16_t *p = (uint16_t *)malloc(n ? n * 2 : 1);
  for (size_t i = 0; i < n; ++i)
    p[i] = BF16_NAN;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      p[r * ld + c] = f32_to_bf16(rand_unit(&seed));
  return p;
}

/* One GEMM D[M,N] = op(A) op(B) with the given leading strides; the output
 * is f32 with row stride ldc, padding pre-filled with a sentinel that must
 * survive. */
static void gemm_case(aiter_kernel_t k, int ta, int tb, int64_t M, int64_t N,
                      int64_t K, int64_t pa, int64_t pb, int64_t pc) {
  int64_t ar = ta ? K : M, ac = ta ? M : K, br = tb ? N : K, bc = tb ? K : N;
  int64_t lda = ac + pa, ldb = bc + pb, ldc = N + pc;
  uint16_t *a = new_matrix(ar, ac, lda, 11), *b = new_matrix(br, bc, ldb, 12);
  size_t nc = M ? (size_t)((M - 1) * ldc + N) : 0;
  float *c = (float *)malloc(nc ? nc * 4 : 4);
  for (size_t i = 0; i < nc; ++i)
    c[i] = -7.5f;
  int64_t sa[2] = {ar, ac}, sb[2] = {br, bc}, sc[2] = {M, N};
  int64_t ta_[2] = {lda, 1}, tb_[2] = {ldb, 1}, tc_[2] = {ldc, 1};
  DLTensor A = make_tensor(a, kDLBfloat, 16, 2, sa, ta_);
  DLTensor B = make_tensor(b, kDLBfloat, 16, 2, sb, tb_);
  DLTensor C = make_tensor(c, kDLFloat, 32, 2, sc, tc_);
  EXPECT_OK(aiter_gemm_launch(k, &A, &B, &C, NULL));
  double worst = 0;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double ref = 0;
      for (int64_t kk = 0; kk < K; ++kk) {
        double x = bf16_to_f32(ta ? a[kk * lda + i] : a[i * lda + kk]);
        double y = bf16_to_f32(tb ? b[j * ldb + kk] : b[kk * ldb + j]);
        ref += x * y;
      }
      double err = fabs(ref - c[i * ldc + j]);
      if (!(err <= worst))
        worst = err; /* NaN stays */
    }
  int padOk = 1;
  for (int64_t i = 0; i + 1 < M; ++i)
    for (int64_t j = N; j < ldc; ++j)
      padOk &= c[i * ldc + j] == -7.5f;
  if (!(worst <= 1e-3) || !padOk) {
    fprintf(stderr,
            "gemm ta=%d tb=%d %lldx%lldx%lld lda=%lld ldb=%lld ldc=%lld: max "
            "error %g, output padding %s\n",
            ta, tb, (long long)M, (long long)N, (long long)K, (long long)lda,
            (long long)ldb, (long long)ldc, worst,
            padOk ? "kept" : "overwritten");
    exit(1);
  }
  free(a);
  free(b);
  free(c);
}

static void padded_gemm(aiter_context_t ctx, const char *chip) {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      aiter_gemm_desc_t g;
      memset(&g, 0, sizeof(g));
      g.struct_size = sizeof(g);
      g.dtype = AITER_DTYPE_BF16;
      g.out_dtype = AITER_DTYPE_F32;
      g.trans_a = ta;
      g.trans_b = tb;
      g.chip = chip;
      aiter_kernel_t k = NULL;
      EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
      /* The reported case, then each operand padded alone, then all, with
       * paddings keeping the aligned variant (8) or not (3). */
      static const int64_t pads[][3] = {{8, 0, 0}, {0, 8, 0}, {0, 0, 8},
                                        {8, 8, 8}, {3, 0, 0}, {0, 3, 0},
                                        {0, 0, 3}, {3, 8, 5}};
      for (size_t p = 0; p < sizeof(pads) / sizeof(pads[0]); ++p) {
        gemm_case(k, ta, tb, 16, 16, 16, pads[p][0], pads[p][1], pads[p][2]);
        gemm_case(k, ta, tb, 33, 40, 70, pads[p][0], pads[p][1], pads[p][2]);
      }
      EXPECT_OK(aiter_kernel_destroy(k));
    }
  EXPECT_TRUE(ran[0] && ran[1]);
}

/* Attention, bshd, every tensor's head stride padded by `pad` elements; lse
 * [B, H, SQ] with its row padded too. */
static void padded_attention(aiter_context_t ctx, const char *chip,
                             int64_t pad) {
  enum { B = 2, H = 2, HK = 1, SQ = 19, SK = 37, D = 64 };
  aiter_attention_desc_t d;
  memset(&d, 0, sizeof(d));
  d.struct_size = sizeof(d);
  d.dtype = AITER_DTYPE_BF16;
  d.head_dim = D;
  d.return_lse = 1;
  d.layout = AITER_ATTENTION_LAYOUT_BSHD;
  d.chip = chip;
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_attention(ctx, &d, &k));
  int64_t hs = D + pad; /* head stride */
  /* [b, s, h, d] with strides {S*H*hs, H*hs, hs, 1}, exact extent. */
  int64_t sq[4] = {B, SQ, H, D}, sk[4] = {B, SK, HK, D};
  int64_t stq[4] = {SQ * H * hs, H * hs, hs, 1};
  int64_t stk[4] = {SK * HK * hs, HK * hs, hs, 1};
  uint16_t *q = new_matrix(B * SQ * H, D, hs, 21);
  uint16_t *kk = new_matrix(B * SK * HK, D, hs, 22);
  uint16_t *v = new_matrix(B * SK * HK, D, hs, 23);
  size_t no = (size_t)((B * SQ * H - 1) * hs + D);
  uint16_t *o = (uint16_t *)malloc(no * 2);
  for (size_t i = 0; i < no; ++i)
    o[i] = 0x1234;
  int64_t lpad = SQ + pad;
  size_t nl = (size_t)((B * H - 1) * lpad + SQ);
  float *lse = (float *)malloc(nl * 4);
  for (size_t i = 0; i < nl; ++i)
    lse[i] = -7.5f;
  int64_t sl[3] = {B, H, SQ}, stl[3] = {H * lpad, lpad, 1};
  DLTensor tq = make_tensor(q, kDLBfloat, 16, 4, sq, stq);
  DLTensor tk = make_tensor(kk, kDLBfloat, 16, 4, sk, stk);
  DLTensor tv = make_tensor(v, kDLBfloat, 16, 4, sk, stk);
  DLTensor to = make_tensor(o, kDLBfloat, 16, 4, sq, stq);
  DLTensor tl = make_tensor(lse, kDLFloat, 32, 3, sl, stl);
  EXPECT_OK(aiter_attention_launch(k, &tq, &tk, &tv, &to, &tl, NULL));
  double scale = 1.0 / sqrt((double)D), worst = 0, worstLse = 0;
  int padOk = 1;
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < SQ; ++i) {
        const uint16_t *qi = q + ((b * SQ + i) * H + h) * hs;
        double s[SK], m = -INFINITY, l = 0;
        for (int j = 0; j < SK; ++j) {
          const uint16_t *kj = kk + (b * SK + j) * HK * hs;
          double dot = 0;
          for (int c = 0; c < D; ++c)
            dot += (double)bf16_to_f32(qi[c]) * bf16_to_f32(kj[c]);
          s[j] = dot * scale;
          m = s[j] > m ? s[j] : m;
        }
        for (int j = 0; j < SK; ++j)
          l += exp(s[j] - m);
        const uint16_t *oi = o + ((b * SQ + i) * H + h) * hs;
        for (int c = 0; c < D; ++c) {
          double acc = 0;
          for (int j = 0; j < SK; ++j)
            acc +=
                exp(s[j] - m) / l * bf16_to_f32(v[(b * SK + j) * HK * hs + c]);
          double err = fabs(acc - bf16_to_f32(oi[c]));
          if (!(err <= worst))
            worst = err;
        }
        for (int c = D; c < hs && (b * SQ + i) * H + h + 1 < B * SQ * H; ++c)
          padOk &= oi[c] == 0x1234;
        double err = fabs(m + log(l) - lse[(b * H + h) * lpad + i]);
        if (!(err <= worstLse))
          worstLse = err;
      }
  for (int r = 0; r + 1 < B * H; ++r)
    for (int64_t c = SQ; c < lpad; ++c)
      padOk &= lse[r * lpad + c] == -7.5f;
  if (!(worst <= 2e-2) || !(worstLse <= 1e-3) || !padOk) {
    fprintf(stderr,
            "attention %s pad %lld: max error %g, lse error %g, padding %s\n",
            chip, (long long)pad, worst, worstLse,
            padOk ? "kept" : "overwritten");
    exit(1);
  }
  free(q);
  free(kk);
  free(v);
  free(o);
  free(lse);
  EXPECT_OK(aiter_kernel_destroy(k));
}

static void zero_sizes(aiter_context_t ctx, const char *chip) {
  aiter_gemm_desc_t g;
  memset(&g, 0, sizeof(g));
  g.struct_size = sizeof(g);
  g.dtype = AITER_DTYPE_BF16;
  g.out_dtype = AITER_DTYPE_F32;
  g.chip = chip;
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  static uint16_t a[64 * 64], b[64 * 64];
  static float c[64 * 64];
  /* M, N or K = 0 with NULL strides; empty tensors may have NULL data. */
  static const int64_t mnk[][3] = {
      {0, 16, 16}, {16, 0, 16}, {16, 16, 0}, {0, 0, 0}, {37, 5, 0}};
  /* pass 0: NULL data where empty; pass 1: each tensor one element past a
   * 16-byte boundary, which selects the general variant. */
  for (size_t t = 0; t < sizeof(mnk) / sizeof(mnk[0]); ++t) {
    int64_t M = mnk[t][0], N = mnk[t][1], K = mnk[t][2];
    int64_t sa[2] = {M, K}, sb[2] = {K, N}, sc[2] = {M, N};
    for (int pass = 0; pass < 2; ++pass) {
      for (int i = 0; i < 64 * 64; ++i)
        c[i] = 3.0f;
      DLTensor A =
          make_tensor(!pass && !(M * K) ? NULL : a, kDLBfloat, 16, 2, sa, NULL);
      DLTensor B =
          make_tensor(!pass && !(K * N) ? NULL : b, kDLBfloat, 16, 2, sb, NULL);
      DLTensor C =
          make_tensor(!pass && !(M * N) ? NULL : c, kDLFloat, 32, 2, sc, NULL);
      A.byte_offset = B.byte_offset = 2 * pass;
      C.byte_offset = 4 * pass;
      EXPECT_OK(aiter_gemm_launch(k, &A, &B, &C, NULL));
      for (int64_t i = 0; i < 64 * 64; ++i)
        EXPECT_TRUE(c[i] == (i >= pass && i < pass + M * N ? 0.0f : 3.0f));
    }
  }
  EXPECT_OK(aiter_kernel_destroy(k));

  /* Attention with an empty batch, no queries, no heads, or no keys. */
  aiter_attention_desc_t d;
  memset(&d, 0, sizeof(d));
  d.struct_size = sizeof(d);
  d.dtype = AITER_DTYPE_BF16;
  d.head_dim = 64;
  d.return_lse = 1;
  d.layout = AITER_ATTENTION_LAYOUT_BHSD;
  d.chip = chip;
  EXPECT_OK(aiter_kernel_create_attention(ctx, &d, &k));
  static const int64_t bhs[][4] = {
      {0, 2, 8, 8}, {1, 2, 0, 8}, {1, 0, 8, 8}, {1, 2, 8, 0}};
  static uint16_t o[2 * 8 * 64];
  static float lse[2 * 8];
  for (size_t t = 0; t < sizeof(bhs) / sizeof(bhs[0]); ++t)
    for (int pass = 0; pass < 2; ++pass) { /* aligned, general */
      int64_t Bn = bhs[t][0], Hn = bhs[t][1], Sq = bhs[t][2], Sk = bhs[t][3];
      int64_t sq[4] = {Bn, Hn, Sq, 64}, sk[4] = {Bn, Hn ? 1 : 0, Sk, 64},
              sl[3] = {Bn, Hn, Sq};
      for (int i = 0; i < 2 * 8 * 64; ++i)
        o[i] = 0x1234;
      for (int i = 0; i < 2 * 8; ++i)
        lse[i] = 5.0f;
      DLTensor tq = make_tensor(a, kDLBfloat, 16, 4, sq, NULL);
      DLTensor tk =
          make_tensor(Sk || pass ? b : NULL, kDLBfloat, 16, 4, sk, NULL);
      DLTensor to = make_tensor(o, kDLBfloat, 16, 4, sq, NULL);
      DLTensor tl = make_tensor(lse, kDLFloat, 32, 3, sl, NULL);
      tq.byte_offset = tk.byte_offset = 2 * pass;
      EXPECT_OK(aiter_attention_launch(k, &tq, &tk, &tk, &to, &tl, NULL));
      int64_t rows = Bn * Hn * Sq;
      for (int64_t i = 0; i < 2 * 8 * 64; ++i)
        EXPECT_TRUE(o[i] == (i < rows * 64 ? 0 : 0x1234)); /* no key: 0 */
      for (int64_t i = 0; i < 2 * 8; ++i) /* +inf: docs/Dialect/Aiter.md */
        EXPECT_TRUE(i < rows ? isinf(lse[i]) && lse[i] > 0 : lse[i] == 5.0f);
    }
  EXPECT_OK(aiter_kernel_destroy(k));
}

static void bad_arguments(aiter_context_t ctx, const char *chip) {
  aiter_kernel_t k = NULL;
  aiter_attention_desc_t d;
  memset(&d, 0, sizeof(d));
  d.struct_size = sizeof(d);
  d.dtype = AITER_DTYPE_BF16;
  d.head_dim = 64;
  d.layout = AITER_ATTENTION_LAYOUT_BHSD;
  d.chip = chip;
  const float bad[] = {NAN, INFINITY, -INFINITY, -1.0f};
  for (int i = 0; i < 4; ++i) {
    d.scale = bad[i];
    EXPECT_STATUS(aiter_kernel_create_attention(ctx, &d, &k),
                  AITER_ERROR_INVALID_ARGUMENT);
    EXPECT_ERROR_MENTIONS("desc.scale");
    EXPECT_TRUE(k == NULL);
    d.scale = 0;
    d.softcap = bad[i];
    EXPECT_STATUS(aiter_kernel_create_attention(ctx, &d, &k),
                  AITER_ERROR_INVALID_ARGUMENT);
    EXPECT_ERROR_MENTIONS("desc.softcap");
    d.softcap = 0;
  }
  /* NULL chip = the default; "" and unknown names are errors. */
  const char *chips[] = {"", "gfx123", "gfx942:bogus+", " gfx942"};
  for (int i = 0; i < 4; ++i) {
    d.chip = chips[i];
    EXPECT_STATUS(aiter_kernel_create_attention(ctx, &d, &k),
                  AITER_ERROR_INVALID_ARGUMENT);
    EXPECT_ERROR_MENTIONS("desc.chip");
    aiter_gemm_desc_t g;
    memset(&g, 0, sizeof(g));
    g.struct_size = sizeof(g);
    g.dtype = AITER_DTYPE_BF16;
    g.out_dtype = AITER_DTYPE_BF16;
    g.chip = chips[i];
    EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                  AITER_ERROR_INVALID_ARGUMENT);
    EXPECT_ERROR_MENTIONS("desc.chip");
  }

  /* Overlapping outputs. */
  aiter_gemm_desc_t g;
  memset(&g, 0, sizeof(g));
  g.struct_size = sizeof(g);
  g.dtype = AITER_DTYPE_BF16;
  g.out_dtype = AITER_DTYPE_F32;
  g.chip = chip;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  static uint16_t a[16 * 16], b[16 * 16];
  static float c[16 * 32];
  int64_t s[2] = {16, 16};
  DLTensor A = make_tensor(a, kDLBfloat, 16, 2, s, NULL);
  DLTensor B = make_tensor(b, kDLBfloat, 16, 2, s, NULL);
  /* Rows that share elements, a transposed overlap, and a row stride
   * shorter than the row. */
  int64_t overlapping[][2] = {{1, 1}, {8, 1}, {1, 8}, {15, 1}};
  for (int i = 0; i < 4; ++i) {
    DLTensor C = make_tensor(c, kDLFloat, 32, 2, s, overlapping[i]);
    EXPECT_STATUS(aiter_gemm_launch(k, &A, &B, &C, NULL),
                  AITER_ERROR_BAD_TENSOR);
    EXPECT_ERROR_MENTIONS("c: ");
    EXPECT_ERROR_MENTIONS("overlap");
  }
  /* Column-major and padded outputs are fine. */
  fill_bf16(a, 16 * 16, 31);
  fill_bf16(b, 16 * 16, 32);
  int64_t fine[][2] = {{1, 16}, {32, 1}, {1, 17}};
  for (int i = 0; i < 3; ++i) {
    DLTensor C = make_tensor(c, kDLFloat, 32, 2, s, fine[i]);
    EXPECT_OK(aiter_gemm_launch(k, &A, &B, &C, NULL));
    double worst = 0;
    for (int r = 0; r < 16; ++r)
      for (int col = 0; col < 16; ++col) {
        double ref = 0;
        for (int kk = 0; kk < 16; ++kk)
          ref += (double)bf16_to_f32(a[r * 16 + kk]) *
                 bf16_to_f32(b[kk * 16 + col]);
        double err = fabs(ref - c[r * fine[i][0] + col * fine[i][1]]);
        if (!(err <= worst))
          worst = err;
      }
    EXPECT_TRUE(worst <= 1e-3);
  }
  /* An output that overlaps an input: A's second half is C's first. */
  static float shared[16 * 16 * 2];
  DLTensor As = make_tensor(shared, kDLBfloat, 16, 2, s, NULL);
  DLTensor Cs = make_tensor(shared + 16 * 16 / 4, kDLFloat, 32, 2, s, NULL);
  EXPECT_STATUS(aiter_gemm_launch(k, &As, &B, &Cs, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("c: ");
  EXPECT_ERROR_MENTIONS("overlaps a");
  EXPECT_OK(aiter_kernel_destroy(k));

  /* Attention: o overlapping lse, o overlapping q. */
  d.chip = chip;
  d.return_lse = 1;
  EXPECT_OK(aiter_kernel_create_attention(ctx, &d, &k));
  static uint16_t q[2 * 8 * 64], kv[8 * 64], o[2 * 8 * 64];
  int64_t sq[4] = {1, 2, 8, 64}, sk[4] = {1, 1, 8, 64}, sl[3] = {1, 2, 8};
  DLTensor tq = make_tensor(q, kDLBfloat, 16, 4, sq, NULL);
  DLTensor tk = make_tensor(kv, kDLBfloat, 16, 4, sk, NULL);
  DLTensor to = make_tensor(o, kDLBfloat, 16, 4, sq, NULL);
  DLTensor tl = make_tensor(o, kDLFloat, 32, 3, sl, NULL);
  EXPECT_STATUS(aiter_attention_launch(k, &tq, &tk, &tk, &to, &tl, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("o: ");
  EXPECT_ERROR_MENTIONS("overlaps lse");
  EXPECT_STATUS(aiter_attention_launch(k, &tq, &tk, &tk, &tq, &tl, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("o: ");
  EXPECT_ERROR_MENTIONS("overlaps q");
  EXPECT_OK(aiter_kernel_destroy(k));
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  aiter_context_options_t opts;
  memset(&opts, 0, sizeof(opts));
  opts.struct_size = sizeof(opts);
  opts.cache_dir = argv[1];
  opts.cache_mode = AITER_CACHE_MODE_RW;
  opts.log_callback = on_log;
  aiter_context_t ctx = NULL;
  EXPECT_OK(aiter_context_create(&opts, &ctx));
  const char *chip = argv[2];
  bad_arguments(ctx, chip);
  zero_sizes(ctx, chip);
  padded_gemm(ctx, chip);
  padded_attention(ctx, chip, 8);
  padded_attention(ctx, chip, 3);
  EXPECT_OK(aiter_context_destroy(ctx));
  printf("PASS\n");
  return 0;
}
