//===- NpyFuzzer.cpp - libFuzzer target: aiter-run's .npy reader ----------===//
//
// parseNpy on arbitrary file contents, for an expected element type and
// shape taken from the input's first bytes: an error or the payload, never a
// read past the data.
//===----------------------------------------------------------------------===//

#include "Npy.h"

#include <cstddef>
#include <cstdint>

using namespace aiter;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // Header: element type, rank (0..3), three extents (0..15); the rest is
  // the file. The reader must agree on the shape before it reads the data.
  if (size < 5)
    return 0;
  static const emu::ElemType types[] = {emu::ElemType::F16, emu::ElemType::BF16,
                                        emu::ElemType::F32, emu::ElemType::I32,
                                        emu::ElemType::I8};
  run::HostValue v;
  v.elem = types[data[0] % (sizeof(types) / sizeof(types[0]))];
  for (int r = 0; r < data[1] % 4; ++r)
    v.shape.push_back(data[2 + r] & 15);
  llvm::StringRef file(reinterpret_cast<const char *>(data) + 5, size - 5);
  llvm::Error e = run::parseNpy(file, "fuzz.npy", v);
  if (!e && v.bytes.size() != size_t(v.numElements()) * emu::elemBytes(v.elem))
    __builtin_trap(); // success means exactly the payload
  llvm::consumeError(std::move(e));
  return 0;
}
