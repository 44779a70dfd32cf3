//===- Alignment.cpp - the aligned variant's class of tensors -------------===//
//
// The aligned variant promises buffer-op friendly tensors; launch and the
// tools check them here so that they choose the same variant.
//===----------------------------------------------------------------------===//

#include "aiter/Runtime/Alignment.h"

using namespace aiter::rt;

AlignmentCheck aiter::rt::checkAligned(uint64_t base, int64_t extentBytes,
                                       const int64_t *shape,
                                       const int64_t *strides, int rank) {
  using Rule = AlignmentCheck::Rule;
  if (base % 16)
    return {Rule::Base, -1};
  // Buffer resources address bytes with 31-bit offsets, and the compiled
  // kernels move a clipped element's access to byte 2^31 - 64 (past every
  // tensor of the class; lib/Conversion/TilesToSIMT/MemoryPatterns.cpp).
  if (extentBytes > (int64_t(1) << 31) - 64)
    return {Rule::Extent, -1};
  // A dimension of extent 1 is never stepped along, so its stride is free.
  if (shape[rank - 1] > 1 && strides[rank - 1] != 1)
    return {Rule::LastDim, rank - 1};
  // Leading strides in whole 8-element steps: every row of a 16-bit tensor
  // starts on a 16-byte boundary, as the base does.
  for (int i = 0; i + 1 < rank; ++i)
    if (strides[i] % 8)
      return {Rule::LeadingStride, i};
  return {};
}

std::string aiter::rt::describeAlignment(const AlignmentCheck &check,
                                         std::string_view name,
                                         const int64_t *strides) {
  std::string who(name);
  switch (check.rule) {
  case AlignmentCheck::Rule::Aligned:
    return "";
  case AlignmentCheck::Rule::Base:
    return who + "'s data is not 16-byte aligned";
  case AlignmentCheck::Rule::Extent:
    return who + " spans more than 2 GiB - 64 bytes";
  case AlignmentCheck::Rule::LastDim:
    return who + "'s last dimension is not unit-stride";
  case AlignmentCheck::Rule::LeadingStride:
    return who + "'s stride " + std::to_string(strides[check.dim]) +
           " in dimension " + std::to_string(check.dim) +
           " is not a multiple of 8 elements";
  }
  return "";
}
