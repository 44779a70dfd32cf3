// Values under our keys that are not valid entries for them: garbage, a
// truncated entry, the other variant's entry (a foreign key) and a list
// (WRONGTYPE). Each is a remote miss counted as a remote error with one
// warning per context; the kernel is compiled, works, and its entry replaces
// the bad value, so the next process gets remote hits. In read-only mode the
// bad value is left alone.
//
// REQUIRES: libaiter, redis
// RUN: rm -rf %t.d && mkdir -p %t.d && %cc %s -o %t
// RUN: %python %S/Inputs/with-redis.py -- sh -c '%t fill %t.d/fill && \
// RUN:   %t damage garbage %t.d && %t damage truncated %t.d && \
// RUN:   %t damage foreign %t.d && %t damage wrongtype %t.d && \
// RUN:   %t damage-ro garbage %t.d' | FileCheck %s
// CHECK: fill: PASS
// CHECK-NEXT: garbage: PASS
// CHECK-NEXT: truncated: PASS
// CHECK-NEXT: foreign: PASS
// CHECK-NEXT: wrongtype: PASS
// CHECK-NEXT: garbage (ro): PASS

#include "Inputs/remoteutil.h"

static const aiter_variant_t kVariants[2] = {AITER_VARIANT_ALIGNED,
                                             AITER_VARIANT_GENERAL};

/* The remote keys and the fill directory's entry files of both variants. */
static void keysAndFiles(const char *fillDir, char rkeys[2][80],
                         char files[2][600]) {
  aiter_context_t ctx = open_ctx(fillDir, AITER_CACHE_MODE_RO);
  aiter_kernel_t k = create_gemm(ctx); // disk hits
  for (int v = 0; v < 2; ++v) {
    remote_key_of(k, kVariants[v], rkeys[v]);
    entry_path_of(k, kVariants[v], fillDir, files[v]);
  }
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
}

static void spoil(const char *how, char rkeys[2][80], char files[2][600]) {
  const char *port = getenv("AITER_TEST_REDIS_PORT");
  char cli[64];
  snprintf(cli, sizeof(cli), "redis-cli -p %s", port);
  for (int v = 0; v < 2; ++v) {
    char cmd[2048];
    if (!strcmp(how, "garbage"))
      snprintf(cmd, sizeof(cmd), "%s SET '%s' garbage >/dev/null", cli,
               rkeys[v]);
    else if (!strcmp(how, "truncated"))
      snprintf(cmd, sizeof(cmd), "head -c 100 '%s' | %s -x SET '%s' >/dev/null",
               files[v], cli, rkeys[v]);
    else if (!strcmp(how, "foreign")) // the other variant's exact bytes
      snprintf(cmd, sizeof(cmd), "%s -x SET '%s' < '%s' >/dev/null", cli,
               rkeys[v], files[1 - v]);
    else
      snprintf(cmd, sizeof(cmd),
               "%s DEL '%s' >/dev/null && %s RPUSH '%s' x >/dev/null", cli,
               rkeys[v], cli, rkeys[v]);
    EXPECT_TRUE(system(cmd) == 0);
  }
}

static const char *reasonOf(const char *how) {
  if (!strcmp(how, "garbage"))
    return "not an aiter cache entry";
  if (!strcmp(how, "truncated"))
    return "truncated";
  if (!strcmp(how, "foreign"))
    return "another key";
  return "not a string value";
}

/* Spoils both values `how`, then creates the kernel in `mode` on a new
 * directory: misses and errors, one warning naming the reason, a working
 * kernel. In rw the values are replaced, so the next process hits; in ro
 * they stay as they were. */
static void damage(const char *how, const char *base, aiter_cache_mode_t mode) {
  char fillDir[600], dir[600], next[600], rkeys[2][80], files[2][600];
  int ro = mode == AITER_CACHE_MODE_RO;
  snprintf(fillDir, sizeof(fillDir), "%s/fill", base);
  snprintf(dir, sizeof(dir), "%s/%s%s", base, how, ro ? "-ro" : "");
  snprintf(next, sizeof(next), "%s/%s-next", base, how);
  keysAndFiles(fillDir, rkeys, files);
  spoil(how, rkeys, files);

  g_warnings = 0;
  aiter_context_t ctx = open_remote_ctx(dir, mode, redis_url(), 0);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 2, 0, 2, 2);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, reasonOf(how)));
  EXPECT_TRUE(run_gemm_check(k));
  for (int v = 0; v < 2 && !ro; ++v) { // replaced by this process's entry
    char path[600];
    entry_path_of(k, kVariants[v], dir, path);
    EXPECT_TRUE(remote_value_is_file(rkeys[v], path));
  }
  for (int v = 0; v < 2 && ro; ++v) { // left alone
    char cmd[200];
    snprintf(cmd, sizeof(cmd), "GET %s", rkeys[v]);
    EXPECT_TRUE(!strcmp(redis_cli(cmd), "garbage"));
  }
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  if (!ro) {
    g_warnings = 0;
    ctx = open_remote_ctx(next, AITER_CACHE_MODE_RW, redis_url(), 0);
    k = create_gemm(ctx);
    EXPECT_COUNTS(ctx, 0, 2, 0, 0);
    EXPECT_TRUE(g_warnings == 0);
    aiter_kernel_destroy(k);
    aiter_context_destroy(ctx);
  }
  printf("%s%s: PASS\n", how, ro ? " (ro)" : "");
}

int main(int argc, char **argv) {
  EXPECT_TRUE(argc >= 3);
  if (!strcmp(argv[1], "fill")) {
    aiter_context_t ctx =
        open_remote_ctx(argv[2], AITER_CACHE_MODE_RW, redis_url(), 0);
    aiter_kernel_destroy(create_gemm(ctx));
    EXPECT_COUNTS(ctx, 2, 0, 2, 0);
    aiter_context_destroy(ctx);
    printf("fill: PASS\n");
  } else if (!strcmp(argv[1], "damage") && argc == 4) {
    damage(argv[2], argv[3], AITER_CACHE_MODE_RW);
  } else if (!strcmp(argv[1], "damage-ro") && argc == 4) {
    damage(argv[2], argv[3], AITER_CACHE_MODE_RO);
  } else {
    EXPECT_TRUE(!"unknown mode");
  }
  return 0;
}
