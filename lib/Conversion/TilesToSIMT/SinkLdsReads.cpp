//===- SinkLdsReads.cpp - LDS reads moved down to their first use ---------===//
//
// aiter-sink-lds-reads (docs/passes.md): each LDS read of a lowered tile
// program, with the register moves that carry its value, goes down to just
// before its first use in the same block, past no barrier and no op that
// may write memory.
//===----------------------------------------------------------------------===//

#include "SIMTBuilder.h"

#include "aiter/Conversion/Passes.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::aiter {
#define GEN_PASS_DEF_SINKLDSREADS
#include "aiter/Conversion/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;

namespace {

/// Whether \p type is a memref in workgroup (LDS) memory.
bool isLds(Type type) {
  auto m = dyn_cast<MemRefType>(type);
  return m && gpu::GPUDialect::hasWorkgroupMemoryAddressSpace(m);
}

/// An LDS read that may move (its memory is only written by ops this pass
/// does not move it past).
bool isLdsRead(Operation *op) {
  if (auto l = dyn_cast<vector::LoadOp>(op))
    return isLds(l.getBase().getType());
  if (auto l = dyn_cast<memref::LoadOp>(op))
    return isLds(l.getMemRef().getType());
  if (auto l = dyn_cast<amdgpu::TransposeLoadOp>(op))
    return isLds(l.getSrc().getType());
  return false;
}

/// Pure register moves that carry a read's value to its users.
bool isRegisterMove(Operation *op) {
  return isa<vector::ExtractOp, vector::FromElementsOp, vector::ShuffleOp>(
             op) &&
         isMemoryEffectFree(op);
}

/// Whether \p op may write memory or order accesses (a barrier, a call, an
/// op with unknown effects): reads do not move past it.
bool blocksReads(Operation *op) {
  if (isa<gpu::BarrierOp, amdgpu::LDSBarrierOp>(op))
    return true;
  if (isMemoryEffectFree(op))
    return false;
  // Nested regions included (a clipped global load under scf.if reads).
  std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
      getEffectsRecursively(op);
  if (!effects)
    return true; // unknown effects
  bool barrierInside = false;
  op->walk([&](Operation *inner) {
    barrierInside |= isa<gpu::BarrierOp, amdgpu::LDSBarrierOp>(inner);
  });
  return barrierInside ||
         llvm::any_of(*effects, [](const MemoryEffects::EffectInstance &e) {
           return !isa<MemoryEffects::Read>(e.getEffect());
         });
}

/// The first op of \p op's block after \p op that uses one of its results
/// (a use in a nested region counts as its ancestor in the block).
Operation *firstUser(Operation *op) {
  Operation *first = nullptr;
  for (Value r : op->getResults())
    for (Operation *user : r.getUsers()) {
      Operation *at = op->getBlock()->findAncestorOpInBlock(*user);
      if (at && (!first || at->isBeforeInBlock(first)))
        first = at;
    }
  return first;
}

/// The first MFMA of the K step that holds \p mfma: walking back over
/// MFMAs and pure register moves, the step ends at an MFMA that produces
/// the accumulator of one already in it (the step before).
Operation *stepStart(Operation *mfma) {
  Operation *first = mfma;
  SmallVector<amdgpu::MFMAOp> step = {cast<amdgpu::MFMAOp>(mfma)};
  for (Operation *it = mfma->getPrevNode(); it; it = it->getPrevNode()) {
    if (auto m = dyn_cast<amdgpu::MFMAOp>(it)) {
      if (llvm::any_of(step, [&](amdgpu::MFMAOp s) {
            return s.getDestC().getDefiningOp() == it;
          }))
        break;
      step.push_back(m);
      first = it;
    } else if (!isMemoryEffectFree(it) || it->getNumRegions()) {
      break;
    }
  }
  return first;
}

/// Where a read whose first user is \p user goes: an MFMA operand is read
/// one K step ahead, before the MFMAs of the step that produces its
/// accumulator (so that one wait per step covers a whole step's reads, and
/// they fly during the MFMAs before), else at the start of its own step.
Operation *readTarget(Operation *user) {
  auto mfma = dyn_cast<amdgpu::MFMAOp>(user);
  if (!mfma)
    return user;
  if (auto prev = mfma.getDestC().getDefiningOp<amdgpu::MFMAOp>();
      prev && prev->getBlock() == mfma->getBlock())
    return stepStart(prev);
  return stepStart(mfma);
}

void sinkInBlock(Block &block) {
  // Last to first, so that a read's register moves have already gone down
  // to their users when the read itself moves.
  SmallVector<Operation *> ops;
  for (Operation &op : block)
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops)) {
    bool read = isLdsRead(op);
    if (!read && !isRegisterMove(op))
      continue;
    Operation *to = firstUser(op);
    if (!to || to == op->getNextNode())
      continue;
    if (read) {
      // An MFMA operand, through its register moves.
      Operation *use = to;
      while (use && isRegisterMove(use))
        use = firstUser(use);
      if (use && isa<amdgpu::MFMAOp>(use)) {
        Operation *t = readTarget(use);
        if (op->isBeforeInBlock(t) && (t == to || t->isBeforeInBlock(to)))
          to = t;
      }
      // Not past a write or a barrier: stop before the first one.
      for (Operation *it = op->getNextNode(); it != to; it = it->getNextNode())
        if (blocksReads(it)) {
          to = it;
          break;
        }
      if (to == op->getNextNode())
        continue;
    }
    op->moveBefore(to);
  }
}

/// A slice of an assembled vector (vector.shuffle of vector.from_elements,
/// how the dot lowering takes one MFMA's operand out of a whole tile's
/// registers) assembled from the elements it picks instead, so that the
/// whole tile's vector is no longer a use of every read.
void sliceFromElements(gpu::GPUFuncOp func) {
  SmallVector<vector::ShuffleOp> shuffles;
  func.walk([&](vector::ShuffleOp op) { shuffles.push_back(op); });
  for (vector::ShuffleOp op : shuffles) {
    auto v1 = op.getV1().getDefiningOp<vector::FromElementsOp>();
    auto v2 = op.getV2().getDefiningOp<vector::FromElementsOp>();
    if (!v1 || !v2 || op.getResultVectorType().getRank() != 1 ||
        op.getV1VectorType().getRank() != 1)
      continue;
    int64_t n1 = op.getV1VectorType().getNumElements();
    SmallVector<Value> elems;
    for (int64_t i : op.getMask())
      elems.push_back(i < n1 ? v1.getElements()[i] : v2.getElements()[i - n1]);
    OpBuilder b(op);
    Value slice = vector::FromElementsOp::create(
        b, op.getLoc(), op.getResultVectorType(), elems);
    op.replaceAllUsesWith(slice);
    op.erase();
    if (v1->use_empty())
      v1.erase();
    if (v2 != v1 && v2->use_empty())
      v2.erase();
  }
}

struct SinkLdsReads : aiter::impl::SinkLdsReadsBase<SinkLdsReads> {
  void runOnOperation() override {
    getOperation()->walk([](gpu::GPUFuncOp func) {
      if (func->hasAttr(aiter::kPinnedScheduleAttr))
        return;
      sliceFromElements(func);
      func.walk([](Block *block) { sinkInBlock(*block); });
    });
  }
};

} // namespace
