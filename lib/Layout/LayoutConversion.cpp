//===- LayoutConversion.cpp - what a layout conversion needs ----*- C++ -*-===//
//
// Builds the destination-to-source hardware map of a layout conversion one
// input bit at a time, as local as the layouts allow, and reads off the case.
//===----------------------------------------------------------------------===//

#include "aiter/Layout/LayoutConversion.h"

#include "GF2.h"
#include "LayoutSupport.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir::aiter::layout;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;

llvm::StringRef
mlir::aiter::layout::stringifyConversionKind(ConversionKind kind) {
  switch (kind) {
  case ConversionKind::None:
    return "none";
  case ConversionKind::RegisterPermutation:
    return "register permutation";
  case ConversionKind::InWaveExchange:
    return "in-wave exchange";
  case ConversionKind::LdsRoundTrip:
    return "LDS round trip";
  }
  llvm_unreachable("unknown conversion kind");
}

using detail::basisByName;
using detail::err;
using detail::packCoords;

namespace {

const std::string kHardwareDims[] = {kRegister.str(), kLane.str(), kWave.str()};

/// \p layout with exactly the inputs (register, lane, wave) in that order.
llvm::Expected<LinearLayout> withHardwareDims(const LinearLayout &layout,
                                              StringRef which) {
  for (const LayoutDim &d : layout.getInDims())
    if (!llvm::is_contained(kHardwareDims, d.name))
      return err(which + " layout has input dimension '" + d.name +
                 "'; a distributed layout has only register, lane and wave");
  if (layout.getOutDims().empty())
    return err(which + " layout maps to no tensor dimension");
  LinearLayout result = layout;
  std::string someOut = layout.getOutDims().front().name;
  for (const std::string &name : kHardwareDims)
    if (!result.hasInDim(name))
      result *= LinearLayout::zeros1D(1, name, someOut);
  return result.transposeIns(kHardwareDims);
}

/// Bit fields of a word over (register, lane, wave) bits.
struct HardwareBits {
  unsigned regBits, laneBits, waveBits;
  uint64_t reg(uint64_t w) const { return w & mask(regBits); }
  uint64_t lane(uint64_t w) const { return (w >> regBits) & mask(laneBits); }
  uint64_t wave(uint64_t w) const {
    return (w >> (regBits + laneBits)) & mask(waveBits);
  }
  uint64_t laneBit(unsigned b) const { return uint64_t(1) << (regBits + b); }
  uint64_t waveBit(unsigned b) const {
    return uint64_t(1) << (regBits + laneBits + b);
  }
  static uint64_t mask(unsigned bits) { return (uint64_t(1) << bits) - 1; }
};

HardwareBits bitsOf(const LinearLayout &hw) {
  return {hw.getInDimSizeLog2(kRegister), hw.getInDimSizeLog2(kLane),
          hw.getInDimSizeLog2(kWave)};
}
} // namespace

llvm::Expected<LayoutConversion>
LayoutConversion::get(const LinearLayout &srcIn, const LinearLayout &dstIn) {
  llvm::Expected<LinearLayout> src = withHardwareDims(srcIn, "source");
  if (!src)
    return src.takeError();
  llvm::Expected<LinearLayout> dst = withHardwareDims(dstIn, "destination");
  if (!dst)
    return dst.takeError();
  for (StringRef dim : {kLane, kWave})
    if (src->getInDimSize(dim) != dst->getInDimSize(dim))
      return err("source and destination have different " + dim + " counts (" +
                 llvm::Twine(src->getInDimSize(dim)) + " vs " +
                 llvm::Twine(dst->getInDimSize(dim)) + ")");
  auto sameTensor = [](const LinearLayout &a, const LinearLayout &b) {
    for (const LayoutDim &d : a.getOutDims())
      if (d.size() != b.getOutDimSize(d.name))
        return false;
    return true;
  };
  if (!sameTensor(*src, *dst) || !sameTensor(*dst, *src))
    return err("source (" + src->str() + ") and destination (" + dst->str() +
               ") describe tensors of different shapes");

  // Three solvers over the source's columns, tagged with their bit in the
  // (register, lane, wave) word: registers only, registers and lanes, all.
  HardwareBits srcBits = bitsOf(*src);
  ArrayRef<LayoutDim> tensorDims = src->getOutDims();
  detail::GF2Basis inLane, inWave, anywhere;
  SmallVector<uint64_t> srcCol;
  unsigned tag = 0;
  for (const std::string &dim : kHardwareDims) {
    for (unsigned b = 0, e = src->getInDimSizeLog2(dim); b < e; ++b, ++tag) {
      uint64_t c = packCoords(tensorDims, basisByName(*src, dim, b));
      srcCol.push_back(c);
      if (dim == kRegister)
        inLane.insert(c, uint64_t(1) << tag);
      if (dim != kWave)
        inWave.insert(c, uint64_t(1) << tag);
      anywhere.insert(c, uint64_t(1) << tag);
    }
  }

  // A destination bit's source: its own bit (for lanes and waves) plus
  // source registers if possible, then anything in its wave, then anywhere.
  SmallVector<InDimBases> mapBases;
  for (const std::string &dim : kHardwareDims) {
    InDimBases bases{dim, {}};
    for (unsigned b = 0, e = dst->getInDimSizeLog2(dim); b < e; ++b) {
      uint64_t target = packCoords(tensorDims, basisByName(*dst, dim, b));
      uint64_t own = 0;
      if (dim == kLane)
        own = srcBits.laneBit(b);
      else if (dim == kWave)
        own = srcBits.waveBit(b);
      uint64_t ownImage = 0;
      for (unsigned t = 0; t < srcCol.size(); ++t)
        if (own >> t & 1)
          ownImage = srcCol[t];
      std::optional<uint64_t> y;
      // Same lane and wave: the bit itself plus source registers.
      if (std::optional<uint64_t> r = inLane.solve(target ^ ownImage))
        y = *r ^ own;
      // Same wave: a wave bit keeps itself and may add registers and lanes;
      // register and lane bits may use any register and lane.
      else if (dim == kWave) {
        if (std::optional<uint64_t> r = inWave.solve(target ^ ownImage))
          y = *r ^ own;
      } else {
        y = inWave.solve(target);
      }
      if (!y)
        y = anywhere.solve(target);
      if (!y) {
        SmallVector<std::string> coords;
        for (const auto &[name, c] : basisByName(*dst, dim, b))
          coords.push_back(name + "=" + std::to_string(c));
        return err("the source layout holds no copy of the element at (" +
                   llvm::join(coords, ", ") + ") that " + dim + " " +
                   llvm::Twine(int64_t(1) << b) + " of the destination holds");
      }
      bases.bases.push_back({int64_t(srcBits.reg(*y)),
                             int64_t(srcBits.lane(*y)),
                             int64_t(srcBits.wave(*y))});
    }
    mapBases.push_back(std::move(bases));
  }
  llvm::Expected<LinearLayout> map =
      LinearLayout::get(mapBases,
                        {{kRegister.str(), src->getInDimSize(kRegister)},
                         {kLane.str(), src->getInDimSize(kLane)},
                         {kWave.str(), src->getInDimSize(kWave)}},
                        /*requireSurjective=*/false);
  if (!map)
    return map.takeError();

  LayoutConversion result;
  result.sourceMap = std::move(*map);
  bool inLaneOnly = true, inWaveOnly = true;
  for (const std::string &dim : kHardwareDims) {
    for (unsigned b = 0, e = dst->getInDimSizeLog2(dim); b < e; ++b) {
      SmallVector<int64_t> y = result.sourceMap.getBasis(dim, b);
      int64_t expectLane = dim == kLane ? int64_t(1) << b : 0;
      int64_t expectWave = dim == kWave ? int64_t(1) << b : 0;
      inWaveOnly &= y[2] == expectWave;
      inLaneOnly &= y[2] == expectWave && y[1] == expectLane;
    }
  }
  if (!inWaveOnly)
    result.kind = ConversionKind::LdsRoundTrip;
  else if (!inLaneOnly)
    result.kind = ConversionKind::InWaveExchange;
  else if (*src != *dst)
    result.kind = ConversionKind::RegisterPermutation;
  else
    result.kind = ConversionKind::None;
  return result;
}

HardwareLocation LayoutConversion::getSource(HardwareLocation dst) const {
  SmallVector<int64_t> y = sourceMap.apply({dst.reg, dst.lane, dst.wave});
  return {y[0], y[1], y[2]};
}

bool LayoutConversion::isUniformRename() const {
  if (kind == ConversionKind::None)
    return true;
  if (kind != ConversionKind::RegisterPermutation)
    return false;
  for (StringRef dim : {kLane, kWave})
    for (unsigned b = 0, e = sourceMap.getInDimSizeLog2(dim); b < e; ++b)
      if (sourceMap.getBasis(dim, b, kRegister) != 0)
        return false;
  return true;
}

uint64_t LayoutConversion::getMovedLaneBits() const {
  uint64_t moved = 0;
  for (const std::string &dim : kHardwareDims)
    for (unsigned b = 0, e = sourceMap.getInDimSizeLog2(dim); b < e; ++b) {
      int64_t expect = dim == kLane ? int64_t(1) << b : 0;
      moved |= uint64_t(sourceMap.getBasis(dim, b, kLane) ^ expect);
    }
  return moved;
}

std::optional<SmallVector<LaneRegisterSwap>>
LayoutConversion::getLaneRegisterSwaps() const {
  if (kind != ConversionKind::InWaveExchange)
    return std::nullopt;
  // Waves stay; every destination lane bit is its own lane bit (plus
  // registers: a rename) or exactly one source register bit.
  for (unsigned b = 0, e = sourceMap.getInDimSizeLog2(kWave); b < e; ++b)
    if (sourceMap.getBasis(kWave, b) !=
        SmallVector<int64_t>{0, 0, int64_t(1) << b})
      return std::nullopt;
  SmallVector<LaneRegisterSwap> swaps;
  for (unsigned b = 0, e = sourceMap.getInDimSizeLog2(kLane); b < e; ++b) {
    SmallVector<int64_t> y = sourceMap.getBasis(kLane, b);
    if (y == SmallVector<int64_t>{0, int64_t(1) << b, 0})
      continue;
    if (y[1] != 0 || !llvm::isPowerOf2_64(uint64_t(y[0])))
      return std::nullopt;
    swaps.push_back({b, llvm::Log2_64(uint64_t(y[0])), ~0u});
  }
  // Each swapped lane bit's partner data must land in exactly one
  // destination register bit that reads nothing else across lanes.
  for (unsigned b = 0, e = sourceMap.getInDimSizeLog2(kRegister); b < e; ++b) {
    SmallVector<int64_t> y = sourceMap.getBasis(kRegister, b);
    if (y[1] == 0)
      continue;
    auto *swap = llvm::find_if(swaps, [&](const LaneRegisterSwap &s) {
      return y[1] == int64_t(1) << s.laneBit;
    });
    if (y[0] != 0 || swap == swaps.end() || swap->dstRegisterBit != ~0u)
      return std::nullopt;
    swap->dstRegisterBit = b;
  }
  if (swaps.empty() || llvm::any_of(swaps, [](const LaneRegisterSwap &s) {
        return s.dstRegisterBit == ~0u;
      }))
    return std::nullopt;
  return swaps;
}

std::vector<LaneTransfer>
LayoutConversion::getLaneTransfers(int64_t wave) const {
  std::vector<LaneTransfer> result;
  int64_t lanes = sourceMap.getInDimSize(kLane);
  for (int64_t r = 0, e = sourceMap.getInDimSize(kRegister); r < e; ++r) {
    LaneTransfer t;
    t.dstRegister = r;
    llvm::SmallDenseSet<int64_t, 64> seen;
    for (int64_t l = 0; l < lanes; ++l) {
      HardwareLocation from = getSource({r, l, wave});
      t.srcLane.push_back(from.lane);
      t.srcRegister.push_back(from.reg);
      t.uniformSourceRegister &= from.reg == t.srcRegister.front();
      t.isLanePermutation &= seen.insert(from.lane).second;
    }
    result.push_back(std::move(t));
  }
  return result;
}
