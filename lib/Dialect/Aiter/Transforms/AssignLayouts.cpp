//===- AssignLayouts.cpp - give every tile of a program a layout ----------===//
//
// aiter-assign-layouts: the first layer-3 step. Every tile value gets an
// #aiter.linear encoding; every change of layout becomes aiter.convert_layout.
//===----------------------------------------------------------------------===//
//
// Anchors fix layouts where the hardware dictates them: an aiter.dot's result
// is its MFMA instruction's accumulator layout and its operands the operand
// layouts; an aiter.load's result is a blocked layout whose lanes read
// 16-byte runs along the memory's contiguous dimension. Layouts then flow
// forward (elementwise ops take their operands' layout, a reduction the
// slice of its input's, expand_dims and transpose the derived one, loops
// carry their yielded layout) and, for values nothing fixes (constants,
// iota, broadcasts), backward from their users. A value whose user needs
// another layout is converted at that use; a cheap producer (a splat
// constant, iota, a broadcast of a scalar) is rebuilt in the needed layout
// instead. What no rule reaches gets a blocked layout.
//
// The pass recognises no program: it applies the same rules to every op of
// the layer-2 op set, and an op it has no rule for is an error at that op.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Dialect/Aiter/Transforms/Passes.h"
#include "aiter/Layout/Layouts.h"
#include "aiter/Target/TargetInfo.h"
#include "aiter/Target/TileConfig.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"

#include <map>

namespace mlir::aiter {
#define GEN_PASS_DEF_AITERASSIGNLAYOUTS
#include "aiter/Dialect/Aiter/Transforms/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;
using namespace mlir::aiter;
namespace ll = mlir::aiter::layout;

namespace {

/// Tiles of the program: values of ranked tensor type of rank >= 1. A rank-0
/// tile (a reduction of a 1-D tile) has one element, which every lane holds:
/// it needs no layout.
static bool isTile(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.getRank() >= 1;
}

/// Ops that compute each element from the same element of their operands.
static bool isElementwise(Operation *op) {
  return op->hasTrait<OpTrait::Elementwise>() && op->getNumResults() == 1 &&
         isTile(op->getResult(0));
}

/// Producers cheaper to rebuild in another layout than to convert.
static bool isCheapProducer(Operation *op) {
  if (!op || op->getNumResults() != 1 || !isTile(op->getResult(0)))
    return false;
  if (isa<IotaOp>(op))
    return true;
  if (auto b = dyn_cast<BroadcastOp>(op))
    return !isTile(b.getInput()); // a scalar or a rank-0 tile
  if (auto c = dyn_cast<arith::ConstantOp>(op))
    return isa<SplatElementsAttr>(c.getValue());
  return false;
}

/// Values rebuilt in another layout rather than converted: cheap producers
/// and the ops on them that only move or combine their elements (elementwise,
/// expand_dims, broadcast, transpose), up to a small depth. Nothing in such a
/// chain reads memory, so rebuilding it is a few VALU ops per element.
static bool isRematerializable(Value v, int depth = 6) {
  Operation *op = v.getDefiningOp();
  if (!op || depth == 0)
    return false;
  if (isCheapProducer(op))
    return true;
  if (!(isElementwise(op) || isa<ExpandDimsOp, BroadcastOp, TransposeOp>(op)))
    return false;
  for (Value in : op->getOperands())
    if (isTile(in) && !isRematerializable(in, depth - 1))
      return false;
  return true;
}

/// Whether `v` reaches the A operand of a dot through elementwise ops only
/// (attention: S = Q K^T, scaled, masked, exponentiated, truncated, is the A
/// operand of P V).
static bool feedsDotA(Value v, int depth = 16) {
  if (depth == 0)
    return false;
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isa<DotOp>(user) && use.getOperandNumber() == 0)
      return true;
    if (isElementwise(user) && feedsDotA(user->getResult(0), depth - 1))
      return true;
  }
  return false;
}

/// Whether `v` (a dot's A operand) is computed from a dot's result through
/// elementwise ops only: the chain-dot case, whose layout the first dot's
/// accumulator fixes.
static bool fromDotResult(Value v, int depth = 16) {
  Operation *def = v.getDefiningOp();
  if (!def || depth == 0)
    return false;
  if (isa<DotOp>(def))
    return true;
  if (isElementwise(def))
    return llvm::any_of(def->getOperands(),
                        [&](Value o) { return fromDotResult(o, depth - 1); });
  return false;
}

class Assigner {
public:
  Assigner(KernelOp kernel, const TargetInfo &target, int64_t waves,
           std::optional<MfmaShape> mfma)
      : kernel(kernel), target(target), waves(waves), mfma(mfma) {}

  LogicalResult run();

private:
  LogicalResult anchor(Operation *op);
  /// One forward and one backward sweep; whether anything changed.
  FailureOr<bool> propagate();
  LogicalResult forward(Operation *op, bool &changed);
  void backward(Value v, bool &changed);
  LogicalResult rewrite();

  /// A blocked layout: 16-byte runs along `contiguous`, and, with `run`,
  /// runs of `run->second` elements along dim `run->first` too.
  FailureOr<ll::LinearLayout>
  blocked(RankedTensorType t, std::optional<unsigned> contiguous, Operation *at,
          std::optional<std::pair<unsigned, int64_t>> run = std::nullopt);
  static ll::LinearLayout leadLanesAlong(const ll::LinearLayout &l,
                                         unsigned dim);
  FailureOr<ll::LinearLayout> dotLayout(DotOp dot, unsigned operand);
  /// The layout a use requires of its value, if the op requires one.
  std::optional<ll::LinearLayout> required(OpOperand &use);
  bool set(Value v, const ll::LinearLayout &l, bool &changed) {
    if (!isTile(v))
      return false;
    auto [it, inserted] = layouts.try_emplace(v, l);
    if (inserted)
      changed = true;
    return inserted;
  }
  const ll::LinearLayout *get(Value v) const {
    auto it = layouts.find(v);
    return it == layouts.end() ? nullptr : &it->second;
  }
  /// A copy of the rematerializable chain ending in v, built in layout l
  /// before `at` (memoized per value and layout).
  FailureOr<Value> rebuild(Value v, const ll::LinearLayout &l, OpBuilder &b);
  /// The layout each tile operand of `op` must have for its result to have
  /// layout `l`, for the ops rebuild() copies.
  FailureOr<ll::LinearLayout> operandLayoutFor(Operation *op, unsigned idx,
                                               const ll::LinearLayout &l);
  std::map<std::pair<void *, std::string>, Value> rebuilt;
  /// v's type with layout l (an error at v if l is not a tile layout).
  FailureOr<Type> typeWith(Value v, const ll::LinearLayout &l);

  KernelOp kernel;
  const TargetInfo &target;
  int64_t waves;
  std::optional<MfmaShape> mfma;
  llvm::MapVector<Value, ll::LinearLayout> layouts;
  /// Anchored layouts of dot operands: (dot, operand index) -> layout.
  llvm::DenseMap<std::pair<Operation *, unsigned>, ll::LinearLayout> dotReq;
};

} // namespace

//===----------------------------------------------------------------------===//
// Layout choices
//===----------------------------------------------------------------------===//

/// A blocked layout for `t`: 16-byte runs per lane along `contiguous` (the
/// tile dimension that is contiguous in memory; the last one if unknown),
/// lanes along it first, then along the other dimensions, waves along the
/// outermost.
FailureOr<ll::LinearLayout>
Assigner::blocked(RankedTensorType t, std::optional<unsigned> contiguous,
                  Operation *at,
                  std::optional<std::pair<unsigned, int64_t>> run) {
  int64_t rank = t.getRank();
  ll::BlockedLayoutParams p;
  p.sizePerThread.assign(rank, 1);
  p.threadsPerWave.assign(rank, 1);
  p.wavesPerWorkgroup.assign(rank, 1);
  unsigned fast = contiguous.value_or(rank - 1);
  p.order.push_back(fast);
  for (int64_t d = rank - 1; d >= 0; --d)
    if (unsigned(d) != fast)
      p.order.push_back(d);
  unsigned bits = t.getElementType().getIntOrFloatBitWidth();
  int64_t vec = std::max<int64_t>(1, 128 / std::max(bits, 8u));
  p.sizePerThread[fast] = std::min(vec, t.getDimSize(fast));
  if (run && run->first != fast && run->first < unsigned(rank)) {
    // At most what the tile leaves each thread, so that nothing wraps.
    int64_t perThread =
        t.getNumElements() / (ll::kWaveSize * waves) / p.sizePerThread[fast];
    int64_t len = std::min({run->second, perThread, t.getDimSize(run->first)});
    if (len > 1 && llvm::isPowerOf2_64(len))
      p.sizePerThread[run->first] = len;
  }
  int64_t lanes = ll::kWaveSize;
  for (unsigned d : p.order) {
    int64_t room = t.getDimSize(d) / p.sizePerThread[d];
    int64_t take = std::max<int64_t>(1, std::min(lanes, room));
    p.threadsPerWave[d] = take;
    lanes /= take;
  }
  p.threadsPerWave[p.order.back()] *= lanes; // the rest wraps (copies)
  p.wavesPerWorkgroup[p.order.back()] = waves;
  llvm::Expected<ll::LinearLayout> l = ll::blockedLayout(p, t.getShape());
  if (!l)
    return at->emitOpError("no blocked layout for ")
               << t << ": " << llvm::toString(l.takeError()),
           failure();
  if (run && run->first != fast && p.sizePerThread[run->first] > 1)
    return leadLanesAlong(*l, run->first);
  return *l;
}

/// \p l with its lanes renamed so that lane bit 0 steps along tile dim
/// \p dim (the lane's next run of rows), the other lane bits in their order.
/// The LDS staging of a K-across-rows operand writes each thread's runs of
/// K with 8-byte stores, 16 lanes a phase: with lane bit 0 along K, a phase
/// covers two K runs of 8 column blocks, which an XOR swizzle of the column
/// keeps in distinct banks together with the 16-byte operand reads (lanes
/// along the columns, 8 a phase); with all four low lane bits along the
/// columns no swizzle can. A global load's lanes still cover whole row
/// segments.
ll::LinearLayout Assigner::leadLanesAlong(const ll::LinearLayout &l,
                                          unsigned dim) {
  ll::InDimBases lanes = l.getBases(ll::kLane);
  auto along = [&](const std::vector<int64_t> &b) {
    for (auto [d, c] : llvm::enumerate(b))
      if (c != 0 && d != dim)
        return false;
    return b[dim] != 0;
  };
  auto it = llvm::find_if(lanes.bases, along);
  if (it == lanes.bases.end() || it == lanes.bases.begin())
    return l;
  std::vector<int64_t> first = *it;
  lanes.bases.erase(it);
  lanes.bases.insert(lanes.bases.begin(), first);
  return ll::withBases(
             l, {l.getBases(ll::kRegister), lanes, l.getBases(ll::kWave)})
      .value_or(l);
}

/// The MFMA layouts of a dot: operand 0 (A), 1 (B), 2 (acc) and the result
/// (acc's).
FailureOr<ll::LinearLayout> Assigner::dotLayout(DotOp dot, unsigned operand) {
  RankedTensorType a = dot.getA().getType(), acc = dot.getAcc().getType();
  int64_t m = acc.getDimSize(0), n = acc.getDimSize(1), k = a.getDimSize(1);
  MatrixElementType elt = a.getElementType().isBF16() ? MatrixElementType::BF16
                                                      : MatrixElementType::F16;
  // Chain dots (attention's S feeding P V) split M over the waves first:
  // each wave owns whole rows of S, so the softmax between the dots reduces
  // rows within a wave and P is already the second dot's A operand. Other
  // dots take the wave grid that reads the fewest operand elements per wave
  // from LDS, k * (m / grid.m + n / grid.n) (a 2x2 grid for a 128x128 tile
  // over 4 waves reads half of what 4x1 reads), M first on ties.
  bool chain = feedsDotA(dot.getResult()) || fromDotResult(dot.getA());
  auto gridFor = [&](const MfmaInfo &cand) {
    ll::WaveGrid g;
    g.m = std::max<int64_t>(1, std::min(waves, m / cand.m));
    g.n = waves / g.m;
    if (chain)
      return g;
    int64_t best = -1;
    for (int64_t gm = waves; gm >= 1; gm /= 2) {
      int64_t gn = waves / gm;
      if (m % (gm * cand.m) || n % (gn * cand.n))
        continue;
      int64_t cost = m / gm + n / gn;
      if (best < 0 || cost < best) {
        best = cost;
        g.m = gm;
        g.n = gn;
      }
    }
    return g;
  };
  auto splits = [&](const MfmaInfo &cand) {
    ll::WaveGrid g = gridFor(cand);
    return g.m * g.n == waves && m % (g.m * cand.m) == 0 &&
           n % (g.n * cand.n) == 0;
  };
  const MfmaInfo *info = nullptr;
  if (mfma) {
    info = target.findMfma(elt, mfma->m, mfma->n, mfma->k);
    if (!info)
      return dot.emitOpError("no MFMA ")
                 << mfma->m << "x" << mfma->n << "x" << mfma->k << " for this "
                 << "element type on " << target.chip() << "; it has "
                 << target.mfmaShapesString(elt),
             failure();
  } else {
    // The target's first choice whose shape divides the tile and whose
    // blocks split over the waves.
    for (const MfmaInfo *cand : target.mfmas(elt))
      if (m % cand->m == 0 && n % cand->n == 0 && k % cand->k == 0 &&
          splits(*cand)) {
        info = cand;
        break;
      }
    if (!info)
      return dot.emitOpError("no MFMA of ")
                 << target.chip() << " (" << target.mfmaShapesString(elt)
                 << ") divides the " << m << "x" << n << "x" << k
                 << " dot and splits its result over " << waves << " waves",
             failure();
  }
  if (m % info->m || n % info->n || k % info->k)
    return dot.emitOpError("MFMA ")
               << info->shapeString() << " does not divide the " << m << "x"
               << n << "x" << k << " dot",
           failure();
  ll::WaveGrid grid = gridFor(*info);
  if (!splits(*info))
    return dot.emitOpError("the ")
               << m << "x" << n << " result does not split over " << waves
               << " waves in " << info->shapeString() << " blocks",
           failure();
  ll::MfmaInstrShape shape = ll::MfmaInstrShape::fromTable(*info);
  // Chain dots: an accumulator that becomes the next dot's A operand is
  // computed transposed (S^T: each lane holds runs of columns of one row),
  // which is the A-operand layout itself (kWidth 4) or one in-wave exchange
  // away (kWidth 8), instead of a trip through LDS (DESIGN.md, layer 3).
  // The second dot of a chain (P V) is computed transposed too (O^T = V^T
  // P^T, the same operand layouts): its rows are then in the lanes that hold
  // S^T's rows, so the row state of the online softmax (alpha, l) meets the
  // accumulator without a conversion.
  bool transposed = feedsDotA(dot.getResult()) || fromDotResult(dot.getA());
  // Operands staged through LDS are read 16 bytes at a time: each lane holds
  // a run of 16 bytes of K feeding several instructions (A and B permute K
  // alike, so the product is unchanged). A chain-dot A operand keeps the
  // instruction's kWidth, which the first dot's accumulator provides.
  int64_t elemBytes = a.getElementTypeBitWidth() / 8;
  int64_t kWidth = shape.kWidth;
  if (!fromDotResult(dot.getA())) {
    int64_t wide = std::max<int64_t>(shape.kWidth, 16 / elemBytes);
    int64_t laneGroups = ll::kWaveSize / shape.m;
    if (k % (wide * laneGroups) == 0)
      kWidth = wide;
  }
  llvm::Expected<ll::LinearLayout> l =
      operand == 0 ? ll::mfmaOperandLayout(shape, ll::MfmaOperand::A, grid,
                                           a.getShape(), kWidth)
      : operand == 1
          ? ll::mfmaOperandLayout(shape, ll::MfmaOperand::B, grid,
                                  dot.getB().getType().getShape(), kWidth)
          : ll::mfmaAccumulatorLayout(shape, grid, acc.getShape(), transposed);
  if (!l)
    return dot.emitOpError("no MFMA layout: ") << llvm::toString(l.takeError()),
           failure();
  dot->setAttr("aiter.mfma",
               StringAttr::get(dot.getContext(), info->shapeString()));
  return *l;
}

//===----------------------------------------------------------------------===//
// Analysis
//===----------------------------------------------------------------------===//

LogicalResult Assigner::anchor(Operation *op) {
  bool changed = false;
  if (auto dot = dyn_cast<DotOp>(op)) {
    for (unsigned i = 0; i < 3; ++i) {
      FailureOr<ll::LinearLayout> l = dotLayout(dot, i);
      if (failed(l))
        return failure();
      dotReq.try_emplace({op, i}, *l);
    }
    set(dot.getResult(), dotReq.at({op, 2u}), changed);
    return success();
  }
  if (auto load = dyn_cast<LoadOp>(op)) {
    // The tile dimension that runs along the memref's last (contiguous) one.
    SmallVector<int64_t> dims = load.getTileDims();
    int64_t last = load.getSource().getType().getRank() - 1;
    std::optional<unsigned> contiguous;
    for (auto [d, m] : llvm::enumerate(dims))
      if (m == last)
        contiguous = d;
    // A dot operand whose K runs across memory rows (B of an NN GEMM, V in
    // attention): each thread also takes a short run of consecutive rows, so
    // that the LDS staging can write runs of K (the operand layout's order).
    std::optional<std::pair<unsigned, int64_t>> run;
    for (OpOperand &use : load.getResult().getUses())
      if (auto dot = dyn_cast<DotOp>(use.getOwner());
          dot && use.getOperandNumber() < 2) {
        unsigned kDim = use.getOperandNumber() == 0 ? 1 : 0;
        if (contiguous && *contiguous != kDim)
          run = std::make_pair(
              kDim, int64_t(8 * 8) /
                        load.getResult().getType().getElementTypeBitWidth());
      }
    FailureOr<ll::LinearLayout> l =
        blocked(load.getResult().getType(), contiguous, op, run);
    if (failed(l))
      return failure();
    set(load.getResult(), *l, changed);
  }
  return success();
}

/// Ops whose result layout is derived from their input's: reduce (the
/// slice), expand_dims, transpose.
static bool isDerived(Operation *op) {
  return isa<ReduceOp, ExpandDimsOp, TransposeOp>(op);
}

/// The result layout of a derived op whose input has layout \p in.
static llvm::Expected<ll::LinearLayout>
derivedLayout(Operation *op, const ll::LinearLayout &in) {
  if (auto r = dyn_cast<ReduceOp>(op))
    return ll::sliceLayout(in, r.getAxis());
  if (auto e = dyn_cast<ExpandDimsOp>(op))
    return ll::expandDimsLayout(in, e.getAxis());
  return ll::transposeLayout(in, {1, 0});
}

LogicalResult Assigner::forward(Operation *op, bool &changed) {
  if (isDerived(op)) {
    Value in = op->getOperand(0), out = op->getResult(0);
    const ll::LinearLayout *l = get(in);
    if (!l || get(out) || !isTile(out))
      return success();
    llvm::Expected<ll::LinearLayout> r = derivedLayout(op, *l);
    if (!r)
      return op->emitOpError("cannot derive a layout: ")
             << llvm::toString(r.takeError());
    set(out, *r, changed);
    return success();
  }
  if (isElementwise(op)) {
    if (get(op->getResult(0)))
      return success();
    // The first operand whose layout comes from an anchor; cheap producers'
    // layouts yield to it.
    const ll::LinearLayout *pick = nullptr;
    for (Value v : op->getOperands())
      if (const ll::LinearLayout *l = get(v);
          l && !isCheapProducer(v.getDefiningOp()) &&
          !isa_and_nonnull<BroadcastOp>(v.getDefiningOp())) {
        pick = l;
        break;
      }
    if (pick)
      set(op->getResult(0), *pick, changed);
    return success();
  }
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
    for (auto [i, arg] : llvm::enumerate(loop.getRegionIterArgs())) {
      if (!isTile(arg))
        continue;
      // The yielded layout is the loop's; until it is known, the init's.
      const ll::LinearLayout *l = get(yield.getOperand(i));
      if (!l)
        l = get(loop.getInitArgs()[i]);
      if (l) {
        set(arg, *l, changed);
        set(loop.getResult(i), *get(arg), changed);
      }
    }
    return success();
  }
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    for (auto [i, r] : llvm::enumerate(ifOp.getResults()))
      if (isTile(r))
        if (const ll::LinearLayout *l = get(ifOp.thenYield().getOperand(i)))
          set(r, *l, changed);
    return success();
  }
  return success();
}

/// Results of scf.for / scf.if: their layouts are their iteration
/// arguments' or yields' (forward), never chosen on their own, so that a
/// loop's init, iteration argument, yield and result always agree.
static bool isRegionResult(Value v) {
  return isa_and_nonnull<scf::ForOp, scf::IfOp>(v.getDefiningOp());
}

/// A layout for `v` from its users, for values no forward rule reached.
void Assigner::backward(Value v, bool &changed) {
  if (get(v) || isRegionResult(v))
    return;
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    std::optional<ll::LinearLayout> want;
    if (std::optional<ll::LinearLayout> r = required(use)) {
      want = *r;
    } else if (auto e = dyn_cast<ExpandDimsOp>(user)) {
      if (const ll::LinearLayout *l = get(e.getResult()))
        if (auto s = ll::sliceLayout(*l, e.getAxis()))
          want = *s;
        else
          llvm::consumeError(s.takeError());
    } else if (auto t = dyn_cast<TransposeOp>(user)) {
      if (const ll::LinearLayout *l = get(t.getResult()))
        if (auto s = ll::transposeLayout(*l, {1, 0}))
          want = *s;
        else
          llvm::consumeError(s.takeError());
    }
    if (want) {
      set(v, *want, changed);
      return;
    }
  }
}

/// What a use needs of its value's layout, for the ops that need one.
std::optional<ll::LinearLayout> Assigner::required(OpOperand &use) {
  Operation *user = use.getOwner();
  unsigned idx = use.getOperandNumber();
  if (isa<DotOp>(user)) {
    auto it = dotReq.find({user, idx});
    if (it != dotReq.end())
      return it->second;
    return std::nullopt;
  }
  if (isElementwise(user))
    if (const ll::LinearLayout *l = get(user->getResult(0)))
      return *l;
  if (auto b = dyn_cast<BroadcastOp>(user)) {
    // The result's layout with each broadcast dimension collapsed to 1.
    const ll::LinearLayout *l = get(b.getResult());
    auto in = dyn_cast<RankedTensorType>(b.getInput().getType());
    if (!l || !in)
      return std::nullopt;
    ll::LinearLayout src = *l;
    for (int64_t d = 0; d < in.getRank(); ++d) {
      if (in.getDimSize(d) != 1 || b.getResult().getType().getDimSize(d) == 1)
        continue;
      auto s = ll::sliceLayout(src, d);
      if (!s) {
        llvm::consumeError(s.takeError());
        return std::nullopt;
      }
      auto e = ll::expandDimsLayout(*s, d);
      if (!e) {
        llvm::consumeError(e.takeError());
        return std::nullopt;
      }
      src = *e;
    }
    return src;
  }
  if (auto yield = dyn_cast<scf::YieldOp>(user)) {
    Operation *parent = yield->getParentOp();
    if (isa<scf::ForOp, scf::IfOp>(parent))
      if (const ll::LinearLayout *l = get(parent->getResult(idx)))
        return *l;
    return std::nullopt;
  }
  if (auto loop = dyn_cast<scf::ForOp>(user)) {
    if (idx < loop.getNumControlOperands())
      return std::nullopt;
    if (const ll::LinearLayout *l =
            get(loop.getRegionIterArgs()[idx - loop.getNumControlOperands()]))
      return *l;
  }
  return std::nullopt;
}

FailureOr<bool> Assigner::propagate() {
  bool changed = false;
  WalkResult w = kernel.walk<WalkOrder::PreOrder>([&](Operation *op) {
    return failed(forward(op, changed)) ? WalkResult::interrupt()
                                        : WalkResult::advance();
  });
  if (w.wasInterrupted())
    return failure();
  // Backward in reverse program order, so a chain of unplaced values (iota
  // -> expand_dims -> broadcast -> compare) is placed in one sweep.
  SmallVector<Value> values;
  kernel.walk([&](Operation *op) {
    for (Value r : op->getResults())
      if (isTile(r))
        values.push_back(r);
  });
  for (Value v : llvm::reverse(values))
    backward(v, changed);
  return changed;
}

//===----------------------------------------------------------------------===//
// Rewrite
//===----------------------------------------------------------------------===//

FailureOr<Type> Assigner::typeWith(Value v, const ll::LinearLayout &l) {
  auto tensor = cast<RankedTensorType>(v.getType());
  llvm::Expected<LinearLayoutAttr> attr =
      LinearLayoutAttr::get(v.getContext(), l);
  if (!attr)
    return emitError(v.getLoc(), "aiter-assign-layouts: ")
               << llvm::toString(attr.takeError()),
           failure();
  return Type(
      RankedTensorType::get(tensor.getShape(), tensor.getElementType(), *attr));
}

LogicalResult Assigner::rewrite() {
  // Types first, so that the layouts uses require are comparable.
  for (auto &[v, l] : layouts) {
    FailureOr<Type> t = typeWith(v, l);
    if (failed(t))
      return failure();
    v.setType(*t);
  }
  OpBuilder b(kernel.getContext());
  // Splat constants carry their type in the attribute too.
  kernel.walk([&](arith::ConstantOp c) {
    auto t = dyn_cast<RankedTensorType>(c.getType());
    auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
    if (t && dense && dense.getType() != t)
      c.setValueAttr(dense.reshape(t));
  });
  // Ops whose result layout is derived from their input's (reduce: the
  // slice; expand_dims; transpose) keep the derived layout, which their
  // verifiers require; when backward propagation gave the result another
  // one (its users wanted it before the input was placed), the result is
  // converted to it after the op.
  SmallVector<Operation *> derivedOps;
  kernel.walk([&](Operation *op) {
    if (isDerived(op) && isTile(op->getResult(0)) && isTile(op->getOperand(0)))
      derivedOps.push_back(op);
  });
  for (Operation *op : derivedOps) {
    Value in = op->getOperand(0), out = op->getResult(0);
    llvm::Expected<ll::LinearLayout> derived =
        derivedLayout(op, layouts.lookup(in));
    if (!derived)
      return op->emitOpError("cannot derive a layout: ")
             << llvm::toString(derived.takeError());
    if (*derived == layouts.lookup(out))
      continue;
    Type assigned = out.getType();
    FailureOr<Type> own = typeWith(out, *derived);
    if (failed(own))
      return failure();
    b.setInsertionPointAfter(op);
    auto convert = ConvertLayoutOp::create(b, op->getLoc(), assigned, out);
    out.replaceAllUsesExcept(convert.getResult(), convert);
    out.setType(*own);
    ll::LinearLayout before = layouts.lookup(out);
    layouts[convert.getResult()] = before;
    layouts[out] = *derived;
  }
  // Then every use whose op needs another layout.
  SmallVector<OpOperand *> uses;
  kernel.walk([&](Operation *op) {
    for (OpOperand &use : op->getOpOperands())
      if (isTile(use.get()))
        uses.push_back(&use);
  });
  for (OpOperand *use : uses) {
    std::optional<ll::LinearLayout> want = required(*use);
    if (!want || *want == layouts.lookup(use->get()))
      continue;
    Value v = use->get();
    FailureOr<Type> wanted = typeWith(v, *want);
    if (failed(wanted))
      return failure();
    if (isRematerializable(v)) {
      b.setInsertionPoint(v.getDefiningOp());
      FailureOr<Value> copy = rebuild(v, *want, b);
      if (failed(copy))
        return failure();
      use->set(*copy);
      continue;
    }
    b.setInsertionPoint(use->getOwner());
    use->set(ConvertLayoutOp::create(b, v.getLoc(), *wanted, v));
  }
  return success();
}

FailureOr<ll::LinearLayout>
Assigner::operandLayoutFor(Operation *op, unsigned idx,
                           const ll::LinearLayout &l) {
  auto check =
      [&](llvm::Expected<ll::LinearLayout> r) -> FailureOr<ll::LinearLayout> {
    if (!r)
      return op->emitOpError("cannot rebuild in another layout: ")
                 << llvm::toString(r.takeError()),
             failure();
    return *r;
  };
  if (auto e = dyn_cast<ExpandDimsOp>(op))
    return check(ll::sliceLayout(l, e.getAxis()));
  if (isa<TransposeOp>(op))
    return check(ll::transposeLayout(l, {1, 0}));
  if (isa<BroadcastOp>(op)) {
    // The broadcast's own requirement, evaluated for result layout l.
    ll::LinearLayout saved = layouts.lookup(op->getResult(0));
    layouts[op->getResult(0)] = l;
    std::optional<ll::LinearLayout> r = required(op->getOpOperand(idx));
    layouts[op->getResult(0)] = saved;
    if (!r)
      return op->emitOpError("cannot rebuild the broadcast's input"), failure();
    return *r;
  }
  return l; // elementwise
}

FailureOr<Value> Assigner::rebuild(Value v, const ll::LinearLayout &l,
                                   OpBuilder &b) {
  auto key = std::make_pair(v.getAsOpaquePointer(), l.str());
  if (auto it = rebuilt.find(key); it != rebuilt.end())
    return it->second;
  if (layouts.lookup(v) == l)
    return v;
  Operation *op = v.getDefiningOp();
  FailureOr<Type> t = typeWith(v, l);
  if (failed(t))
    return failure();
  IRMapping map;
  for (OpOperand &in : op->getOpOperands()) {
    if (!isTile(in.get()))
      continue;
    FailureOr<ll::LinearLayout> want =
        operandLayoutFor(op, in.getOperandNumber(), l);
    if (failed(want))
      return failure();
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(in.get().getDefiningOp());
    FailureOr<Value> copy = rebuild(in.get(), *want, b);
    if (failed(copy))
      return failure();
    map.map(in.get(), *copy);
  }
  Operation *copy = b.clone(*op, map);
  copy->getResult(0).setType(*t);
  if (auto c = dyn_cast<arith::ConstantOp>(copy))
    c.setValueAttr(
        cast<DenseElementsAttr>(c.getValue()).reshape(cast<ShapedType>(*t)));
  rebuilt[key] = copy->getResult(0);
  return copy->getResult(0);
}

LogicalResult Assigner::run() {
  WalkResult w = kernel.walk([&](Operation *op) {
    return failed(anchor(op)) ? WalkResult::interrupt() : WalkResult::advance();
  });
  if (w.wasInterrupted())
    return failure();
  for (int iter = 0;; ++iter) {
    FailureOr<bool> changed = propagate();
    if (failed(changed))
      return failure();
    if (!*changed)
      break;
    if (iter > 64)
      return kernel.emitOpError("layout assignment did not converge");
  }
  // Whatever no rule placed: blocked, and an op with tiles but no rule is
  // an error naming it.
  WalkResult unplaced = kernel.walk([&](Operation *op) {
    bool known =
        isa<LoadOp, StoreOp, DotOp, ReduceOp, ExpandDimsOp, BroadcastOp, IotaOp,
            TransposeOp, ConvertLayoutOp, arith::ConstantOp, scf::ForOp,
            scf::IfOp, scf::YieldOp, ReturnOp, KernelOp>(op) ||
        isElementwise(op);
    bool hasTiles = llvm::any_of(op->getOperands(), isTile) ||
                    llvm::any_of(op->getResults(), isTile);
    if (hasTiles && !known) {
      op->emitOpError("has no layout rule in aiter-assign-layouts; supported: "
                      "aiter tile ops, elementwise arith/math ops, "
                      "arith.constant, scf.for/if");
      return WalkResult::interrupt();
    }
    for (Value r : op->getResults())
      if (isTile(r) && !get(r) && !isRegionResult(r)) {
        FailureOr<ll::LinearLayout> l =
            blocked(cast<RankedTensorType>(r.getType()), std::nullopt, op);
        if (failed(l))
          return WalkResult::interrupt();
        layouts.insert({r, *l});
      }
    return WalkResult::advance();
  });
  if (unplaced.wasInterrupted())
    return failure();
  // Loop-carried tiles the body never touched take their init's layout.
  bool changed = true;
  while (changed) {
    changed = false;
    if (failed(propagate()))
      return failure();
  }
  return rewrite();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct AssignLayouts
    : mlir::aiter::impl::AiterAssignLayoutsBase<AssignLayouts> {
  using Base::Base;

  void runOnOperation() override {
    for (KernelOp kernel : llvm::to_vector(getOperation().getOps<KernelOp>())) {
      if (failed(assign(kernel)))
        return signalPassFailure();
    }
  }

  LogicalResult assign(KernelOp kernel) {
    std::string id = chip;
    if (auto c = kernel->getAttrOfType<StringAttr>("aiter.chip"))
      id = c.getValue().str();
    llvm::Expected<const TargetInfo &> target = TargetInfo::lookup(id);
    if (!target)
      return kernel.emitOpError() << llvm::toString(target.takeError());
    int64_t w = waves;
    std::optional<MfmaShape> shape;
    if (auto cfg = kernel->getAttrOfType<DictionaryAttr>("aiter.config")) {
      if (auto a = cfg.getAs<IntegerAttr>("waves"))
        w = a.getInt();
      if (auto m = cfg.getAs<StringAttr>("mfma")) {
        llvm::Expected<MfmaShape> parsed = parseMfmaShape(m.getValue());
        if (!parsed)
          return kernel.emitOpError("bad mfma in aiter.config: ")
                 << llvm::toString(parsed.takeError());
        shape = *parsed;
      }
    }
    if (!mfma.empty()) {
      llvm::Expected<MfmaShape> parsed = parseMfmaShape(mfma);
      if (!parsed)
        return kernel.emitOpError("bad mfma option: ")
               << llvm::toString(parsed.takeError());
      shape = *parsed;
    }
    if (w < 1 || w > 16 || !llvm::isPowerOf2_64(w))
      return kernel.emitOpError("waves must be a power of two in [1, 16], got ")
             << w;
    return Assigner(kernel, *target, w, shape).run();
  }
};
} // namespace
