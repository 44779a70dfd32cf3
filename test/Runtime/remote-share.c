// Two processes with separate disk caches share kernels through a real
// redis-server: the first compiles and writes both variants back (the value
// is byte for byte its disk entry, under aiter:v1:<key>); the second, with
// no compiler library at all, gets two remote hits and publishes them to its
// own disk, byte-identical. Read-only mode reads the remote tier and writes
// neither tier; cache mode off and cache_remote "off" never consult it.
//
// REQUIRES: libaiter, redis
// RUN: rm -rf %t.a %t.b %t.c %t.d && %cc %s -o %t
// RUN: %python %S/Inputs/with-redis.py -- sh -c '%t fill %t.a && \
// RUN:   %t hit %t.b %t.a && %t ro %t.c && %t off %t.d' | FileCheck %s
// CHECK: fill: PASS
// CHECK-NEXT: hit: PASS
// CHECK-NEXT: ro: PASS
// CHECK-NEXT: off: PASS

#include "Inputs/remoteutil.h"

static const aiter_variant_t kVariants[2] = {AITER_VARIANT_ALIGNED,
                                             AITER_VARIANT_GENERAL};

static void fill(const char *dir) {
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RW, redis_url(), 0);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 2, 0, 2, 0);
  EXPECT_TRUE(g_warnings == 0);
  for (int v = 0; v < 2; ++v) {
    char rkey[80], path[600], cmd[200];
    remote_key_of(k, kVariants[v], rkey);
    entry_path_of(k, kVariants[v], dir, path);
    snprintf(cmd, sizeof(cmd), "EXISTS %s", rkey);
    EXPECT_TRUE(!strcmp(redis_cli(cmd), "1"));
    EXPECT_TRUE(remote_value_is_file(rkey, path));
  }
  EXPECT_TRUE(run_gemm_check(k));
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("fill: PASS\n");
}

static void hit(const char *dir, const char *fillDir) {
  // No compiler: a miss anywhere would fail the create.
  setenv("AITER_COMPILER_LIBRARY", "/nonexistent/libaiter-compiler.so", 1);
  setenv("AITER_CACHE_REMOTE", redis_url(), 1); // the environment's URL
  aiter_context_t ctx = open_remote_ctx(dir, AITER_CACHE_MODE_RW, NULL, 0);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 0, 2, 0, 0);
  EXPECT_TRUE(stats_of(ctx).disk_hits == 0);
  EXPECT_TRUE(g_warnings == 0);
  aiter_kernel_info_t info;
  memset(&info, 0, sizeof(info));
  info.struct_size = sizeof(info);
  EXPECT_OK(aiter_kernel_get_info(k, AITER_VARIANT_ALIGNED, &info));
  EXPECT_TRUE(info.cache_hit == 1 && info.disk_cache_hit == 0);
  // Read-through: this host's disk now holds the same bytes.
  for (int v = 0; v < 2; ++v) {
    char mine[600], theirs[600];
    entry_path_of(k, kVariants[v], dir, mine);
    entry_path_of(k, kVariants[v], fillDir, theirs);
    size_t n1 = 0, n2 = 0;
    char *a = read_all(mine, &n1), *b = read_all(theirs, &n2);
    EXPECT_TRUE(a && b && n1 == n2 && memcmp(a, b, n1) == 0);
    free(a);
    free(b);
  }
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  // The disk tier answers before the remote one.
  ctx = open_remote_ctx(dir, AITER_CACHE_MODE_RW, NULL, 0);
  k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 0, 0, 0, 0);
  EXPECT_TRUE(stats_of(ctx).disk_hits == 2);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("hit: PASS\n");
}

static void readOnly(const char *dir) {
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RO, redis_url(), 0);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 0, 2, 0, 0);
  char paths[4][512];
  EXPECT_TRUE(list_entries(dir, paths, 4) == 0); // read-only: no disk write
  EXPECT_TRUE(run_gemm_check(k));
  aiter_kernel_destroy(k);
  // A kernel nobody has built: compiled, written to neither tier.
  aiter_gemm_desc_t g2 = gemm_desc(AITER_DTYPE_BF16, 1, "gfx942");
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g2, &k));
  EXPECT_COUNTS(ctx, 2, 2, 2, 0);
  for (int v = 0; v < 2; ++v) {
    char rkey[80], cmd[200];
    remote_key_of(k, kVariants[v], rkey);
    snprintf(cmd, sizeof(cmd), "EXISTS %s", rkey);
    EXPECT_TRUE(!strcmp(redis_cli(cmd), "0"));
  }
  EXPECT_TRUE(list_entries(dir, paths, 4) == 0);
  EXPECT_TRUE(g_warnings == 0);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("ro: PASS\n");
}

static void off(const char *dir) {
  // Cache mode off is the memory tier only, whatever the URL says.
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_OFF, redis_url(), 0);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 2, 0, 0, 0);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  // cache_remote "off" overrides $AITER_CACHE_REMOTE.
  setenv("AITER_CACHE_REMOTE", redis_url(), 1);
  ctx = open_remote_ctx(dir, AITER_CACHE_MODE_RW, "off", 0);
  k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 2, 0, 0, 0);
  EXPECT_TRUE(g_warnings == 0);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("off: PASS\n");
}

int main(int argc, char **argv) {
  EXPECT_TRUE(argc >= 3);
  if (!strcmp(argv[1], "fill"))
    fill(argv[2]);
  else if (!strcmp(argv[1], "hit") && argc == 4)
    hit(argv[2], argv[3]);
  else if (!strcmp(argv[1], "ro"))
    readOnly(argv[2]);
  else if (!strcmp(argv[1], "off"))
    off(argv[2]);
  else
    EXPECT_TRUE(!"unknown mode");
  return 0;
}
