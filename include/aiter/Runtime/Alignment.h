//===- Alignment.h - the aligned variant's class of tensors -----*- C++ -*-===//
//
// Which tensors the aligned variant of a kernel may take: one rule for the
// C API's launch and the tools that pick a variant the way it does.
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_ALIGNMENT_H
#define AITER_RUNTIME_ALIGNMENT_H

#include <cstdint>
#include <string>
#include <string_view>

namespace aiter::rt {

/// The first rule of the aligned class (docs/c-api.md, "Kernels, variants
/// and devices") a tensor breaks, if any.
struct AlignmentCheck {
  enum class Rule {
    Aligned,      ///< inside the class
    Base,         ///< the first element is not 16-byte aligned
    Extent,       ///< the view spans more than 2 GiB - 64 bytes (31-bit buffer
                  ///< offsets)
    LastDim,      ///< the last dimension (extent > 1) is not unit-stride
    LeadingStride ///< a stride of another dimension is not a multiple of 8
  } rule = Rule::Aligned;
  int dim = -1; ///< the dimension at fault (LastDim, LeadingStride)

  bool aligned() const { return rule == Rule::Aligned; }
};

/// Checks one tensor view: `base` is the address of its first element,
/// `extentBytes` the bytes from there to the end of its last element,
/// `shape` and `strides` (in elements) have `rank` >= 1 entries. Does not
/// allocate (launch calls it).
AlignmentCheck checkAligned(uint64_t base, int64_t extentBytes,
                            const int64_t *shape, const int64_t *strides,
                            int rank);

/// What `check` says about the tensor called `name`, as a clause such as
/// "A's stride 63 in dimension 0 is not a multiple of 8 elements" ("" when
/// it is aligned).
std::string describeAlignment(const AlignmentCheck &check,
                              std::string_view name, const int64_t *strides);

} // namespace aiter::rt

#endif // AITER_RUNTIME_ALIGNMENT_H
