/*===- gemm_host.c - example host program of the aiter C API ------*- C -*-===*\
|*                                                                            *|
|* Creates a context, compiles (or finds in the cache) a bf16 GEMM, launches  *|
|* it on the emulator with DLPack host tensors and checks it against the CPU. *|
\*===----------------------------------------------------------------------===*/

#include <aiter-c/aiter.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint16_t to_bf16(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  u += 0x7fff + ((u >> 16) & 1);
  return (uint16_t)(u >> 16);
}
static float from_bf16(uint16_t h) {
  uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

/* Prints the failed call and the library's message, then exits. */
static void check(aiter_status_t s, const char *what) {
  if (s != AITER_OK) {
    fprintf(stderr, "%s: %s: %s\n", what, aiter_status_string(s),
            aiter_last_error_message());
    exit(1);
  }
}

static void on_log(void *user, aiter_log_level_t level, const char *msg) {
  (void)user;
  fprintf(stderr, "[aiter %s] %s\n", level == AITER_LOG_INFO ? "info" : "warn",
          msg);
}

int main(int argc, char **argv) {
  /* 1. A context; the cache directory is optional (default: $AITER_CACHE_DIR,
   * $XDG_CACHE_HOME/aiter, ~/.cache/aiter). */
  aiter_context_options_t opts;
  memset(&opts, 0, sizeof(opts));
  opts.struct_size = sizeof(opts);
  opts.cache_dir = argc > 1 ? argv[1] : NULL;
  opts.default_chip = "gfx942"; /* used when no AMD GPU is present */
  opts.log_callback = on_log;
  aiter_context_t ctx;
  check(aiter_context_create(&opts, &ctx), "aiter_context_create");

  /* 2. C[M, N] = A[M, K] * B[N, K]^T in bf16, accumulated and stored in f32. */
  aiter_gemm_desc_t desc;
  memset(&desc, 0, sizeof(desc));
  desc.struct_size = sizeof(desc);
  desc.dtype = AITER_DTYPE_BF16;
  desc.out_dtype = AITER_DTYPE_F32;
  desc.trans_b = 1;
  aiter_kernel_t kernel;
  check(aiter_kernel_create_gemm(ctx, &desc, &kernel), "create_gemm");
  aiter_kernel_info_t info;
  memset(&info, 0, sizeof(info));
  info.struct_size = sizeof(info);
  check(aiter_kernel_get_info(kernel, AITER_VARIANT_ALIGNED, &info), "info");
  printf("kernel %s for %s: %u VGPRs, %u LDS bytes, %s in %.2f ms\n",
         info.name, info.chip, info.vgpr_count, info.lds_bytes,
         info.cache_hit ? "cache hit" : "compiled", info.compile_ms);

  /* 3. Host tensors: kDLCPU means the emulator runs the kernel. */
  enum { M = 96, N = 80, K = 64 };
  uint16_t *a = malloc(sizeof(uint16_t) * M * K);
  uint16_t *b = malloc(sizeof(uint16_t) * N * K);
  float *c = calloc(M * N, sizeof(float));
  for (int i = 0; i < M * K; ++i)
    a[i] = to_bf16((float)((i * 37) % 17) / 16.0f - 0.5f);
  for (int i = 0; i < N * K; ++i)
    b[i] = to_bf16((float)((i * 11) % 13) / 12.0f - 0.5f);
  int64_t shape_a[2] = {M, K}, shape_b[2] = {N, K}, shape_c[2] = {M, N};
  DLTensor ta = {a, {kDLCPU, 0}, 2, {kDLBfloat, 16, 1}, shape_a, NULL, 0};
  DLTensor tb = {b, {kDLCPU, 0}, 2, {kDLBfloat, 16, 1}, shape_b, NULL, 0};
  DLTensor tc = {c, {kDLCPU, 0}, 2, {kDLFloat, 32, 1}, shape_c, NULL, 0};
  check(aiter_gemm_launch(kernel, &ta, &tb, &tc, NULL), "gemm_launch");

  /* 4. Compare with the CPU. */
  double worst = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double ref = 0;
      for (int k = 0; k < K; ++k)
        ref += (double)from_bf16(a[i * K + k]) * from_bf16(b[j * K + k]);
      double err = fabs(ref - c[i * N + j]);
      worst = err > worst ? err : worst;
    }
  printf("max abs error %.3g: %s\n", worst, worst < 1e-3 ? "PASS" : "FAIL");

  free(a);
  free(b);
  free(c);
  check(aiter_kernel_destroy(kernel), "kernel_destroy");
  check(aiter_context_destroy(ctx), "context_destroy");
  return worst < 1e-3 ? 0 : 1;
}
