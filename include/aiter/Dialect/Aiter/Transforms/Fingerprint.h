//===- Fingerprint.h - what a tile program computes, as a hash ---*- C++
//-*-===//
//
// Lets a lowering that compiles from a kernel's attributes (not its body)
// refuse a kernel whose body changed since aiter-expand generated it.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_TRANSFORMS_FINGERPRINT_H
#define AITER_DIALECT_AITER_TRANSFORMS_FINGERPRINT_H

#include "aiter/Dialect/Aiter/IR/AiterOps.h"

#include <string>

namespace mlir::aiter {

/// A hash of the kernel's signature, the discardable attributes named in
/// `attrs` and its body, taken of a canonicalized copy (generic form, no
/// locations): canonicalization before or after does not change it, any
/// other edit of the body does.
std::string kernelFingerprint(KernelOp kernel, ArrayRef<StringRef> attrs);

} // namespace mlir::aiter

#endif // AITER_DIALECT_AITER_TRANSFORMS_FINGERPRINT_H
