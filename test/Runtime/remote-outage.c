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
  setenv("AITER_COMPILER_LIBRARY", "/nonexistent/libaiter-compiler.so", 1);
  char dir[] = "/tmp/aiter-remote-outage-XXXXXX";
  EXPECT_TRUE(mkdtemp(dir) != NULL);
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RW, redis_url(), 200);
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  aiter_kernel_t k = NULL;
  EXPECT_TRUE(kill(redis_pid(), SIGSTOP) == 0);
  double t0 = now_ms();
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_DEVICE_UNAVAILABLE);
  double stoppedMs = now_ms() - t0;
  EXPECT_TRUE(kill(redis_pid(), SIGCONT) == 0);
  aiter_cache_stats_t s = stats_of(ctx);
  EXPECT_TRUE(s.remote_errors >= 1 && s.remote_misses == 0);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "timed out"));
  uint64_t errors = s.remote_errors;
  fprintf(stderr, "create against a stopped server: %.1f ms\n", stoppedMs);
  EXPECT_TRUE(stoppedMs >= 180 && stoppedMs <= 700);
  // Within the retry delay the tier is skipped...
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_DEVICE_UNAVAILABLE);
  EXPECT_TRUE(stats_of(ctx).remote_misses == 0);
  // ...after it, the running server answers again (two lookups, no keys).
  usleep(400 * 1000);
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_DEVICE_UNAVAILABLE);
  s = stats_of(ctx);
  EXPECT_TRUE(s.remote_misses == 2 && s.remote_errors == errors);
  EXPECT_TRUE(g_warnings == 1);
  aiter_context_destroy(ctx);
  rmdir(dir);
  printf("stopped: PASS\n");
}

static void fill(const char *dir) {
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RW, redis_url(), 200);
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  aiter_cache_stats_t s = stats_of(ctx);
  EXPECT_TRUE(s.misses == 2 && s.remote_misses == 2 && s.remote_errors == 0);
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
