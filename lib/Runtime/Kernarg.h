//===- Kernarg.h - kernel argument buffers from code object metadata -*- C++ -*-//
//
// Packs memref descriptors into the kernarg segment at the offsets the code
// object's metadata gives, and fills the hidden arguments of code object v5.
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_KERNARG_H
#define AITER_RUNTIME_KERNARG_H

#include "Metadata.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aiter::rt {

/// A strided view as upstream MLIR passes it: (allocated, aligned, offset,
/// sizes[rank], strides[rank]), sizes and strides in elements.
struct MemrefDesc {
  uint64_t allocated = 0, aligned = 0;
  int64_t offset = 0;
  int rank = 0;
  int64_t sizes[8] = {}, strides[8] = {};
};

struct Kernargs {
  std::vector<uint8_t> bytes; ///< kernarg_size bytes
  uint32_t explicitBytes = 0; ///< end of the last explicit argument
};

/// Packs `memrefs` into the explicit arguments and fills the hidden ones HIP
/// and the hardware read (block counts, group sizes, remainders, grid dims;
/// every other hidden argument is zero). Returns false with `error` when the
/// metadata does not describe exactly these memrefs.
/// Allocates nothing once `out.bytes` has grown to the kernarg size.
bool packKernargs(const KernelMeta &meta, const MemrefDesc *memrefs,
                  size_t numMemrefs, const uint32_t grid[3],
                  const uint32_t block[3], Kernargs &out, std::string &error);

} // namespace aiter::rt

#endif // AITER_RUNTIME_KERNARG_H
