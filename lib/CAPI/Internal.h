//===- Internal.h - what the C API files share -----------------*- C++ -*-===//
//
// The context and kernel objects, validated tensor views and the helpers the
// files of lib/CAPI share; nothing here is exported (aiter.exports).
//===----------------------------------------------------------------------===//

#ifndef AITER_CAPI_INTERNAL_H
#define AITER_CAPI_INTERNAL_H

#include "aiter-c/aiter.h"

#include "BuildId.h"
#include "Cache.h"
#include "CompilerABI.h"
#include "Hip.h"
#include "Kernarg.h"
#include "Metadata.h"
#include "Remote.h"
#include "aiter/Runtime/ProblemSpec.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>

namespace aiter::capi {

// Errors.cpp: the thread-local last error.
aiter_status_t fail(aiter_status_t status, const std::string &msg);
aiter_status_t ok();
const std::string &lastErrorText();
/// The struct_size check of a caller-filled struct `name`: `size` must be
/// sizeof(the struct) or `oldSize` (the size under ABI `oldAbi`; 0: none).
aiter_status_t checkStructSize(size_t size, const char *name, size_t current,
                               size_t oldSize = 0, unsigned oldAbi = 1);

// Devices.cpp: the dlopened compiler library (null, and `error` set, when it
// cannot be loaded).
const aiter_compiler_api_t *compilerApi(std::string &error);

enum class Kind { Gemm, Attention };

struct Variant {
  std::shared_ptr<::aiter::rt::CacheEntry> entry;
  // HIP module/function, loaded at create when the device matches.
  std::string key;
  void *hipFunction = nullptr; // owned by the context's module table
  // The emulator's parsed module, loaded on the first host launch.
  std::once_flag emuOnce;
  void *emuHandle = nullptr;
  aiter_status_t emuStatus = AITER_OK;
  std::string emuError;
  bool cacheHit = false, diskHit = false;
  double compileMs = 0;
};

/// A validated tensor.
struct View {
  const char *what;
  uint64_t base = 0; // data + byte_offset
  int rank = 0;
  int64_t shape[8] = {}, strides[8] = {};
  int64_t bytes = 0; // extent from base
  int elemBytes = 0;
  int emuElem = 0;
};

/// The spec's element type of a C API dtype; nullopt for an unknown value.
/// The value of a C enum the caller passed, read as an int: C code may pass
/// any int there (the API tests pass 42 and 999 to check the errors), and
/// loading a value outside a C++ enum's range as that enum is undefined
/// behaviour (UBSan's -fsanitize=enum reports it). Every enum that comes
/// from the caller is read through this.
template <typename E> inline int enumValue(const E &e) {
  static_assert(std::is_enum_v<E> && sizeof(E) == sizeof(int),
                "an int-sized C enum");
  int v;
  std::memcpy(&v, &e, sizeof(v));
  return v;
}

std::optional<::aiter::rt::SpecDtype> specDtype(const aiter_dtype_t &t);
/// "f16", "bf16", "f32", or null for an unknown enum value.
const char *dtypeName(aiter_dtype_t t);

// Kernels.cpp: compiles or finds both variants of `spec` into `k`; `chip` is
// the descriptor's (NULL: the device's, else the context's default).
aiter_status_t createKernel(aiter_context_t ctx, Kind kind,
                            const ::aiter::rt::ProblemSpec &spec,
                            const char *chip, const char *config,
                            aiter_kernel_t k);

// Validation.cpp: DLPack tensors to views, and the launch-time checks.
aiter_status_t checkTensor(const DLTensor *t, const char *what,
                           aiter_dtype_t dtype, int rank, bool output, View &v);
aiter_status_t checkNoOverlap(const View *views, size_t n, size_t firstOutput);
/// The aligned variant's preconditions (see docs/runtime.md).
bool alignedOk(const View &v);

// Devices.cpp: the device the tensors name, and the launch on it.
aiter_status_t devicesOf(const DLTensor *const *ts, size_t n, aiter_kernel_t k,
                         aiter_device_kind_t &dev);
aiter_status_t run(aiter_kernel_t k, aiter_device_kind_t dev, const View *views,
                   size_t n, const uint32_t grid[3], void *stream);

} // namespace aiter::capi

struct aiter_context_s {
  std::string cacheDir;
  aiter_log_callback_t logCallback = nullptr;
  void *logUser = nullptr;
  int ordinal = 0;
  std::string defaultChip = "gfx942";
  ::aiter::rt::Hip *hip = nullptr; // null: no HIP runtime or no such device
  std::string deviceTargetId;      // gcnArchName of the device
  std::string hipUnavailable;      // why hip is null
  ::aiter::rt::CacheCounters counters;
  std::unique_ptr<::aiter::rt::MemoryCache> memory;
  std::unique_ptr<::aiter::rt::DiskCache> disk;
  std::unique_ptr<::aiter::rt::RemoteCache> remote; // null: no remote tier

  /// computeCacheKey, memoized: a memory-tier hit then costs no SHA-256.
  /// The memo is keyed by every input, registered variables included.
  std::string keyFor(const ::aiter::rt::CacheKeyInputs &in) {
    std::string raw;
    for (const std::string *f :
         {&in.buildId, &in.targetId, &in.spec, &in.options, &in.config})
      raw += std::to_string(f->size()) + ":" + *f;
    for (const std::string &v : ::aiter::rt::codeChangingEnvVars()) {
      const char *val = std::getenv(v.c_str());
      raw += v + (val ? std::string("=") + val : std::string("!"));
    }
    std::lock_guard<std::mutex> lock(keyMemoMutex);
    auto it = keyMemo.find(raw);
    if (it != keyMemo.end())
      return it->second;
    if (keyMemo.size() > 4096)
      keyMemo.clear();
    return keyMemo[raw] = ::aiter::rt::computeCacheKey(in);
  }
  std::mutex keyMemoMutex;
  std::unordered_map<std::string, std::string> keyMemo;

  /// HIP modules, loaded once per (device, code object): the context is the
  /// device and the cache key names the code object. Unloaded with the
  /// context.
  bool hipFunctionFor(const std::string &key, const ::aiter::rt::CacheEntry &e,
                      void **function, std::string &error) {
    std::lock_guard<std::mutex> lock(hipMutex);
    auto it = hipModules.find(key);
    if (it == hipModules.end()) {
      void *module = nullptr, *fn = nullptr;
      if (!hip->loadModule(ordinal, e.codeObject.data(), &module, error))
        return false;
      if (!hip->getFunction(module, e.meta.name.c_str(), &fn, error)) {
        hip->unloadModule(module);
        return false;
      }
      it = hipModules.emplace(key, std::make_pair(module, fn)).first;
    }
    *function = it->second.second;
    return true;
  }
  std::mutex hipMutex;
  std::unordered_map<std::string, std::pair<void *, void *>> hipModules;

  ~aiter_context_s() {
    for (auto &m : hipModules)
      hip->unloadModule(m.second.first);
  }

  void log(int level, const std::string &msg) const {
    if (logCallback)
      logCallback(logUser, aiter_log_level_t(level), msg.c_str());
  }
  ::aiter::rt::LogFn logFn() {
    return [this](int level, const std::string &m) { log(level, m); };
  }
};

struct aiter_kernel_s {
  aiter_context_t ctx;
  aiter::capi::Kind kind;
  aiter_gemm_desc_t gemm{};
  aiter_attention_desc_t attn{};
  std::string targetId;
  aiter::capi::Variant variants[2]; // aligned, general
  std::atomic<int> lastDevice{AITER_DEVICE_NONE};
  std::atomic<bool> loggedDevice[2][3] = {}; // [variant][device]

  ~aiter_kernel_s() {
    std::string err;
    for (aiter::capi::Variant &v : variants) {
      if (v.emuHandle)
        if (const aiter_compiler_api_t *api = aiter::capi::compilerApi(err))
          api->emu_unload(v.emuHandle);
    }
  }
};

#endif // AITER_CAPI_INTERNAL_H
