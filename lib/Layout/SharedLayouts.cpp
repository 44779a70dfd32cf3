//===- SharedLayouts.cpp - LDS layouts, bank conflicts, swizzles -*- C++
//-*-===//
//
// Unswizzled, padded and XOR-swizzled shared layouts, the per-phase bank
// conflict count of a distributed layout's LDS access, and a swizzle chooser.
//===----------------------------------------------------------------------===//

#include "aiter/Layout/Layouts.h"

#include "GF2.h"
#include "LayoutSupport.h"

#include "aiter/Target/TargetInfo.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir::aiter;
using namespace mlir::aiter::layout;
using llvm::ArrayRef;
using llvm::SmallVector;

using detail::err;
using detail::isPow2;

//===----------------------------------------------------------------------===//
// Shared layouts
//===----------------------------------------------------------------------===//

namespace {
llvm::Error checkShape(ArrayRef<int64_t> shape, ArrayRef<unsigned> order) {
  if (shape.empty())
    return err("a shared layout needs a tile of rank >= 1");
  if (llvm::Error e = detail::checkTileShape(shape))
    return e;
  return detail::checkOrder(order, shape.size());
}
} // namespace

llvm::Expected<SharedLayout>
SharedLayout::fromOffsetMap(LinearLayout offsetMap) {
  if (offsetMap.getInDims().size() != 1 ||
      offsetMap.getInDims().front().name != kOffset)
    return err("a shared layout maps one input dimension, '" + kOffset +
               "', to the tensor; got " + offsetMap.str());
  llvm::Expected<LinearLayout> inverse = offsetMap.invert();
  if (!inverse)
    return err("a shared layout must hold each element exactly once: " +
               llvm::toString(inverse.takeError()));
  SharedLayout result;
  result.offsetMap = std::move(offsetMap);
  result.tensorMap = std::move(*inverse);
  return result;
}

llvm::Expected<SharedLayout>
SharedLayout::unswizzled(ArrayRef<int64_t> shape, ArrayRef<unsigned> order) {
  if (llvm::Error e = checkShape(shape, order))
    return std::move(e);
  LinearLayout map;
  for (unsigned d : order)
    map *= LinearLayout::identity1D(shape[d], kOffset, tensorDimName(d));
  return fromOffsetMap(detail::inStandardOrder(map));
}

llvm::Expected<SharedLayout> SharedLayout::padded(ArrayRef<int64_t> shape,
                                                  ArrayRef<unsigned> order,
                                                  int64_t interval,
                                                  int64_t padding) {
  if (!isPow2(interval) || padding < 0)
    return err("padding every " + llvm::Twine(interval) + " elements by " +
               llvm::Twine(padding) +
               ": the interval must be a power of 2 and the padding >= 0");
  llvm::Expected<SharedLayout> result = unswizzled(shape, order);
  if (!result)
    return result.takeError();
  result->padInterval = interval;
  result->padding = padding;
  return result;
}

llvm::Expected<SharedLayout> SharedLayout::swizzled(ArrayRef<int64_t> shape,
                                                    ArrayRef<unsigned> order,
                                                    SwizzleParams params) {
  if (llvm::Error e = checkShape(shape, order))
    return std::move(e);
  if (shape.size() < 2)
    return err("an XOR swizzle needs a tile of rank >= 2");
  if (!isPow2(params.vec) || !isPow2(params.perPhase) ||
      !isPow2(params.maxPhase))
    return err("swizzle vec, perPhase and maxPhase must be powers of 2");
  unsigned inner = order[0], outer = order[1];
  int64_t cols = shape[inner];
  if (params.vec > cols)
    return err("swizzle vec " + llvm::Twine(params.vec) +
               " is wider than the fastest dim (" + llvm::Twine(cols) + ")");
  // The offset's low bits walk the fastest dim; each bit of the row index
  // also flips the column group its phase selects.
  InDimBases bases{kOffset.str(), {}};
  auto unit = [&](unsigned dim, int64_t v) {
    std::vector<int64_t> basis(shape.size(), 0);
    basis[dim] = v;
    return basis;
  };
  for (int64_t c = 1; c < cols; c *= 2)
    bases.bases.push_back(unit(inner, c));
  for (int64_t r = 1; r < shape[outer]; r *= 2) {
    std::vector<int64_t> basis = unit(outer, r);
    int64_t phase = (r / params.perPhase) % params.maxPhase;
    basis[inner] = (phase * params.vec) % cols;
    bases.bases.push_back(basis);
  }
  for (unsigned d : llvm::drop_begin(order, 2))
    for (int64_t v = 1; v < shape[d]; v *= 2)
      bases.bases.push_back(unit(d, v));
  SmallVector<std::pair<std::string, int64_t>> dims;
  for (auto [d, s] : llvm::enumerate(shape))
    dims.push_back({tensorDimName(d), s});
  llvm::Expected<LinearLayout> map = LinearLayout::get(bases, dims);
  if (!map)
    return map.takeError();
  return fromOffsetMap(std::move(*map));
}

int64_t SharedLayout::getPhysicalOffset(int64_t offset) const {
  return padInterval ? offset + (offset / padInterval) * padding : offset;
}

int64_t SharedLayout::getAllocatedElements() const {
  return getPhysicalOffset(offsetMap.getTotalInSize() - 1) + 1;
}

int64_t SharedLayout::getElementOffset(ArrayRef<int64_t> coords) const {
  SmallVector<std::pair<llvm::StringRef, int64_t>> named;
  SmallVector<std::string> names;
  for (unsigned d = 0; d < coords.size(); ++d)
    names.push_back(tensorDimName(d));
  for (auto [d, c] : llvm::enumerate(coords))
    named.push_back({names[d], c});
  return getPhysicalOffset(tensorMap.apply(named).front().second);
}

std::optional<SwizzleParams>
SharedLayout::matchSwizzle(ArrayRef<unsigned> order) const {
  if (padding)
    return std::nullopt;
  SmallVector<int64_t> shape;
  for (unsigned d = 0; d < offsetMap.getOutDims().size(); ++d)
    shape.push_back(offsetMap.getOutDimSize(tensorDimName(d)));
  if (llvm::Error e = detail::checkOrder(order, shape.size())) {
    llvm::consumeError(std::move(e));
    return std::nullopt;
  }
  if (shape.size() < 2) {
    llvm::Expected<SharedLayout> plain = unswizzled(shape, order);
    if (plain && plain->offsetMap == offsetMap)
      return SwizzleParams{};
    llvm::consumeError(plain.takeError());
    return std::nullopt;
  }
  int64_t cols = shape[order[0]], rows = shape[order[1]];
  for (int64_t maxPhase = 1; maxPhase <= cols; maxPhase *= 2)
    for (int64_t perPhase = 1; perPhase <= rows; perPhase *= 2)
      for (int64_t vec = 1; vec <= cols; vec *= 2) {
        SwizzleParams p{vec, perPhase, maxPhase};
        llvm::Expected<SharedLayout> candidate = swizzled(shape, order, p);
        if (!candidate) {
          llvm::consumeError(candidate.takeError());
          continue;
        }
        if (candidate->offsetMap == offsetMap)
          return p;
        if (maxPhase == 1)
          break; // every vec and perPhase is the same unswizzled map
      }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Bank conflicts
//===----------------------------------------------------------------------===//

LdsBankModel LdsBankModel::of(const TargetInfo &target) {
  return {target.ldsBanks(), target.ldsBankBytes()};
}

unsigned LdsBankModel::lanesPerPhase(unsigned bytesPerLane) const {
  unsigned width = std::max(bankBytes, bytesPerLane);
  return std::clamp<unsigned>(banks * bankBytes / width, 1,
                              unsigned(kWaveSize));
}

namespace {
/// Cycles one phase of an access takes: each bank serves one distinct word
/// per cycle; lanes reading the same word share it. Same model as
/// lib/Emulator/LdsBanks.cpp, so the numbers agree with the emulator's.
int64_t phaseCycles(ArrayRef<int64_t> byteAddrs, unsigned bytesPerLane,
                    const LdsBankModel &model) {
  SmallVector<llvm::SmallDenseSet<int64_t, 4>, 64> words(model.banks);
  int64_t busiest = 0;
  int64_t wordsPerLane = std::max<int64_t>(1, bytesPerLane / model.bankBytes);
  for (int64_t addr : byteAddrs)
    for (int64_t w = 0; w < wordsPerLane; ++w) {
      int64_t word = addr / model.bankBytes + w;
      auto &set = words[word % model.banks];
      set.insert(word);
      busiest = std::max<int64_t>(busiest, set.size());
    }
  return busiest;
}

llvm::Error checkElemBytes(unsigned elemBytes) {
  if (!isPow2(elemBytes) || elemBytes > 8)
    return err("element size " + llvm::Twine(elemBytes) +
               " bytes is not 1, 2, 4 or 8");
  return llvm::Error::success();
}

/// dist's hardware -> LDS offset (before padding), or an error.
llvm::Expected<LinearLayout> hardwareToOffset(const LinearLayout &dist,
                                              const SharedLayout &shared) {
  if (!dist.hasInDim(kRegister) || !dist.hasInDim(kLane))
    return err("an LDS access needs a distributed layout (register and lane "
               "dimensions); got " +
               dist.str());
  const LinearLayout &map = shared.getOffsetMap();
  for (const LayoutDim &d : map.getOutDims())
    if (dist.getOutDimSize(d.name) != d.size())
      return err("the distributed layout (" + dist.str() +
                 ") and the shared layout (" + map.str() +
                 ") describe different tiles");
  return dist.invertAndCompose(map);
}

int64_t contiguousInLds(const LinearLayout &toOffset,
                        const SharedLayout &shared, unsigned elemBytes) {
  int64_t vec = std::min<int64_t>(toOffset.getNumContiguous(kRegister, kOffset),
                                  std::max<int64_t>(1, 16 / elemBytes));
  if (shared.getPadInterval())
    vec = std::min(vec, shared.getPadInterval());
  return vec;
}
} // namespace

int64_t layout::ldsVectorWidth(const LinearLayout &dist,
                               const SharedLayout &shared, unsigned elemBytes) {
  llvm::Expected<LinearLayout> toOffset = hardwareToOffset(dist, shared);
  if (!toOffset) {
    llvm::consumeError(toOffset.takeError());
    return 1;
  }
  return contiguousInLds(*toOffset, shared, elemBytes);
}

llvm::Expected<LdsAccessCost> layout::ldsAccessCost(const LinearLayout &dist,
                                                    const SharedLayout &shared,
                                                    unsigned elemBytes,
                                                    int64_t vecElems,
                                                    const LdsBankModel &model) {
  if (llvm::Error e = checkElemBytes(elemBytes))
    return std::move(e);
  if (!model.banks || !model.bankBytes)
    return err("LDS bank model without banks");
  if (!isPow2(vecElems) || vecElems * elemBytes > 16)
    return err("LDS access of " + llvm::Twine(vecElems) + " x " +
               llvm::Twine(elemBytes) +
               " bytes per lane: must be a power of 2 and at most 16 bytes");
  llvm::Expected<LinearLayout> toOffset = hardwareToOffset(dist, shared);
  if (!toOffset)
    return toOffset.takeError();
  int64_t widest = contiguousInLds(*toOffset, shared, elemBytes);
  if (vecElems > widest)
    return err("registers are consecutive in LDS for " + llvm::Twine(widest) +
               " element(s), not the " + llvm::Twine(vecElems) + " asked for");

  LdsAccessCost cost;
  cost.bytesPerLane = unsigned(vecElems) * elemBytes;
  cost.lanesPerPhase = model.lanesPerPhase(cost.bytesPerLane);
  int64_t lanes = dist.getInDimSize(kLane);
  int64_t phases = llvm::divideCeil(lanes, cost.lanesPerPhase);
  cost.worstConflictsPerPhase.assign(phases, 0);
  // Broadcast registers hold copies and are not accessed again.
  uint64_t skip = dist.getFreeVariableMask(kRegister) | uint64_t(vecElems - 1);
  SmallVector<int64_t, 64> addrs(lanes);
  for (int64_t w = 0, e = dist.getInDimSize(kWave); w < e; ++w) {
    int64_t cycles = 0, conflicts = 0, instructions = 0;
    for (int64_t r = 0, re = dist.getInDimSize(kRegister); r < re; ++r) {
      if (uint64_t(r) & skip)
        continue;
      ++instructions;
      for (int64_t l = 0; l < lanes; ++l) {
        int64_t offset =
            toOffset->apply({{kRegister, r}, {kLane, l}, {kWave, w}})
                .front()
                .second;
        addrs[l] = shared.getPhysicalOffset(offset) * elemBytes;
      }
      for (int64_t p = 0; p < phases; ++p) {
        ArrayRef<int64_t> phase = ArrayRef<int64_t>(addrs).slice(
            p * cost.lanesPerPhase,
            std::min<int64_t>(cost.lanesPerPhase,
                              lanes - p * cost.lanesPerPhase));
        int64_t c = phaseCycles(phase, cost.bytesPerLane, model);
        cycles += c;
        conflicts += c - 1;
        cost.worstConflictsPerPhase[p] =
            std::max(cost.worstConflictsPerPhase[p], c - 1);
      }
    }
    cost.instructions = instructions;
    if (conflicts > cost.conflictCycles ||
        (conflicts == cost.conflictCycles && cycles > cost.cycles)) {
      cost.conflictCycles = conflicts;
      cost.cycles = cycles;
    }
  }
  return cost;
}

//===----------------------------------------------------------------------===//
// Swizzle chooser
//===----------------------------------------------------------------------===//

namespace {
/// One side (write or read) of an LDS round trip, in packed tensor words.
struct AccessSide {
  /// Leading register vectors (stopping at the first broadcast or repeated
  /// one: the vector of an access is a prefix of the registers).
  SmallVector<uint64_t> vectorRegs;
  /// Every register, lane and wave image, in that order.
  SmallVector<uint64_t> regs, lanes, waves;
};

AccessSide sideOf(const LinearLayout &dist, ArrayRef<LayoutDim> tensorDims) {
  AccessSide side;
  auto images = [&](llvm::StringRef dim) {
    SmallVector<uint64_t> words;
    for (unsigned b = 0, e = dist.getInDimSizeLog2(dim); b < e; ++b)
      words.push_back(
          detail::packCoords(tensorDims, detail::basisByName(dist, dim, b)));
    return words;
  };
  side.regs = images(kRegister);
  side.lanes = images(kLane);
  side.waves = images(kWave);
  detail::GF2Basis seen;
  for (uint64_t w : side.regs) {
    if (!seen.insert(w))
      break;
    side.vectorRegs.push_back(w);
  }
  return side;
}

unsigned rankOf(ArrayRef<ArrayRef<uint64_t>> groups) {
  detail::GF2Basis basis;
  for (ArrayRef<uint64_t> g : groups)
    for (uint64_t v : g)
      basis.insert(v);
  return basis.rank();
}

/// What one access needs of the offset bits.
struct AccessConstraint {
  /// Offset bits [0, unitBits) are the access's unit: its vector, widened
  /// to a bank word; lanes differing there share words.
  unsigned unitBits;
  /// The lane vectors of one access phase.
  SmallVector<uint64_t> phaseLanes;
  /// rank(phaseLanes + offset bits [0, unitBits)).
  unsigned baseRank;
  /// The span of every input outside the vector: offset bits above the
  /// vector may only use these, or a lane's (or a later register's) offset
  /// would carry into the vector's bits and the access would not be one
  /// aligned vector.
  detail::GF2Basis outsideVector;
};

/// Another basis of span(\p vectors): reduced so that each vector has a
/// pivot, its most significant tensor bit under \p significance (packed
/// bit indices, least significant first), that no other vector has, sorted
/// by pivot. Conflicts depend only on the spans of the bank and segment
/// bits, so this changes no cost; it turns "row 8, row 16, ..., row 1 ^
/// col 8" into the row-major order of a Triton swizzle where one exists.
SmallVector<uint64_t> canonicalBasis(ArrayRef<uint64_t> vectors,
                                     ArrayRef<unsigned> significance) {
  auto rank = [&](unsigned bit) {
    return unsigned(llvm::find(significance, bit) - significance.begin());
  };
  auto pivotOf = [&](uint64_t v) {
    std::optional<unsigned> best;
    for (unsigned b = 0; b < 64; ++b)
      if ((v >> b & 1) && (!best || rank(b) > rank(*best)))
        best = b;
    assert(best && "basis vectors are nonzero");
    return *best;
  };
  SmallVector<uint64_t> basis(vectors.begin(), vectors.end());
  for (size_t i = 0; i < basis.size(); ++i) {
    // The remaining vector with the most significant pivot leads.
    size_t lead = i;
    for (size_t j = i + 1; j < basis.size(); ++j)
      if (rank(pivotOf(basis[j])) > rank(pivotOf(basis[lead])))
        lead = j;
    std::swap(basis[i], basis[lead]);
    uint64_t pivot = uint64_t(1) << pivotOf(basis[i]);
    for (size_t j = 0; j < basis.size(); ++j)
      if (j != i && (basis[j] & pivot))
        basis[j] ^= basis[i];
  }
  llvm::sort(basis, [&](uint64_t a, uint64_t b) {
    return rank(pivotOf(a)) < rank(pivotOf(b));
  });
  return basis;
}

/// Offset bits (as tensor words, offset bit 0 first) holding \p vec in the
/// low bits, or nullopt when no segment keeps both accesses conflict-free.
std::optional<SmallVector<uint64_t>>
buildOffsetBasis(ArrayRef<uint64_t> vec, ArrayRef<AccessSide> sides,
                 ArrayRef<unsigned> vecBits, unsigned elemBytes,
                 unsigned tensorBits, ArrayRef<unsigned> significance,
                 const LdsBankModel &model) {
  unsigned elemLog2 = llvm::Log2_32(elemBytes);
  unsigned wordLog2 = llvm::Log2_32(model.bankBytes);
  unsigned rowBits = std::min<unsigned>(
      tensorBits, llvm::Log2_32(model.banks * model.bankBytes) - elemLog2);

  SmallVector<AccessConstraint, 2> constraints;
  unsigned low = vec.size();
  for (auto [side, v] : llvm::zip(sides, vecBits)) {
    AccessConstraint c;
    c.unitBits =
        std::min(tensorBits,
                 std::max(v, wordLog2 > elemLog2 ? wordLog2 - elemLog2 : 0u));
    low = std::max(low, c.unitBits);
    unsigned bytes = (1u << v) * elemBytes;
    unsigned laneBits = std::min<unsigned>(
        llvm::Log2_32(model.lanesPerPhase(bytes)), side.lanes.size());
    c.phaseLanes.assign(side.lanes.begin(), side.lanes.begin() + laneBits);
    for (uint64_t w : llvm::drop_begin(side.regs, v))
      c.outsideVector.insert(w);
    for (uint64_t w : side.lanes)
      c.outsideVector.insert(w);
    for (uint64_t w : side.waves)
      c.outsideVector.insert(w);
    constraints.push_back(std::move(c));
  }
  auto allowed = [&](uint64_t w) {
    return llvm::all_of(constraints, [&](const AccessConstraint &c) {
      return c.outsideVector.contains(w);
    });
  };
  // Candidates for the bits above the vector: single tensor bits first (no
  // swizzle where none is needed), then XORs of two, then the layouts' own
  // vectors.
  SmallVector<uint64_t> candidates;
  for (unsigned b = 0; b < tensorBits; ++b)
    candidates.push_back(uint64_t(1) << b);
  for (unsigned a = 0; a < tensorBits; ++a)
    for (unsigned b = a + 1; b < tensorBits; ++b)
      candidates.push_back((uint64_t(1) << a) | (uint64_t(1) << b));
  for (const AccessSide &side : sides)
    for (ArrayRef<uint64_t> group : {ArrayRef(side.regs), ArrayRef(side.lanes)})
      llvm::append_range(candidates, group);
  llvm::erase_if(candidates, [&](uint64_t w) { return !allowed(w); });

  // The low bits: the vector, then (for sub-word accesses) the rest of a
  // bank word.
  SmallVector<uint64_t> offsetBits(vec.begin(), vec.end());
  for (uint64_t c : candidates) {
    if (offsetBits.size() >= low)
      break;
    if (rankOf({offsetBits, {c}}) > offsetBits.size())
      offsetBits.push_back(c);
  }
  if (offsetBits.size() < low)
    return std::nullopt;
  for (AccessConstraint &c : constraints)
    c.baseRank =
        rankOf({c.phaseLanes, ArrayRef(offsetBits).take_front(c.unitBits)});

  // The segment (offset bits above a bank row): no lane difference of a
  // phase may fall in (unit + segment) outside the unit, i.e.
  // rank(phase + unit + segment) = rank(phase + unit) + |segment|.
  unsigned need = tensorBits - std::max(rowBits, low);
  SmallVector<uint64_t> segment;
  for (uint64_t c : candidates) {
    if (segment.size() == need)
      break;
    if (rankOf({offsetBits, segment, {c}}) !=
        offsetBits.size() + segment.size() + 1)
      continue;
    segment.push_back(c);
    bool ok = llvm::all_of(constraints, [&](const AccessConstraint &pc) {
      return rankOf({pc.phaseLanes,
                     ArrayRef(offsetBits).take_front(pc.unitBits), segment}) ==
             pc.baseRank + segment.size();
    });
    if (!ok)
      segment.pop_back();
  }
  // No conflict-free segment: complete it greedily, each bit the one that
  // keeps the most phases of both sides apart (the caller weighs the
  // conflicts this leaves against the instructions a wider vector saves).
  while (segment.size() < need) {
    std::optional<uint64_t> pick;
    int64_t pickScore = -1;
    for (uint64_t c : candidates) {
      if (rankOf({offsetBits, segment, {c}}) !=
          offsetBits.size() + segment.size() + 1)
        continue;
      int64_t score = 0;
      for (const AccessConstraint &pc : constraints) {
        ArrayRef<uint64_t> unit = ArrayRef(offsetBits).take_front(pc.unitBits);
        score += rankOf({pc.phaseLanes, unit, segment, {c}}) -
                 rankOf({pc.phaseLanes, unit, segment});
      }
      if (score > pickScore) {
        pick = c;
        pickScore = score;
      }
    }
    if (!pick)
      return std::nullopt;
    segment.push_back(*pick);
  }

  // The bank bits: whatever completes the basis, the write's phase lanes
  // first so that consecutive lanes walk consecutive banks.
  SmallVector<uint64_t> fill;
  for (const AccessConstraint &c : constraints)
    llvm::append_range(fill, c.phaseLanes);
  llvm::erase_if(fill, [&](uint64_t w) { return !allowed(w); });
  llvm::append_range(fill, candidates);
  SmallVector<uint64_t> bank;
  for (uint64_t f : fill)
    if (offsetBits.size() + bank.size() + segment.size() < tensorBits &&
        rankOf({offsetBits, bank, segment, {f}}) ==
            offsetBits.size() + bank.size() + segment.size() + 1)
      bank.push_back(f);
  if (offsetBits.size() + bank.size() + segment.size() < tensorBits)
    return std::nullopt;
  llvm::append_range(offsetBits, canonicalBasis(bank, significance));
  llvm::append_range(offsetBits, canonicalBasis(segment, significance));
  return offsetBits;
}

unsigned commonPrefix(ArrayRef<uint64_t> a, ArrayRef<uint64_t> b) {
  unsigned n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n])
    ++n;
  return n;
}
} // namespace

/// Candidates in order of preference: the cheaper (SwizzleChoice::cost),
/// conflict-free on a tie, then the fewer instructions.
static std::tuple<int64_t, int64_t, int64_t>
swizzleCost(const SwizzleChoice &c) {
  return {c.cost(), c.writeCost.conflictCycles + c.readCost.conflictCycles,
          c.writeCost.instructions + c.readCost.instructions};
}

llvm::Expected<SwizzleChoice> layout::chooseSwizzle(const LinearLayout &write,
                                                    const LinearLayout &read,
                                                    unsigned elemBytes,
                                                    const LdsBankModel &model,
                                                    int64_t readVecElems) {
  for (const LinearLayout *l : {&write, &read})
    if (!l->hasInDim(kRegister) || !l->hasInDim(kLane))
      return err("chooseSwizzle needs distributed layouts (register and lane "
                 "dimensions); got " +
                 l->str());
  if (llvm::Error e = checkElemBytes(elemBytes))
    return std::move(e);
  ArrayRef<LayoutDim> tensorDims = write.getOutDims();
  for (const LayoutDim &d : tensorDims)
    if (read.getOutDimSize(d.name) != d.size())
      return err("write (" + write.str() + ") and read (" + read.str() +
                 ") layouts describe different tiles");
  if (read.getOutDims().size() != tensorDims.size())
    return err("write and read layouts have different ranks");
  if (!write.isSurjective())
    return err("the write layout does not cover the tile: " + write.str());
  unsigned tensorBits = write.getTotalOutBits();
  SmallVector<AccessSide> sides = {sideOf(write, tensorDims),
                                   sideOf(read, tensorDims)};
  unsigned maxVecBits = llvm::Log2_32(std::max(1u, 16 / elemBytes));
  // Row-major significance with the write vector's dim fastest (the last
  // dim if that vector is not along one dim): bank and segment bits are
  // listed in this order.
  unsigned fastest = tensorDims.size() - 1;
  if (!sides[0].vectorRegs.empty()) {
    uint64_t first = sides[0].vectorRegs.front();
    unsigned shift = 0;
    for (auto [d, dim] : llvm::enumerate(tensorDims)) {
      uint64_t range = ((uint64_t(1) << dim.log2Size) - 1) << shift;
      if ((first & ~range) == 0)
        fastest = d;
      shift += dim.log2Size;
    }
  }
  SmallVector<unsigned> significance;
  SmallVector<unsigned> dimOrder = {fastest};
  for (unsigned d = tensorDims.size(); d-- > 0;)
    if (d != fastest)
      dimOrder.push_back(d);
  for (unsigned d : dimOrder) {
    unsigned shift = 0;
    for (unsigned e = 0; e < d; ++e)
      shift += tensorDims[e].log2Size;
    for (unsigned b = 0; b < tensorDims[d].log2Size; ++b)
      significance.push_back(shift + b);
  }

  // Candidate vectors: prefixes of the write's or the read's leading
  // registers, longest first; the other side vectorises over the common
  // prefix. A wide vector can rule out a conflict-free segment (a 16-byte
  // write with 8-byte reads of a 64-element bf16 row on 32 banks does), so
  // shorter ones are tried too and the fewest instructions win.
  SmallVector<SmallVector<uint64_t>> vectors;
  for (const AccessSide &s : sides)
    for (size_t n = std::min<size_t>(maxVecBits, s.vectorRegs.size()) + 1;
         n-- > 0;) {
      SmallVector<uint64_t> v(ArrayRef(s.vectorRegs).take_front(n));
      if (!llvm::is_contained(vectors, v))
        vectors.push_back(v);
    }

  std::optional<SwizzleChoice> best;
  std::string tried;
  for (const SmallVector<uint64_t> &vec : vectors) {
    SmallVector<unsigned> vecBits = {commonPrefix(sides[0].vectorRegs, vec),
                                     commonPrefix(sides[1].vectorRegs, vec)};
    std::optional<SmallVector<uint64_t>> bits = buildOffsetBasis(
        vec, sides, vecBits, elemBytes, tensorBits, significance, model);
    if (!bits) {
      tried += "\n  vector of " + std::to_string(vec.size()) +
               " bit(s): no segment avoids both access patterns";
      continue;
    }
    InDimBases bases{kOffset.str(), {}};
    for (uint64_t w : *bits) {
      std::vector<int64_t> coords;
      for (const LayoutDim &d : tensorDims) {
        coords.push_back(int64_t(w & ((uint64_t(1) << d.log2Size) - 1)));
        w >>= d.log2Size;
      }
      bases.bases.push_back(std::move(coords));
    }
    SmallVector<std::pair<std::string, int64_t>> dims;
    for (const LayoutDim &d : tensorDims)
      dims.push_back({d.name, d.size()});
    llvm::Expected<LinearLayout> map = LinearLayout::get(bases, dims);
    if (!map)
      return map.takeError();
    llvm::Expected<SharedLayout> shared =
        SharedLayout::fromOffsetMap(detail::inStandardOrder(*map));
    if (!shared)
      return shared.takeError();
    SwizzleChoice choice;
    choice.layout = std::move(*shared);
    choice.writeVec = int64_t(1) << vecBits[0];
    choice.readVec = int64_t(1) << vecBits[1];
    if (readVecElems) {
      if (choice.readVec < readVecElems) {
        tried += "\n  vector of " + std::to_string(vec.size()) +
                 " bit(s): reads fewer than " + std::to_string(readVecElems) +
                 " consecutive elements";
        continue;
      }
      choice.readVec = readVecElems;
    }
    // The construction keeps both vectors aligned; the cost check is the
    // proof, and a failed one is a candidate lost, not an error.
    llvm::Expected<LdsAccessCost> w =
        ldsAccessCost(write, choice.layout, elemBytes, choice.writeVec, model);
    llvm::Expected<LdsAccessCost> r =
        ldsAccessCost(read, choice.layout, elemBytes, choice.readVec, model);
    if (!w || !r) {
      std::string why = w ? "" : llvm::toString(w.takeError());
      std::string whyRead = r ? "" : llvm::toString(r.takeError());
      tried += "\n  vector of " + std::to_string(vec.size()) +
               " bit(s): " + (why.empty() ? whyRead : why);
      continue;
    }
    choice.writeCost = *w;
    choice.readCost = *r;
    if (!best || swizzleCost(choice) < swizzleCost(*best))
      best = std::move(choice);
  }
  if (!best)
    return err("no XOR-swizzled shared layout found for writing with " +
               write.str() + " and reading with " + read.str() + ":" + tried);
  return *best;
}
