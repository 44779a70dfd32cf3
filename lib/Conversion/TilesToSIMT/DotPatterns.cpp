//===- DotPatterns.cpp - aiter.dot as MFMA instructions -------------------===//
//
// A dot whose operands and accumulator hold the MFMA layouts of the
// instruction aiter-assign-layouts chose (`aiter.mfma`) becomes one
// amdgpu.mfma per (row block, column block, K step) of each wave.
//===----------------------------------------------------------------------===//
//
// The layouts are recognised by rebuilding them: the wave grid, the K width
// and whether the accumulator is the transposed (S^T) form are those for
// which layout::mfmaAccumulatorLayout / mfmaOperandLayout give exactly the
// three layouts. Their register order is then known (Layouts.h: a run of
// kWidth K elements, K repetitions, then row or column repetitions; the
// accumulator's instruction registers, then N and M repetitions), and each
// instruction takes its operand registers as slices of the lane's vectors.
// A transposed accumulator is the product B^T A^T: the instruction is called
// with the operands swapped. A and B permute K identically (the same lane
// groups and register runs), so the sum is the tile's.
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "aiter/Layout/Layouts.h"
#include "aiter/Target/TileConfig.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;
namespace ll = mlir::aiter::layout;

namespace {

struct DotForm {
  ll::MfmaInstrShape instr;
  ll::WaveGrid grid;
  int64_t kWidth = 0;
  bool transposed = false;
};

static bool sameLayout(llvm::Expected<ll::LinearLayout> built,
                       const ll::LinearLayout &actual) {
  if (!built) {
    llvm::consumeError(built.takeError());
    return false;
  }
  return *built == actual;
}

static std::optional<DotForm> recognise(const ll::MfmaInstrShape &instr,
                                        int64_t waves, RankedTensorType a,
                                        RankedTensorType b,
                                        RankedTensorType c) {
  ll::LinearLayout la = getTileLayout(a).getLinearLayout(),
                   lb = getTileLayout(b).getLinearLayout(),
                   lc = getTileLayout(c).getLinearLayout();
  int64_t kExtent = a.getDimSize(1);
  for (int64_t gm = 1; gm <= waves; gm *= 2) {
    ll::WaveGrid grid{gm, waves / gm};
    for (bool transposed : {false, true}) {
      if (!sameLayout(
              ll::mfmaAccumulatorLayout(instr, grid, c.getShape(), transposed),
              lc))
        continue;
      for (int64_t kw = instr.kWidth; kw <= kExtent; kw *= 2)
        if (sameLayout(ll::mfmaOperandLayout(instr, ll::MfmaOperand::A, grid,
                                             a.getShape(), kw),
                       la) &&
            sameLayout(ll::mfmaOperandLayout(instr, ll::MfmaOperand::B, grid,
                                             b.getShape(), kw),
                       lb))
          return DotForm{instr, grid, kw, transposed};
    }
  }
  return std::nullopt;
}

/// Elements [start, start + n) of \p v.
static Value slice(OpBuilder &b, Location loc, Value v, int64_t start,
                   int64_t n) {
  SmallVector<int64_t> idx;
  for (int64_t i = 0; i < n; ++i)
    idx.push_back(start + i);
  return vector::ShuffleOp::create(b, loc, v, v, idx);
}

struct DotLowering : OpConversionPattern<DotOp> {
  DotLowering(TileLowering &lowering, const TypeConverter &tc, MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto ta = cast<RankedTensorType>(op.getA().getType());
    auto tb = cast<RankedTensorType>(op.getB().getType());
    auto tc = cast<RankedTensorType>(op.getType());
    if (!getTileLayout(ta) || !getTileLayout(tb) || !getTileLayout(tc))
      return op.emitOpError("needs layouts: run aiter-assign-layouts first");
    auto name = op->getAttrOfType<StringAttr>("aiter.mfma");
    if (!name)
      return op.emitOpError("has no aiter.mfma (the instruction "
                            "aiter-assign-layouts chooses)");
    llvm::Expected<MfmaShape> shape = parseMfmaShape(name.getValue());
    if (!shape)
      return op.emitOpError() << llvm::toString(shape.takeError());
    llvm::Expected<ll::MfmaInstrShape> instr =
        ll::MfmaInstrShape::get(shape->m, shape->n, shape->k);
    if (!instr)
      return op.emitOpError() << llvm::toString(instr.takeError());
    std::optional<DotForm> form =
        recognise(*instr, lowering.getWaves(), ta, tb, tc);
    if (!form)
      return op.emitOpError("operand and accumulator layouts are not the ")
             << name.getValue()
             << " MFMA layouts of one wave grid (aiter-assign-layouts "
                "assigns them; a conversion to them is missing)";

    const ll::MfmaInstrShape &in = form->instr;
    int64_t laneGroups = 64 / in.m;
    int64_t kReps = ta.getDimSize(1) / (form->kWidth * laneGroups);
    int64_t steps = form->kWidth / in.kWidth; // instructions per run
    int64_t mReps = tc.getDimSize(0) / (in.m * form->grid.m);
    int64_t nReps = tc.getDimSize(1) / (in.n * form->grid.n);
    int64_t accRegs = in.m * in.n / 64;
    int64_t runRegs = form->kWidth * kReps; // registers per row block

    Value a = adaptor.getA(), b = adaptor.getB(), c = adaptor.getAcc();
    SmallVector<Value> acc;
    for (int64_t mr = 0; mr < mReps; ++mr)
      for (int64_t nr = 0; nr < nReps; ++nr)
        acc.push_back(
            slice(rewriter, loc, c, (mr * nReps + nr) * accRegs, accRegs));
    for (int64_t kr = 0; kr < kReps; ++kr)
      for (int64_t t = 0; t < steps; ++t) {
        int64_t k0 = kr * form->kWidth + t * in.kWidth;
        SmallVector<Value> aOps, bOps;
        for (int64_t mr = 0; mr < mReps; ++mr)
          aOps.push_back(slice(rewriter, loc, a, mr * runRegs + k0, in.kWidth));
        for (int64_t nr = 0; nr < nReps; ++nr)
          bOps.push_back(slice(rewriter, loc, b, nr * runRegs + k0, in.kWidth));
        for (int64_t mr = 0; mr < mReps; ++mr)
          for (int64_t nr = 0; nr < nReps; ++nr) {
            Value &d = acc[mr * nReps + nr];
            Value srcA = form->transposed ? bOps[nr] : aOps[mr];
            Value srcB = form->transposed ? aOps[mr] : bOps[nr];
            d = amdgpu::MFMAOp::create(
                rewriter, loc, d.getType(), rewriter.getI32IntegerAttr(in.m),
                rewriter.getI32IntegerAttr(in.n),
                rewriter.getI32IntegerAttr(in.k), rewriter.getI32IntegerAttr(1),
                srcA, srcB, d);
          }
      }
    SmallVector<Value> regs;
    for (Value blk : acc)
      for (int64_t i = 0; i < accRegs; ++i)
        regs.push_back(vector::ExtractOp::create(rewriter, loc, blk, i));
    rewriter.replaceOpWithNewOp<vector::FromElementsOp>(op, c.getType(), regs);
    return success();
  }

  TileLowering &lowering;
};

} // namespace

void tiles::populateDotPatterns(TileLowering &lowering,
                                RewritePatternSet &patterns) {
  patterns.add<DotLowering>(lowering, lowering.getTypeConverter(),
                            patterns.getContext());
}
