//===- Compare.h - aiter-run: compare results under a tolerance -*- C++ -*-===//
//
// The elementwise comparison both --check modes print: a float64 reference
// of a spec (OpCheck.cpp), or the reference evaluator's buffers (TileCheck).
//===----------------------------------------------------------------------===//

#ifndef AITER_TOOLS_AITERRUN_COMPARE_H
#define AITER_TOOLS_AITERRUN_COMPARE_H

#include "aiter/Emulator/Emulator.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace aiter {
namespace run {

/// Unit roundoff (half an ulp at 1) of float type \p t: 2^-p for p
/// significant bits (bf16 2^-8, f16 2^-11, f32 2^-24).
double unitRoundoff(emu::ElemType t);

/// Accumulates the comparison of one output, element by element. An element
/// is out of tolerance when |got - ref| > tol * max(|ref|, floor): `tol` is
/// relative, and `floor` (say the RMS of the reference) turns it into an
/// absolute bound where cancelling sums leave |ref| small.
struct Compare {
  /// Names the output in the printed line and in the first mismatch.
  std::string what;
  double tol = 0;
  double maxAbs = 0, maxRel = 0;
  int64_t checked = 0, bad = 0, nonFinite = 0;
  /// The first element out of tolerance, and where the largest relative
  /// error is (an index such as "[3,17]").
  std::string firstBad, worstAt;

  using Where = llvm::function_ref<std::string()>;

  /// A computed value against a finite reference: non-finite is a mismatch.
  void add(Where where, double got, double ref, double floor);
  void add(const std::string &where, double got, double ref, double floor) {
    add([&] { return where; }, got, ref, floor);
  }
  /// A value that must equal `ref` exactly (NaN equals NaN).
  void addExact(const std::string &where, double got, double ref);
  /// Two computed values, either of which may be non-finite: equal NaN/Inf
  /// classes match, a non-finite value against anything else is a mismatch
  /// (counted in `nonFinite`), finite ones are compared under `tol`.
  void addPair(Where where, double got, double ref, double floor);
  /// Integers, compared exactly (wider than a double holds exactly).
  void addInt(Where where, int64_t got, int64_t ref);

  /// One line (and the first mismatch, if any, on the next).
  void print(llvm::raw_ostream &os) const;

private:
  void mismatch(Where where, double got, double ref, double rel);
};

} // namespace run
} // namespace aiter

#endif // AITER_TOOLS_AITERRUN_COMPARE_H
