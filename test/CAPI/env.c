// The environment picks the cache when the options do not: AITER_CACHE_DIR,
// else XDG_CACHE_HOME/aiter, else HOME/.cache/aiter; AITER_CACHE=rw|ro|off
// (anything else is an error).
//
// REQUIRES: libaiter
// RUN: rm -rf %t.d && mkdir -p %t.d && %cc %s -o %t
// RUN: env AITER_CACHE_DIR=%t.d/explicit XDG_CACHE_HOME=%t.d/xdg %t %t.d/explicit rw | FileCheck %s
// RUN: env -u AITER_CACHE_DIR XDG_CACHE_HOME=%t.d/xdg %t %t.d/xdg/aiter rw | FileCheck %s
// RUN: env -u AITER_CACHE_DIR -u XDG_CACHE_HOME HOME=%t.d/home %t %t.d/home/.cache/aiter rw | FileCheck %s
// RUN: env AITER_CACHE_DIR=%t.d/off AITER_CACHE=off %t %t.d/off off | FileCheck %s
// RUN: env AITER_CACHE_DIR=%t.d/explicit AITER_CACHE=ro %t %t.d/explicit ro | FileCheck %s
// RUN: env AITER_CACHE_DIR=%t.d/bad AITER_CACHE=sometimes %t %t.d/bad bad | FileCheck %s
// CHECK: PASS

#include "../Runtime/Inputs/cacheutil.h"

int main(int argc, char **argv) {
  (void)argc;
  const char *dir = argv[1], *mode = argv[2];
  aiter_context_t ctx = NULL;
  if (!strcmp(mode, "bad")) {
    EXPECT_STATUS(aiter_context_create(NULL, &ctx),
                  AITER_ERROR_INVALID_ARGUMENT);
    EXPECT_ERROR_MENTIONS("AITER_CACHE");
    printf("PASS\n");
    return 0;
  }
  EXPECT_OK(aiter_context_create(NULL, &ctx));
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_BF16, 1, "gfx950");
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  char paths[8][512];
  int n = list_entries(dir, paths, 8);
  aiter_cache_stats_t s = stats_of(ctx);
  if (!strcmp(mode, "rw"))
    EXPECT_TRUE(n == 2 && s.misses == 2);
  else if (!strcmp(mode, "off"))
    EXPECT_TRUE(n == 0 && s.misses == 2 && s.disk_bytes == 0);
  else /* ro, on the directory the first run filled */
    EXPECT_TRUE(n == 2 && s.disk_hits == 2 && s.misses == 0);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("PASS\n");
  return 0;
}
