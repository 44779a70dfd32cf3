//===- Layouts.cpp - distributed layouts layer 3 assigns --------*- C++ -*-===//
//
// MFMA accumulator and operand layouts from the target table, blocked layouts
// for coalesced global access, slices, expand_dims and transposes.
//===----------------------------------------------------------------------===//

#include "aiter/Layout/Layouts.h"

#include "LayoutSupport.h"

#include "aiter/Target/TargetInfo.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir::aiter;
using namespace mlir::aiter::layout;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;

using detail::err;
using detail::isPow2;

//===----------------------------------------------------------------------===//
// MFMA
//===----------------------------------------------------------------------===//

MfmaInstrShape MfmaInstrShape::fromTable(const MfmaInfo &info) {
  // Every table entry is a single-block 16x16 or 32x32 shape (TargetInfo.cpp
  // lists them); its per-lane A registers hold kWidth 16-bit elements.
  return MfmaInstrShape{info.m, info.n, info.k, info.k * info.m / kWaveSize};
}

llvm::Expected<MfmaInstrShape> MfmaInstrShape::get(int64_t m, int64_t n,
                                                   int64_t k) {
  if (m != n || (m != 16 && m != 32))
    return err("MFMA " + llvm::Twine(m) + "x" + llvm::Twine(n) + "x" +
               llvm::Twine(k) +
               ": only square 16x16 and 32x32 single-block shapes have "
               "layouts here");
  int64_t lanesPerK = kWaveSize / m;
  if (k <= 0 || k % lanesPerK || !isPow2(k / lanesPerK))
    return err("MFMA " + llvm::Twine(m) + "x" + llvm::Twine(n) + "x" +
               llvm::Twine(k) + ": K must be a power-of-2 multiple of " +
               llvm::Twine(lanesPerK));
  return MfmaInstrShape{m, n, k, k / lanesPerK};
}

std::string MfmaInstrShape::str() const {
  return (llvm::Twine(m) + "x" + llvm::Twine(n) + "x" + llvm::Twine(k)).str();
}

namespace {
/// Checks that \p extent is a power-of-2 multiple of \p unit, naming \p what.
llvm::Error checkMultiple(int64_t extent, int64_t unit,
                          const llvm::Twine &what) {
  if (extent <= 0 || extent % unit || !isPow2(extent / unit))
    return err(what + " (" + llvm::Twine(extent) +
               ") must be a power-of-2 multiple of " + llvm::Twine(unit));
  return llvm::Error::success();
}

/// The checks every MFMA layout starts with: a valid instruction shape (a
/// hand-built MfmaInstrShape may not be), a 2-D power-of-2 tile and a wave
/// grid of power-of-2 sides.
llvm::Error checkMfmaTile(const MfmaInstrShape &instr, WaveGrid grid,
                          ArrayRef<int64_t> tileShape, StringRef what) {
  llvm::Expected<MfmaInstrShape> valid =
      MfmaInstrShape::get(instr.m, instr.n, instr.k);
  if (!valid)
    return valid.takeError();
  if (valid->kWidth != instr.kWidth)
    return err("MFMA " + instr.str() + " has kWidth " +
               llvm::Twine(valid->kWidth) + ", not " +
               llvm::Twine(instr.kWidth));
  if (tileShape.size() != 2)
    return err("an MFMA " + what + " tile is 2-D, got rank " +
               llvm::Twine(tileShape.size()));
  if (llvm::Error e = detail::checkTileShape(tileShape))
    return e;
  if (!isPow2(grid.m) || !isPow2(grid.n))
    return err("wave grid " + llvm::Twine(grid.m) + "x" + llvm::Twine(grid.n) +
               " must have power-of-2 sides");
  return llvm::Error::success();
}
} // namespace

llvm::Expected<LinearLayout>
layout::mfmaAccumulatorLayout(const MfmaInstrShape &instr, WaveGrid grid,
                              ArrayRef<int64_t> tileShape, bool transposed) {
  if (llvm::Error e = checkMfmaTile(instr, grid, tileShape, "accumulator"))
    return std::move(e);
  if (llvm::Error e =
          checkMultiple(tileShape[0], instr.m * grid.m, "accumulator rows"))
    return std::move(e);
  if (llvm::Error e =
          checkMultiple(tileShape[1], instr.n * grid.n, "accumulator columns"))
    return std::move(e);
  std::string rows = tensorDimName(0), cols = tensorDimName(1);
  // One instruction: each lane holds 4 consecutive elements along `run`
  // (rows, or columns when transposed); lanes first walk `across` (the
  // other dim), then further groups of 4 along `run`; the remaining
  // elements along `run` are more registers.
  StringRef run = transposed ? cols : rows, across = transposed ? rows : cols;
  int64_t runSize = transposed ? instr.n : instr.m;
  int64_t acrossSize = transposed ? instr.m : instr.n;
  int64_t laneGroups = kWaveSize / acrossSize;
  LinearLayout layout =
      LinearLayout::identity1D(4, kRegister, run) *
      LinearLayout::identity1D(acrossSize, kLane, across) *
      LinearLayout::identity1D(laneGroups, kLane, run) *
      LinearLayout::identity1D(runSize / (4 * laneGroups), kRegister, run);
  // Repetitions within a wave's block (N first, as Triton orders MFMA
  // tiles), then the wave grid (waves along N fastest).
  layout *= LinearLayout::identity1D(tileShape[1] / (instr.n * grid.n),
                                     kRegister, cols);
  layout *= LinearLayout::identity1D(tileShape[0] / (instr.m * grid.m),
                                     kRegister, rows);
  layout *= LinearLayout::identity1D(grid.n, kWave, cols);
  layout *= LinearLayout::identity1D(grid.m, kWave, rows);
  return detail::inStandardOrder(layout);
}

llvm::Expected<LinearLayout>
layout::mfmaOperandLayout(const MfmaInstrShape &instr, MfmaOperand operand,
                          WaveGrid grid, ArrayRef<int64_t> tileShape,
                          int64_t kWidth) {
  if (llvm::Error e = checkMfmaTile(instr, grid, tileShape, "operand"))
    return std::move(e);
  if (kWidth == 0)
    kWidth = instr.kWidth;
  if (llvm::Error e =
          checkMultiple(kWidth, instr.kWidth, "kWidth for MFMA " + instr.str()))
    return std::move(e);
  bool isA = operand == MfmaOperand::A;
  std::string kDim = tensorDimName(isA ? 1 : 0),
              nonKDim = tensorDimName(isA ? 0 : 1);
  int64_t kSize = tileShape[isA ? 1 : 0], nonKSize = tileShape[isA ? 0 : 1];
  int64_t nonKInstr = isA ? instr.m : instr.n;
  int64_t nonKWaves = isA ? grid.m : grid.n;
  int64_t laneGroups = kWaveSize / nonKInstr;
  if (llvm::Error e = checkMultiple(kSize, kWidth * laneGroups,
                                    llvm::Twine("operand ") +
                                        (isA ? "A" : "B") + " K extent"))
    return std::move(e);
  if (llvm::Error e = checkMultiple(nonKSize, nonKInstr * nonKWaves,
                                    llvm::Twine("operand ") +
                                        (isA ? "A rows" : "B columns")))
    return std::move(e);
  LinearLayout layout =
      LinearLayout::identity1D(kWidth, kRegister, kDim) *
      LinearLayout::identity1D(nonKInstr, kLane, nonKDim) *
      LinearLayout::identity1D(laneGroups, kLane, kDim) *
      LinearLayout::identity1D(kSize / (kWidth * laneGroups), kRegister, kDim) *
      LinearLayout::identity1D(nonKSize / (nonKInstr * nonKWaves), kRegister,
                               nonKDim);
  // Wave id = wm * grid.n + wn: the low bits walk N, the high bits M. A
  // depends on the M bits only, B on the N bits only; the others hold copies.
  if (isA) {
    layout *= LinearLayout::zeros1D(grid.n, kWave, nonKDim);
    layout *= LinearLayout::identity1D(grid.m, kWave, nonKDim);
  } else {
    layout *= LinearLayout::identity1D(grid.n, kWave, nonKDim);
    layout *= LinearLayout::zeros1D(grid.m, kWave, nonKDim);
  }
  return detail::inStandardOrder(layout);
}

//===----------------------------------------------------------------------===//
// Blocked
//===----------------------------------------------------------------------===//

llvm::Expected<LinearLayout>
layout::blockedLayout(const BlockedLayoutParams &params,
                      ArrayRef<int64_t> tileShape) {
  size_t rank = tileShape.size();
  if (rank == 0)
    return err("a blocked layout needs a tile of rank >= 1");
  if (params.sizePerThread.size() != rank ||
      params.threadsPerWave.size() != rank ||
      params.wavesPerWorkgroup.size() != rank || params.order.size() != rank)
    return err("blocked layout parameters must each have one entry per tile "
               "dim (" +
               llvm::Twine(rank) + ")");
  if (llvm::Error e = detail::checkOrder(params.order, rank))
    return std::move(e);
  if (llvm::Error e = detail::checkTileShape(tileShape))
    return std::move(e);
  int64_t lanes = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (!isPow2(params.sizePerThread[d]) || !isPow2(params.threadsPerWave[d]) ||
        !isPow2(params.wavesPerWorkgroup[d]))
      return err("blocked layout sizes must be powers of 2 "
                 "(dim " +
                 llvm::Twine(d) + ")");
    lanes *= params.threadsPerWave[d];
  }
  if (lanes != kWaveSize)
    return err("threadsPerWave multiplies to " + llvm::Twine(lanes) +
               ", not the wave size " + llvm::Twine(kWaveSize));
  LinearLayout regs, laneLayout, waves, reps;
  for (unsigned d : params.order) {
    std::string name = tensorDimName(d);
    regs *= LinearLayout::identity1D(params.sizePerThread[d], kRegister, name);
    laneLayout *=
        LinearLayout::identity1D(params.threadsPerWave[d], kLane, name);
    waves *= LinearLayout::identity1D(params.wavesPerWorkgroup[d], kWave, name);
  }
  for (unsigned d : params.order) {
    int64_t covered = params.sizePerThread[d] * params.threadsPerWave[d] *
                      params.wavesPerWorkgroup[d];
    reps *=
        LinearLayout::identity1D(std::max<int64_t>(1, tileShape[d] / covered),
                                 kRegister, tensorDimName(d));
  }
  LinearLayout layout = regs * laneLayout * waves * reps;
  // A tile smaller than the coverage wraps: the excess lanes/waves/registers
  // hold copies.
  for (size_t d = 0; d < rank; ++d) {
    std::string name = tensorDimName(d);
    if (layout.getOutDimSize(name) > tileShape[d])
      layout = cantFail(layout.wrapOutDim(name, tileShape[d]));
  }
  return detail::inStandardOrder(layout);
}

//===----------------------------------------------------------------------===//
// Slice, expand_dims, broadcast, transpose
//===----------------------------------------------------------------------===//

llvm::Expected<LinearLayout> layout::sliceLayout(const LinearLayout &parent,
                                                 unsigned dim) {
  unsigned rank = parent.getOutDims().size();
  if (dim >= rank)
    return err("cannot slice dim " + llvm::Twine(dim) + " of a rank-" +
               llvm::Twine(rank) + " layout");
  SmallVector<std::string> kept;
  for (unsigned d = 0; d < rank; ++d)
    if (d != dim)
      kept.push_back(tensorDimName(d));
  LinearLayout sliced =
      parent.sublayout(parent.getInDimNames(), kept).removeZeroBases(kRegister);
  for (unsigned d = dim + 1; d < rank; ++d) {
    llvm::Expected<LinearLayout> renamed =
        sliced.renameOutDim(tensorDimName(d), tensorDimName(d - 1));
    if (!renamed)
      return renamed.takeError();
    sliced = std::move(*renamed);
  }
  return sliced;
}

llvm::Expected<LinearLayout>
layout::expandDimsLayout(const LinearLayout &layout, unsigned dim) {
  unsigned rank = layout.getOutDims().size();
  if (dim > rank)
    return err("cannot insert dim " + llvm::Twine(dim) + " into a rank-" +
               llvm::Twine(rank) + " layout");
  if (layout.getInDims().empty())
    return err("cannot expand a layout without input dimensions");
  LinearLayout result = layout;
  for (unsigned d = rank; d-- > dim;) {
    llvm::Expected<LinearLayout> renamed =
        result.renameOutDim(tensorDimName(d), tensorDimName(d + 1));
    if (!renamed)
      return renamed.takeError();
    result = std::move(*renamed);
  }
  result *= LinearLayout::zeros1D(1, layout.getInDims().front().name,
                                  tensorDimName(dim));
  return detail::inStandardOrder(result);
}

llvm::Expected<LayoutConversion>
layout::broadcastConversion(const LinearLayout &src, const LinearLayout &dst,
                            unsigned dim) {
  std::string name = tensorDimName(dim);
  if (src.getOutDimSize(name) != 1)
    return err("broadcast source has size " +
               llvm::Twine(src.getOutDimSize(name)) + " along " + name +
               ", not 1");
  llvm::Expected<LinearLayout> collapsed = dst.wrapOutDim(name, 1);
  if (!collapsed)
    return collapsed.takeError();
  return LayoutConversion::get(src, *collapsed);
}

llvm::Expected<LinearLayout> layout::transposeLayout(const LinearLayout &layout,
                                                     ArrayRef<unsigned> perm) {
  unsigned rank = layout.getOutDims().size();
  if (llvm::Error e = detail::checkOrder(perm, rank))
    return std::move(e);
  // Rename through temporary names so that swaps do not collide.
  LinearLayout result = layout;
  for (auto [i, from] : llvm::enumerate(perm)) {
    llvm::Expected<LinearLayout> renamed = result.renameOutDim(
        tensorDimName(from), "transposed" + std::to_string(i));
    if (!renamed)
      return renamed.takeError();
    result = std::move(*renamed);
  }
  for (unsigned i = 0; i < rank; ++i)
    result = cantFail(result.renameOutDim("transposed" + std::to_string(i),
                                          tensorDimName(i)));
  return detail::inStandardOrder(result);
}

std::optional<LinearLayout>
layout::transposeReadLayout(const LinearLayout &dst) {
  constexpr unsigned eBits = 2, groupBits = 4;
  if (!dst.hasInDim(kRegister) || !dst.hasInDim(kLane))
    return std::nullopt;
  InDimBases reg = dst.getBases(kRegister), lane = dst.getBases(kLane);
  if (reg.bases.size() < eBits || lane.bases.size() < groupBits)
    return std::nullopt;
  InDimBases r{reg.name, {}}, l{lane.name, {}};
  for (unsigned b = 0; b < eBits; ++b)
    r.bases.push_back(lane.bases[b]);
  for (unsigned b = eBits; b < reg.bases.size(); ++b)
    r.bases.push_back(reg.bases[b]);
  for (unsigned b = eBits; b < groupBits; ++b)
    l.bases.push_back(lane.bases[b]);
  for (unsigned b = 0; b < eBits; ++b)
    l.bases.push_back(reg.bases[b]);
  for (unsigned b = groupBits; b < lane.bases.size(); ++b)
    l.bases.push_back(lane.bases[b]);
  SmallVector<InDimBases> bases = {r, l};
  if (dst.hasInDim(kWave))
    bases.push_back(dst.getBases(kWave));
  return withBases(dst, bases);
}

std::optional<LinearLayout> layout::withBases(const LinearLayout &l,
                                              ArrayRef<InDimBases> bases) {
  SmallVector<std::pair<std::string, int64_t>> outs;
  for (const LayoutDim &d : l.getOutDims())
    outs.push_back({d.name, d.size()});
  auto got = LinearLayout::get(bases, outs, /*requireSurjective=*/false);
  if (!got) {
    llvm::consumeError(got.takeError());
    return std::nullopt;
  }
  return *got;
}
