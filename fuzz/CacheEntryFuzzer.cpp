//===- CacheEntryFuzzer.cpp - libFuzzer target: the cache-entry reader ---===//
//
// decodeEntry on arbitrary bytes (every corruption a disk can produce), and on
// well-formed, correctly checksummed entries whose sections are the input
// (what only a foreign writer could produce): a reason or an entry, never a
// crash.
//===----------------------------------------------------------------------===//

#include "Cache.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace aiter::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string key(64, 'a'), build = "aiter-fuzz", target = "gfx942";
  std::string bytes(reinterpret_cast<const char *>(data), size);
  CacheEntry out;
  std::string reason;
  (void)decodeEntry(bytes, key, build, target, out, reason);

  // The same bytes as metadata text (its length in the first two bytes),
  // code object and IR, sealed into a valid entry: the checksum passes and
  // the section parsers see them.
  if (size < 2)
    return 0;
  size_t a = 2 + (size_t(data[0]) | size_t(data[1]) << 8) % (size - 1);
  size_t b = a + (size - a) / 2;
  CacheEntry in;
  in.buildId = build;
  in.targetId = target;
  in.metaText = bytes.substr(2, a - 2);
  in.codeObject.assign(bytes.begin() + a, bytes.begin() + b);
  in.simtIR = bytes.substr(b);
  std::string sealed = encodeEntry(key, in);
  CacheEntry back;
  if (decodeEntry(sealed, key, build, target, back, reason) &&
      (back.metaText != in.metaText || back.codeObject != in.codeObject ||
       back.simtIR != in.simtIR))
    __builtin_trap(); // a round trip must give back what was sealed
  return 0;
}
