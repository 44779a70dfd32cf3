//===- PipelineLoads.cpp - prefetch loop loads one iteration ahead --------===//
//
// aiter-pipeline-loads: two-stage software pipelining of the scf.for loops
// of tile programs. The loads of iteration i + 1 are issued during iteration
// i, into loop-carried registers, so that their latency overlaps the work of
// iteration i instead of stalling at its start.
//===----------------------------------------------------------------------===//
//
//   scf.for %iv = %lb to %ub step %s iter_args(%acc = %init) {
//     %t = aiter.load %m[f(%iv)]           // f: pure ops on %iv and outer
//     values
//     ... uses of %t ...
//   }
// becomes
//   %t0 = aiter.load %m[f(%lb)]
//   scf.for %iv = %lb to %ub step %s iter_args(%acc = %init, %t = %t0) {
//     ... uses of %t ...                   // the last one, then:
//     %tn = aiter.load %m[f(%iv + %s)]
//     scf.yield ..., %tn
//   }
//
// Why it is correct: the loop body writes no memory (checked), so a load
// issued earlier reads what it would have read in its own iteration; the
// index chain is pure and depends on nothing the loop carries, so it can be
// evaluated for the next induction value; and aiter.load reads the pad value
// for elements outside the memref, so the loads for %lb when the loop runs
// no iteration, and for the iteration after the last, read nothing out of
// bounds (their values are unused).
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Dialect/Aiter/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::aiter {
#define GEN_PASS_DEF_AITERPIPELINELOADS
#include "aiter/Dialect/Aiter/Transforms/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;
using namespace mlir::aiter;

namespace {

/// Whether anything in \p loop's body may write memory (or has effects the
/// interface does not describe).
static bool bodyWritesMemory(scf::ForOp loop) {
  WalkResult r = loop.getBody()->walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::IsTerminator>())
      return WalkResult::advance();
    if (auto effects = dyn_cast<MemoryEffectOpInterface>(op)) {
      if (effects.hasEffect<MemoryEffects::Write>() ||
          effects.hasEffect<MemoryEffects::Allocate>() ||
          effects.hasEffect<MemoryEffects::Free>())
        return WalkResult::interrupt();
      return WalkResult::advance();
    }
    // Ops with regions declare their effects through their bodies.
    if (op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return WalkResult::advance();
    return WalkResult::interrupt();
  });
  return r.wasInterrupted();
}

/// The ops of \p loop's body that \p load's operands are computed by, in
/// program order, if all of them are pure, region-free and depend only on
/// the induction variable and values defined outside the loop.
static std::optional<SmallVector<Operation *>> indexChain(scf::ForOp loop,
                                                          LoadOp load) {
  llvm::SetVector<Operation *> chain;
  SmallVector<Value> work(load->getOperands());
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (v == loop.getInductionVar())
      continue;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      if (loop.getBody()->getParentOp()->isAncestor(
              arg.getOwner()->getParentOp()))
        return std::nullopt; // an iteration argument (or a nested block's)
      continue;
    }
    Operation *def = v.getDefiningOp();
    if (!loop->isProperAncestor(def))
      continue; // defined outside the loop
    if (def->getBlock() != loop.getBody() || def->getNumRegions() ||
        !isPure(def))
      return std::nullopt;
    if (chain.insert(def))
      llvm::append_range(work, def->getOperands());
  }
  SmallVector<Operation *> ordered(chain.begin(), chain.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return ordered;
}

/// The op of \p block that is or contains \p op.
static Operation *inBlock(Block *block, Operation *op) {
  while (op && op->getBlock() != block)
    op = op->getParentOp();
  return op;
}

struct Candidate {
  LoadOp load;
  SmallVector<Operation *> chain;
};

/// Pipelines \p loop's eligible loads.
static void pipeline(scf::ForOp loop) {
  if (bodyWritesMemory(loop))
    return;
  SmallVector<Candidate> candidates;
  for (auto load : loop.getBody()->getOps<LoadOp>()) {
    if (load.getResult().use_empty())
      continue;
    if (auto chain = indexChain(loop, load))
      candidates.push_back({load, std::move(*chain)});
  }
  if (candidates.empty())
    return;

  OpBuilder b(loop);
  // The first iteration's loads, before the loop.
  SmallVector<Value> inits;
  for (Candidate &c : candidates) {
    IRMapping map;
    map.map(loop.getInductionVar(), loop.getLowerBound());
    for (Operation *op : c.chain)
      b.clone(*op, map);
    inits.push_back(b.clone(*c.load, map)->getResult(0));
  }
  // The loop with the loaded tiles carried: the same body, moved.
  SmallVector<Value> allInits(loop.getInitArgs());
  llvm::append_range(allInits, inits);
  auto grown =
      scf::ForOp::create(b, loop.getLoc(), loop.getLowerBound(),
                         loop.getUpperBound(), loop.getStep(), allInits);
  grown->setDiscardableAttrs(loop->getDiscardableAttrDictionary());
  Block *body = grown.getBody();
  if (!body->empty())
    body->getOperations().clear(); // a builder-made terminator
  body->getOperations().splice(body->end(), loop.getBody()->getOperations());
  unsigned carried = loop.getNumRegionIterArgs();
  loop.getInductionVar().replaceAllUsesWith(grown.getInductionVar());
  for (unsigned i = 0; i < carried; ++i)
    loop.getRegionIterArgs()[i].replaceAllUsesWith(
        grown.getRegionIterArgs()[i]);
  Value iv = grown.getInductionVar();
  auto yield = cast<scf::YieldOp>(body->getTerminator());
  SmallVector<Value> yielded(yield.getOperands());
  llvm::DenseMap<Operation *, Operation *> after;
  for (auto [i, c] : llvm::enumerate(candidates)) {
    Value current = grown.getRegionIterArgs()[carried + i];
    c.load.getResult().replaceAllUsesWith(current);
    // The next iteration's load, after the current tile's last use.
    Operation *last = nullptr;
    for (Operation *user : current.getUsers())
      if (Operation *top = inBlock(body, user);
          top && (!last || last->isBeforeInBlock(top)))
        last = top;
    // Prefetches after the same op keep the loads' program order.
    Operation *insertAfter = last;
    if (auto it = after.find(last); last && it != after.end())
      insertAfter = it->second;
    OpBuilder nb(body, insertAfter && insertAfter != yield
                           ? std::next(insertAfter->getIterator())
                           : yield->getIterator());
    IRMapping map;
    map.map(iv,
            arith::AddIOp::create(nb, c.load.getLoc(), iv, grown.getStep()));
    for (Operation *op : c.chain)
      nb.clone(*op, map);
    Operation *next = nb.clone(*c.load, map);
    yielded.push_back(next->getResult(0));
    if (last && last != yield)
      after[last] = next;
  }
  yield->setOperands(yielded);
  for (Candidate &c : candidates)
    c.load.erase();
  loop->replaceAllUsesWith(grown->getResults().take_front(carried));
  loop.erase();
}

struct PipelineLoads
    : mlir::aiter::impl::AiterPipelineLoadsBase<PipelineLoads> {
  void runOnOperation() override {
    for (KernelOp kernel : getOperation().getOps<KernelOp>()) {
      int64_t stages = 2;
      if (auto cfg = kernel->getAttrOfType<DictionaryAttr>("aiter.config"))
        if (auto s = cfg.getAs<IntegerAttr>("stages"))
          stages = s.getInt();
      if (stages < 1 || stages > 2) {
        kernel.emitOpError("aiter.config stages=")
            << stages
            << " is not implemented by the tile compiler: stages 1 (no "
               "pipelining) or 2 (loads prefetched one iteration ahead)";
        return signalPassFailure();
      }
      if (stages == 1)
        continue;
      SmallVector<scf::ForOp> loops;
      kernel.walk([&](scf::ForOp loop) { loops.push_back(loop); });
      for (scf::ForOp loop : loops)
        pipeline(loop);
    }
  }
};

} // namespace
