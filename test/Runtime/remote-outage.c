// A real redis-server that goes away: stopped (SIGSTOP: connections are
// accepted and never answered, like a server stuck in a long command) and
// killed between two processes. A stopped server costs one timeout and one
// warning; once it runs again and the retry delay has passed, the tier is
// used again without a second warning. A process that finds the server
// killed compiles locally with one warning.
//
// REQUIRES: libaiter, redis
// RUN: rm -rf %t.fill %t.after && %cc %s -o %t
// RUN: %python %S/Inputs/with-redis.py -- \
// RUN:   env AITER_CACHE_REMOTE_RETRY_MS=300 %t stopped \
// RUN:   | FileCheck %s --check-prefix=STOP
// STOP: stopped: PASS
// RUN: %python %S/Inputs/with-redis.py -- sh -c '%t fill %t.fill && \
// RUN:   kill -9 $AITER_TEST_REDIS_PID && %t works %t.after' \
// RUN:   | FileCheck %s --check-prefix=KILL
// KILL: fill: PASS
// KILL-NEXT: works: PASS

#include "Inputs/remoteutil.h"

static void stopped(void) {
  aiter_context_t ctx = lookup_ctx(redis_url());
  // Pooled connections first: the budget is per operation, so one that
  // times out is not followed by a fresh connection's full budget.
  lookup_only(ctx, AITER_DTYPE_BF16, 1);
  EXPECT_COUNTS(ctx, ANY, 0, 2, 0);
  EXPECT_TRUE(kill(redis_pid(), SIGSTOP) == 0);
  double t0 = now_ms();
  lookup_only(ctx, AITER_DTYPE_F32, 0);
  double stoppedMs = now_ms() - t0;
  EXPECT_TRUE(kill(redis_pid(), SIGCONT) == 0);
  EXPECT_COUNTS(ctx, ANY, 0, 2, SOME);
  uint64_t errors = stats_of(ctx).remote_errors;
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "timed out"));
  fprintf(stderr, "create against a stopped server: %.1f ms\n", stoppedMs);
  EXPECT_TRUE(stoppedMs >= 180 && stoppedMs <= 700);
  // Within the retry delay the tier is skipped...
  lookup_only(ctx, AITER_DTYPE_F32, 0);
  EXPECT_COUNTS(ctx, ANY, 0, 2, (long long)errors);
  // ...after it, the running server answers again (two lookups, no keys).
  usleep(400 * 1000);
  lookup_only(ctx, AITER_DTYPE_F32, 0);
  EXPECT_COUNTS(ctx, ANY, 0, 4, (long long)errors);
  EXPECT_TRUE(g_warnings == 1);
  aiter_context_destroy(ctx);
  printf("stopped: PASS\n");
}

static void fill(const char *dir) {
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RW, redis_url(), 200);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 2, 0, 2, 0);
  EXPECT_TRUE(!strcmp(redis_cli("DBSIZE"), "2"));
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("fill: PASS\n");
}

int main(int argc, char **argv) {
  EXPECT_TRUE(argc >= 2);
  if (!strcmp(argv[1], "stopped"))
    stopped();
  else if (!strcmp(argv[1], "fill") && argc == 3)
    fill(argv[2]);
  else if (!strcmp(argv[1], "works") && argc == 3) {
    expect_degraded_create(argv[2]);
    printf("works: PASS\n");
  } else
    EXPECT_TRUE(!"unknown mode");
  return 0;
}
