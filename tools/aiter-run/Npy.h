//===- Npy.h - .npy reading/writing and iree-style input values -*- C++ -*-===//
//
// Host buffers for aiter-run: parses `--input=` values in iree-run-module's
// syntax, reads and writes NumPy .npy files, and prints buffers.
//
//===----------------------------------------------------------------------===//

#ifndef AITER_TOOLS_AITERRUN_NPY_H
#define AITER_TOOLS_AITERRUN_NPY_H

#include "aiter/Emulator/Emulator.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace aiter {
namespace run {

/// A host value: a buffer (shape + bytes) or a scalar (rank 0, isScalar).
struct HostValue {
  emu::ElemType elem = emu::ElemType::F32;
  bool isScalar = false;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

/// Parses `4x8xf16=@a.npy`, `4xf32=1 2 3 4`, `2x3xf32=0` (splat),
/// `i32=7`, `index=5`.
llvm::Expected<HostValue> parseInput(llvm::StringRef spec);

llvm::Error writeNpy(const HostValue &v, llvm::StringRef path);
/// Fills v.bytes from the .npy file contents `data` (named `path` in
/// errors), which must hold v.elem's dtype in v.shape, C order.
llvm::Error parseNpy(llvm::StringRef data, llvm::StringRef path, HostValue &v);

/// iree-run-module-like text: `4xf32=1 2 3 4` (rows bracketed for rank>1).
std::string formatValue(const HostValue &v);

/// Formats one element of type \p t from its bits.
std::string formatElement(emu::ElemType t, uint64_t bits);

} // namespace run
} // namespace aiter

#endif // AITER_TOOLS_AITERRUN_NPY_H
