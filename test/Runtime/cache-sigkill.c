// A writer killed with SIGKILL at random points (while compiling, writing or
// renaming entries, over and over) never leaves a visible corrupt entry: a
// later context reads no bad entry (no errors, no warnings) and its kernel
// is right. Atomicity comes from publishing by rename(2); leftover temp files
// are invisible to readers and reaped when stale.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t && %t %t.cache | FileCheck %s
// CHECK: PASS

#include "Inputs/cacheutil.h"

#include <signal.h>
#include <time.h>

int main(int argc, char **argv) {
  (void)argc;
  const char *dir = argv[1];
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  unsigned seed = 12345;
  for (int round = 0; round < 8; ++round) {
    pid_t pid = fork();
    if (pid == 0) {
      aiter_context_t ctx = open_ctx(dir, AITER_CACHE_MODE_RW);
      for (;;) { /* compile + publish in a loop until killed */
        aiter_cache_clear(ctx);
        aiter_kernel_t k = NULL;
        if (aiter_kernel_create_gemm(ctx, &g, &k) != AITER_OK)
          _exit(2);
        aiter_kernel_destroy(k);
      }
    }
    seed = seed * 1103515245u + 12345u;
    struct timespec ts = {0, 50000000L + (long)(seed % 400) * 1000000L};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    g_warnings = 0;
    aiter_context_t ctx = open_ctx(dir, AITER_CACHE_MODE_RO);
    aiter_kernel_t k = NULL;
    EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
    aiter_cache_stats_t s = stats_of(ctx);
    EXPECT_TRUE(s.errors == 0 && g_warnings == 0);
    if (round == 0 || round == 7)
      EXPECT_TRUE(run_gemm_check(k));
    aiter_kernel_destroy(k);
    aiter_context_destroy(ctx);
  }
  printf("PASS\n");
  return 0;
}
