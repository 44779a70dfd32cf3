//===- SplitWholeIterations.cpp - loops split where their tiles are whole -===//
//
// aiter-split-whole-iterations (docs/passes.md): index-set splitting of
// scf.for loops at the last iteration whose moving tile accesses are all
// inside their memrefs; the first loop's accesses are marked aiter.whole.
//===----------------------------------------------------------------------===//
//
//   scf.for %iv = %lb to %ub step %s iter_args(...) {
//     %t = aiter.load %m[%i, %iv + %o]        // %i, %o, %m: outside
//   }
// becomes
//   %split = <the first iv at which some such access may leave its memref,
//             at most %ub; %lb when an invariant index is outside>
//   %r = scf.for %iv = %lb to %split ... { ... aiter.load {aiter.whole} ... }
//   scf.for %iv = %split to %ub ... iter_args(%r) { the original body }
//
// Along a dimension whose index is iv + o (o invariant, o = 0 for iv), a
// tile of extent e is inside for every iv >= lb with lb + o >= 0 and
// iv <= size - e - o; an invariant index x needs 0 <= x and x + e <= size
// (e = 1 for a dimension the tile does not span). Iterations lb + k s with
// k < count = (B - lb) / s + 1 (B the smallest bound) satisfy all of them.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Dialect/Aiter/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::aiter {
#define GEN_PASS_DEF_AITERSPLITWHOLEITERATIONS
#include "aiter/Dialect/Aiter/Transforms/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;
using namespace mlir::aiter;

namespace {

constexpr llvm::StringLiteral kWholeAttr = "aiter.whole";
constexpr llvm::StringLiteral kSplitAttr = "aiter.split";

/// An access of the loop body the split can prove whole, with each memref
/// dimension's index: invariant (offset null, index set) or iv + offset
/// (moving; a null offset is 0).
struct Access {
  Operation *op;
  Value mem;
  SmallVector<Value> index;    // per memref dim: the invariant index
  SmallVector<Value> offset;   // per memref dim: iv + offset
  SmallVector<bool> moves;     // per memref dim
  SmallVector<int64_t> extent; // per memref dim (1 where no tile dim runs)
};

std::optional<Access> analyze(scf::ForOp loop, Operation *op, Value mem,
                              ValueRange indices, ArrayRef<int64_t> tileDims,
                              ArrayRef<int64_t> shape) {
  Region &body = loop.getRegion();
  auto outside = [&](Value v) { return !body.isAncestor(v.getParentRegion()); };
  if (!outside(mem))
    return std::nullopt;
  Value iv = loop.getInductionVar();
  Access a{op, mem, {}, {}, {}, {}};
  bool any = false;
  for (auto [d, x] : llvm::enumerate(indices)) {
    int64_t extent = 1;
    bool tiled = false;
    for (auto [k, td] : llvm::enumerate(tileDims))
      if (td == int64_t(d)) {
        extent = shape[k];
        tiled = true;
      }
    a.extent.push_back(extent);
    if (outside(x)) {
      a.index.push_back(x);
      a.offset.push_back({});
      a.moves.push_back(false);
      continue;
    }
    Value off;
    auto add = x.getDefiningOp<arith::AddIOp>();
    if (x == iv)
      off = Value();
    else if (add && add.getLhs() == iv && outside(add.getRhs()))
      off = add.getRhs();
    else if (add && add.getRhs() == iv && outside(add.getLhs()))
      off = add.getLhs();
    else
      return std::nullopt;
    if (!tiled)
      return std::nullopt;
    a.index.push_back({});
    a.offset.push_back(off);
    a.moves.push_back(true);
    any = true;
  }
  if (!any)
    return std::nullopt;
  return a;
}

void split(scf::ForOp loop, int64_t maxBodyOps) {
  if (int64_t(loop.getBody()->getOperations().size()) - 1 > maxBodyOps)
    return;
  SmallVector<Access, 4> accesses;
  for (Operation &op : loop.getBody()->without_terminator()) {
    std::optional<Access> a;
    if (auto load = dyn_cast<LoadOp>(op))
      a = analyze(loop, &op, load.getSource(), load.getIndices(),
                  load.getTileDims(), load.getResult().getType().getShape());
    else if (auto store = dyn_cast<StoreOp>(op))
      a = analyze(
          loop, &op, store.getDest(), store.getIndices(), store.getTileDims(),
          cast<RankedTensorType>(store.getValue().getType()).getShape());
    if (a)
      accesses.push_back(std::move(*a));
  }
  if (accesses.empty())
    return;

  Location loc = loop.getLoc();
  OpBuilder b(loop);
  auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
  auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) {
    return Value(arith::CmpIOp::create(b, loc, p, x, y));
  };
  Value ok = arith::ConstantIntOp::create(b, loc, 1, 1);
  auto require = [&](Value cond) {
    ok = arith::AndIOp::create(b, loc, ok, cond);
  };
  const int64_t limit = int64_t(1) << 61;
  auto small = [&](Value v) {
    require(cmp(arith::CmpIPredicate::slt, v, c(limit)));
    require(cmp(arith::CmpIPredicate::sgt, v, c(-limit)));
  };
  Value lb = loop.getLowerBound(), step = loop.getStep();
  small(lb);
  small(step);
  Value bound;
  for (Access &a : accesses) {
    for (size_t d = 0; d < a.index.size(); ++d) {
      Value size = memref::DimOp::create(b, loc, a.mem, int64_t(d));
      small(size);
      Value extent = c(a.extent[d]);
      if (!a.moves[d]) {
        small(a.index[d]);
        require(cmp(arith::CmpIPredicate::sge, a.index[d], c(0)));
        require(cmp(arith::CmpIPredicate::sle,
                    arith::AddIOp::create(b, loc, a.index[d], extent), size));
        continue;
      }
      Value off = a.offset[d] ? a.offset[d] : c(0);
      small(off);
      require(cmp(arith::CmpIPredicate::sge,
                  arith::AddIOp::create(b, loc, lb, off), c(0)));
      Value bd = arith::SubIOp::create(
          b, loc, arith::SubIOp::create(b, loc, size, extent), off);
      bound = bound ? Value(arith::MinSIOp::create(b, loc, bound, bd)) : bd;
    }
  }
  // count = B >= lb ? (B - lb) / step + 1 : 0; split = min(ub, lb + count s)
  Value diff = arith::SubIOp::create(b, loc, bound, lb);
  Value count = arith::AddIOp::create(
      b, loc, arith::DivSIOp::create(b, loc, diff, step), c(1));
  count = arith::SelectOp::create(
      b, loc, cmp(arith::CmpIPredicate::sge, diff, c(0)), count, c(0));
  Value at = arith::AddIOp::create(b, loc, lb,
                                   arith::MulIOp::create(b, loc, count, step));
  at = arith::MinSIOp::create(b, loc, at, loop.getUpperBound());
  at = arith::MaxSIOp::create(b, loc, at, lb);
  at = arith::SelectOp::create(b, loc, ok, at, lb);

  // The first loop: a copy running lb .. split, its accesses marked.
  IRMapping map;
  auto first = cast<scf::ForOp>(b.clone(*loop, map));
  first.getUpperBoundMutable().set(at);
  first->setAttr(kSplitAttr, b.getUnitAttr());
  for (Access &a : accesses)
    map.lookup(a.op)->setAttr(kWholeAttr, b.getUnitAttr());
  // The second: the original, from the split on.
  loop.getLowerBoundMutable().set(at);
  loop.getInitArgsMutable().assign(first.getResults());
  loop->setAttr(kSplitAttr, b.getUnitAttr());
}

struct SplitWholeIterations
    : mlir::aiter::impl::AiterSplitWholeIterationsBase<SplitWholeIterations> {
  using Base::Base;
  void runOnOperation() override {
    for (KernelOp kernel : getOperation().getOps<KernelOp>()) {
      SmallVector<scf::ForOp> loops;
      kernel.walk([&](scf::ForOp loop) {
        if (!loop->hasAttr(kSplitAttr))
          loops.push_back(loop);
      });
      for (scf::ForOp loop : loops)
        split(loop, maxBodyOps);
    }
  }
};

} // namespace
