//===- ElementwisePatterns.cpp - arith/math on tiles, constants, grid ids -===//
//
// Elementwise ops on tiles apply register by register: the same op on the
// vectors the tiles became (their operands share one layout). Splat
// constants become vector splats; program ids become workgroup ids.
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;

namespace {

static bool hasTensor(TypeRange types) {
  return llvm::any_of(types, [](Type t) { return isa<RankedTensorType>(t); });
}

/// Any arith or math op with tile operands or results (the verifier of
/// aiter-assign-layouts' output guarantees one layout for all of them).
struct ElementwiseOnTiles : ConversionPattern {
  ElementwiseOnTiles(const TypeConverter &tc, MLIRContext *ctx)
      : ConversionPattern(tc, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) ||
        isa<arith::ConstantOp>(op))
      return failure();
    if (!hasTensor(op->getOperandTypes()) && !hasTensor(op->getResultTypes()))
      return failure();
    if (!op->hasTrait<OpTrait::Elementwise>() && !isa<arith::SelectOp>(op))
      return rewriter.notifyMatchFailure(op, "not elementwise");
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, types,
                         op->getAttrs(), op->getSuccessors());
    Operation *lowered = rewriter.create(state);
    rewriter.replaceOp(op, lowered->getResults());
    return success();
  }
};

/// Splat tile constants (the ones tile programs write: zeros, -inf).
struct SplatConstant : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto tensor = dyn_cast<RankedTensorType>(op.getType());
    if (!tensor)
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!dense || !dense.isSplat())
      return rewriter.notifyMatchFailure(op, "non-splat (checkSupported "
                                             "reports it)");
    Type type = getTypeConverter()->convertType(tensor);
    if (!type)
      return failure();
    TypedAttr value;
    if (auto vec = dyn_cast<VectorType>(type))
      value = DenseElementsAttr::get(vec, dense.getSplatValue<Attribute>());
    else
      value = cast<TypedAttr>(dense.getSplatValue<Attribute>());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, value);
    return success();
  }
};

struct ProgramIdLowering : OpConversionPattern<ProgramIdOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ProgramIdOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<gpu::BlockIdOp>(op,
                                                gpu::Dimension(op.getAxis()));
    return success();
  }
};

struct NumProgramsLowering : OpConversionPattern<NumProgramsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NumProgramsOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<gpu::GridDimOp>(op,
                                                gpu::Dimension(op.getAxis()));
    return success();
  }
};

} // namespace

void tiles::populateElementwisePatterns(TileLowering &lowering,
                                        RewritePatternSet &patterns) {
  const TypeConverter &tc = lowering.getTypeConverter();
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ElementwiseOnTiles>(tc, ctx);
  patterns.add<SplatConstant, ProgramIdLowering, NumProgramsLowering>(tc, ctx);
}
