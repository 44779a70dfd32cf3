// A remote tier that fails never fails a kernel and costs at most its
// timeout: a port nothing listens on, a server that accepts and never
// answers, one that trickles a value a byte at a time (the budget is per
// operation, not per socket read), one whose accept queue is full (connect
// hangs), one that dies mid-value and one that speaks another protocol.
//
// `timing` runs without a compiler library, so a create costs exactly its
// cache lookups: the first one fails the remote tier within [MIN, MAX] ms
// (with a 200 ms budget), warns once and counts an error; the second
// (another kernel) does not touch the tier (circuit breaker): no new error
// or warning, a few ms. `works` compiles and runs a kernel under the fault.
// Without libhiredis the tier is off with one warning and kernels work.
//
// REQUIRES: libaiter, redis
// RUN: rm -rf %t.down %t.silent %t.hangup %t.nohiredis && %cc %s -o %t
// RUN: %python %S/Inputs/with-redis.py --down -- \
// RUN:   sh -c '%t timing 0 150 && %t works %t.down' \
// RUN:   | FileCheck %s --check-prefix=DOWN
// DOWN: timing: PASS
// DOWN: works: PASS
// RUN: %python %S/Inputs/with-redis.py --fake=silent -- \
// RUN:   sh -c '%t timing 180 700 && %t works %t.silent' \
// RUN:   | FileCheck %s --check-prefix=SLOW
// RUN: %python %S/Inputs/with-redis.py --fake=trickle -- %t timing 180 700 \
// RUN:   | FileCheck %s --check-prefix=SLOW
// RUN: %python %S/Inputs/with-redis.py --fake=backlog -- %t timing 180 700 \
// RUN:   | FileCheck %s --check-prefix=SLOW
// SLOW: timing: PASS
// RUN: %python %S/Inputs/with-redis.py --fake=truncate -- %t timing 0 150 \
// RUN:   | FileCheck %s --check-prefix=FAST
// RUN: %python %S/Inputs/with-redis.py --fake=garbage -- %t timing 0 150 \
// RUN:   | FileCheck %s --check-prefix=FAST
// FAST: timing: PASS
// RUN: %python %S/Inputs/with-redis.py --fake=hangup -- %t works %t.hangup \
// RUN:   | FileCheck %s --check-prefix=HANGUP
// HANGUP: works: PASS
// RUN: %python %S/Inputs/with-redis.py --down -- \
// RUN:   env AITER_HIREDIS_LIBRARY=/nonexistent/libhiredis.so \
// RUN:   %t nohiredis %t.nohiredis | FileCheck %s --check-prefix=NOLIB
// NOLIB: nohiredis: PASS

#include "Inputs/remoteutil.h"

static void timing(double minMs, double maxMs) {
  aiter_context_t ctx = lookup_ctx(redis_url());
  double t0 = now_ms();
  lookup_only(ctx, AITER_DTYPE_F32, 0);
  double first = now_ms() - t0;
  EXPECT_COUNTS(ctx, ANY, 0, ANY, SOME);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "remote tier"));
  aiter_cache_stats_t s = stats_of(ctx);
  uint64_t errors = s.remote_errors, misses = s.remote_misses;
  t0 = now_ms();
  lookup_only(ctx, AITER_DTYPE_BF16, 1);
  double second = now_ms() - t0;
  s = stats_of(ctx);
  EXPECT_TRUE(s.remote_errors == errors && s.remote_misses == misses);
  EXPECT_TRUE(g_warnings == 1);
  fprintf(stderr, "first create %.1f ms (budget 200 ms), second %.1f ms\n",
          first, second);
  EXPECT_TRUE(first >= minMs && first <= maxMs);
  EXPECT_TRUE(second < 50);
  aiter_context_destroy(ctx);
  printf("timing: PASS\n");
}

static void noHiredis(const char *dir) {
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RW, redis_url(), 200);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "libhiredis"));
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_TRUE(run_gemm_check(k));
  EXPECT_COUNTS(ctx, 2, 0, 0, 0);
  EXPECT_TRUE(g_warnings == 1);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("nohiredis: PASS\n");
}

int main(int argc, char **argv) {
  EXPECT_TRUE(argc >= 3);
  if (!strcmp(argv[1], "timing") && argc == 4)
    timing(atof(argv[2]), atof(argv[3]));
  else if (!strcmp(argv[1], "works")) {
    expect_degraded_create(argv[2]);
    printf("works: PASS\n");
  } else if (!strcmp(argv[1], "nohiredis"))
    noHiredis(argv[2]);
  else
    EXPECT_TRUE(!"unknown mode");
  return 0;
}
