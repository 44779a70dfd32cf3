//===- LayoutConversion.h - what a layout conversion needs ------*- C++ -*-===//
//
// Classifies the change of a tile from one distributed layout to another:
// nothing, a register rename, an in-wave exchange, or an LDS round trip.
//===----------------------------------------------------------------------===//
//
// Both layouts map (register, lane, wave) to the same tensor. The question is
// answered by the map C from destination hardware to source hardware with
// src(C(x)) = dst(x), built one destination input bit at a time and keeping
// each bit as close to home as the layouts allow: a destination register bit
// is first looked for among the source's registers, a lane bit first in the
// same lane (plus registers), a wave bit first in the same wave. Whatever C
// then needs decides the case:
//   - the two layouts are the same map: None;
//   - data stays in its lane: RegisterPermutation (a rename when the source
//     register does not depend on the lane, per-lane selects otherwise);
//   - data stays in its wave: InWaveExchange (ds_bpermute, DPP,
//     v_permlane*_swap);
//   - otherwise: LdsRoundTrip.
// This is the case analysis of Triton's ConvertLayoutOpToLLVM
// (`minimalCvtLayout`: register-only / intra-warp / via shared memory), with
// broadcasts handled by searching the source's copies of each element.
//===----------------------------------------------------------------------===//

#ifndef AITER_LAYOUT_LAYOUTCONVERSION_H
#define AITER_LAYOUT_LAYOUTCONVERSION_H

#include "aiter/Layout/LinearLayout.h"

#include <optional>

namespace mlir::aiter::layout {

enum class ConversionKind {
  /// The layouts are the same map: nothing to do.
  None,
  /// Every lane already holds what it needs: registers are renamed (or,
  /// when the source register depends on the lane, selected per lane).
  RegisterPermutation,
  /// Data moves between lanes of one wave, never between waves.
  InWaveExchange,
  /// Data moves between waves: store to LDS, barrier, load.
  LdsRoundTrip,
};

llvm::StringRef stringifyConversionKind(ConversionKind kind);

/// One element's place in the hardware.
struct HardwareLocation {
  int64_t reg = 0, lane = 0, wave = 0;
  bool operator==(const HardwareLocation &o) const {
    return reg == o.reg && lane == o.lane && wave == o.wave;
  }
};

/// An exchange of one lane bit against register bits, the shape of
/// v_permlane16_swap (lane bit 4) and v_permlane32_swap (lane bit 5): the
/// destination's lane bit `laneBit` holds what source register bit
/// `srcRegisterBit` selects, and destination register bit `dstRegisterBit`
/// holds what the source keeps across lane bit `laneBit`.
struct LaneRegisterSwap {
  unsigned laneBit;
  unsigned srcRegisterBit;
  unsigned dstRegisterBit;
};

/// Reader-side view of an in-wave exchange for one destination register:
/// lane l of the destination reads register srcRegister[l] of lane
/// srcLane[l] (ds_bpermute when srcRegister is the same for every lane).
struct LaneTransfer {
  int64_t dstRegister = 0;
  llvm::SmallVector<int64_t, 64> srcLane, srcRegister;
  /// Whether every lane reads the same source register.
  bool uniformSourceRegister = true;
  /// Whether every source lane is read by exactly one destination lane.
  bool isLanePermutation = true;
};

class LayoutConversion {
public:
  /// Classifies converting a tile from \p src to \p dst. Both must have
  /// input dimensions among register, lane and wave (missing ones have size
  /// 1), the same lane and wave sizes, and the same tensor dimensions and
  /// sizes; \p src must hold every element \p dst holds.
  static llvm::Expected<LayoutConversion> get(const LinearLayout &src,
                                              const LinearLayout &dst);

  ConversionKind getKind() const { return kind; }
  /// C: destination (register, lane, wave) -> source (register, lane, wave).
  const LinearLayout &getSourceMap() const { return sourceMap; }
  /// Where the element that \p dst must hold is found in the source.
  HardwareLocation getSource(HardwareLocation dst) const;

  /// For RegisterPermutation: true when the source register is a function of
  /// the destination register alone, the same in every lane and wave (a
  /// compile-time rename); false when lanes pick different registers.
  bool isUniformRename() const;
  /// Destination lane bits along which data moves to another lane (0 unless
  /// InWaveExchange or LdsRoundTrip).
  uint64_t getMovedLaneBits() const;
  /// When the exchange is a rename combined with swaps of lane bits against
  /// register bits (and nothing else moves), those swaps.
  std::optional<llvm::SmallVector<LaneRegisterSwap>>
  getLaneRegisterSwaps() const;
  /// For an in-wave exchange: per destination register, which lane and
  /// register each destination lane reads, in wave \p wave.
  std::vector<LaneTransfer> getLaneTransfers(int64_t wave = 0) const;

private:
  ConversionKind kind = ConversionKind::None;
  LinearLayout sourceMap;
};

} // namespace mlir::aiter::layout

#endif // AITER_LAYOUT_LAYOUTCONVERSION_H
