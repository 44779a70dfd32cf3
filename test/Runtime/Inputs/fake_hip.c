/*===- fake_hip.c - a stand-in libamdhip64.so for GPU-less tests --*- C -*-===*\
|*                                                                            *|
|* Implements the HIP entry points libaiter uses: one gfx942 device, modules  *|
|* that are only counted, and launches that record their kernarg buffer.     *|
\*===----------------------------------------------------------------------===*/

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef struct fake_launch_t {
  unsigned grid[3], block[3], shared;
  void *stream;
  size_t size;
  unsigned char bytes[4096];
  int count;
} fake_launch_t;

EXPORT fake_launch_t fake_last_launch;
EXPORT int fake_modules_loaded, fake_modules_unloaded;
EXPORT char fake_function_name[256];

EXPORT int hipInit(unsigned flags) { return flags == 0 ? 0 : 1; }
EXPORT int hipGetDeviceCount(int *n) {
  *n = 1;
  return 0;
}
EXPORT int hipGetDevicePropertiesR0600(void *prop, int device) {
  if (device != 0)
    return 101; /* hipErrorInvalidDevice */
  memset(prop, 0, 1416);
  strcpy((char *)prop, "Fake MI300X");
  strcpy((char *)prop + 1160, "gfx942:sramecc+:xnack-");
  return 0;
}
EXPORT int hipSetDevice(int device) { return device == 0 ? 0 : 101; }
EXPORT int hipModuleLoadData(void **module, const void *image) {
  if (memcmp(image, "\177ELF", 4) != 0)
    return 200; /* hipErrorInvalidImage */
  *module = (void *)(intptr_t)(++fake_modules_loaded);
  return 0;
}
EXPORT int hipModuleGetFunction(void **function, void *module,
                                const char *name) {
  (void)module;
  strncpy(fake_function_name, name, sizeof(fake_function_name) - 1);
  *function = (void *)0x1234;
  return 0;
}
EXPORT int hipModuleLaunchKernel(void *f, unsigned gx, unsigned gy,
                                 unsigned gz, unsigned bx, unsigned by,
                                 unsigned bz, unsigned shared, void *stream,
                                 void **params, void **extra) {
  if (f != (void *)0x1234 || params || !extra)
    return 1;
  fake_launch_t *l = &fake_last_launch;
  l->grid[0] = gx, l->grid[1] = gy, l->grid[2] = gz;
  l->block[0] = bx, l->block[1] = by, l->block[2] = bz;
  l->shared = shared;
  l->stream = stream;
  void *buf = NULL;
  size_t *size = NULL;
  /* HIP_LAUNCH_PARAM_BUFFER_POINTER 1, _SIZE 2, _END 3 */
  for (int i = 0; extra[i] != (void *)3; i += 2) {
    if (extra[i] == (void *)1)
      buf = extra[i + 1];
    else if (extra[i] == (void *)2)
      size = (size_t *)extra[i + 1];
    else
      return 1;
  }
  if (!buf || !size || *size > sizeof(l->bytes))
    return 1;
  l->size = *size;
  memcpy(l->bytes, buf, *size);
  ++l->count;
  return 0;
}
EXPORT int hipModuleUnload(void *module) {
  (void)module;
  ++fake_modules_unloaded;
  return 0;
}
EXPORT const char *hipGetErrorString(int e) {
  return e == 101 ? "hipErrorInvalidDevice" : "fake HIP error";
}
