//===- LikelyBranches.cpp - scf to cf, keeping the lowering's branch hints
//-===//
//
// aiter-scf-to-cf: upstream's SCF-to-ControlFlow lowering, plus branch
// weights on the conditional branches of `scf.if` ops the tile lowering
// marked `aiter.likely` (their then-region is the path every full tile
// takes; the else-region handles edge tiles).
//===----------------------------------------------------------------------===//
//
// With the weights, LLVM's block placement lays the unlikely region out of
// the loop it sits in, so the loop body is the straight-line fast path (and
// the static report's main loop counts what steady-state iterations run).
// Semantics are unchanged: a hint only.
//===----------------------------------------------------------------------===//

#include "aiter/Conversion/Passes.h"

#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/DenseSet.h"

namespace mlir::aiter {
#define GEN_PASS_DEF_SCFTOCFWITHHINTS
#include "aiter/Conversion/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;

namespace {
struct SCFToCFWithHints : aiter::impl::SCFToCFWithHintsBase<SCFToCFWithHints> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    llvm::DenseSet<Value> likely;
    getOperation()->walk([&](scf::IfOp op) {
      if (op->hasAttr("aiter.likely"))
        likely.insert(op.getCondition());
    });
    RewritePatternSet patterns(ctx);
    populateSCFToControlFlowConversionPatterns(patterns);
    ConversionTarget target(*ctx);
    target
        .addIllegalOp<scf::ForallOp, scf::ForOp, scf::IfOp, scf::IndexSwitchOp,
                      scf::ParallelOp, scf::WhileOp, scf::ExecuteRegionOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    if (likely.empty())
      return;
    Builder b(ctx);
    getOperation()->walk([&](cf::CondBranchOp br) {
      if (likely.contains(br.getCondition()))
        br.setBranchWeightsAttr(b.getDenseI32ArrayAttr({1000, 1}));
    });
  }
};
} // namespace
