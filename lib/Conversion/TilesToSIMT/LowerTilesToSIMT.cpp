//===- LowerTilesToSIMT.cpp - the op-by-op layer-3 lowering ---------------===//
//
// aiter-lower-tiles-to-simt: a layout-assigned aiter.kernel becomes a
// gpu.func, and each op lowers by the pattern of its family
// (TileLowering.h). Nothing here knows which program it compiles.
//===----------------------------------------------------------------------===//

#include "SIMTBuilder.h"
#include "TileLowering.h"

#include "aiter/Conversion/Passes.h"
#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Layout/Layouts.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::aiter {
#define GEN_PASS_DEF_LOWERTILESTOSIMT
#include "aiter/Conversion/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;

namespace {

static bool isTensor(Type t) { return isa<RankedTensorType>(t); }

/// The workgroup's waves, from the layouts of the kernel's tiles (all must
/// agree); 1 when the kernel has no tiles. Errors name a tile without a
/// layout or a disagreement.
static FailureOr<int64_t> kernelWaves(KernelOp kernel) {
  int64_t waves = 0;
  Operation *first = nullptr;
  WalkResult r = kernel.walk([&](Operation *op) {
    auto check = [&](Type t) -> LogicalResult {
      auto tensor = dyn_cast<RankedTensorType>(t);
      if (!tensor || tensor.getRank() == 0)
        return success();
      LinearLayoutAttr layout = getTileLayout(tensor);
      if (!layout)
        return op->emitOpError("has a tile without a layout (")
               << t << "); run aiter-assign-layouts before "
               << "aiter-lower-tiles-to-simt";
      if (waves && layout.getWaves() != waves) {
        InFlightDiagnostic d = op->emitOpError("has a tile laid out over ")
                               << layout.getWaves() << " waves, but ";
        d.attachNote(first->getLoc()) << "this op's tiles use " << waves;
        return d;
      }
      if (!waves) {
        waves = layout.getWaves();
        first = op;
      }
      return success();
    };
    for (Type t : op->getResultTypes())
      if (failed(check(t)))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (failed(check(arg.getType())))
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (r.wasInterrupted())
    return failure();
  return waves ? waves : 1;
}

/// Ops with tiles the patterns lower; anything else is an error at the op,
/// before the conversion starts.
static LogicalResult checkSupported(KernelOp kernel) {
  WalkResult r = kernel.walk([&](Operation *op) {
    bool tiles = llvm::any_of(op->getOperandTypes(), isTensor) ||
                 llvm::any_of(op->getResultTypes(), isTensor);
    if (!tiles)
      return WalkResult::advance();
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
      if (dense && dense.isSplat())
        return WalkResult::advance();
      c.emitOpError("is a non-splat tile constant, which the tiles-to-SIMT "
                    "lowering does not take yet (each thread would need its "
                    "own elements): build the tile from aiter.iota and "
                    "elementwise ops, or load it");
      return WalkResult::interrupt();
    }
    if (isa<LoadOp, StoreOp, DotOp, ReduceOp, ExpandDimsOp, BroadcastOp, IotaOp,
            TransposeOp, ConvertLayoutOp, scf::ForOp, scf::IfOp, scf::YieldOp>(
            op))
      return WalkResult::advance();
    if (isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) &&
        (op->hasTrait<OpTrait::Elementwise>() || isa<arith::SelectOp>(op)))
      return WalkResult::advance();
    op->emitOpError("has tile operands or results but no tiles-to-SIMT "
                    "lowering; supported: aiter tile ops, elementwise "
                    "arith/math ops, splat constants, scf.for/if");
    return WalkResult::interrupt();
  });
  return failure(r.wasInterrupted());
}

/// Whether a load or store of the program can run after \p store: a later
/// op of an enclosing block holds one, or an enclosing loop repeats it.
static bool memoryAccessMayFollow(StoreOp store, KernelOp kernel) {
  for (Operation *op = store; op && op != kernel; op = op->getParentOp()) {
    if (isa<LoopLikeOpInterface>(op) && op != store.getOperation())
      return true;
    for (Operation *next = op->getNextNode(); next;
         next = next->getNextNode()) {
      bool found = false;
      next->walk([&](Operation *inner) {
        if (isa<LoadOp, StoreOp>(inner))
          found = true;
      });
      if (found)
        return true;
    }
  }
  return false;
}

/// Program order through global memory: an aiter.load sees every earlier
/// store of its program and a later store wins (docs/reference.md), but
/// different threads hold an element in different layouts. A workgroup
/// barrier (with its memory fence) after each store that a load or store
/// may follow makes the stores of all threads visible first.
static void orderGlobalAccesses(KernelOp kernel) {
  SmallVector<StoreOp> stores;
  kernel.walk([&](StoreOp s) { stores.push_back(s); });
  for (StoreOp s : stores)
    if (memoryAccessMayFollow(s, kernel)) {
      OpBuilder b(s->getContext());
      b.setInsertionPointAfter(s);
      gpu::BarrierOp::create(b, s.getLoc());
    }
}

struct ReturnLowering : OpConversionPattern<ReturnOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReturnOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<gpu::ReturnOp>(op);
    return success();
  }
};

struct LowerTilesToSIMT : aiter::impl::LowerTilesToSIMTBase<LowerTilesToSIMT> {
  using Base::Base;

  void runOnOperation() override {
    for (KernelOp kernel : llvm::to_vector(getOperation().getOps<KernelOp>()))
      if (failed(lower(kernel)))
        return signalPassFailure();
  }

  LogicalResult lower(KernelOp kernel) {
    FailureOr<const TargetInfo *> target = kernelTarget(kernel, chip);
    if (failed(target))
      return failure();
    FailureOr<bool> aligned = isAlignedVariant(kernel, variant);
    if (failed(aligned))
      return failure();
    FailureOr<int64_t> waves = kernelWaves(kernel);
    if (failed(waves) || failed(checkSupported(kernel)))
      return failure();
    orderGlobalAccesses(kernel);
    if (*waves * layout::kWaveSize > 1024)
      return kernel.emitOpError("its layouts use ")
             << *waves << " waves; a workgroup has at most 16";

    gpu::GPUFuncOp func = createSIMTKernel(
        kernel, kernel.getSymName(),
        FunctionType::get(kernel.getContext(), kernel.getArgumentTypes(), {}),
        (*target)->chip(), int32_t(*waves * layout::kWaveSize), variant);
    // The kernel's body becomes the function's.
    Block *entry = &func.getBody().front();
    Block &body = kernel.getBody().front();
    for (auto [from, to] :
         llvm::zip(body.getArguments(), entry->getArguments()))
      from.replaceAllUsesWith(to);
    entry->getOperations().splice(entry->end(), body.getOperations());

    TileLowering lowering(func, **target, *aligned, *waves);
    lowering.planLdsGroups(func);
    const TypeConverter &tc = lowering.getTypeConverter();
    MLIRContext *ctx = &getContext();
    ConversionTarget legal(*ctx);
    legal.addLegalDialect<gpu::GPUDialect, amdgpu::AMDGPUDialect,
                          vector::VectorDialect, memref::MemRefDialect,
                          ROCDL::ROCDLDialect>();
    legal.addIllegalDialect<AiterDialect>();
    legal.addDynamicallyLegalDialect<arith::ArithDialect, math::MathDialect>(
        [](Operation *op) {
          return !llvm::any_of(op->getOperandTypes(), isTensor) &&
                 !llvm::any_of(op->getResultTypes(), isTensor);
        });
    RewritePatternSet patterns(ctx);
    scf::populateSCFStructuralTypeConversionsAndLegality(tc, patterns, legal);
    populateElementwisePatterns(lowering, patterns);
    populateMemoryPatterns(lowering, patterns);
    populateDotPatterns(lowering, patterns);
    populateReducePatterns(lowering, patterns);
    populateConvertLayoutPatterns(lowering, patterns);
    patterns.add<ReturnLowering>(tc, ctx);
    {
      // A pattern that refuses an op says why at the op; the framework's
      // "failed to legalize" after it adds nothing.
      bool reported = false;
      ScopedDiagnosticHandler filter(ctx, [&](Diagnostic &d) {
        if (d.getSeverity() != DiagnosticSeverity::Error)
          return failure();
        std::string msg = d.str();
        if (reported && StringRef(msg).starts_with("failed to legalize"))
          return success();
        reported = true;
        return failure(); // to the handlers below
      });
      if (failed(applyPartialConversion(func, legal, std::move(patterns))))
        return failure();
    }
    // Everything was converted, or a pattern said why not: a cast left
    // behind would be a value the lowering forgot.
    WalkResult left = func.walk([&](UnrealizedConversionCastOp cast) {
      cast.emitOpError("internal: a tile value was left unlowered");
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      return failure();
    if (lowering.scratchBytes() > (*target)->ldsBytes())
      return kernel.emitOpError("needs ")
             << lowering.scratchBytes() << " bytes of LDS for layout "
             << "conversions and reductions; " << (*target)->chip() << " has "
             << (*target)->ldsBytes();
    kernel.erase();
    return success();
  }
};

} // namespace
