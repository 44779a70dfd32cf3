/* Prints the cache keys of one GEMM and two attention specs as the C API
 * computes them ("aligned <hex>" / "general <hex>", per kernel), for
 * spec-key.test to compare with aiter-compile's and Python's. */
#include "../../CAPI/Inputs/testutil.h"

static void print_keys(aiter_kernel_t k) {
  char key[AITER_CACHE_KEY_SIZE];
  EXPECT_STATUS(aiter_kernel_get_cache_key(k, AITER_VARIANT_ALIGNED, key, 64),
                AITER_ERROR_INVALID_ARGUMENT); /* one byte short */
  EXPECT_OK(
      aiter_kernel_get_cache_key(k, AITER_VARIANT_ALIGNED, key, sizeof(key)));
  printf("aligned %s\n", key);
  EXPECT_OK(
      aiter_kernel_get_cache_key(k, AITER_VARIANT_GENERAL, key, sizeof(key)));
  printf("general %s\n", key);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  aiter_context_options_t opts;
  memset(&opts, 0, sizeof(opts));
  opts.struct_size = sizeof(opts);
  opts.cache_dir = argv[1];
  opts.cache_mode = AITER_CACHE_MODE_RW;
  aiter_context_t ctx = NULL;
  EXPECT_OK(aiter_context_create(&opts, &ctx));
  aiter_gemm_desc_t g;
  memset(&g, 0, sizeof(g));
  g.struct_size = sizeof(g);
  g.dtype = AITER_DTYPE_BF16;
  g.out_dtype = AITER_DTYPE_F32;
  g.trans_b = 1;
  g.chip = "gfx950";
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  print_keys(k);
  EXPECT_OK(aiter_kernel_destroy(k));
  aiter_attention_desc_t d;
  memset(&d, 0, sizeof(d));
  d.struct_size = sizeof(d);
  d.dtype = AITER_DTYPE_F16;
  d.head_dim = 64;
  d.causal = 1;
  d.has_window = 1;
  d.window_left = 64;
  d.window_right = 0;
  d.softcap = 30.0f;
  d.scale = 0.1f;
  d.return_lse = 1;
  d.layout = AITER_ATTENTION_LAYOUT_BHSD;
  d.chip = "gfx950";
  EXPECT_OK(aiter_kernel_create_attention(ctx, &d, &k));
  print_keys(k);
  EXPECT_OK(aiter_kernel_destroy(k));
  /* ALiBi and a bf16 bias (ABI 3). */
  memset(&d, 0, sizeof(d));
  d.struct_size = sizeof(d);
  d.dtype = AITER_DTYPE_BF16;
  d.head_dim = 64;
  d.causal = 1;
  d.alibi = 1;
  d.bias_dtype = AITER_DTYPE_BF16;
  d.chip = "gfx942";
  EXPECT_OK(aiter_kernel_create_attention(ctx, &d, &k));
  print_keys(k);
  EXPECT_OK(aiter_kernel_destroy(k));
  /* A GEMM epilogue (ABI 4). */
  g.struct_size = sizeof(g);
  g.dtype = AITER_DTYPE_F16;
  g.out_dtype = AITER_DTYPE_F32;
  g.trans_a = 1;
  g.trans_b = 0;
  g.chip = "gfx942";
  g.has_alpha_beta = 1;
  g.alpha = 0.1f;
  g.beta = -2.0f;
  g.c_dtype = AITER_DTYPE_BF16;
  g.bias = AITER_GEMM_BIAS_COL;
  g.bias_dtype = AITER_DTYPE_F16;
  g.activation = AITER_GEMM_ACTIVATION_GELU_ERF;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  print_keys(k);
  EXPECT_OK(aiter_kernel_destroy(k));
  EXPECT_OK(aiter_context_destroy(ctx));
  return 0;
}
