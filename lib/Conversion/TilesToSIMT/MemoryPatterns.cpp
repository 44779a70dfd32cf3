//===- MemoryPatterns.cpp - clipped tile loads and stores -----------------===//
//
// aiter.load / aiter.store of a layer-3 tile: each thread accesses the
// elements its registers hold, clipped to the memref's bounds.
//===----------------------------------------------------------------------===//
//
// The aligned variant goes through a bounds-checked buffer resource
// (amdgpu.fat_raw_buffer_cast, valid range = the view's true extent) viewed
// as one dimension: an element outside the tile's clip gets an offset past
// the resource's end, so it reads 0 and its store is dropped, with no branch.
// Registers that hold consecutive elements along the memref's unit-stride
// dimension (LinearLayout::getNumContiguous) are accessed as one vector of up
// to 16 bytes; a load masks the vector's elements past the edge (they may
// lie inside the buffer: the next row), and a store that the edge cuts
// writes element by element instead (the full vector's offset is then moved
// past the end). Register copies and threads holding copies do not store.
//
// The general variant (any strides, any size) does each element under its
// own condition with memref.load / memref.store.
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;
namespace ll = mlir::aiter::layout;

namespace {

/// Offsets at or past this byte are outside every aligned-variant buffer
/// (the aligned class spans less: lib/Runtime/Alignment.cpp), and an access
/// of up to 16 bytes there stays below 2^31.
constexpr int64_t kOutOfRangeByte = (int64_t(1) << 31) - 64;

/// What a load and a store share: the memref view and each register's
/// element.
struct Access {
  Access(TileLowering &lowering, ConversionPatternRewriter &b, Location loc,
         Value mem, ValueRange indices, ArrayRef<int64_t> tileDims,
         Type tileType, bool provenWhole = false)
      : lowering(lowering), b(b), loc(loc), mem(mem),
        indices(indices.begin(), indices.end()),
        tileDims(tileDims.begin(), tileDims.end()) {
    whole = provenWhole;
    memType = cast<MemRefType>(mem.getType());
    elemType = memType.getElementType();
    layout = getTileLayout(tileType);
    auto meta = memref::ExtractStridedMetadataOp::create(b, loc, mem);
    for (int64_t d = 0; d < memType.getRank(); ++d) {
      sizes.push_back(meta.getSizes()[d]);
      strides.push_back(meta.getStrides()[d]);
    }
    // The unit-stride memref dimension, if a tile dimension runs along it.
    // The aligned variant's contract makes the last one unit-stride
    // (docs/c-api.md), whatever the type says: a stride of 1 the kernel
    // folds into its addresses, and vectors along that dimension.
    SmallVector<int64_t> staticStrides;
    int64_t offset;
    int64_t rank = memType.getRank();
    if (lowering.isAligned() && rank > 0)
      strides[rank - 1] = idx(1);
    for (auto [k, d] : llvm::enumerate(tileDims))
      if (lowering.isAligned() && d == rank - 1)
        contiguousTileDim = int64_t(k);
    if (contiguousTileDim < 0 &&
        succeeded(memType.getStridesAndOffset(staticStrides, offset)))
      for (auto [k, d] : llvm::enumerate(tileDims))
        if (staticStrides[d] == 1)
          contiguousTileDim = int64_t(k);
    // Dimensions every element is inside of, whatever the thread: a
    // constant origin whose tile extent stays within a static size (the
    // head dim of an attention tensor). Their tests are left out.
    for (int64_t d = 0; d < rank; ++d) {
      int64_t extent = 1;
      for (auto [k, td] : llvm::enumerate(tileDims))
        if (td == d)
          extent =
              ArrayRef<int64_t>(cast<RankedTensorType>(tileType).getShape())[k];
      std::optional<int64_t> origin = getConstantIntValue(indices[d]);
      alwaysInside.push_back(!memType.isDynamicDim(d) && origin &&
                             *origin >= 0 &&
                             *origin + extent <= memType.getDimSize(d));
    }
    // The dimensions the tile does not span test the same (uniform) index
    // for every element: once per access, here (dominating every use).
    for (int64_t d = 0; d < rank; ++d) {
      if (alwaysInside[d] || llvm::is_contained(this->tileDims, d))
        continue;
      Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                       this->indices[d], sizes[d]);
      fixedInside = fixedInside
                        ? Value(arith::AndIOp::create(b, loc, fixedInside, ok))
                        : ok;
    }
    if (!fixedInside || whole)
      fixedInside = arith::ConstantIntOp::create(b, loc, 1, 1);
  }

  int64_t elemBytes() const {
    return (elemType.getIntOrFloatBitWidth() + 7) / 8;
  }
  int64_t registers() const {
    return layout ? layout.getRegistersPerLane() : 1;
  }

  /// Registers per vector access (a power of two, at most 16 bytes).
  int64_t vectorWidth() const {
    if (!layout || contiguousTileDim < 0 || !lowering.isAligned())
      return 1;
    int64_t v = layout.getLinearLayout().getNumContiguous(
        ll::kRegister, ll::tensorDimName(contiguousTileDim));
    return std::min<int64_t>(v, std::max<int64_t>(1, 16 / elemBytes()));
  }

  Value idx(int64_t v) { return indexConst(b, loc, v); }

  /// Memref indices of register \p reg's element, and whether it is inside
  /// the memref (every dimension, the fixed ones included). \p contigExtra
  /// is added along the contiguous dimension (elements of a vector).
  std::pair<SmallVector<Value>, Value> element(int64_t reg) {
    SmallVector<Value> coords = layout
                                    ? lowering.coordinates(b, loc, layout, reg)
                                    : SmallVector<Value>{};
    SmallVector<Value> at(indices.begin(), indices.end());
    for (auto [k, d] : llvm::enumerate(tileDims))
      at[d] = arith::AddIOp::create(b, loc, at[d], coords[k]);
    Value in = fixedInside;
    for (auto [k, d] : llvm::enumerate(tileDims)) {
      if (alwaysInside[d] || whole)
        continue;
      Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, at[d],
                                       sizes[d]);
      in = arith::AndIOp::create(b, loc, in, ok);
    }
    if (!in)
      in = arith::ConstantIntOp::create(b, loc, 1, 1);
    return {at, in};
  }

  /// Whether the element \p extra past \p at along the contiguous memref
  /// dimension is inside it.
  Value insideAlongContiguous(ArrayRef<Value> at, int64_t extra) {
    int64_t d = tileDims[contiguousTileDim];
    if (alwaysInside[d])
      return arith::ConstantIntOp::create(b, loc, 1, 1);
    Value c = arith::AddIOp::create(b, loc, at[d], idx(extra));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, c,
                                 sizes[d]);
  }

  /// The 1-D bounds-checked buffer over the view's true extent.
  Value buffer() {
    if (buf)
      return buf;
    Value last = idx(0), empty;
    for (int64_t d = 0; d < memType.getRank(); ++d) {
      Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           sizes[d], idx(0));
      empty =
          empty ? Value(arith::OrIOp::create(b, loc, empty, isZero)) : isZero;
      Value span = arith::MulIOp::create(
          b, loc, arith::SubIOp::create(b, loc, sizes[d], idx(1)), strides[d]);
      last = arith::AddIOp::create(b, loc, last, span);
    }
    Value elems = arith::AddIOp::create(b, loc, last, idx(1));
    if (empty)
      elems = arith::SelectOp::create(b, loc, empty, idx(0), elems);
    Value bytes = arith::MulIOp::create(b, loc, elems, idx(elemBytes()));
    Value valid = arith::IndexCastOp::create(b, loc, b.getI64Type(), bytes);
    Value fat = amdgpu::FatRawBufferCastOp::create(
        b, loc, mem, valid, /*cacheSwizzleStride=*/Value(),
        b.getBoolAttr(true));
    auto fatType = cast<MemRefType>(fat.getType());
    auto flatType =
        MemRefType::get({ShapedType::kDynamic}, elemType,
                        MemRefLayoutAttrInterface(), fatType.getMemorySpace());
    OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
    buf = memref::ReinterpretCastOp::create(b, loc, flatType, fat, zero,
                                            ArrayRef<OpFoldResult>{elems},
                                            ArrayRef<OpFoldResult>{one});
    outOfRange = idx(kOutOfRangeByte / elemBytes());
    return buf;
  }

  /// Whether the whole tile lies inside the memref (a uniform condition:
  /// the origin and sizes are the same for every thread). In 32-bit
  /// arithmetic, which the aligned variant allows: a tensor of its class
  /// spans under 2^31 elements, so every size of a non-empty one is below
  /// 2^31 (an empty one has a 0 size, which fails its own test whatever the
  /// others truncate to). An origin is inside when its high word is 0 and
  /// origin + extent neither wraps nor passes the size. Uniform 64-bit
  /// compares cost AMDGPU a VALU compare and a move each; these are SALU.
  Value tileInside(ArrayRef<int64_t> shape) {
    if (whole)
      return arith::ConstantIntOp::create(b, loc, 1, 1);
    if (Value fast = tileInsideByIteration(shape))
      return fast;
    return insideTest(b, indices, sizes, shape, {});
  }

  /// The 32-bit test above, built with \p ob over \p at and \p size, for
  /// the dimensions \p skip does not name.
  Value insideTest(OpBuilder &ob, ArrayRef<Value> at, ArrayRef<Value> size,
                   ArrayRef<int64_t> shape, ArrayRef<bool> skip) {
    Type i32 = ob.getI32Type(), i64 = ob.getI64Type();
    Value zero64 = arith::ConstantIntOp::create(ob, loc, i64, 0);
    Value shift = arith::ConstantIntOp::create(ob, loc, i64, 32);
    Value in;
    auto both = [&](Value ok) {
      in = in ? Value(arith::AndIOp::create(ob, loc, in, ok)) : ok;
    };
    auto low = [&](Value v) {
      Value w = arith::IndexCastUIOp::create(ob, loc, i64, v);
      return std::make_pair(w, Value(arith::TruncIOp::create(ob, loc, i32, w)));
    };
    auto word = [&](int64_t c) {
      return Value(arith::ConstantIntOp::create(ob, loc, i32, c));
    };
    for (int64_t d = 0; d < memType.getRank(); ++d) {
      if (alwaysInside[d] || (!skip.empty() && skip[d]))
        continue;
      auto [wide, origin] = low(at[d]);
      Value sz = low(size[d]).second;
      both(arith::CmpIOp::create(ob, loc, arith::CmpIPredicate::eq,
                                 arith::ShRUIOp::create(ob, loc, wide, shift),
                                 zero64));
      int64_t extent = extentAlong(d, shape);
      if (extent == 0) { // not a tile dimension: one index
        both(arith::CmpIOp::create(ob, loc, arith::CmpIPredicate::ult, origin,
                                   sz));
        continue;
      }
      Value end = arith::AddIOp::create(ob, loc, origin, word(extent));
      both(arith::CmpIOp::create(ob, loc, arith::CmpIPredicate::ule, end, sz));
      // No wrap: end > origin.
      both(arith::CmpIOp::create(ob, loc, arith::CmpIPredicate::ult, origin,
                                 end));
    }
    if (!in)
      in = arith::ConstantIntOp::create(ob, loc, 1, 1);
    return in;
  }

  /// The tile's extent along memref dimension \p d, 0 if no tile dimension
  /// runs along it.
  int64_t extentAlong(int64_t d, ArrayRef<int64_t> shape) const {
    for (auto [k, td] : llvm::enumerate(tileDims))
      if (td == d)
        return shape[k];
    return 0;
  }

  /// tileInside for an access in the body of an scf.for whose origin moves
  /// with the induction variable (iv, or iv + an invariant: a K loop's
  /// tile, or its pipelined prefetch at iv + step) along tile dimensions:
  /// a sufficient condition with its invariant part computed before the
  /// loop, leaving one compare of iv in each iteration. Along such a
  /// dimension the tile is inside for every iv >= lb up to
  /// B = size - extent - offset when lb + offset >= 0 (steps are positive);
  /// the other dimensions take the 32-bit test, hoisted. Sizes are below
  /// 2^31 (the aligned class) and the offsets and lb are required to be
  /// below 2^62 in magnitude, so nothing overflows. An iteration the
  /// condition rejects takes the clipped path, which is always right.
  /// Null when the access does not have that form.
  Value tileInsideByIteration(ArrayRef<int64_t> shape) {
    auto loop =
        dyn_cast_or_null<scf::ForOp>(b.getInsertionBlock()->getParentOp());
    if (!loop)
      return {};
    Region &body = loop.getRegion();
    auto outside = [&](Value v) {
      return !body.isAncestor(v.getParentRegion());
    };
    if (!outside(mem))
      return {};
    Value iv = loop.getInductionVar();
    int64_t rank = memType.getRank();
    SmallVector<Value> offsets(rank);
    SmallVector<bool> moves(rank, false);
    bool any = false;
    for (int64_t d = 0; d < rank; ++d) {
      Value x = indices[d];
      if (alwaysInside[d] || outside(x))
        continue;
      if (extentAlong(d, shape) == 0)
        return {};
      // (The loop's body was converted first: an unconverted addi still
      // names the old block's induction variable.)
      auto isIv = [&](Value v) { return b.getRemappedValue(v) == iv; };
      auto add = x.getDefiningOp<arith::AddIOp>();
      if (isIv(x)) {
        offsets[d] = Value();
      } else if (add && isIv(add.getLhs()) && outside(add.getRhs())) {
        offsets[d] = add.getRhs();
      } else if (add && isIv(add.getRhs()) && outside(add.getLhs())) {
        offsets[d] = add.getLhs();
      } else {
        return {};
      }
      moves[d] = any = true;
    }
    if (!any)
      return {};
    OpBuilder pre(loop);
    auto meta = memref::ExtractStridedMetadataOp::create(pre, loc, mem);
    SmallVector<Value> size(meta.getSizes().begin(), meta.getSizes().end());
    Value fixed = insideTest(pre, indices, size, shape, moves);
    auto c = [&](int64_t v) { return indexConst(pre, loc, v); };
    auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) {
      return arith::CmpIOp::create(pre, loc, p, x, y);
    };
    auto andI = [&](Value x, Value y) {
      return Value(arith::AndIOp::create(pre, loc, x, y));
    };
    const int64_t limit = int64_t(1) << 62;
    Value lb = loop.getLowerBound(), bound;
    fixed = andI(fixed, cmp(arith::CmpIPredicate::slt, lb, c(limit)));
    fixed = andI(fixed, cmp(arith::CmpIPredicate::sgt, lb, c(-limit)));
    for (int64_t d = 0; d < rank; ++d) {
      if (!moves[d])
        continue;
      Value off = offsets[d] ? offsets[d] : c(0);
      fixed = andI(fixed, cmp(arith::CmpIPredicate::slt, off, c(limit)));
      fixed = andI(fixed, cmp(arith::CmpIPredicate::sgt, off, c(-limit)));
      fixed = andI(fixed, cmp(arith::CmpIPredicate::sge,
                              arith::AddIOp::create(pre, loc, lb, off), c(0)));
      Value bd = arith::SubIOp::create(
          pre, loc,
          arith::SubIOp::create(pre, loc, size[d], c(extentAlong(d, shape))),
          off);
      bound = bound ? Value(arith::MinSIOp::create(pre, loc, bound, bd)) : bd;
    }
    Value inLoop =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, iv, bound);
    return arith::AndIOp::create(b, loc, fixed, inLoop);
  }

  /// The linear element offset of register \p reg's element: the origin's
  /// and the thread's parts are shared by all registers (and hoisted out of
  /// loops by the backend when they do not change), the register's part is
  /// a constant times the strides. Needs additive coordinates.
  Value registerOffset(int64_t reg) {
    if (!base) {
      base = linear(indices);
      ArrayRef<Value> thread = lowering.threadCoordinates(layout);
      threadOffset = idx(0);
      for (auto [k, d] : llvm::enumerate(tileDims))
        threadOffset = arith::AddIOp::create(
            b, loc, threadOffset,
            arith::MulIOp::create(b, loc, thread[k], strides[d]));
      threadOffset = arith::AddIOp::create(b, loc, base, threadOffset);
    }
    SmallVector<int64_t> rc = TileLowering::registerCoordinates(layout, reg);
    Value off = threadOffset;
    for (auto [k, d] : llvm::enumerate(tileDims))
      if (rc[k])
        off = arith::AddIOp::create(
            b, loc, off, arith::MulIOp::create(b, loc, idx(rc[k]), strides[d]));
    return off;
  }

  /// The linear element offset of \p at in the view.
  Value linear(ArrayRef<Value> at) {
    Value off = idx(0);
    for (int64_t d = 0; d < memType.getRank(); ++d)
      off = arith::AddIOp::create(
          b, loc, off, arith::MulIOp::create(b, loc, at[d], strides[d]));
    return off;
  }

  /// \p offset where \p in holds, else past the buffer's end.
  Value clip(Value in, Value offset) {
    return arith::SelectOp::create(b, loc, in, offset, outOfRange);
  }

  TileLowering &lowering;
  ConversionPatternRewriter &b;
  Location loc;
  Value mem;
  SmallVector<Value> indices;
  SmallVector<int64_t> tileDims;
  MemRefType memType;
  Type elemType;
  LinearLayoutAttr layout;
  SmallVector<Value> sizes, strides;
  int64_t contiguousTileDim = -1;
  SmallVector<bool> alwaysInside; // per memref dimension
  /// aiter-split-whole-iterations proved the whole tile inside
  /// (aiter.whole): no test at all.
  bool whole = false;
  Value fixedInside; // the untiled dimensions' test
  Value buf, outOfRange, base, threadOffset;
};

/// The pad value as an attribute of \p type.
static TypedAttr padAttr(OpBuilder &b, Type type, double pad) {
  if (auto f = dyn_cast<FloatType>(type))
    return b.getFloatAttr(f, pad);
  return b.getIntegerAttr(type, int64_t(pad));
}

/// The aligned variant's load: when the whole tile is inside the memref (a
/// uniform branch), plain vector loads at each register group's offset;
/// otherwise clipped ones, each element outside reading the pad.
static SmallVector<Value> alignedLoad(ConversionPatternRewriter &rewriter,
                                      Access &a, RankedTensorType tileType,
                                      Value pad) {
  Location loc = a.loc;
  Type elem = a.elemType;
  Value buf = a.buffer();
  int64_t v = a.vectorWidth();
  auto vecType = VectorType::get({v}, elem);
  int64_t regs = a.registers();
  auto resultType = VectorType::get({regs}, elem);

  auto clipped = [&]() {
    SmallVector<Value> values;
    Value padVec = vector::BroadcastOp::create(rewriter, loc, vecType, pad);
    for (int64_t r = 0; r < regs; r += v) {
      auto [at, in] = a.element(r);
      Value off = a.clip(in, a.linear(at));
      if (v == 1) {
        Value x = memref::LoadOp::create(rewriter, loc, buf, off);
        values.push_back(arith::SelectOp::create(rewriter, loc, in, x, pad));
        continue;
      }
      Value x =
          vector::LoadOp::create(rewriter, loc, vecType, buf, ValueRange{off});
      // Elements past the edge of the contiguous dimension.
      SmallVector<Value> inside;
      for (int64_t i = 0; i < v; ++i)
        inside.push_back(arith::AndIOp::create(rewriter, loc, in,
                                               a.insideAlongContiguous(at, i)));
      Value mask = vector::FromElementsOp::create(
          rewriter, loc, VectorType::get({v}, rewriter.getI1Type()), inside);
      x = arith::SelectOp::create(rewriter, loc, mask, x, padVec);
      for (int64_t i = 0; i < v; ++i)
        values.push_back(vector::ExtractOp::create(rewriter, loc, x, i));
    }
    return values;
  };
  if (!a.layout || !a.lowering.isAdditive(a.layout))
    return clipped();

  Value inside = a.tileInside(tileType.getShape());
  auto ifOp = scf::IfOp::create(rewriter, loc, TypeRange{resultType}, inside,
                                /*withElseRegion=*/true);
  ifOp->setAttr("aiter.likely", rewriter.getUnitAttr());
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(ifOp.thenBlock());
    SmallVector<Value> values;
    for (int64_t r = 0; r < regs; r += v) {
      Value off = a.registerOffset(r);
      if (v == 1) {
        values.push_back(memref::LoadOp::create(rewriter, loc, buf, off));
        continue;
      }
      Value x =
          vector::LoadOp::create(rewriter, loc, vecType, buf, ValueRange{off});
      for (int64_t i = 0; i < v; ++i)
        values.push_back(vector::ExtractOp::create(rewriter, loc, x, i));
    }
    Value whole =
        vector::FromElementsOp::create(rewriter, loc, resultType, values);
    scf::YieldOp::create(rewriter, loc, whole);
    rewriter.setInsertionPointToStart(ifOp.elseBlock());
    Value part =
        vector::FromElementsOp::create(rewriter, loc, resultType, clipped());
    scf::YieldOp::create(rewriter, loc, part);
  }
  SmallVector<Value> values;
  for (int64_t r = 0; r < regs; ++r)
    values.push_back(
        vector::ExtractOp::create(rewriter, loc, ifOp.getResult(0), r));
  return values;
}

struct LoadLowering : OpConversionPattern<LoadOp> {
  LoadLowering(TileLowering &lowering, const TypeConverter &tc,
               MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(LoadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType tileType = op.getResult().getType();
    if (tileType.getRank() > 0 && !getTileLayout(tileType))
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Access a(lowering, rewriter, loc, adaptor.getSource(), adaptor.getIndices(),
             op.getTileDims(), tileType, op->hasAttr("aiter.whole"));
    Type elem = a.elemType;
    Value pad = arith::ConstantOp::create(
        rewriter, loc, padAttr(rewriter, elem, op.getPadValue()));
    SmallVector<Value> values;
    if (!lowering.isAligned()) {
      for (int64_t r = 0; r < a.registers(); ++r) {
        auto [at, in] = a.element(r);
        auto ifOp = scf::IfOp::create(rewriter, loc, TypeRange{elem}, in,
                                      /*withElseRegion=*/true);
        OpBuilder tb = OpBuilder::atBlockBegin(ifOp.thenBlock());
        Value v = memref::LoadOp::create(tb, loc, a.mem, at);
        scf::YieldOp::create(tb, loc, v);
        OpBuilder eb = OpBuilder::atBlockBegin(ifOp.elseBlock());
        scf::YieldOp::create(eb, loc, pad);
        values.push_back(ifOp.getResult(0));
      }
    } else {
      values = alignedLoad(rewriter, a, tileType, pad);
    }
    if (tileType.getRank() == 0) {
      rewriter.replaceOp(op, values.front());
      return success();
    }
    auto resultType = VectorType::get({a.registers()}, elem);
    rewriter.replaceOpWithNewOp<vector::FromElementsOp>(op, resultType, values);
    return success();
  }

  TileLowering &lowering;
};

struct StoreLowering : OpConversionPattern<StoreOp> {
  StoreLowering(TileLowering &lowering, const TypeConverter &tc,
                MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(StoreOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType tileType = op.getValue().getType();
    if (tileType.getRank() > 0 && !getTileLayout(tileType))
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Access a(lowering, rewriter, loc, adaptor.getDest(), adaptor.getIndices(),
             op.getTileDims(), tileType, op->hasAttr("aiter.whole"));
    Value value = adaptor.getValue();
    auto reg = [&](int64_t r) -> Value {
      if (tileType.getRank() == 0)
        return value;
      return vector::ExtractOp::create(rewriter, loc, value, r);
    };
    // One thread stores each element: copies stay silent.
    Value canonical = lowering.canonicalThread(rewriter, loc, a.layout);
    uint64_t copies = lowering.copyRegisters(a.layout);
    auto withCanonical = [&](Value in) {
      return canonical
                 ? Value(arith::AndIOp::create(rewriter, loc, in, canonical))
                 : in;
    };
    if (!lowering.isAligned()) {
      for (int64_t r = 0; r < a.registers(); ++r) {
        if (r & copies)
          continue;
        auto [at, in] = a.element(r);
        Value x = reg(r);
        auto ifOp = scf::IfOp::create(rewriter, loc, withCanonical(in),
                                      /*withElseRegion=*/false);
        OpBuilder tb = OpBuilder::atBlockTerminator(ifOp.thenBlock());
        memref::StoreOp::create(tb, loc, x, a.mem, at);
      }
      rewriter.eraseOp(op);
      return success();
    }
    Value buf = a.buffer();
    int64_t v = a.vectorWidth();
    auto vector = [&](int64_t r) {
      SmallVector<Value> elems;
      for (int64_t i = 0; i < v; ++i)
        elems.push_back(reg(r + i));
      return elems;
    };
    auto clipped = [&]() {
      for (int64_t r = 0; r < a.registers(); r += v) {
        if (r & copies)
          continue;
        auto [at, in] = a.element(r);
        in = withCanonical(in);
        Value off = a.linear(at);
        if (v == 1) {
          memref::StoreOp::create(rewriter, loc, reg(r), buf,
                                  ValueRange{a.clip(in, off)});
          continue;
        }
        // The whole vector when the edge does not cut it, else each element.
        Value whole = arith::AndIOp::create(rewriter, loc, in,
                                            a.insideAlongContiguous(at, v - 1));
        SmallVector<Value> elems = vector(r);
        Value vec = vector::FromElementsOp::create(
            rewriter, loc, VectorType::get({v}, a.elemType), elems);
        vector::StoreOp::create(rewriter, loc, vec, buf,
                                ValueRange{a.clip(whole, off)});
        Value cut = arith::AndIOp::create(
            rewriter, loc, in,
            arith::XOrIOp::create(
                rewriter, loc, whole,
                arith::ConstantIntOp::create(rewriter, loc, 1, 1)));
        for (int64_t i = 0; i < v; ++i) {
          Value inside = arith::AndIOp::create(rewriter, loc, cut,
                                               a.insideAlongContiguous(at, i));
          Value offI = arith::AddIOp::create(rewriter, loc, off,
                                             indexConst(rewriter, loc, i));
          memref::StoreOp::create(rewriter, loc, elems[i], buf,
                                  ValueRange{a.clip(inside, offI)});
        }
      }
    };
    if (!a.layout || !lowering.isAdditive(a.layout)) {
      clipped();
      rewriter.eraseOp(op);
      return success();
    }
    // The whole tile inside (uniform): plain vector stores, copies silent.
    Value inside = a.tileInside(tileType.getShape());
    auto ifOp = scf::IfOp::create(rewriter, loc, inside,
                                  /*withElseRegion=*/true);
    ifOp->setAttr("aiter.likely", rewriter.getUnitAttr());
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(ifOp.thenBlock()->getTerminator());
      for (int64_t r = 0; r < a.registers(); r += v) {
        if (r & copies)
          continue;
        Value off = a.registerOffset(r);
        if (canonical)
          off = a.clip(canonical, off);
        if (v == 1) {
          memref::StoreOp::create(rewriter, loc, reg(r), buf, ValueRange{off});
          continue;
        }
        Value vec = vector::FromElementsOp::create(
            rewriter, loc, VectorType::get({v}, a.elemType), vector(r));
        vector::StoreOp::create(rewriter, loc, vec, buf, ValueRange{off});
      }
      rewriter.setInsertionPoint(ifOp.elseBlock()->getTerminator());
      clipped();
    }
    rewriter.eraseOp(op);
    return success();
  }

  TileLowering &lowering;
};

} // namespace

void tiles::populateMemoryPatterns(TileLowering &lowering,
                                   RewritePatternSet &patterns) {
  patterns.add<LoadLowering, StoreLowering>(
      lowering, lowering.getTypeConverter(), patterns.getContext());
}
