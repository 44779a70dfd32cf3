//===- EmulatorApiTest.cpp - the runKernel library API --------------------===//
//
// Runs kernels through aiter::emu::runKernel on host buffers as the JIT
// runtime will: results, statistics, and errors returned (never aborting).
//
//===----------------------------------------------------------------------===//

#include "aiter/Emulator/Emulator.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"

using namespace aiter::emu;

namespace {
const char *kSrc = R"mlir(
gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @saxpy(%a: f32, %x: memref<?xf32>, %y: memref<?xf32>, %n: index) kernel {
    %b = gpu.block_id x
    %t = gpu.thread_id x
    %c64 = arith.constant 64 : index
    %o = arith.muli %b, %c64 : index
    %i = arith.addi %o, %t : index
    %in = arith.cmpi ult, %i, %n : index
    scf.if %in {
      %xv = memref.load %x[%i] : memref<?xf32>
      %yv = memref.load %y[%i] : memref<?xf32>
      %p = arith.mulf %a, %xv : f32
      %s = arith.addf %p, %yv : f32
      memref.store %s, %y[%i] : memref<?xf32>
    }
    gpu.return
  }
}
)mlir";

struct Fixture : ::testing::Test {
  mlir::MLIRContext ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  void SetUp() override {
    ctx.loadDialect<mlir::gpu::GPUDialect, mlir::amdgpu::AMDGPUDialect,
                    mlir::arith::ArithDialect, mlir::memref::MemRefDialect,
                    mlir::scf::SCFDialect, mlir::vector::VectorDialect,
                    mlir::ROCDL::ROCDLDialect>();
    module = mlir::parseSourceString<mlir::ModuleOp>(kSrc, &ctx);
    ASSERT_TRUE(module);
  }
};
} // namespace

TEST_F(Fixture, SaxpyWithRaggedEdge) {
  const int64_t n = 1000;
  std::vector<float> x(n), y(n);
  for (int64_t i = 0; i < n; ++i) {
    x[i] = float(i);
    y[i] = 1.0f;
  }
  float a = 2.0f;
  uint32_t abits;
  std::memcpy(&abits, &a, 4);
  KernelArg args[] = {KernelArg::scalar(ElemType::F32, abits),
                      KernelArg::buffer(x.data(), n * 4, ElemType::F32, {n}),
                      KernelArg::buffer(y.data(), n * 4, ElemType::F32, {n}),
                      KernelArg::scalar(ElemType::Index, uint64_t(n))};
  LaunchConfig cfg;
  cfg.grid = {16, 1, 1}; // 1024 threads for 1000 elements
  cfg.block = {64, 1, 1};
  cfg.threads = 2;
  auto st = runKernel(module->getOperation(), "saxpy", cfg, args);
  ASSERT_TRUE(bool(st)) << llvm::toString(st.takeError());
  for (int64_t i = 0; i < n; ++i)
    ASSERT_EQ(y[i], 2.0f * float(i) + 1.0f) << i;
  EXPECT_EQ(st->workgroups, 16u);
  EXPECT_EQ(st->globalBytesRead, uint64_t(n) * 8);
  EXPECT_EQ(st->globalBytesWritten, uint64_t(n) * 4);
  EXPECT_FALSE(st->argWritten[1]);
  EXPECT_TRUE(st->argWritten[2]);
  // 1000 lanes ran the body; the last wave had 40 active lanes.
  EXPECT_NE(st->toJson().find("\"mfma\":0"), std::string::npos);
}

TEST_F(Fixture, OutOfBoundsIsAnErrorNotAnAbort) {
  // Claim n = 100 elements but pass 10-element buffers.
  std::vector<float> x(10), y(10);
  KernelArg args[] = {KernelArg::scalar(ElemType::F32, 0),
                      KernelArg::buffer(x.data(), 40, ElemType::F32, {10}),
                      KernelArg::buffer(y.data(), 40, ElemType::F32, {10}),
                      KernelArg::scalar(ElemType::Index, 100)};
  LaunchConfig cfg;
  cfg.grid = {2, 1, 1};
  cfg.threads = 2;
  auto st = runKernel(module->getOperation(), "saxpy", cfg, args);
  ASSERT_FALSE(bool(st));
  std::string msg = llvm::toString(st.takeError());
  EXPECT_NE(msg.find("global out-of-bounds load: byte offset 40 of argument "
                     "#1 (40 bytes) by lane 10 of wave 0, workgroup (0,0,0)"),
            std::string::npos)
      << msg;
}

TEST_F(Fixture, ArgumentMismatches) {
  std::vector<float> x(4);
  LaunchConfig cfg;
  KernelArg few[] = {KernelArg::scalar(ElemType::F32, 0)};
  auto st = runKernel(module->getOperation(), "saxpy", cfg, few);
  ASSERT_FALSE(bool(st));
  EXPECT_NE(llvm::toString(st.takeError()).find("kernel takes 4 arguments"),
            std::string::npos);
  KernelArg wrong[] = {KernelArg::scalar(ElemType::F32, 0),
                       KernelArg::buffer(x.data(), 16, ElemType::F16, {8}),
                       KernelArg::buffer(x.data(), 16, ElemType::F32, {4}),
                       KernelArg::scalar(ElemType::Index, 4)};
  st = runKernel(module->getOperation(), "saxpy", cfg, wrong);
  ASSERT_FALSE(bool(st));
  EXPECT_NE(llvm::toString(st.takeError()).find("element type f16"),
            std::string::npos);
  st = runKernel(module->getOperation(), "nope", cfg, wrong);
  ASSERT_FALSE(bool(st));
  EXPECT_NE(llvm::toString(st.takeError()).find("no gpu.func named 'nope'"),
            std::string::npos);
}

TEST_F(Fixture, BindKernelArgsKeepsTheTypesStrides) {
  // memref<?x?xf32, strided<[?, 1]>>: rows of any pitch, unit-stride columns.
  int64_t dyn = mlir::ShapedType::kDynamic;
  auto f32 = mlir::Float32Type::get(&ctx);
  mlir::Type rows = mlir::MemRefType::get(
      {dyn, dyn}, f32, mlir::StridedLayoutAttr::get(&ctx, 0, {dyn, 1}));
  std::vector<float> x(32);
  auto arg = [&](llvm::ArrayRef<int64_t> shape,
                 llvm::ArrayRef<int64_t> strides) {
    KernelArg a = KernelArg::buffer(x.data(), 128, ElemType::F32, shape);
    a.strides.assign(strides.begin(), strides.end());
    return a;
  };
  mlir::Operation *at = module->getOperation();

  // No strides: a dense row-major array.
  auto b = bindKernelArgs(at, {rows}, {arg({4, 8}, {})});
  ASSERT_TRUE(bool(b)) << llvm::toString(b.takeError());
  EXPECT_EQ((*b)[0].strides, (llvm::SmallVector<int64_t, 4>{8, 1}));
  // A pitch of 16 is what the dynamic stride allows.
  b = bindKernelArgs(at, {rows}, {arg({2, 8}, {16, 1})});
  ASSERT_TRUE(bool(b)) << llvm::toString(b.takeError());
  // One column never moves: its stride does not matter.
  b = bindKernelArgs(at, {rows}, {arg({4, 1}, {8, 3})});
  ASSERT_TRUE(bool(b)) << llvm::toString(b.takeError());

  b = bindKernelArgs(at, {rows}, {arg({4, 4}, {8, 2})});
  ASSERT_FALSE(bool(b));
  EXPECT_NE(llvm::toString(b.takeError())
                .find("argument #0: stride 1 is 2, the memref type says 1"),
            std::string::npos);
  b = bindKernelArgs(at, {rows}, {arg({4, 4}, {8})});
  ASSERT_FALSE(bool(b));
  EXPECT_NE(llvm::toString(b.takeError())
                .find("argument #0 has 1 strides for a memref of rank 2"),
            std::string::npos);
}
