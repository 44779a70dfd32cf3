//===- Layouts.h - the layouts layer 3 assigns to tiles ---------*- C++ -*-===//
//
// Factories for MFMA accumulator/operand, blocked, slice and shared (LDS)
// layouts, LDS bank-conflict counts and a conflict-free swizzle chooser.
//===----------------------------------------------------------------------===//
//
// Distributed layouts map (register, lane, wave) to tensor dims "dim0",
// "dim1", ... (dim0 outermost: for tensor<MxN>, dim0 is M). Shared layouts
// map an LDS element offset to the same dims. Worked examples of each
// factory, with the lane mappings' sources, are in docs/layouts.md.
//===----------------------------------------------------------------------===//

#ifndef AITER_LAYOUT_LAYOUTS_H
#define AITER_LAYOUT_LAYOUTS_H

#include "aiter/Layout/LayoutConversion.h"
#include "aiter/Layout/LinearLayout.h"

#include <optional>

namespace mlir::aiter {
struct MfmaInfo;
class TargetInfo;
} // namespace mlir::aiter

namespace mlir::aiter::layout {

/// Lanes per wave: both chips run wave64 (TargetInfo::waveSize()), and the
/// MFMA register layouts below are defined for 64 lanes.
inline constexpr int64_t kWaveSize = 64;

//===----------------------------------------------------------------------===//
// MFMA layouts
//===----------------------------------------------------------------------===//

/// An MFMA instruction as its register layouts see it (one block; the
/// multi-block 4x4 forms are not layouts we assign).
struct MfmaInstrShape {
  int64_t m = 0, n = 0, k = 0;
  /// A (and B) elements per lane for one instruction: k / (64 / m). 4 for
  /// 32x32x8 and 16x16x16, 8 for gfx950's K-doubled 32x32x16 / 16x16x32 and
  /// for the fp8 shapes.
  int64_t kWidth = 0;

  /// The shape of a target-table entry.
  static MfmaInstrShape fromTable(const MfmaInfo &info);
  /// A shape given by its dimensions, for forms the target table does not
  /// list (the fp8 32x32x16 and 16x16x32 of both chips). Requires m == n in
  /// {16, 32} and k a multiple of 64 / m.
  static llvm::Expected<MfmaInstrShape> get(int64_t m, int64_t n, int64_t k);
  std::string str() const;
};

/// How the waves of a workgroup tile an MFMA result: m x n waves, wave id
/// w = wm * n + wn (waves along N vary fastest, as in Triton's MFMA layout).
/// Each wave owns one contiguous (M/m) x (N/n) block of the tile.
struct WaveGrid {
  int64_t m = 1, n = 1;
};

/// Accumulator (C/D) layout of \p tileShape = [M, N] computed by \p grid
/// waves with \p instr, f32 elements.
///
/// Within one instruction (AMD Matrix Instruction Calculator,
/// `_coord_to_output_reg_eqn`; CDNA3 ISA guide 7.1; the emulator's
/// `WG::mfma` and docs/emulator.md): for 32x32, element (i, j) is in lane
/// j + 32 * ((i / 4) % 2), register (i % 4) + 4 * (i / 8); for 16x16, lane
/// j + 16 * (i / 4), register i % 4. Each lane holds runs of 4 rows of one
/// column. Repetitions over the wave's block add register bits, along N
/// first, then M.
///
/// \p transposed gives the "S^T" form: the accumulator of the swapped
/// product D^T = B^T A^T, described in D's coordinates, so each lane holds
/// runs of 4 *columns* of one row. That is the A-operand layout of a next
/// dot with kWidth 4 (P = softmax(S) feeding P V in attention, DESIGN.md
/// layer 3 item 3): see docs/layouts.md.
llvm::Expected<LinearLayout>
mfmaAccumulatorLayout(const MfmaInstrShape &instr, WaveGrid grid,
                      llvm::ArrayRef<int64_t> tileShape,
                      bool transposed = false);

enum class MfmaOperand { A, B };

/// Operand layout of A ([M, K], dim1 = K) or B ([K, N], dim0 = K) for \p
/// grid waves with \p instr.
///
/// Within one instruction (calculator `_coord_to_lane_eqn`; emulator):
/// A[i][k] is in lane i + M * (k / kWidth), register k % kWidth; B[k][j] in
/// lane j + N * (k / kWidth), register k % kWidth. \p kWidth (0: the
/// instruction's) may be a multiple of the instruction's, so one lane holds
/// kWidth consecutive K elements feeding kWidth / instr.kWidth
/// instructions (instruction t takes registers [t * instr.kWidth, (t + 1) *
/// instr.kWidth) of each run); A and B then permute K the same way and the
/// product is unchanged, while LDS reads get wider. Repetitions add register
/// bits along K first, then along M (A) or N (B). Waves that share a row
/// block of A (a column block of B) hold copies.
llvm::Expected<LinearLayout>
mfmaOperandLayout(const MfmaInstrShape &instr, MfmaOperand operand,
                  WaveGrid grid, llvm::ArrayRef<int64_t> tileShape,
                  int64_t kWidth = 0);

//===----------------------------------------------------------------------===//
// Blocked, slice, expand_dims, transpose
//===----------------------------------------------------------------------===//

/// Triton's blocked layout: each lane holds sizePerThread consecutive
/// elements per dim, threadsPerWave lanes and wavesPerWorkgroup waves tile
/// the dims, `order` lists dims fastest first. A tile larger than the
/// coverage repeats it (register bits, in `order`); a smaller one wraps
/// (lanes/waves beyond it hold copies).
struct BlockedLayoutParams {
  llvm::SmallVector<int64_t, 4> sizePerThread, threadsPerWave,
      wavesPerWorkgroup;
  llvm::SmallVector<unsigned, 4> order;
};

llvm::Expected<LinearLayout> blockedLayout(const BlockedLayoutParams &params,
                                           llvm::ArrayRef<int64_t> tileShape);

/// The layout of a reduction's result along \p dim: that dim is dropped (the
/// dims above it renumber down), lanes and waves that held different
/// positions along it now hold copies, and registers that only walked along
/// it disappear.
llvm::Expected<LinearLayout> sliceLayout(const LinearLayout &parent,
                                         unsigned dim);
/// expand_dims: a size-1 dim inserted at \p dim (dims at and above it
/// renumber up).
llvm::Expected<LinearLayout> expandDimsLayout(const LinearLayout &layout,
                                              unsigned dim);
/// What broadcasting \p src (size 1 along \p dim) to the tile of \p dst
/// needs: the conversion from \p src to \p dst with \p dim collapsed. A
/// uniform register rename (or None) means every lane already holds the
/// value of each element it must replicate, in a register it can reuse (the
/// usual reduce -> expand_dims -> broadcast of softmax).
llvm::Expected<LayoutConversion> broadcastConversion(const LinearLayout &src,
                                                     const LinearLayout &dst,
                                                     unsigned dim);
/// The layout of a tensor transpose: result dim i is \p layout's dim
/// perm[i]. The same hardware holds the same elements; only names move.
llvm::Expected<LinearLayout> transposeLayout(const LinearLayout &layout,
                                             llvm::ArrayRef<unsigned> perm);

/// A layout over \p l's output dimensions with the input bases \p bases
/// (a rename or reorder of \p l's input bits); none when they do not form
/// one.
std::optional<LinearLayout> withBases(const LinearLayout &l,
                                      llvm::ArrayRef<InDimBases> bases);

/// The layout a transposing LDS read of 16-bit elements
/// (ds_read_b64_tr_b16: 4 elements per lane) must see for the lanes to
/// receive \p dst. Within each group of 16 lanes, lane i's element r is
/// element i % 4 of the vector lane 4 r + i / 4 read (CDNA4 ISA; the
/// emulator's transposeLoad). So the read's registers 0..1 step along dst's
/// lane bits 0..1, its lane bits 0..1 along dst's lane bits 2..3 and its
/// lane bits 2..3 along dst's register bits 0..1; every other bit is dst's.
/// None when dst has fewer than 2 register or 4 lane bits.
std::optional<LinearLayout> transposeReadLayout(const LinearLayout &dst);

//===----------------------------------------------------------------------===//
// Shared (LDS) layouts
//===----------------------------------------------------------------------===//

/// Triton's swizzled shared layout parameters: along the fastest dim, groups
/// of `vec` elements are XORed with phase = (row / perPhase) % maxPhase,
/// where row is the index along the second-fastest dim.
struct SwizzleParams {
  int64_t vec = 1, perPhase = 1, maxPhase = 1;
  bool operator==(const SwizzleParams &o) const {
    return vec == o.vec && perPhase == o.perPhase && maxPhase == o.maxPhase;
  }
};

/// Where each tensor element lives in an LDS allocation: a bijective linear
/// map from element offset to tensor coordinates, optionally followed by
/// padding (every `padInterval` elements, `padding` unused elements are
/// skipped), which is not linear and is applied to the offset afterwards.
class SharedLayout {
public:
  SharedLayout() = default;

  /// Row-major over \p order (fastest dim first), no swizzle, no padding.
  static llvm::Expected<SharedLayout>
  unswizzled(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<unsigned> order);
  /// Unswizzled with \p padding elements after every \p interval (a power of
  /// two: a row, usually).
  static llvm::Expected<SharedLayout> padded(llvm::ArrayRef<int64_t> shape,
                                             llvm::ArrayRef<unsigned> order,
                                             int64_t interval, int64_t padding);
  /// XOR-swizzled (needs rank >= 2): element (row, col) of the two fastest
  /// dims is at row * cols + (((col / vec) ^ phase) % (cols / vec)) * vec +
  /// col % vec.
  static llvm::Expected<SharedLayout> swizzled(llvm::ArrayRef<int64_t> shape,
                                               llvm::ArrayRef<unsigned> order,
                                               SwizzleParams params);
  /// Any bijective map from "offset" to tensor dims (what chooseSwizzle
  /// builds).
  static llvm::Expected<SharedLayout> fromOffsetMap(LinearLayout offsetMap);

  /// offset -> tensor coordinates, before padding.
  const LinearLayout &getOffsetMap() const { return offsetMap; }
  /// tensor coordinates -> offset, before padding.
  const LinearLayout &getTensorMap() const { return tensorMap; }
  int64_t getPadInterval() const { return padInterval; }
  int64_t getPadding() const { return padding; }
  /// The padded offset of linear offset \p offset.
  int64_t getPhysicalOffset(int64_t offset) const;
  /// Elements the allocation spans, padding included.
  int64_t getAllocatedElements() const;
  /// The padded offset of the tensor element at \p coords (dim0 first).
  int64_t getElementOffset(llvm::ArrayRef<int64_t> coords) const;
  /// The swizzle parameters this layout is, over \p order, if any (an
  /// unswizzled unpadded layout is {1, 1, 1}).
  std::optional<SwizzleParams>
  matchSwizzle(llvm::ArrayRef<unsigned> order) const;

private:
  LinearLayout offsetMap, tensorMap;
  int64_t padInterval = 0, padding = 0;
};

/// The LDS bank geometry: from the target table, never from chip names.
struct LdsBankModel {
  unsigned banks = 0, bankBytes = 0;
  static LdsBankModel of(const TargetInfo &target);
  /// Lanes the hardware serves together for one access of \p bytesPerLane
  /// (docs/emulator.md, lib/Emulator/LdsBanks.cpp): as many as fit in one
  /// pass over all banks, each lane taking at least one bank.
  unsigned lanesPerPhase(unsigned bytesPerLane) const;
};

/// What one wave's LDS accesses of a tile cost under the bank model.
struct LdsAccessCost {
  unsigned bytesPerLane = 0, lanesPerPhase = 0;
  /// Access instructions per wave (broadcast registers are not accessed).
  int64_t instructions = 0;
  /// Per access phase (lanes [p * lanesPerPhase, (p + 1) * lanesPerPhase)):
  /// the largest number of extra cycles any instruction of any wave spends
  /// on conflicts there.
  llvm::SmallVector<int64_t> worstConflictsPerPhase;
  /// Cycles of the costliest wave over all its instructions, and how many of
  /// them are conflicts (0: conflict-free).
  int64_t cycles = 0, conflictCycles = 0;
  bool isConflictFree() const { return conflictCycles == 0; }
};

/// The cost of a distributed layout \p dist storing to or loading from
/// \p shared with \p vecElems elements of \p elemBytes per lane per
/// instruction. Fails when those registers are not consecutive in LDS, the
/// vector crosses padding, or the access is wider than 16 bytes.
llvm::Expected<LdsAccessCost>
ldsAccessCost(const LinearLayout &dist, const SharedLayout &shared,
              unsigned elemBytes, int64_t vecElems, const LdsBankModel &banks);
/// The widest access (elements) \p dist can make to \p shared: registers
/// consecutive in LDS, at most 16 bytes, not crossing padding.
int64_t ldsVectorWidth(const LinearLayout &dist, const SharedLayout &shared,
                       unsigned elemBytes);

/// A shared layout for a tile written by one distributed layout and read by
/// another, with the vector widths and costs it achieves.
struct SwizzleChoice {
  SharedLayout layout;
  int64_t writeVec = 1, readVec = 1;
  LdsAccessCost writeCost, readCost;
  /// What a wave spends on the pair: access instructions plus the cycles
  /// their bank conflicts add (both hold the wave at the LDS queue).
  int64_t cost() const {
    return writeCost.instructions + readCost.instructions +
           writeCost.conflictCycles + readCost.conflictCycles;
  }
};

/// A bank-conflict-free XOR swizzle for the pair (\p write, \p read), in
/// the manner of Triton's optimal swizzling (lib/Tools/GenericSwizzling.cpp):
/// the low offset bits hold a register vector (a prefix of either side's
/// registers, at most 16 bytes; the other side vectorises over the common
/// prefix), the bits above a whole bank row (the "segment") are chosen so
/// that no two lanes of an access phase of either layout differ only there,
/// and the bits between address the banks. Every prefix is tried; where no
/// segment keeps a vector choice conflict-free, the segment keeps as many
/// phases apart as it can. The result with the fewest access instructions
/// plus conflict cycles (ldsAccessCost, which checks every choice) wins,
/// conflict-free on a tie. Fails, listing what each vector choice gave, when
/// no XOR swizzle is found (padding is not considered).
/// With \p readVecElems, the read takes exactly that many elements per lane
/// (a transposing read's fixed width): only choices that keep at least that
/// many consecutive are kept, and the read is costed at that width.
llvm::Expected<SwizzleChoice> chooseSwizzle(const LinearLayout &write,
                                            const LinearLayout &read,
                                            unsigned elemBytes,
                                            const LdsBankModel &banks,
                                            int64_t readVecElems = 0);

} // namespace mlir::aiter::layout

#endif // AITER_LAYOUT_LAYOUTS_H
