//===- LinearLayout.h - GF(2)-linear maps between named dims ----*- C++ -*-===//
//
// A linear layout maps named input dimensions (register, lane, wave, or an LDS
// offset) to named tensor dimensions by XOR of one basis vector per input bit.
//===----------------------------------------------------------------------===//
//
// Every size is a power of two, so an index along a dimension is a bit
// vector, and a layout is a matrix over GF(2): input bit b of dimension d
// maps to a fixed output point (its basis vector), and an input maps to the
// XOR of the basis vectors of its set bits. "Register r of lane l of wave w
// holds element L(r, l, w)" describes MFMA, blocked and sliced register
// layouts alike; "LDS offset o holds element S(o)" describes unswizzled and
// XOR-swizzled shared layouts. Conversions, vector widths and bank-conflict
// free swizzles are then questions about these matrices (docs/layouts.md).
//
// The idea and the operation set follow Triton's LinearLayout
// (include/triton/Tools/LinearLayout.h); this is an independent
// implementation over LLVM ADT only (no MLIR types) that stores each basis
// vector as one packed 64-bit word.
//
// Dimension order matters only for flattening and reshaping: the first
// listed dimension is the fastest-varying (minor-to-major), as in Triton.
// Equality, composition and conversion match dimensions by name.
//===----------------------------------------------------------------------===//

#ifndef AITER_LAYOUT_LINEARLAYOUT_H
#define AITER_LAYOUT_LINEARLAYOUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mlir::aiter::layout {

/// The hardware dimension names distributed layouts use.
inline constexpr llvm::StringLiteral kRegister = "register";
inline constexpr llvm::StringLiteral kLane = "lane";
inline constexpr llvm::StringLiteral kWave = "wave";
/// The input dimension of shared (LDS) layouts: an element offset.
inline constexpr llvm::StringLiteral kOffset = "offset";

/// "dim0", "dim1", ...: the output dimension names of tensor layouts
/// (dim0 is the outermost tensor dimension, as in `tensor<MxNxf32>`).
std::string tensorDimName(unsigned index);

/// A named dimension of size 2^log2Size.
struct LayoutDim {
  std::string name;
  unsigned log2Size = 0;
  int64_t size() const { return int64_t(1) << log2Size; }
};

/// The basis vectors of one input dimension: `bases[b][o]` is the coordinate
/// along output dimension `o` of the image of input `2^b`.
struct InDimBases {
  std::string name;
  std::vector<std::vector<int64_t>> bases;
};

/// A linear map from named input dimensions to named output dimensions
/// (value semantics; cheap to copy). At most 62 input bits and 62 output bits
/// in total: tiles of 2^62 elements are beyond any LDS or register file.
class LinearLayout {
public:
  /// The layout with no dimensions: the multiplicative identity of `*`.
  LinearLayout() = default;

  //===--- Construction -------------------------------------------------===//

  /// L(x) = x for x in [0, size); \p size a power of two.
  static LinearLayout identity1D(int64_t size, llvm::StringRef inDim,
                                 llvm::StringRef outDim);
  /// L(x) = stride * x for x in [0, size); the output size is
  /// size * stride. \p size and \p stride powers of two.
  static LinearLayout strided1D(int64_t size, int64_t stride,
                                llvm::StringRef inDim, llvm::StringRef outDim);
  /// L(x) = 0 for x in [0, size), over an output of \p outSize.
  static LinearLayout zeros1D(int64_t size, llvm::StringRef inDim,
                              llvm::StringRef outDim, int64_t outSize = 1);

  /// A layout from explicit bases and output sizes. Fails when a size is not
  /// a power of two, a basis has the wrong number of coordinates or leaves
  /// its output range, a name repeats, or (with \p requireSurjective) some
  /// output point is not reached.
  static llvm::Expected<LinearLayout>
  get(llvm::ArrayRef<InDimBases> bases,
      llvm::ArrayRef<std::pair<std::string, int64_t>> outDims,
      bool requireSurjective = true);
  /// As above, with each output size the smallest power of two above every
  /// basis coordinate; the result must be surjective.
  static llvm::Expected<LinearLayout>
  getInferred(llvm::ArrayRef<InDimBases> bases,
              llvm::ArrayRef<std::string> outDimNames);

  //===--- Shape --------------------------------------------------------===//

  llvm::ArrayRef<LayoutDim> getInDims() const { return ins; }
  llvm::ArrayRef<LayoutDim> getOutDims() const { return outs; }
  llvm::SmallVector<std::string> getInDimNames() const;
  llvm::SmallVector<std::string> getOutDimNames() const;
  bool hasInDim(llvm::StringRef name) const { return findIn(name) >= 0; }
  bool hasOutDim(llvm::StringRef name) const { return findOut(name) >= 0; }
  /// Sizes of named dimensions; an absent dimension has size 1 (every
  /// operation treats a missing dimension as one of size 1).
  int64_t getInDimSize(llvm::StringRef name) const;
  int64_t getOutDimSize(llvm::StringRef name) const;
  unsigned getInDimSizeLog2(llvm::StringRef name) const;
  unsigned getOutDimSizeLog2(llvm::StringRef name) const;
  unsigned getTotalInBits() const;
  unsigned getTotalOutBits() const;
  int64_t getTotalInSize() const { return int64_t(1) << getTotalInBits(); }
  int64_t getTotalOutSize() const { return int64_t(1) << getTotalOutBits(); }

  /// The image of input 2^bit of \p inDim: one coordinate per output dim.
  llvm::SmallVector<int64_t> getBasis(llvm::StringRef inDim,
                                      unsigned bit) const;
  int64_t getBasis(llvm::StringRef inDim, unsigned bit,
                   llvm::StringRef outDim) const;
  /// All bases of \p inDim, in the form `get` takes.
  InDimBases getBases(llvm::StringRef inDim) const;

  /// The number of distinct output points (the rank of the matrix).
  unsigned rank() const;
  bool isSurjective() const { return rank() == getTotalOutBits(); }
  bool isInjective() const { return rank() == getTotalInBits(); }
  bool isInvertible() const { return isSurjective() && isInjective(); }

  //===--- Evaluation ---------------------------------------------------===//

  /// L(inputs): one value per input dimension, in getInDims() order; returns
  /// one coordinate per output dimension in getOutDims() order. Values are
  /// taken modulo their dimension's size.
  llvm::SmallVector<int64_t> apply(llvm::ArrayRef<int64_t> inputs) const;
  /// The same with named inputs (absent ones are 0) and named outputs.
  llvm::SmallVector<std::pair<std::string, int64_t>>
  apply(llvm::ArrayRef<std::pair<llvm::StringRef, int64_t>> inputs) const;

  //===--- Building layouts from layouts --------------------------------===//

  /// The direct sum: \p inner acts on the low bits of each input dimension,
  /// \p outer on the bits above them, and where both share an output
  /// dimension \p outer's coordinates are scaled past \p inner's size.
  /// identity1D(4, "r", "x") * identity1D(8, "l", "x") maps (r, l) to
  /// r + 4 * l. Dimensions appear in \p inner's order, then \p outer's new
  /// ones. Not commutative; associative.
  friend LinearLayout operator*(const LinearLayout &inner,
                                const LinearLayout &outer);
  LinearLayout &operator*=(const LinearLayout &outer) {
    return *this = *this * outer;
  }

  /// outer(this(x)). This layout's output dimensions must be input
  /// dimensions of \p outer, no larger than there.
  llvm::Expected<LinearLayout> compose(const LinearLayout &outer) const;
  /// A map C with other(C(x)) = this(x) for every x: from this layout's
  /// inputs to \p other's inputs, through the tensor both map to. \p other
  /// must reach every point this layout reaches; where several inputs of
  /// \p other hold the point, C picks the one made of the earliest input
  /// bits (registers before lanes before waves, in that dimension order).
  /// A layout conversion, a register-to-LDS store and an LDS-to-register
  /// load are all this one question.
  llvm::Expected<LinearLayout>
  invertAndCompose(const LinearLayout &other) const;
  /// The inverse of a bijective layout.
  llvm::Expected<LinearLayout> invert() const;
  /// A right inverse P of a surjective layout: this(P(y)) = y, choosing
  /// the earliest input bits where several inputs hold y.
  llvm::Expected<LinearLayout> pseudoInvert() const;

  /// The same map with dimensions listed in a new order (a permutation of
  /// the existing names); affects flattening only.
  llvm::Expected<LinearLayout>
  transposeIns(llvm::ArrayRef<std::string> order) const;
  llvm::Expected<LinearLayout>
  transposeOuts(llvm::ArrayRef<std::string> order) const;
  /// Flattens the inputs (outputs) minor-to-major in the listed order and
  /// splits them into the new dimensions, first listed fastest. The total
  /// size must be unchanged.
  llvm::Expected<LinearLayout>
  reshapeIns(llvm::ArrayRef<std::pair<std::string, int64_t>> dims) const;
  llvm::Expected<LinearLayout>
  reshapeOuts(llvm::ArrayRef<std::pair<std::string, int64_t>> dims) const;
  /// One input (output) dimension named after the first one.
  LinearLayout flattenIns() const;
  LinearLayout flattenOuts() const;
  /// Renames one dimension (the new name must not be taken).
  llvm::Expected<LinearLayout> renameInDim(llvm::StringRef from,
                                           llvm::StringRef to) const;
  llvm::Expected<LinearLayout> renameOutDim(llvm::StringRef from,
                                            llvm::StringRef to) const;

  /// Keeps the named input and output dimensions (absent names select
  /// nothing): inputs left out are fixed at 0, outputs left out are dropped.
  /// Order and sizes of what is kept are unchanged.
  LinearLayout sublayout(llvm::ArrayRef<std::string> inDims,
                         llvm::ArrayRef<std::string> outDims) const;
  /// Whether the named inputs map to 0 in the named outputs.
  bool sublayoutIsZero(llvm::ArrayRef<std::string> inDims,
                       llvm::ArrayRef<std::string> outDims) const;
  /// Whether this map is the identity on \p dims and keeps them apart from
  /// the rest: each named dimension is both an input and an output of the
  /// same size, input bit b of it maps to exactly output 2^b of it, and no
  /// other input reaches it. For a conversion map (dst hardware -> src
  /// hardware) "trivial over lane and wave" means data stays in its lane.
  bool isTrivialOver(llvm::ArrayRef<std::string> dims) const;

  /// Coordinates along \p dim taken modulo \p size (a power of two no larger
  /// than the current size): inputs beyond the new range wrap around, i.e.
  /// hold copies. This is how a layout larger than its tile broadcasts.
  llvm::Expected<LinearLayout> wrapOutDim(llvm::StringRef dim,
                                          int64_t size) const;
  /// Drops the input bits of \p inDim whose basis is zero (the dimension
  /// shrinks); used to drop broadcast registers.
  LinearLayout removeZeroBases(llvm::StringRef inDim) const;

  /// Bits of \p inDim that can change without changing the output, given
  /// the earlier bits (all bits of earlier dimensions and lower bits of
  /// this one): a zero basis, or one another earlier input already
  /// produces. A register bit set here is a broadcast register; a lane bit
  /// set here is a lane holding a copy of what an earlier lane or register
  /// holds.
  uint64_t getFreeVariableMask(llvm::StringRef inDim) const;

  /// The largest V such that inputs 0..V-1 of \p inDim map to consecutive
  /// coordinates 0..V-1 of \p outDim and every other input leaves the low
  /// log2(V) bits of \p outDim alone, so that V consecutive elements of a
  /// run start aligned: the vector width of a load/store whose registers
  /// are \p inDim and whose memory is contiguous along \p outDim.
  int64_t getNumContiguous(llvm::StringRef inDim, llvm::StringRef outDim) const;

  /// Same dimensions (by name, with sizes, in any order) and same map.
  friend bool operator==(const LinearLayout &a, const LinearLayout &b);
  friend bool operator!=(const LinearLayout &a, const LinearLayout &b) {
    return !(a == b);
  }

  /// "register: [[0,1],[0,2]], lane: [...] -> dim0: 32, dim1: 32".
  std::string str() const;
  void print(llvm::raw_ostream &os) const { os << str(); }

private:
  int findIn(llvm::StringRef name) const;
  int findOut(llvm::StringRef name) const;
  unsigned inBitOffset(unsigned dim) const;
  unsigned outBitOffset(unsigned dim) const;
  /// Packs one coordinate per output dimension into a word (output dim 0 in
  /// the low bits) and back.
  uint64_t pack(llvm::ArrayRef<int64_t> coords) const;
  llvm::SmallVector<int64_t> unpack(uint64_t word) const;
  /// The packed image of an input given as one packed word of input bits.
  uint64_t applyPacked(uint64_t inputBits) const;
  /// This layout's packed output word repacked for \p target's output dims
  /// (names must exist there).
  uint64_t repackOut(uint64_t word, const LinearLayout &target) const;

  llvm::SmallVector<LayoutDim, 4> ins, outs;
  /// cols[i]: packed image of input bit i, input dim 0's bits first.
  llvm::SmallVector<uint64_t, 16> cols;
};

inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os,
                                     const LinearLayout &layout) {
  layout.print(os);
  return os;
}

} // namespace mlir::aiter::layout

#endif // AITER_LAYOUT_LINEARLAYOUT_H
