// A read-only cache directory (reads work, writes are skipped) and a full
// filesystem (one warning, kernels keep working from memory). Needs mount
// namespaces (root); without them the test says SKIP and passes.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.d && mkdir -p %t.d && %cc %s -o %t && %t %t.d | FileCheck %s
// CHECK: {{(read-only: PASS|SKIP: .*)}}
// CHECK: {{(full: PASS|SKIP: .*)}}

#include "Inputs/cacheutil.h"

#include <sched.h>
#include <sys/mount.h>

static void skip(const char *why) {
  printf("SKIP: %s (%s)\nSKIP: full filesystem test too\n", why,
         strerror(errno));
  exit(0);
}

int main(int argc, char **argv) {
  (void)argc;
  char ro[600], full[600];
  snprintf(ro, sizeof(ro), "%s/ro", argv[1]);
  snprintf(full, sizeof(full), "%s/full", argv[1]);
  if (mkdir(ro, 0755) || mkdir(full, 0755))
    skip("cannot create the test directories");
  if (unshare(CLONE_NEWNS) != 0)
    skip("no mount namespace (not root?)");
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    skip("cannot make mounts private");

  /* Read-only: populate, then bind-mount the directory read-only. */
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  aiter_gemm_desc_t g2 = gemm_desc(AITER_DTYPE_BF16, 1, "gfx942");
  aiter_context_t ctx = open_ctx(ro, AITER_CACHE_MODE_RW);
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  if (mount(ro, ro, NULL, MS_BIND, NULL) != 0 ||
      mount(NULL, ro, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
    skip("cannot bind-mount read-only");
  g_warnings = 0;
  ctx = open_ctx(ro, AITER_CACHE_MODE_RW);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "read-only"));
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k)); /* reads work */
  aiter_cache_stats_t s = stats_of(ctx);
  EXPECT_TRUE(s.disk_hits == 2 && s.misses == 0);
  EXPECT_TRUE(run_gemm_check(k));
  aiter_kernel_destroy(k);
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g2, &k)); /* compiled, not saved */
  aiter_kernel_destroy(k);
  s = stats_of(ctx);
  EXPECT_TRUE(s.misses == 2 && s.errors == 0);
  char paths[8][512];
  EXPECT_TRUE(list_entries(ro, paths, 8) == 2);
  aiter_context_destroy(ctx);
  umount2(ro, MNT_DETACH);
  printf("read-only: PASS\n");

  /* Full: a one-page tmpfs cannot hold an entry. */
  if (mount("tmpfs", full, "tmpfs", 0, "size=4k") != 0)
    skip("cannot mount a tmpfs");
  g_warnings = 0;
  ctx = open_ctx(full, AITER_CACHE_MODE_RW);
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "full"));
  EXPECT_TRUE(run_gemm_check(k));
  aiter_kernel_t k2 = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g2, &k2));
  EXPECT_TRUE(g_warnings == 1); /* warned once */
  aiter_kernel_t k3 = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k3)); /* from memory */
  s = stats_of(ctx);
  EXPECT_TRUE(s.memory_hits == 2 && s.misses == 4);
  EXPECT_TRUE(list_entries(full, paths, 8) == 0);
  aiter_kernel_destroy(k);
  aiter_kernel_destroy(k2);
  aiter_kernel_destroy(k3);
  aiter_context_destroy(ctx);
  umount2(full, MNT_DETACH);
  printf("full: PASS\n");
  return 0;
}
