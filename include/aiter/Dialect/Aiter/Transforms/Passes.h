//===- Passes.h - aiter dialect passes --------------------------*- C++ -*-===//
//
// Declares the aiter dialect's passes (generated from Passes.td) and their
// registration with the pass registry.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_TRANSFORMS_PASSES_H
#define AITER_DIALECT_AITER_TRANSFORMS_PASSES_H

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace aiter {

#define GEN_PASS_DECL
#include "aiter/Dialect/Aiter/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aiter/Dialect/Aiter/Transforms/Passes.h.inc"

class TargetInfo;

/// Checks the tile configuration that aiter-expand would use for the problem
/// op `op` (aiter.gemm or aiter.attention; other ops pass) on `target` with
/// the `overrides` string: malformed, not fitting the chip, or not
/// implemented. Lets callers tell configuration errors from others before
/// running the pipeline.
llvm::Error verifyProblemConfig(Operation *op, const TargetInfo &target,
                                llvm::StringRef overrides);

} // namespace aiter
} // namespace mlir

#endif // AITER_DIALECT_AITER_TRANSFORMS_PASSES_H
