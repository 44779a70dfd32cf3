// A real redis-server configured in ways that matter to the tier: entries go
// to the database the URL names (and an index the server lacks is a failed
// connect); a server that drops idle connections (CLIENT KILL, its `timeout`)
// costs nothing, the pooled connection is replaced; a forked child does not
// use its parent's connections; error replies (NOAUTH
// to GET, OOM to SET) are failures with one warning, the kernel still works.
//
// REQUIRES: libaiter, redis
// RUN: rm -rf %t.db %t.oom && %cc %s -o %t
// RUN: %python %S/Inputs/with-redis.py -- \
// RUN:   sh -c '%t db %t.db && %t baddb && %t idle && %t fork && \
// RUN:   %t noauth && %t oom %t.oom' | FileCheck %s
// CHECK: db: PASS
// CHECK-NEXT: baddb: PASS
// CHECK-NEXT: idle: PASS
// CHECK-NEXT: fork: PASS
// CHECK-NEXT: noauth: PASS
// CHECK-NEXT: oom: PASS

#include "Inputs/remoteutil.h"

static void db(const char *dir) {
  char url[128];
  snprintf(url, sizeof(url), "%s/3", redis_url());
  aiter_context_t ctx = open_remote_ctx(dir, AITER_CACHE_MODE_RW, url, 0);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_COUNTS(ctx, 2, 0, 2, 0);
  EXPECT_TRUE(g_warnings == 0);
  EXPECT_TRUE(!strcmp(redis_cli("-n 3 DBSIZE"), "2"));
  EXPECT_TRUE(!strcmp(redis_cli("-n 0 DBSIZE"), "0"));
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("db: PASS\n");
}

static void badDb(void) {
  char url[128]; // Redis has 16 databases by default
  snprintf(url, sizeof(url), "%s/99", redis_url());
  aiter_context_t ctx = lookup_ctx(url);
  lookup_only(ctx, AITER_DTYPE_F32, 0);
  EXPECT_COUNTS(ctx, ANY, 0, 0, SOME);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "SELECT 99"));
  aiter_context_destroy(ctx);
  printf("baddb: PASS\n");
}

static void idle(void) {
  aiter_context_t ctx = lookup_ctx(redis_url());
  lookup_only(ctx, AITER_DTYPE_F32, 1); // two connections into the pool
  EXPECT_COUNTS(ctx, ANY, 0, 2, 0);
  EXPECT_TRUE(atoi(redis_cli("CLIENT KILL TYPE normal")) >= 1);
  lookup_only(ctx, AITER_DTYPE_BF16, 1);
  EXPECT_COUNTS(ctx, ANY, 0, 4, 0);
  EXPECT_TRUE(g_warnings == 0);
  aiter_context_destroy(ctx);
  printf("idle: PASS\n");
}

static void noauth(void) {
  EXPECT_TRUE(!strcmp(redis_cli("CONFIG SET requirepass sesame"), "OK"));
  aiter_context_t ctx = lookup_ctx(redis_url());
  lookup_only(ctx, AITER_DTYPE_F32, 1);
  EXPECT_COUNTS(ctx, ANY, 0, 0, SOME);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "NOAUTH"));
  aiter_context_destroy(ctx);
  EXPECT_TRUE(!strcmp(
      redis_cli("-a sesame --no-auth-warning CONFIG SET requirepass ''"),
      "OK"));
  printf("noauth: PASS\n");
}

static void oom(const char *dir) {
  EXPECT_TRUE(!strcmp(redis_cli("FLUSHALL"), "OK"));
  EXPECT_TRUE(!strcmp(redis_cli("CONFIG SET maxmemory 1"), "OK"));
  EXPECT_TRUE(
      !strcmp(redis_cli("CONFIG SET maxmemory-policy noeviction"), "OK"));
  unsetenv("AITER_COMPILER_LIBRARY");
  g_warnings = 0;
  aiter_context_t ctx =
      open_remote_ctx(dir, AITER_CACHE_MODE_RW, redis_url(), 0);
  aiter_kernel_t k = create_gemm(ctx);
  EXPECT_TRUE(run_gemm_check(k));
  EXPECT_COUNTS(ctx, 2, 0, 2, SOME);
  EXPECT_TRUE(g_warnings == 1 && strstr(g_last_warning, "OOM"));
  EXPECT_TRUE(!strcmp(redis_cli("DBSIZE"), "0"));
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("oom: PASS\n");
}

/* Connections the server has accepted so far (this query is one of them). */
static int connections_accepted(void) {
  return atoi(redis_cli("INFO stats | grep ^total_connections_received | "
                        "cut -d: -f2"));
}

/* A process forked with connections in its context's pool: parent and child
 * look up at the same time, each on its own connections (the child opens
 * new ones), and neither sees an error. */
static void forked(void) {
  aiter_context_t ctx = lookup_ctx(redis_url());
  lookup_only(ctx, AITER_DTYPE_F32, 1); // connections into the pool
  int before = connections_accepted();
  pid_t child = fork();
  EXPECT_TRUE(child >= 0);
  for (int i = 0; i < 200; ++i)
    lookup_only(ctx, AITER_DTYPE_F32, 1);
  EXPECT_COUNTS(ctx, ANY, 0, 402, 0);
  EXPECT_TRUE(g_warnings == 0);
  if (child == 0)
    exit(0);
  int status = 0;
  EXPECT_TRUE(waitpid(child, &status, 0) == child && WIFEXITED(status) &&
              WEXITSTATUS(status) == 0);
  // The parent kept its connections; the child made its own.
  EXPECT_TRUE(connections_accepted() >= before + 2);
  aiter_context_destroy(ctx);
  printf("fork: PASS\n");
}

int main(int argc, char **argv) {
  EXPECT_TRUE(argc >= 2);
  if (!strcmp(argv[1], "db") && argc == 3)
    db(argv[2]);
  else if (!strcmp(argv[1], "baddb"))
    badDb();
  else if (!strcmp(argv[1], "fork"))
    forked();
  else if (!strcmp(argv[1], "idle"))
    idle();
  else if (!strcmp(argv[1], "noauth"))
    noauth();
  else if (!strcmp(argv[1], "oom") && argc == 3)
    oom(argv[2]);
  else
    EXPECT_TRUE(!"unknown mode");
  return 0;
}
