// The HIP device path end to end without a GPU, against a stand-in
// libamdhip64.so (Inputs/fake_hip.c): found through $AITER_HIP_LIBRARY, or as
// a copy already loaded in the process. The context takes the device's full
// target id; kernel creation loads each code object once per context;
// a kDLROCM launch passes the memref descriptors at the code object's
// offsets, the explicit-argument size, the grid and block and the stream;
// bad device ids and mixed devices fail before HIP is called.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cc -shared -fPIC -fvisibility=hidden -Wl,-soname,libamdhip64.so %S/Inputs/fake_hip.c -o %t.dir/libamdhip64.so
// RUN: %cc %s -ldl -o %t
// RUN: env AITER_HIP_LIBRARY=%t.dir/libamdhip64.so %t %t.dir/libamdhip64.so env %t.dir/cache | FileCheck %s
// RUN: env -u AITER_HIP_LIBRARY %t %t.dir/libamdhip64.so preload %t.dir/cache | FileCheck %s
// RUN: env AITER_HIP_LIBRARY=%t.dir/missing.so %t %t.dir/missing.so missing %t.dir/cache | FileCheck %s --check-prefix=MISSING
// CHECK: device: gfx942:sramecc+:xnack-
// CHECK: PASS
// MISSING: PASS

#include "Inputs/cacheutil.h"

#include <dlfcn.h>

typedef struct fake_launch_t {
  unsigned grid[3], block[3], shared;
  void *stream;
  size_t size;
  unsigned char bytes[4096];
  int count;
} fake_launch_t;

static uint64_t u64_at(const fake_launch_t *l, size_t off) {
  uint64_t v;
  memcpy(&v, l->bytes + off, 8);
  return v;
}

int main(int argc, char **argv) {
  (void)argc;
  const char *fake = argv[1], *how = argv[2], *dir = argv[3];
  if (!strcmp(how, "missing")) {
    aiter_context_t ctx = open_ctx(dir, AITER_CACHE_MODE_RW);
    aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, NULL);
    aiter_kernel_t k = NULL;
    EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
    static uint16_t a[64], b[64];
    static float c[64];
    int64_t s[2] = {8, 8};
    DLTensor ta = make_tensor(a, kDLBfloat, 16, 2, s, NULL);
    DLTensor tb = make_tensor(b, kDLBfloat, 16, 2, s, NULL);
    DLTensor tc = make_tensor(c, kDLFloat, 32, 2, s, NULL);
    ta.device.device_type = tb.device.device_type = tc.device.device_type =
        kDLROCM;
    EXPECT_STATUS(aiter_gemm_launch(k, &ta, &tb, &tc, NULL),
                  AITER_ERROR_DEVICE_UNAVAILABLE);
    EXPECT_ERROR_MENTIONS("missing.so");
    aiter_kernel_destroy(k);
    aiter_context_destroy(ctx);
    printf("PASS\n");
    return 0;
  }
  void *h = dlopen(fake, RTLD_NOW | RTLD_GLOBAL);
  EXPECT_TRUE(h != NULL);
  fake_launch_t *launch = (fake_launch_t *)dlsym(h, "fake_last_launch");
  int *loaded = (int *)dlsym(h, "fake_modules_loaded");
  int *unloaded = (int *)dlsym(h, "fake_modules_unloaded");
  EXPECT_TRUE(launch && loaded && unloaded);

  aiter_context_t ctx = open_ctx(dir, AITER_CACHE_MODE_RW);
  aiter_gemm_desc_t g = gemm_desc(AITER_DTYPE_F32, 0, NULL);
  aiter_kernel_t k = NULL, k2 = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k));
  aiter_kernel_info_t info;
  memset(&info, 0, sizeof(info));
  info.struct_size = sizeof(info);
  EXPECT_OK(aiter_kernel_get_info(k, AITER_VARIANT_ALIGNED, &info));
  printf("device: %s\n", info.chip);
  EXPECT_TRUE(*loaded == 2); /* both variants */
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g, &k2));
  EXPECT_TRUE(*loaded == 2); /* once per (device, code object) */

  /* "Device" pointers: never dereferenced by the fake. */
  enum { M = 300, N = 200, K = 64 };
  int64_t sa[2] = {M, K}, sb[2] = {K, N}, sc[2] = {M, N};
  DLTensor ta = make_tensor((void *)0x100000, kDLBfloat, 16, 2, sa, NULL);
  DLTensor tb = make_tensor((void *)0x200000, kDLBfloat, 16, 2, sb, NULL);
  DLTensor tc = make_tensor((void *)0x300000, kDLFloat, 32, 2, sc, NULL);
  ta.device.device_type = tb.device.device_type = tc.device.device_type =
      kDLROCM;
  tc.byte_offset = 64;
  void *stream = (void *)0xabcdef;
  EXPECT_OK(aiter_gemm_launch(k, &ta, &tb, &tc, stream));
  EXPECT_TRUE(launch->count == 1 && launch->stream == stream);
  EXPECT_TRUE(launch->block[0] == info.workgroup_size);
  EXPECT_TRUE(launch->block[1] == 1 && launch->grid[2] == 1);
  EXPECT_TRUE(launch->grid[0] > 0 && launch->grid[1] > 0);
  EXPECT_TRUE(launch->size == info.kernarg_bytes); /* no hidden args today */
  /* A: alloc, aligned, offset, sizes, strides at 0..48 (8-byte args). */
  EXPECT_TRUE(u64_at(launch, 0) == 0x100000 && u64_at(launch, 8) == 0x100000);
  EXPECT_TRUE(u64_at(launch, 16) == 0);
  EXPECT_TRUE(u64_at(launch, 24) == M && u64_at(launch, 32) == K);
  EXPECT_TRUE(u64_at(launch, 40) == K && u64_at(launch, 48) == 1);
  EXPECT_TRUE(u64_at(launch, 56) == 0x200000);
  EXPECT_TRUE(u64_at(launch, 112) == 0x300000 + 64); /* byte_offset */
  EXPECT_TRUE(u64_at(launch, 136) == M && u64_at(launch, 144) == N);
  EXPECT_TRUE(u64_at(launch, 152) == N && u64_at(launch, 160) == 1);
  aiter_kernel_get_info(k, AITER_VARIANT_ALIGNED, &info);
  EXPECT_TRUE(info.last_device == AITER_DEVICE_HIP);

  /* Wrong device id, mixed devices: rejected before HIP is called. */
  DLTensor bad = tc;
  bad.device.device_id = 1;
  EXPECT_STATUS(aiter_gemm_launch(k, &ta, &tb, &bad, stream),
                AITER_ERROR_BAD_TENSOR);
  bad = tc;
  bad.device.device_type = kDLCPU;
  EXPECT_STATUS(aiter_gemm_launch(k, &ta, &tb, &bad, stream),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_TRUE(launch->count == 1);

  /* A kernel built ahead of time for another chip cannot run here. */
  aiter_gemm_desc_t g950 = gemm_desc(AITER_DTYPE_F32, 0, "gfx950");
  aiter_kernel_t k950 = NULL;
  EXPECT_OK(aiter_kernel_create_gemm(ctx, &g950, &k950));
  EXPECT_STATUS(aiter_gemm_launch(k950, &ta, &tb, &tc, stream),
                AITER_ERROR_DEVICE_UNAVAILABLE);
  EXPECT_ERROR_MENTIONS("gfx950");

  aiter_kernel_destroy(k950);
  aiter_kernel_destroy(k);
  aiter_kernel_destroy(k2);
  EXPECT_TRUE(*unloaded == 0);
  aiter_context_destroy(ctx);
  EXPECT_TRUE(*unloaded == 2);
  printf("PASS\n");
  return 0;
}
