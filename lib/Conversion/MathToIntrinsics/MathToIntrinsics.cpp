//===- MathToIntrinsics.cpp - math ops to LLVM intrinsics -------*- C++ -*-===//
//
// Rewrites the f32 math ops our kernels use into AMDGPU instructions (ROCDL
// intrinsics) before the ROCDL conversion, which would call ROCm's device
// library (__ocml_*), unavailable to an in-process JIT.
//===----------------------------------------------------------------------===//

#include "aiter/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::aiter {
#define GEN_PASS_DEF_MATHTOINTRINSICS
#include "aiter/Conversion/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;

namespace {

/// f32 scalars and vectors only: f16/bf16 math is computed in f32 by our
/// kernels, and other types keep the upstream lowering.
bool isF32Like(Type t) { return getElementTypeOrSelf(t).isF32(); }

Value f32Const(PatternRewriter &rewriter, Location loc, double value) {
  return arith::ConstantOp::create(rewriter, loc,
                                   rewriter.getF32FloatAttr(float(value)));
}

/// Applies `fn` to each f32 of `v` (a scalar, or each element of a vector:
/// the ROCDL intrinsics are scalar).
Value mapScalars(PatternRewriter &rewriter, Location loc, Value v,
                 llvm::function_ref<Value(Value)> fn) {
  auto vec = dyn_cast<VectorType>(v.getType());
  if (!vec)
    return fn(v);
  SmallVector<Value> elts;
  for (int64_t i = 0; i < vec.getNumElements(); ++i)
    elts.push_back(fn(vector::ExtractOp::create(rewriter, loc, v, i)));
  return vector::FromElementsOp::create(rewriter, loc, vec, elts);
}

/// Rewrites a unary f32 math op with `fn` applied per scalar.
template <typename MathOp>
struct UnaryRewrite : OpRewritePattern<MathOp> {
  using Fn = Value (*)(PatternRewriter &, Location, Value);
  UnaryRewrite(MLIRContext *ctx, Fn fn)
      : OpRewritePattern<MathOp>(ctx), fn(fn) {}
  LogicalResult matchAndRewrite(MathOp op,
                                PatternRewriter &rewriter) const override {
    if (!isF32Like(op.getType()) ||
        (isa<VectorType>(op.getType()) &&
         cast<VectorType>(op.getType()).getRank() != 1))
      return failure();
    Location loc = op.getLoc();
    rewriter.replaceOp(op, mapScalars(rewriter, loc, op.getOperand(),
                                      [&](Value x) {
                                        return fn(rewriter, loc, x);
                                      }));
    return success();
  }
  Fn fn;
};

Value exp2(PatternRewriter &r, Location loc, Value x) {
  return ROCDL::ROCDLExp2::create(r, loc, x.getType(), x);
}
Value log2(PatternRewriter &r, Location loc, Value x) {
  return ROCDL::ROCDLLog::create(r, loc, x.getType(), x);
}
Value sqrt(PatternRewriter &r, Location loc, Value x) {
  return ROCDL::ROCDLSqrt::create(r, loc, x.getType(), x);
}
Value exp(PatternRewriter &r, Location loc, Value x) {
  return exp2(r, loc, arith::MulFOp::create(r, loc, x, f32Const(r, loc, M_LOG2E)));
}
Value log(PatternRewriter &r, Location loc, Value x) {
  return arith::MulFOp::create(r, loc, log2(r, loc, x), f32Const(r, loc, M_LN2));
}
Value rsqrt(PatternRewriter &r, Location loc, Value x) {
  return ROCDL::ROCDLRcp::create(r, loc, x.getType(), sqrt(r, loc, x));
}
/// tanh(x) = 1 - 2 rcp(exp2(2 log2(e) x) + 1): exact at both saturations
/// (exp2 -> inf gives 1, exp2 -> 0 gives -1), absolute error ~1e-7 near 0.
/// v_rcp_f32 (1 ulp) instead of an IEEE division, which takes ~10
/// instructions.
Value tanh(PatternRewriter &r, Location loc, Value x) {
  Value e = exp2(r, loc, arith::MulFOp::create(r, loc, x,
                                               f32Const(r, loc, 2 * M_LOG2E)));
  Value one = f32Const(r, loc, 1.0);
  Value den = arith::AddFOp::create(r, loc, e, one);
  Value inv = ROCDL::ROCDLRcp::create(r, loc, den.getType(), den);
  Value frac = arith::MulFOp::create(r, loc, f32Const(r, loc, 2.0), inv);
  return arith::SubFOp::create(r, loc, one, frac);
}

struct MathToIntrinsics
    : aiter::impl::MathToIntrinsicsBase<MathToIntrinsics> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    MLIRContext *ctx = &getContext();
    patterns.add<UnaryRewrite<math::Exp2Op>>(ctx, exp2);
    patterns.add<UnaryRewrite<math::ExpOp>>(ctx, exp);
    patterns.add<UnaryRewrite<math::Log2Op>>(ctx, log2);
    patterns.add<UnaryRewrite<math::LogOp>>(ctx, log);
    patterns.add<UnaryRewrite<math::SqrtOp>>(ctx, sqrt);
    patterns.add<UnaryRewrite<math::RsqrtOp>>(ctx, rsqrt);
    patterns.add<UnaryRewrite<math::TanhOp>>(ctx, tanh);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
