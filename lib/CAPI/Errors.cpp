//===- Errors.cpp - status codes and the last error -----------------------===//
//
// Every C API call sets or clears the thread-local message; statuses have
// names.
//===----------------------------------------------------------------------===//

#include "Internal.h"

using namespace aiter::capi;
using namespace aiter::rt;

static thread_local std::string tlsError;

const std::string &aiter::capi::lastErrorText() { return tlsError; }

aiter_status_t aiter::capi::fail(aiter_status_t status,
                                 const std::string &msg) {
  tlsError = msg;
  return status;
}
aiter_status_t aiter::capi::ok() {
  tlsError.clear();
  return AITER_OK;
}

aiter_status_t aiter::capi::checkStructSize(size_t size, const char *name,
                                            size_t current, size_t oldSize,
                                            unsigned oldAbi) {
  if (size == current || (oldSize && size == oldSize))
    return ok();
  return fail(AITER_ERROR_INVALID_ARGUMENT,
              std::string(name) + ".struct_size is " + std::to_string(size) +
                  ", expected " + std::to_string(current) +
                  (oldSize ? " (or " + std::to_string(oldSize) + ", ABI " +
                                 std::to_string(oldAbi) + ")"
                           : std::string()));
}

uint32_t aiter_abi_version(void) { return AITER_ABI_VERSION; }
const char *aiter_build_id(void) { return AITER_BUILD_ID; }
const char *aiter_last_error_message(void) { return tlsError.c_str(); }

const char *aiter_status_string(aiter_status_t status) {
  switch (enumValue(status)) { // any int may come from C
  case AITER_OK:
    return "AITER_OK";
  case AITER_ERROR_INVALID_ARGUMENT:
    return "AITER_ERROR_INVALID_ARGUMENT";
  case AITER_ERROR_UNSUPPORTED:
    return "AITER_ERROR_UNSUPPORTED";
  case AITER_ERROR_COMPILE:
    return "AITER_ERROR_COMPILE";
  case AITER_ERROR_BAD_TENSOR:
    return "AITER_ERROR_BAD_TENSOR";
  case AITER_ERROR_DEVICE_UNAVAILABLE:
    return "AITER_ERROR_DEVICE_UNAVAILABLE";
  case AITER_ERROR_DEVICE:
    return "AITER_ERROR_DEVICE";
  case AITER_ERROR_CACHE:
    return "AITER_ERROR_CACHE";
  case AITER_ERROR_INTERNAL:
    return "AITER_ERROR_INTERNAL";
  }
  return "AITER_ERROR_UNKNOWN_STATUS";
}
