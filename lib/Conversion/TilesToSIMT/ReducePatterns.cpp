//===- ReducePatterns.cpp - aiter.reduce in registers, lanes, then waves --===//
//
// A reduction along `axis` combines, in this order: the registers of a
// thread whose elements differ only along the axis; then lanes, one
// butterfly step (gpu.shuffle xor) per lane bit that walks the axis; then
// waves, through LDS, for wave bits that walk it.
//===----------------------------------------------------------------------===//
//
// Which bits reduce comes from the input layout alone: a register, lane or
// wave bit whose basis moves only along the axis (and is not a copy of what
// earlier bits reach) is reduced; one that moves only along other dims is
// kept; one that moves along both is a layout this lowering refuses. After
// the butterfly every lane holds the full value of its element, and every
// wave combines the partials of its group in wave order, so all copies agree
// bit for bit. The result's registers are then matched to the kept input
// registers by their coordinates (the result layout is the slice of the
// input's, which the verifier checks).
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;
namespace ll = mlir::aiter::layout;

namespace {

/// Bits of \p in whose basis moves along \p axis only (and is no copy), or
/// failure when a basis moves along the axis and another dim.
static FailureOr<uint64_t> reducedBits(const ll::LinearLayout &l, StringRef in,
                                       unsigned axis) {
  uint64_t free = l.getFreeVariableMask(in), mask = 0;
  std::string axisName = ll::tensorDimName(axis);
  for (unsigned bit = 0; bit < l.getInDimSizeLog2(in); ++bit) {
    bool alongAxis = l.getBasis(in, bit, axisName) != 0, other = false;
    for (const ll::LayoutDim &out : l.getOutDims())
      if (out.name != axisName && l.getBasis(in, bit, out.name) != 0)
        other = true;
    if (alongAxis && other)
      return failure();
    if (alongAxis && !(free & (uint64_t(1) << bit)))
      mask |= uint64_t(1) << bit;
  }
  return mask;
}

} // namespace

bool tiles::reductionCrossesWaves(ReduceOp op) {
  LinearLayoutAttr src = getTileLayout(op.getInput().getType());
  if (!src)
    return true;
  FailureOr<uint64_t> waveBits =
      reducedBits(src.getLinearLayout(), ll::kWave, unsigned(op.getAxis()));
  return failed(waveBits) || *waveBits != 0;
}

namespace {

struct ReduceLowering : OpConversionPattern<ReduceOp> {
  ReduceLowering(TileLowering &lowering, const TypeConverter &tc,
                 MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  Value combine(OpBuilder &b, Location loc, ReduceKind kind, Value x,
                Value y) const {
    bool isFloat = isa<FloatType>(getElementTypeOrSelf(x.getType()));
    switch (kind) {
    case ReduceKind::max:
      return isFloat ? Value(arith::MaximumFOp::create(b, loc, x, y))
                     : Value(arith::MaxSIOp::create(b, loc, x, y));
    case ReduceKind::min:
      return isFloat ? Value(arith::MinimumFOp::create(b, loc, x, y))
                     : Value(arith::MinSIOp::create(b, loc, x, y));
    case ReduceKind::sum:
      return isFloat ? Value(arith::AddFOp::create(b, loc, x, y))
                     : Value(arith::AddIOp::create(b, loc, x, y));
    case ReduceKind::maxnum:
      return arith::MaxNumFOp::create(b, loc, x, y);
    case ReduceKind::minnum:
      return arith::MinNumFOp::create(b, loc, x, y);
    }
    llvm_unreachable("reduce kind");
  }

  /// The value of lane (lane ^ mask), through 32-bit shuffles.
  Value shuffleXor(OpBuilder &b, Location loc, Value v, int64_t mask) const {
    Type t = v.getType();
    unsigned bits = t.getIntOrFloatBitWidth();
    Value wide = v;
    Type wideType = t;
    if (bits < 32) {
      if (isa<FloatType>(t)) {
        wideType = b.getF32Type();
        wide = arith::ExtFOp::create(b, loc, wideType, v);
      } else {
        wideType = b.getI32Type();
        wide = arith::ExtSIOp::create(b, loc, wideType, v);
      }
    } // gpu.shuffle takes 32- and 64-bit values as they are.
    Value s = gpu::ShuffleOp::create(b, loc, wide, int32_t(mask), 64,
                                     gpu::ShuffleMode::XOR)
                  .getShuffleResult();
    if (wideType == t)
      return s;
    if (isa<FloatType>(t))
      return arith::TruncFOp::create(b, loc, t, s);
    return arith::TruncIOp::create(b, loc, t, s);
  }

  LogicalResult
  matchAndRewrite(ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    LinearLayoutAttr src = getTileLayout(op.getInput().getType());
    if (!src)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    unsigned axis = unsigned(op.getAxis());
    ll::LinearLayout l = src.getLinearLayout();
    FailureOr<uint64_t> regBits = reducedBits(l, ll::kRegister, axis),
                        laneBits = reducedBits(l, ll::kLane, axis),
                        waveBits = reducedBits(l, ll::kWave, axis);
    if (failed(regBits) || failed(laneBits) || failed(waveBits))
      return op.emitOpError("its input layout mixes the reduced axis with "
                            "another dim in one basis; the lowering reduces "
                            "only layouts whose bases move along one of them");
    uint64_t copies = lowering.copyRegisters(src);
    ReduceKind kind = op.getKind();
    Value in = adaptor.getInput();

    // 1. Registers: one partial per kept register (reduced bits clear).
    SmallVector<int64_t> kept;
    SmallVector<Value> partials;
    int64_t regs = src.getRegistersPerLane();
    for (int64_t r = 0; r < regs; ++r) {
      if ((r & *regBits) || (r & copies))
        continue;
      Value acc;
      for (int64_t s = 0; s < regs; ++s) {
        if ((s & ~int64_t(*regBits)) != r)
          continue;
        Value x = vector::ExtractOp::create(rewriter, loc, in, s);
        acc = acc ? combine(rewriter, loc, kind, acc, x) : x;
      }
      kept.push_back(r);
      partials.push_back(acc);
    }
    // 2. Lanes: a butterfly over each reduced lane bit.
    for (unsigned bit = 0; bit < 6; ++bit)
      if (*laneBits & (uint64_t(1) << bit))
        for (Value &p : partials)
          p = combine(rewriter, loc, kind, p,
                      shuffleXor(rewriter, loc, p, int64_t(1) << bit));
    // 3. Waves: partials through LDS, combined in wave order.
    if (*waveBits) {
      Type elem = op.getInput().getType().getElementType();
      int64_t n = int64_t(partials.size());
      Value lds = lowering.scratch(elem, lowering.getWaves() * n * 64);
      Value lane = lowering.getLane(), wave = lowering.getWave();
      auto slot = [&](Value w, int64_t p) {
        Value base = arith::MulIOp::create(rewriter, loc, w,
                                           indexConst(rewriter, loc, n * 64));
        Value off = arith::AddIOp::create(rewriter, loc, base,
                                          indexConst(rewriter, loc, p * 64));
        return Value(arith::AddIOp::create(rewriter, loc, off, lane));
      };
      amdgpu::LDSBarrierOp::create(rewriter, loc);
      for (auto [p, v] : llvm::enumerate(partials))
        memref::StoreOp::create(rewriter, loc, v, lds,
                                ValueRange{slot(wave, int64_t(p))});
      amdgpu::LDSBarrierOp::create(rewriter, loc);
      Value base = arith::AndIOp::create(
          rewriter, loc, wave, indexConst(rewriter, loc, ~int64_t(*waveBits)));
      for (int64_t p = 0; p < n; ++p) {
        Value acc;
        for (int64_t combo = 0; combo < lowering.getWaves(); ++combo) {
          if (combo & ~int64_t(*waveBits))
            continue;
          Value w = arith::OrIOp::create(rewriter, loc, base,
                                         indexConst(rewriter, loc, combo));
          Value x = memref::LoadOp::create(rewriter, loc, lds,
                                           ValueRange{slot(w, p)});
          acc = acc ? combine(rewriter, loc, kind, acc, x) : x;
        }
        partials[p] = acc;
      }
    }

    // The result: a scalar, or the result layout's registers matched to the
    // kept registers by coordinates.
    if (op.getType().getRank() == 0) {
      rewriter.replaceOp(op, partials.front());
      return success();
    }
    LinearLayoutAttr dst = getTileLayout(op.getType());
    if (!dst)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    ll::LinearLayout d = dst.getLinearLayout();
    auto withoutAxis = [&](ArrayRef<std::pair<std::string, int64_t>> c) {
      SmallVector<int64_t> out;
      for (auto [i, e] : llvm::enumerate(c))
        if (i != axis)
          out.push_back(e.second);
      return out;
    };
    SmallVector<Value> values;
    for (int64_t r = 0; r < dst.getRegistersPerLane(); ++r) {
      SmallVector<std::pair<StringRef, int64_t>> at = {{ll::kRegister, r}};
      SmallVector<int64_t> want;
      for (auto &e : d.apply(at))
        want.push_back(e.second);
      Value found;
      for (auto [k, p] : llvm::zip(kept, partials)) {
        SmallVector<std::pair<StringRef, int64_t>> kat = {{ll::kRegister, k}};
        SmallVector<std::pair<std::string, int64_t>> c;
        for (auto &e : l.apply(kat))
          c.push_back({e.first, e.second});
        if (withoutAxis(c) == want) {
          found = p;
          break;
        }
      }
      if (!found)
        return op.emitOpError("internal: result register ")
               << r << " has no matching input register; the result layout "
               << "is not the slice of the input's";
      values.push_back(found);
    }
    rewriter.replaceOpWithNewOp<vector::FromElementsOp>(
        op, getTypeConverter()->convertType(op.getType()), values);
    return success();
  }

  TileLowering &lowering;
};

} // namespace

void tiles::populateReducePatterns(TileLowering &lowering,
                                   RewritePatternSet &patterns) {
  patterns.add<ReduceLowering>(lowering, lowering.getTypeConverter(),
                               patterns.getContext());
}
