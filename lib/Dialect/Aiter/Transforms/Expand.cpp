//===- Expand.cpp - expand aiter problem ops into tile programs -*- C++ -*-===//
//
// The aiter-expand pass: replaces aiter.gemm and aiter.attention with
// aiter.kernel tile programs tiled by the target table's configuration.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Dialect/Aiter/Transforms/Fingerprint.h"
#include "aiter/Dialect/Aiter/Transforms/Passes.h"
#include "aiter/Target/TargetInfo.h"
#include "aiter/Target/TileConfig.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>

namespace mlir {
namespace aiter {
#define GEN_PASS_DEF_AITEREXPAND
#include "aiter/Dialect/Aiter/Transforms/Passes.h.inc"
} // namespace aiter
} // namespace mlir

using namespace mlir;
using namespace mlir::aiter;

static constexpr int64_t kDyn = ShapedType::kDynamic;

/// The discardable attribute of a problem op that overrides its tile
/// configuration (and, on the kernel, records the chosen one).
static constexpr StringLiteral kConfigAttrName = "aiter.config";
static constexpr StringLiteral kAttentionFingerprintAttrName =
    "aiter.attention_fingerprint";

/// The matrix operand type of a problem op (the op verifiers allow only
/// bf16 and f16; this guards unverified input).
static FailureOr<MatrixElementType> operandTypeOf(Operation *op, Type t) {
  if (std::optional<MatrixElementType> e = getMatrixElementType(t))
    return *e;
  return op->emitOpError("dtype must be bf16 or f16, got ") << t;
}

namespace {

/// Shorthands for the tile-program building blocks the kernels share.
class TileBuilder {
public:
  explicit TileBuilder(ImplicitLocOpBuilder &b) : b(b) {}

  /// An index constant, created once per builder (the kernel body and the
  /// loop body each have their own builder).
  Value index(int64_t v) {
    Value &c = indexConstants[v];
    if (!c)
      c = arith::ConstantIndexOp::create(b, v);
    return c;
  }

  Value toI32(Value v) {
    return arith::IndexCastOp::create(b, b.getI32Type(), v);
  }

  /// A splat f32 tile.
  Value splat(ArrayRef<int64_t> shape, const APFloat &value) {
    auto type = RankedTensorType::get(shape, b.getF32Type());
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(type, ArrayRef<APFloat>(value)));
  }
  Value splat(ArrayRef<int64_t> shape, double value) {
    return splat(shape, APFloat(static_cast<float>(value)));
  }
  Value negInf(ArrayRef<int64_t> shape) {
    return splat(shape, APFloat::getInf(APFloat::IEEEsingle(),
                                        /*Negative=*/true));
  }

  /// A scalar broadcast to a tile.
  Value broadcast(Value scalar, ArrayRef<int64_t> shape) {
    return BroadcastOp::create(
        b, RankedTensorType::get(shape, scalar.getType()), scalar);
  }

  /// A per-row vector [M] broadcast along the columns of an M x N tile.
  Value rows(Value vec, int64_t n) {
    auto t = cast<RankedTensorType>(vec.getType());
    int64_t m = t.getDimSize(0);
    Value col = ExpandDimsOp::create(
        b, RankedTensorType::get({m, 1}, t.getElementType()), vec, 1);
    return BroadcastOp::create(
        b, RankedTensorType::get({m, n}, t.getElementType()), col);
  }

  /// A per-column vector [N] broadcast along the rows of an M x N tile.
  Value cols(Value vec, int64_t m) {
    auto t = cast<RankedTensorType>(vec.getType());
    int64_t n = t.getDimSize(0);
    Value row = ExpandDimsOp::create(
        b, RankedTensorType::get({1, n}, t.getElementType()), vec, 0);
    return BroadcastOp::create(
        b, RankedTensorType::get({m, n}, t.getElementType()), row);
  }

  Value load(Type tileType, Value mem, ValueRange indices,
             std::optional<ArrayRef<int64_t>> dims) {
    return LoadOp::create(b, tileType, mem, indices,
                          dims ? b.getDenseI64ArrayAttr(*dims) : nullptr,
                          b.getF64FloatAttr(0.0));
  }

private:
  ImplicitLocOpBuilder &b;
  llvm::DenseMap<int64_t, Value> indexConstants;
};

/// Creates the kernel that replaces \p op, with the target and config
/// recorded for the lowering, and leaves \p b at the start of its body.
KernelOp createKernel(ImplicitLocOpBuilder &b, Operation *op, StringRef symName,
                      ArrayRef<Type> argTypes, const TargetInfo &target,
                      StringRef targetId, DictionaryAttr config) {
  b.setInsertionPoint(op);
  auto kernel = KernelOp::create(b, symName, b.getFunctionType(argTypes, {}));
  kernel->setAttr("aiter.chip", b.getStringAttr(target.chip()));
  if (targetId.trim() != target.chip())
    kernel->setAttr("aiter.target", b.getStringAttr(targetId.trim()));
  kernel->setAttr(kConfigAttrName, config);
  b.setInsertionPointToStart(&kernel.getBody().front());
  return kernel;
}

//===----------------------------------------------------------------------===//
// GEMM
//===----------------------------------------------------------------------===//

/// The configuration aiter-expand uses for a problem op: the chip's default
/// with `overrides` applied and checked.
static llvm::Expected<GemmConfig> configFor(GemmOp op, MatrixElementType elt,
                                            const TargetInfo &target,
                                            StringRef overrides) {
  return getGemmConfig(overrides, target, elt);
}
static llvm::Expected<AttentionConfig>
configFor(AttentionOp op, MatrixElementType elt, const TargetInfo &target,
          StringRef overrides) {
  return getAttentionConfig(overrides, target, elt, op.getHeadDim(),
                            op.getEffectiveHeadDimV());
}

/// An f32 tile of \p t's shape holding \p v.
static Value splatLike(TileBuilder &tb, Value t, double v) {
  return tb.splat(cast<RankedTensorType>(t.getType()).getShape(), v);
}

/// \p t (a tile of bf16, f16 or f32) as f32.
static Value toF32(ImplicitLocOpBuilder &b, Value t) {
  auto type = cast<RankedTensorType>(t.getType());
  if (type.getElementType().isF32())
    return t;
  return arith::ExtFOp::create(b, type.clone(b.getF32Type()), t);
}

/// erf(x / sqrt(2)) written as 1 - q (x >= 0) and q - 1 (x < 0), returns
/// 0.5 x q: Abramowitz and Stegun 7.1.26 (absolute error of erf below
/// 1.5e-7), with z = |x| / sqrt(2), t = 1 / (1 + p z) and
/// q = t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-z^2). It is built from
/// arith and math.exp only, which every path compiles to instructions (a
/// math.erf would become a device-library call the JIT cannot link).
static Value halfXTimesErfc(ImplicitLocOpBuilder &b, TileBuilder &tb, Value x) {
  auto c = [&](double v) { return splatLike(tb, x, v); };
  Value neg = arith::NegFOp::create(b, x);
  Value ax = arith::MaximumFOp::create(b, x, neg);
  Value z = arith::MulFOp::create(b, ax, c(M_SQRT1_2));
  Value t = arith::DivFOp::create(
      b, c(1.0),
      arith::AddFOp::create(b, c(1.0),
                            arith::MulFOp::create(b, z, c(0.3275911))));
  Value poly = c(1.061405429);
  for (double a : {-1.453152027, 1.421413741, -0.284496736, 0.254829592})
    poly = arith::AddFOp::create(b, arith::MulFOp::create(b, poly, t), c(a));
  poly = arith::MulFOp::create(b, poly, t);
  Value e = math::ExpOp::create(
      b, arith::NegFOp::create(b, arith::MulFOp::create(b, z, z)));
  Value q = arith::MulFOp::create(b, poly, e);
  return arith::MulFOp::create(b, arith::MulFOp::create(b, x, c(0.5)), q);
}

/// The epilogue of aiter.gemm on the f32 accumulator tile, in the spec's
/// order: alpha, beta * C, the bias, the activation. Every part that is off
/// adds no op, so a GEMM without an epilogue is the program it always was.
/// The C tile is read at the D tile's origin (m0, n0) after the K loop and
/// before D's store: each program reads exactly the C elements of the D
/// tile it then writes, and tiles of different programs are disjoint,
/// which is what makes C = D (in place) correct.
static Value buildGemmEpilogue(ImplicitLocOpBuilder &b, TileBuilder &tb,
                               GemmOp op, Value acc, Value cIn, Value biasIn,
                               Value m0, Value n0) {
  auto accType = cast<RankedTensorType>(acc.getType());
  int64_t tm = accType.getDimSize(0), tn = accType.getDimSize(1);
  if (double alpha = op.getEffectiveAlpha(); alpha != 1.0)
    acc = arith::MulFOp::create(b, acc, splatLike(tb, acc, alpha));
  if (cIn) {
    auto cTile = RankedTensorType::get(
        {tm, tn}, cast<MemRefType>(cIn.getType()).getElementType());
    Value ct = toF32(b, tb.load(cTile, cIn, {m0, n0}, std::nullopt));
    if (double beta = op.getEffectiveBeta(); beta != 1.0)
      ct = arith::MulFOp::create(b, ct, splatLike(tb, ct, beta));
    acc = arith::AddFOp::create(b, acc, ct);
  }
  if (biasIn) {
    bool row = *op.getBiasKind() == GemmBiasKind::row;
    auto vecType = RankedTensorType::get(
        {row ? tn : tm}, cast<MemRefType>(biasIn.getType()).getElementType());
    Value vec =
        toF32(b, tb.load(vecType, biasIn, {row ? n0 : m0}, std::nullopt));
    acc = arith::AddFOp::create(b, acc,
                                row ? tb.cols(vec, tm) : tb.rows(vec, tn));
  }
  if (std::optional<GemmActivation> act = op.getActivation()) {
    Value x = acc;
    auto c = [&](double v) { return splatLike(tb, x, v); };
    switch (*act) {
    case GemmActivation::relu:
      acc = arith::MaximumFOp::create(b, x, c(0.0));
      break;
    case GemmActivation::gelu: {
      // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
      Value x3 = arith::MulFOp::create(b, arith::MulFOp::create(b, x, x), x);
      Value inner = arith::AddFOp::create(
          b, x, arith::MulFOp::create(b, x3, c(0.044715)));
      Value th = math::TanhOp::create(
          b, arith::MulFOp::create(b, inner, c(0.7978845608028654)));
      Value half = arith::MulFOp::create(b, x, c(0.5));
      acc = arith::AddFOp::create(b, half, arith::MulFOp::create(b, half, th));
      break;
    }
    case GemmActivation::gelu_erf: {
      // 0.5 x (1 + erf(x / sqrt 2)) = x - 0.5 x q for x >= 0, 0.5 x q
      // below (q = 1 - erf(|x| / sqrt 2)); a NaN x takes the second form.
      Value h = halfXTimesErfc(b, tb, x);
      Value nonNeg =
          arith::CmpFOp::create(b, arith::CmpFPredicate::OGE, x, c(0.0));
      acc =
          arith::SelectOp::create(b, nonNeg, arith::SubFOp::create(b, x, h), h);
      break;
    }
    case GemmActivation::silu: {
      // x / (1 + exp(-x))
      Value e = math::ExpOp::create(b, arith::NegFOp::create(b, x));
      acc = arith::DivFOp::create(b, x, arith::AddFOp::create(b, c(1.0), e));
      break;
    }
    }
  }
  return acc;
}

LogicalResult expandGemm(GemmOp op, const TargetInfo &target,
                         StringRef targetId, StringRef overrides) {
  FailureOr<MatrixElementType> elt = operandTypeOf(op, op.getDtype());
  if (failed(elt))
    return failure();
  llvm::Expected<GemmConfig> cfg = configFor(op, *elt, target, overrides);
  if (!cfg)
    return op.emitOpError("invalid tile configuration for ")
           << target.chip() << ": " << llvm::toString(cfg.takeError());

  MLIRContext *ctx = op.getContext();
  ImplicitLocOpBuilder b(op.getLoc(), ctx);
  TileBuilder tb(b);
  Type in = op.getDtype(), out = op.getOutDtype(), f32 = b.getF32Type();
  auto layout = StridedLayoutAttr::get(ctx, /*offset=*/0, {kDyn, kDyn});
  auto memIn = MemRefType::get({kDyn, kDyn}, in, layout);
  auto memOut = MemRefType::get({kDyn, kDyn}, out, layout);

  DictionaryAttr config = b.getDictionaryAttr({
      b.getNamedAttr("tile_m", b.getI64IntegerAttr(cfg->tileM)),
      b.getNamedAttr("tile_n", b.getI64IntegerAttr(cfg->tileN)),
      b.getNamedAttr("tile_k", b.getI64IntegerAttr(cfg->tileK)),
      b.getNamedAttr("waves", b.getI64IntegerAttr(cfg->waves)),
      b.getNamedAttr("mfma", b.getStringAttr(cfg->mfma.str())),
      b.getNamedAttr("stages", b.getI64IntegerAttr(cfg->stages)),
  });
  // D, then the epilogue's inputs: C (M x N, its own dtype and strides) and
  // the bias vector ([N] for a row bias, [M] for a column bias).
  SmallVector<Type> args = {memIn, memIn, memOut};
  std::optional<Type> cType = op.getCDtype(), biasType = op.getBiasDtype();
  if (cType)
    args.push_back(MemRefType::get({kDyn, kDyn}, *cType, layout));
  if (biasType)
    args.push_back(MemRefType::get(
        {kDyn}, *biasType, StridedLayoutAttr::get(ctx, /*offset=*/0, {kDyn})));
  KernelOp kernel =
      createKernel(b, op, op.getSymName(), args, target, targetId, config);
  Block &body = kernel.getBody().front();
  Value a = body.getArgument(0), bMem = body.getArgument(1),
        c = body.getArgument(2);
  Value cIn = cType ? body.getArgument(3) : Value();
  Value biasIn = biasType ? body.getArgument(cType ? 4 : 3) : Value();
  int64_t tm = cfg->tileM, tn = cfg->tileN, tk = cfg->tileK;
  bool transA = op.getTransA(), transB = op.getTransB();

  Value c0 = tb.index(0);
  Value m0 = arith::MulIOp::create(b, ProgramIdOp::create(b, 0), tb.index(tm));
  Value n0 = arith::MulIOp::create(b, ProgramIdOp::create(b, 1), tb.index(tn));
  // A is M x K, or K x M with trans_a.
  Value k = memref::DimOp::create(b, a, tb.index(transA ? 0 : 1));
  Value zero = tb.splat({tm, tn}, 0.0);
  auto accType = RankedTensorType::get({tm, tn}, f32);
  auto aType = RankedTensorType::get({tm, tk}, in);
  auto bType = RankedTensorType::get({tk, tn}, in);
  SmallVector<int64_t> swap = {1, 0};

  auto loop = scf::ForOp::create(
      b, c0, k, tb.index(tk), ValueRange{zero},
      [&](OpBuilder &nested, Location loc, Value k0, ValueRange iter) {
        ImplicitLocOpBuilder lb(loc, nested);
        TileBuilder ltb(lb);
        // A transposed view loads tile (i, j) from A[k0 + j, m0 + i].
        Value at = transA ? ltb.load(aType, a, {k0, m0}, ArrayRef(swap))
                          : ltb.load(aType, a, {m0, k0}, std::nullopt);
        Value bt = transB ? ltb.load(bType, bMem, {n0, k0}, ArrayRef(swap))
                          : ltb.load(bType, bMem, {k0, n0}, std::nullopt);
        Value d = DotOp::create(lb, accType, at, bt, iter[0]);
        scf::YieldOp::create(lb, d);
      });
  Value acc = loop.getResult(0);
  acc = buildGemmEpilogue(b, tb, op, acc, cIn, biasIn, m0, n0);
  if (!out.isF32())
    acc = arith::TruncFOp::create(b, RankedTensorType::get({tm, tn}, out), acc);
  StoreOp::create(b, acc, c, ValueRange{m0, n0}, nullptr);
  ReturnOp::create(b);
  op.erase();
  return success();
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

/// Window bounds beyond this are treated as unbounded: every key position
/// fits in i32, in which the element masks are computed.
static constexpr int64_t kMaxWindow = int64_t(1) << 30;

LogicalResult expandAttention(AttentionOp op, const TargetInfo &target,
                              StringRef targetId, StringRef overrides) {
  FailureOr<MatrixElementType> elt = operandTypeOf(op, op.getDtype());
  if (failed(elt))
    return failure();
  int64_t d = op.getHeadDim(), dv = op.getEffectiveHeadDimV();
  llvm::Expected<AttentionConfig> cfg = configFor(op, *elt, target, overrides);
  if (!cfg)
    return op.emitOpError("invalid tile configuration for ")
           << target.chip() << ": " << llvm::toString(cfg.takeError());
  // The tiles' head dims: powers of two the MFMAs divide (attentionTileDim);
  // the loads read the tail past d as 0 (it adds nothing to Q K^T, and P V's
  // extra columns are never stored) and the stores clip it.
  const int64_t td = attentionTileDim(d, cfg->mfma),
                tdv = attentionTileDim(dv, cfg->mfma);

  MLIRContext *ctx = op.getContext();
  ImplicitLocOpBuilder b(op.getLoc(), ctx);
  TileBuilder tb(b);
  Type in = op.getDtype(), f32 = b.getF32Type(), i32 = b.getI32Type();
  const int64_t bm = cfg->blockM, bn = cfg->blockN;

  // Tensors are [batch, seq, heads, d] (bshd) or [batch, heads, seq, d]
  // (bhsd); the head dim is innermost and unit-stride in both.
  bool bshd = op.getLayout() == AttentionLayout::bshd;
  const int64_t seqPos = bshd ? 1 : 2, headPos = bshd ? 2 : 1;
  auto qkvLayout =
      StridedLayoutAttr::get(ctx, /*offset=*/0, {kDyn, kDyn, kDyn, 1});
  auto qkType = MemRefType::get({kDyn, kDyn, kDyn, d}, in, qkvLayout);
  auto voType = MemRefType::get({kDyn, kDyn, kDyn, dv}, in, qkvLayout);
  SmallVector<Type> args = {qkType, qkType, voType, voType};
  bool lse = op.getReturnLse();
  if (lse)
    args.push_back(MemRefType::get(
        {kDyn, kDyn, kDyn}, f32,
        StridedLayoutAttr::get(ctx, /*offset=*/0, {kDyn, kDyn, kDyn})));
  // ALiBi slopes [batch, heads] and the additive bias [batch, heads, seq_q,
  // seq_k]: any strides, so that a broadcast dimension (slopes of shape
  // [heads], a bias shared across batch or heads) is a stride of 0.
  bool alibi = op.getAlibi();
  std::optional<Type> biasType = op.getBias();
  int64_t alibiArg = -1, biasArg = -1;
  if (alibi) {
    alibiArg = args.size();
    args.push_back(MemRefType::get(
        {kDyn, kDyn}, f32,
        StridedLayoutAttr::get(ctx, /*offset=*/0, {kDyn, kDyn})));
  }
  if (biasType) {
    biasArg = args.size();
    args.push_back(MemRefType::get(
        {kDyn, kDyn, kDyn, kDyn}, *biasType,
        StridedLayoutAttr::get(ctx, /*offset=*/0, {kDyn, kDyn, kDyn, kDyn})));
  }

  DictionaryAttr config = b.getDictionaryAttr({
      b.getNamedAttr("block_m", b.getI64IntegerAttr(bm)),
      b.getNamedAttr("block_n", b.getI64IntegerAttr(bn)),
      b.getNamedAttr("waves", b.getI64IntegerAttr(cfg->waves)),
      b.getNamedAttr("mfma", b.getStringAttr(cfg->mfma.str())),
      b.getNamedAttr("stages", b.getI64IntegerAttr(cfg->stages)),
  });
  KernelOp kernel =
      createKernel(b, op, op.getSymName(), args, target, targetId, config);
  // The specification, for the attention lowering (which emits the SIMT
  // kernel from it; see aiter-lower-attention-to-simt).
  {
    auto [wl, wr] = op.getEffectiveWindow();
    SmallVector<NamedAttribute> spec = {
        b.getNamedAttr("head_dim", b.getI64IntegerAttr(d)),
        b.getNamedAttr("head_dim_v", b.getI64IntegerAttr(dv)),
        b.getNamedAttr("window_left", b.getI64IntegerAttr(wl)),
        b.getNamedAttr("window_right", b.getI64IntegerAttr(wr)),
        b.getNamedAttr("softcap", b.getF64FloatAttr(op.getEffectiveSoftcap())),
        b.getNamedAttr("scale", b.getF64FloatAttr(op.getEffectiveScale())),
        b.getNamedAttr("return_lse", b.getBoolAttr(op.getReturnLse())),
        b.getNamedAttr("layout", b.getStringAttr(
                                     stringifyAttentionLayout(op.getLayout()))),
    };
    // Only when on, so that kernels without them are unchanged.
    if (alibi)
      spec.push_back(b.getNamedAttr("alibi", b.getUnitAttr()));
    if (biasType)
      spec.push_back(b.getNamedAttr("bias", TypeAttr::get(*biasType)));
    kernel->setAttr("aiter.attention", b.getDictionaryAttr(spec));
  }
  Block &body = kernel.getBody().front();
  Value q = body.getArgument(0), k = body.getArgument(1),
        v = body.getArgument(2), o = body.getArgument(3);

  auto at = [&](Value batch, Value seq, Value head, Value dim) {
    SmallVector<Value> idx(4);
    idx[0] = batch;
    idx[seqPos] = seq;
    idx[headPos] = head;
    idx[3] = dim;
    return idx;
  };
  SmallVector<int64_t> seqThenD = {seqPos, 3}, dThenSeq = {3, seqPos};

  Value c0 = tb.index(0);
  Value tq = ProgramIdOp::create(b, 0);
  Value bh = ProgramIdOp::create(b, 1);
  Value heads = memref::DimOp::create(b, q, tb.index(headPos));
  Value headsKv = memref::DimOp::create(b, k, tb.index(headPos));
  Value seqQ = memref::DimOp::create(b, q, tb.index(seqPos));
  Value seqK = memref::DimOp::create(b, k, tb.index(seqPos));
  Value batch = arith::DivUIOp::create(b, bh, heads);
  Value head = arith::RemUIOp::create(b, bh, heads);
  // GQA/MQA: query head h reads kv head h / (heads / heads_kv).
  Value group = arith::DivUIOp::create(b, heads, headsKv);
  Value headKv = arith::DivUIOp::create(b, head, group);
  Value m0 = arith::MulIOp::create(b, tq, tb.index(bm));

  // Query row i sees key j when lo(i) <= j <= hi(i), 0 <= j < seq_k, with
  // diag(i) = i + seq_k - seq_q (bottom-right aligned),
  // lo = diag - left and hi = diag + right (-1 = unbounded side).
  auto [left, right] = op.getEffectiveWindow();
  if (left > kMaxWindow)
    left = -1;
  if (right > kMaxWindow)
    right = -1;
  bool windowed = left >= 0 || right >= 0;
  Value shift, diag0;
  if (windowed || alibi)
    shift = arith::SubIOp::create(b, seqK, seqQ);
  if (windowed)
    diag0 = arith::AddIOp::create(b, m0, shift);
  // Loop bounds: the union of the rows' visible ranges is
  // [lo(first row), hi(last row)] (consecutive rows' ranges overlap), so
  // tiles outside it are fully masked and never visited. The last row is
  // clipped to seq_q so padding rows extend no bound.
  Value start = c0;
  if (left >= 0) {
    Value lo = arith::SubIOp::create(b, diag0, tb.index(left));
    lo = arith::MaxSIOp::create(b, lo, c0);
    start = arith::MulIOp::create(
        b, arith::DivUIOp::create(b, lo, tb.index(bn)), tb.index(bn));
  }
  Value end = seqK;
  if (right >= 0) {
    Value rowsEnd = arith::MinSIOp::create(
        b, arith::AddIOp::create(b, m0, tb.index(bm)), seqQ);
    // hi(last row) + 1 = (rowsEnd - 1) + shift + right + 1.
    Value hiEnd = arith::AddIOp::create(b, rowsEnd, shift);
    if (right > 0)
      hiEnd = arith::AddIOp::create(b, hiEnd, tb.index(right));
    end = arith::MinSIOp::create(b, hiEnd, seqK);
  }

  auto qType = RankedTensorType::get({bm, td}, in);
  Value qt = tb.load(qType, q, at(batch, m0, head, c0), ArrayRef(seqThenD));

  // ALiBi: this program's slope, a 1x1 tile of the [batch, heads] slopes,
  // times -log2(e) (the scores are in log2 units, see below).
  const double log2e = 1.4426950408889634, ln2 = 0.6931471805599453;
  Value negSlope;
  if (alibi) {
    Value slope =
        tb.load(RankedTensorType::get({1, 1}, f32), body.getArgument(alibiArg),
                {batch, head}, std::nullopt);
    negSlope = arith::MulFOp::create(b, slope, tb.splat({1, 1}, -log2e));
  }

  Value negInfRow = tb.negInf({bm});
  Value negInfS = tb.negInf({bm, bn});
  Value zeroRow = tb.splat({bm}, 0.0);
  Value zeroAcc = tb.splat({bm, tdv}, 0.0);
  Value zeroS = tb.splat({bm, bn}, 0.0);

  // Softmax runs in base 2: exp(x - max) = exp2((x - max) * log2(e)), so the
  // scores are multiplied by log2(e) once here. Without softcap a score is
  // x = scale * s, giving s * (scale * log2e). With softcap c the score is
  // x = c * tanh(scale * s / c), so the factor log2e can only be applied
  // after the tanh: tanh(s * (scale / c)) * (c * log2e).
  double scale = op.getEffectiveScale(), softcap = op.getEffectiveSoftcap();
  Value preTanh, postScale;
  if (softcap > 0.0) {
    preTanh = tb.splat({bm, bn}, scale / softcap);
    postScale = tb.splat({bm, bn}, softcap * log2e);
  } else {
    postScale = tb.splat({bm, bn}, scale * log2e);
  }

  // The element masks' tiles, built in the masked loops' bodies (LICM puts
  // them before those loops) so that none is live across the unmasked one.
  struct MaskTiles {
    Value colsB, seqKB, hiB, loB;
  };
  auto maskTiles = [&](ImplicitLocOpBuilder &mb, TileBuilder &mtb) {
    MaskTiles t;
    Value cols = IotaOp::create(mb, RankedTensorType::get({bn}, i32));
    t.colsB = mtb.cols(cols, bm);
    t.seqKB = mtb.broadcast(mtb.toI32(seqK), {bm, bn});
    if (!windowed)
      return t;
    // diag of each row of the tile, as a column broadcast over the keys.
    Value rows = IotaOp::create(mb, RankedTensorType::get({bm}, i32));
    Value diag =
        arith::AddIOp::create(mb, rows, mtb.broadcast(mtb.toI32(diag0), {bm}));
    Value diagB = mtb.rows(diag, bn);
    if (right == 0)
      t.hiB = diagB;
    else if (right > 0)
      t.hiB = arith::AddIOp::create(
          mb, diagB,
          mtb.broadcast(arith::ConstantIntOp::create(mb, right, 32), {bm, bn}));
    if (left >= 0)
      t.loB = arith::SubIOp::create(
          mb, diagB,
          mtb.broadcast(arith::ConstantIntOp::create(mb, left, 32), {bm, bn}));
    return t;
  };

  auto sType = RankedTensorType::get({bm, bn}, f32);
  auto ktType = RankedTensorType::get({td, bn}, in);
  auto vType = RankedTensorType::get({bn, tdv}, in);
  auto accType = RankedTensorType::get({bm, tdv}, f32);
  // One key block of the online softmax; `masked` applies the element
  // masks (keys past seq_k, outside a row's window).
  auto block = [&](bool masked) {
    return [&, masked](OpBuilder &nested, Location loc, Value n,
                       ValueRange iter) {
      ImplicitLocOpBuilder lb(loc, nested);
      TileBuilder ltb(lb);
      Value acc = iter[0], m = iter[1], l = iter[2];
      // S = Q K^T, K read transposed straight from memory.
      Value kt =
          ltb.load(ktType, k, at(batch, n, headKv, c0), ArrayRef(dThenSeq));
      Value s = DotOp::create(lb, sType, qt, kt, zeroS);
      if (preTanh) {
        s = arith::MulFOp::create(lb, s, preTanh);
        s = math::TanhOp::create(lb, s);
      }
      s = arith::MulFOp::create(lb, s, postScale);
      // ALiBi and the bias are added to the softcapped score, as
      // flash-attention 2 adds its ALiBi term after the softcap; in log2
      // units, like s.
      if (alibi) {
        // -slope * |i + seq_k - seq_q - j| for query row m0 + r and key
        // n + c: the distance is diag(r) - n - c.
        Value rows = IotaOp::create(lb, RankedTensorType::get({bm}, i32));
        Value rel = arith::AddIOp::create(
            lb, rows,
            ltb.broadcast(ltb.toI32(arith::SubIOp::create(
                              lb, arith::AddIOp::create(lb, m0, shift), n)),
                          {bm}));
        Value cols = IotaOp::create(lb, RankedTensorType::get({bn}, i32));
        Value dist =
            arith::SubIOp::create(lb, ltb.rows(rel, bn), ltb.cols(cols, bm));
        Value distF =
            math::AbsFOp::create(lb, arith::SIToFPOp::create(lb, sType, dist));
        Value slopeB = BroadcastOp::create(lb, sType, negSlope);
        s = arith::AddFOp::create(lb, s,
                                  arith::MulFOp::create(lb, distF, slopeB));
      }
      if (biasType) {
        Value bt = ltb.load(RankedTensorType::get({bm, bn}, *biasType),
                            body.getArgument(biasArg), {batch, head, m0, n},
                            std::nullopt);
        if (!biasType->isF32())
          bt = arith::ExtFOp::create(lb, sType, bt);
        s = arith::AddFOp::create(
            lb, s, arith::MulFOp::create(lb, bt, ltb.splat({bm, bn}, log2e)));
      }
      if (masked) {
        // Masks: key n + j exists, and lies in row i's window.
        auto [colsB, seqKB, hiB, loB] = maskTiles(lb, ltb);
        Value key = arith::AddIOp::create(
            lb, colsB, ltb.broadcast(ltb.toI32(n), {bm, bn}));
        Value valid =
            arith::CmpIOp::create(lb, arith::CmpIPredicate::slt, key, seqKB);
        if (hiB)
          valid = arith::AndIOp::create(
              lb, valid,
              arith::CmpIOp::create(lb, arith::CmpIPredicate::sle, key, hiB));
        if (loB)
          valid = arith::AndIOp::create(
              lb, valid,
              arith::CmpIOp::create(lb, arith::CmpIPredicate::sge, key, loB));
        s = arith::SelectOp::create(lb, valid, s, negInfS);
      }
      // Online softmax. A row that has seen no key yet keeps m = -inf; its
      // shift is taken as 0 so that exp2(-inf - -inf) never makes a NaN.
      // The row max ignores NaN scores as flash-attention's fmaxf does (a
      // NaN still reaches O through exp2 and the sum), at one v_max_f32
      // per element instead of three.
      Value mTile = ReduceOp::create(lb, RankedTensorType::get({bm}, f32),
                                     ReduceKind::maxnum, s, 1);
      Value mNew = arith::MaxNumFOp::create(lb, m, mTile);
      Value noKey =
          arith::CmpFOp::create(lb, arith::CmpFPredicate::OEQ, mNew, negInfRow);
      Value mSafe = arith::SelectOp::create(lb, noKey, zeroRow, mNew);
      Value p = math::Exp2Op::create(
          lb, arith::SubFOp::create(lb, s, ltb.rows(mSafe, bn)));
      Value alpha =
          math::Exp2Op::create(lb, arith::SubFOp::create(lb, m, mSafe));
      Value lTile = ReduceOp::create(lb, RankedTensorType::get({bm}, f32),
                                     ReduceKind::sum, p, 1);
      Value lNew =
          arith::AddFOp::create(lb, arith::MulFOp::create(lb, l, alpha), lTile);
      Value accScaled = arith::MulFOp::create(lb, acc, ltb.rows(alpha, tdv));
      // O += P V.
      Value pb =
          arith::TruncFOp::create(lb, RankedTensorType::get({bm, bn}, in), p);
      Value vt =
          ltb.load(vType, v, at(batch, n, headKv, c0), ArrayRef(seqThenD));
      Value accNew = DotOp::create(lb, accType, pb, vt, accScaled);
      scf::YieldOp::create(lb, ValueRange{accNew, mNew, lNew});
    };
  };
  // Blocks every row of the query tile sees whole (keys inside seq_k and
  // inside every row's window) need no masks: [lo, hi) is visited by a loop
  // without them, the blocks before and after it by loops with them. A key
  // block [n, n + bn) is whole when n + bn <= seq_k, n + bn - 1 <= diag(first
  // row) + right and n >= diag(last row) - left, so lo and hi are block
  // multiples clamped into [start, end].
  Value bnIdx = tb.index(bn);
  auto roundDown = [&](Value x) { // max(x, 0) rounded down to a block
    x = arith::MaxSIOp::create(b, x, c0);
    return Value(
        arith::MulIOp::create(b, arith::DivUIOp::create(b, x, bnIdx), bnIdx));
  };
  Value hi = roundDown(seqK);
  if (right >= 0) {
    // diag(first row) + right + 1 = m0 + shift + right + 1.
    Value r = arith::AddIOp::create(b, diag0, tb.index(right + 1));
    hi = arith::MinSIOp::create(b, hi, roundDown(r));
  }
  Value lo = start;
  if (left >= 0) {
    // diag(last row) - left, the last row clipped to seq_q; rounded up.
    Value lastRow = arith::SubIOp::create(
        b,
        arith::MinSIOp::create(b, arith::AddIOp::create(b, m0, tb.index(bm)),
                               seqQ),
        tb.index(1));
    Value l = arith::SubIOp::create(b, arith::AddIOp::create(b, lastRow, shift),
                                    tb.index(left));
    l = arith::AddIOp::create(b, l, tb.index(bn - 1));
    lo = arith::MaxSIOp::create(b, roundDown(l), start);
  }
  lo = arith::MinSIOp::create(b, lo, end);
  hi = arith::MaxSIOp::create(b, arith::MinSIOp::create(b, hi, end), lo);
  SmallVector<Value> carried = {zeroAcc, negInfRow, zeroRow};
  auto visit = [&](Value from, Value to, bool masked) {
    auto loop = scf::ForOp::create(b, from, to, bnIdx, carried, block(masked));
    carried.assign(loop.getResults().begin(), loop.getResults().end());
  };
  if (left >= 0)
    visit(start, lo, /*masked=*/true);
  visit(lo, hi, /*masked=*/false);
  visit(hi, end, /*masked=*/true);
  Value acc = carried[0], m = carried[1], l = carried[2];

  // O = acc / l; a row with l = 0 saw no key and is 0.
  Value lZero = arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, l, zeroRow);
  Value lInv = arith::DivFOp::create(b, tb.splat({bm}, 1.0), l);
  lInv = arith::SelectOp::create(b, lZero, zeroRow, lInv);
  Value outF32 = arith::MulFOp::create(b, acc, tb.rows(lInv, tdv));
  Value out =
      arith::TruncFOp::create(b, RankedTensorType::get({bm, tdv}, in), outF32);
  StoreOp::create(b, out, o, at(batch, m0, head, c0),
                  b.getDenseI64ArrayAttr(seqThenD));
  if (lse) {
    // m is the row max in log2 units, so ln(sum_j exp(x_j)) =
    // ln(l) + m * ln2 = (m + log2(l)) * ln2. A row without a visible key
    // gets +inf, as flash-attention returns (its backward then gives the row
    // zero gradients: exp(s - inf) = 0).
    Value lseRow = arith::MulFOp::create(
        b, arith::AddFOp::create(b, m, math::Log2Op::create(b, l)),
        tb.splat({bm}, ln2));
    Value posInfRow = tb.splat(
        {bm}, APFloat::getInf(APFloat::IEEEsingle(), /*Negative=*/false));
    lseRow = arith::SelectOp::create(b, lZero, posInfRow, lseRow);
    StoreOp::create(b, lseRow, body.getArgument(4), ValueRange{batch, head, m0},
                    nullptr);
  }
  ReturnOp::create(b);
  // aiter-lower-attention-to-simt compiles from the attributes above, not
  // from this body: the fingerprint lets it refuse a kernel edited since.
  // That emitter knows neither ALiBi nor a bias, so such a kernel gets no
  // fingerprint: it counts as edited and the general tile-program compiler
  // compiles its body.
  if (!alibi && !biasType)
    kernel->setAttr(kAttentionFingerprintAttrName,
                    b.getStringAttr(kernelFingerprint(
                        kernel, {"aiter.attention", kConfigAttrName})));
  op.erase();
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Applies \p second's keys over \p first's: keys given in both take the
/// value from \p second.
std::string mergeOverrides(StringRef first, StringRef second) {
  SmallVector<StringRef> kept, firstItems, secondItems;
  first.split(firstItems, ',', -1, /*KeepEmpty=*/false);
  second.split(secondItems, ',', -1, /*KeepEmpty=*/false);
  auto keyOf = [](StringRef item) { return item.split('=').first.trim(); };
  for (StringRef item : firstItems)
    if (llvm::none_of(secondItems,
                      [&](StringRef s) { return keyOf(s) == keyOf(item); }))
      kept.push_back(item);
  llvm::append_range(kept, secondItems);
  return llvm::join(kept, ",");
}

struct AiterExpandPass : public aiter::impl::AiterExpandBase<AiterExpandPass> {
  using AiterExpandBase::AiterExpandBase;

  void runOnOperation() override {
    SmallVector<Operation *> problems;
    getOperation().walk([&](Operation *op) {
      if (isa<GemmOp, AttentionOp>(op))
        problems.push_back(op);
    });
    // A bad chip is an error even with nothing to expand; it is reported on
    // the first problem op when there is one.
    llvm::Expected<const TargetInfo &> target = TargetInfo::lookup(chip);
    if (!target) {
      Operation *at = problems.empty() ? getOperation().getOperation()
                                       : problems.front();
      at->emitError("aiter-expand: invalid chip option: ")
          << llvm::toString(target.takeError());
      return signalPassFailure();
    }
    bool anyFailed = false;
    for (Operation *op : problems) {
      // Overrides: the pass option for every op, then the op's own
      // `aiter.config` string (later keys win).
      std::string overrides = config;
      if (Attribute attr = op->getDiscardableAttr(kConfigAttrName)) {
        auto str = dyn_cast<StringAttr>(attr);
        if (!str) {
          op->emitOpError("'")
              << kConfigAttrName
              << "' must be a string of tile configuration overrides such "
                 "as \"tile_m=128,waves=4\", got "
              << attr;
          anyFailed = true;
          continue;
        }
        overrides = mergeOverrides(config, str.getValue());
      }
      LogicalResult result =
          isa<GemmOp>(op)
              ? expandGemm(cast<GemmOp>(op), *target, chip, overrides)
              : expandAttention(cast<AttentionOp>(op), *target, chip,
                                overrides);
      anyFailed |= failed(result);
    }
    if (anyFailed)
      signalPassFailure();
  }
};

} // namespace

llvm::Error mlir::aiter::verifyProblemConfig(Operation *op,
                                             const TargetInfo &target,
                                             StringRef overrides) {
  auto check = [&](auto problem) -> llvm::Error {
    std::optional<MatrixElementType> elt =
        getMatrixElementType(problem.getDtype());
    if (!elt) // the op's verifier says so
      return llvm::Error::success();
    auto config = configFor(problem, *elt, target, overrides);
    return config ? llvm::Error::success() : config.takeError();
  };
  if (auto gemm = dyn_cast<GemmOp>(op))
    return check(gemm);
  if (auto attention = dyn_cast<AttentionOp>(op))
    return check(attention);
  return llvm::Error::success();
}
