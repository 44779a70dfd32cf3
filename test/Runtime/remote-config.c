// Configuring the remote tier: a malformed URL (option or environment) or
// timeout is an invalid argument naming where it came from; cache mode off
// ignores the tier. Callers built against ABI 1 keep working: their
// (shorter) context options and cache stats are accepted, the fields they do
// not have are neither read nor written.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.dir && %cc %s -o %t
// RUN: env -u AITER_CACHE_REMOTE %t %t.dir | FileCheck %s
// CHECK: urls: PASS
// CHECK: env: PASS
// CHECK: abi1: PASS

#include "Inputs/remoteutil.h"

#include <stddef.h>

static aiter_status_t create_with(const char *url, aiter_cache_mode_t mode,
                                  const char *dir) {
  aiter_context_t ctx = NULL;
  aiter_status_t s = try_ctx(dir, mode, url, 0, &ctx);
  if (ctx) // destroying would clear the message of a failure
    aiter_context_destroy(ctx);
  return s;
}

static void urls(const char *dir) {
  const char *bad[] = {"http://127.0.0.1:6379", "redis://",
                       "redis://:6379",         "redis://h:0",
                       "redis://h:65536",       "redis://h:x",
                       "redis://h:1/db",        "redis://u:pw@h:1",
                       "redis://[::1",          "redis://h:1?x"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    EXPECT_STATUS(create_with(bad[i], AITER_CACHE_MODE_RW, dir),
                  AITER_ERROR_INVALID_ARGUMENT);
    EXPECT_ERROR_MENTIONS("cache_remote");
    EXPECT_ERROR_MENTIONS(bad[i]);
  }
  const char *good[] = {"redis://127.0.0.1", "redis://localhost:1/3",
                        "redis://[::1]:1", "off", ""};
  for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); ++i)
    EXPECT_OK(create_with(good[i], AITER_CACHE_MODE_RW, dir));
  // Mode off never uses the tier, so it does not look at it either.
  EXPECT_OK(create_with("http://x", AITER_CACHE_MODE_OFF, dir));
  printf("urls: PASS\n");
}

static void env(const char *dir) {
  setenv("AITER_CACHE_REMOTE", "redis:/oops", 1);
  EXPECT_STATUS(create_with(NULL, AITER_CACHE_MODE_RW, dir),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("$AITER_CACHE_REMOTE");
  // The option wins over the environment.
  EXPECT_OK(create_with("off", AITER_CACHE_MODE_RW, dir));
  setenv("AITER_CACHE_REMOTE", "redis://127.0.0.1:1", 1);
  const char *bad[][2] = {{"AITER_CACHE_REMOTE_TIMEOUT_MS", "fast"},
                          {"AITER_CACHE_REMOTE_TIMEOUT_MS", "0"},
                          {"AITER_CACHE_REMOTE_TIMEOUT_MS", "-5"},
                          {"AITER_CACHE_REMOTE_RETRY_MS", "10s"}};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    setenv(bad[i][0], bad[i][1], 1);
    EXPECT_STATUS(create_with(NULL, AITER_CACHE_MODE_RW, dir),
                  AITER_ERROR_INVALID_ARGUMENT);
    EXPECT_ERROR_MENTIONS(bad[i][0]);
    unsetenv(bad[i][0]);
  }
  setenv("AITER_CACHE_REMOTE_TIMEOUT_MS", "120", 1);
  setenv("AITER_CACHE_REMOTE_RETRY_MS", "0", 1);
  EXPECT_OK(create_with(NULL, AITER_CACHE_MODE_RW, dir));
  unsetenv("AITER_CACHE_REMOTE_TIMEOUT_MS");
  unsetenv("AITER_CACHE_REMOTE_RETRY_MS");
  unsetenv("AITER_CACHE_REMOTE");
  printf("env: PASS\n");
}

static void abi1(const char *dir) {
  // An ABI 1 struct: whatever follows it in memory is not ours to read.
  aiter_context_options_t o;
  memset(&o, 0xA5, sizeof(o));
  o.struct_size = offsetof(aiter_context_options_t, cache_remote);
  o.cache_dir = dir;
  o.cache_mode = AITER_CACHE_MODE_RW;
  o.cache_max_bytes = 0;
  o.default_chip = NULL;
  o.device_ordinal = 0;
  o.log_callback = NULL;
  o.log_user_data = NULL;
  aiter_context_t ctx = NULL;
  EXPECT_OK(aiter_context_create(&o, &ctx));
  aiter_cache_stats_t s;
  memset(&s, 0xA5, sizeof(s));
  s.struct_size = offsetof(aiter_cache_stats_t, remote_hits);
  EXPECT_OK(aiter_cache_stats(ctx, &s));
  EXPECT_TRUE(s.misses == 0 && s.errors == 0);
  EXPECT_TRUE(s.remote_hits == 0xA5A5A5A5A5A5A5A5ull &&
              s.remote_errors == 0xA5A5A5A5A5A5A5A5ull);
  s.struct_size = offsetof(aiter_cache_stats_t, remote_hits) - 1;
  EXPECT_STATUS(aiter_cache_stats(ctx, &s), AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("ABI 1");
  aiter_context_destroy(ctx);
  o.struct_size = sizeof(o) - 1;
  EXPECT_STATUS(aiter_context_create(&o, &ctx), AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("struct_size");
  EXPECT_TRUE(aiter_abi_version() >= 2);
  printf("abi1: PASS\n");
}

int main(int argc, char **argv) {
  EXPECT_TRUE(argc == 2);
  urls(argv[1]);
  env(argv[1]);
  abi1(argv[1]);
  return 0;
}
