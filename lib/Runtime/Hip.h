//===- Hip.h - the HIP runtime, loaded with dlopen ---------------*- C++ -*-===//
//
// libaiter never links libamdhip64: this finds it at run time (explicit path,
// an already-loaded copy, the usual names, /opt/rocm/lib) and wraps the calls.
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_HIP_H
#define AITER_RUNTIME_HIP_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace aiter::rt {

class Hip {
public:
  /// The process-wide loaded HIP, or null with `error` saying why (every
  /// place looked at). Thread-safe; loads once.
  static Hip *get(std::string &error);
  std::string path; ///< the library that was loaded

  int deviceCount();
  /// The full target id (gcnArchName, e.g. "gfx942:sramecc+:xnack-").
  bool targetId(int ordinal, std::string &out, std::string &error);
  bool loadModule(int ordinal, const void *image, void **module,
                  std::string &error);
  bool getFunction(void *module, const char *name, void **function,
                   std::string &error);
  void unloadModule(void *module);
  /// Launches with a packed kernarg buffer (HIP_LAUNCH_PARAM_BUFFER_POINTER).
  bool launch(void *function, const uint32_t grid[3], const uint32_t block[3],
              uint32_t sharedBytes, void *stream, void *kernargs,
              size_t kernargBytes, std::string &error);

  // Entry points (opaque signatures are cast at the call sites).
  void *hipInit = nullptr, *hipGetDeviceCount = nullptr,
       *hipGetDevicePropertiesR0600 = nullptr, *hipSetDevice = nullptr,
       *hipModuleLoadData = nullptr, *hipModuleGetFunction = nullptr,
       *hipModuleLaunchKernel = nullptr, *hipModuleUnload = nullptr,
       *hipGetErrorString = nullptr;

private:
  std::string errorText(int code);
};

/// Every place Hip::get looks, in order (for messages and tests).
std::string hipSearchOrder();

} // namespace aiter::rt

#endif // AITER_RUNTIME_HIP_H
