//===- AiterOpsTest.cpp - C++ API of the aiter ops --------------*- C++ -*-===//
//
// Tests the op helpers that lowering passes call and lit cannot reach: the
// effective attention window/scale, default tile dims, kernel builders.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aiter;

namespace {

class AiterOpsTest : public ::testing::Test {
protected:
  AiterOpsTest() { ctx.loadDialect<AiterDialect>(); }

  /// Parses `src` and returns its first op of type OpTy.
  template <typename OpTy>
  OpTy parseFirst(StringRef src) {
    module = parseSourceString<ModuleOp>(src, &ctx);
    if (!module)
      return nullptr;
    OpTy found;
    module->walk([&](OpTy op) {
      if (!found)
        found = op;
    });
    return found;
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
};

TEST_F(AiterOpsTest, AttentionDefaults) {
  auto op = parseFirst<AttentionOp>("aiter.attention @a : bf16 head_dim(64)");
  ASSERT_TRUE(op);
  EXPECT_DOUBLE_EQ(op.getEffectiveScale(), 1.0 / 8.0);
  EXPECT_EQ(op.getEffectiveWindow(), std::make_pair(int64_t(-1), int64_t(-1)));
  EXPECT_EQ(op.getEffectiveHeadDimV(), 64);
  EXPECT_EQ(op.getEffectiveSoftcap(), 0.0);
  EXPECT_EQ(op.getLayout(), AttentionLayout::bshd);
}

TEST_F(AiterOpsTest, CausalFoldsIntoTheWindow) {
  auto causal =
      parseFirst<AttentionOp>("aiter.attention @a : f16 head_dim(128) causal");
  ASSERT_TRUE(causal);
  EXPECT_EQ(causal.getEffectiveWindow(),
            std::make_pair(int64_t(-1), int64_t(0)));
  EXPECT_DOUBLE_EQ(causal.getEffectiveScale(), 1.0 / std::sqrt(128.0));

  // A causal sliding window given with an unbounded right side is (L, 0).
  auto slide = parseFirst<AttentionOp>(
      "aiter.attention @a : f16 head_dim(128) causal window(256, -1)");
  ASSERT_TRUE(slide);
  EXPECT_EQ(slide.getEffectiveWindow(),
            std::make_pair(int64_t(256), int64_t(0)));
}

TEST_F(AiterOpsTest, ExplicitScaleAndSoftcap) {
  auto op = parseFirst<AttentionOp>(
      "aiter.attention @a : bf16 head_dim(64) softcap(50.0) scale(0.5) "
      "layout(bhsd)");
  ASSERT_TRUE(op);
  EXPECT_DOUBLE_EQ(op.getEffectiveScale(), 0.5);
  EXPECT_DOUBLE_EQ(op.getEffectiveSoftcap(), 50.0);
  EXPECT_EQ(op.getLayout(), AttentionLayout::bhsd);
}

TEST_F(AiterOpsTest, LoadTileDims) {
  auto load = parseFirst<LoadOp>(R"mlir(
    aiter.kernel @k(%x: memref<?x?x?xf32>, %i: index) {
      %t = aiter.load %x[%i, %i, %i] : memref<?x?x?xf32> -> tensor<4x8xf32>
      aiter.return
    })mlir");
  ASSERT_TRUE(load);
  // Default: the tile runs along the trailing memref dimensions.
  EXPECT_EQ(load.getTileDims(), (SmallVector<int64_t>{1, 2}));
  EXPECT_EQ(load.getPadValue(), 0.0);

  auto permuted = parseFirst<LoadOp>(R"mlir(
    aiter.kernel @k(%x: memref<?x?x?xf32>, %i: index) {
      %t = aiter.load %x[%i, %i, %i] dims [2, 0] pad -2.0
          : memref<?x?x?xf32> -> tensor<4x8xf32>
      aiter.return
    })mlir");
  ASSERT_TRUE(permuted);
  EXPECT_EQ(permuted.getTileDims(), (SmallVector<int64_t>{2, 0}));
  EXPECT_EQ(permuted.getPadValue(), -2.0);
}

TEST_F(AiterOpsTest, KernelBuilderMakesAVerifiableKernel) {
  OpBuilder b(&ctx);
  Location loc = b.getUnknownLoc();
  module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto mem = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  auto kernel = KernelOp::create(
      b, loc, "k", b.getFunctionType({mem, b.getIndexType()}, {}));
  ASSERT_EQ(kernel.getBody().front().getNumArguments(), 2u);
  EXPECT_EQ(kernel.getBody().front().getArgument(0).getType(), mem);
  b.setInsertionPointToEnd(&kernel.getBody().front());
  ReturnOp::create(b, loc);
  EXPECT_TRUE(succeeded(verify(*module)));

  // A kernel with results is rejected by the verifier.
  b.setInsertionPointToEnd(module->getBody());
  auto bad = KernelOp::create(b, loc, "bad",
                              b.getFunctionType({}, {b.getF32Type()}));
  b.setInsertionPointToEnd(&bad.getBody().front());
  ReturnOp::create(b, loc);
  ctx.getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
  EXPECT_TRUE(failed(verify(*module)));
}

} // namespace
