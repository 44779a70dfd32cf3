// GEMM epilogues through the C API on the emulator (ABI 4): a bf16 GEMM with
// f32 output, D = gelu_erf(2 A B - 0.5 C + bias[j]) with C aliasing D (in
// place) and an f32 row bias, launched with aiter_gemm_launch_args, against a
// double-precision CPU reference; then K = 0 (D = act(beta C + bias)). Then
// the argument checks: NaN / Inf alpha and beta, beta without C, C without
// beta, unknown enums, a bias without its dtype; the old launch, missing or
// extra tensors, a misshapen bias and a C partly overlapping D are refused
// naming the field or argument; an ABI 3 descriptor (struct_size =
// offsetof(has_alpha_beta)) still works and its bytes past the end are not
// read, and a zeroed ABI 4 epilogue is a plain GEMM with the same key.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t -lm && %t %t.cache | FileCheck %s
// CHECK: PASS

#include "../Runtime/Inputs/cacheutil.h"

#include <stddef.h>

enum { M = 40, N = 36, K = 24 };

static double gelu_erf(double x) { return 0.5 * x * (1 + erf(x / sqrt(2.0))); }

static aiter_gemm_desc_t epi_desc(void) {
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  g.has_alpha_beta = 1;
  g.alpha = 2.0f;
  g.beta = -0.5f;
  g.c_dtype = AITER_DTYPE_F32;
  g.bias = AITER_GEMM_BIAS_ROW;
  g.bias_dtype = AITER_DTYPE_F32;
  g.activation = AITER_GEMM_ACTIVATION_GELU_ERF;
  return g;
}

static void expect_create_fails(aiter_context_t ctx, aiter_gemm_desc_t g,
                                const char *field) {
  aiter_kernel_t k = NULL;
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS(field);
  EXPECT_TRUE(k == NULL);
}

int main(int argc, char **argv) {
  (void)argc;
  EXPECT_TRUE(aiter_abi_version() >= 4);
  aiter_context_t ctx = open_ctx(argv[1], AITER_CACHE_MODE_RW);
  aiter_gemm_desc_t g = epi_desc();
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));

  static uint16_t a[M * K], b[K * N];
  static float d[M * N], c0[M * N], bias[N];
  fill_bf16(a, M * K, 3);
  fill_bf16(b, K * N, 4);
  unsigned seed = 5;
  for (int i = 0; i < M * N; ++i)
    d[i] = c0[i] = 2 * rand_unit(&seed);
  for (int j = 0; j < N; ++j)
    bias[j] = 4 * rand_unit(&seed);
  int64_t sa[2] = {M, K}, sb[2] = {K, N}, sd[2] = {M, N}, sv[1] = {N},
          sm[1] = {M};
  DLTensor ta = make_tensor(a, kDLBfloat, 16, 2, sa, NULL);
  DLTensor tb = make_tensor(b, kDLBfloat, 16, 2, sb, NULL);
  DLTensor td = make_tensor(d, kDLFloat, 32, 2, sd, NULL);
  DLTensor tbias = make_tensor(bias, kDLFloat, 32, 1, sv, NULL);
  aiter_gemm_args_t args;
  memset(&args, 0, sizeof(args));
  args.struct_size = sizeof(args);
  args.a = &ta;
  args.b = &tb;
  args.d = &td;
  args.c = &td; /* in place */
  args.bias = &tbias;
  EXPECT_OK(aiter_gemm_launch_args(k, &args, NULL));
  double worst = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double acc = 0;
      for (int kk = 0; kk < K; ++kk)
        acc += (double)bf16_to_f32(a[i * K + kk]) * bf16_to_f32(b[kk * N + j]);
      double ref = gelu_erf(2 * acc - 0.5 * c0[i * N + j] + bias[j]);
      worst = fmax(worst, fabs(ref - d[i * N + j]));
    }
  if (!(worst < 1e-4)) {
    fprintf(stderr, "epilogue mismatch: max abs error %g\n", worst);
    return 1;
  }

  /* K = 0: D = gelu_erf(-0.5 C + bias). */
  int64_t sa0[2] = {M, 0}, sb0[2] = {0, N};
  DLTensor ta0 = make_tensor(NULL, kDLBfloat, 16, 2, sa0, NULL);
  DLTensor tb0 = make_tensor(NULL, kDLBfloat, 16, 2, sb0, NULL);
  for (int i = 0; i < M * N; ++i)
    d[i] = c0[i];
  args.a = &ta0;
  args.b = &tb0;
  EXPECT_OK(aiter_gemm_launch_args(k, &args, NULL));
  worst = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j)
      worst = fmax(
          worst, fabs(gelu_erf(-0.5 * c0[i * N + j] + bias[j]) - d[i * N + j]));
  if (!(worst < 1e-5)) {
    fprintf(stderr, "K = 0 mismatch: max abs error %g\n", worst);
    return 1;
  }
  args.a = &ta;
  args.b = &tb;

  /* Launch arguments. */
  EXPECT_STATUS(aiter_gemm_launch(k, &ta, &tb, &td, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("aiter_gemm_launch_args");
  aiter_gemm_args_t bad = args;
  bad.c = NULL;
  EXPECT_STATUS(aiter_gemm_launch_args(k, &bad, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("c must not be NULL");
  bad = args;
  bad.bias = NULL;
  EXPECT_STATUS(aiter_gemm_launch_args(k, &bad, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("bias must not be NULL");
  bad = args;
  DLTensor tbiasM = make_tensor(bias, kDLFloat, 32, 1, sm, NULL);
  bad.bias = &tbiasM; /* [M] for a row bias */
  EXPECT_STATUS(aiter_gemm_launch_args(k, &bad, NULL), AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("bias must be [N] = [36]");
  bad = args;
  DLTensor tbias2 = make_tensor(bias, kDLFloat, 32, 2, sd, NULL);
  bad.bias = &tbias2;
  EXPECT_STATUS(aiter_gemm_launch_args(k, &bad, NULL), AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("bias: rank must be 1");
  bad = args;
  static float big[(M + 1) * N];
  DLTensor tdBig = make_tensor(big, kDLFloat, 32, 2, sd, NULL);
  DLTensor tcShift = make_tensor(big + 1, kDLFloat, 32, 2, sd, NULL);
  bad.d = &tdBig;
  bad.c = &tcShift; /* overlaps d without being d */
  EXPECT_STATUS(aiter_gemm_launch_args(k, &bad, NULL), AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("overlaps c's");
  bad = args;
  bad.struct_size = sizeof(args) - 1;
  EXPECT_STATUS(aiter_gemm_launch_args(k, &bad, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("aiter_gemm_args_t.struct_size");
  char keyEpi[AITER_CACHE_KEY_SIZE];
  EXPECT_OK(aiter_kernel_get_cache_key(k, AITER_VARIANT_ALIGNED, keyEpi,
                                       sizeof(keyEpi)));
  EXPECT_OK(aiter_kernel_destroy(k));

  /* Descriptor fields. */
  aiter_gemm_desc_t e = epi_desc();
  e.alpha = NAN;
  expect_create_fails(ctx, e, "desc.alpha");
  e = epi_desc();
  e.beta = INFINITY;
  expect_create_fails(ctx, e, "desc.beta");
  e = epi_desc();
  e.c_dtype = 0;
  expect_create_fails(ctx, e, "beta != 0 needs C");
  e = epi_desc();
  e.beta = 0;
  expect_create_fails(ctx, e, "desc.c_dtype is set but beta is 0");
  e = epi_desc();
  e.c_dtype = (aiter_dtype_t)9;
  expect_create_fails(ctx, e, "desc.c_dtype is 9");
  e = epi_desc();
  e.bias = (aiter_gemm_bias_t)7;
  expect_create_fails(ctx, e, "desc.bias is 7");
  e = epi_desc();
  e.bias_dtype = 0;
  expect_create_fails(ctx, e, "desc.bias_dtype is 0");
  e = epi_desc();
  e.bias = AITER_GEMM_BIAS_NONE;
  expect_create_fails(ctx, e, "desc.bias_dtype is set");
  e = epi_desc();
  e.activation = (aiter_gemm_activation_t)99;
  expect_create_fails(ctx, e, "desc.activation is 99");

  /* ABI 3: struct_size ends before has_alpha_beta; the bytes past it (here
   * a whole epilogue) are not read, so this is a plain GEMM, launched with
   * the old entry point. A zeroed ABI 4 epilogue is the same spec. */
  e = epi_desc();
  e.struct_size = offsetof(aiter_gemm_desc_t, has_alpha_beta);
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &e, &k));
  static float plain[M * N];
  DLTensor tp = make_tensor(plain, kDLFloat, 32, 2, sd, NULL);
  EXPECT_OK(aiter_gemm_launch(k, &ta, &tb, &tp, NULL));
  EXPECT_TRUE(check_gemm_f32(a, b, plain, M, N, K, N));
  char key3[AITER_CACHE_KEY_SIZE], key4[AITER_CACHE_KEY_SIZE];
  EXPECT_OK(
      aiter_kernel_get_cache_key(k, AITER_VARIANT_ALIGNED, key3, sizeof(key3)));
  EXPECT_OK(aiter_kernel_destroy(k));
  aiter_gemm_desc_t z = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  z.alpha = 5.0f; /* not read: has_alpha_beta is 0 */
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &z, &k));
  EXPECT_OK(
      aiter_kernel_get_cache_key(k, AITER_VARIANT_ALIGNED, key4, sizeof(key4)));
  EXPECT_OK(aiter_kernel_destroy(k));
  EXPECT_TRUE(strcmp(key3, key4) == 0);
  EXPECT_TRUE(strcmp(key3, keyEpi) != 0);
  e = epi_desc();
  e.struct_size = offsetof(aiter_gemm_desc_t, has_alpha_beta) + 1;
  expect_create_fails(ctx, e, ", ABI 3)");

  EXPECT_OK(aiter_context_destroy(ctx));
  printf("PASS\n");
  return 0;
}
