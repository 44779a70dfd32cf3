//===- Devices.cpp - contexts, the compiler library, devices --------------===//
//
// A context owns the cache tiers and the HIP device (dlopened libamdhip64,
// if any); launches run on the emulator (host tensors) or HIP (device ones).
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>
#include <dlfcn.h>

using namespace aiter::capi;
using namespace aiter::rt;

//===----------------------------------------------------------------------===//
// The compiler library
//===----------------------------------------------------------------------===//

/// Loads libaiter-compiler.so once: $AITER_COMPILER_LIBRARY, else the file
/// next to libaiter.so.
const aiter_compiler_api_t *aiter::capi::compilerApi(std::string &error) {
  static std::once_flag once;
  static const aiter_compiler_api_t *api = nullptr;
  static std::string loadError;
  std::call_once(once, [] {
    std::string path;
    if (const char *p = std::getenv("AITER_COMPILER_LIBRARY"); p && *p) {
      path = p;
    } else {
      Dl_info info;
      if (!dladdr(reinterpret_cast<void *>(&aiter_abi_version), &info) ||
          !info.dli_fname) {
        loadError = "cannot locate libaiter.so to find libaiter-compiler.so";
        return;
      }
      path = info.dli_fname;
      size_t slash = path.rfind('/');
      path = (slash == std::string::npos ? std::string(".")
                                         : path.substr(0, slash)) +
             "/libaiter-compiler.so";
    }
    void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char *e = dlerror();
      loadError = "cannot load the compiler library '" + path +
                  "': " + (e ? e : "unknown error") +
                  " (set AITER_COMPILER_LIBRARY)";
      return;
    }
    auto get = reinterpret_cast<aiter_compiler_get_api_fn>(
        dlsym(h, "aiter_compiler_get_api"));
    const aiter_compiler_api_t *a = get ? get() : nullptr;
    if (!a || a->abi_version != AITER_COMPILER_ABI_VERSION ||
        a->struct_size < sizeof(aiter_compiler_api_t)) {
      loadError = "'" + path + "' is not a compatible aiter compiler library";
      return;
    }
    if (std::strcmp(a->build_id, AITER_BUILD_ID) != 0) {
      loadError = "'" + path + "' has build id " + a->build_id +
                  ", libaiter.so expects " + AITER_BUILD_ID;
      return;
    }
    api = a;
  });
  if (!api)
    error = loadError;
  return api;
}

/// A millisecond count from the environment: `fallback` when unset, an
/// invalid-argument error when not a number.
static aiter_status_t envMs(const char *name, unsigned fallback,
                            unsigned &out) {
  out = fallback;
  const char *e = std::getenv(name);
  if (!e || !*e)
    return AITER_OK;
  char *end = nullptr;
  errno = 0;
  unsigned long v = std::strtoul(e, &end, 10);
  if (*end || errno || v > UINT_MAX || e[0] == '-')
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "$" + std::string(name) + "='" + e +
                    "' (expected a number of milliseconds)");
  out = unsigned(v);
  return AITER_OK;
}

/// The remote tier the options and the environment ask for; `out.url`
/// stays empty for none. A malformed URL or timeout fails context creation,
/// as a malformed $AITER_CACHE does: it is a configuration mistake, not an
/// outage.
static aiter_status_t remoteConfig(const aiter_context_options_t &o,
                                   CacheMode mode, RemoteConfig &out) {
  bool fromOption = o.cache_remote && *o.cache_remote;
  const char *env = std::getenv("AITER_CACHE_REMOTE");
  std::string url = fromOption ? o.cache_remote : env ? env : "";
  if (url.empty() || url == "off" || mode == CacheMode::Off)
    return AITER_OK;
  std::string error;
  if (!parseRemoteUrl(url, out, error))
    return fail(
        AITER_ERROR_INVALID_ARGUMENT,
        std::string(fromOption ? "cache_remote" : "$AITER_CACHE_REMOTE") + " " +
            error);
  if (aiter_status_t s =
          envMs("AITER_CACHE_REMOTE_TIMEOUT_MS", 250, out.timeoutMs);
      s != AITER_OK)
    return s;
  if (o.cache_remote_timeout_ms)
    out.timeoutMs = o.cache_remote_timeout_ms;
  if (aiter_status_t s =
          envMs("AITER_CACHE_REMOTE_RETRY_MS", 30000, out.retryMs);
      s != AITER_OK)
    return s;
  if (out.timeoutMs == 0)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "$AITER_CACHE_REMOTE_TIMEOUT_MS is 0 (expected at least 1 ms)");
  return AITER_OK;
}

aiter_status_t aiter_context_create(const aiter_context_options_t *options,
                                    aiter_context_t *outContext) {
  if (!outContext)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "out_context is NULL");
  *outContext = nullptr;
  aiter_context_options_t o{};
  o.struct_size = sizeof(o);
  if (options) {
    // An ABI 1 caller's struct ends before the remote-tier fields, which
    // then keep their defaults (the environment).
    size_t abi1 = offsetof(aiter_context_options_t, cache_remote);
    if (checkStructSize(options->struct_size, "aiter_context_options_t",
                        sizeof(aiter_context_options_t), abi1) != AITER_OK)
      return AITER_ERROR_INVALID_ARGUMENT;
    std::memcpy(&o, options, options->struct_size);
  }
  CacheMode mode = CacheMode::ReadWrite;
  switch (enumValue(o.cache_mode)) {
  case AITER_CACHE_MODE_DEFAULT:
    if (const char *e = std::getenv("AITER_CACHE"); e && *e) {
      std::string v = e;
      if (v == "rw")
        mode = CacheMode::ReadWrite;
      else if (v == "ro")
        mode = CacheMode::ReadOnly;
      else if (v == "off")
        mode = CacheMode::Off;
      else
        return fail(AITER_ERROR_INVALID_ARGUMENT,
                    "$AITER_CACHE='" + v + "' (expected rw, ro or off)");
    }
    break;
  case AITER_CACHE_MODE_RW:
    break;
  case AITER_CACHE_MODE_RO:
    mode = CacheMode::ReadOnly;
    break;
  case AITER_CACHE_MODE_OFF:
    mode = CacheMode::Off;
    break;
  }
  if (enumValue(o.cache_mode) < AITER_CACHE_MODE_DEFAULT ||
      enumValue(o.cache_mode) > AITER_CACHE_MODE_OFF)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "unknown cache_mode " +
                    std::to_string(enumValue(o.cache_mode)));
  if (o.device_ordinal < 0)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "device_ordinal is negative");
  RemoteConfig remote;
  if (aiter_status_t st = remoteConfig(o, mode, remote); st != AITER_OK)
    return st;
  auto ctx = std::make_unique<aiter_context_s>();
  ctx->logCallback = o.log_callback;
  ctx->logUser = o.log_user_data;
  ctx->ordinal = o.device_ordinal;
  if (o.default_chip && *o.default_chip)
    ctx->defaultChip = o.default_chip;
  ctx->cacheDir = o.cache_dir && *o.cache_dir ? o.cache_dir : defaultCacheDir();
  uint64_t cap = o.cache_max_bytes ? o.cache_max_bytes : (uint64_t(1) << 30);
  ctx->memory = std::make_unique<MemoryCache>(cap, ctx->counters);
  ctx->disk = std::make_unique<DiskCache>(ctx->cacheDir, mode, cap,
                                          ctx->logFn(), ctx->counters);
  if (!remote.url.empty()) {
    std::string why;
    if (const Hiredis *hiredis = loadHiredis(why))
      ctx->remote = std::make_unique<RemoteCache>(remote, mode, *hiredis,
                                                  ctx->logFn(), ctx->counters);
    else
      ctx->log(AITER_LOG_WARNING, "aiter cache: the remote tier " + remote.url +
                                      " is off: " + why);
  }
  std::string err;
  if (Hip *hip = Hip::get(err)) {
    if (hip->deviceCount() <= ctx->ordinal)
      ctx->hipUnavailable = "HIP has " + std::to_string(hip->deviceCount()) +
                            " devices; device_ordinal is " +
                            std::to_string(ctx->ordinal);
    else if (!hip->targetId(ctx->ordinal, ctx->deviceTargetId, err))
      ctx->hipUnavailable = err;
    else
      ctx->hip = hip;
  } else {
    ctx->hipUnavailable = err;
  }
  ctx->log(AITER_LOG_INFO,
           ctx->hip ? "aiter: HIP device " + std::to_string(ctx->ordinal) +
                          " is " + ctx->deviceTargetId
                    : "aiter: no HIP device (" + ctx->hipUnavailable +
                          "); kernels default to " + ctx->defaultChip);
  *outContext = ctx.release();
  return ok();
}

aiter_status_t aiter_context_destroy(aiter_context_t context) {
  delete context;
  return ok();
}

aiter_status_t aiter::capi::devicesOf(const DLTensor *const *ts, size_t n,
                                      aiter_kernel_t k,
                                      aiter_device_kind_t &dev) {
  DLDeviceType type = ts[0]->device.device_type;
  for (size_t i = 1; i < n; ++i)
    if (ts[i] && ts[i]->device.device_type != type)
      return fail(AITER_ERROR_BAD_TENSOR,
                  "tensors of one launch must all be kDLCPU (emulator) or "
                  "all kDLROCM (HIP); they are mixed");
  if (type == kDLCPU) {
    dev = AITER_DEVICE_EMULATOR;
    return ok();
  }
  if (type != kDLROCM)
    return fail(AITER_ERROR_BAD_TENSOR,
                "tensor device type " + std::to_string(int(type)) +
                    " is unsupported (kDLCPU or kDLROCM)");
  for (size_t i = 0; i < n; ++i)
    if (ts[i] && ts[i]->device.device_id != k->ctx->ordinal)
      return fail(
          AITER_ERROR_BAD_TENSOR,
          "tensor on ROCm device " + std::to_string(ts[i]->device.device_id) +
              ", the context uses device " + std::to_string(k->ctx->ordinal));
  dev = AITER_DEVICE_HIP;
  return ok();
}

aiter_status_t aiter::capi::run(aiter_kernel_t k, aiter_device_kind_t dev,
                                const View *views, size_t n,
                                const uint32_t grid[3], void *stream) {
  bool aligned = true;
  for (size_t i = 0; i < n; ++i)
    aligned &= alignedOk(views[i]);
  Variant &v = k->variants[aligned ? 0 : 1];
  const KernelMeta &m = v.entry->meta;
  uint32_t block[3] = {m.threads, 1, 1};
  if (grid[0] == 0 || grid[1] == 0 || grid[2] == 0)
    return ok(); // an empty problem: nothing to compute
  if (dev == AITER_DEVICE_EMULATOR) {
    std::call_once(v.emuOnce, [&] {
      const aiter_compiler_api_t *api = compilerApi(v.emuError);
      if (!api) {
        v.emuStatus = AITER_ERROR_DEVICE_UNAVAILABLE;
        return;
      }
      char *err = nullptr;
      if (api->emu_load(v.entry->simtIR.data(), v.entry->simtIR.size(),
                        &v.emuHandle, &err)) {
        v.emuStatus = AITER_ERROR_DEVICE;
        v.emuError = err ? err : "emulator load failed";
        api->free_string(err);
      }
    });
    if (v.emuStatus != AITER_OK)
      return fail(v.emuStatus, v.emuError);
    std::string e;
    const aiter_compiler_api_t *api = compilerApi(e);
    aiter_compiler_emu_arg_t args[8];
    for (size_t i = 0; i < n; ++i) {
      args[i].data = reinterpret_cast<void *>(uintptr_t(views[i].base));
      args[i].bytes = views[i].bytes;
      args[i].elem = views[i].emuElem;
      args[i].rank = views[i].rank;
      for (int d = 0; d < views[i].rank; ++d) {
        args[i].shape[d] = views[i].shape[d];
        args[i].strides[d] = views[i].strides[d];
      }
    }
    int64_t g[3] = {grid[0], grid[1], grid[2]};
    int64_t b[3] = {block[0], block[1], block[2]};
    char *err = nullptr;
    if (api->emu_run(v.emuHandle, m.name.c_str(), g, b, args, n, &err)) {
      std::string msg = err ? err : "emulator failed";
      api->free_string(err);
      return fail(AITER_ERROR_DEVICE, "emulator: " + msg);
    }
  } else {
    if (!k->ctx->hip)
      return fail(AITER_ERROR_DEVICE_UNAVAILABLE,
                  "kDLROCM tensors but no HIP device: " +
                      k->ctx->hipUnavailable);
    if (!v.hipFunction)
      return fail(AITER_ERROR_DEVICE_UNAVAILABLE,
                  "the kernel was built for " + k->targetId +
                      ", the HIP device is " + k->ctx->deviceTargetId);
    MemrefDesc descs[8];
    for (size_t i = 0; i < n; ++i) {
      descs[i].allocated = descs[i].aligned = views[i].base;
      descs[i].rank = views[i].rank;
      for (int d = 0; d < views[i].rank; ++d) {
        descs[i].sizes[d] = views[i].shape[d];
        descs[i].strides[d] = views[i].strides[d];
      }
    }
    static thread_local Kernargs ka;
    std::string err;
    if (!packKernargs(m, descs, n, grid, block, ka, err))
      return fail(AITER_ERROR_INTERNAL, err);
    // HIP appends the hidden arguments itself: pass the explicit prefix.
    if (!k->ctx->hip->launch(v.hipFunction, grid, block, 0, stream,
                             ka.bytes.data(), ka.explicitBytes, err))
      return fail(AITER_ERROR_DEVICE, err);
  }
  k->lastDevice = dev;
  if (!k->loggedDevice[aligned ? 0 : 1][dev].exchange(true))
    k->ctx->log(AITER_LOG_INFO,
                "aiter: " + m.name + " (" + m.variant + ", " + k->targetId +
                    ") runs on " +
                    (dev == AITER_DEVICE_HIP ? "HIP" : "the emulator"));
  return ok();
}
