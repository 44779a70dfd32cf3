//===- LinearLayoutTest.cpp - the linear layout algebra and factories -----===//
//
// Algebra laws, conversion cases, vector widths, LDS bank conflicts and
// swizzles, and the MFMA layouts checked against the emulator's instructions.
//
//===----------------------------------------------------------------------===//

#include "aiter/Layout/LinearLayout.h"
#include "aiter/Layout/LayoutConversion.h"
#include "aiter/Layout/Layouts.h"

#include "aiter/Emulator/Emulator.h"
#include "aiter/Emulator/FloatConv.h"
#include "aiter/Emulator/LdsBanks.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/APFloat.h"
#include "gtest/gtest.h"

#include <cstring>
#include <map>
#include <random>
#include <tuple>

using namespace mlir::aiter;
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

TEST(LayoutAlgebra, OneDimensionalLayouts) {
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

TEST(LayoutAlgebra, ProductConcatenatesAndScales) {
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

TEST(LayoutAlgebra, ComposeWithInverseIsIdentity) {
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

TEST(LayoutAlgebra, InvertAndComposeThroughBroadcasts) {
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

TEST(LayoutAlgebra, ConstructionErrors) {
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

TEST(LayoutAlgebra, ReshapeTransposeAndEquality) {
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

TEST(LayoutAlgebra, SublayoutsMasksAndContiguity) {
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

//===----------------------------------------------------------------------===//
// MFMA layouts against the emulator
//===----------------------------------------------------------------------===//

/// One MFMA form of one chip: the target table's f16/bf16 entries and the
/// fp8 forms the emulator models (in the chip's fp8 format).
struct MfmaCase {
  std::string chip;
  MfmaInstrShape shape;
  aiter::emu::ElemType elem;
  std::string name() const {
    return chip + " " + shape.str() + " " +
           aiter::emu::elemTypeName(elem).str();
  }
};

std::vector<MfmaCase> allMfmaCases() {
  std::vector<MfmaCase> cases;
  for (llvm::StringRef chip : TargetInfo::supportedChips()) {
    const TargetInfo &target = ok(TargetInfo::lookup(chip));
    for (auto [type, elem] :
         {std::pair{MatrixElementType::BF16, aiter::emu::ElemType::BF16},
          std::pair{MatrixElementType::F16, aiter::emu::ElemType::F16}})
      for (const MfmaInfo *info : target.mfmas(type))
        cases.push_back({chip.str(), MfmaInstrShape::fromTable(*info), elem});
    aiter::emu::ElemType fp8 = target.fp8Format() == Fp8Format::FNUZ
                                   ? aiter::emu::ElemType::F8E4M3FNUZ
                                   : aiter::emu::ElemType::F8E4M3FN;
    cases.push_back({chip.str(), ok(MfmaInstrShape::get(32, 32, 16)), fp8});
    cases.push_back({chip.str(), ok(MfmaInstrShape::get(16, 16, 32)), fp8});
  }
  return cases;
}

TEST(LayoutMfma, TableShapesHaveTheDocumentedKWidth) {
  const TargetInfo &gfx950 = ok(TargetInfo::lookup("gfx950"));
  const MfmaInfo *doubled =
      gfx950.findMfma(MatrixElementType::BF16, 32, 32, 16);
  ASSERT_TRUE(doubled);
  EXPECT_EQ(MfmaInstrShape::fromTable(*doubled).kWidth, 8);
  const MfmaInfo *base = gfx950.findMfma(MatrixElementType::F16, 16, 16, 16);
  ASSERT_TRUE(base);
  EXPECT_EQ(MfmaInstrShape::fromTable(*base).kWidth, 4);
  EXPECT_NE(errorOf(MfmaInstrShape::get(4, 4, 4)).find("only square 16x16"),
            std::string::npos);
  EXPECT_NE(errorOf(MfmaInstrShape::get(32, 32, 6)).find("multiple of 2"),
            std::string::npos);
}

/// A, B and C/D layouts of one instruction on one wave.
std::tuple<LinearLayout, LinearLayout, LinearLayout>
instructionLayouts(const MfmaInstrShape &s) {
  return {ok(mfmaOperandLayout(s, MfmaOperand::A, {1, 1}, {s.m, s.k})),
          ok(mfmaOperandLayout(s, MfmaOperand::B, {1, 1}, {s.k, s.n})),
          ok(mfmaAccumulatorLayout(s, {1, 1}, {s.m, s.n}))};
}

// The register/lane formulas the emulator's WG::mfma decodes operands and
// encodes results with (lib/Emulator/Interpreter.cpp, docs/emulator.md).
TEST(LayoutMfma, MatchTheEmulatorsDocumentedFormulas) {
  for (const MfmaCase &c : allMfmaCases()) {
    SCOPED_TRACE(c.name());
    const MfmaInstrShape &s = c.shape;
    auto [a, b, acc] = instructionLayouts(s);
    ASSERT_EQ(a.getInDimSize(kRegister), s.kWidth);
    ASSERT_EQ(acc.getInDimSize(kRegister), s.m * s.n / 64);
    for (int64_t lane = 0; lane < 64; ++lane) {
      for (int64_t t = 0; t < s.kWidth; ++t) {
        EXPECT_EQ(
            a.apply({t, lane, 0}),
            (SmallVector<int64_t>{lane % s.m, (lane / s.m) * s.kWidth + t}));
        EXPECT_EQ(
            b.apply({t, lane, 0}),
            (SmallVector<int64_t>{(lane / s.n) * s.kWidth + t, lane % s.n}));
      }
      for (int64_t r = 0; r < s.m * s.n / 64; ++r) {
        int64_t i = s.m == 32 ? 8 * (r / 4) + 4 * (lane / 32) + r % 4
                              : 4 * (lane / 16) + r % 4;
        EXPECT_EQ(acc.apply({r, lane, 0}),
                  (SmallVector<int64_t>{i, lane % s.n}));
      }
    }
  }
}

/// A kernel running one MFMA per lane-vector of its inputs, in the form of
/// test/Emulator/mfma_gfx9*.mlir.
std::string mfmaKernel(const MfmaCase &c) {
  std::string src = R"mlir(
gpu.module @m [#rocdl.target<chip = "CHIP">] {
  gpu.func @k(%a: memref<64xKLxT>, %b: memref<64xKLxT>, %c: memref<64xACCxf32>, %d: memref<64xACCxf32>) kernel {
    %l = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %va = vector.load %a[%l, %c0] : memref<64xKLxT>, vector<KLxT>
    %vb = vector.load %b[%l, %c0] : memref<64xKLxT>, vector<KLxT>
    %vc = vector.load %c[%l, %c0] : memref<64xACCxf32>, vector<ACCxf32>
    %r = amdgpu.mfma MxNxK %va * %vb + %vc {blocks = 1 : i32} blgp = none : vector<KLxT>, vector<KLxT>, vector<ACCxf32>
    vector.store %r, %d[%l, %c0] : memref<64xACCxf32>, vector<ACCxf32>
    gpu.return
  }
}
)mlir";
  auto replaceAll = [&](llvm::StringRef from, const std::string &to) {
    for (size_t pos; (pos = src.find(from.str())) != std::string::npos;)
      src.replace(pos, from.size(), to);
  };
  replaceAll("CHIP", c.chip);
  replaceAll("MxNxK", c.shape.str());
  replaceAll("ACC", std::to_string(c.shape.m * c.shape.n / 64));
  replaceAll("KL", std::to_string(c.shape.kWidth));
  replaceAll("xT>", "x" + aiter::emu::elemTypeName(c.elem).str() + ">");
  return src;
}

/// The bits of a small integer in an MFMA operand type.
uint16_t encode(aiter::emu::ElemType t, int v) {
  using aiter::emu::ElemType;
  switch (t) {
  case ElemType::BF16:
    return aiter::emu::doubleToBf16(v);
  case ElemType::F16:
    return aiter::emu::doubleToF16(v);
  default: {
    llvm::APFloat f{double(v)};
    bool lost = false;
    f.convert(t == ElemType::F8E4M3FNUZ ? llvm::APFloat::Float8E4M3FNUZ()
                                        : llvm::APFloat::Float8E4M3FN(),
              llvm::APFloat::rmNearestTiesToEven, &lost);
    return uint16_t(f.bitcastToAPInt().getZExtValue());
  }
  }
}

struct LayoutMfmaEmulator : ::testing::Test {
  mlir::MLIRContext ctx;
  void SetUp() override {
    ctx.loadDialect<mlir::gpu::GPUDialect, mlir::amdgpu::AMDGPUDialect,
                    mlir::arith::ArithDialect, mlir::memref::MemRefDialect,
                    mlir::scf::SCFDialect, mlir::vector::VectorDialect,
                    mlir::ROCDL::ROCDLDialect>();
  }
};

// Places A, B and C in the lanes the factories say, runs the instruction in
// the emulator, and reads D back through the accumulator layout. A wrong
// accumulator layout, or operand layouts that disagree with the hardware's
// pairing of A and B elements, changes some D element. (A permutation of K
// applied to both A and B is invisible in D by design, and harmless to a
// dot; the documented-formula test above pins K's order.)
TEST_F(LayoutMfmaEmulator, MfmaLayoutsComputeTheProduct) {
  std::mt19937 rng(3);
  for (const MfmaCase &c : allMfmaCases()) {
    SCOPED_TRACE(c.name());
    const MfmaInstrShape &s = c.shape;
    auto [la, lb, lc] = instructionLayouts(s);
    std::vector<int> A(s.m * s.k), B(s.k * s.n);
    std::vector<float> C(s.m * s.n);
    for (int &v : A)
      v = int(rng() % 5) - 2;
    for (int &v : B)
      v = int(rng() % 5) - 2;
    for (float &v : C)
      v = float(int(rng() % 17) - 8);
    unsigned eb = aiter::emu::elemBytes(c.elem);
    int64_t acc = s.m * s.n / 64;
    std::vector<uint8_t> abuf(64 * s.kWidth * eb), bbuf(abuf.size());
    std::vector<float> cbuf(64 * acc), dbuf(64 * acc);
    for (int64_t l = 0; l < 64; ++l) {
      for (int64_t t = 0; t < s.kWidth; ++t) {
        SmallVector<int64_t> ik = la.apply({t, l, 0}), kj = lb.apply({t, l, 0});
        uint16_t av = encode(c.elem, A[ik[0] * s.k + ik[1]]);
        uint16_t bv = encode(c.elem, B[kj[0] * s.n + kj[1]]);
        std::memcpy(&abuf[(l * s.kWidth + t) * eb], &av, eb);
        std::memcpy(&bbuf[(l * s.kWidth + t) * eb], &bv, eb);
      }
      for (int64_t r = 0; r < acc; ++r) {
        SmallVector<int64_t> ij = lc.apply({r, l, 0});
        cbuf[l * acc + r] = C[ij[0] * s.n + ij[1]];
      }
    }
    auto module = mlir::parseSourceString<mlir::ModuleOp>(mfmaKernel(c), &ctx);
    ASSERT_TRUE(module);
    aiter::emu::KernelArg args[] = {
        aiter::emu::KernelArg::buffer(abuf.data(), abuf.size(), c.elem,
                                      {64, s.kWidth}),
        aiter::emu::KernelArg::buffer(bbuf.data(), bbuf.size(), c.elem,
                                      {64, s.kWidth}),
        aiter::emu::KernelArg::buffer(cbuf.data(), cbuf.size() * 4,
                                      aiter::emu::ElemType::F32, {64, acc}),
        aiter::emu::KernelArg::buffer(dbuf.data(), dbuf.size() * 4,
                                      aiter::emu::ElemType::F32, {64, acc})};
    aiter::emu::LaunchConfig cfg;
    cfg.threads = 1;
    auto stats = aiter::emu::runKernel(module->getOperation(), "k", cfg, args);
    ASSERT_TRUE(bool(stats)) << llvm::toString(stats.takeError());
    EXPECT_EQ(stats->mfma, 1u);
    for (int64_t l = 0; l < 64; ++l)
      for (int64_t r = 0; r < acc; ++r) {
        SmallVector<int64_t> ij = lc.apply({r, l, 0});
        float expect = C[ij[0] * s.n + ij[1]];
        for (int64_t k = 0; k < s.k; ++k)
          expect += float(A[ij[0] * s.k + k] * B[k * s.n + ij[1]]);
        ASSERT_EQ(dbuf[l * acc + r], expect) << "lane " << l << " reg " << r;
      }
  }
}

// Repetitions over a wave's block and the wave grid, against the layout
// spelled out: instruction layout, then N repetitions, M repetitions, waves
// along N, waves along M.
TEST(LayoutMfma, TiledOverWavesAndRepetitions) {
  for (const MfmaCase &c : allMfmaCases()) {
    SCOPED_TRACE(c.name());
    const MfmaInstrShape &s = c.shape;
    WaveGrid grid{2, 2};
    int64_t tm = 4 * s.m, tn = 8 * s.n, tk = 4 * s.k;
    int64_t rm = tm / (s.m * grid.m), rn = tn / (s.n * grid.n);
    LinearLayout acc = ok(mfmaAccumulatorLayout(s, grid, {tm, tn}));
    int64_t instrRegs = s.m * s.n / 64;
    ASSERT_EQ(acc.getInDimSize(kRegister), instrRegs * rm * rn);
    ASSERT_EQ(acc.getInDimSize(kWave), 4);
    for (auto p : allInputs(acc)) {
      int64_t r = p[0], l = p[1], w = p[2];
      int64_t ri = r % instrRegs, rep = r / instrRegs;
      int64_t i0 = s.m == 32 ? 8 * (ri / 4) + 4 * (l / 32) + ri % 4
                             : 4 * (l / 16) + ri % 4;
      int64_t i = i0 + s.m * (rep / rn + rm * (w / grid.n));
      int64_t j = l % s.n + s.n * (rep % rn + rn * (w % grid.n));
      ASSERT_EQ(acc.apply(p), (SmallVector<int64_t>{i, j})) << r << " " << l;
    }
    EXPECT_TRUE(acc.isInjective() && acc.isSurjective());

    // A with kWidth twice the instruction's (two instructions per run).
    int64_t kw = 2 * s.kWidth, groups = 64 / s.m, kReps = tk / (kw * groups);
    LinearLayout a =
        ok(mfmaOperandLayout(s, MfmaOperand::A, grid, {tm, tk}, kw));
    for (auto p : allInputs(a)) {
      int64_t r = p[0], l = p[1], w = p[2];
      int64_t t = r % kw, kRep = (r / kw) % kReps, mRep = r / kw / kReps;
      int64_t i = l % s.m + s.m * (mRep + rm * (w / grid.n));
      int64_t k = (l / s.m) * kw + t + kRep * kw * groups;
      ASSERT_EQ(a.apply(p), (SmallVector<int64_t>{i, k}));
    }
    // Waves along N hold copies of A; waves along M hold copies of B.
    EXPECT_EQ(a.getFreeVariableMask(kWave), 0b01u);
    LinearLayout b = ok(mfmaOperandLayout(s, MfmaOperand::B, grid, {tk, tn}));
    EXPECT_EQ(b.getFreeVariableMask(kWave), 0b10u);
  }
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 8));
  EXPECT_NE(errorOf(mfmaAccumulatorLayout(s, {2, 1}, {32, 32}))
                .find("accumulator rows (32) must be a power-of-2 multiple of "
                      "64"),
            std::string::npos);
  EXPECT_NE(errorOf(mfmaOperandLayout(s, MfmaOperand::A, {1, 1}, {32, 8}, 6))
                .find("kWidth"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Blocked, slice, expand_dims, transpose
//===----------------------------------------------------------------------===//

BlockedLayoutParams rowMajorBlocked(int64_t vec, int64_t lanesAlongRow,
                                    int64_t waves) {
  return {{1, vec}, {64 / lanesAlongRow, lanesAlongRow}, {waves, 1}, {1, 0}};
}

TEST(LayoutBlocked, CoalescedRowsRepeatAndWrap) {
  LinearLayout l = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {128, 64}));
  for (auto p : allInputs(l)) {
    int64_t r = p[0], lane = p[1], w = p[2];
    ASSERT_EQ(l.apply(p), (SmallVector<int64_t>{lane / 8 + 8 * w + 32 * (r / 8),
                                                r % 8 + 8 * (lane % 8)}));
  }
  EXPECT_EQ(l.getNumContiguous(kRegister, kDim1), 8);
  EXPECT_EQ(l.getNumContiguous(kRegister, kDim0), 1);
  // A 16-row tile: waves 2 and 3 wrap onto rows 0..15 again.
  LinearLayout small = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {16, 64}));
  EXPECT_EQ(small.getInDimSize(kRegister), 8);
  EXPECT_EQ(small.getFreeVariableMask(kWave), 0b10u);
  EXPECT_NE(errorOf(blockedLayout({{1, 8}, {8, 4}, {4, 1}, {1, 0}}, {128, 64}))
                .find("multiplies to 32"),
            std::string::npos);
  EXPECT_NE(errorOf(blockedLayout({{1, 8}, {8, 8}, {4, 1}, {0, 0}}, {128, 64}))
                .find("not a permutation"),
            std::string::npos);
}

TEST(LayoutSlice, ReductionResultAndBroadcastBack) {
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 8));
  LinearLayout acc = ok(mfmaAccumulatorLayout(s, {4, 1}, {128, 64}));
  // Row reduction (along dim1): the 32 lanes of a row hold copies; the
  // register that walked N (one repetition) disappears.
  LinearLayout rows = ok(sliceLayout(acc, 1));
  EXPECT_EQ(rows.getOutDims().size(), 1u);
  EXPECT_EQ(rows.getOutDimSize(kDim0), 128);
  EXPECT_EQ(rows.getInDimSize(kRegister), acc.getInDimSize(kRegister) / 2);
  EXPECT_EQ(rows.getFreeVariableMask(kLane), 0b011111u);
  for (auto p : allInputs(rows)) {
    // Each register holds the row its parent held.
    SmallVector<int64_t> parent = acc.apply({p[0], p[1], p[2]});
    EXPECT_EQ(rows.apply(p)[0], parent[0]);
  }
  // expand_dims then broadcast back to the accumulator: no data moves; the
  // broadcast's extra registers are copies of the slice's.
  LinearLayout expanded = ok(expandDimsLayout(rows, 1));
  EXPECT_EQ(expanded.getOutDimSize(kDim1), 1);
  EXPECT_EQ(expanded.getOutDimNames(),
            (SmallVector<std::string>{kDim0, kDim1}));
  LayoutConversion b = ok(broadcastConversion(expanded, acc, 1));
  EXPECT_EQ(b.getKind(), ConversionKind::RegisterPermutation);
  EXPECT_TRUE(b.isUniformRename());
  // The same for a column reduction (the lanes already walk the columns).
  LinearLayout cols = ok(sliceLayout(acc, 0));
  EXPECT_EQ(cols.getOutDimSize(kDim0), 64);
  EXPECT_EQ(cols.getInDimSize(kRegister), 2);
  LinearLayout colsExpanded = ok(expandDimsLayout(cols, 0));
  LayoutConversion cb = ok(broadcastConversion(colsExpanded, acc, 0));
  EXPECT_EQ(cb.getKind(), ConversionKind::RegisterPermutation);
  EXPECT_TRUE(cb.isUniformRename());
  // Broadcasting the row result of a blocked layout into the accumulator
  // is not in place: the rows sit in other lanes.
  LinearLayout blocked = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {128, 64}));
  LinearLayout blockedRows =
      ok(expandDimsLayout(ok(sliceLayout(blocked, 1)), 1));
  EXPECT_NE(ok(broadcastConversion(blockedRows, acc, 1)).getKind(),
            ConversionKind::RegisterPermutation);
  EXPECT_NE(errorOf(broadcastConversion(acc, acc, 1)).find("not 1"),
            std::string::npos);
  EXPECT_NE(errorOf(sliceLayout(acc, 2)).find("rank-2"), std::string::npos);
}

TEST(LayoutTranspose, AccumulatorTransposedIsTheSTLayout) {
  // Transposing the tensor of a 32x64 accumulator gives the S^T form of the
  // 64x32 tile: same lanes, same registers, names swapped.
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 8));
  LinearLayout acc = ok(mfmaAccumulatorLayout(s, {1, 1}, {32, 64}));
  LinearLayout t = ok(transposeLayout(acc, {1, 0}));
  EXPECT_EQ(t, ok(mfmaAccumulatorLayout(s, {1, 1}, {64, 32}, true)));
  for (auto p : allInputs(acc)) {
    SmallVector<int64_t> ij = acc.apply(p), ji = t.apply(p);
    EXPECT_EQ(ij[0], ji[1]);
    EXPECT_EQ(ij[1], ji[0]);
  }
  EXPECT_NE(errorOf(transposeLayout(acc, {0, 0})).find("not a permutation"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

/// src(C(x)) = dst(x) for every destination location.
void expectMapsCorrectly(const LayoutConversion &cvt, const LinearLayout &src,
                         const LinearLayout &dst) {
  for (int64_t w = 0; w < dst.getInDimSize(kWave); ++w)
    for (int64_t l = 0; l < dst.getInDimSize(kLane); ++l)
      for (int64_t r = 0; r < dst.getInDimSize(kRegister); ++r) {
        HardwareLocation from = cvt.getSource({r, l, w});
        ASSERT_EQ(src.apply({{kRegister, from.reg},
                             {kLane, from.lane},
                             {kWave, from.wave}}),
                  dst.apply({{kRegister, r}, {kLane, l}, {kWave, w}}))
            << "register " << r << " lane " << l << " wave " << w;
      }
}

LayoutConversion classify(const LinearLayout &src, const LinearLayout &dst) {
  LayoutConversion cvt = ok(LayoutConversion::get(src, dst));
  expectMapsCorrectly(cvt, src, dst);
  return cvt;
}

TEST(LayoutConversions, SameAccumulatorNeedsNothing) {
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 8));
  LinearLayout acc = ok(mfmaAccumulatorLayout(s, {2, 2}, {128, 128}));
  LayoutConversion cvt = classify(acc, acc);
  EXPECT_EQ(cvt.getKind(), ConversionKind::None);
  EXPECT_TRUE(cvt.isUniformRename());
  EXPECT_EQ(cvt.getMovedLaneBits(), 0u);
}

// The attention chain dot (DESIGN.md layer 3 item 3): S^T's accumulator
// feeds P V as the A operand.
TEST(LayoutConversions, ChainDotStaysInRegistersWhereShapesAllow) {
  struct Case {
    int64_t m, k, kWidth;
    ConversionKind expect;
  } cases[] = {
      // gfx942 32x32x8 and 16x16x16 (kWidth 4): the same map.
      {32, 8, 4, ConversionKind::None},
      {16, 16, 4, ConversionKind::None},
      // gfx950 K-doubled shapes read 8 consecutive K per lane; S^T holds
      // runs of 4 columns, so lane bit 5 trades places with a register bit.
      {32, 16, 8, ConversionKind::InWaveExchange},
      {16, 32, 8, ConversionKind::InWaveExchange},
  };
  for (const Case &c : cases) {
    MfmaInstrShape s = ok(MfmaInstrShape::get(c.m, c.m, c.k));
    SCOPED_TRACE(s.str());
    LinearLayout sT = ok(mfmaAccumulatorLayout(s, {4, 1}, {128, 64}, true));
    LinearLayout p =
        ok(mfmaOperandLayout(s, MfmaOperand::A, {4, 1}, {128, 64}, c.kWidth));
    LayoutConversion cvt = classify(sT, p);
    EXPECT_EQ(cvt.getKind(), c.expect);
    // The non-transposed accumulator is never already the operand.
    LinearLayout acc = ok(mfmaAccumulatorLayout(s, {4, 1}, {128, 64}));
    EXPECT_EQ(classify(acc, p).getKind(), ConversionKind::InWaveExchange);
  }
  // gfx950 32x32x16: exactly a v_permlane32_swap of lane bit 5 against the
  // register bit that holds column 8 (S^T) / K 4 (the operand).
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 16));
  LinearLayout sT = ok(mfmaAccumulatorLayout(s, {4, 1}, {128, 64}, true));
  LinearLayout p = ok(mfmaOperandLayout(s, MfmaOperand::A, {4, 1}, {128, 64}));
  LayoutConversion cvt = classify(sT, p);
  EXPECT_EQ(cvt.getMovedLaneBits(), 0b100000u);
  auto swaps = cvt.getLaneRegisterSwaps();
  ASSERT_TRUE(swaps.has_value());
  ASSERT_EQ(swaps->size(), 1u);
  EXPECT_EQ((*swaps)[0].laneBit, 5u);
  EXPECT_EQ((*swaps)[0].srcRegisterBit, 2u);
  EXPECT_EQ((*swaps)[0].dstRegisterBit, 2u);
  // The reader-side view agrees with the map, and reads the partner half.
  for (const LaneTransfer &t : cvt.getLaneTransfers(1)) {
    EXPECT_FALSE(t.uniformSourceRegister);
    for (int64_t l = 0; l < 64; ++l) {
      HardwareLocation from = cvt.getSource({t.dstRegister, l, 1});
      EXPECT_EQ(t.srcLane[l], from.lane);
      EXPECT_EQ(t.srcRegister[l], from.reg);
      EXPECT_EQ(from.lane % 32, l % 32);
    }
  }
  // With the gfx950 shape kept at kWidth 4 operands, S^T is the operand.
  LinearLayout p4 = ok(mfmaOperandLayout(ok(MfmaInstrShape::get(32, 32, 8)),
                                         MfmaOperand::A, {4, 1}, {128, 64}));
  EXPECT_EQ(classify(sT, p4).getKind(), ConversionKind::None);
}

TEST(LayoutConversions, BlockedToOperandGoesThroughLds) {
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 8));
  LinearLayout blocked = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {128, 64}));
  LinearLayout a = ok(mfmaOperandLayout(s, MfmaOperand::A, {4, 1}, {128, 64}));
  EXPECT_EQ(classify(blocked, a).getKind(), ConversionKind::LdsRoundTrip);
  EXPECT_EQ(classify(a, blocked).getKind(), ConversionKind::LdsRoundTrip);
}

/// A layout of 4 registers and 4 lanes over a 4x4 tile, bases as
/// (dim0, dim1) pairs.
LinearLayout tiny(std::vector<std::vector<int64_t>> regs,
                  std::vector<std::vector<int64_t>> lanes) {
  return ok(LinearLayout::get({{"register", regs}, {"lane", lanes}},
                              {{kDim0, 4}, {kDim1, 4}}));
}

TEST(LayoutConversions, RegisterPermutations) {
  // Registers swap order: a rename.
  LinearLayout src = tiny({{1, 0}, {2, 0}}, {{0, 1}, {0, 2}});
  LinearLayout renamed = tiny({{2, 0}, {1, 0}}, {{0, 1}, {0, 2}});
  LayoutConversion rename = classify(src, renamed);
  EXPECT_EQ(rename.getKind(), ConversionKind::RegisterPermutation);
  EXPECT_TRUE(rename.isUniformRename());
  // Lane 1 holds in its register 1 what lane 0 holds in register 0 ^ 1:
  // the data stays in the lane, but the register depends on the lane.
  LinearLayout selected = tiny({{1, 0}, {2, 0}}, {{1, 1}, {0, 2}});
  LayoutConversion select = classify(src, selected);
  EXPECT_EQ(select.getKind(), ConversionKind::RegisterPermutation);
  EXPECT_FALSE(select.isUniformRename());
  // Lanes swap their two bits: an in-wave permutation, one source register
  // per destination register (one ds_bpermute each).
  LinearLayout lanesSwapped = tiny({{1, 0}, {2, 0}}, {{0, 2}, {0, 1}});
  LayoutConversion shuffle = classify(src, lanesSwapped);
  EXPECT_EQ(shuffle.getKind(), ConversionKind::InWaveExchange);
  EXPECT_EQ(shuffle.getMovedLaneBits(), 0b11u);
  EXPECT_FALSE(shuffle.getLaneRegisterSwaps().has_value());
  for (const LaneTransfer &t : shuffle.getLaneTransfers()) {
    EXPECT_TRUE(t.uniformSourceRegister);
    EXPECT_TRUE(t.isLanePermutation);
  }
}

TEST(LayoutConversions, BroadcastSourcesAndErrors) {
  // The source holds every element twice (in lanes l and l ^ 2); the
  // destination's registers are the source's lane copies: stays in lane
  // where a copy is local.
  LinearLayout src =
      ok(LinearLayout::get({{"register", {{0, 1}}}, {"lane", {{1, 0}, {0, 0}}}},
                           {{kDim0, 2}, {kDim1, 2}}));
  LinearLayout dst =
      ok(LinearLayout::get({{"register", {{0, 1}}}, {"lane", {{0, 0}, {1, 0}}}},
                           {{kDim0, 2}, {kDim1, 2}}));
  EXPECT_EQ(classify(src, dst).getKind(), ConversionKind::InWaveExchange);
  EXPECT_EQ(classify(src, src).getKind(), ConversionKind::None);
  LinearLayout other = LinearLayout::identity1D(4, kLane, kDim0);
  EXPECT_NE(errorOf(LayoutConversion::get(src, other)).find("different shapes"),
            std::string::npos);
  LinearLayout partial = ok(
      LinearLayout::get({{"register", {{0, 0}}}, {"lane", {{1, 0}, {0, 0}}}},
                        {{kDim0, 2}, {kDim1, 2}}, /*requireSurjective=*/false));
  EXPECT_NE(errorOf(LayoutConversion::get(partial, dst)).find("holds no copy"),
            std::string::npos);
  LinearLayout offsets = LinearLayout::identity1D(4, kOffset, kDim0);
  EXPECT_NE(errorOf(LayoutConversion::get(offsets, offsets))
                .find("only register, lane and wave"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Vector widths
//===----------------------------------------------------------------------===//

TEST(LayoutVectorWidths, RegistersAlongContiguousDims) {
  MfmaInstrShape s8 = ok(MfmaInstrShape::get(32, 32, 8));
  MfmaInstrShape s16 = ok(MfmaInstrShape::get(32, 32, 16));
  LinearLayout a = ok(mfmaOperandLayout(s8, MfmaOperand::A, {1, 1}, {32, 64}));
  LinearLayout b = ok(mfmaOperandLayout(s16, MfmaOperand::B, {1, 1}, {64, 32}));
  EXPECT_EQ(a.getNumContiguous(kRegister, kDim1), 4);
  EXPECT_EQ(b.getNumContiguous(kRegister, kDim0), 8);
  LinearLayout acc = ok(mfmaAccumulatorLayout(s8, {1, 1}, {32, 32}));
  LinearLayout accT = ok(mfmaAccumulatorLayout(s8, {1, 1}, {32, 32}, true));
  EXPECT_EQ(acc.getNumContiguous(kRegister, kDim0), 4);
  EXPECT_EQ(acc.getNumContiguous(kRegister, kDim1), 1);
  EXPECT_EQ(accT.getNumContiguous(kRegister, kDim1), 4);

  // LDS: the widest access both registers and LDS agree on, <= 16 bytes.
  LinearLayout blocked = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {128, 64}));
  SharedLayout plain = ok(SharedLayout::unswizzled({128, 64}, {1, 0}));
  EXPECT_EQ(ldsVectorWidth(blocked, plain, 2), 8);
  EXPECT_EQ(ldsVectorWidth(blocked, plain, 4), 4); // 16 bytes of f32
  SharedLayout sw4 = ok(SharedLayout::swizzled({128, 64}, {1, 0}, {4, 1, 16}));
  EXPECT_EQ(ldsVectorWidth(blocked, sw4, 2), 4);
  SharedLayout padded = ok(SharedLayout::padded({128, 64}, {1, 0}, 64, 4));
  EXPECT_EQ(ldsVectorWidth(blocked, padded, 2), 8);
  SharedLayout colMajor = ok(SharedLayout::unswizzled({128, 64}, {0, 1}));
  EXPECT_EQ(ldsVectorWidth(blocked, colMajor, 2), 1);
  LinearLayout a4 =
      ok(mfmaOperandLayout(s8, MfmaOperand::A, {4, 1}, {128, 64}));
  EXPECT_EQ(ldsVectorWidth(a4, plain, 2), 4);
  EXPECT_NE(errorOf(ldsAccessCost(a4, plain, 2, 8, LdsBankModel{32, 4}))
                .find("consecutive in LDS for 4"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Shared layouts and bank conflicts
//===----------------------------------------------------------------------===//

TEST(LayoutShared, SwizzleFormulaAndParameters) {
  for (SwizzleParams p : {SwizzleParams{1, 1, 1}, SwizzleParams{8, 1, 8},
                          SwizzleParams{4, 2, 4}, SwizzleParams{2, 1, 16}}) {
    SharedLayout l = ok(SharedLayout::swizzled({32, 64}, {1, 0}, p));
    for (int64_t r = 0; r < 32; ++r)
      for (int64_t c = 0; c < 64; ++c) {
        int64_t phase = (r / p.perPhase) % p.maxPhase;
        int64_t col =
            (((c / p.vec) ^ phase) % (64 / p.vec)) * p.vec + c % p.vec;
        ASSERT_EQ(l.getElementOffset({r, c}), r * 64 + col);
      }
    std::optional<SwizzleParams> back = l.matchSwizzle({1, 0});
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, p);
  }
  // Column-major order swizzles along dim0.
  SharedLayout t = ok(SharedLayout::swizzled({64, 32}, {0, 1}, {4, 1, 8}));
  EXPECT_EQ(t.getElementOffset({0, 1}), 64 + 4);
  SharedLayout p = ok(SharedLayout::padded({32, 64}, {1, 0}, 64, 4));
  EXPECT_EQ(p.getElementOffset({3, 5}), 3 * 68 + 5);
  EXPECT_EQ(p.getAllocatedElements(), 32 * 68 - 4);
  EXPECT_FALSE(p.matchSwizzle({1, 0}).has_value());
  EXPECT_NE(
      errorOf(SharedLayout::swizzled({64}, {0}, {1, 1, 1})).find("rank >= 2"),
      std::string::npos);
  EXPECT_NE(errorOf(SharedLayout::swizzled({4, 4}, {1, 0}, {8, 1, 1}))
                .find("wider than the fastest dim"),
            std::string::npos);
  EXPECT_NE(errorOf(SharedLayout::fromOffsetMap(
                        LinearLayout::zeros1D(4, kOffset, kDim0, 4)))
                .find("exactly once"),
            std::string::npos);
}

/// The cost of \p dist accessing LDS at element addresses \p offsetOf,
/// counted by the emulator's bank model one phase at a time.
struct BruteForceCost {
  int64_t conflictCycles = 0;
  SmallVector<int64_t> worstPerPhase;
};

BruteForceCost
bruteForce(const LinearLayout &dist,
           const std::function<int64_t(int64_t, int64_t)> &offsetOf,
           unsigned elemBytes, int64_t vec, unsigned banks) {
  unsigned bytes = unsigned(vec) * elemBytes;
  unsigned perPhase = std::min(64u, banks * 4 / std::max(4u, bytes));
  BruteForceCost cost;
  cost.worstPerPhase.assign(64 / perPhase, 0);
  for (int64_t w = 0; w < 1; ++w) // waves cost the same in these layouts
    for (int64_t r = 0; r < dist.getInDimSize(kRegister); r += vec) {
      uint32_t addrs[64];
      for (int64_t l = 0; l < 64; ++l) {
        auto ij = dist.apply({{kRegister, r}, {kLane, l}, {kWave, w}});
        addrs[l] = uint32_t(offsetOf(ij[0].second, ij[1].second) * elemBytes);
      }
      for (unsigned p = 0; p < 64 / perPhase; ++p) {
        uint64_t exec =
            ((perPhase == 64 ? ~uint64_t(0) : (uint64_t(1) << perPhase) - 1))
            << (p * perPhase);
        aiter::emu::LdsCost c =
            aiter::emu::ldsAccessCost(addrs, exec, bytes, banks);
        cost.conflictCycles += int64_t(c.conflicts);
        cost.worstPerPhase[p] =
            std::max(cost.worstPerPhase[p], int64_t(c.conflicts));
      }
    }
  return cost;
}

void expectSameAsBruteForce(
    const LinearLayout &dist, const SharedLayout &lds,
    const std::function<int64_t(int64_t, int64_t)> &offsetOf,
    unsigned elemBytes, int64_t vec, const LdsBankModel &model,
    int64_t expectConflicts) {
  LdsAccessCost cost = ok(ldsAccessCost(dist, lds, elemBytes, vec, model));
  BruteForceCost brute =
      bruteForce(dist, offsetOf, elemBytes, vec, model.banks);
  EXPECT_EQ(cost.conflictCycles, brute.conflictCycles);
  EXPECT_EQ(cost.worstConflictsPerPhase, brute.worstPerPhase);
  if (expectConflicts >= 0)
    EXPECT_EQ(cost.conflictCycles, expectConflicts);
}

// An MFMA A-operand read (ds_read_b64 of 4 K-consecutive bf16, 32 rows per
// wave) of a K-contiguous 128x64 tile, on both chips' bank geometries.
TEST(LayoutShared, BankConflictsMatchABruteForceCount) {
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 8));
  LinearLayout read =
      ok(mfmaOperandLayout(s, MfmaOperand::A, {4, 1}, {128, 64}));
  for (llvm::StringRef chip : TargetInfo::supportedChips()) {
    SCOPED_TRACE(chip.str());
    LdsBankModel model = LdsBankModel::of(ok(TargetInfo::lookup(chip)));
    // Unpadded: every lane of a phase hits the same bank pair.
    SharedLayout plain = ok(SharedLayout::unswizzled({128, 64}, {1, 0}));
    auto rowMajor = [](int64_t r, int64_t c) { return r * 64 + c; };
    expectSameAsBruteForce(read, plain, rowMajor, 2, 4, model, -1);
    EXPECT_GT(ok(ldsAccessCost(read, plain, 2, 4, model)).conflictCycles, 0);
    // Padded by one word: rows overlap in banks, half the conflicts.
    for (int64_t pad : {2, 4}) {
      SharedLayout padded =
          ok(SharedLayout::padded({128, 64}, {1, 0}, 64, pad));
      auto paddedOffset = [pad](int64_t r, int64_t c) {
        return r * (64 + pad) + c;
      };
      expectSameAsBruteForce(read, padded, paddedOffset, 2, 4, model,
                             pad == 4 ? 0 : -1);
    }
    // XOR swizzles, conflict-free and not. 16 phases of 4-element groups
    // cover 32 banks, but a 64-bank row holds two tile rows: rows r and
    // r + 16 then collide on gfx950.
    for (SwizzleParams p : {SwizzleParams{4, 1, 16}, SwizzleParams{4, 1, 4},
                            SwizzleParams{8, 1, 8}}) {
      SharedLayout sw = ok(SharedLayout::swizzled({128, 64}, {1, 0}, p));
      auto swizzled = [p](int64_t r, int64_t c) {
        int64_t phase = (r / p.perPhase) % p.maxPhase;
        return r * 64 + (((c / p.vec) ^ phase) % (64 / p.vec)) * p.vec +
               c % p.vec;
      };
      bool free = p == SwizzleParams{4, 1, 16} && model.banks == 32;
      expectSameAsBruteForce(read, sw, swizzled, 2, 4, model, free ? 0 : -1);
      EXPECT_EQ(ok(ldsAccessCost(read, sw, 2, 4, model)).isConflictFree(),
                free);
    }
    // The 128-bit blocked store of the same tile into the plain layout.
    LinearLayout write = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {128, 64}));
    expectSameAsBruteForce(write, plain, rowMajor, 2, 8, model, 0);
  }
}

//===----------------------------------------------------------------------===//
// Swizzle chooser
//===----------------------------------------------------------------------===//

// The GEMM operand case: a K-contiguous tile written by a blocked 128-bit
// store and read as the MFMA A operand, for every bf16 MFMA of each chip's
// table, with the instruction's kWidth and with kWidth 8 (16-byte reads).
TEST(LayoutSwizzleChooser, GemmOperandTileIsConflictFree) {
  for (const MfmaCase &c : allMfmaCases()) {
    if (c.elem != aiter::emu::ElemType::BF16)
      continue;
    for (int64_t kWidth : {c.shape.kWidth, int64_t(8)}) {
      SCOPED_TRACE(c.name() + " kWidth " + std::to_string(kWidth));
      LdsBankModel model = LdsBankModel::of(ok(TargetInfo::lookup(c.chip)));
      LinearLayout write =
          ok(blockedLayout(rowMajorBlocked(8, 8, 4), {128, 64}));
      LinearLayout read = ok(mfmaOperandLayout(c.shape, MfmaOperand::A, {4, 1},
                                               {128, 64}, kWidth));
      SharedLayout plain = ok(SharedLayout::unswizzled({128, 64}, {1, 0}));
      EXPECT_GT(ok(ldsAccessCost(read, plain, 2, kWidth, model)).conflictCycles,
                0);
      SwizzleChoice choice = ok(chooseSwizzle(write, read, 2, model));
      EXPECT_TRUE(choice.writeCost.isConflictFree());
      EXPECT_TRUE(choice.readCost.isConflictFree());
      // One side moves 16 bytes per lane, the other at least 8. With kWidth
      // 4 a 16-byte write and 8-byte reads of K 0-3 are not always both
      // conflict-free under an XOR swizzle (the 8-byte half of a write
      // vector cannot move, and a 32x32 read phase covers more rows than
      // there are 16-byte slots): the chooser may then write 8 bytes and
      // read 16 (K 0-3 with K 8-11, the next K step's registers).
      EXPECT_EQ(std::max(choice.writeVec, choice.readVec), 8);
      EXPECT_EQ(std::min(choice.writeVec, choice.readVec), kWidth);
      auto offsetOf = [&](int64_t r, int64_t col) {
        return choice.layout.getElementOffset({r, col});
      };
      expectSameAsBruteForce(write, choice.layout, offsetOf, 2, choice.writeVec,
                             model, 0);
      expectSameAsBruteForce(read, choice.layout, offsetOf, 2, choice.readVec,
                             model, 0);
      // With 16-byte vectors on both sides the choice is one of Triton's
      // swizzled layouts: 8 phases of one row on 32 banks, of two rows on
      // 64 (a 64-bank row holds two 64-element rows).
      if (kWidth == 8) {
        std::optional<SwizzleParams> params =
            choice.layout.matchSwizzle({1, 0});
        ASSERT_TRUE(params.has_value()) << choice.layout.getOffsetMap().str();
        EXPECT_EQ(*params, (SwizzleParams{8, model.banks == 32 ? 1 : 2, 8}));
      }
    }
  }
}

TEST(LayoutSwizzleChooser, TransposedReadAndErrors) {
  // B operand [K, N] read along K from a tile written N-contiguous: the
  // vectors cannot agree, so the read is scalar; still conflict-free.
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 8));
  LinearLayout write = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {64, 128}));
  LinearLayout read =
      ok(mfmaOperandLayout(s, MfmaOperand::B, {1, 4}, {64, 128}));
  LdsBankModel model{32, 4};
  SwizzleChoice choice = ok(chooseSwizzle(write, read, 2, model));
  EXPECT_TRUE(choice.writeCost.isConflictFree());
  EXPECT_TRUE(choice.readCost.isConflictFree());
  EXPECT_EQ(choice.writeVec * choice.readVec, 8);
  LinearLayout small = ok(blockedLayout(rowMajorBlocked(8, 8, 4), {32, 64}));
  EXPECT_NE(
      errorOf(chooseSwizzle(small, read, 2, model)).find("different tiles"),
      std::string::npos);
  EXPECT_NE(errorOf(chooseSwizzle(write, read, 3, model)).find("element size"),
            std::string::npos);
}

// gfx950's transposing LDS read: reading with transposeReadLayout(dst)
// and exchanging as ds_read_b64_tr_b16 does (lane i's element r is element
// i % 4 of the vector lane 4 r + i / 4 of its 16-lane group read) gives
// every lane exactly dst's elements. Then the chooser, held to 4-element
// reads, finds a conflict-free layout for the MFMA B operand of an NN GEMM
// (K across memory rows) written as it is loaded, N-contiguous.
TEST(LayoutSwizzleChooser, TransposingReadDeliversDst) {
  MfmaInstrShape s = ok(MfmaInstrShape::get(32, 32, 16));
  LinearLayout dst =
      ok(mfmaOperandLayout(s, MfmaOperand::B, {2, 2}, {64, 128}, 8));
  std::optional<LinearLayout> tr = transposeReadLayout(dst);
  ASSERT_TRUE(tr.has_value());
  auto at = [](const LinearLayout &l, int64_t reg, int64_t lane, int64_t wave) {
    auto out = l.apply({{kRegister, reg}, {kLane, lane}, {kWave, wave}});
    return std::make_pair(out[0].second, out[1].second);
  };
  int64_t regs = dst.getInDimSize(kRegister);
  for (int64_t wave = 0; wave < 4; ++wave)
    for (int64_t lane = 0; lane < 64; ++lane)
      for (int64_t reg = 0; reg < regs; ++reg) {
        int64_t group = lane / 16 * 16, i = lane % 16;
        int64_t high = reg / 4 * 4, r = reg % 4;
        // What the exchange hands lane `lane` as its register `reg`.
        auto got = at(*tr, high + i % 4, group + 4 * r + i / 4, wave);
        ASSERT_EQ(got, at(dst, reg, lane, wave))
            << "wave " << wave << " lane " << lane << " register " << reg;
      }
  // One element per lane: nothing for the read to transpose.
  LinearLayout scalar = ok(blockedLayout(rowMajorBlocked(1, 8, 1), {8, 8}));
  EXPECT_FALSE(transposeReadLayout(scalar).has_value());

  LdsBankModel model{64, 4};
  LinearLayout write = ok(blockedLayout(rowMajorBlocked(8, 16, 4), {64, 128}));
  SwizzleChoice choice =
      ok(chooseSwizzle(write, *tr, 2, model, /*readVecElems=*/4));
  EXPECT_EQ(choice.readVec, 4);
  EXPECT_EQ(choice.writeVec, 8);
  EXPECT_TRUE(choice.writeCost.isConflictFree());
  EXPECT_TRUE(choice.readCost.isConflictFree());
  // A read held to more elements than any choice keeps consecutive fails
  // with what each candidate gave.
  EXPECT_NE(errorOf(chooseSwizzle(write, *tr, 2, model, 16))
                .find("reads fewer than 16"),
            std::string::npos);
}

} // namespace
