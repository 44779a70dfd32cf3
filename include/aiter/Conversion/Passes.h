//===- Passes.h - aiter conversion passes -----------------------*- C++ -*-===//
//
// Declarations and registration of the aiter conversion passes.
//===----------------------------------------------------------------------===//

#ifndef AITER_CONVERSION_PASSES_H
#define AITER_CONVERSION_PASSES_H

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::aiter {

#define GEN_PASS_DECL
#include "aiter/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aiter/Conversion/Passes.h.inc"

} // namespace mlir::aiter

#endif // AITER_CONVERSION_PASSES_H
