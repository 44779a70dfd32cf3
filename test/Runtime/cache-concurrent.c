// Many processes (8) create the same and different kernels at once in one
// cache directory. Nothing is lost (afterwards a read-only context finds every
// kernel on disk), no entry is corrupt (no errors, no warnings) and every
// kernel computes the right result.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t && %t %t.cache | FileCheck %s
// CHECK: PASS

#include "Inputs/cacheutil.h"

/* Process i's spec: half share spec 0, the others get their own. */
static aiter_gemm_desc_t spec_of(int i) {
  static const aiter_dtype_t outs[3] = {AITER_DTYPE_F32, AITER_DTYPE_BF16,
                                        AITER_DTYPE_F16};
  if (i % 2 == 0)
    return gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  return gemm_desc(outs[(i / 2) % 3], (i / 2) >= 3 ? 0 : 1,
                   i == 7 ? "gfx950" : "gfx942");
}

int main(int argc, char **argv) {
  (void)argc;
  const char *dir = argv[1];
  enum { P = 8 };
  pid_t pids[P];
  for (int i = 0; i < P; ++i) {
    pids[i] = fork();
    if (pids[i] == 0) {
      aiter_context_t ctx = open_ctx(dir, AITER_CACHE_MODE_RW);
      aiter_gemm_desc_t g = spec_of(i);
      aiter_kernel_t k = NULL;
      EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
      if (g.out_dtype == AITER_DTYPE_F32 && !g.trans_b && !run_gemm_check(k))
        _exit(2);
      aiter_kernel_destroy(k);
      aiter_context_destroy(ctx);
      _exit(g_warnings ? 3 : 0);
    }
  }
  for (int i = 0; i < P; ++i) {
    int status = 0;
    waitpid(pids[i], &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  aiter_context_t ctx = open_ctx(dir, AITER_CACHE_MODE_RO);
  for (int i = 0; i < P; ++i) {
    aiter_gemm_desc_t g = spec_of(i);
    aiter_kernel_t k = NULL;
    EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
    aiter_kernel_info_t info;
    memset(&info, 0, sizeof(info));
    info.struct_size = sizeof(info);
    EXPECT_OK(aiter_kernel_get_info(k, AITER_VARIANT_GENERAL, &info));
    EXPECT_TRUE(info.cache_hit);
    if (i == 0)
      EXPECT_TRUE(run_gemm_check(k));
    aiter_kernel_destroy(k);
  }
  aiter_cache_stats_t s = stats_of(ctx);
  EXPECT_TRUE(s.misses == 0 && s.errors == 0);
  EXPECT_TRUE(s.disk_hits > 0);
  EXPECT_TRUE(g_warnings == 0);
  aiter_context_destroy(ctx);
  printf("PASS\n");
  return 0;
}
