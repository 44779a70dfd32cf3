/*===- cacheutil.h - helpers of the cache failure-mode tests ------*- C -*-===*\
|*                                                                            *|
|* A context on a given directory that counts warnings, a checked GEMM run on *|
|* the emulator, and listing/damaging the entry files of a cache directory.   *|
\*===----------------------------------------------------------------------===*/

#ifndef AITER_TEST_RUNTIME_CACHEUTIL_H
#define AITER_TEST_RUNTIME_CACHEUTIL_H

#include "../../CAPI/Inputs/testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int g_warnings;
static char g_last_warning[1024];
static void count_log(void *user, aiter_log_level_t level, const char *msg) {
  (void)user;
  if (level >= AITER_LOG_WARNING) {
    __atomic_add_fetch(&g_warnings, 1, __ATOMIC_SEQ_CST);
    snprintf(g_last_warning, sizeof(g_last_warning), "%s", msg);
    fprintf(stderr, "warning: %s\n", msg);
  }
}

/* aiter_context_create on `dir` with warnings counted; `remote` is
 * cache_remote (NULL: $AITER_CACHE_REMOTE), `timeout_ms` its budget. */
static inline aiter_status_t try_ctx(const char *dir, aiter_cache_mode_t mode,
                                     const char *remote, uint32_t timeout_ms,
                                     aiter_context_t *ctx) {
  aiter_context_options_t o;
  memset(&o, 0, sizeof(o));
  o.struct_size = sizeof(o);
  o.cache_dir = dir;
  o.cache_mode = mode;
  o.log_callback = count_log;
  o.cache_remote = remote;
  o.cache_remote_timeout_ms = timeout_ms;
  *ctx = NULL;
  return aiter_context_create(&o, ctx);
}

static inline aiter_context_t open_ctx(const char *dir,
                                       aiter_cache_mode_t mode) {
  aiter_context_t ctx = NULL;
  EXPECT_OK(try_ctx(dir, mode, NULL, 0, &ctx));
  return ctx;
}

static inline aiter_gemm_desc_t gemm_desc(aiter_dtype_t out, int trans_b,
                                          const char *chip) {
  aiter_gemm_desc_t g;
  memset(&g, 0, sizeof(g));
  g.struct_size = sizeof(g);
  g.dtype = AITER_DTYPE_BF16;
  g.out_dtype = out;
  g.trans_b = trans_b;
  g.chip = chip;
  return g;
}

/* Runs a small bf16 -> f32 GEMM (not transposed) and checks it. */
static inline int run_gemm_check(aiter_kernel_t k) {
  enum { M = 33, N = 20, K = 24 };
  static uint16_t a[M * K], b[K * N];
  static float c[M * N];
  fill_bf16(a, M * K, 7);
  fill_bf16(b, K * N, 9);
  memset(c, 0, sizeof(c));
  int64_t sa[2] = {M, K}, sb[2] = {K, N}, sc[2] = {M, N};
  DLTensor ta = make_tensor(a, kDLBfloat, 16, 2, sa, NULL);
  DLTensor tb = make_tensor(b, kDLBfloat, 16, 2, sb, NULL);
  DLTensor tc = make_tensor(c, kDLFloat, 32, 2, sc, NULL);
  EXPECT_OK(aiter_gemm_launch(k, &ta, &tb, &tc, NULL));
  return check_gemm_f32(a, b, c, M, N, K, N);
}

/* Up to `max` entry file paths (*.aitk) of `dir`, sorted; returns the count. */
static inline int list_entries(const char *dir, char paths[][512], int max) {
  DIR *d = opendir(dir);
  int n = 0;
  if (!d)
    return 0;
  struct dirent *de;
  while ((de = readdir(d)) && n < max) {
    size_t len = strlen(de->d_name);
    if (len > 5 && strcmp(de->d_name + len - 5, ".aitk") == 0)
      snprintf(paths[n++], 512, "%s/%s", dir, de->d_name);
  }
  closedir(d);
  for (int i = 0; i < n; ++i) /* sort for determinism */
    for (int j = i + 1; j < n; ++j)
      if (strcmp(paths[i], paths[j]) > 0) {
        char tmp[512];
        memcpy(tmp, paths[i], 512);
        memcpy(paths[i], paths[j], 512);
        memcpy(paths[j], tmp, 512);
      }
  return n;
}

static inline aiter_cache_stats_t stats_of(aiter_context_t ctx) {
  aiter_cache_stats_t s;
  memset(&s, 0, sizeof(s));
  s.struct_size = sizeof(s);
  EXPECT_OK(aiter_cache_stats(ctx, &s));
  return s;
}

#endif /* AITER_TEST_RUNTIME_CACHEUTIL_H */
