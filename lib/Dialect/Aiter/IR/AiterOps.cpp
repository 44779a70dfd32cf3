//===- AiterOps.cpp - aiter dialect operations ------------------*- C++ -*-===//
//
// Verifiers, folders, canonicalization patterns and custom assembly of the
// aiter problem ops and tile-program ops.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Layout/Layouts.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aiter;

/// Prints a shape as `AxBxC` for diagnostics.
static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

/// The element types the MFMA-backed ops take as operands.
static bool isMatrixOperandType(Type t) { return t.isBF16() || t.isF16(); }

//===----------------------------------------------------------------------===//
// GemmOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::verify() {
  if (!isMatrixOperandType(getDtype()))
    return emitOpError("dtype must be bf16 or f16, got ") << getDtype();
  Type out = getOutDtype();
  if (!out.isBF16() && !out.isF16() && !out.isF32())
    return emitOpError("out_dtype must be bf16, f16 or f32, got ") << out;
  auto isEpilogueType = [](Type t) {
    return t.isBF16() || t.isF16() || t.isF32();
  };
  for (auto [name, value] :
       {std::pair{"alpha", getAlpha()}, std::pair{"beta", getBeta()}})
    if (value && !value->isFinite())
      return emitOpError() << name << " must be finite, got "
                           << value->convertToDouble();
  bool betaOn = getEffectiveBeta() != 0.0;
  if (betaOn && !getCDtype())
    return emitOpError("beta(")
           << getEffectiveBeta() << ") needs a C input: add c(T)";
  if (getCDtype() && !betaOn)
    return emitOpError("c(") << *getCDtype()
                             << ") needs a beta other than 0 (with beta 0 "
                                "no C is read)";
  if (getCDtype() && !isEpilogueType(*getCDtype()))
    return emitOpError("c must be bf16, f16 or f32, got ") << *getCDtype();
  if (getBiasKind().has_value() != getBiasDtype().has_value())
    return emitOpError("bias needs its shape and dtype: bias(row|col, T)");
  if (getBiasDtype() && !isEpilogueType(*getBiasDtype()))
    return emitOpError("bias dtype must be bf16, f16 or f32, got ")
           << *getBiasDtype();
  return success();
}

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::verify() {
  if (!isMatrixOperandType(getDtype()))
    return emitOpError("dtype must be bf16 or f16, got ") << getDtype();
  int64_t d = getHeadDim(), dv = getEffectiveHeadDimV();
  if (d < 1 || d > 256)
    return emitOpError("head_dim must be in [1, 256], got ") << d;
  if (dv < 1 || dv > 256)
    return emitOpError("head_dim_v must be in [1, 256], got ") << dv;
  if (getWindowLeft().has_value() != getWindowRight().has_value())
    return emitOpError("window needs both bounds: window(left, right), -1 "
                       "for an unbounded side");
  if (getWindowLeft()) {
    int64_t l = *getWindowLeft(), r = *getWindowRight();
    if (l < -1 || r < -1)
      return emitOpError("window bounds must be -1 (unbounded) or >= 0, got (")
             << l << ", " << r << ")";
  }
  if (getSoftcap()) {
    double c = getSoftcap()->convertToDouble();
    if (!(c >= 0.0) || std::isinf(c))
      return emitOpError("softcap must be finite and >= 0 (0 = off), got ")
             << c;
  }
  if (getScale()) {
    double s = getScale()->convertToDouble();
    if (!(s > 0.0) || std::isinf(s))
      return emitOpError("scale must be finite and > 0, got ") << s;
  }
  if (std::optional<Type> bias = getBias()) {
    Type t = *bias;
    if (!t.isBF16() && !t.isF16() && !t.isF32())
      return emitOpError("bias dtype must be bf16, f16 or f32, got ") << t;
  }
  return success();
}

double AttentionOp::getEffectiveScale() {
  if (getScale())
    return getScale()->convertToDouble();
  return 1.0 / std::sqrt(static_cast<double>(getHeadDim()));
}

std::pair<int64_t, int64_t> AttentionOp::getEffectiveWindow() {
  int64_t l = getWindowLeft().value_or(-1);
  int64_t r = getWindowRight().value_or(-1);
  if (getCausal())
    r = 0;
  return {l, r};
}

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

void KernelOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                     FunctionType type) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  Region *body = state.addRegion();
  Block *entry = new Block();
  body->push_back(entry);
  for (Type t : type.getInputs())
    entry->addArgument(t, state.location);
}

ParseResult KernelOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes,
                          ArrayRef<Type> results,
                          function_interface_impl::VariadicFlag,
                          std::string &) {
    return builder.getFunctionType(argTypes, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildFuncType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void KernelOp::print(OpAsmPrinter &p) {
  function_interface_impl::printFunctionOp(
      p, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

LogicalResult KernelOp::verify() {
  if (!getFunctionType().getResults().empty())
    return emitOpError("returns nothing: results are written with "
                       "aiter.store, got ")
           << getFunctionType().getResults().size() << " result type(s)";
  for (auto [i, t] : llvm::enumerate(getFunctionType().getInputs())) {
    if (auto mem = dyn_cast<MemRefType>(t)) {
      if (!mem.getElementType().isIntOrIndexOrFloat())
        return emitOpError("memref argument #")
               << i << " must hold integers or floats, got " << t;
      if (!mem.isStrided())
        return emitOpError("memref argument #")
               << i << " must have a strided layout, got " << t;
      continue;
    }
    if (!t.isIntOrIndexOrFloat())
      return emitOpError("argument #")
             << i << " must be a memref or a scalar (integer, index or "
             << "float), got " << t;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ProgramIdOp / NumProgramsOp
//===----------------------------------------------------------------------===//

static LogicalResult verifyInKernel(Operation *op) {
  if (!op->getParentOfType<KernelOp>())
    return op->emitOpError("is only valid inside an aiter.kernel");
  return success();
}

LogicalResult ProgramIdOp::verify() { return verifyInKernel(*this); }
LogicalResult NumProgramsOp::verify() { return verifyInKernel(*this); }

//===----------------------------------------------------------------------===//
// LoadOp / StoreOp
//===----------------------------------------------------------------------===//

/// Default tile dims: the tile's dimensions run along the memref's trailing
/// dimensions, in order.
static SmallVector<int64_t> tileDimsOf(std::optional<ArrayRef<int64_t>> dims,
                                       int64_t memRank, int64_t tileRank) {
  if (dims)
    return llvm::to_vector(*dims);
  SmallVector<int64_t> result;
  for (int64_t i = memRank - tileRank; i < memRank; ++i)
    result.push_back(i);
  return result;
}

SmallVector<int64_t> LoadOp::getTileDims() {
  return tileDimsOf(getDims(), getSource().getType().getRank(),
                    getResult().getType().getRank());
}

SmallVector<int64_t> StoreOp::getTileDims() {
  return tileDimsOf(getDims(), getDest().getType().getRank(),
                    getValue().getType().getRank());
}

/// Checks what load and store share: one index per memref dimension, a valid
/// `dims` mapping and matching element types.
static LogicalResult verifyTileAccess(Operation *op, MemRefType mem,
                                      RankedTensorType tile,
                                      ValueRange indices,
                                      std::optional<ArrayRef<int64_t>> dims) {
  int64_t memRank = mem.getRank(), tileRank = tile.getRank();
  if (static_cast<int64_t>(indices.size()) != memRank)
    return op->emitOpError("expects ")
           << memRank << " indices (one per memref dimension), got "
           << indices.size();
  if (tileRank == 0)
    return op->emitOpError("tile must have rank >= 1");
  if (tileRank > memRank)
    return op->emitOpError("tile rank ")
           << tileRank << " exceeds the memref rank " << memRank;
  if (!mem.isStrided())
    return op->emitOpError("memref must have a strided layout, got ") << mem;
  if (dims) {
    if (static_cast<int64_t>(dims->size()) != tileRank)
      return op->emitOpError("dims must name one memref dimension per tile "
                             "dimension (")
             << tileRank << "), got " << dims->size();
    llvm::SmallBitVector seen(memRank);
    for (int64_t d : *dims) {
      if (d < 0 || d >= memRank)
        return op->emitOpError("dims entry ")
               << d << " is out of range for a memref of rank " << memRank;
      if (seen.test(d))
        return op->emitOpError("dims entry ") << d << " appears twice";
      seen.set(d);
    }
  }
  if (tile.getElementType() != mem.getElementType())
    return op->emitOpError("tile element type ")
           << tile.getElementType() << " does not match the memref element "
           << "type " << mem.getElementType();
  return success();
}

LogicalResult LoadOp::verify() {
  if (failed(verifyTileAccess(*this, getSource().getType(),
                              getResult().getType(), getIndices(), getDims())))
    return failure();
  if (getPad()) {
    double pad = getPad()->convertToDouble();
    if (getResult().getType().getElementType().isIntOrIndex() &&
        (std::isnan(pad) || std::trunc(pad) != pad))
      return emitOpError("pad value ")
             << pad << " is not an integer, but the tile holds "
             << getResult().getType().getElementType();
    // A float pad that the tile's type flushes to zero is almost always a
    // hex literal read as f64 bits (0xFF800000 is 2.1e-314, not -inf).
    if (auto ft = dyn_cast<FloatType>(getResult().getType().getElementType());
        ft && pad != 0.0 && std::isfinite(pad)) {
      llvm::APFloat v(pad);
      bool lost = false;
      v.convert(ft.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
                &lost);
      if (v.isZero())
        return emitOpError("pad value ")
               << pad << " is 0 in " << ft
               << "; pad is an f64 (a hex literal gives its 64 bits): write "
                  "-inf as 0xFFF0000000000000 or -1.0e400";
    }
  }
  return success();
}

void LoadOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), &getSourceMutable(),
                       SideEffects::DefaultResource::get());
}

LogicalResult StoreOp::verify() {
  return verifyTileAccess(*this, getDest().getType(), getValue().getType(),
                          getIndices(), getDims());
}

void StoreOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Write::get(), &getDestMutable(),
                       SideEffects::DefaultResource::get());
}

//===----------------------------------------------------------------------===//
// DotOp
//===----------------------------------------------------------------------===//

LogicalResult DotOp::verify() {
  RankedTensorType a = getA().getType(), b = getB().getType(),
                   acc = getAcc().getType();
  for (auto [name, t] : {std::pair<StringRef, RankedTensorType>{"a", a},
                         {"b", b},
                         {"acc", acc}})
    if (t.getRank() != 2)
      return emitOpError() << name << " must be a 2-D tile, got " << t;
  if (a.getElementType() != b.getElementType() ||
      !isMatrixOperandType(a.getElementType()))
    return emitOpError("a and b must both be bf16 or both f16, got ")
           << a.getElementType() << " and " << b.getElementType();
  if (!acc.getElementType().isF32())
    return emitOpError("accumulates in f32, got ") << acc.getElementType();
  int64_t m = a.getDimSize(0), k = a.getDimSize(1), n = b.getDimSize(1);
  if (b.getDimSize(0) != k)
    return emitOpError("a is ")
           << shapeStr(a.getShape()) << " (MxK) and b is "
           << shapeStr(b.getShape()) << ": b must be KxN with K = " << k;
  if (acc.getDimSize(0) != m || acc.getDimSize(1) != n)
    return emitOpError("acc must be ")
           << m << "x" << n << " (MxN), got " << shapeStr(acc.getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Layer-3 layouts in the tile ops' verifiers
//===----------------------------------------------------------------------===//

/// Whether \p t has the shape and element type of \p expected, ignoring the
/// layout encoding (layer-2 tiles have none; layer 3 adds #aiter.linear).
static bool sameTile(RankedTensorType t, RankedTensorType expected) {
  return t.getShape() == expected.getShape() &&
         t.getElementType() == expected.getElementType();
}

/// In a layer-3 program, an op whose result layout follows from its input's
/// (reduce: the slice; expand_dims, transpose) must carry exactly that
/// layout; a layer-2 op carries none on either side.
static LogicalResult
verifyDerivedLayout(Operation *op, RankedTensorType in, RankedTensorType out,
                    llvm::function_ref<llvm::Expected<layout::LinearLayout>(
                        const layout::LinearLayout &)>
                        derive) {
  // A rank-0 tile has one element, which every lane holds: no layout.
  if (in.getRank() == 0 || out.getRank() == 0)
    return success();
  auto inL = dyn_cast_or_null<LinearLayoutAttr>(in.getEncoding());
  auto outL = dyn_cast_or_null<LinearLayoutAttr>(out.getEncoding());
  if (!inL && !outL)
    return success();
  if (!inL || !outL)
    return op->emitOpError("input and result must both have #aiter.linear "
                           "layouts or neither");
  llvm::Expected<layout::LinearLayout> want = derive(inL.getLinearLayout());
  if (!want)
    return op->emitOpError("cannot derive the result layout: ")
           << llvm::toString(want.takeError());
  if (*want != outL.getLinearLayout())
    return op->emitOpError("result layout must be the one its input's layout "
                           "gives: ")
           << want->str();
  return success();
}

//===----------------------------------------------------------------------===//
// ReduceOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::verify() {
  RankedTensorType in = getInput().getType();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= in.getRank())
    return emitOpError("axis ")
           << axis << " is out of range for a tile of rank " << in.getRank();
  SmallVector<int64_t> shape = llvm::to_vector(in.getShape());
  shape.erase(shape.begin() + axis);
  auto expected = RankedTensorType::get(shape, in.getElementType());
  if (!sameTile(getResult().getType(), expected))
    return emitOpError("result must be ")
           << expected << " (the input without axis " << axis << "), got "
           << getResult().getType();
  if ((getKind() == ReduceKind::maxnum || getKind() == ReduceKind::minnum) &&
      !isa<FloatType>(in.getElementType()))
    return emitOpError("maxnum and minnum reduce floats; use max or min for ")
           << in.getElementType();
  if (getKind() == ReduceKind::sum && in.getElementType().isInteger(1))
    return emitOpError("sum of i1 is not supported; extend to a wider "
                       "integer first");
  return verifyDerivedLayout(*this, in, getResult().getType(),
                             [&](const layout::LinearLayout &l) {
                               return layout::sliceLayout(l, axis);
                             });
}

//===----------------------------------------------------------------------===//
// ExpandDimsOp
//===----------------------------------------------------------------------===//

LogicalResult ExpandDimsOp::verify() {
  RankedTensorType in = getInput().getType();
  int64_t axis = getAxis();
  if (axis < 0 || axis > in.getRank())
    return emitOpError("axis ") << axis << " is out of range [0, "
                                << in.getRank() << "]";
  SmallVector<int64_t> shape = llvm::to_vector(in.getShape());
  shape.insert(shape.begin() + axis, 1);
  auto expected = RankedTensorType::get(shape, in.getElementType());
  if (!sameTile(getResult().getType(), expected))
    return emitOpError("result must be ")
           << expected << ", got " << getResult().getType();
  return verifyDerivedLayout(*this, in, getResult().getType(),
                             [&](const layout::LinearLayout &l) {
                               return layout::expandDimsLayout(l, axis);
                             });
}

/// Folds a shape-changing op applied to a splat constant.
static OpFoldResult foldSplat(Attribute input, ShapedType resultType) {
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(input))
    return SplatElementsAttr::get(resultType,
                                  splat.getSplatValue<Attribute>());
  return {};
}

OpFoldResult ExpandDimsOp::fold(FoldAdaptor adaptor) {
  return foldSplat(adaptor.getInput(), getResult().getType());
}

//===----------------------------------------------------------------------===//
// BroadcastOp
//===----------------------------------------------------------------------===//

LogicalResult BroadcastOp::verify() {
  RankedTensorType result = getResult().getType();
  Type inType = getInput().getType();
  auto in = dyn_cast<RankedTensorType>(inType);
  if (!in) {
    if (inType != result.getElementType())
      return emitOpError("scalar input ")
             << inType << " must have the result's element type "
             << result.getElementType();
    return success();
  }
  if (in.getElementType() != result.getElementType())
    return emitOpError("input element type ")
           << in.getElementType() << " must match the result's "
           << result.getElementType();
  if (in.getRank() != result.getRank())
    return emitOpError("input rank ")
           << in.getRank() << " must equal the result rank "
           << result.getRank() << " (use aiter.expand_dims first)";
  for (int64_t i = 0; i < in.getRank(); ++i)
    if (in.getDimSize(i) != 1 && in.getDimSize(i) != result.getDimSize(i))
      return emitOpError("input dimension ")
             << i << " has size " << in.getDimSize(i) << "; it must be 1 or "
             << result.getDimSize(i);
  return success();
}

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  if (auto scalar = dyn_cast_if_present<TypedAttr>(adaptor.getInput()))
    if (!isa<ShapedType>(scalar.getType()))
      return SplatElementsAttr::get(getResult().getType(), scalar);
  return foldSplat(adaptor.getInput(), getResult().getType());
}

//===----------------------------------------------------------------------===//
// IotaOp
//===----------------------------------------------------------------------===//

LogicalResult IotaOp::verify() {
  RankedTensorType t = getResult().getType();
  Type elt = t.getElementType();
  int64_t n = t.getDimSize(0);
  if (!elt.isIndex()) {
    unsigned width = elt.getIntOrFloatBitWidth();
    if (width < 63 && n - 1 > (int64_t(1) << (width - 1)) - 1)
      return emitOpError("iota of ")
             << n << " elements does not fit in " << elt;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::verify() {
  RankedTensorType in = getInput().getType();
  auto expected = RankedTensorType::get(
      {in.getDimSize(1), in.getDimSize(0)}, in.getElementType());
  if (!sameTile(getResult().getType(), expected))
    return emitOpError("result must be ")
           << expected << ", got " << getResult().getType();
  return verifyDerivedLayout(*this, in, getResult().getType(),
                             [](const layout::LinearLayout &l) {
                               return layout::transposeLayout(l, {1, 0});
                             });
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getInput().getDefiningOp<TransposeOp>())
    return inner.getInput();
  return foldSplat(adaptor.getInput(), getResult().getType());
}

namespace {
/// transpose(load dims [a, b]) -> load dims [b, a]: a transposed tile is read
/// straight from memory, so later layout assignment sees one access.
struct FoldTransposeOfLoad : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto load = op.getInput().getDefiningOp<LoadOp>();
    if (!load || !load->hasOneUse())
      return failure();
    SmallVector<int64_t> dims = load.getTileDims();
    std::swap(dims[0], dims[1]);
    rewriter.replaceOpWithNewOp<LoadOp>(
        op, op.getResult().getType(), load.getSource(), load.getIndices(),
        rewriter.getDenseI64ArrayAttr(dims), load.getPadAttr());
    rewriter.eraseOp(load);
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<FoldTransposeOfLoad>(context);
}

#define GET_OP_CLASSES
#include "aiter/Dialect/Aiter/IR/AiterOps.cpp.inc"

//===----------------------------------------------------------------------===//
// convert_layout
//===----------------------------------------------------------------------===//

LogicalResult ConvertLayoutOp::verify() {
  for (Type t : {getInput().getType(), getResult().getType()})
    if (!isa_and_nonnull<LinearLayoutAttr>(
            cast<RankedTensorType>(t).getEncoding()))
      return emitOpError("converts between #aiter.linear layouts; ")
             << t << " has none";
  return success();
}

OpFoldResult ConvertLayoutOp::fold(FoldAdaptor) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  // convert(convert(x : A -> B) : B -> A) is x.
  if (auto inner = getInput().getDefiningOp<ConvertLayoutOp>())
    if (inner.getInput().getType() == getResult().getType())
      return inner.getInput();
  return {};
}
