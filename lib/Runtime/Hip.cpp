//===- Hip.cpp - the HIP runtime, loaded with dlopen ---------------------===//
//
// Mirrors only the HIP ABI pieces used: the R0600 device properties up to
// gcnArchName and the launch extra-parameter tokens.
//===----------------------------------------------------------------------===//

#include "Hip.h"

#include <cstddef>
#include <cstdlib>
#include <dlfcn.h>
#include <cstring>
#include <mutex>

using namespace aiter::rt;

namespace {
// hipDeviceProp_tR0600 (HIP 6.x hip_runtime_api.h) up to gcnArchName; only
// that field is read. The real struct is ~1.5 KiB; we pass a 4 KiB buffer.
struct HipDevicePropPrefix {
  char name[256];
  char uuid[16];
  char luid[8];
  unsigned luidDeviceNodeMask;
  size_t totalGlobalMem, sharedMemPerBlock;
  int regsPerBlock, warpSize;
  size_t memPitch;
  int maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3], clockRate;
  size_t totalConstMem;
  int major, minor;
  size_t textureAlignment, texturePitchAlignment;
  int deviceOverlap, multiProcessorCount, kernelExecTimeoutEnabled,
      integrated, canMapHostMemory, computeMode, maxTexture1D,
      maxTexture1DMipmap, maxTexture1DLinear, maxTexture2D[2],
      maxTexture2DMipmap[2], maxTexture2DLinear[3], maxTexture2DGather[2],
      maxTexture3D[3], maxTexture3DAlt[3], maxTextureCubemap,
      maxTexture1DLayered[2], maxTexture2DLayered[3],
      maxTextureCubemapLayered[2], maxSurface1D, maxSurface2D[2],
      maxSurface3D[3], maxSurface1DLayered[2], maxSurface2DLayered[3],
      maxSurfaceCubemap, maxSurfaceCubemapLayered[2];
  size_t surfaceAlignment;
  int concurrentKernels, ECCEnabled, pciBusID, pciDeviceID, pciDomainID,
      tccDriver, asyncEngineCount, unifiedAddressing, memoryClockRate,
      memoryBusWidth, l2CacheSize, persistingL2CacheMaxSize,
      maxThreadsPerMultiProcessor, streamPrioritiesSupported,
      globalL1CacheSupported, localL1CacheSupported;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor, managedMemory, isMultiGpuBoard,
      multiGpuBoardGroupID, hostNativeAtomicSupported,
      singleToDoublePrecisionPerfRatio, pageableMemoryAccess,
      concurrentManagedAccess, computePreemptionSupported,
      canUseHostPointerForRegisteredMem, cooperativeLaunch,
      cooperativeMultiDeviceLaunch;
  size_t sharedMemPerBlockOptin;
  int pageableMemoryAccessUsesHostPageTables, directManagedMemAccessFromHost,
      maxBlocksPerMultiProcessor, accessPolicyMaxWindowSize;
  size_t reservedSharedMemPerBlock;
  int hostRegisterSupported, sparseHipArraySupported,
      hostRegisterReadOnlySupported, timelineSemaphoreInteropSupported,
      memoryPoolsSupported, gpuDirectRDMASupported;
  unsigned gpuDirectRDMAFlushWritesOptions;
  int gpuDirectRDMAWritesOrdering;
  unsigned memoryPoolSupportedHandleTypes;
  int deferredMappingHipArraySupported, ipcEventSupported, clusterLaunch,
      unifiedFunctionPointers, reserved[63], hipReserved[32];
  char gcnArchName[256];
};
// Cross-checked against a second transcription of the same header.
static_assert(offsetof(HipDevicePropPrefix, gcnArchName) == 1160,
              "hipDeviceProp_tR0600::gcnArchName moved");

// HIP_LAUNCH_PARAM_* tokens of hip_runtime_api.h (AMD platform).
void *const kLaunchParamBufferPointer = reinterpret_cast<void *>(0x01);
void *const kLaunchParamBufferSize = reinterpret_cast<void *>(0x02);
void *const kLaunchParamEnd = reinterpret_cast<void *>(0x03);

const char *kNames[] = {"libamdhip64.so", "libamdhip64.so.7",
                        "libamdhip64.so.6"};
} // namespace

std::string aiter::rt::hipSearchOrder() {
  return "$AITER_HIP_LIBRARY, an already-loaded libamdhip64.so, "
         "libamdhip64.so[.7|.6] on the library path, "
         "/opt/rocm/lib/libamdhip64.so";
}

static void *openHip(std::string &path, std::string &error) {
  if (const char *p = std::getenv("AITER_HIP_LIBRARY"); p && *p) {
    if (void *h = dlopen(p, RTLD_NOW | RTLD_LOCAL)) {
      path = p;
      return h;
    }
    const char *e = dlerror();
    error = std::string("$AITER_HIP_LIBRARY='") + p +
            "' cannot be loaded: " + (e ? e : "unknown error");
    return nullptr;
  }
  for (const char *n : kNames)
    if (void *h = dlopen(n, RTLD_NOW | RTLD_NOLOAD)) {
      path = n;
      return h;
    }
  for (const char *n : kNames)
    if (void *h = dlopen(n, RTLD_NOW | RTLD_LOCAL)) {
      path = n;
      return h;
    }
  if (void *h = dlopen("/opt/rocm/lib/libamdhip64.so", RTLD_NOW | RTLD_LOCAL)) {
    path = "/opt/rocm/lib/libamdhip64.so";
    return h;
  }
  error = "the HIP runtime (libamdhip64.so) was not found; looked at " +
          hipSearchOrder();
  return nullptr;
}

Hip *Hip::get(std::string &error) {
  static std::once_flag once;
  static Hip *instance = nullptr;
  static std::string loadError;
  std::call_once(once, [] {
    std::string path;
    void *h = openHip(path, loadError);
    if (!h)
      return;
    auto *hip = new Hip();
    hip->path = path;
    struct {
      void **slot;
      const char *name;
    } syms[] = {{&hip->hipInit, "hipInit"},
                {&hip->hipGetDeviceCount, "hipGetDeviceCount"},
                {&hip->hipGetDevicePropertiesR0600,
                 "hipGetDevicePropertiesR0600"},
                {&hip->hipSetDevice, "hipSetDevice"},
                {&hip->hipModuleLoadData, "hipModuleLoadData"},
                {&hip->hipModuleGetFunction, "hipModuleGetFunction"},
                {&hip->hipModuleLaunchKernel, "hipModuleLaunchKernel"},
                {&hip->hipModuleUnload, "hipModuleUnload"},
                {&hip->hipGetErrorString, "hipGetErrorString"}};
    for (auto &s : syms) {
      *s.slot = dlsym(h, s.name);
      if (!*s.slot) {
        loadError = path + " lacks " + s.name + " (HIP 6.0 or newer needed)";
        delete hip;
        return;
      }
    }
    int rc = reinterpret_cast<int (*)(unsigned)>(hip->hipInit)(0);
    if (rc != 0) {
      loadError = "hipInit failed: " + hip->errorText(rc);
      delete hip;
      return;
    }
    instance = hip;
  });
  if (!instance)
    error = loadError;
  return instance;
}

std::string Hip::errorText(int code) {
  const char *s =
      reinterpret_cast<const char *(*)(int)>(hipGetErrorString)(code);
  return std::string(s ? s : "unknown HIP error") + " (" +
         std::to_string(code) + ")";
}

int Hip::deviceCount() {
  int n = 0;
  if (reinterpret_cast<int (*)(int *)>(hipGetDeviceCount)(&n) != 0)
    return 0;
  return n;
}

bool Hip::targetId(int ordinal, std::string &out, std::string &error) {
  alignas(16) static thread_local char buf[4096];
  int rc = reinterpret_cast<int (*)(void *, int)>(hipGetDevicePropertiesR0600)(
      buf, ordinal);
  if (rc != 0) {
    error = "hipGetDevicePropertiesR0600(" + std::to_string(ordinal) +
            ") failed: " + errorText(rc);
    return false;
  }
  const char *arch = buf + offsetof(HipDevicePropPrefix, gcnArchName);
  out.assign(arch, strnlen(arch, 256));
  if (out.rfind("gfx", 0) != 0) {
    error = "device " + std::to_string(ordinal) +
            " reports an unexpected gcnArchName '" + out + "'";
    return false;
  }
  return true;
}

bool Hip::loadModule(int ordinal, const void *image, void **module,
                     std::string &error) {
  int rc = reinterpret_cast<int (*)(int)>(hipSetDevice)(ordinal);
  if (rc == 0)
    rc = reinterpret_cast<int (*)(void **, const void *)>(hipModuleLoadData)(
        module, image);
  if (rc != 0) {
    error = "hipModuleLoadData failed: " + errorText(rc);
    return false;
  }
  return true;
}

bool Hip::getFunction(void *module, const char *name, void **function,
                      std::string &error) {
  int rc = reinterpret_cast<int (*)(void **, void *, const char *)>(
      hipModuleGetFunction)(function, module, name);
  if (rc != 0) {
    error = std::string("hipModuleGetFunction(") + name +
            ") failed: " + errorText(rc);
    return false;
  }
  return true;
}

void Hip::unloadModule(void *module) {
  reinterpret_cast<int (*)(void *)>(hipModuleUnload)(module);
}

bool Hip::launch(void *function, const uint32_t grid[3],
                 const uint32_t block[3], uint32_t sharedBytes, void *stream,
                 void *kernargs, size_t kernargBytes, std::string &error) {
  void *extra[] = {kLaunchParamBufferPointer, kernargs,
                   kLaunchParamBufferSize, &kernargBytes, kLaunchParamEnd};
  using LaunchFn = int (*)(void *, unsigned, unsigned, unsigned, unsigned,
                           unsigned, unsigned, unsigned, void *, void **,
                           void **);
  int rc = reinterpret_cast<LaunchFn>(hipModuleLaunchKernel)(
      function, grid[0], grid[1], grid[2], block[0], block[1], block[2],
      sharedBytes, stream, nullptr, extra);
  if (rc != 0) {
    error = "hipModuleLaunchKernel failed: " + errorText(rc);
    return false;
  }
  return true;
}
