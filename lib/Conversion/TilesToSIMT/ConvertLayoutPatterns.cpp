//===- ConvertLayoutPatterns.cpp - layout changes, broadcasts, iota -------===//
//
// aiter.convert_layout by the case its two layouts need
// (layout::LayoutConversion), broadcasts, expand_dims and transposes (the
// derived layouts make the last two renames), and aiter.iota from each
// register's coordinate.
//===----------------------------------------------------------------------===//
//
// A conversion whose data stays in its lane is a register permutation
// (vector.shuffle); anything else goes through LDS (TileLowering::
// ldsRoundTrip), in-wave exchanges included for now: ds_bpermute and
// permlane swaps are a later refinement of the same case analysis.
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "aiter/Layout/LayoutConversion.h"
#include "aiter/Layout/Layouts.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;
namespace ll = mlir::aiter::layout;

namespace {

/// dst registers read src registers `map` (a uniform rename).
static Value permuteRegisters(OpBuilder &b, Location loc, Value src,
                              ArrayRef<int64_t> map) {
  return vector::ShuffleOp::create(b, loc, src, src, map);
}

/// The register rename that turns \p src into \p dst when every thread
/// already holds what it needs, in a register that does not depend on the
/// thread; none otherwise.
static std::optional<SmallVector<int64_t>>
uniformRename(const ll::LayoutConversion &conv, int64_t dstRegisters) {
  if (conv.getKind() != ll::ConversionKind::None &&
      !(conv.getKind() == ll::ConversionKind::RegisterPermutation &&
        conv.isUniformRename()))
    return std::nullopt;
  SmallVector<int64_t> map;
  for (int64_t r = 0; r < dstRegisters; ++r)
    map.push_back(conv.getSource({r, 0, 0}).reg);
  return map;
}

struct ConvertLayoutLowering : OpConversionPattern<ConvertLayoutOp> {
  ConvertLayoutLowering(TileLowering &lowering, const TypeConverter &tc,
                        MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(ConvertLayoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    LinearLayoutAttr src = getTileLayout(op.getInput().getType());
    LinearLayoutAttr dst = getTileLayout(op.getType());
    if (!src || !dst)
      return op.emitOpError("needs layouts on both sides");
    auto conv =
        ll::LayoutConversion::get(src.getLinearLayout(), dst.getLinearLayout());
    if (!conv)
      return op.emitOpError() << llvm::toString(conv.takeError());
    if (auto map = uniformRename(*conv, dst.getRegistersPerLane())) {
      rewriter.replaceOp(op, permuteRegisters(rewriter, op.getLoc(),
                                              adaptor.getInput(), *map));
      return success();
    }
    Value out = lowering.ldsConvert(rewriter, op.getLoc(), adaptor.getInput(),
                                    src, dst, op.getType().getElementType());
    if (!out)
      out = lowering.ldsRoundTrip(
          rewriter, op.getLoc(), adaptor.getInput(), src, dst,
          op.getType().getElementType(),
          [](OpBuilder &, ArrayRef<Value> c) { return SmallVector<Value>(c); });
    rewriter.replaceOp(op, out);
    return success();
  }

  TileLowering &lowering;
};

/// expand_dims and transpose: the result layout is derived from the input's
/// (the verifier checks it), so the registers are the same.
template <typename Op> struct RenameLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto in = cast<RankedTensorType>(op.getInput().getType());
    if (in.getRank() > 0 && !getTileLayout(in))
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Value v = adaptor.getInput();
    if (in.getRank() == 0) {
      // A scalar tile gaining a unit dim: every register is that scalar.
      Type t = this->getTypeConverter()->convertType(op.getType());
      v = vector::BroadcastOp::create(rewriter, op.getLoc(), t, v);
    }
    rewriter.replaceOp(op, v);
    return success();
  }
};

struct BroadcastLowering : OpConversionPattern<BroadcastOp> {
  BroadcastLowering(TileLowering &lowering, const TypeConverter &tc,
                    MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    LinearLayoutAttr dst = getTileLayout(op.getType());
    if (!dst)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Type resultType = getTypeConverter()->convertType(op.getType());
    auto inTensor = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!inTensor || inTensor.getRank() == 0) {
      rewriter.replaceOpWithNewOp<vector::BroadcastOp>(op, resultType,
                                                       adaptor.getInput());
      return success();
    }
    LinearLayoutAttr src = getTileLayout(inTensor);
    if (!src)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    // Collapse every broadcast dim of dst and look for a rename.
    SmallVector<unsigned> bdims;
    for (auto [d, n] : llvm::enumerate(inTensor.getShape()))
      if (n == 1 && op.getType().getDimSize(d) != 1)
        bdims.push_back(unsigned(d));
    std::optional<SmallVector<int64_t>> map;
    if (bdims.size() == 1) {
      auto conv = ll::broadcastConversion(src.getLinearLayout(),
                                          dst.getLinearLayout(), bdims[0]);
      if (!conv)
        return op.emitOpError() << llvm::toString(conv.takeError());
      map = uniformRename(*conv, dst.getRegistersPerLane());
    }
    if (map) {
      rewriter.replaceOp(
          op, permuteRegisters(rewriter, loc, adaptor.getInput(), *map));
      return success();
    }
    Value out = lowering.ldsRoundTrip(rewriter, loc, adaptor.getInput(), src,
                                      dst, op.getType().getElementType(),
                                      [&](OpBuilder &b, ArrayRef<Value> c) {
                                        SmallVector<Value> s(c);
                                        for (unsigned d : bdims)
                                          s[d] = indexConst(b, loc, 0);
                                        return s;
                                      });
    rewriter.replaceOp(op, out);
    return success();
  }

  TileLowering &lowering;
};

struct IotaLowering : OpConversionPattern<IotaOp> {
  IotaLowering(TileLowering &lowering, const TypeConverter &tc,
               MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(IotaOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    LinearLayoutAttr layout = getTileLayout(op.getType());
    if (!layout)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Type elem = op.getType().getElementType();
    SmallVector<Value> values;
    for (int64_t r = 0; r < layout.getRegistersPerLane(); ++r) {
      Value c = lowering.coordinates(rewriter, loc, layout, r)[0];
      if (!elem.isIndex())
        c = arith::IndexCastOp::create(rewriter, loc, elem, c);
      values.push_back(c);
    }
    rewriter.replaceOpWithNewOp<vector::FromElementsOp>(
        op, getTypeConverter()->convertType(op.getType()), values);
    return success();
  }

  TileLowering &lowering;
};

} // namespace

void tiles::populateConvertLayoutPatterns(TileLowering &lowering,
                                          RewritePatternSet &patterns) {
  const TypeConverter &tc = lowering.getTypeConverter();
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConvertLayoutLowering, BroadcastLowering, IotaLowering>(lowering,
                                                                       tc, ctx);
  patterns.add<RenameLowering<ExpandDimsOp>, RenameLowering<TransposeOp>>(tc,
                                                                          ctx);
}
