// Truncated, bit-flipped, foreign-schema and other-chip entries: each is a
// miss, a warning through the log callback, and the entry is replaced (the
// next context hits it cleanly). The kernel built after the damage is right.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.a %t.b && %cc %s -o %t && %t %t.a %t.b | FileCheck %s
// CHECK: truncated: PASS
// CHECK: bitflip: PASS
// CHECK: schema: PASS
// CHECK: otherchip: PASS

#include "Inputs/cacheutil.h"

static void damage(const char *how, const char *path, const char *other) {
  if (!strcmp(how, "truncated")) {
    EXPECT_TRUE(truncate(path, 100) == 0);
  } else if (!strcmp(how, "bitflip") || !strcmp(how, "schema")) {
    int fd = open(path, O_RDWR);
    EXPECT_TRUE(fd >= 0);
    off_t at = !strcmp(how, "schema") ? 8 : lseek(fd, 0, SEEK_END) / 2;
    unsigned char byte;
    EXPECT_TRUE(pread(fd, &byte, 1, at) == 1);
    byte ^= !strcmp(how, "schema") ? 0x40 : 0x01;
    EXPECT_TRUE(pwrite(fd, &byte, 1, at) == 1);
    close(fd);
  } else { /* otherchip: a gfx950 entry in place of the gfx942 one */
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", other, path);
    EXPECT_TRUE(system(cmd) == 0);
  }
}

int main(int argc, char **argv) {
  (void)argc;
  const char *dir = argv[1], *otherDir = argv[2];
  /* gfx950 entries to plant. */
  aiter_context_t octx = open_ctx(otherDir, AITER_CACHE_MODE_RW);
  aiter_gemm_desc_t g950 = gemm_desc(AITER_DTYPE_F32, 0, "gfx950");
  aiter_kernel_t k950 = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(octx, &g950, &k950));
  aiter_kernel_destroy(k950);
  aiter_context_destroy(octx);
  char others[4][512];
  EXPECT_TRUE(list_entries(otherDir, others, 4) == 2);

  const char *hows[] = {"truncated", "bitflip", "schema", "otherchip"};
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  for (int h = 0; h < 4; ++h) {
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    EXPECT_TRUE(system(cmd) == 0);
    aiter_context_t c1 = open_ctx(dir, AITER_CACHE_MODE_RW);
    aiter_kernel_t k = NULL;
    EXPECT_OK(aiter_kernel_create_gemm(c1, &g, &k));
    aiter_kernel_destroy(k);
    aiter_context_destroy(c1);
    char paths[4][512];
    EXPECT_TRUE(list_entries(dir, paths, 4) == 2);
    for (int i = 0; i < 2; ++i)
      damage(hows[h], paths[i], others[i]);

    g_warnings = 0;
    aiter_context_t c2 = open_ctx(dir, AITER_CACHE_MODE_RW);
    EXPECT_OK(aiter_kernel_create_gemm(c2, &g, &k));
    aiter_cache_stats_t s = stats_of(c2);
    EXPECT_TRUE(s.misses == 2 && s.disk_hits == 0 && s.errors == 2);
    EXPECT_TRUE(g_warnings == 2);
    EXPECT_TRUE(run_gemm_check(k));
    aiter_kernel_destroy(k);
    aiter_context_destroy(c2);

    g_warnings = 0;
    aiter_context_t c3 = open_ctx(dir, AITER_CACHE_MODE_RW);
    EXPECT_OK(aiter_kernel_create_gemm(c3, &g, &k));
    s = stats_of(c3);
    EXPECT_TRUE(s.disk_hits == 2 && s.misses == 0 && s.errors == 0);
    EXPECT_TRUE(g_warnings == 0);
    EXPECT_TRUE(run_gemm_check(k));
    aiter_kernel_destroy(k);
    aiter_context_destroy(c3);
    printf("%s: PASS\n", hows[h]);
    fflush(stdout);
  }
  return 0;
}
