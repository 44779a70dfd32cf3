//===- LayoutSupport.h - helpers shared by lib/Layout -----------*- C++ -*-===//
//
// Error construction, power-of-two checks, dimension orders and coordinate
// packing used by the layout algebra and its factories (private header).
//===----------------------------------------------------------------------===//

#ifndef AITER_LIB_LAYOUT_LAYOUTSUPPORT_H
#define AITER_LIB_LAYOUT_LAYOUTSUPPORT_H

#include "aiter/Layout/LinearLayout.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

namespace mlir::aiter::layout::detail {

inline llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(msg);
}

inline bool isPow2(int64_t v) {
  return v > 0 && llvm::isPowerOf2_64(uint64_t(v));
}

/// log2 of a positive power of two, or nullopt.
inline std::optional<unsigned> exactLog2(int64_t v) {
  if (!isPow2(v))
    return std::nullopt;
  return llvm::Log2_64(uint64_t(v));
}

/// An error unless every extent of \p shape is a power of two and the tile
/// fits the 2^62 points a layout can describe.
inline llvm::Error checkTileShape(llvm::ArrayRef<int64_t> shape) {
  unsigned bits = 0;
  for (auto [d, s] : llvm::enumerate(shape)) {
    if (!isPow2(s))
      return err("tile dim " + llvm::Twine(d) + " has size " + llvm::Twine(s) +
                 ", not a power of 2");
    bits += llvm::Log2_64(uint64_t(s));
  }
  if (bits > 62)
    return err("a tile of 2^" + llvm::Twine(bits) +
               " elements is larger than a layout can describe (2^62)");
  return llvm::Error::success();
}

/// An error unless \p order is a permutation of 0..rank-1.
inline llvm::Error checkOrder(llvm::ArrayRef<unsigned> order, size_t rank) {
  llvm::SmallVector<bool> seen(rank, false);
  bool ok = order.size() == rank;
  for (unsigned d : order) {
    ok &= d < rank && !seen[d];
    if (d < rank)
      seen[d] = true;
  }
  if (!ok) {
    std::string list;
    llvm::raw_string_ostream os(list);
    llvm::interleaveComma(order, os);
    return err("order [" + list + "] is not a permutation of the " +
               llvm::Twine(rank) + " tile dims");
  }
  return llvm::Error::success();
}

/// \p layout with its output dims listed dim0, dim1, ... (the factories
/// build them in whatever order the construction needs).
inline LinearLayout inStandardOrder(const LinearLayout &layout) {
  llvm::SmallVector<std::string> names;
  for (unsigned d = 0; d < layout.getOutDims().size(); ++d)
    names.push_back(tensorDimName(d));
  return llvm::cantFail(layout.transposeOuts(names));
}

/// Packs coordinates named by dimension into one word over \p dims, first
/// dimension in the low bits (names absent from \p coords are 0).
inline uint64_t
packCoords(llvm::ArrayRef<LayoutDim> dims,
           llvm::ArrayRef<std::pair<std::string, int64_t>> coords) {
  uint64_t word = 0;
  unsigned shift = 0;
  for (const LayoutDim &d : dims) {
    for (const auto &[name, c] : coords)
      if (name == d.name)
        word |= uint64_t(c) << shift;
    shift += d.log2Size;
  }
  return word;
}

/// The coordinates, by output name, that bit \p bit of \p inDim maps to.
inline llvm::SmallVector<std::pair<std::string, int64_t>>
basisByName(const LinearLayout &layout, llvm::StringRef inDim, unsigned bit) {
  llvm::SmallVector<std::pair<std::string, int64_t>> result;
  for (auto [o, c] : llvm::enumerate(layout.getBasis(inDim, bit)))
    result.push_back({layout.getOutDims()[o].name, c});
  return result;
}

} // namespace mlir::aiter::layout::detail

#endif // AITER_LIB_LAYOUT_LAYOUTSUPPORT_H
