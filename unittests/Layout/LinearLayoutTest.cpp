//===- LinearLayoutTest.cpp - the linear layout algebra and factories -----===//
//
// Algebra laws of the linear layout core: products, composition, inverses
// and pseudo-inverses, reshapes, sublayouts, masks and contiguity.
//
//===----------------------------------------------------------------------===//

#include "aiter/Layout/LinearLayout.h"

#include "gtest/gtest.h"

#include <random>

using namespace mlir::aiter::layout;
using llvm::SmallVector;

namespace {

/// The value of an Expected the test needs; a failure stops the test binary
/// with the error, which is what a broken factory deserves.
template <typename T> T ok(llvm::Expected<T> value) {
  if (!value)
    llvm::report_fatal_error(llvm::Twine("unexpected error: ") +
                             llvm::toString(value.takeError()));
  return std::move(*value);
}

/// The error text of an Expected that must fail.
template <typename T> std::string errorOf(llvm::Expected<T> value) {
  if (value)
    return "<no error>";
  return llvm::toString(value.takeError());
}

const std::string kDim0 = tensorDimName(0), kDim1 = tensorDimName(1);

/// Every input point of a layout, as one value per input dim.
SmallVector<SmallVector<int64_t>> allInputs(const LinearLayout &l) {
  SmallVector<SmallVector<int64_t>> points;
  for (int64_t flat = 0; flat < l.getTotalInSize(); ++flat) {
    SmallVector<int64_t> p;
    int64_t rest = flat;
    for (const LayoutDim &d : l.getInDims()) {
      p.push_back(rest % d.size());
      rest /= d.size();
    }
    points.push_back(p);
  }
  return points;
}

/// A random layout with the given dims (sizes as log2), bases uniform.
LinearLayout
randomLayout(std::mt19937 &rng,
             llvm::ArrayRef<std::pair<std::string, unsigned>> ins,
             llvm::ArrayRef<std::pair<std::string, unsigned>> outs) {
  SmallVector<InDimBases> bases;
  for (const auto &[name, bits] : ins) {
    InDimBases b{name, {}};
    for (unsigned i = 0; i < bits; ++i) {
      std::vector<int64_t> v;
      for (const auto &o : outs)
        v.push_back(int64_t(rng() % (uint64_t(1) << o.second)));
      b.bases.push_back(v);
    }
    bases.push_back(b);
  }
  SmallVector<std::pair<std::string, int64_t>> dims;
  for (const auto &[name, bits] : outs)
    dims.push_back({name, int64_t(1) << bits});
  return ok(LinearLayout::get(bases, dims, /*requireSurjective=*/false));
}

//===----------------------------------------------------------------------===//
// Algebra
//===----------------------------------------------------------------------===//

TEST(LinearLayoutAlgebra, OneDimensionalLayouts) {
  LinearLayout id = LinearLayout::identity1D(8, "x", "y");
  LinearLayout strided = LinearLayout::strided1D(4, 4, "x", "y");
  LinearLayout zeros = LinearLayout::zeros1D(8, "x", "y", 4);
  for (int64_t x = 0; x < 8; ++x) {
    EXPECT_EQ(id.apply({x})[0], x);
    EXPECT_EQ(zeros.apply({x})[0], 0);
  }
  for (int64_t x = 0; x < 4; ++x)
    EXPECT_EQ(strided.apply({x})[0], 4 * x);
  EXPECT_EQ(strided.getOutDimSize("y"), 16);
  EXPECT_TRUE(id.isInvertible());
  EXPECT_FALSE(strided.isSurjective());
  EXPECT_TRUE(strided.isInjective());
  EXPECT_FALSE(zeros.isInjective());
  EXPECT_EQ(zeros.getFreeVariableMask("x"), 0b111u);
}

TEST(LinearLayoutAlgebra, ProductConcatenatesAndScales) {
  // Shared output dim: (r, l) -> r + 4 * l.
  LinearLayout p = LinearLayout::identity1D(4, "r", "x") *
                   LinearLayout::identity1D(8, "l", "x");
  for (auto point : allInputs(p))
    EXPECT_EQ(p.apply(point)[0], point[0] + 4 * point[1]);
  // Shared input dim: the outer layout takes the high bits.
  LinearLayout q = LinearLayout::identity1D(4, "i", "x") *
                   LinearLayout::identity1D(2, "i", "y");
  EXPECT_EQ(q.getInDimSize("i"), 8);
  for (int64_t i = 0; i < 8; ++i) {
    SmallVector<int64_t> xy = q.apply({i});
    EXPECT_EQ(xy[0], i % 4);
    EXPECT_EQ(xy[1], i / 4);
  }
  // The empty layout is the identity of the product.
  EXPECT_EQ(LinearLayout() * p, p);
  EXPECT_EQ(p * LinearLayout(), p);
  // Associative.
  LinearLayout a = LinearLayout::identity1D(2, "r", "x"),
               b = LinearLayout::zeros1D(4, "l", "y"),
               c = LinearLayout::identity1D(4, "r", "y");
  EXPECT_EQ((a * b) * c, a * (b * c));
}

TEST(LinearLayoutAlgebra, ComposeWithInverseIsIdentity) {
  std::mt19937 rng(7);
  int invertible = 0;
  for (int trial = 0; trial < 200 && invertible < 40; ++trial) {
    LinearLayout l = randomLayout(rng, {{"register", 2}, {"lane", 3}},
                                  {{"dim0", 3}, {"dim1", 2}});
    if (!l.isInvertible()) {
      EXPECT_NE(errorOf(l.invert()).find("not bijective"), std::string::npos);
      continue;
    }
    ++invertible;
    LinearLayout inv = ok(l.invert());
    LinearLayout idIns = LinearLayout::identity1D(4, "register", "register") *
                         LinearLayout::identity1D(8, "lane", "lane");
    LinearLayout idOuts = LinearLayout::identity1D(8, "dim0", "dim0") *
                          LinearLayout::identity1D(4, "dim1", "dim1");
    EXPECT_EQ(ok(l.compose(inv)), idIns) << l.str();
    EXPECT_EQ(ok(inv.compose(l)), idOuts) << l.str();
    // invertAndCompose with itself is the identity too.
    EXPECT_EQ(ok(l.invertAndCompose(l)), idIns);
  }
  EXPECT_GE(invertible, 20);
}

TEST(LinearLayoutAlgebra, InvertAndComposeThroughBroadcasts) {
  // B holds every element twice (lane bit 2 is a broadcast) and is not
  // injective; A holds each once. C must satisfy B(C(x)) = A(x) everywhere.
  std::mt19937 rng(11);
  int checked = 0;
  for (int trial = 0; trial < 300 && checked < 30; ++trial) {
    LinearLayout a = randomLayout(rng, {{"register", 2}, {"lane", 2}},
                                  {{"dim0", 2}, {"dim1", 2}});
    LinearLayout b = randomLayout(rng, {{"register", 1}, {"lane", 4}},
                                  {{"dim0", 2}, {"dim1", 2}});
    if (!b.isSurjective() || b.isInjective())
      continue;
    ++checked;
    LinearLayout c = ok(a.invertAndCompose(b));
    for (auto x : allInputs(a)) {
      SmallVector<int64_t> y = c.apply(x);
      EXPECT_EQ(b.apply(y), a.apply(x));
    }
    // The pseudo-inverse of a broadcasting layout is a right inverse.
    LinearLayout p = ok(b.pseudoInvert());
    for (auto y : allInputs(p))
      EXPECT_EQ(b.apply(p.apply(y)), y);
  }
  EXPECT_GE(checked, 10);
  // A target that misses an element is an error naming it.
  LinearLayout half = LinearLayout::zeros1D(2, "lane", "dim0", 4) *
                      LinearLayout::identity1D(2, "register", "dim0");
  std::string msg = errorOf(
      LinearLayout::identity1D(4, "lane", "dim0").invertAndCompose(half));
  EXPECT_NE(msg.find("holds no copy of the element at (dim0=1)"),
            std::string::npos)
      << msg;
  EXPECT_NE(errorOf(half.pseudoInvert()).find("surjective"), std::string::npos);
}

TEST(LinearLayoutAlgebra, ConstructionErrors) {
  EXPECT_NE(errorOf(LinearLayout::get({}, {{"x", 3}})).find("not a power of 2"),
            std::string::npos);
  EXPECT_NE(errorOf(LinearLayout::get({{"i", {{4}}}}, {{"x", 4}}))
                .find("coordinate 4"),
            std::string::npos);
  EXPECT_NE(errorOf(LinearLayout::get({{"i", {{1}}}}, {{"x", 4}}))
                .find("not surjective"),
            std::string::npos);
  EXPECT_NE(errorOf(LinearLayout::get({{"i", {{1, 0}}}}, {{"x", 4}}))
                .find("2 coordinates for 1"),
            std::string::npos);
  // Inferred sizes: the next power of two above every coordinate.
  LinearLayout l = ok(LinearLayout::getInferred(
      {{"i", {{1, 0}, {2, 1}, {4, 0}, {0, 2}, {0, 1}}}}, {"a", "b"}));
  EXPECT_EQ(l.getOutDimSize("a"), 8);
  EXPECT_EQ(l.getOutDimSize("b"), 4);
  // 3 input bits cannot reach the 32 points the coordinates imply.
  EXPECT_NE(errorOf(LinearLayout::getInferred({{"i", {{1, 0}, {5, 1}, {2, 2}}}},
                                              {"a", "b"}))
                .find("not surjective"),
            std::string::npos);
}

TEST(LinearLayoutAlgebra, ReshapeTransposeAndEquality) {
  LinearLayout l = LinearLayout::identity1D(4, "r", "dim1") *
                   LinearLayout::identity1D(8, "l", "dim0");
  // Order does not matter for equality; it does for flattening.
  LinearLayout t = ok(l.transposeOuts({"dim0", "dim1"}));
  EXPECT_EQ(l, t);
  LinearLayout flat = l.flattenOuts(); // dim1 fastest
  for (auto p : allInputs(l))
    EXPECT_EQ(flat.apply(p)[0], p[0] + 4 * p[1]);
  LinearLayout back = ok(flat.reshapeOuts({{"dim1", 4}, {"dim0", 8}}));
  EXPECT_EQ(back, l);
  EXPECT_NE(errorOf(l.reshapeOuts({{"x", 16}})).find("total size"),
            std::string::npos);
  EXPECT_NE(errorOf(l.transposeOuts({"dim0"})).find("not a permutation"),
            std::string::npos);
  LinearLayout ins = ok(l.reshapeIns({{"flat", 32}}));
  for (int64_t f = 0; f < 32; ++f)
    EXPECT_EQ(ins.apply({f}), l.apply({f % 4, f / 4}));
  EXPECT_NE(l, LinearLayout::identity1D(4, "r", "dim1") *
                   LinearLayout::strided1D(4, 2, "l", "dim0"));
}

TEST(LinearLayoutAlgebra, SublayoutsMasksAndContiguity) {
  // register -> dim1 (2 bits), lane -> dim0 and a copy, wave -> dim0.
  LinearLayout l = ok(LinearLayout::get({{"register", {{0, 1}, {0, 2}, {0, 0}}},
                                         {"lane", {{1, 0}, {0, 1}, {2, 0}}},
                                         {"wave", {{4, 0}}}},
                                        {{"dim0", 8}, {"dim1", 4}}));
  EXPECT_EQ(l.getFreeVariableMask("register"), 0b100u); // zero basis
  EXPECT_EQ(l.getFreeVariableMask("lane"), 0b010u);     // same as register 0
  EXPECT_EQ(l.getFreeVariableMask("wave"), 0u);
  EXPECT_EQ(l.removeZeroBases("register").getInDimSize("register"), 4);
  EXPECT_TRUE(l.sublayoutIsZero({"wave"}, {"dim1"}));
  EXPECT_FALSE(l.sublayoutIsZero({"lane"}, {"dim1"}));
  LinearLayout sub = l.sublayout({"register"}, {"dim1"});
  EXPECT_EQ(sub.getOutDims().size(), 1u);
  EXPECT_EQ(sub.apply({3})[0], 3);
  // Registers walk dim1, but lane 2 adds 1 along dim1, so any run of two
  // would start unaligned: the vector width is 1.
  EXPECT_EQ(l.getNumContiguous("register", "dim1"), 1);
  LinearLayout clean = ok(LinearLayout::get(
      {{"register", {{0, 1}, {0, 2}}}, {"lane", {{1, 0}, {0, 4}}}},
      {{"dim0", 2}, {"dim1", 8}}));
  EXPECT_EQ(clean.getNumContiguous("register", "dim1"), 4);
  EXPECT_EQ(clean.getNumContiguous("register", "dim0"), 1);
  LinearLayout misaligned = ok(LinearLayout::get(
      {{"register", {{1}, {2}}}, {"lane", {{2}, {4}}}}, {{"dim0", 8}}, false));
  EXPECT_EQ(misaligned.getNumContiguous("register", "dim0"), 2);
  // isTrivialOver: identity on lanes, registers mixed.
  LinearLayout map = ok(LinearLayout::get(
      {{"register", {{2, 0}, {1, 0}}}, {"lane", {{0, 1}, {0, 2}}}},
      {{"register", 4}, {"lane", 4}}));
  EXPECT_TRUE(map.isTrivialOver({"lane"}));
  EXPECT_FALSE(map.isTrivialOver({"register"}));
  LinearLayout mixes = ok(LinearLayout::get(
      {{"register", {{1, 1}, {2, 0}}}, {"lane", {{0, 1}, {0, 2}}}},
      {{"register", 4}, {"lane", 4}}));
  EXPECT_FALSE(mixes.isTrivialOver({"lane"})); // a register reaches lane 1
  // wrapOutDim: coordinates modulo the new size.
  LinearLayout w =
      ok(LinearLayout::identity1D(8, "lane", "dim0").wrapOutDim("dim0", 2));
  for (int64_t x = 0; x < 8; ++x)
    EXPECT_EQ(w.apply({x})[0], x % 2);
  EXPECT_EQ(w.getFreeVariableMask("lane"), 0b110u);
}

} // namespace
