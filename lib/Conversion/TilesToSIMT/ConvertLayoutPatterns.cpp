//===- ConvertLayoutPatterns.cpp - layout changes, broadcasts, iota -------===//
//
// aiter.convert_layout by the case its two layouts need
// (layout::LayoutConversion), broadcasts, expand_dims and transposes (the
// derived layouts make the last two renames), and aiter.iota from each
// register's coordinate.
//===----------------------------------------------------------------------===//
//
// A conversion whose data stays in its lane is a register permutation
// (vector.shuffle); anything else goes through LDS (TileLowering::
// ldsRoundTrip), in-wave exchanges included for now: ds_bpermute and
// permlane swaps are a later refinement of the same case analysis.
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "aiter/Layout/LayoutConversion.h"
#include "aiter/Layout/Layouts.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;
namespace ll = mlir::aiter::layout;

namespace {

/// dst registers read src registers `map` (a uniform rename).
static Value permuteRegisters(OpBuilder &b, Location loc, Value src,
                              ArrayRef<int64_t> map) {
  return vector::ShuffleOp::create(b, loc, src, src, map);
}

/// The register rename that turns \p src into \p dst when every thread
/// already holds what it needs, in a register that does not depend on the
/// thread; none otherwise.
static std::optional<SmallVector<int64_t>>
uniformRename(const ll::LayoutConversion &conv, int64_t dstRegisters) {
  if (conv.getKind() != ll::ConversionKind::None &&
      !(conv.getKind() == ll::ConversionKind::RegisterPermutation &&
        conv.isUniformRename()))
    return std::nullopt;
  SmallVector<int64_t> map;
  for (int64_t r = 0; r < dstRegisters; ++r)
    map.push_back(conv.getSource({r, 0, 0}).reg);
  return map;
}

/// The register rename a convert_layout is, if it is one (an error is
/// consumed: the pattern reports it).
static std::optional<SmallVector<int64_t>> convertRename(ConvertLayoutOp op) {
  LinearLayoutAttr src = getTileLayout(op.getInput().getType());
  LinearLayoutAttr dst = getTileLayout(op.getType());
  if (!src || !dst)
    return std::nullopt;
  auto conv =
      ll::LayoutConversion::get(src.getLinearLayout(), dst.getLinearLayout());
  if (!conv) {
    llvm::consumeError(conv.takeError());
    return std::nullopt;
  }
  return uniformRename(*conv, dst.getRegistersPerLane());
}

/// The broadcast dims of \p op (input dims of size 1 the result widens).
static SmallVector<unsigned> broadcastDims(BroadcastOp op) {
  SmallVector<unsigned> bdims;
  auto in = cast<RankedTensorType>(op.getInput().getType());
  for (auto [d, n] : llvm::enumerate(in.getShape()))
    if (n == 1 && op.getType().getDimSize(d) != 1)
      bdims.push_back(unsigned(d));
  return bdims;
}

/// The register rename a broadcast of a tile is, if it is one.
static llvm::Expected<std::optional<SmallVector<int64_t>>>
broadcastRename(BroadcastOp op, LinearLayoutAttr src, LinearLayoutAttr dst) {
  SmallVector<unsigned> bdims = broadcastDims(op);
  if (bdims.size() != 1)
    return std::nullopt;
  auto conv = ll::broadcastConversion(src.getLinearLayout(),
                                      dst.getLinearLayout(), bdims[0]);
  if (!conv)
    return conv.takeError();
  return uniformRename(*conv, dst.getRegistersPerLane());
}

} // namespace

bool tiles::mayUseLds(Operation *root) {
  WalkResult r = root->walk([&](Operation *op) {
    if (auto c = dyn_cast<ConvertLayoutOp>(op))
      return convertRename(c) ? WalkResult::advance() : WalkResult::interrupt();
    if (auto b = dyn_cast<BroadcastOp>(op)) {
      auto in = dyn_cast<RankedTensorType>(b.getInput().getType());
      if (!in || in.getRank() == 0)
        return WalkResult::advance();
      LinearLayoutAttr src = getTileLayout(in),
                       dst = getTileLayout(b.getType());
      if (!src || !dst)
        return WalkResult::interrupt();
      auto rename = broadcastRename(b, src, dst);
      if (!rename) {
        llvm::consumeError(rename.takeError());
        return WalkResult::interrupt();
      }
      return *rename ? WalkResult::advance() : WalkResult::interrupt();
    }
    if (auto red = dyn_cast<ReduceOp>(op))
      return reductionCrossesWaves(red) ? WalkResult::interrupt()
                                        : WalkResult::advance();
    return WalkResult::advance();
  });
  return r.wasInterrupted();
}

void TileLowering::planLdsGroups(Operation *root) {
  // Each conversion is planned once (a plan runs the swizzle search); the
  // scans below ask for the same ops several times.
  llvm::DenseMap<Operation *, std::optional<LdsPlan>> plans;
  auto plan = [&](Operation *op) -> std::optional<LdsPlan> {
    auto c = dyn_cast<ConvertLayoutOp>(op);
    if (!c)
      return std::nullopt;
    auto [it, inserted] = plans.try_emplace(op);
    if (!inserted)
      return it->second;
    LinearLayoutAttr src = getTileLayout(c.getInput().getType());
    LinearLayoutAttr dst = getTileLayout(c.getType());
    std::optional<LdsPlan> p;
    if (src && dst && !convertRename(c))
      p = planLdsConvert(src, dst, c.getType().getElementType());
    plans[op] = p;
    return p;
  };
  auto bytesOf = [](const LdsPlan &p) {
    return p.elems * ((p.elemType.getIntOrFloatBitWidth() + 7) / 8);
  };
  using Group = SmallVector<std::pair<Operation *, LdsPlan>, 4>;
  std::vector<Group> groups;
  llvm::DenseSet<Operation *> grouped;
  // The most LDS one conversion outside a group needs (they all share the
  // kernel's pool from offset 0).
  int64_t single = 0;
  root->walk([&](ConvertLayoutOp c) {
    if (convertRename(c))
      return;
    std::optional<LdsPlan> p = plan(c);
    int64_t bytes = p ? bytesOf(*p)
                      : c.getInput().getType().getNumElements() *
                            ((c.getType().getElementTypeBitWidth() + 7) / 8);
    single = std::max(single, bytes);
  });
  root->walk([&](Block *block) {
    for (auto it = block->begin(); it != block->end(); ++it) {
      Operation *leader = &*it;
      if (grouped.count(leader))
        continue;
      std::optional<LdsPlan> first = plan(leader);
      if (!first)
        continue;
      Group group = {{leader, *first}};
      for (auto next = std::next(it); next != block->end(); ++next) {
        Operation *op = &*next;
        if (std::optional<LdsPlan> p = plan(op)) {
          Value in = op->getOperand(0);
          Operation *def = in.getDefiningOp();
          if (def && def->getBlock() == block && !def->isBeforeInBlock(leader))
            break; // its source does not exist yet where the leader writes
          group.push_back({op, *p});
          continue;
        }
        if (mayUseLds(op))
          break;
      }
      if (group.size() < 2)
        continue;
      for (auto &member : group)
        grouped.insert(member.first);
      groups.push_back(std::move(group));
    }
  });
  // A group's members have regions of their own, each starting at a
  // multiple of 512 bytes (so that it keeps the bank pattern its shared
  // layout was chosen for), so grouping can need more LDS than converting
  // one at a time. Groups are split (the largest first) until the kernel's
  // conversions fit the chip: grouping never makes a kernel that fits fail.
  auto roundUp = [](int64_t bytes) { return (bytes + 511) / 512 * 512; };
  auto groupBytes = [&](const Group &g) {
    int64_t used = 0, top = 0;
    for (auto &m : g) {
      top = used + bytesOf(m.second);
      used = roundUp(top);
    }
    return top;
  };
  auto footprint = [&]() {
    int64_t bytes = single;
    for (const Group &g : groups)
      bytes = std::max(bytes, groupBytes(g));
    return bytes;
  };
  while (footprint() > target.ldsBytes()) {
    auto largest = std::max_element(groups.begin(), groups.end(),
                                    [&](const Group &a, const Group &b) {
                                      return groupBytes(a) < groupBytes(b);
                                    });
    if (largest == groups.end() || largest->size() < 2)
      break;
    Group tail(largest->begin() + largest->size() / 2, largest->end());
    largest->resize(largest->size() / 2);
    groups.push_back(std::move(tail));
    llvm::erase_if(groups, [](const Group &g) { return g.size() < 2; });
  }
  for (const Group &group : groups) {
    SmallVector<Operation *> members;
    for (auto &[op, p] : group)
      members.push_back(op);
    int64_t used = 0;
    for (auto &[op, p] : group) {
      LdsGroupSlot slot;
      slot.leader = members.front();
      if (op == slot.leader)
        slot.members = members;
      slot.plan = p;
      int64_t elemBytes = (p.elemType.getIntOrFloatBitWidth() + 7) / 8;
      slot.base = used / elemBytes;
      scratch(p.elemType, slot.base + p.elems);
      used = roundUp(used + bytesOf(p));
      ldsGroups[op] = std::move(slot);
    }
  }
}

namespace {

struct ConvertLayoutLowering : OpConversionPattern<ConvertLayoutOp> {
  ConvertLayoutLowering(TileLowering &lowering, const TypeConverter &tc,
                        MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(ConvertLayoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    LinearLayoutAttr src = getTileLayout(op.getInput().getType());
    LinearLayoutAttr dst = getTileLayout(op.getType());
    if (!src || !dst)
      return op.emitOpError("needs layouts on both sides");
    auto conv =
        ll::LayoutConversion::get(src.getLinearLayout(), dst.getLinearLayout());
    if (!conv)
      return op.emitOpError() << llvm::toString(conv.takeError());
    if (auto map = uniformRename(*conv, dst.getRegistersPerLane())) {
      rewriter.replaceOp(op, permuteRegisters(rewriter, op.getLoc(),
                                              adaptor.getInput(), *map));
      return success();
    }
    if (const LdsGroupSlot *slot = lowering.ldsGroupSlot(op)) {
      // One barrier pair for the group: the leader writes every member.
      Location loc = op.getLoc();
      if (slot->leader == op) {
        amdgpu::LDSBarrierOp::create(rewriter, loc);
        for (Operation *m : slot->members) {
          const LdsGroupSlot *ms = lowering.ldsGroupSlot(m);
          Value in = m == op.getOperation()
                         ? adaptor.getInput()
                         : rewriter.getRemappedValue(m->getOperand(0));
          if (!in)
            return op.emitOpError("internal: no converted source for the LDS "
                                  "group member at ")
                   << m->getLoc();
          lowering.writeLds(rewriter, loc, ms->plan, in,
                            lowering.scratch(ms->plan.elemType, 0), ms->base);
        }
        amdgpu::LDSBarrierOp::create(rewriter, loc);
      }
      rewriter.replaceOp(
          op, lowering.readLds(rewriter, loc, slot->plan,
                               lowering.scratch(slot->plan.elemType, 0),
                               slot->base));
      return success();
    }
    Value out = lowering.ldsConvert(rewriter, op.getLoc(), adaptor.getInput(),
                                    src, dst, op.getType().getElementType());
    if (!out)
      out = lowering.ldsRoundTrip(
          rewriter, op.getLoc(), adaptor.getInput(), src, dst,
          op.getType().getElementType(),
          [](OpBuilder &, ArrayRef<Value> c) { return SmallVector<Value>(c); });
    rewriter.replaceOp(op, out);
    return success();
  }

  TileLowering &lowering;
};

/// expand_dims and transpose: the result layout is derived from the input's
/// (the verifier checks it), so the registers are the same.
template <typename Op> struct RenameLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto in = cast<RankedTensorType>(op.getInput().getType());
    if (in.getRank() > 0 && !getTileLayout(in))
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Value v = adaptor.getInput();
    if (in.getRank() == 0) {
      // A scalar tile gaining a unit dim: every register is that scalar.
      Type t = this->getTypeConverter()->convertType(op.getType());
      v = vector::BroadcastOp::create(rewriter, op.getLoc(), t, v);
    }
    rewriter.replaceOp(op, v);
    return success();
  }
};

struct BroadcastLowering : OpConversionPattern<BroadcastOp> {
  BroadcastLowering(TileLowering &lowering, const TypeConverter &tc,
                    MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    LinearLayoutAttr dst = getTileLayout(op.getType());
    if (!dst)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Type resultType = getTypeConverter()->convertType(op.getType());
    auto inTensor = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!inTensor || inTensor.getRank() == 0) {
      rewriter.replaceOpWithNewOp<vector::BroadcastOp>(op, resultType,
                                                       adaptor.getInput());
      return success();
    }
    LinearLayoutAttr src = getTileLayout(inTensor);
    if (!src)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    // Collapse every broadcast dim of dst and look for a rename.
    SmallVector<unsigned> bdims = broadcastDims(op);
    auto rename = broadcastRename(op, src, dst);
    if (!rename)
      return op.emitOpError() << llvm::toString(rename.takeError());
    std::optional<SmallVector<int64_t>> map = *rename;
    if (map) {
      rewriter.replaceOp(
          op, permuteRegisters(rewriter, loc, adaptor.getInput(), *map));
      return success();
    }
    Value out = lowering.ldsRoundTrip(rewriter, loc, adaptor.getInput(), src,
                                      dst, op.getType().getElementType(),
                                      [&](OpBuilder &b, ArrayRef<Value> c) {
                                        SmallVector<Value> s(c);
                                        for (unsigned d : bdims)
                                          s[d] = indexConst(b, loc, 0);
                                        return s;
                                      });
    rewriter.replaceOp(op, out);
    return success();
  }

  TileLowering &lowering;
};

struct IotaLowering : OpConversionPattern<IotaOp> {
  IotaLowering(TileLowering &lowering, const TypeConverter &tc,
               MLIRContext *ctx)
      : OpConversionPattern(tc, ctx), lowering(lowering) {}

  LogicalResult
  matchAndRewrite(IotaOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    LinearLayoutAttr layout = getTileLayout(op.getType());
    if (!layout)
      return op.emitOpError("needs a layout: run aiter-assign-layouts first");
    Type elem = op.getType().getElementType();
    SmallVector<Value> values;
    for (int64_t r = 0; r < layout.getRegistersPerLane(); ++r) {
      Value c = lowering.coordinates(rewriter, loc, layout, r)[0];
      if (!elem.isIndex())
        c = arith::IndexCastOp::create(rewriter, loc, elem, c);
      values.push_back(c);
    }
    rewriter.replaceOpWithNewOp<vector::FromElementsOp>(
        op, getTypeConverter()->convertType(op.getType()), values);
    return success();
  }

  TileLowering &lowering;
};

} // namespace

void tiles::populateConvertLayoutPatterns(TileLowering &lowering,
                                          RewritePatternSet &patterns) {
  const TypeConverter &tc = lowering.getTypeConverter();
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConvertLayoutLowering, BroadcastLowering, IotaLowering>(lowering,
                                                                       tc, ctx);
  patterns.add<RenameLowering<ExpandDimsOp>, RenameLowering<TransposeOp>>(tc,
                                                                          ctx);
}
