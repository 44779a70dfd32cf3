//===- TileCheck.h - aiter-run --check of a tile program --------*- C++ -*-===//
//
// Compares what a tile program's compiled kernel wrote on the emulator with
// what the reference evaluator wrote from the same inputs.
//===----------------------------------------------------------------------===//

#ifndef AITER_TOOLS_AITERRUN_TILECHECK_H
#define AITER_TOOLS_AITERRUN_TILECHECK_H

#include "Npy.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>

namespace aiter {
namespace run {

/// One device's run: the arguments' final contents and which it wrote.
struct DeviceRun {
  llvm::ArrayRef<HostValue> values;
  llvm::ArrayRef<bool> written;
};

/// The relative tolerance of a float buffer of type \p t in a kernel whose
/// narrowest rounding (its stored type or an arith.truncf result) is to
/// \p narrowest, into which up to \p reductionTerms summed terms flowed
/// (docs/tools.md, "--check"): 2 u(t) + 2 u(narrower of t and narrowest) +
/// terms * u(f32).
double tileCheckTolerance(emu::ElemType t, emu::ElemType narrowest,
                          uint64_t reductionTerms);

/// Compares every buffer either run wrote, printing one line per buffer
/// (its worst error and where) to \p os; returns true when all match.
/// Integers must be equal; floats within tileCheckTolerance (or
/// \p toleranceOverride when >= 0) relative to max(|ref|, rms of the
/// reference buffer); a buffer only one run wrote is a mismatch.
/// \p reductionTerms is the evaluator's argReductionTerms, \p narrowest the
/// narrowest float type the kernel rounds to (f32 when it rounds to none).
bool compareTileRuns(const DeviceRun &emulator, const DeviceRun &reference,
                     llvm::ArrayRef<uint64_t> reductionTerms,
                     emu::ElemType narrowest, double toleranceOverride,
                     llvm::raw_ostream &os);

} // namespace run
} // namespace aiter

#endif // AITER_TOOLS_AITERRUN_TILECHECK_H
