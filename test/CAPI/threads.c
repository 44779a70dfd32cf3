// One context used from 8 threads at once: all create the same kernel (one
// compile per variant thanks to single flight; the others wait and hit), then
// launch it concurrently on the emulator, each with its own tensors.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t && %t %t.cache | FileCheck %s
// CHECK: PASS

#include "../Runtime/Inputs/cacheutil.h"

#include <pthread.h>

static aiter_context_t g_ctx;
static aiter_kernel_t g_kernels[8];

static void *worker(void *arg) {
  int i = (int)(intptr_t)arg;
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  if (aiter_kernel_create_gemm(g_ctx, &g, &g_kernels[i]) != AITER_OK)
    return (void *)1;
  return (void *)0;
}

static void *launcher(void *arg) {
  int i = (int)(intptr_t)arg;
  enum { M = 40, N = 24, K = 16 };
  uint16_t a[M * K], b[K * N];
  float c[M * N];
  fill_bf16(a, M * K, 100 + i);
  fill_bf16(b, K * N, 200 + i);
  memset(c, 0, sizeof(c));
  int64_t sa[2] = {M, K}, sb[2] = {K, N}, sc[2] = {M, N};
  DLTensor ta = make_tensor(a, kDLBfloat, 16, 2, sa, NULL);
  DLTensor tb = make_tensor(b, kDLBfloat, 16, 2, sb, NULL);
  DLTensor tc = make_tensor(c, kDLFloat, 32, 2, sc, NULL);
  if (aiter_gemm_launch(g_kernels[i % 2], &ta, &tb, &tc, NULL) != AITER_OK)
    return (void *)1;
  return check_gemm_f32(a, b, c, M, N, K, N) ? (void *)0 : (void *)2;
}

int main(int argc, char **argv) {
  (void)argc;
  g_ctx = open_ctx(argv[1], AITER_CACHE_MODE_RW);
  pthread_t t[8];
  void *rc;
  for (int i = 0; i < 8; ++i)
    pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
  for (int i = 0; i < 8; ++i) {
    pthread_join(t[i], &rc);
    EXPECT_TRUE(rc == NULL);
  }
  aiter_cache_stats_t s = stats_of(g_ctx);
  EXPECT_TRUE(s.misses == 2 && s.memory_hits == 14);
  for (int i = 0; i < 8; ++i)
    pthread_create(&t[i], NULL, launcher, (void *)(intptr_t)i);
  for (int i = 0; i < 8; ++i) {
    pthread_join(t[i], &rc);
    EXPECT_TRUE(rc == NULL);
  }
  for (int i = 0; i < 8; ++i)
    aiter_kernel_destroy(g_kernels[i]);
  aiter_context_destroy(g_ctx);
  EXPECT_TRUE(g_warnings == 0);
  printf("PASS\n");
  return 0;
}
