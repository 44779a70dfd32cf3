//===- Evaluator.cpp - reference semantics of tile programs ---------------===//
//
// Walks an aiter.kernel op by op on whole tiles, once per program id: clipped
// loads and stores on host buffers, dot/reduce/shape ops, arith/math, scf.
//===----------------------------------------------------------------------===//

#include "aiter/Reference/Evaluator.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

using namespace mlir;
namespace emu = ::aiter::emu;
namespace aref = ::aiter::ref;
namespace tile = ::mlir::aiter;
using aref::EvalResult;
using emu::ElemType;
using emu::KernelArg;

//===----------------------------------------------------------------------===//
// Elements
//===----------------------------------------------------------------------===//

// Every element is held as its bits, integers zero-extended at their width and
// floats as their encoding: loads, stores, selects and shape ops copy bits, so
// a value round-trips unchanged, and each computing op decodes its operands
// (exactly, into double), computes and rounds once to its result type.

static unsigned widthOf(ElemType t) {
  return t == ElemType::I1 ? 1 : emu::elemBytes(t) * 8;
}
static uint64_t maskTo(uint64_t v, unsigned w) {
  return w >= 64 ? v : v & ((uint64_t(1) << w) - 1);
}
static int64_t sext(uint64_t v, unsigned w) {
  return w >= 64 ? int64_t(v) : int64_t(v << (64 - w)) >> (64 - w);
}
static bool isFloat(ElemType t) { return emu::isFloatElem(t); }
static double dec(ElemType t, uint64_t bits) {
  return emu::floatFromBits(t, bits);
}
static uint64_t enc(ElemType t, double d) { return emu::floatToBits(t, d); }

static llvm::APFloat apFloat(ElemType t, uint64_t bits) {
  return llvm::APFloat(emu::floatSemantics(t), llvm::APInt(widthOf(t), bits));
}
static uint64_t apBits(const llvm::APFloat &f) {
  return f.bitcastToAPInt().getZExtValue();
}

/// IEEE 754-2019 maximum/minimum (arith.maximumf/minimumf): NaN if either is
/// NaN, and -0 orders below +0.
static double maximum(double x, double y) {
  if (std::isnan(x) || std::isnan(y))
    return std::numeric_limits<double>::quiet_NaN();
  if (x == y)
    return std::signbit(x) ? y : x;
  return x > y ? x : y;
}
static double minimum(double x, double y) {
  if (std::isnan(x) || std::isnan(y))
    return std::numeric_limits<double>::quiet_NaN();
  if (x == y)
    return std::signbit(x) ? x : y;
  return x < y ? x : y;
}
/// maximumNumber/minimumNumber (arith.maxnumf/minnumf): a NaN operand loses.
static double maxNum(double x, double y) {
  if (std::isnan(x))
    return y;
  if (std::isnan(y))
    return x;
  return maximum(x, y);
}
static double minNum(double x, double y) {
  if (std::isnan(x))
    return y;
  if (std::isnan(y))
    return x;
  return minimum(x, y);
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

/// "[i, j]": where element \p linear of a tile of \p shape sits.
static std::string elemPos(ArrayRef<int64_t> shape, int64_t linear) {
  SmallVector<int64_t, 4> idx(shape.size());
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    idx[d] = linear % shape[d];
    linear /= shape[d];
  }
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(idx, os);
  os << "]";
  return s;
}

static std::string typeStr(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  t.print(os);
  return s;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

namespace {
/// A runtime value: a scalar (one element), a tile (row-major elements) or a
/// memref (a kernel argument).
struct RVal {
  ElemType et = ElemType::F32;
  bool isTile = false;
  SmallVector<int64_t, 2> shape;
  std::vector<uint64_t> bits;
  int memArg = -1;
};
using Val = std::shared_ptr<const RVal>;
using MutVal = std::shared_ptr<RVal>;

enum class FBin { Add, Sub, Mul, Div, Rem, Maximum, Minimum, MaxNum, MinNum };
enum class MBin { Pow, Atan2 };
enum class IBin {
  Add,
  Sub,
  Mul,
  DivS,
  DivU,
  RemS,
  RemU,
  CeilDivS,
  CeilDivU,
  FloorDivS,
  And,
  Or,
  Xor,
  Shl,
  ShrS,
  ShrU,
  MaxS,
  MaxU,
  MinS,
  MinU
};
enum class MUn {
  Sqrt,
  Rsqrt,
  Exp,
  Exp2,
  ExpM1,
  Log,
  Log2,
  Log10,
  Log1p,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Tanh,
  Asinh,
  Acosh,
  Atanh,
  Erf,
  Erfc,
  Cbrt,
  Floor,
  Ceil,
  Round,
  RoundEven,
  Trunc
};
enum class Sign { Neg, Abs, CopySign };
enum class IUn { Abs, Ctlz, Cttz, CtPop };
enum class Classify { IsNaN, IsInf, IsFinite, IsNormal };
enum class Cast {
  ExtF,
  TruncF,
  ExtSI,
  ExtUI,
  TruncI,
  IndexCast,
  IndexCastUI,
  SIToFP,
  UIToFP,
  FPToSI,
  FPToUI,
  Bitcast
};

/// One evaluation: the kernel, its bound arguments and the state of the
/// program being run.
class Evaluator {
public:
  Evaluator(tile::KernelOp kernel, const std::array<int64_t, 3> &grid)
      : kernel(kernel), grid(grid) {}

  /// Rejects, before anything runs, every op, type and attribute the
  /// evaluator does not implement (also in regions a run may never enter).
  llvm::Error check();
  /// Binds the arguments and checks every buffer view lies in its buffer.
  llvm::Error bind(ArrayRef<KernelArg> args);
  /// Runs one program.
  llvm::Error run(const std::array<int64_t, 3> &programId);

  EvalResult result;
  /// Dot K and sum lengths the current program has run (argReductionTerms).
  uint64_t programTerms = 0;

  // Op families (the handler table calls these).
  llvm::Error floatBinary(Operation *op, FBin k);
  llvm::Error mathBinary(Operation *op, MBin k);
  llvm::Error intBinary(Operation *op, IBin k);
  llvm::Error mathUnary(Operation *op, MUn k);
  llvm::Error sign(Operation *op, Sign k);
  llvm::Error intUnary(Operation *op, IUn k);
  llvm::Error classify(Operation *op, Classify k);
  llvm::Error fma(math::FmaOp op);
  llvm::Error convert(Operation *op, Cast k);
  llvm::Error cmpi(arith::CmpIOp op);
  llvm::Error cmpf(arith::CmpFOp op);
  llvm::Error select(arith::SelectOp op);
  llvm::Error constant(arith::ConstantOp op);
  llvm::Error dim(memref::DimOp op);
  llvm::Error forOp(scf::ForOp op);
  llvm::Error ifOp(scf::IfOp op);
  llvm::Error gridOp(Operation *op, unsigned axis, bool isId);
  llvm::Error load(tile::LoadOp op);
  llvm::Error store(tile::StoreOp op);
  llvm::Error dot(tile::DotOp op);
  llvm::Error reduce(tile::ReduceOp op);
  llvm::Error expandDims(tile::ExpandDimsOp op);
  llvm::Error broadcast(tile::BroadcastOp op);
  llvm::Error iota(tile::IotaOp op);
  llvm::Error transpose(tile::TransposeOp op);

private:
  llvm::Error checkOp(Operation *op);
  llvm::Error runBlock(Block &block, SmallVectorImpl<Val> &yielded);

  const RVal &in(Value v) const { return *env.find(v)->second; }
  void def(Value v, Val x) { env[v] = std::move(x); }
  /// A new value of type \p t (scalar or tile), elements zeroed.
  MutVal make(Type t) const;
  /// The value of an integer or index scalar, sign-extended.
  int64_t scalarInt(Value v) const {
    const RVal &r = in(v);
    return sext(r.bits[0], widthOf(r.et));
  }
  /// An error at \p op in the program being run.
  llvm::Error fail(Operation *op, const llvm::Twine &msg) const {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        emu::formatOpError(op, msg + llvm::formatv(" in program ({0},{1},{2})",
                                                   pid[0], pid[1], pid[2])));
  }
  /// Element \p e of tile \p v, or of scalar \p v broadcast.
  static uint64_t at(const RVal &v, size_t e) {
    return v.bits.size() == 1 ? v.bits[0] : v.bits[e];
  }

  tile::KernelOp kernel;
  std::array<int64_t, 3> grid;
  std::array<int64_t, 3> pid{0, 0, 0};
  SmallVector<KernelArg, 8> args;
  llvm::DenseMap<Value, Val> env;
};
} // namespace

static llvm::Error opError(Operation *op, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 emu::formatOpError(op, msg));
}
static llvm::Error plainError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "error: " + msg);
}

MutVal Evaluator::make(Type t) const {
  auto r = std::make_shared<RVal>();
  Type et = t;
  int64_t n = 1;
  if (auto tt = dyn_cast<RankedTensorType>(t)) {
    r->isTile = true;
    r->shape.assign(tt.getShape().begin(), tt.getShape().end());
    et = tt.getElementType();
    n = tt.getNumElements();
  }
  // check() admitted only types with an element kind.
  (void)emu::elemTypeOf(et, r->et);
  r->bits.assign(size_t(n), 0);
  return r;
}

//===----------------------------------------------------------------------===//
// The handler table: what the evaluator implements
//===----------------------------------------------------------------------===//

using Handler = llvm::Error (*)(Evaluator &, Operation *);
using HandlerTable = llvm::DenseMap<TypeID, Handler>;

template <typename... OpTs> static void add(HandlerTable &t, Handler h) {
  (t.try_emplace(TypeID::get<OpTs>(), h), ...);
}

#define FAMILY(fn, kind)                                                       \
  [](Evaluator &e, Operation *op) { return e.fn(op, kind); }
#define SINGLE(fn, OpT)                                                        \
  [](Evaluator &e, Operation *op) { return e.fn(cast<OpT>(op)); }

static const HandlerTable &handlers() {
  static const HandlerTable table = [] {
    HandlerTable t;
    // Float arithmetic.
    add<arith::AddFOp>(t, FAMILY(floatBinary, FBin::Add));
    add<arith::SubFOp>(t, FAMILY(floatBinary, FBin::Sub));
    add<arith::MulFOp>(t, FAMILY(floatBinary, FBin::Mul));
    add<arith::DivFOp>(t, FAMILY(floatBinary, FBin::Div));
    add<arith::RemFOp>(t, FAMILY(floatBinary, FBin::Rem));
    add<arith::MaximumFOp>(t, FAMILY(floatBinary, FBin::Maximum));
    add<arith::MinimumFOp>(t, FAMILY(floatBinary, FBin::Minimum));
    add<arith::MaxNumFOp>(t, FAMILY(floatBinary, FBin::MaxNum));
    add<arith::MinNumFOp>(t, FAMILY(floatBinary, FBin::MinNum));
    add<arith::NegFOp>(t, FAMILY(sign, Sign::Neg));
    add<math::AbsFOp>(t, FAMILY(sign, Sign::Abs));
    add<math::CopySignOp>(t, FAMILY(sign, Sign::CopySign));
    add<math::PowFOp>(t, FAMILY(mathBinary, MBin::Pow));
    add<math::Atan2Op>(t, FAMILY(mathBinary, MBin::Atan2));
    add<math::FmaOp>(t, SINGLE(fma, math::FmaOp));
    add<math::SqrtOp>(t, FAMILY(mathUnary, MUn::Sqrt));
    add<math::RsqrtOp>(t, FAMILY(mathUnary, MUn::Rsqrt));
    add<math::ExpOp>(t, FAMILY(mathUnary, MUn::Exp));
    add<math::Exp2Op>(t, FAMILY(mathUnary, MUn::Exp2));
    add<math::ExpM1Op>(t, FAMILY(mathUnary, MUn::ExpM1));
    add<math::LogOp>(t, FAMILY(mathUnary, MUn::Log));
    add<math::Log2Op>(t, FAMILY(mathUnary, MUn::Log2));
    add<math::Log10Op>(t, FAMILY(mathUnary, MUn::Log10));
    add<math::Log1pOp>(t, FAMILY(mathUnary, MUn::Log1p));
    add<math::SinOp>(t, FAMILY(mathUnary, MUn::Sin));
    add<math::CosOp>(t, FAMILY(mathUnary, MUn::Cos));
    add<math::TanOp>(t, FAMILY(mathUnary, MUn::Tan));
    add<math::AsinOp>(t, FAMILY(mathUnary, MUn::Asin));
    add<math::AcosOp>(t, FAMILY(mathUnary, MUn::Acos));
    add<math::AtanOp>(t, FAMILY(mathUnary, MUn::Atan));
    add<math::SinhOp>(t, FAMILY(mathUnary, MUn::Sinh));
    add<math::CoshOp>(t, FAMILY(mathUnary, MUn::Cosh));
    add<math::TanhOp>(t, FAMILY(mathUnary, MUn::Tanh));
    add<math::AsinhOp>(t, FAMILY(mathUnary, MUn::Asinh));
    add<math::AcoshOp>(t, FAMILY(mathUnary, MUn::Acosh));
    add<math::AtanhOp>(t, FAMILY(mathUnary, MUn::Atanh));
    add<math::ErfOp>(t, FAMILY(mathUnary, MUn::Erf));
    add<math::ErfcOp>(t, FAMILY(mathUnary, MUn::Erfc));
    add<math::CbrtOp>(t, FAMILY(mathUnary, MUn::Cbrt));
    add<math::FloorOp>(t, FAMILY(mathUnary, MUn::Floor));
    add<math::CeilOp>(t, FAMILY(mathUnary, MUn::Ceil));
    add<math::RoundOp>(t, FAMILY(mathUnary, MUn::Round));
    add<math::RoundEvenOp>(t, FAMILY(mathUnary, MUn::RoundEven));
    add<math::TruncOp>(t, FAMILY(mathUnary, MUn::Trunc));
    add<math::IsNaNOp>(t, FAMILY(classify, Classify::IsNaN));
    add<math::IsInfOp>(t, FAMILY(classify, Classify::IsInf));
    add<math::IsFiniteOp>(t, FAMILY(classify, Classify::IsFinite));
    add<math::IsNormalOp>(t, FAMILY(classify, Classify::IsNormal));
    // Integer arithmetic.
    add<arith::AddIOp>(t, FAMILY(intBinary, IBin::Add));
    add<arith::SubIOp>(t, FAMILY(intBinary, IBin::Sub));
    add<arith::MulIOp>(t, FAMILY(intBinary, IBin::Mul));
    add<arith::DivSIOp>(t, FAMILY(intBinary, IBin::DivS));
    add<arith::DivUIOp>(t, FAMILY(intBinary, IBin::DivU));
    add<arith::RemSIOp>(t, FAMILY(intBinary, IBin::RemS));
    add<arith::RemUIOp>(t, FAMILY(intBinary, IBin::RemU));
    add<arith::CeilDivSIOp>(t, FAMILY(intBinary, IBin::CeilDivS));
    add<arith::CeilDivUIOp>(t, FAMILY(intBinary, IBin::CeilDivU));
    add<arith::FloorDivSIOp>(t, FAMILY(intBinary, IBin::FloorDivS));
    add<arith::AndIOp>(t, FAMILY(intBinary, IBin::And));
    add<arith::OrIOp>(t, FAMILY(intBinary, IBin::Or));
    add<arith::XOrIOp>(t, FAMILY(intBinary, IBin::Xor));
    add<arith::ShLIOp>(t, FAMILY(intBinary, IBin::Shl));
    add<arith::ShRSIOp>(t, FAMILY(intBinary, IBin::ShrS));
    add<arith::ShRUIOp>(t, FAMILY(intBinary, IBin::ShrU));
    add<arith::MaxSIOp>(t, FAMILY(intBinary, IBin::MaxS));
    add<arith::MaxUIOp>(t, FAMILY(intBinary, IBin::MaxU));
    add<arith::MinSIOp>(t, FAMILY(intBinary, IBin::MinS));
    add<arith::MinUIOp>(t, FAMILY(intBinary, IBin::MinU));
    add<math::AbsIOp>(t, FAMILY(intUnary, IUn::Abs));
    add<math::CountLeadingZerosOp>(t, FAMILY(intUnary, IUn::Ctlz));
    add<math::CountTrailingZerosOp>(t, FAMILY(intUnary, IUn::Cttz));
    add<math::CtPopOp>(t, FAMILY(intUnary, IUn::CtPop));
    // Compares, selects, casts, constants.
    add<arith::CmpIOp>(t, SINGLE(cmpi, arith::CmpIOp));
    add<arith::CmpFOp>(t, SINGLE(cmpf, arith::CmpFOp));
    add<arith::SelectOp>(t, SINGLE(select, arith::SelectOp));
    add<arith::ExtFOp>(t, FAMILY(convert, Cast::ExtF));
    add<arith::TruncFOp>(t, FAMILY(convert, Cast::TruncF));
    add<arith::ExtSIOp>(t, FAMILY(convert, Cast::ExtSI));
    add<arith::ExtUIOp>(t, FAMILY(convert, Cast::ExtUI));
    add<arith::TruncIOp>(t, FAMILY(convert, Cast::TruncI));
    add<arith::IndexCastOp>(t, FAMILY(convert, Cast::IndexCast));
    add<arith::IndexCastUIOp>(t, FAMILY(convert, Cast::IndexCastUI));
    add<arith::SIToFPOp>(t, FAMILY(convert, Cast::SIToFP));
    add<arith::UIToFPOp>(t, FAMILY(convert, Cast::UIToFP));
    add<arith::FPToSIOp>(t, FAMILY(convert, Cast::FPToSI));
    add<arith::FPToUIOp>(t, FAMILY(convert, Cast::FPToUI));
    add<arith::BitcastOp>(t, FAMILY(convert, Cast::Bitcast));
    add<arith::ConstantOp>(t, SINGLE(constant, arith::ConstantOp));
    // Memory, control flow, tile ops.
    add<memref::DimOp>(t, SINGLE(dim, memref::DimOp));
    add<scf::ForOp>(t, SINGLE(forOp, scf::ForOp));
    add<scf::IfOp>(t, SINGLE(ifOp, scf::IfOp));
    add<tile::ProgramIdOp>(t, [](Evaluator &e, Operation *op) {
      return e.gridOp(op, cast<tile::ProgramIdOp>(op).getAxis(), true);
    });
    add<tile::NumProgramsOp>(t, [](Evaluator &e, Operation *op) {
      return e.gridOp(op, cast<tile::NumProgramsOp>(op).getAxis(), false);
    });
    add<tile::LoadOp>(t, SINGLE(load, tile::LoadOp));
    add<tile::StoreOp>(t, SINGLE(store, tile::StoreOp));
    add<tile::DotOp>(t, SINGLE(dot, tile::DotOp));
    add<tile::ReduceOp>(t, SINGLE(reduce, tile::ReduceOp));
    add<tile::ExpandDimsOp>(t, SINGLE(expandDims, tile::ExpandDimsOp));
    add<tile::BroadcastOp>(t, SINGLE(broadcast, tile::BroadcastOp));
    add<tile::IotaOp>(t, SINGLE(iota, tile::IotaOp));
    add<tile::TransposeOp>(t, SINGLE(transpose, tile::TransposeOp));
    return t;
  }();
  return table;
}

#undef FAMILY
#undef SINGLE

//===----------------------------------------------------------------------===//
// Static checks
//===----------------------------------------------------------------------===//

/// The element types and tiles the evaluator holds. A tensor encoding is a
/// layer-3 layout; the evaluator defines layer-2 programs, which have none.
static llvm::Error checkValueType(Operation *op, Type t) {
  Type et = t;
  auto tt = dyn_cast<RankedTensorType>(t);
  if (tt && tt.getEncoding())
    return opError(op, "tile type " + typeStr(t) +
                           " has an encoding (a layout): the reference "
                           "evaluator runs tile programs before layout "
                           "assignment");
  if (tt && tt.hasStaticShape())
    et = tt.getElementType();
  else if (isa<ShapedType>(t))
    return opError(op, "the reference evaluator does not implement values "
                       "of type " +
                           typeStr(t) +
                           " (scalars and static tensors only; memrefs are "
                           "kernel arguments)");
  ElemType ek;
  if (!emu::elemTypeOf(et, ek))
    return opError(op, "the reference evaluator does not implement element "
                       "type " +
                           typeStr(et) +
                           " (i1, i8, i16, i32, i64, index, f16, bf16, f32, "
                           "f64 and the fp8 types)");
  return llvm::Error::success();
}

/// The bits of a load's pad value in the tile's element type.
static llvm::Expected<uint64_t> padBits(tile::LoadOp op) {
  double pad = op.getPadValue();
  ElemType et;
  (void)emu::elemTypeOf(op.getType().getElementType(), et);
  if (isFloat(et))
    return enc(et, pad);
  // The verifier admits only integral pads; one the type cannot hold would
  // silently change value, so it is an error rather than a wrap.
  unsigned w = widthOf(et);
  double lo = -std::ldexp(1.0, int(w) - 1), hi = std::ldexp(1.0, int(w));
  if (!(pad >= lo && pad < hi))
    return opError(op, llvm::formatv("pad value {0} does not fit in {1}",
                                     llvm::format("%g", pad),
                                     typeStr(op.getType().getElementType())));
  return maskTo(pad < 0 ? uint64_t(int64_t(pad)) : uint64_t(pad), w);
}

llvm::Error Evaluator::checkOp(Operation *op) {
  if (!isa<scf::YieldOp, tile::ReturnOp>(op) &&
      !handlers().count(op->getName().getTypeID()))
    return opError(op, "the reference evaluator does not implement this op");
  for (Value v : op->getOperands()) {
    if (isa<MemRefType>(v.getType())) {
      // Memrefs are kernel arguments; only these ops take one.
      if (!isa<tile::LoadOp, tile::StoreOp, memref::DimOp>(op))
        return opError(op, "the reference evaluator takes memref operands "
                           "only in aiter.load, aiter.store and memref.dim");
      continue;
    }
    if (auto e = checkValueType(op, v.getType()))
      return e;
  }
  for (Type t : op->getResultTypes())
    if (auto e = checkValueType(op, t))
      return e;
  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    Attribute v = c.getValue();
    if (!isa<IntegerAttr, FloatAttr, DenseIntOrFPElementsAttr>(v))
      return opError(op, "the reference evaluator takes integer, float and "
                         "dense elements constants, not this attribute");
  }
  if (auto load = dyn_cast<tile::LoadOp>(op)) {
    auto pad = padBits(load);
    if (!pad)
      return pad.takeError();
  }
  if (auto r = dyn_cast<tile::ReduceOp>(op))
    if (r.getKind() != tile::ReduceKind::sum &&
        r.getInput().getType().getElementType().isInteger(1))
      // Signed i1 order puts true (-1) below false, so max would be "and":
      // aiter.reduce does not say which order i1 has.
      return opError(op, "max and min of i1 tiles are not defined (is true "
                         "above or below false?); extend to i8 first");
  return llvm::Error::success();
}

llvm::Error Evaluator::check() {
  for (auto [i, t] : llvm::enumerate(kernel.getArgumentTypes())) {
    Type et = t;
    if (auto mt = dyn_cast<MemRefType>(t))
      et = mt.getElementType();
    ElemType ek;
    if (!emu::elemTypeOf(et, ek))
      return opError(kernel, llvm::formatv("argument #{0} ({1}): the "
                                           "reference evaluator does not "
                                           "implement element type {2}",
                                           i, typeStr(t), typeStr(et)));
  }
  llvm::Error err = llvm::Error::success();
  kernel.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (auto e = checkOp(op)) {
      err = std::move(e);
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return err;
}

llvm::Error Evaluator::bind(ArrayRef<KernelArg> given) {
  auto bound = emu::bindKernelArgs(kernel, kernel.getArgumentTypes(), given);
  if (!bound)
    return bound.takeError();
  args = std::move(*bound);
  result.argWritten.assign(args.size(), false);
  result.argReductionTerms.assign(args.size(), 0);
  // Clipping keeps every access inside the view; the view itself must lie
  // inside the buffer, or a wrong stride would reach foreign host memory.
  for (auto [i, a] : llvm::enumerate(args)) {
    if (!a.isBuffer)
      continue;
    bool empty = llvm::any_of(a.shape, [](int64_t d) { return d == 0; });
    if (empty)
      continue;
    std::optional<int64_t> lo = a.offset, hi = a.offset;
    for (size_t d = 0; d < a.shape.size() && lo && hi; ++d) {
      std::optional<int64_t> span =
          llvm::checkedMul(a.shape[d] - 1, a.strides[d]);
      if (!span) {
        lo.reset();
        break;
      }
      if (*span < 0)
        lo = llvm::checkedAdd(*lo, *span);
      else
        hi = llvm::checkedAdd(*hi, *span);
    }
    int64_t es = emu::elemBytes(a.elem);
    if (!lo || !hi || *lo < 0 || !a.data || *hi >= a.bytes / es) {
      std::string strides;
      llvm::raw_string_ostream os(strides);
      llvm::interleave(a.strides, os, ",");
      return opError(kernel,
                     llvm::formatv("argument #{0}: the view (shape {1}, "
                                   "strides [{2}], offset {3}) does not lie "
                                   "in its buffer of {4} bytes",
                                   i, shapeStr(a.shape), strides, a.offset,
                                   a.bytes));
    }
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

llvm::Error Evaluator::run(const std::array<int64_t, 3> &programId) {
  pid = programId;
  programTerms = 0;
  env.clear();
  Block &body = kernel.getBody().front();
  for (auto [i, a] : llvm::enumerate(args)) {
    auto r = std::make_shared<RVal>();
    r->et = a.elem;
    if (a.isBuffer)
      r->memArg = int(i);
    else
      r->bits.assign(1, maskTo(a.scalarBits, widthOf(a.elem)));
    def(body.getArgument(i), r);
  }
  SmallVector<Val> yielded;
  if (auto e = runBlock(body, yielded))
    return e;
  ++result.programs;
  return llvm::Error::success();
}

llvm::Error Evaluator::runBlock(Block &block, SmallVectorImpl<Val> &yielded) {
  for (Operation &op : block) {
    if (auto y = dyn_cast<scf::YieldOp>(op)) {
      for (Value v : y.getOperands())
        yielded.push_back(env.lookup(v));
      return llvm::Error::success();
    }
    if (isa<tile::ReturnOp>(op))
      return llvm::Error::success();
    ++result.ops;
    Handler h = handlers().lookup(op.getName().getTypeID());
    if (auto e = h(*this, &op))
      return e;
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

llvm::Error Evaluator::floatBinary(Operation *op, FBin k) {
  const RVal &a = in(op->getOperand(0)), &b = in(op->getOperand(1));
  MutVal r = make(op->getResult(0).getType());
  ElemType t = r->et;
  for (size_t i = 0; i < r->bits.size(); ++i) {
    // Operands are exact in double, and double holds more than twice the
    // significand of f32 and below: + - * / computed in double and rounded
    // once are correctly rounded; fmod is exact.
    double x = dec(t, a.bits[i]), y = dec(t, b.bits[i]), z;
    switch (k) {
    case FBin::Add:
      z = x + y;
      break;
    case FBin::Sub:
      z = x - y;
      break;
    case FBin::Mul:
      z = x * y;
      break;
    case FBin::Div:
      z = x / y;
      break;
    case FBin::Rem:
      z = std::fmod(x, y);
      break;
    case FBin::Maximum:
      z = maximum(x, y);
      break;
    case FBin::Minimum:
      z = minimum(x, y);
      break;
    case FBin::MaxNum:
      z = maxNum(x, y);
      break;
    case FBin::MinNum:
      z = minNum(x, y);
      break;
    }
    r->bits[i] = enc(t, z);
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

/// Math functions run as the host's double function of the value (every
/// float type widens exactly), and the result rounds to nearest even in the
/// element type (mathUnary).
static double mathUnaryOf(MUn k, double x) {
  switch (k) {
  case MUn::Sqrt:
    return std::sqrt(x);
  case MUn::Rsqrt:
    // No host rsqrt: 1/sqrt, rounded once to the type by the caller.
    return 1.0 / std::sqrt(x);
  case MUn::Exp:
    return std::exp(x);
  case MUn::Exp2:
    return std::exp2(x);
  case MUn::ExpM1:
    return std::expm1(x);
  case MUn::Log:
    return std::log(x);
  case MUn::Log2:
    return std::log2(x);
  case MUn::Log10:
    return std::log10(x);
  case MUn::Log1p:
    return std::log1p(x);
  case MUn::Sin:
    return std::sin(x);
  case MUn::Cos:
    return std::cos(x);
  case MUn::Tan:
    return std::tan(x);
  case MUn::Asin:
    return std::asin(x);
  case MUn::Acos:
    return std::acos(x);
  case MUn::Atan:
    return std::atan(x);
  case MUn::Sinh:
    return std::sinh(x);
  case MUn::Cosh:
    return std::cosh(x);
  case MUn::Tanh:
    return std::tanh(x);
  case MUn::Asinh:
    return std::asinh(x);
  case MUn::Acosh:
    return std::acosh(x);
  case MUn::Atanh:
    return std::atanh(x);
  case MUn::Erf:
    return std::erf(x);
  case MUn::Erfc:
    return std::erfc(x);
  case MUn::Cbrt:
    return std::cbrt(x);
  case MUn::Floor:
    return std::floor(x);
  case MUn::Ceil:
    return std::ceil(x);
  case MUn::Round:
    return std::round(x);
  case MUn::RoundEven:
    return std::nearbyint(x); // the default rounding mode: ties to even
  case MUn::Trunc:
    return std::trunc(x);
  }
  return x;
}

llvm::Error Evaluator::mathUnary(Operation *op, MUn k) {
  const RVal &a = in(op->getOperand(0));
  MutVal r = make(op->getResult(0).getType());
  ElemType t = r->et;
  for (size_t i = 0; i < r->bits.size(); ++i) {
    // In double for every float type, rounded once to the element type:
    // the function's value correctly rounded but for the rarest halfway
    // cases (the host's float overloads, glibc's tanhf for one, are up to
    // 2 ulps off, which exceeded --check's tolerance along chains of them).
    double z = mathUnaryOf(k, dec(t, a.bits[i]));
    r->bits[i] = enc(t, z);
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::mathBinary(Operation *op, MBin k) {
  const RVal &a = in(op->getOperand(0)), &b = in(op->getOperand(1));
  MutVal r = make(op->getResult(0).getType());
  ElemType t = r->et;
  auto f = [k](auto x, auto y) {
    return k == MBin::Pow ? std::pow(x, y) : std::atan2(x, y);
  };
  for (size_t i = 0; i < r->bits.size(); ++i) {
    double z = f(dec(t, a.bits[i]), dec(t, b.bits[i])); // as mathUnary
    r->bits[i] = enc(t, z);
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::sign(Operation *op, Sign k) {
  // Sign operations act on the sign bit alone, so NaN payloads survive.
  const RVal &a = in(op->getOperand(0));
  const RVal *b = k == Sign::CopySign ? &in(op->getOperand(1)) : nullptr;
  MutVal r = make(op->getResult(0).getType());
  uint64_t s = uint64_t(1) << (widthOf(r->et) - 1);
  for (size_t i = 0; i < r->bits.size(); ++i) {
    uint64_t x = a.bits[i];
    switch (k) {
    case Sign::Neg:
      r->bits[i] = x ^ s;
      break;
    case Sign::Abs:
      r->bits[i] = x & ~s;
      break;
    case Sign::CopySign:
      r->bits[i] = (x & ~s) | (b->bits[i] & s);
      break;
    }
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::fma(math::FmaOp op) {
  const RVal &a = in(op.getA()), &b = in(op.getB()), &c = in(op.getC());
  MutVal r = make(op.getType());
  ElemType t = r->et;
  for (size_t i = 0; i < r->bits.size(); ++i) {
    if (t == ElemType::F32 || t == ElemType::F64) {
      double x = dec(t, a.bits[i]), y = dec(t, b.bits[i]),
             z = dec(t, c.bits[i]);
      r->bits[i] = t == ElemType::F32
                       ? enc(t, std::fma(float(x), float(y), float(z)))
                       : enc(t, std::fma(x, y, z));
      continue;
    }
    // One rounding in the type itself (fma in double and then rounding to
    // f16 could round twice).
    llvm::APFloat x = apFloat(t, a.bits[i]);
    x.fusedMultiplyAdd(apFloat(t, b.bits[i]), apFloat(t, c.bits[i]),
                       llvm::APFloat::rmNearestTiesToEven);
    r->bits[i] = apBits(x);
  }
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::classify(Operation *op, Classify k) {
  const RVal &a = in(op->getOperand(0));
  MutVal r = make(op->getResult(0).getType());
  for (size_t i = 0; i < r->bits.size(); ++i) {
    // In the operand's own format: an f16 denormal is not normal.
    llvm::APFloat x = apFloat(a.et, a.bits[i]);
    bool v;
    switch (k) {
    case Classify::IsNaN:
      v = x.isNaN();
      break;
    case Classify::IsInf:
      v = x.isInfinity();
      break;
    case Classify::IsFinite:
      v = x.isFinite();
      break;
    case Classify::IsNormal:
      v = x.isNormal();
      break;
    }
    r->bits[i] = v;
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::intBinary(Operation *op, IBin k) {
  const RVal &a = in(op->getOperand(0)), &b = in(op->getOperand(1));
  MutVal r = make(op->getResult(0).getType());
  unsigned w = widthOf(r->et);
  int64_t minS =
      w >= 64 ? std::numeric_limits<int64_t>::min() : -(int64_t(1) << (w - 1));
  for (size_t i = 0; i < r->bits.size(); ++i) {
    uint64_t x = a.bits[i], y = b.bits[i];
    int64_t sx = sext(x, w), sy = sext(y, w);
    bool isDiv = k == IBin::DivS || k == IBin::DivU || k == IBin::RemS ||
                 k == IBin::RemU || k == IBin::CeilDivS ||
                 k == IBin::CeilDivU || k == IBin::FloorDivS;
    // Division by zero and signed overflow are undefined behaviour in arith:
    // the reference stops instead of inventing a value.
    if (isDiv && y == 0)
      return fail(op, "integer division by zero" +
                          (r->isTile ? " at element " + elemPos(r->shape, i)
                                     : std::string()));
    if ((k == IBin::DivS || k == IBin::CeilDivS || k == IBin::FloorDivS) &&
        sx == minS && sy == -1)
      return fail(op, "signed division overflows (" + std::to_string(minS) +
                          " / -1)" +
                          (r->isTile ? " at element " + elemPos(r->shape, i)
                                     : std::string()));
    uint64_t z = 0;
    switch (k) {
    case IBin::Add:
      z = x + y;
      break;
    case IBin::Sub:
      z = x - y;
      break;
    case IBin::Mul:
      z = x * y;
      break;
    case IBin::DivS:
      z = uint64_t(sx / sy);
      break;
    case IBin::DivU:
      z = x / y;
      break;
    case IBin::RemS:
      z = sy == -1 ? 0 : uint64_t(sx % sy);
      break;
    case IBin::RemU:
      z = x % y;
      break;
    case IBin::CeilDivS:
    case IBin::FloorDivS: {
      int64_t q = sx / sy, m = sx % sy;
      if (m != 0 && k == IBin::CeilDivS && ((m < 0) == (sy < 0)))
        ++q;
      if (m != 0 && k == IBin::FloorDivS && ((m < 0) != (sy < 0)))
        --q;
      z = uint64_t(q);
      break;
    }
    case IBin::CeilDivU:
      z = x / y + (x % y != 0);
      break;
    case IBin::And:
      z = x & y;
      break;
    case IBin::Or:
      z = x | y;
      break;
    case IBin::Xor:
      z = x ^ y;
      break;
    // Shifting by the width or more is poison in arith; the reference gives
    // the limit of the shift (0, or the sign for shrsi).
    case IBin::Shl:
      z = y >= w ? 0 : x << y;
      break;
    case IBin::ShrU:
      z = y >= w ? 0 : x >> y;
      break;
    case IBin::ShrS:
      z = uint64_t(y >= w ? (sx < 0 ? -1 : 0) : sx >> y);
      break;
    case IBin::MaxS:
      z = uint64_t(std::max(sx, sy));
      break;
    case IBin::MaxU:
      z = std::max(x, y);
      break;
    case IBin::MinS:
      z = uint64_t(std::min(sx, sy));
      break;
    case IBin::MinU:
      z = std::min(x, y);
      break;
    }
    r->bits[i] = maskTo(z, w);
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::intUnary(Operation *op, IUn k) {
  const RVal &a = in(op->getOperand(0));
  MutVal r = make(op->getResult(0).getType());
  unsigned w = widthOf(r->et);
  for (size_t i = 0; i < r->bits.size(); ++i) {
    uint64_t x = a.bits[i], z = 0;
    switch (k) {
    case IUn::Abs:
      // |min| wraps to min, as math.absi on LLVM's abs without poison.
      z = uint64_t(sext(x, w) < 0 ? 0 - x : x);
      break;
    case IUn::Ctlz:
      z = x == 0 ? w : uint64_t(llvm::countl_zero(x) - (64 - w));
      break;
    case IUn::Cttz:
      z = x == 0 ? w : uint64_t(llvm::countr_zero(x));
      break;
    case IUn::CtPop:
      z = uint64_t(llvm::popcount(x));
      break;
    }
    r->bits[i] = maskTo(z, w);
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::cmpi(arith::CmpIOp op) {
  const RVal &a = in(op.getLhs()), &b = in(op.getRhs());
  MutVal r = make(op.getType());
  unsigned w = widthOf(a.et);
  for (size_t i = 0; i < r->bits.size(); ++i) {
    uint64_t x = a.bits[i], y = b.bits[i];
    int64_t sx = sext(x, w), sy = sext(y, w);
    bool v = false;
    switch (op.getPredicate()) {
    case arith::CmpIPredicate::eq:
      v = x == y;
      break;
    case arith::CmpIPredicate::ne:
      v = x != y;
      break;
    case arith::CmpIPredicate::slt:
      v = sx < sy;
      break;
    case arith::CmpIPredicate::sle:
      v = sx <= sy;
      break;
    case arith::CmpIPredicate::sgt:
      v = sx > sy;
      break;
    case arith::CmpIPredicate::sge:
      v = sx >= sy;
      break;
    case arith::CmpIPredicate::ult:
      v = x < y;
      break;
    case arith::CmpIPredicate::ule:
      v = x <= y;
      break;
    case arith::CmpIPredicate::ugt:
      v = x > y;
      break;
    case arith::CmpIPredicate::uge:
      v = x >= y;
      break;
    }
    r->bits[i] = v;
  }
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::cmpf(arith::CmpFOp op) {
  const RVal &a = in(op.getLhs()), &b = in(op.getRhs());
  MutVal r = make(op.getType());
  using P = arith::CmpFPredicate;
  for (size_t i = 0; i < r->bits.size(); ++i) {
    double x = dec(a.et, a.bits[i]), y = dec(a.et, b.bits[i]);
    bool un = std::isnan(x) || std::isnan(y), v = false;
    switch (op.getPredicate()) {
    case P::AlwaysFalse:
      v = false;
      break;
    case P::OEQ:
      v = !un && x == y;
      break;
    case P::OGT:
      v = !un && x > y;
      break;
    case P::OGE:
      v = !un && x >= y;
      break;
    case P::OLT:
      v = !un && x < y;
      break;
    case P::OLE:
      v = !un && x <= y;
      break;
    case P::ONE:
      v = !un && x != y;
      break;
    case P::ORD:
      v = !un;
      break;
    case P::UEQ:
      v = un || x == y;
      break;
    case P::UGT:
      v = un || x > y;
      break;
    case P::UGE:
      v = un || x >= y;
      break;
    case P::ULT:
      v = un || x < y;
      break;
    case P::ULE:
      v = un || x <= y;
      break;
    case P::UNE:
      v = un || x != y;
      break;
    case P::UNO:
      v = un;
      break;
    case P::AlwaysTrue:
      v = true;
      break;
    }
    r->bits[i] = v;
  }
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::select(arith::SelectOp op) {
  // The condition is an i1 tile of the result's shape or one i1 scalar.
  const RVal &c = in(op.getCondition()), &a = in(op.getTrueValue()),
             &b = in(op.getFalseValue());
  MutVal r = make(op.getType());
  for (size_t i = 0; i < r->bits.size(); ++i)
    r->bits[i] = (at(c, i) & 1) ? a.bits[i] : b.bits[i];
  def(op.getResult(), r);
  return llvm::Error::success();
}

/// An integer converted to float type \p t with one rounding to nearest even.
static uint64_t intToFloat(ElemType t, uint64_t v, bool isSigned) {
  int64_t s = int64_t(v);
  bool exact = isSigned ? (s >= -(int64_t(1) << 53) && s <= (int64_t(1) << 53))
                        : v <= (uint64_t(1) << 53);
  if (exact) // the integer is exact in double: one rounding, to t
    return enc(t, isSigned ? double(s) : double(v));
  llvm::APFloat f(emu::floatSemantics(t));
  f.convertFromAPInt(llvm::APInt(64, v), isSigned,
                     llvm::APFloat::rmNearestTiesToEven);
  return apBits(f);
}

/// fptosi/fptoui. Out of range and NaN are poison in arith; the reference
/// saturates and maps NaN to 0, as the hardware's conversions do.
static uint64_t floatToInt(double d, unsigned w, bool isSigned) {
  if (std::isnan(d))
    return 0;
  d = std::trunc(d);
  if (isSigned) {
    int64_t lo = w >= 64 ? std::numeric_limits<int64_t>::min()
                         : -(int64_t(1) << (w - 1));
    int64_t hi = w >= 64 ? std::numeric_limits<int64_t>::max()
                         : (int64_t(1) << (w - 1)) - 1;
    // double(hi) may round up to 2^63; every double below it converts.
    if (d <= double(lo))
      return maskTo(uint64_t(lo), w);
    if (d >= double(hi))
      return maskTo(uint64_t(hi), w);
    return maskTo(uint64_t(int64_t(d)), w);
  }
  uint64_t hi = maskTo(~uint64_t(0), w);
  if (d <= 0)
    return 0;
  if (d >= double(hi))
    return hi;
  return uint64_t(d);
}

static llvm::RoundingMode roundingModeOf(arith::RoundingMode m) {
  switch (m) {
  case arith::RoundingMode::to_nearest_even:
    return llvm::RoundingMode::NearestTiesToEven;
  case arith::RoundingMode::downward:
    return llvm::RoundingMode::TowardNegative;
  case arith::RoundingMode::upward:
    return llvm::RoundingMode::TowardPositive;
  case arith::RoundingMode::toward_zero:
    return llvm::RoundingMode::TowardZero;
  case arith::RoundingMode::to_nearest_away:
    return llvm::RoundingMode::NearestTiesToAway;
  }
  return llvm::RoundingMode::NearestTiesToEven;
}

llvm::Error Evaluator::convert(Operation *op, Cast k) {
  const RVal &a = in(op->getOperand(0));
  MutVal r = make(op->getResult(0).getType());
  ElemType ti = a.et, to = r->et;
  unsigned wi = widthOf(ti), wo = widthOf(to);
  std::optional<arith::RoundingMode> mode;
  if (auto t = dyn_cast<arith::TruncFOp>(op))
    mode = t.getRoundingmode();
  for (size_t i = 0; i < r->bits.size(); ++i) {
    uint64_t x = a.bits[i], z = 0;
    switch (k) {
    case Cast::ExtF:
      z = enc(to, dec(ti, x)); // exact
      break;
    case Cast::TruncF:
      if (!mode || *mode == arith::RoundingMode::to_nearest_even) {
        z = enc(to, dec(ti, x)); // one rounding from the exact value
      } else {
        llvm::APFloat f = apFloat(ti, x);
        bool lost;
        f.convert(emu::floatSemantics(to), roundingModeOf(*mode), &lost);
        z = apBits(f);
      }
      break;
    case Cast::ExtSI:
    case Cast::IndexCast:
      z = uint64_t(sext(x, wi));
      break;
    case Cast::ExtUI:
    case Cast::TruncI:
    case Cast::IndexCastUI:
    case Cast::Bitcast:
      z = x;
      break;
    case Cast::SIToFP:
      z = intToFloat(to, uint64_t(sext(x, wi)), true);
      break;
    case Cast::UIToFP:
      z = intToFloat(to, x, false);
      break;
    case Cast::FPToSI:
      z = floatToInt(dec(ti, x), wo, true);
      break;
    case Cast::FPToUI:
      z = floatToInt(dec(ti, x), wo, false);
      break;
    }
    r->bits[i] = isFloat(to) ? z : maskTo(z, wo);
  }
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::constant(arith::ConstantOp op) {
  MutVal r = make(op.getType());
  unsigned w = widthOf(r->et);
  auto bitsOf = [&](Attribute a) -> uint64_t {
    if (auto i = dyn_cast<IntegerAttr>(a))
      return maskTo(i.getValue().getZExtValue(), w);
    return apBits(cast<FloatAttr>(a).getValue());
  };
  Attribute v = op.getValue();
  if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(v)) {
    if (dense.isSplat()) {
      std::fill(r->bits.begin(), r->bits.end(),
                bitsOf(dense.getSplatValue<Attribute>()));
    } else if (isFloat(r->et)) {
      size_t i = 0;
      for (const llvm::APFloat &f : dense.getValues<llvm::APFloat>())
        r->bits[i++] = apBits(f);
    } else {
      size_t i = 0;
      for (const llvm::APInt &n : dense.getValues<llvm::APInt>())
        r->bits[i++] = maskTo(n.getZExtValue(), w);
    }
  } else {
    r->bits[0] = bitsOf(v);
  }
  def(op.getResult(), r);
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Memrefs, grid and control flow
//===----------------------------------------------------------------------===//

llvm::Error Evaluator::dim(memref::DimOp op) {
  const KernelArg &a = args[in(op.getSource()).memArg];
  int64_t d = scalarInt(op.getIndex());
  if (d < 0 || d >= int64_t(a.shape.size()))
    return fail(op, llvm::formatv("dimension {0} is out of range for a memref "
                                  "of rank {1}",
                                  d, a.shape.size()));
  MutVal r = make(op.getType());
  r->bits[0] = uint64_t(a.shape[d]);
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::gridOp(Operation *op, unsigned axis, bool isId) {
  MutVal r = make(op->getResult(0).getType());
  r->bits[0] = uint64_t(isId ? pid[axis] : grid[axis]);
  def(op->getResult(0), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::forOp(scf::ForOp op) {
  const RVal &lbv = in(op.getLowerBound());
  unsigned w = widthOf(lbv.et);
  bool isUnsigned = op.getUnsignedCmp();
  uint64_t lb = lbv.bits[0], ub = in(op.getUpperBound()).bits[0],
           step = in(op.getStep()).bits[0];
  if (isUnsigned ? step == 0 : sext(step, w) <= 0)
    return fail(op, llvm::formatv("scf.for step is {0}; it must be positive",
                                  isUnsigned ? std::to_string(step)
                                             : std::to_string(sext(step, w))));
  SmallVector<Val> carried;
  for (Value v : op.getInitArgs())
    carried.push_back(env.lookup(v));
  Block &body = *op.getBody();
  // The induction variable runs over lb, lb + step, ... below ub as
  // integers: an increment that would leave the type's range ends the loop
  // instead of wrapping around.
  uint64_t iv = lb;
  auto below = [&](uint64_t x) {
    return isUnsigned ? x < ub : sext(x, w) < sext(ub, w);
  };
  while (below(iv)) {
    auto ivVal = std::make_shared<RVal>();
    ivVal->et = lbv.et;
    ivVal->bits.assign(1, iv);
    def(op.getInductionVar(), ivVal);
    for (auto [arg, v] : llvm::zip(op.getRegionIterArgs(), carried))
      def(arg, v);
    SmallVector<Val> yielded;
    if (auto e = runBlock(body, yielded))
      return e;
    carried = std::move(yielded);
    if (isUnsigned) {
      uint64_t next = iv + step;
      if (next < iv || maskTo(next, w) != next)
        break;
      iv = next;
    } else {
      std::optional<int64_t> next =
          llvm::checkedAdd(sext(iv, w), sext(step, w));
      if (!next || sext(uint64_t(*next), w) != *next)
        break;
      iv = maskTo(uint64_t(*next), w);
    }
  }
  for (auto [res, v] : llvm::zip(op.getResults(), carried))
    def(res, v);
  return llvm::Error::success();
}

llvm::Error Evaluator::ifOp(scf::IfOp op) {
  bool taken = in(op.getCondition()).bits[0] & 1;
  Region &region = taken ? op.getThenRegion() : op.getElseRegion();
  if (region.empty()) // no else: the op has no results
    return llvm::Error::success();
  SmallVector<Val> yielded;
  if (auto e = runBlock(region.front(), yielded))
    return e;
  for (auto [res, v] : llvm::zip(op.getResults(), yielded))
    def(res, v);
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Tile ops
//===----------------------------------------------------------------------===//

namespace {
/// Where a tile access goes: for each tile dimension, the memref dimension it
/// runs along (`dims`), with every other memref dimension fixed at its index.
struct TileAccess {
  const KernelArg *mem;
  SmallVector<int64_t, 4> origin, tileDims;
  /// Whether the fixed (non-tile) indices are all in bounds, and the element
  /// offset they and the tile origin contribute.
  bool fixedInBounds = true;
  int64_t base = 0;

  /// Calls f(tile element, memref element offset or -1 when clipped) for
  /// every element of a tile of \p shape, in row-major order.
  template <typename F> void forEach(ArrayRef<int64_t> shape, F f) const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    SmallVector<int64_t, 4> t(shape.size(), 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t off = -1;
      if (fixedInBounds) {
        off = base;
        for (size_t k = 0; k < shape.size(); ++k) {
          int64_t md = tileDims[k], c0 = origin[md];
          // c0 + t[k] in [0, size), written so that nothing overflows.
          if (c0 < -t[k] || c0 >= mem->shape[md] - t[k]) {
            off = -1;
            break;
          }
          off += (c0 + t[k]) * mem->strides[md];
        }
      }
      f(i, off);
      for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
        if (++t[d] < shape[d])
          break;
        t[d] = 0;
      }
    }
  }
};
} // namespace

static TileAccess tileAccess(const KernelArg &mem, ArrayRef<int64_t> origin,
                             ArrayRef<int64_t> tileDims) {
  TileAccess acc;
  acc.mem = &mem;
  acc.origin.assign(origin.begin(), origin.end());
  acc.tileDims.assign(tileDims.begin(), tileDims.end());
  acc.base = mem.offset;
  for (size_t d = 0; d < origin.size(); ++d) {
    if (llvm::is_contained(tileDims, int64_t(d)))
      continue;
    if (origin[d] < 0 || origin[d] >= mem.shape[d])
      acc.fixedInBounds = false;
    else
      acc.base += origin[d] * mem.strides[d];
  }
  return acc;
}

llvm::Error Evaluator::load(tile::LoadOp op) {
  const KernelArg &mem = args[in(op.getSource()).memArg];
  SmallVector<int64_t, 4> origin;
  for (Value v : op.getIndices())
    origin.push_back(scalarInt(v));
  MutVal r = make(op.getType());
  uint64_t pad = *padBits(op); // check() saw it fit
  unsigned es = emu::elemBytes(r->et), w = widthOf(r->et);
  const auto *data = static_cast<const uint8_t *>(mem.data);
  tileAccess(mem, origin, op.getTileDims())
      .forEach(r->shape, [&](int64_t i, int64_t off) {
        if (off < 0) {
          r->bits[i] = pad;
          return;
        }
        uint64_t b = 0;
        std::memcpy(&b, data + off * es, es);
        r->bits[i] = isFloat(r->et) ? b : maskTo(b, w);
      });
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::store(tile::StoreOp op) {
  const RVal &v = in(op.getValue());
  int argIdx = in(op.getDest()).memArg;
  const KernelArg &mem = args[argIdx];
  SmallVector<int64_t, 4> origin;
  for (Value x : op.getIndices())
    origin.push_back(scalarInt(x));
  unsigned es = emu::elemBytes(v.et);
  auto *data = static_cast<uint8_t *>(mem.data);
  bool wrote = false;
  tileAccess(mem, origin, op.getTileDims())
      .forEach(v.shape, [&](int64_t i, int64_t off) {
        if (off < 0)
          return;
        std::memcpy(data + off * es, &v.bits[i], es);
        wrote = true;
      });
  if (wrote) {
    result.argWritten[argIdx] = true;
    uint64_t &terms = result.argReductionTerms[argIdx];
    terms = std::max(terms, programTerms);
  }
  return llvm::Error::success();
}

llvm::Error Evaluator::dot(tile::DotOp op) {
  // The mathematical a * b + acc: products are exact in double (the operands
  // have at most 24 significant bits), summed in double from acc in k order
  // and rounded once to the result type. The compiled kernel's MFMA order
  // differs and is compared against this with a tolerance.
  const RVal &a = in(op.getA()), &b = in(op.getB()), &c = in(op.getAcc());
  MutVal r = make(op.getType());
  int64_t m = a.shape[0], kk = a.shape[1], n = b.shape[1];
  programTerms += uint64_t(kk);
  std::vector<double> bd(static_cast<size_t>(kk * n));
  std::vector<double> row(static_cast<size_t>(n));
  for (size_t i = 0; i < bd.size(); ++i)
    bd[i] = dec(b.et, b.bits[i]);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j)
      row[j] = dec(c.et, c.bits[i * n + j]);
    for (int64_t k = 0; k < kk; ++k) {
      double aik = dec(a.et, a.bits[i * kk + k]);
      const double *bk = &bd[size_t(k * n)];
      for (int64_t j = 0; j < n; ++j)
        row[j] += aik * bk[j];
    }
    for (int64_t j = 0; j < n; ++j)
      r->bits[i * n + j] = enc(r->et, row[j]);
  }
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::reduce(tile::ReduceOp op) {
  const RVal &a = in(op.getInput());
  MutVal r = make(op.getType());
  int64_t axis = op.getAxis(), outer = 1, inner = 1, len = a.shape[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= a.shape[d];
  for (size_t d = axis + 1; d < a.shape.size(); ++d)
    inner *= a.shape[d];
  ElemType t = a.et;
  unsigned w = widthOf(t);
  tile::ReduceKind kind = op.getKind();
  if (kind == tile::ReduceKind::sum && isFloat(t))
    programTerms += uint64_t(len);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t q = 0; q < inner; ++q) {
      auto elem = [&](int64_t l) {
        return a.bits[size_t((o * len + l) * inner + q)];
      };
      uint64_t z;
      if (isFloat(t)) {
        // Sums are exact-ish in double and round once; max/min pick an
        // element (NaN-propagating, -0 below +0, as arith.maximumf).
        // maxnum/minnum ignore NaN elements (arith.maxnumf): NaN only when
        // every element is NaN.
        const double inf = std::numeric_limits<double>::infinity();
        double acc = 0.0;
        bool number = false; // maxnum/minnum: a non-NaN element seen
        switch (kind) {
        case tile::ReduceKind::sum:
          acc = 0.0;
          break;
        case tile::ReduceKind::max:
        case tile::ReduceKind::maxnum:
          acc = -inf;
          break;
        case tile::ReduceKind::min:
        case tile::ReduceKind::minnum:
          acc = inf;
          break;
        }
        for (int64_t l = 0; l < len; ++l) {
          double x = dec(t, elem(l));
          switch (kind) {
          case tile::ReduceKind::sum:
            acc += x;
            break;
          case tile::ReduceKind::max:
            acc = maximum(acc, x);
            break;
          case tile::ReduceKind::min:
            acc = minimum(acc, x);
            break;
          case tile::ReduceKind::maxnum:
            acc = maxNum(acc, x);
            number |= !std::isnan(x);
            break;
          case tile::ReduceKind::minnum:
            acc = minNum(acc, x);
            number |= !std::isnan(x);
            break;
          }
        }
        if ((kind == tile::ReduceKind::maxnum ||
             kind == tile::ReduceKind::minnum) &&
            !number && len > 0)
          acc = std::numeric_limits<double>::quiet_NaN();
        z = enc(t, acc);
      } else {
        // Integers: max and min compare signed (arith.maxsi/minsi); sums
        // wrap.
        int64_t acc = kind == tile::ReduceKind::sum ? 0
                      : kind == tile::ReduceKind::max
                          ? sext(uint64_t(1) << (w - 1), w)
                          : sext((uint64_t(1) << (w - 1)) - 1, w);
        for (int64_t l = 0; l < len; ++l) {
          int64_t x = sext(elem(l), w);
          acc = kind == tile::ReduceKind::sum
                    ? int64_t(uint64_t(acc) + uint64_t(x))
                : kind == tile::ReduceKind::max ? std::max(acc, x)
                                                : std::min(acc, x);
        }
        z = maskTo(uint64_t(acc), w);
      }
      r->bits[size_t(o * inner + q)] = z;
    }
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::expandDims(tile::ExpandDimsOp op) {
  MutVal r = make(op.getType());
  r->bits = in(op.getInput()).bits;
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::broadcast(tile::BroadcastOp op) {
  const RVal &a = in(op.getInput());
  MutVal r = make(op.getType());
  if (!a.isTile) {
    std::fill(r->bits.begin(), r->bits.end(), a.bits[0]);
    def(op.getResult(), r);
    return llvm::Error::success();
  }
  // Each result element reads the input at its index, 0 along unit dims.
  size_t rank = r->shape.size();
  SmallVector<int64_t, 4> inStride(rank, 0), idx(rank, 0);
  int64_t s = 1;
  for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
    inStride[d] = a.shape[d] == 1 ? 0 : s;
    s *= a.shape[d];
  }
  for (size_t i = 0; i < r->bits.size(); ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d)
      src += idx[d] * inStride[d];
    r->bits[i] = a.bits[size_t(src)];
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++idx[d] < r->shape[d])
        break;
      idx[d] = 0;
    }
  }
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::iota(tile::IotaOp op) {
  MutVal r = make(op.getType());
  unsigned w = widthOf(r->et);
  for (size_t i = 0; i < r->bits.size(); ++i)
    r->bits[i] = maskTo(uint64_t(i), w);
  def(op.getResult(), r);
  return llvm::Error::success();
}

llvm::Error Evaluator::transpose(tile::TransposeOp op) {
  const RVal &a = in(op.getInput());
  MutVal r = make(op.getType());
  int64_t rows = a.shape[0], cols = a.shape[1];
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      r->bits[size_t(j * rows + i)] = a.bits[size_t(i * cols + j)];
  def(op.getResult(), r);
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

llvm::Expected<tile::KernelOp> aref::findKernel(Operation *module,
                                                llvm::StringRef name) {
  tile::KernelOp found;
  Operation *other = nullptr;
  module->walk<WalkOrder::PreOrder>([&](Operation *op) {
    auto sym = dyn_cast<SymbolOpInterface>(op);
    if (!sym || sym.getName() != name)
      return WalkResult::advance();
    if (auto k = dyn_cast<tile::KernelOp>(op)) {
      found = k;
      return WalkResult::interrupt();
    }
    if (!other)
      other = op;
    return WalkResult::advance();
  });
  if (found)
    return found;
  if (!other)
    return plainError("no aiter.kernel named '" + name + "' in the input");
  llvm::StringRef kind = other->getName().getStringRef();
  if (isa<tile::GemmOp, tile::AttentionOp>(other))
    return opError(other, "'" + name + "' is an " + kind +
                              " specification, not an aiter.kernel: expand "
                              "it into its tile program first (aiter-opt "
                              "--aiter-expand)");
  std::string hint = kind == "gpu.func"
                         ? ": the reference evaluator runs tile programs "
                           "(a gpu.func runs on the emulator)"
                         : "";
  return opError(other, "'" + name + "' is a " + kind +
                            ", not an aiter.kernel" + hint);
}

llvm::Expected<EvalResult>
aref::evaluateKernel(tile::KernelOp kernel, llvm::ArrayRef<KernelArg> args,
                     const std::array<int64_t, 3> &grid) {
  std::optional<int64_t> total = 1;
  for (int d = 0; d < 3; ++d) {
    if (grid[d] < 1)
      return plainError(llvm::formatv("grid component {0} is {1}: every "
                                      "component counts programs and must "
                                      "be >= 1",
                                      "xyz"[d], grid[d]));
    total = total ? llvm::checkedMul(*total, grid[d]) : total;
  }
  if (!total)
    return plainError(llvm::formatv("a grid of {0}x{1}x{2} programs is too "
                                    "many to count",
                                    grid[0], grid[1], grid[2]));
  // Every op's semantics below assumes what its verifier checks (dot takes
  // float tiles, shapes agree, ...); IR built without verifying is checked
  // here rather than trusted.
  std::string diag;
  {
    ScopedDiagnosticHandler capture(kernel.getContext(), [&](Diagnostic &d) {
      if (diag.empty() && d.getSeverity() == DiagnosticSeverity::Error)
        diag = d.str();
      return success();
    });
    if (failed(verify(kernel)))
      return plainError("kernel '" + kernel.getSymName() +
                        "' does not verify: " + diag);
  }
  Evaluator ev(kernel, grid);
  if (auto e = ev.check())
    return std::move(e);
  if (auto e = ev.bind(args))
    return std::move(e);
  for (int64_t z = 0; z < grid[2]; ++z)
    for (int64_t y = 0; y < grid[1]; ++y)
      for (int64_t x = 0; x < grid[0]; ++x)
        if (auto e = ev.run({x, y, z}))
          return std::move(e);
  return ev.result;
}
