//===- LinearLayout.cpp - GF(2)-linear maps between named dims --*- C++ -*-===//
//
// Construction, evaluation, products, composition, (pseudo-)inversion and
// reshaping of linear layouts stored as packed 64-bit basis columns.
//===----------------------------------------------------------------------===//

#include "aiter/Layout/LinearLayout.h"

#include "GF2.h"
#include "LayoutSupport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir::aiter::layout;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;

using detail::err;
using detail::exactLog2;

namespace {
/// The total number of input or output bits a layout may have: sizes stay
/// positive int64_t values and packed words fit in 64 bits.
constexpr unsigned kMaxBits = 62;

uint64_t lowMask(unsigned bits) {
  return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}

unsigned sumBits(ArrayRef<LayoutDim> dims) {
  unsigned total = 0;
  for (const LayoutDim &d : dims)
    total += d.log2Size;
  return total;
}

/// Programming errors only: factories validate user-controlled sizes before
/// building layouts, so exceeding the bit budget here is a bug.
void checkBits(ArrayRef<LayoutDim> dims, const char *what) {
  if (sumBits(dims) > kMaxBits)
    llvm::report_fatal_error(llvm::Twine("linear layout with more than ") +
                             llvm::Twine(kMaxBits) + " " + what + " bits");
}

std::string joinNames(ArrayRef<LayoutDim> dims) {
  SmallVector<std::string> names;
  for (const LayoutDim &d : dims)
    names.push_back(d.name);
  return llvm::join(names, ", ");
}
} // namespace

std::string mlir::aiter::layout::tensorDimName(unsigned index) {
  return "dim" + std::to_string(index);
}

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

LinearLayout LinearLayout::strided1D(int64_t size, int64_t stride,
                                     StringRef inDim, StringRef outDim) {
  std::optional<unsigned> sizeBits = exactLog2(size),
                          strideBits = exactLog2(stride);
  if (!sizeBits || !strideBits)
    llvm::report_fatal_error("strided1D: size and stride must be powers of 2");
  LinearLayout result;
  result.ins.push_back({inDim.str(), *sizeBits});
  result.outs.push_back({outDim.str(), *sizeBits + *strideBits});
  checkBits(result.outs, "output");
  for (unsigned b = 0; b < *sizeBits; ++b)
    result.cols.push_back(uint64_t(1) << (b + *strideBits));
  return result;
}

LinearLayout LinearLayout::identity1D(int64_t size, StringRef inDim,
                                      StringRef outDim) {
  return strided1D(size, 1, inDim, outDim);
}

LinearLayout LinearLayout::zeros1D(int64_t size, StringRef inDim,
                                   StringRef outDim, int64_t outSize) {
  std::optional<unsigned> sizeBits = exactLog2(size),
                          outBits = exactLog2(outSize);
  if (!sizeBits || !outBits)
    llvm::report_fatal_error("zeros1D: sizes must be powers of 2");
  LinearLayout result;
  result.ins.push_back({inDim.str(), *sizeBits});
  result.outs.push_back({outDim.str(), *outBits});
  checkBits(result.ins, "input");
  result.cols.assign(*sizeBits, 0);
  return result;
}

llvm::Expected<LinearLayout>
LinearLayout::get(ArrayRef<InDimBases> bases,
                  ArrayRef<std::pair<std::string, int64_t>> outDims,
                  bool requireSurjective) {
  LinearLayout result;
  for (const auto &[name, size] : outDims) {
    std::optional<unsigned> bits = exactLog2(size);
    if (!bits)
      return err("output dimension '" + name + "' has size " +
                 llvm::Twine(size) + ", not a power of 2");
    if (result.hasOutDim(name))
      return err("output dimension '" + name + "' appears twice");
    result.outs.push_back({name, *bits});
  }
  if (sumBits(result.outs) > kMaxBits)
    return err("layout has more than 2^62 output points");
  for (const InDimBases &in : bases) {
    if (result.hasInDim(in.name))
      return err("input dimension '" + in.name + "' appears twice");
    result.ins.push_back({in.name, unsigned(in.bases.size())});
    if (sumBits(result.ins) > kMaxBits)
      return err("layout has more than 2^62 input points");
    for (auto [b, basis] : llvm::enumerate(in.bases)) {
      if (basis.size() != result.outs.size())
        return err("basis " + llvm::Twine(b) + " of '" + in.name + "' has " +
                   llvm::Twine(basis.size()) + " coordinates for " +
                   llvm::Twine(result.outs.size()) + " output dimensions");
      for (auto [o, c] : llvm::enumerate(basis))
        if (c < 0 || c >= result.outs[o].size())
          return err("basis " + llvm::Twine(b) + " of '" + in.name +
                     "' has coordinate " + llvm::Twine(c) + " along '" +
                     result.outs[o].name + "' (size " +
                     llvm::Twine(result.outs[o].size()) + ")");
      result.cols.push_back(result.pack(basis));
    }
  }
  if (requireSurjective && !result.isSurjective())
    return err("layout is not surjective: its bases reach 2^" +
               llvm::Twine(result.rank()) + " of the 2^" +
               llvm::Twine(result.getTotalOutBits()) + " output points");
  return result;
}

llvm::Expected<LinearLayout>
LinearLayout::getInferred(ArrayRef<InDimBases> bases,
                          ArrayRef<std::string> names) {
  SmallVector<std::pair<std::string, int64_t>> outDims;
  for (auto [o, name] : llvm::enumerate(names)) {
    int64_t largest = 0;
    for (const InDimBases &in : bases)
      for (const std::vector<int64_t> &basis : in.bases)
        if (o < basis.size())
          largest = std::max(largest, basis[o]);
    if (largest >= (int64_t(1) << kMaxBits))
      return err("coordinate " + llvm::Twine(largest) + " along '" + name +
                 "' is too large");
    outDims.push_back(
        {name, int64_t(llvm::PowerOf2Ceil(uint64_t(largest) + 1))});
  }
  return get(bases, outDims, /*requireSurjective=*/true);
}

//===----------------------------------------------------------------------===//
// Shape and packing
//===----------------------------------------------------------------------===//

int LinearLayout::findIn(StringRef name) const {
  for (auto [i, d] : llvm::enumerate(ins))
    if (d.name == name)
      return int(i);
  return -1;
}

int LinearLayout::findOut(StringRef name) const {
  for (auto [i, d] : llvm::enumerate(outs))
    if (d.name == name)
      return int(i);
  return -1;
}

SmallVector<std::string> LinearLayout::getInDimNames() const {
  SmallVector<std::string> names;
  for (const LayoutDim &d : ins)
    names.push_back(d.name);
  return names;
}

SmallVector<std::string> LinearLayout::getOutDimNames() const {
  SmallVector<std::string> names;
  for (const LayoutDim &d : outs)
    names.push_back(d.name);
  return names;
}

unsigned LinearLayout::getInDimSizeLog2(StringRef name) const {
  int i = findIn(name);
  return i < 0 ? 0 : ins[i].log2Size;
}

unsigned LinearLayout::getOutDimSizeLog2(StringRef name) const {
  int o = findOut(name);
  return o < 0 ? 0 : outs[o].log2Size;
}

int64_t LinearLayout::getInDimSize(StringRef name) const {
  return int64_t(1) << getInDimSizeLog2(name);
}

int64_t LinearLayout::getOutDimSize(StringRef name) const {
  return int64_t(1) << getOutDimSizeLog2(name);
}

unsigned LinearLayout::getTotalInBits() const { return sumBits(ins); }
unsigned LinearLayout::getTotalOutBits() const { return sumBits(outs); }

unsigned LinearLayout::inBitOffset(unsigned dim) const {
  return sumBits(ArrayRef<LayoutDim>(ins).take_front(dim));
}

unsigned LinearLayout::outBitOffset(unsigned dim) const {
  return sumBits(ArrayRef<LayoutDim>(outs).take_front(dim));
}

uint64_t LinearLayout::pack(ArrayRef<int64_t> coords) const {
  uint64_t word = 0;
  unsigned shift = 0;
  for (auto [o, d] : llvm::enumerate(outs)) {
    word |= (uint64_t(coords[o]) & lowMask(d.log2Size)) << shift;
    shift += d.log2Size;
  }
  return word;
}

SmallVector<int64_t> LinearLayout::unpack(uint64_t word) const {
  SmallVector<int64_t> coords;
  for (const LayoutDim &d : outs) {
    coords.push_back(int64_t(word & lowMask(d.log2Size)));
    word >>= d.log2Size;
  }
  return coords;
}

uint64_t LinearLayout::applyPacked(uint64_t inputBits) const {
  uint64_t out = 0;
  for (unsigned i = 0; inputBits; ++i, inputBits >>= 1)
    if (inputBits & 1)
      out ^= cols[i];
  return out;
}

uint64_t LinearLayout::repackOut(uint64_t word,
                                 const LinearLayout &target) const {
  uint64_t result = 0;
  for (auto [o, d] : llvm::enumerate(outs)) {
    uint64_t c = word & lowMask(d.log2Size);
    word >>= d.log2Size;
    if (!c)
      continue;
    int t = target.findOut(d.name);
    assert(t >= 0 && c < uint64_t(target.outs[t].size()) &&
           "callers check that the target has room for every coordinate");
    result |= c << target.outBitOffset(t);
  }
  return result;
}

SmallVector<int64_t> LinearLayout::getBasis(StringRef inDim,
                                            unsigned bit) const {
  int i = findIn(inDim);
  assert(i >= 0 && bit < ins[i].log2Size && "no such basis");
  return unpack(cols[inBitOffset(i) + bit]);
}

int64_t LinearLayout::getBasis(StringRef inDim, unsigned bit,
                               StringRef outDim) const {
  int o = findOut(outDim);
  return o < 0 ? 0 : getBasis(inDim, bit)[o];
}

InDimBases LinearLayout::getBases(StringRef inDim) const {
  InDimBases result{inDim.str(), {}};
  for (unsigned b = 0, e = getInDimSizeLog2(inDim); b < e; ++b) {
    SmallVector<int64_t> basis = getBasis(inDim, b);
    result.bases.emplace_back(basis.begin(), basis.end());
  }
  return result;
}

unsigned LinearLayout::rank() const {
  detail::GF2Basis basis;
  for (uint64_t c : cols)
    basis.insert(c);
  return basis.rank();
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

SmallVector<int64_t> LinearLayout::apply(ArrayRef<int64_t> inputs) const {
  assert(inputs.size() == ins.size() && "one value per input dimension");
  uint64_t bits = 0;
  unsigned shift = 0;
  for (auto [i, d] : llvm::enumerate(ins)) {
    bits |= (uint64_t(inputs[i]) & lowMask(d.log2Size)) << shift;
    shift += d.log2Size;
  }
  return unpack(applyPacked(bits));
}

SmallVector<std::pair<std::string, int64_t>>
LinearLayout::apply(ArrayRef<std::pair<StringRef, int64_t>> inputs) const {
  SmallVector<int64_t> values(ins.size(), 0);
  for (const auto &[name, v] : inputs) {
    int i = findIn(name);
    assert((i >= 0 || v == 0) && "input dimension not in the layout");
    if (i >= 0)
      values[i] = v;
  }
  SmallVector<std::pair<std::string, int64_t>> result;
  for (auto [o, c] : llvm::enumerate(apply(values)))
    result.push_back({outs[o].name, c});
  return result;
}

//===----------------------------------------------------------------------===//
// Products, composition, inversion
//===----------------------------------------------------------------------===//

LinearLayout mlir::aiter::layout::operator*(const LinearLayout &inner,
                                            const LinearLayout &outer) {
  LinearLayout result;
  // Union of dimensions: inner's order, then outer's new ones.
  auto unite = [](ArrayRef<LayoutDim> a, ArrayRef<LayoutDim> b) {
    SmallVector<LayoutDim, 4> dims(a.begin(), a.end());
    for (const LayoutDim &d : b) {
      auto *it = llvm::find_if(
          dims, [&](const LayoutDim &x) { return x.name == d.name; });
      if (it == dims.end())
        dims.push_back(d);
      else
        it->log2Size += d.log2Size;
    }
    return dims;
  };
  result.ins = unite(inner.ins, outer.ins);
  result.outs = unite(inner.outs, outer.outs);
  checkBits(result.ins, "input");
  checkBits(result.outs, "output");

  // outer's coordinates along a shared output dim sit above inner's.
  auto place = [&](const LinearLayout &from, uint64_t word, bool isOuter) {
    uint64_t packed = 0;
    for (auto [o, d] : llvm::enumerate(from.outs)) {
      uint64_t c = word & lowMask(d.log2Size);
      word >>= d.log2Size;
      unsigned shift = isOuter ? inner.getOutDimSizeLog2(d.name) : 0;
      packed |= (c << shift) << result.outBitOffset(result.findOut(d.name));
    }
    return packed;
  };
  for (const LayoutDim &d : result.ins) {
    for (const auto &[from, isOuter] :
         {std::pair<const LinearLayout *, bool>{&inner, false},
          std::pair<const LinearLayout *, bool>{&outer, true}}) {
      int i = from->findIn(d.name);
      if (i < 0)
        continue;
      unsigned first = from->inBitOffset(i);
      for (unsigned b = 0; b < from->ins[i].log2Size; ++b)
        result.cols.push_back(place(*from, from->cols[first + b], isOuter));
    }
  }
  return result;
}

llvm::Expected<LinearLayout>
LinearLayout::compose(const LinearLayout &outer) const {
  for (const LayoutDim &d : outs) {
    if (d.log2Size > outer.getInDimSizeLog2(d.name))
      return err("cannot compose: output '" + d.name + "' (size " +
                 llvm::Twine(d.size()) +
                 ") is not an input dimension of the outer layout of at "
                 "least that size (outer inputs: " +
                 joinNames(outer.ins) + ")");
  }
  LinearLayout result;
  result.ins = ins;
  result.outs = outer.outs;
  for (uint64_t c : cols) {
    // This layout's output coordinates are the outer layout's input bits.
    uint64_t outerBits = 0;
    for (auto [o, d] : llvm::enumerate(outs)) {
      uint64_t v = c & lowMask(d.log2Size);
      c >>= d.log2Size;
      int i = outer.findIn(d.name);
      if (i >= 0)
        outerBits |= v << outer.inBitOffset(i);
    }
    result.cols.push_back(outer.applyPacked(outerBits));
  }
  return result;
}

llvm::Expected<LinearLayout>
LinearLayout::invertAndCompose(const LinearLayout &other) const {
  for (const LayoutDim &d : outs)
    if (d.log2Size > other.getOutDimSizeLog2(d.name))
      return err("cannot convert: tensor dimension '" + d.name + "' (size " +
                 llvm::Twine(d.size()) +
                 ") is larger in the source than in "
                 "the target layout (target dims: " +
                 joinNames(other.outs) + ")");
  // Insert other's columns in input order so the earliest bits become
  // pivots; a tag names the input bit a column comes from.
  detail::GF2Basis basis;
  for (auto [i, c] : llvm::enumerate(other.cols))
    basis.insert(c, uint64_t(1) << i);
  LinearLayout result;
  result.ins = ins;
  result.outs = other.ins;
  unsigned bit = 0;
  for (const LayoutDim &d : ins) {
    for (unsigned b = 0; b < d.log2Size; ++b, ++bit) {
      std::optional<uint64_t> x = basis.solve(repackOut(cols[bit], other));
      if (!x) {
        SmallVector<int64_t> point = unpack(cols[bit]);
        SmallVector<std::string> coords;
        for (auto [o, od] : llvm::enumerate(outs))
          coords.push_back(od.name + "=" + std::to_string(point[o]));
        return err("the target layout holds no copy of the element at (" +
                   llvm::join(coords, ", ") + ") that input " + d.name + "=" +
                   llvm::Twine(int64_t(1) << b) + " of the source holds");
      }
      // x is a word of other's input bits, which is the packing of
      // result's outputs (other's inputs) by construction.
      result.cols.push_back(*x);
    }
  }
  return result;
}

llvm::Expected<LinearLayout> LinearLayout::pseudoInvert() const {
  if (!isSurjective())
    return err("only a surjective layout has a right inverse; this one "
               "reaches 2^" +
               llvm::Twine(rank()) + " of 2^" + llvm::Twine(getTotalOutBits()) +
               " points");
  LinearLayout identity;
  for (const LayoutDim &d : outs)
    identity *= identity1D(d.size(), d.name, d.name);
  return identity.invertAndCompose(*this);
}

llvm::Expected<LinearLayout> LinearLayout::invert() const {
  if (!isInvertible())
    return err("layout is not bijective (" + llvm::Twine(getTotalInBits()) +
               " input bits, " + llvm::Twine(getTotalOutBits()) +
               " output bits, rank " + llvm::Twine(rank()) + ")");
  return pseudoInvert();
}

//===----------------------------------------------------------------------===//
// Reordering, reshaping, renaming
//===----------------------------------------------------------------------===//

namespace {
/// The permutation that lists \p dims in \p order, or an error.
llvm::Expected<SmallVector<unsigned>>
permutationOf(ArrayRef<LayoutDim> dims, ArrayRef<std::string> order) {
  SmallVector<unsigned> perm;
  for (const std::string &name : order) {
    auto *it =
        llvm::find_if(dims, [&](const LayoutDim &d) { return d.name == name; });
    if (it == dims.end() || llvm::is_contained(perm, it - dims.begin()))
      return err("'" + llvm::join(order, ", ") +
                 "' is not a permutation of the dimensions (" +
                 joinNames(dims) + ")");
    perm.push_back(unsigned(it - dims.begin()));
  }
  if (perm.size() != dims.size())
    return err("'" + llvm::join(order, ", ") +
               "' is not a permutation of the dimensions (" + joinNames(dims) +
               ")");
  return perm;
}

/// New dimensions for a reshape, or an error.
llvm::Expected<SmallVector<LayoutDim, 4>>
reshapedDims(ArrayRef<LayoutDim> old,
             ArrayRef<std::pair<std::string, int64_t>> dims) {
  SmallVector<LayoutDim, 4> result;
  for (const std::pair<std::string, int64_t> &dim : dims) {
    const std::string &name = dim.first;
    std::optional<unsigned> bits = exactLog2(dim.second);
    if (!bits)
      return err("reshape: size " + llvm::Twine(dim.second) + " of '" + name +
                 "' is not a power of 2");
    if (llvm::any_of(result,
                     [&](const LayoutDim &d) { return d.name == name; }))
      return err("reshape: dimension '" + name + "' appears twice");
    result.push_back({name, *bits});
  }
  if (sumBits(result) != sumBits(old))
    return err("reshape changes the total size from 2^" +
               llvm::Twine(sumBits(old)) + " to 2^" +
               llvm::Twine(sumBits(result)));
  return result;
}
} // namespace

llvm::Expected<LinearLayout>
LinearLayout::transposeIns(ArrayRef<std::string> order) const {
  llvm::Expected<SmallVector<unsigned>> perm = permutationOf(ins, order);
  if (!perm)
    return perm.takeError();
  LinearLayout result;
  result.outs = outs;
  for (unsigned i : *perm) {
    result.ins.push_back(ins[i]);
    unsigned first = inBitOffset(i);
    for (unsigned b = 0; b < ins[i].log2Size; ++b)
      result.cols.push_back(cols[first + b]);
  }
  return result;
}

llvm::Expected<LinearLayout>
LinearLayout::transposeOuts(ArrayRef<std::string> order) const {
  llvm::Expected<SmallVector<unsigned>> perm = permutationOf(outs, order);
  if (!perm)
    return perm.takeError();
  LinearLayout result;
  result.ins = ins;
  for (unsigned o : *perm)
    result.outs.push_back(outs[o]);
  for (uint64_t c : cols)
    result.cols.push_back(repackOut(c, result));
  return result;
}

llvm::Expected<LinearLayout>
LinearLayout::reshapeIns(ArrayRef<std::pair<std::string, int64_t>> dims) const {
  llvm::Expected<SmallVector<LayoutDim, 4>> newIns = reshapedDims(ins, dims);
  if (!newIns)
    return newIns.takeError();
  // Input bits are already stored flattened minor-to-major.
  LinearLayout result = *this;
  result.ins = std::move(*newIns);
  return result;
}

llvm::Expected<LinearLayout> LinearLayout::reshapeOuts(
    ArrayRef<std::pair<std::string, int64_t>> dims) const {
  llvm::Expected<SmallVector<LayoutDim, 4>> newOuts = reshapedDims(outs, dims);
  if (!newOuts)
    return newOuts.takeError();
  // Packed words are the flattened minor-to-major index.
  LinearLayout result = *this;
  result.outs = std::move(*newOuts);
  return result;
}

LinearLayout LinearLayout::flattenIns() const {
  if (ins.empty())
    return *this;
  return cantFail(reshapeIns({{ins.front().name, getTotalInSize()}}));
}

LinearLayout LinearLayout::flattenOuts() const {
  if (outs.empty())
    return *this;
  return cantFail(reshapeOuts({{outs.front().name, getTotalOutSize()}}));
}

namespace {
llvm::Error renameDim(llvm::SmallVectorImpl<LayoutDim> &dims, StringRef from,
                      StringRef to, StringRef kind) {
  auto named = [&](StringRef name) {
    return llvm::find_if(dims,
                         [&](const LayoutDim &d) { return d.name == name; });
  };
  auto *it = named(from);
  if (it == dims.end())
    return err("no " + kind + " dimension '" + from + "' to rename");
  if (from != to && named(to) != dims.end())
    return err(kind + " dimension '" + to + "' already exists");
  it->name = to.str();
  return llvm::Error::success();
}
} // namespace

llvm::Expected<LinearLayout> LinearLayout::renameInDim(StringRef from,
                                                       StringRef to) const {
  LinearLayout result = *this;
  if (llvm::Error e = renameDim(result.ins, from, to, "input"))
    return std::move(e);
  return result;
}

llvm::Expected<LinearLayout> LinearLayout::renameOutDim(StringRef from,
                                                        StringRef to) const {
  LinearLayout result = *this;
  if (llvm::Error e = renameDim(result.outs, from, to, "output"))
    return std::move(e);
  return result;
}

//===----------------------------------------------------------------------===//
// Sublayouts and structure queries
//===----------------------------------------------------------------------===//

LinearLayout LinearLayout::sublayout(ArrayRef<std::string> inDims,
                                     ArrayRef<std::string> outDims) const {
  LinearLayout result;
  for (const LayoutDim &d : outs)
    if (llvm::is_contained(outDims, d.name))
      result.outs.push_back(d);
  for (auto [i, d] : llvm::enumerate(ins)) {
    if (!llvm::is_contained(inDims, d.name))
      continue;
    result.ins.push_back(d);
    unsigned first = inBitOffset(i);
    for (unsigned b = 0; b < d.log2Size; ++b) {
      // Drop the coordinates of outputs left out, keep the others.
      uint64_t packed = 0;
      uint64_t c = cols[first + b];
      for (const LayoutDim &od : outs) {
        uint64_t v = c & lowMask(od.log2Size);
        c >>= od.log2Size;
        int t = result.findOut(od.name);
        if (t >= 0)
          packed |= v << result.outBitOffset(t);
      }
      result.cols.push_back(packed);
    }
  }
  return result;
}

bool LinearLayout::sublayoutIsZero(ArrayRef<std::string> inDims,
                                   ArrayRef<std::string> outDims) const {
  LinearLayout sub = sublayout(inDims, outDims);
  return llvm::all_of(sub.cols, [](uint64_t c) { return c == 0; });
}

bool LinearLayout::isTrivialOver(ArrayRef<std::string> dims) const {
  uint64_t dimsMask = 0;
  for (const std::string &name : dims) {
    int i = findIn(name), o = findOut(name);
    if (i < 0 && o < 0)
      continue; // size 1 on both sides
    if (i < 0 || o < 0 || ins[i].log2Size != outs[o].log2Size)
      return false;
    dimsMask |= lowMask(outs[o].log2Size) << outBitOffset(o);
  }
  unsigned bit = 0;
  for (const LayoutDim &d : ins) {
    bool named = llvm::is_contained(dims, d.name);
    int o = findOut(d.name);
    for (unsigned b = 0; b < d.log2Size; ++b, ++bit) {
      uint64_t c = cols[bit];
      if (named ? c != uint64_t(1) << (outBitOffset(o) + b)
                : (c & dimsMask) != 0)
        return false;
    }
  }
  return true;
}

llvm::Expected<LinearLayout> LinearLayout::wrapOutDim(StringRef dim,
                                                      int64_t size) const {
  int o = findOut(dim);
  std::optional<unsigned> bits = exactLog2(size);
  if (!bits || *bits > getOutDimSizeLog2(dim))
    return err("cannot wrap '" + dim + "' (size " +
               llvm::Twine(getOutDimSize(dim)) + ") to size " +
               llvm::Twine(size));
  if (o < 0)
    return *this;
  LinearLayout result = *this;
  unsigned shift = outBitOffset(o), oldBits = outs[o].log2Size;
  result.outs[o].log2Size = *bits;
  for (uint64_t &c : result.cols) {
    uint64_t below = c & lowMask(shift);
    uint64_t coord = (c >> shift) & lowMask(*bits);
    uint64_t above = c >> (shift + oldBits);
    c = below | (coord << shift) | (above << (shift + *bits));
  }
  return result;
}

LinearLayout LinearLayout::removeZeroBases(StringRef inDim) const {
  int i = findIn(inDim);
  if (i < 0)
    return *this;
  LinearLayout result = *this;
  unsigned first = inBitOffset(i);
  auto *begin = result.cols.begin() + first;
  auto *end = begin + ins[i].log2Size;
  auto *kept = std::remove(begin, end, uint64_t(0));
  result.ins[i].log2Size = unsigned(kept - begin);
  result.cols.erase(kept, end);
  return result;
}

uint64_t LinearLayout::getFreeVariableMask(StringRef inDim) const {
  int i = findIn(inDim);
  if (i < 0)
    return 0;
  detail::GF2Basis basis;
  unsigned first = inBitOffset(i);
  for (unsigned b = 0; b < first; ++b)
    basis.insert(cols[b]);
  uint64_t mask = 0;
  for (unsigned b = 0; b < ins[i].log2Size; ++b)
    if (!basis.insert(cols[first + b]))
      mask |= uint64_t(1) << b;
  return mask;
}

int64_t LinearLayout::getNumContiguous(StringRef inDim,
                                       StringRef outDim) const {
  int i = findIn(inDim), o = findOut(outDim);
  if (i < 0 || o < 0)
    return 1;
  unsigned first = inBitOffset(i), shift = outBitOffset(o);
  unsigned v = 0;
  while (v < ins[i].log2Size && v < outs[o].log2Size &&
         cols[first + v] == uint64_t(1) << (shift + v))
    ++v;
  // Every other input must leave the run's low bits alone, or the run
  // starts unaligned and XOR reorders it.
  for (;;) {
    uint64_t low = lowMask(v) << shift;
    bool aligned = true;
    for (auto [bit, c] : llvm::enumerate(cols))
      if ((bit < first || bit >= first + v) && (c & low))
        aligned = false;
    if (aligned || v == 0)
      break;
    --v;
  }
  return int64_t(1) << v;
}

bool mlir::aiter::layout::operator==(const LinearLayout &a,
                                     const LinearLayout &b) {
  if (a.ins.size() != b.ins.size() || a.outs.size() != b.outs.size())
    return false;
  for (const LayoutDim &d : a.ins)
    if (!b.hasInDim(d.name) || b.getInDimSizeLog2(d.name) != d.log2Size)
      return false;
  for (const LayoutDim &d : a.outs)
    if (!b.hasOutDim(d.name) || b.getOutDimSizeLog2(d.name) != d.log2Size)
      return false;
  for (auto [i, d] : llvm::enumerate(a.ins)) {
    unsigned fa = a.inBitOffset(i), fb = b.inBitOffset(b.findIn(d.name));
    for (unsigned bit = 0; bit < d.log2Size; ++bit)
      if (a.repackOut(a.cols[fa + bit], b) != b.cols[fb + bit])
        return false;
  }
  return true;
}

std::string LinearLayout::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(
      llvm::seq<unsigned>(0, ins.size()), os, [&](unsigned i) {
        os << ins[i].name << ": [";
        unsigned first = inBitOffset(i);
        llvm::interleaveComma(
            llvm::seq<unsigned>(0, ins[i].log2Size), os, [&](unsigned b) {
              os << "[";
              llvm::interleaveComma(unpack(cols[first + b]), os);
              os << "]";
            });
        os << "]";
      });
  os << " -> ";
  llvm::interleaveComma(
      outs, os, [&](const LayoutDim &d) { os << d.name << ": " << d.size(); });
  return s;
}
