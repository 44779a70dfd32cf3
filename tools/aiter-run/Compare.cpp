//===- Compare.cpp - aiter-run: compare results under a tolerance ---------===//
//
// Error accounting shared by the spec mode's check against float64 and the
// file mode's check of a compiled tile program against the evaluator.
//===----------------------------------------------------------------------===//

#include "Compare.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

using namespace aiter;
using namespace aiter::run;

double run::unitRoundoff(emu::ElemType t) {
  int p = int(llvm::APFloat::semanticsPrecision(emu::floatSemantics(t)));
  return std::ldexp(1.0, -p);
}

void Compare::mismatch(Where where, double got, double ref, double rel) {
  if (bad++ != 0 || !firstBad.empty())
    return;
  firstBad =
      std::isfinite(rel)
          ? llvm::formatv("{0}{1} = {2:e}, expected {3:e} (rel {4:e})", what,
                          where(), got, ref, rel)
                .str()
          : llvm::formatv("{0}{1} = {2}, expected {3}", what, where(), got, ref)
                .str();
}

void Compare::add(Where where, double got, double ref, double floor) {
  ++checked;
  if (!std::isfinite(got)) {
    ++nonFinite;
    mismatch(where, got, ref, NAN);
    return;
  }
  double err = std::fabs(got - ref);
  double denom = std::max(std::fabs(ref), floor);
  double rel = denom > 0 ? err / denom : (err > 0 ? INFINITY : 0.0);
  maxAbs = std::max(maxAbs, err);
  if (rel > maxRel) {
    maxRel = rel;
    worstAt = where();
  }
  if (rel > tol)
    mismatch(where, got, ref, rel);
}

void Compare::addExact(const std::string &where, double got, double ref) {
  ++checked;
  bool same = got == ref || (std::isnan(got) && std::isnan(ref));
  if (std::isnan(got))
    ++nonFinite;
  if (!same)
    mismatch([&] { return where; }, got, ref, NAN);
}

void Compare::addPair(Where where, double got, double ref, double floor) {
  if (std::isfinite(got) && std::isfinite(ref))
    return add(where, got, ref, floor);
  ++checked;
  if (got == ref || (std::isnan(got) && std::isnan(ref)))
    return;
  ++nonFinite;
  mismatch(where, got, ref, NAN);
}

void Compare::addInt(Where where, int64_t got, int64_t ref) {
  ++checked;
  if (got == ref)
    return;
  // Reported like floats (relative to max(|ref|, 1)); any difference is a
  // mismatch.
  double err = std::fabs(double(got) - double(ref));
  double rel = err / std::max(std::fabs(double(ref)), 1.0);
  maxAbs = std::max(maxAbs, err);
  if (rel > maxRel) {
    maxRel = rel;
    worstAt = where();
  }
  if (bad++ == 0 && firstBad.empty())
    firstBad =
        llvm::formatv("{0}{1} = {2}, expected {3}", what, where(), got, ref)
            .str();
}

void Compare::print(llvm::raw_ostream &os) const {
  os << llvm::formatv("{0}: max abs error {1:e}, max rel error {2:e}, "
                      "tolerance {3:e}, non-finite {4}, out of tolerance "
                      "{5} of {6}",
                      what, maxAbs, maxRel, tol, nonFinite, bad, checked);
  if (!worstAt.empty())
    os << ", worst at " << worstAt;
  os << "\n";
  if (!firstBad.empty())
    os << "  first mismatch: " << firstBad << "\n";
}
