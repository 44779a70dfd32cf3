// Every C API function and its error paths (NULL arguments, wrong
// struct_size, bad enums, unsupported specs, bad tensors), and a GEMM launched
// on the emulator that matches a CPU reference. No HIP on the test machines:
// kDLROCM tensors must fail with a clear status, never crash.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t && env -u AITER_HIP_LIBRARY %t %t.cache | FileCheck %s
// CHECK: PASS

#include "Inputs/testutil.h"

static int warnings, ran_aligned, ran_general;
static void on_log(void *user, aiter_log_level_t level, const char *msg) {
  (void)user;
  if (level >= AITER_LOG_WARNING)
    ++warnings;
  ran_aligned |= strstr(msg, "(aligned, gfx942) runs on the emulator") != 0;
  ran_general |= strstr(msg, "(general, gfx942) runs on the emulator") != 0;
  fprintf(stderr, "log[%d]: %s\n", (int)level, msg);
}

int main(int argc, char **argv) {
  (void)argc;
  /* Version, build id, status strings, last error. */
  EXPECT_TRUE(aiter_abi_version() == AITER_ABI_VERSION);
  EXPECT_TRUE(strncmp(aiter_build_id(), "aiter-", 6) == 0);
  EXPECT_TRUE(strcmp(aiter_status_string(AITER_OK), "AITER_OK") == 0);
  EXPECT_TRUE(strcmp(aiter_status_string(AITER_ERROR_BAD_TENSOR),
                     "AITER_ERROR_BAD_TENSOR") == 0);
  EXPECT_TRUE(strstr(aiter_status_string((aiter_status_t)999), "UNKNOWN"));

  /* Context errors. */
  aiter_context_t ctx = NULL;
  EXPECT_STATUS(aiter_context_create(NULL, NULL), AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("out_context");
  aiter_context_options_t opts;
  memset(&opts, 0, sizeof(opts));
  opts.struct_size = sizeof(opts) - 1;
  EXPECT_STATUS(aiter_context_create(&opts, &ctx), AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("struct_size");
  opts.struct_size = sizeof(opts);
  opts.cache_mode = (aiter_cache_mode_t)42;
  EXPECT_STATUS(aiter_context_create(&opts, &ctx), AITER_ERROR_INVALID_ARGUMENT);
  opts.cache_mode = AITER_CACHE_MODE_RW;
  opts.device_ordinal = -1;
  EXPECT_STATUS(aiter_context_create(&opts, &ctx), AITER_ERROR_INVALID_ARGUMENT);
  opts.device_ordinal = 0;
  opts.cache_dir = argv[1];
  opts.default_chip = "gfx942";
  opts.log_callback = on_log;
  EXPECT_OK(aiter_context_create(&opts, &ctx));
  EXPECT_TRUE(strcmp(aiter_last_error_message(), "") == 0);
  EXPECT_OK(aiter_context_destroy(NULL));

  /* Kernel creation errors. */
  aiter_kernel_t k = NULL;
  aiter_gemm_desc_t g;
  memset(&g, 0, sizeof(g));
  g.struct_size = sizeof(g);
  g.dtype = AITER_DTYPE_BF16;
  g.out_dtype = AITER_DTYPE_F32;
  EXPECT_STATUS(aiter_kernel_create_gemm(NULL, &g, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, NULL, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  g.struct_size = 8;
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("struct_size");
  g.struct_size = sizeof(g);
  g.dtype = (aiter_dtype_t)77;
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  g.dtype = AITER_DTYPE_F32;
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k), AITER_ERROR_UNSUPPORTED);
  g.dtype = AITER_DTYPE_BF16;
  /* Bad configurations are the caller's argument errors. */
  g.config = "no_such_key=3";
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("no_such_key");
  EXPECT_TRUE(k == NULL);
  g.config = "tile_m=100";
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("tile_m");
  g.config = NULL;
  /* A chip outside the target table is the caller's argument error. */
  g.chip = "gfx1100";
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("desc.chip");
  EXPECT_ERROR_MENTIONS("gfx1100");
  g.chip = NULL;

  /* Attention: the descriptor is checked here, the spec by the compiler. */
  aiter_attention_desc_t at;
  memset(&at, 0, sizeof(at));
  at.struct_size = sizeof(at);
  at.dtype = AITER_DTYPE_BF16;
  at.head_dim = 128;
  at.causal = 1;
  at.return_lse = 1;
  at.layout = AITER_ATTENTION_LAYOUT_BHSD;
  EXPECT_STATUS(aiter_kernel_create_attention(ctx, NULL, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  at.struct_size = 4;
  EXPECT_STATUS(aiter_kernel_create_attention(ctx, &at, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  at.struct_size = sizeof(at);
  at.head_dim = 0;
  EXPECT_STATUS(aiter_kernel_create_attention(ctx, &at, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  at.head_dim = 128;
  at.layout = (aiter_attention_layout_t)9;
  EXPECT_STATUS(aiter_kernel_create_attention(ctx, &at, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  at.layout = AITER_ATTENTION_LAYOUT_BHSD;
  /* A well-formed problem the compiler does not support (its verifier says
   * which head dims it does). */
  at.head_dim = 300;
  EXPECT_STATUS(aiter_kernel_create_attention(ctx, &at, &k),
                AITER_ERROR_UNSUPPORTED);
  EXPECT_ERROR_MENTIONS("head_dim must be in [1, 256]");
  at.head_dim = 128;
  {
    aiter_status_t s = aiter_kernel_create_attention(ctx, &at, &k);
    EXPECT_OK(s);
    if (s == AITER_OK) {
      int64_t shp[4] = {1, 1, 16, 128};
      uint16_t buf[16 * 128];
      DLTensor q = make_tensor(buf, kDLBfloat, 16, 4, shp, NULL);
      /* return_lse kernels need an lse tensor. */
      EXPECT_STATUS(aiter_attention_launch(k, &q, &q, &q, &q, NULL, NULL),
                    AITER_ERROR_INVALID_ARGUMENT);
      float lbuf[16];
      int64_t lshp[3] = {1, 1, 16}, lbad[3] = {1, 2, 16};
      DLTensor lse = make_tensor(lbuf, kDLFloat, 32, 3, lshp, NULL);
      DLTensor lse_bad = make_tensor(lbuf, kDLFloat, 32, 3, lbad, NULL);
      EXPECT_STATUS(aiter_attention_launch(k, &q, &q, &q, &q, &lse_bad, NULL),
                    AITER_ERROR_BAD_TENSOR);
      int64_t dshp[4] = {1, 1, 16, 64}; /* wrong head_dim */
      DLTensor qd = make_tensor(buf, kDLBfloat, 16, 4, dshp, NULL);
      EXPECT_STATUS(aiter_attention_launch(k, &qd, &q, &q, &q, &lse, NULL),
                    AITER_ERROR_BAD_TENSOR);
      EXPECT_ERROR_MENTIONS("head_dim");
      int64_t hshp[4] = {1, 2, 8, 128}; /* 2 kv heads for 1 q head */
      DLTensor kh = make_tensor(buf, kDLBfloat, 16, 4, hshp, NULL);
      EXPECT_STATUS(aiter_attention_launch(k, &q, &kh, &kh, &q, &lse, NULL),
                    AITER_ERROR_BAD_TENSOR);
      int64_t sstr[4] = {16 * 128 * 2, 16 * 128 * 2, 128 * 2, 2};
      DLTensor qs = make_tensor(buf, kDLBfloat, 16, 4, shp, sstr);
      EXPECT_STATUS(aiter_attention_launch(k, &qs, &q, &q, &q, &lse, NULL),
                    AITER_ERROR_BAD_TENSOR);
      EXPECT_ERROR_MENTIONS("unit-stride");
      EXPECT_STATUS(aiter_gemm_launch(k, &q, &q, &q, NULL),
                    AITER_ERROR_INVALID_ARGUMENT);
      EXPECT_OK(aiter_kernel_destroy(k));
    }
    k = NULL;
  }

  /* A GEMM kernel: compiled now, both variants. */
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  aiter_kernel_info_t info;
  memset(&info, 0, sizeof(info));
  EXPECT_STATUS(aiter_kernel_get_info(k, AITER_VARIANT_ALIGNED, &info),
                AITER_ERROR_INVALID_ARGUMENT); /* struct_size 0 */
  info.struct_size = sizeof(info);
  EXPECT_STATUS(aiter_kernel_get_info(NULL, AITER_VARIANT_ALIGNED, &info),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(aiter_kernel_get_info(k, (aiter_variant_t)5, &info),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_OK(aiter_kernel_get_info(k, AITER_VARIANT_ALIGNED, &info));
  EXPECT_TRUE(strcmp(info.chip, "gfx942") == 0);
  EXPECT_TRUE(info.cache_hit == 0 && info.compile_ms > 0);
  EXPECT_TRUE(info.workgroup_size > 0 && info.vgpr_count > 0);
  EXPECT_TRUE(info.last_device == AITER_DEVICE_NONE);
  fprintf(stderr, "compiled %s in %.1f ms\n", info.name, info.compile_ms);

  const void *co = NULL;
  size_t co_size = 0;
  EXPECT_STATUS(aiter_kernel_get_code_object(k, AITER_VARIANT_GENERAL, NULL,
                                             &co_size),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_OK(aiter_kernel_get_code_object(k, AITER_VARIANT_GENERAL, &co,
                                         &co_size));
  EXPECT_TRUE(co_size > 64 && memcmp(co, "\177ELF", 4) == 0);

  /* Tensors: M=70, N=56, K=40 (ragged against every tile; row strides
   * multiples of 8, so the aligned variant runs). */
  enum { M = 70, N = 56, K = 40 };
  static uint16_t a[M * K], b[K * N];
  static float c[M * N];
  fill_bf16(a, M * K, 1);
  fill_bf16(b, K * N, 2);
  int64_t sa[2] = {M, K}, sb[2] = {K, N}, sc[2] = {M, N};
  DLTensor ta = make_tensor(a, kDLBfloat, 16, 2, sa, NULL);
  DLTensor tb = make_tensor(b, kDLBfloat, 16, 2, sb, NULL);
  DLTensor tc = make_tensor(c, kDLFloat, 32, 2, sc, NULL);

  /* Bad tensors: each fails before touching memory (c stays NaN-free 0). */
  EXPECT_STATUS(aiter_gemm_launch(NULL, &ta, &tb, &tc, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_STATUS(aiter_gemm_launch(k, NULL, &tb, &tc, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  DLTensor bad = ta;
  bad.dtype.code = kDLFloat;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("dtype");
  bad = ta;
  bad.dtype.lanes = 2;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  bad = ta;
  bad.ndim = 3;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("rank");
  int64_t wrongK[2] = {K + 1, N};
  bad = tb;
  bad.shape = wrongK;
  EXPECT_STATUS(aiter_gemm_launch(k, &ta, &bad, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("K =");
  int64_t wrongC[2] = {M, N + 1};
  bad = tc;
  bad.shape = wrongC;
  EXPECT_STATUS(aiter_gemm_launch(k, &ta, &tb, &bad, NULL),
                AITER_ERROR_BAD_TENSOR);
  int64_t negStrides[2] = {-K, 1};
  bad = ta;
  bad.strides = negStrides;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("negative");
  int64_t zeroStrides[2] = {0, 1};
  bad = tc;
  bad.strides = zeroStrides;
  EXPECT_STATUS(aiter_gemm_launch(k, &ta, &tb, &bad, NULL),
                AITER_ERROR_BAD_TENSOR);
  bad = ta;
  bad.data = (char *)a + 1;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("aligned");
  bad = ta;
  bad.byte_offset = 3;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  bad = ta;
  bad.data = NULL;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  bad = ta;
  bad.device.device_type = kDLROCM;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &tb, &tc, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("mixed");
  bad = ta;
  bad.device.device_type = kDLVulkan;
  DLTensor badb = tb, badc = tc;
  badb.device.device_type = badc.device.device_type = kDLVulkan;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &badb, &badc, NULL),
                AITER_ERROR_BAD_TENSOR);
  /* All-ROCm tensors without HIP: a clear status, no crash. */
  bad = ta;
  badb = tb;
  badc = tc;
  bad.device.device_type = badb.device.device_type =
      badc.device.device_type = kDLROCM;
  EXPECT_STATUS(aiter_gemm_launch(k, &bad, &badb, &badc, NULL),
                AITER_ERROR_DEVICE_UNAVAILABLE);
  EXPECT_ERROR_MENTIONS("HIP");
  for (int i = 0; i < M * N; ++i)
    EXPECT_TRUE(c[i] == 0.0f); /* nothing was written */

  /* A correct launch on the emulator (aligned variant). */
  EXPECT_OK(aiter_gemm_launch(k, &ta, &tb, &tc, NULL));
  EXPECT_TRUE(check_gemm_f32(a, b, c, M, N, K, N));
  EXPECT_OK(aiter_kernel_get_info(k, AITER_VARIANT_ALIGNED, &info));
  EXPECT_TRUE(info.last_device == AITER_DEVICE_EMULATOR);
  EXPECT_TRUE(ran_aligned && !ran_general);

  /* The general variant: c with a padded row stride of N + 1 (not % 8). */
  static float c2[M * (N + 1)];
  int64_t sc2[2] = {N + 1, 1};
  DLTensor tc2 = make_tensor(c2, kDLFloat, 32, 2, sc, sc2);
  EXPECT_OK(aiter_gemm_launch(k, &ta, &tb, &tc2, NULL));
  EXPECT_TRUE(check_gemm_f32(a, b, c2, M, N, K, N + 1));
  EXPECT_TRUE(ran_general);

  /* An empty problem is a no-op. */
  int64_t s0[2] = {0, K}, sc0[2] = {0, N};
  DLTensor ta0 = make_tensor(a, kDLBfloat, 16, 2, s0, NULL);
  DLTensor tc0 = make_tensor(c, kDLFloat, 32, 2, sc0, NULL);
  EXPECT_OK(aiter_gemm_launch(k, &ta0, &tb, &tc0, NULL));

  /* Attention launch on a gemm kernel. */
  EXPECT_STATUS(aiter_attention_launch(k, &ta, &ta, &ta, &ta, NULL, NULL),
                AITER_ERROR_INVALID_ARGUMENT);

  /* The same spec again: a memory-tier hit. */
  aiter_kernel_t k2 = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k2));
  EXPECT_OK(aiter_kernel_get_info(k2, AITER_VARIANT_ALIGNED, &info));
  EXPECT_TRUE(info.cache_hit == 1 && info.disk_cache_hit == 0);

  /* Cache stats and clear. */
  aiter_cache_stats_t st;
  memset(&st, 0, sizeof(st));
  EXPECT_STATUS(aiter_cache_stats(ctx, &st), AITER_ERROR_INVALID_ARGUMENT);
  st.struct_size = sizeof(st);
  EXPECT_STATUS(aiter_cache_stats(NULL, &st), AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_OK(aiter_cache_stats(ctx, &st));
  EXPECT_TRUE(st.misses >= 2 && st.memory_hits == 2);
  EXPECT_TRUE(st.memory_bytes > 0 && st.disk_bytes > 0);
  EXPECT_STATUS(aiter_cache_clear(NULL), AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_OK(aiter_cache_clear(ctx));
  EXPECT_OK(aiter_cache_stats(ctx, &st));
  EXPECT_TRUE(st.memory_bytes == 0 && st.disk_bytes == 0);
  /* Live kernels survive a clear. */
  EXPECT_OK(aiter_gemm_launch(k2, &ta, &tb, &tc, NULL));
  EXPECT_TRUE(check_gemm_f32(a, b, c, M, N, K, N));

  EXPECT_OK(aiter_kernel_destroy(k));
  EXPECT_OK(aiter_kernel_destroy(k2));
  EXPECT_OK(aiter_kernel_destroy(NULL));
  EXPECT_OK(aiter_context_destroy(ctx));
  EXPECT_TRUE(warnings == 0);
  printf("PASS\n");
  return 0;
}
