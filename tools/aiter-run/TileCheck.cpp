//===- TileCheck.cpp - aiter-run --check of a compiled tile program -------===//
//
// The evaluator defines what a tile program means; a compiled kernel agrees
// with it bit for bit except where it sums in another order (dots,
// reductions) or evaluates math functions otherwise, hence the tolerance.
//===----------------------------------------------------------------------===//

#include "TileCheck.h"
#include "Compare.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace aiter;
using namespace aiter::run;

double run::tileCheckTolerance(emu::ElemType t, emu::ElemType narrowest,
                               uint64_t reductionTerms) {
  // Output rounding: the two devices round values that differ in their last
  // bits, which can land one ulp (2 u) apart. Intermediate rounding (say P
  // truncated to bf16 before attention's second dot) can flip one ulp of
  // that type in a term, which moves the result by up to as much relative.
  // Accumulation: f32 sums of `terms` products or elements in the
  // hardware's order are within terms * u(f32) of the evaluator's exactly
  // rounded sum (relative to the result's magnitude, as the spec mode's
  // GEMM bound).
  double out = unitRoundoff(t);
  double mid = std::max(out, unitRoundoff(narrowest));
  return 2 * out + 2 * mid +
         double(reductionTerms) * unitRoundoff(emu::ElemType::F32);
}

/// "70x130xbf16".
static std::string typeText(const HostValue &v) {
  std::string s;
  for (int64_t d : v.shape)
    s += std::to_string(d) + "x";
  return s + emu::elemTypeName(v.elem).str();
}

/// "[i,j,...]" of row-major element `flat` of `shape`.
static std::string indexText(llvm::ArrayRef<int64_t> shape, int64_t flat) {
  llvm::SmallVector<int64_t, 4> idx(shape.size());
  for (int d = int(shape.size()) - 1; d >= 0; --d) {
    idx[d] = shape[d] ? flat % shape[d] : 0;
    flat = shape[d] ? flat / shape[d] : 0;
  }
  std::string s = "[";
  for (size_t d = 0; d < idx.size(); ++d)
    s += (d ? "," : "") + std::to_string(idx[d]);
  return s + "]";
}

static uint64_t bitsAt(const HostValue &v, int64_t i) {
  uint64_t bits = 0;
  unsigned es = emu::elemBytes(v.elem);
  std::memcpy(&bits, v.bytes.data() + i * es, es);
  return bits;
}

/// An integer element's value (i1 is 0 or 1; others sign-extended).
static int64_t intAt(const HostValue &v, int64_t i) {
  uint64_t bits = bitsAt(v, i);
  if (v.elem == emu::ElemType::I1)
    return int64_t(bits & 1);
  unsigned w = emu::elemBytes(v.elem) * 8;
  return w >= 64 ? int64_t(bits) : int64_t(bits << (64 - w)) >> (64 - w);
}

bool run::compareTileRuns(const DeviceRun &emulator, const DeviceRun &reference,
                          llvm::ArrayRef<uint64_t> reductionTerms,
                          emu::ElemType narrowest, double toleranceOverride,
                          llvm::raw_ostream &os) {
  bool ok = true;
  for (size_t a = 0; a < emulator.values.size(); ++a) {
    bool byEmu = emulator.written[a], byRef = reference.written[a];
    if (!byEmu && !byRef)
      continue;
    const HostValue &got = emulator.values[a], &want = reference.values[a];
    std::string what = llvm::formatv("result[{0}] {1}", a, typeText(want));
    if (byEmu != byRef) {
      os << what << ": written by the "
         << (byEmu ? "emulator but not by the reference evaluator"
                   : "reference evaluator but not by the emulator")
         << "\n";
      ok = false;
      continue;
    }
    Compare cmp;
    cmp.what = what;
    int64_t n = want.numElements();
    auto where = [&](int64_t i) {
      return [&, i] { return indexText(want.shape, i); };
    };
    if (!emu::isFloatElem(want.elem)) {
      for (int64_t i = 0; i < n; ++i)
        cmp.addInt(where(i), intAt(got, i), intAt(want, i));
    } else {
      uint64_t terms = a < reductionTerms.size() ? reductionTerms[a] : 0;
      cmp.tol = toleranceOverride >= 0
                    ? toleranceOverride
                    : tileCheckTolerance(want.elem, narrowest, terms);
      // Near-zero results of cancelling sums carry the rounding error of
      // their neighbours' magnitude: relative errors are taken against
      // max(|ref|, rms of the reference buffer).
      double sumSq = 0;
      int64_t finite = 0;
      for (int64_t i = 0; i < n; ++i) {
        double r = emu::floatFromBits(want.elem, bitsAt(want, i));
        if (std::isfinite(r)) {
          sumSq += r * r;
          ++finite;
        }
      }
      double rms = finite ? std::sqrt(sumSq / double(finite)) : 0.0;
      for (int64_t i = 0; i < n; ++i)
        cmp.addPair(where(i), emu::floatFromBits(got.elem, bitsAt(got, i)),
                    emu::floatFromBits(want.elem, bitsAt(want, i)), rms);
    }
    cmp.print(os);
    ok &= cmp.bad == 0;
  }
  return ok;
}
