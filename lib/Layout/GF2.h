//===- GF2.h - bit-vector linear algebra over GF(2) -------------*- C++ -*-===//
//
// An incrementally built basis of 64-bit GF(2) vectors that remembers which
// inserted vectors each basis vector combines (private to lib/Layout).
//===----------------------------------------------------------------------===//

#ifndef AITER_LIB_LAYOUT_GF2_H
#define AITER_LIB_LAYOUT_GF2_H

#include "llvm/ADT/bit.h"

#include <cstdint>
#include <optional>

namespace mlir::aiter::layout::detail {

/// A basis in echelon form keyed by each vector's highest set bit. Every
/// stored vector carries a tag: the XOR of the tags of the inserted vectors
/// it was reduced from, so `solve` can say which inserted vectors sum to a
/// target. Insertion order decides which vectors become pivots: a vector
/// already in the span of earlier ones is rejected, which is how "prefer
/// registers over lanes over waves" falls out of inserting them in that
/// order.
class GF2Basis {
public:
  /// Adds \p v with \p tag; returns false (and changes nothing) when \p v is
  /// already in the span.
  bool insert(uint64_t v, uint64_t tag) {
    uint64_t t = tag;
    reduce(v, t);
    if (!v)
      return false;
    unsigned top = 63 - llvm::countl_zero(v);
    vec[top] = v;
    tags[top] = t;
    present |= uint64_t(1) << top;
    ++size;
    return true;
  }
  /// Adds \p v without a tag (for rank and span questions).
  bool insert(uint64_t v) { return insert(v, 0); }

  /// The XOR of the tags of inserted vectors that sum to \p v, if \p v is in
  /// the span.
  std::optional<uint64_t> solve(uint64_t v) const {
    uint64_t t = 0;
    reduce(v, t);
    if (v)
      return std::nullopt;
    return t;
  }
  bool contains(uint64_t v) const { return solve(v).has_value(); }
  unsigned rank() const { return size; }

private:
  void reduce(uint64_t &v, uint64_t &t) const {
    uint64_t todo = v & present;
    while (todo) {
      unsigned top = 63 - llvm::countl_zero(todo);
      v ^= vec[top];
      t ^= tags[top];
      // Basis vectors only touch bits at or below their pivot, so the
      // remaining work is the present pivots below this one that v still has.
      todo = v & present & ((uint64_t(1) << top) - 1);
    }
  }

  uint64_t vec[64] = {};
  uint64_t tags[64] = {};
  uint64_t present = 0;
  unsigned size = 0;
};

} // namespace mlir::aiter::layout::detail

#endif // AITER_LIB_LAYOUT_GF2_H
