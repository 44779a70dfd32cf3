//===- EvaluatorTest.cpp - the tile-program evaluator's library API -------===//
//
// What lit cannot reach through aiter-run: single rounding in the result type,
// strided views the caller describes, views that leave their buffer, grids
// given through the API, program order and which arguments were written.
//===----------------------------------------------------------------------===//

#include "aiter/Reference/Evaluator.h"

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "aiter/Emulator/FloatConv.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace aiter;
using emu::ElemType;
using emu::KernelArg;

namespace {
const char *kSrc = R"mlir(
// out[i] = bf16 a[i] + b[i], and fma(a, b, c) in bf16.
aiter.kernel @bf16_ops(%a: memref<4xbf16>, %b: memref<4xbf16>, %c: memref<4xbf16>,
                       %sum: memref<4xbf16>, %fma: memref<4xbf16>) {
  %z = arith.constant 0 : index
  %ta = aiter.load %a[%z] : memref<4xbf16> -> tensor<4xbf16>
  %tb = aiter.load %b[%z] : memref<4xbf16> -> tensor<4xbf16>
  %tc = aiter.load %c[%z] : memref<4xbf16> -> tensor<4xbf16>
  %s = arith.addf %ta, %tb : tensor<4xbf16>
  %f = math.fma %ta, %tb, %tc : tensor<4xbf16>
  aiter.store %s, %sum[%z] : tensor<4xbf16> -> memref<4xbf16>
  aiter.store %f, %fma[%z] : tensor<4xbf16> -> memref<4xbf16>
  aiter.return
}

// Copies a 2x2 window of x at (r, c) to out; x is any strided view.
aiter.kernel @window(%x: memref<?x?xf32, strided<[?, ?]>>, %r: index, %c: index,
                     %out: memref<2x2xf32>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%r, %c] pad -1.0 : memref<?x?xf32, strided<[?, ?]>> -> tensor<2x2xf32>
  aiter.store %t, %out[%z, %z] : tensor<2x2xf32> -> memref<2x2xf32>
  aiter.return
}

// Every program stores its id (x + 10 y + 100 z) to out[0], and to out2 at
// an index that is in bounds only when asked.
aiter.kernel @who_wins(%out: memref<1xi32>, %out2: memref<1xi32>, %at: index) {
  %z = arith.constant 0 : index
  %x = aiter.program_id 0
  %y = aiter.program_id 1
  %w = aiter.program_id 2
  %c10 = arith.constant 10 : index
  %c100 = arith.constant 100 : index
  %y10 = arith.muli %y, %c10 : index
  %w100 = arith.muli %w, %c100 : index
  %s0 = arith.addi %x, %y10 : index
  %s = arith.addi %s0, %w100 : index
  %si = arith.index_cast %s : index to i32
  %t = aiter.broadcast %si : i32 -> tensor<1xi32>
  aiter.store %t, %out[%z] : tensor<1xi32> -> memref<1xi32>
  aiter.store %t, %out2[%at] : tensor<1xi32> -> memref<1xi32>
  aiter.return
}
)mlir";

struct Fixture : ::testing::Test {
  mlir::MLIRContext ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  void SetUp() override {
    ctx.loadDialect<mlir::aiter::AiterDialect, mlir::arith::ArithDialect,
                    mlir::math::MathDialect, mlir::memref::MemRefDialect,
                    mlir::scf::SCFDialect>();
    module = mlir::parseSourceString<mlir::ModuleOp>(kSrc, &ctx);
    ASSERT_TRUE(module);
  }
  mlir::aiter::KernelOp kernel(llvm::StringRef name) {
    auto k = ref::findKernel(module->getOperation(), name);
    EXPECT_TRUE(bool(k)) << llvm::toString(k.takeError());
    return *k;
  }
};

uint16_t bf16(double d) { return emu::doubleToBf16(d); }
KernelArg buffer(void *p, int64_t bytes, ElemType t,
                 llvm::ArrayRef<int64_t> shape) {
  return KernelArg::buffer(p, bytes, t, shape);
}
} // namespace

TEST_F(Fixture, ResultsRoundOnceToBf16) {
  // Sums on the midpoint between two bf16 values round to the even one; just
  // above it, up. fma rounds a * b + c once: 1.15625 * 0.875 = 1 + 3 * 2^-8
  // is the midpoint of 1 + 2^-7 (odd) and 1 + 2^-6 (even), and c = -2^-100
  // puts the exact value just below it, so it rounds down to 1 + 2^-7. (fma
  // in double would land on the midpoint and round up to the even value.)
  uint16_t a[4] = {bf16(1.0), bf16(1.0 + 0x1p-7), bf16(1.0), bf16(1.15625)};
  uint16_t b[4] = {bf16(0x1p-8), bf16(0x1p-8), bf16(0x1p-8 + 0x1p-15),
                   bf16(0.875)};
  uint16_t c[4] = {0, 0, 0, bf16(-0x1p-100)};
  uint16_t sum[4] = {}, fma[4] = {};
  KernelArg args[] = {
      buffer(a, 8, ElemType::BF16, {4}), buffer(b, 8, ElemType::BF16, {4}),
      buffer(c, 8, ElemType::BF16, {4}), buffer(sum, 8, ElemType::BF16, {4}),
      buffer(fma, 8, ElemType::BF16, {4})};
  auto r = ref::evaluateKernel(kernel("bf16_ops"), args, {1, 1, 1});
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  EXPECT_EQ(sum[0], bf16(1.0));
  EXPECT_EQ(sum[1], bf16(1.0 + 0x1p-6));
  EXPECT_EQ(sum[2], bf16(1.0 + 0x1p-7));
  EXPECT_EQ(fma[3], bf16(1.0 + 0x1p-7));
  EXPECT_EQ(r->programs, 1u);
  EXPECT_TRUE(r->argWritten[3] && r->argWritten[4]);
  EXPECT_FALSE(r->argWritten[0]);
}

TEST_F(Fixture, StridedViewsAreReadThroughTheirStrides) {
  // x is the transpose of a 3x4 row-major buffer: x[i][j] = buf[j * 4 + i].
  float buf[12];
  for (int i = 0; i < 12; ++i)
    buf[i] = float(i);
  float out[4] = {};
  KernelArg x = buffer(buf, sizeof(buf), ElemType::F32, {4, 3});
  x.strides = {1, 4};
  KernelArg args[] = {x, KernelArg::scalar(ElemType::Index, 2),
                      KernelArg::scalar(ElemType::Index, 2),
                      buffer(out, sizeof(out), ElemType::F32, {2, 2})};
  auto r = ref::evaluateKernel(kernel("window"), args, {1, 1, 1});
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  // x[2][2] = buf[10], x[2][3] is outside (3 columns), x[3][2] = buf[11].
  EXPECT_EQ(out[0], 10.0f);
  EXPECT_EQ(out[1], -1.0f);
  EXPECT_EQ(out[2], 11.0f);
  EXPECT_EQ(out[3], -1.0f);
}

TEST_F(Fixture, AViewOutsideItsBufferIsAnError) {
  float buf[12] = {}, out[4] = {};
  KernelArg x = buffer(buf, sizeof(buf), ElemType::F32, {4, 3});
  x.strides = {4, 1}; // reaches element 3 * 4 + 2 = 14 of 12
  KernelArg args[] = {x, KernelArg::scalar(ElemType::Index, 0),
                      KernelArg::scalar(ElemType::Index, 0),
                      buffer(out, sizeof(out), ElemType::F32, {2, 2})};
  auto r = ref::evaluateKernel(kernel("window"), args, {1, 1, 1});
  ASSERT_FALSE(bool(r));
  EXPECT_NE(llvm::toString(r.takeError())
                .find("argument #0: the view (shape 4x3, strides [4,1], "
                      "offset 0) does not lie in its buffer of 48 bytes"),
            std::string::npos);
  // A negative stride that walks below the start is caught the same way.
  x.strides = {-1, 4};
  args[0] = x;
  r = ref::evaluateKernel(kernel("window"), args, {1, 1, 1});
  ASSERT_FALSE(bool(r));
  llvm::consumeError(r.takeError());
  // Walking backwards from an offset that keeps the view inside is fine.
  x.offset = 3;
  args[0] = x;
  r = ref::evaluateKernel(kernel("window"), args, {1, 1, 1});
  EXPECT_TRUE(bool(r)) << llvm::toString(r.takeError());
}

TEST_F(Fixture, ProgramsRunInIdOrderAndClippedStoresWriteNothing) {
  int32_t out = -1, out2 = -1;
  KernelArg args[] = {buffer(&out, 4, ElemType::I32, {1}),
                      buffer(&out2, 4, ElemType::I32, {1}),
                      KernelArg::scalar(ElemType::Index, 1)};
  auto r = ref::evaluateKernel(kernel("who_wins"), args, {3, 2, 2});
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  // x runs fastest, then y, then z: the last program is (2, 1, 1).
  EXPECT_EQ(out, 112);
  EXPECT_EQ(r->programs, 12u);
  EXPECT_TRUE(r->argWritten[0]);
  EXPECT_EQ(out2, -1);
  EXPECT_FALSE(r->argWritten[1]);
}

TEST_F(Fixture, GridsThroughTheApiAreChecked) {
  int32_t out = 0, out2 = 0;
  KernelArg args[] = {buffer(&out, 4, ElemType::I32, {1}),
                      buffer(&out2, 4, ElemType::I32, {1}),
                      KernelArg::scalar(ElemType::Index, 0)};
  auto r = ref::evaluateKernel(kernel("who_wins"), args, {1, 0, 1});
  ASSERT_FALSE(bool(r));
  EXPECT_EQ(llvm::toString(r.takeError()),
            "error: grid component y is 0: every component counts programs "
            "and must be >= 1");
  int64_t big = int64_t(1) << 40;
  r = ref::evaluateKernel(kernel("who_wins"), args, {big, big, 1});
  ASSERT_FALSE(bool(r));
  EXPECT_NE(llvm::toString(r.takeError()).find("is too many to count"),
            std::string::npos);
}

TEST(Evaluator, UnverifiedKernelsAreRejectedNotTrusted) {
  // Built without verifying (as a program generator might): the evaluator
  // verifies before it runs, since each op's semantics assumes its verifier.
  mlir::MLIRContext ctx;
  ctx.loadDialect<mlir::aiter::AiterDialect, mlir::arith::ArithDialect>();
  const char *src = R"mlir(
aiter.kernel @bad_dot() {
  %a = arith.constant dense<1> : tensor<2x2xi32>
  %c = arith.constant dense<0.0> : tensor<2x2xf32>
  %d = aiter.dot %a, %a, %c : tensor<2x2xi32>, tensor<2x2xi32> -> tensor<2x2xf32>
  aiter.return
}
)mlir";
  auto module = mlir::parseSourceString<mlir::ModuleOp>(
      src, mlir::ParserConfig(&ctx, /*verifyAfterParse=*/false));
  ASSERT_TRUE(module);
  auto k = ref::findKernel(module->getOperation(), "bad_dot");
  ASSERT_TRUE(bool(k)) << llvm::toString(k.takeError());
  auto r = ref::evaluateKernel(*k, {}, {1, 1, 1});
  ASSERT_FALSE(bool(r));
  EXPECT_EQ(llvm::toString(r.takeError()),
            "error: kernel 'bad_dot' does not verify: 'aiter.dot' op a and b "
            "must both be bf16 or both f16, got 'i32' and 'i32'");
}
