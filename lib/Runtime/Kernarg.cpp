//===- Kernarg.cpp - kernel argument buffers from code object metadata ---===//
//
// The explicit arguments of a memref are 5 + 2 * (rank - 1) eight-byte
// values; hidden arguments follow as the AMDGPU code object v5 ABI lists them.
//===----------------------------------------------------------------------===//

#include "Kernarg.h"

#include <algorithm>
#include <cstring>

using namespace aiter::rt;

static bool isHidden(const ArgMeta &a) {
  return a.valueKind.rfind("hidden_", 0) == 0;
}

static void put(std::vector<uint8_t> &buf, uint32_t offset, uint32_t size,
                uint64_t value) {
  for (uint32_t i = 0; i < size && i < 8; ++i)
    buf[offset + i] = uint8_t(value >> (8 * i));
}

bool aiter::rt::packKernargs(const KernelMeta &meta,
                             const MemrefDesc *memrefs, size_t numMemrefs,
                             const uint32_t grid[3], const uint32_t block[3],
                             Kernargs &out, std::string &error) {
  constexpr size_t kMaxMemrefs = 8;
  if (numMemrefs > kMaxMemrefs) {
    error = "too many tensors";
    return false;
  }
  uint64_t values[kMaxMemrefs * (3 + 2 * 8)];
  size_t numValues = 0;
  for (size_t j = 0; j < numMemrefs; ++j) {
    const MemrefDesc &m = memrefs[j];
    values[numValues++] = m.allocated;
    values[numValues++] = m.aligned;
    values[numValues++] = uint64_t(m.offset);
    for (int i = 0; i < m.rank && i < 8; ++i)
      values[numValues++] = uint64_t(m.sizes[i]);
    for (int i = 0; i < m.rank && i < 8; ++i)
      values[numValues++] = uint64_t(m.strides[i]);
  }
  size_t explicitCount = 0;
  uint32_t end = 0;
  for (const ArgMeta &a : meta.args) {
    if (uint64_t(a.offset) + a.size > meta.kernargSize) {
      error = "kernel argument '" + a.valueKind + "' at offset " +
              std::to_string(a.offset) + " lies outside the " +
              std::to_string(meta.kernargSize) + "-byte kernarg segment";
      return false;
    }
    if (isHidden(a))
      continue;
    if (a.size != 8) {
      error = "explicit kernel argument " + std::to_string(explicitCount) +
              " has " + std::to_string(a.size) +
              " bytes; memref descriptors need 8";
      return false;
    }
    ++explicitCount;
    end = std::max(end, a.offset + a.size);
  }
  if (explicitCount != numValues) {
    error = "the kernel takes " + std::to_string(explicitCount) +
            " explicit arguments, the tensors make " +
            std::to_string(numValues);
    return false;
  }
  out.bytes.resize(meta.kernargSize);
  std::fill(out.bytes.begin(), out.bytes.end(), 0);
  out.explicitBytes = end;
  size_t next = 0;
  for (const ArgMeta &a : meta.args) {
    if (!isHidden(a)) {
      put(out.bytes, a.offset, a.size, values[next++]);
      continue;
    }
    const std::string &k = a.valueKind;
    int axis = k.empty() ? -1 : k.back() - 'x';
    if (axis < 0 || axis > 2)
      axis = -1;
    if (k.rfind("hidden_block_count_", 0) == 0 && axis >= 0)
      put(out.bytes, a.offset, a.size, grid[axis]);
    else if (k.rfind("hidden_group_size_", 0) == 0 && axis >= 0)
      put(out.bytes, a.offset, a.size, block[axis]);
    else if (k.rfind("hidden_remainder_", 0) == 0 && axis >= 0)
      put(out.bytes, a.offset, a.size, 0); // grids are whole workgroups
    else if (k == "hidden_grid_dims")
      put(out.bytes, a.offset, a.size,
          grid[2] > 1 || block[2] > 1 ? 3 : (grid[1] > 1 || block[1] > 1 ? 2 : 1));
    // Everything else (global offsets, queue pointers, ...) stays zero; HIP
    // fills the ones it owns when it launches.
  }
  return true;
}
