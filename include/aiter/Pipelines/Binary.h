//===- Binary.h - gpu.module to AMDGPU code object --------------*- C++ -*-===//
//
// Translates a lowered gpu.module to LLVM IR, runs the AMDGPU backend in
// process and links the object with the in-process lld into a code object.
//===----------------------------------------------------------------------===//

#ifndef AITER_PIPELINES_BINARY_H
#define AITER_PIPELINES_BINARY_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::aiter {

/// What to produce from a gpu.module in the LLVM dialect.
struct BinaryOptions {
  /// Target chip, e.g. "gfx942"; empty = the module's #rocdl.target chip.
  std::string chip;
  /// Code object version: ROCm 6.x loads v5; LLVM 22 defaults to v6.
  unsigned codeObjectVersion = 5;
  /// LLVM optimisation level of the IR pipeline and the backend (0-3).
  unsigned optLevel = 3;
  bool emitLLVMIR = false;
  bool emitAssembly = false;
};

struct BinaryResult {
  std::string chip;
  std::string llvmIR;         // with emitLLVMIR
  std::string assembly;       // with emitAssembly
  std::vector<char> codeObject; // the linked HSACO (ELF shared object)
};

/// Compiles `module` (already lowered to the LLVM/ROCDL dialects) to a code
/// object. Thread-safe; errors say which step failed and why.
llvm::Expected<BinaryResult> compileToBinary(gpu::GPUModuleOp module,
                                             const BinaryOptions &options);

/// The chip named by the module's #rocdl.target, or "" when it has none.
std::string getModuleChip(gpu::GPUModuleOp module);

} // namespace mlir::aiter

#endif // AITER_PIPELINES_BINARY_H
