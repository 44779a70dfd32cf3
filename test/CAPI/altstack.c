// The library leaves a thread's alternate signal stack alone. The first
// compile of a process links with lld, whose temporary output file makes
// LLVM install its signal handlers and, on the calling thread, replace that
// thread's alternate signal stack with a heap block of its own. Whoever
// owns the old stack then frees the wrong memory: AddressSanitizer unmaps
// "its" stack at thread exit and aborted test/CAPI/threads.c with "failed
// to deallocate 0x134c0 bytes" (0x134c0 = MINSIGSTKSZ here + LLVM's 64 KiB).
// Here a thread sets its own small stack, compiles (a fresh cache: lld runs
// on this thread, first in the process), and must find its stack unchanged.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t && %t %t.cache | FileCheck %s
// CHECK: PASS

#include "../Runtime/Inputs/cacheutil.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

static const char *g_dir;

static void *worker(void *arg) {
  (void)arg;
  /* Smaller than LLVM's MINSIGSTKSZ + 64 KiB, so LLVM would replace it. */
  size_t size = 32 * 1024;
  void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT_TRUE(mem != MAP_FAILED);
  stack_t mine = {.ss_sp = mem, .ss_flags = 0, .ss_size = size}, before;
  EXPECT_TRUE(sigaltstack(&mine, &before) == 0);

  aiter_context_t ctx = open_ctx(g_dir, AITER_CACHE_MODE_RW);
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, "gfx942");
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  aiter_kernel_info_t info;
  memset(&info, 0, sizeof(info));
  info.struct_size = sizeof(info);
  EXPECT_OK(aiter_kernel_get_info(k, AITER_VARIANT_GENERAL, &info));
  EXPECT_TRUE(info.cache_hit == 0); /* compiled here: lld ran */

  stack_t now;
  EXPECT_TRUE(sigaltstack(NULL, &now) == 0);
  if (now.ss_sp != mem || now.ss_size != size || (now.ss_flags & SS_DISABLE)) {
    fprintf(stderr, "alternate signal stack replaced: %p+%zu -> %p+%zu\n", mem,
            size, now.ss_sp, now.ss_size);
    exit(1);
  }
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  /* Disable before unmapping: the stack is this thread's to free. */
  stack_t off = {.ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0};
  EXPECT_TRUE(sigaltstack(&off, NULL) == 0);
  munmap(mem, size);
  return NULL;
}

int main(int argc, char **argv) {
  (void)argc;
  g_dir = argv[1];
  pthread_t t;
  EXPECT_TRUE(pthread_create(&t, NULL, worker, NULL) == 0);
  EXPECT_TRUE(pthread_join(t, NULL) == 0);
  printf("PASS\n");
  return 0;
}
