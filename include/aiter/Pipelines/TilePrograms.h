//===- TilePrograms.h - compile tile programs from a file -------*- C++ -*-===//
//
// Compiles aiter.kernel tile programs a user wrote (or aiter-expand wrote and
// a user saved) to SIMT kernels, configured as aiter-expand configures its own.
//===----------------------------------------------------------------------===//

#ifndef AITER_PIPELINES_TILEPROGRAMS_H
#define AITER_PIPELINES_TILEPROGRAMS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir::aiter {

class KernelOp;

struct TileProgramOptions {
  /// The chip (or target id) to compile for; empty: each kernel's
  /// `aiter.chip`, else gfx942.
  std::string chip;
  /// aligned | general (docs/c-api.md, "Kernels, variants and devices").
  std::string variant = "aligned";
  /// false: programs the legacy emitters recognise go through the general
  /// compiler too (ToGPUOptions::emitters).
  bool emitters = true;
};

/// Prepares the aiter.kernel ops of \p module for the tiles-to-SIMT
/// lowering the way aiter-expand prepares the kernels it writes:
/// - `aiter.chip` is set to the chip compiled for; a kernel that already
///   records a different chip than an explicitly requested one is an error
///   (it was tiled for that chip);
/// - a kernel without `aiter.config` whose one `aiter.dot` has bf16 or f16
///   operands gets the chip's default GEMM configuration's waves, MFMA and
///   pipelining stages (getGemmConfig, as aiter-expand uses it; the tile
///   shape is the program's own). Other kernels get no configuration: the
///   target table has no default for them, and the lowering says what it
///   supports.
/// Errors are emitted at the kernel.
LogicalResult configureTilePrograms(ModuleOp module,
                                    const TileProgramOptions &options);

/// Compiles \p kernel, which is left unchanged: a copy, configured by
/// configureTilePrograms, is lowered (buildTilesToGPUPipeline) into a new
/// module of the same context holding one gpu.module with the SIMT
/// gpu.func of the kernel's name. The compiler's diagnostics go to the
/// context's handlers, at the locations in the kernel; failure when it
/// rejects the program.
FailureOr<OwningOpRef<ModuleOp>>
compileTileProgram(KernelOp kernel, const TileProgramOptions &options);

} // namespace mlir::aiter

#endif // AITER_PIPELINES_TILEPROGRAMS_H
