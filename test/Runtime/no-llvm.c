// A deployment that only uses cached kernels never loads LLVM: a fresh
// process that finds its kernel in a read-only cache has neither
// libaiter-compiler.so nor libLLVM mapped.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t && %t %t.cache populate && %t %t.cache check | FileCheck %s
// CHECK: PASS

#include "Inputs/cacheutil.h"

static int mapped(const char *needle) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[1024];
  int found = 0;
  while (f && fgets(line, sizeof(line), f))
    found |= strstr(line, needle) != NULL;
  if (f)
    fclose(f);
  return found;
}

int main(int argc, char **argv) {
  (void)argc;
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  int populate = !strcmp(argv[2], "populate");
  aiter_context_t ctx = open_ctx(argv[1], populate ? AITER_CACHE_MODE_RW
                                                   : AITER_CACHE_MODE_RO);
  EXPECT_TRUE(!mapped("libLLVM") && !mapped("libaiter-compiler"));
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  if (!populate) {
    aiter_cache_stats_t s = stats_of(ctx);
    EXPECT_TRUE(s.disk_hits == 2 && s.misses == 0);
    EXPECT_TRUE(!mapped("libLLVM") && !mapped("libMLIR") &&
                !mapped("libaiter-compiler"));
    printf("PASS\n");
  }
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  return 0;
}
