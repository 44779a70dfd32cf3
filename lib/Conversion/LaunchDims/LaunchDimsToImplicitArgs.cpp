//===- LaunchDimsToImplicitArgs.cpp - block/grid dims from kernargs -*- C++ -*-===//
//
// Replaces gpu.block_dim / gpu.grid_dim with constants or loads from the
// code-object-v5 implicit kernel arguments, so no device library is needed.
//===----------------------------------------------------------------------===//

#include "aiter/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir::aiter {
#define GEN_PASS_DEF_LAUNCHDIMSTOIMPLICITARGS
#include "aiter/Conversion/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;

namespace {

/// Offsets and sizes in the code object v5 implicit-argument block
/// (AMDGPUUsage, "Code Object V5 Metadata": hidden_block_count_{x,y,z} are
/// u32 at 0/4/8, hidden_group_size_{x,y,z} u16 at 12/14/16).
constexpr unsigned kBlockCountOffset = 0;
constexpr unsigned kGroupSizeOffset = 12;

/// Loads the `bytes`-wide unsigned implicit argument at `offset` and returns
/// it as an index.
Value loadImplicitArg(OpBuilder &b, Location loc, unsigned offset,
                      unsigned bytes) {
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext(), /*constant=*/4);
  Value base = LLVM::CallIntrinsicOp::create(
                   b, loc, ptrType,
                   b.getStringAttr("llvm.amdgcn.implicitarg.ptr"), ValueRange{})
                   .getResult(0);
  Value addr = LLVM::GEPOp::create(b, loc, ptrType, b.getI8Type(), base,
                                   ArrayRef<LLVM::GEPArg>{int32_t(offset)});
  Type intType = b.getIntegerType(bytes * 8);
  Value value = LLVM::LoadOp::create(b, loc, intType, addr, /*alignment=*/bytes,
                                     /*isVolatile=*/false,
                                     /*isNonTemporal=*/false,
                                     /*isInvariant=*/true);
  return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), value);
}

struct LaunchDimsToImplicitArgs
    : aiter::impl::LaunchDimsToImplicitArgsBase<LaunchDimsToImplicitArgs> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      bool isBlock = isa<gpu::BlockDimOp>(op);
      if (!isBlock && !isa<gpu::GridDimOp>(op))
        return;
      auto dim = isBlock ? cast<gpu::BlockDimOp>(op).getDimension()
                         : cast<gpu::GridDimOp>(op).getDimension();
      unsigned axis = static_cast<unsigned>(dim);
      OpBuilder b(op);
      Value replacement;
      auto func = op->getParentOfType<gpu::GPUFuncOp>();
      DenseI32ArrayAttr known =
          !func ? nullptr
                : isBlock ? func.getKnownBlockSizeAttr()
                          : func.getKnownGridSizeAttr();
      if (known && known.size() > axis)
        replacement = arith::ConstantIndexOp::create(b, op->getLoc(),
                                                     known[axis]);
      else if (isBlock)
        replacement =
            loadImplicitArg(b, op->getLoc(), kGroupSizeOffset + 2 * axis, 2);
      else
        replacement =
            loadImplicitArg(b, op->getLoc(), kBlockCountOffset + 4 * axis, 4);
      op->getResult(0).replaceAllUsesWith(replacement);
      op->erase();
    });
  }
};

} // namespace
