//===- Evaluator.h - reference semantics of tile programs -------*- C++ -*-===//
//
// Executes an aiter.kernel op by op on whole tiles (no layouts, no waves): the
// meaning of a tile program, against which compiled kernels are checked.
//===----------------------------------------------------------------------===//

#ifndef AITER_REFERENCE_EVALUATOR_H
#define AITER_REFERENCE_EVALUATOR_H

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Emulator/Emulator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>

namespace aiter {
namespace ref {

/// What an evaluation did.
struct EvalResult {
  /// Per kernel argument: whether a store wrote at least one of its elements.
  llvm::SmallVector<bool, 8> argWritten;
  /// Per kernel argument: the most terms any program had summed (the K of
  /// each aiter.dot it ran, the axis length of each float aiter.reduce sum)
  /// when it stored into the argument. A bound on the reduction length
  /// behind each stored element, from which a compiled kernel's rounding
  /// differences are bounded (aiter-run --check).
  llvm::SmallVector<uint64_t, 8> argReductionTerms;
  /// Program instances run (the product of the grid).
  uint64_t programs = 0;
  /// Ops executed, summed over all programs (terminators not counted).
  uint64_t ops = 0;
};

/// The aiter.kernel named \p name in \p module (or \p module itself). A
/// symbol of that name that is something else (a gpu.func, a problem op) is an
/// error saying what it is.
llvm::Expected<mlir::aiter::KernelOp> findKernel(mlir::Operation *module,
                                                 llvm::StringRef name);

/// Evaluates \p kernel once per program id of \p grid (every component >= 1),
/// serially in program-id order (x fastest, then y, then z), so the result is
/// deterministic even for programs that race on hardware.
///
/// \p args are the emulator's kernel arguments (docs/reference.md): one per
/// kernel argument, checked against its type as the emulator checks them
/// (emu::bindKernelArgs), so both devices take the same inputs. Buffers are
/// host memory the caller owns; stores write into it.
///
/// Before any program runs, the kernel is verified (each op's semantics
/// assumes its verifier), and every op, type and attribute in it is checked
/// to be one the evaluator implements; anything else is an error at its
/// location naming the op. Errors at run time (integer division by zero,
/// a non-positive scf.for step, ...) name the op and the program id. The
/// text of every error starts with `file:line:col: error:` (or `error:`).
llvm::Expected<EvalResult> evaluateKernel(mlir::aiter::KernelOp kernel,
                                          llvm::ArrayRef<emu::KernelArg> args,
                                          const std::array<int64_t, 3> &grid);

} // namespace ref
} // namespace aiter

#endif // AITER_REFERENCE_EVALUATOR_H
