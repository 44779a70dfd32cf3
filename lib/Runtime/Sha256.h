//===- Sha256.h - SHA-256 for cache keys and entry checksums ---*- C++ -*-===//
//
// A small FIPS 180-4 SHA-256 so the runtime needs no crypto dependency (and
// no LLVM, whose SHA256 would pull libLLVM into libaiter.so).
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_SHA256_H
#define AITER_RUNTIME_SHA256_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace aiter::rt {

class Sha256 {
public:
  using Digest = std::array<uint8_t, 32>;
  Sha256();
  void update(const void *data, size_t size);
  void update(const std::string &s) { update(s.data(), s.size()); }
  /// Length-prefixed field, so ("ab","c") and ("a","bc") hash differently.
  void field(const std::string &s);
  Digest finish();

  static Digest hash(const void *data, size_t size);
  static std::string hex(const Digest &d);

private:
  void block(const uint8_t *p);
  uint32_t h[8];
  uint8_t buf[64];
  size_t bufLen = 0;
  uint64_t totalBytes = 0;
};

} // namespace aiter::rt

#endif // AITER_RUNTIME_SHA256_H
