/*===- remoteutil.h - helpers of the remote cache tier's tests ----*- C -*-===*\
|*                                                                            *|
|* Contexts on a Redis tier (with-redis.py's server), a clock, redis-cli      *|
|* calls, and reading cache keys and entry files.                             *|
\*===----------------------------------------------------------------------===*/

#ifndef AITER_TEST_RUNTIME_REMOTEUTIL_H
#define AITER_TEST_RUNTIME_REMOTEUTIL_H

#include "cacheutil.h"

#include <signal.h>
#include <time.h>

/* The server with-redis.py started (or faked). */
static inline const char *redis_url(void) {
  const char *u = getenv("AITER_TEST_REDIS_URL");
  EXPECT_TRUE(u && *u);
  return u;
}
static inline int redis_pid(void) {
  const char *p = getenv("AITER_TEST_REDIS_PID");
  EXPECT_TRUE(p && *p);
  return atoi(p);
}

/* A context on `dir` whose remote tier is `url` (NULL: the environment's),
 * counting warnings like open_ctx. */
static inline aiter_context_t open_remote_ctx(const char *dir,
                                              aiter_cache_mode_t mode,
                                              const char *url,
                                              uint32_t timeout_ms) {
  aiter_context_t ctx = NULL;
  EXPECT_OK(try_ctx(dir, mode, url, timeout_ms, &ctx));
  return ctx;
}

/* The kernel the remote tests share: the bf16 -> f32 GEMM for gfx942. */
static inline aiter_kernel_t create_gemm(aiter_context_t ctx) {
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  return k;
}

/* A context in a process without a compiler library, where creating a
 * GEMM nobody built costs only its cache lookups (lookup_only) and then
 * fails: what a create pays for the remote tier, measured alone. Read-only,
 * so nothing is written anywhere; the warning count starts at 0. */
static inline aiter_context_t lookup_ctx(const char *url) {
  setenv("AITER_COMPILER_LIBRARY", "/nonexistent/libaiter-compiler.so", 1);
  g_warnings = 0;
  return open_remote_ctx("/tmp", AITER_CACHE_MODE_RO, url, 200);
}
static inline void lookup_only(aiter_context_t ctx, aiter_dtype_t out,
                               int trans_b) {
  aiter_gemm_desc_t g = gemm_desc(out, trans_b, "gfx942");
  aiter_kernel_t k = NULL;
  EXPECT_STATUS(aiter_kernel_create_gemm(ctx, &g, &k),
                AITER_ERROR_DEVICE_UNAVAILABLE);
}

/* The context's compiles and remote counters are these (ANY: not checked,
 * SOME: at least one; two variants failing at once may count two). */
#define ANY (-1)
#define SOME (-2)
#define EXPECT_COUNTS(ctx, misses_, hits_, rmisses_, rerrors_)                 \
  do {                                                                         \
    aiter_cache_stats_t s_ = stats_of(ctx);                                    \
    long long want_[4] = {(misses_), (hits_), (rmisses_), (rerrors_)};         \
    uint64_t got_[4] = {s_.misses, s_.remote_hits, s_.remote_misses,           \
                        s_.remote_errors};                                     \
    for (int i_ = 0; i_ < 4; ++i_)                                             \
      if (want_[i_] == SOME                                                    \
              ? got_[i_] == 0                                                  \
              : want_[i_] >= 0 && got_[i_] != (uint64_t)want_[i_]) {           \
        fprintf(stderr,                                                        \
                "%s:%d: misses/remote hits/misses/errors are "                 \
                "%llu/%llu/%llu/%llu, expected %s\n",                          \
                __FILE__, __LINE__, (unsigned long long)got_[0],               \
                (unsigned long long)got_[1], (unsigned long long)got_[2],      \
                (unsigned long long)got_[3],                                   \
                #misses_ "/" #hits_ "/" #rmisses_ "/" #rerrors_);              \
        exit(1);                                                               \
      }                                                                        \
  } while (0)

static inline double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs `redis-cli -p PORT ARGS` (ARGS is shell text) and returns its
 * output's first line without the newline (static buffer). */
static inline const char *redis_cli(const char *args) {
  static char out[4096];
  char cmd[2048];
  snprintf(cmd, sizeof(cmd), "redis-cli -p %s %s",
           getenv("AITER_TEST_REDIS_PORT"), args);
  FILE *p = popen(cmd, "r");
  EXPECT_TRUE(p != NULL);
  out[0] = 0;
  if (!fgets(out, sizeof(out), p))
    out[0] = 0;
  pclose(p);
  out[strcspn(out, "\n")] = 0;
  return out;
}

/* The remote tier's key of `variant` of `k`: aiter:v1:<cache key>. */
static inline void remote_key_of(aiter_kernel_t k, aiter_variant_t variant,
                                 char out[80]) {
  char key[AITER_CACHE_KEY_SIZE];
  EXPECT_OK(aiter_kernel_get_cache_key(k, variant, key, sizeof(key)));
  snprintf(out, 80, "aiter:v1:%s", key);
}

/* The whole content of `path` (malloc'd; *size set), or NULL. */
static inline char *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc(n > 0 ? (size_t)n : 1);
  *size = fread(buf, 1, (size_t)n, f);
  fclose(f);
  return buf;
}

/* 1 when the remote value under `rkey` is byte for byte the file `path`. */
static inline int remote_value_is_file(const char *rkey, const char *path) {
  size_t fsize = 0, vsize = 0;
  char *file = read_all(path, &fsize);
  char tmp[600], cmd[2048];
  snprintf(tmp, sizeof(tmp), "%s.value", path);
  /* --raw prints the bytes and a newline. */
  snprintf(cmd, sizeof(cmd), "redis-cli -p %s --raw GET '%s' > '%s'",
           getenv("AITER_TEST_REDIS_PORT"), rkey, tmp);
  EXPECT_TRUE(system(cmd) == 0);
  char *value = read_all(tmp, &vsize);
  unlink(tmp);
  int same =
      file && value && vsize == fsize + 1 && memcmp(file, value, fsize) == 0;
  free(file);
  free(value);
  return same;
}

/* The path of the entry file of `variant` of `k` in `dir`. */
static inline void entry_path_of(aiter_kernel_t k, aiter_variant_t variant,
                                 const char *dir, char out[600]) {
  char key[AITER_CACHE_KEY_SIZE];
  EXPECT_OK(aiter_kernel_get_cache_key(k, variant, key, sizeof(key)));
  snprintf(out, 600, "%s/%s.aitk", dir, key);
}

/* A kernel created while the remote tier fails: it is compiled locally,
 * published to disk and works; the context warned exactly once (naming the
 * remote tier) and counted the failure. */
static inline void expect_degraded_create(const char *dir) {
  g_warnings = 0;
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RW, redis_url(), 200);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_TRUE(run_gemm_check(k));
  EXPECT_COUNTS(ctx, 2, 0, ANY, SOME);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "remote tier"));
  char entries[4][512];
  EXPECT_TRUE(list_entries(dir, entries, 4) == 2);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
}

#endif /* AITER_TEST_RUNTIME_REMOTEUTIL_H */
