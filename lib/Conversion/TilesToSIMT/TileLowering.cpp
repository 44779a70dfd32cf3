//===- TileLowering.cpp - registers, coordinates and LDS of tiles ---------===//
//
// The shared state of aiter-lower-tiles-to-simt (TileLowering.h).
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "aiter/Layout/Layouts.h"

using namespace mlir;
using namespace mlir::aiter;
using namespace mlir::aiter::tiles;
namespace ll = mlir::aiter::layout;

LinearLayoutAttr tiles::getTileLayout(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t || t.getRank() == 0)
    return {};
  return dyn_cast_or_null<LinearLayoutAttr>(t.getEncoding());
}

Value tiles::indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

TileLowering::TileLowering(gpu::GPUFuncOp func, const TargetInfo &target,
                           bool aligned, int64_t waves)
    : func(func), target(target), aligned(aligned), waves(waves) {
  converter.addConversion([](Type t) { return t; });
  converter.addConversion([](RankedTensorType t) -> std::optional<Type> {
    if (t.getRank() == 0)
      return t.getElementType();
    LinearLayoutAttr layout = getTileLayout(t);
    if (!layout)
      return std::nullopt;
    return VectorType::get({layout.getRegistersPerLane()}, t.getElementType());
  });
  // Values crossing a not-yet-converted boundary.
  auto materialize = [](OpBuilder &b, Type type, ValueRange inputs,
                        Location loc) -> Value {
    return UnrealizedConversionCastOp::create(b, loc, type, inputs)
        .getResult(0);
  };
  converter.addSourceMaterialization(materialize);
  converter.addTargetMaterialization(materialize);

  entry = &func.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(entry);
  Location loc = func.getLoc();
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value c64 = indexConst(b, loc, ll::kWaveSize);
  lane = arith::RemUIOp::create(b, loc, tid, c64);
  wave = arith::DivUIOp::create(b, loc, tid, c64);
  entryInsertAfter = wave.getDefiningOp();
}

/// Bit \p bit of \p v (index), as 0 or 1.
static Value bitOf(OpBuilder &b, Location loc, Value v, unsigned bit) {
  Value shifted =
      bit ? arith::ShRUIOp::create(b, loc, v, indexConst(b, loc, bit)) : v;
  return arith::AndIOp::create(b, loc, shifted, indexConst(b, loc, 1));
}

TileLowering::ThreadPart &TileLowering::threadPart(LinearLayoutAttr layout) {
  auto it = threadParts.find(layout);
  if (it != threadParts.end())
    return it->second;
  ThreadPart part = threadPart(layout.getLinearLayout());
  return threadParts.try_emplace(layout, std::move(part)).first->second;
}

TileLowering::ThreadPart &TileLowering::threadPart(const ll::LinearLayout &l) {
  std::string key = l.str();
  auto it = mapParts.find(key);
  if (it != mapParts.end())
    return it->second;
  OpBuilder b(func.getContext());
  b.setInsertionPointAfter(entryInsertAfter);
  Location loc = func.getLoc();
  ThreadPart part;
  for (const ll::LayoutDim &out : l.getOutDims()) {
    const std::string &dim = out.name;
    // Additive when no two bases (of any input) share a bit here.
    uint64_t seen = 0;
    bool additive = true;
    for (StringRef in : {ll::kRegister, ll::kLane, ll::kWave})
      for (unsigned bit = 0; bit < l.getInDimSizeLog2(in); ++bit) {
        uint64_t c = uint64_t(l.getBasis(in, bit, dim));
        if (seen & c)
          additive = false;
        seen |= c;
      }
    uint64_t threadBits = 0;
    for (StringRef in : {ll::kLane, ll::kWave})
      for (unsigned bit = 0; bit < l.getInDimSizeLog2(in); ++bit)
        threadBits |= uint64_t(l.getBasis(in, bit, dim));
    part.bits.push_back(threadBits);
    Value acc = indexConst(b, loc, 0);
    for (auto [in, id] : {std::pair<StringRef, Value>{ll::kLane, lane},
                          std::pair<StringRef, Value>{ll::kWave, wave}})
      for (unsigned bit = 0; bit < l.getInDimSizeLog2(in); ++bit) {
        int64_t c = l.getBasis(in, bit, dim);
        if (!c)
          continue;
        Value term = arith::MulIOp::create(b, loc, bitOf(b, loc, id, bit),
                                           indexConst(b, loc, c));
        acc = additive ? Value(arith::AddIOp::create(b, loc, acc, term))
                       : Value(arith::XOrIOp::create(b, loc, acc, term));
      }
    part.coords.push_back(acc);
    part.additive.push_back(additive);
    entryInsertAfter = acc.getDefiningOp();
  }
  return mapParts.try_emplace(key, std::move(part)).first->second;
}

Value TileLowering::linearOffset(OpBuilder &b, Location loc,
                                 const ll::LinearLayout &map, int64_t reg) {
  ThreadPart &part = threadPart(map);
  SmallVector<std::pair<StringRef, int64_t>> in = {{ll::kRegister, reg}};
  int64_t c = map.apply(in).front().second;
  return combine(b, loc, part.coords.front(), c, part.bits.front());
}

Value TileLowering::combine(OpBuilder &b, Location loc, Value thread, int64_t c,
                            uint64_t bits) {
  uint64_t overlap = uint64_t(c) & bits, rest = uint64_t(c) & ~bits;
  Value v = thread;
  if (overlap)
    v = arith::XOrIOp::create(b, loc, v, indexConst(b, loc, int64_t(overlap)));
  if (rest)
    v = arith::AddIOp::create(b, loc, v, indexConst(b, loc, int64_t(rest)));
  return v;
}

ArrayRef<Value> TileLowering::threadCoordinates(LinearLayoutAttr layout) {
  return threadPart(layout).coords;
}

bool TileLowering::isAdditive(LinearLayoutAttr layout) {
  return llvm::all_of(threadPart(layout).additive, [](bool a) { return a; });
}

SmallVector<int64_t> TileLowering::registerCoordinates(LinearLayoutAttr layout,
                                                       int64_t reg) {
  SmallVector<std::pair<StringRef, int64_t>> in = {{ll::kRegister, reg}};
  SmallVector<int64_t> out;
  for (auto &c : layout.getLinearLayout().apply(in))
    out.push_back(c.second);
  return out;
}

SmallVector<Value> TileLowering::coordinates(OpBuilder &b, Location loc,
                                             LinearLayoutAttr layout,
                                             int64_t reg) {
  ThreadPart &part = threadPart(layout);
  ll::LinearLayout l = layout.getLinearLayout();
  SmallVector<std::pair<StringRef, int64_t>> in = {{ll::kRegister, reg}};
  auto regCoords = l.apply(in);
  SmallVector<Value> coords;
  for (auto [d, rc] : llvm::enumerate(regCoords)) {
    Value thread = part.coords[d];
    if (rc.second == 0) {
      coords.push_back(thread);
      continue;
    }
    coords.push_back(combine(b, loc, thread, rc.second, part.bits[d]));
  }
  return coords;
}

uint64_t TileLowering::copyRegisters(LinearLayoutAttr layout) {
  if (!layout)
    return 0;
  // Register r is a copy when any of its set bits is a free variable given
  // the lower register bits... a free bit b means register r ^ (1 << b)
  // (r with bit b clear) holds the same element.
  return layout.getLinearLayout().getFreeVariableMask(ll::kRegister);
}

Value TileLowering::canonicalThread(OpBuilder &b, Location loc,
                                    LinearLayoutAttr layout) {
  auto it = canonical.find(layout);
  if (it != canonical.end())
    return it->second;
  OpBuilder eb(func.getContext());
  eb.setInsertionPointAfter(entryInsertAfter);
  Value pred;
  for (auto [in, id] : {std::pair<StringRef, Value>{ll::kLane, lane},
                        std::pair<StringRef, Value>{ll::kWave, wave}}) {
    // A scalar (no layout) is held by every thread: the first one is it.
    uint64_t mask = layout ? layout.getLinearLayout().getFreeVariableMask(in)
                           : ~uint64_t(0);
    if (!mask)
      continue;
    Value bits =
        arith::AndIOp::create(eb, loc, id, indexConst(eb, loc, int64_t(mask)));
    Value none = arith::CmpIOp::create(eb, loc, arith::CmpIPredicate::eq, bits,
                                       indexConst(eb, loc, 0));
    pred = pred ? Value(arith::AndIOp::create(eb, loc, pred, none)) : none;
    entryInsertAfter = pred.getDefiningOp();
  }
  canonical[layout] = pred;
  return pred;
}

Value TileLowering::scratch(Type elemType, int64_t elems) {
  MLIRContext *ctx = func.getContext();
  auto workgroup =
      gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  int64_t bytes = elems * ((elemType.getIntOrFloatBitWidth() + 7) / 8);
  // One pool of bytes for the kernel: every user puts a barrier before its
  // writes and reads back before the next user's barrier, so all element
  // types share it from offset 0 (an LDS group places its members apart).
  if (!pool) {
    auto type =
        MemRefType::get({std::max<int64_t>(bytes, 1)}, IntegerType::get(ctx, 8),
                        MemRefLayoutAttrInterface(), workgroup);
    pool = func.addWorkgroupAttribution(type, func.getLoc());
    OpBuilder b = OpBuilder::atBlockBegin(entry);
    poolZero = arith::ConstantIndexOp::create(b, func.getLoc(), 0);
  }
  if (bytes > poolBytes) {
    poolBytes = bytes;
    pool.setType(MemRefType::get({bytes}, IntegerType::get(ctx, 8),
                                 MemRefLayoutAttrInterface(), workgroup));
  }
  auto viewType = [&](int64_t n) {
    return MemRefType::get({n}, elemType, MemRefLayoutAttrInterface(),
                           workgroup);
  };
  auto it = views.find(elemType);
  if (it == views.end()) {
    OpBuilder b(entry, std::next(poolZero.getDefiningOp()->getIterator()));
    auto view = memref::ViewOp::create(b, func.getLoc(), viewType(elems), pool,
                                       poolZero, ValueRange{});
    views[elemType] = {elems, view};
    return view;
  }
  if (elems > it->second.first) {
    it->second.first = elems;
    it->second.second.setType(viewType(elems));
  }
  return it->second.second;
}

int64_t TileLowering::scratchBytes() const { return poolBytes; }

/// \p body built under `scf.if pred` (directly when \p pred is null).
static void buildWhere(OpBuilder &b, Location loc, Value pred,
                       llvm::function_ref<void(OpBuilder &)> body) {
  if (!pred)
    return body(b);
  auto ifOp = scf::IfOp::create(b, loc, pred, /*withElseRegion=*/false);
  OpBuilder tb = OpBuilder::atBlockTerminator(ifOp.thenBlock());
  body(tb);
}

/// Row-major offset of \p coords in a tile of \p shape.
static Value rowMajor(OpBuilder &b, Location loc, ArrayRef<Value> coords,
                      ArrayRef<int64_t> shape) {
  Value off = indexConst(b, loc, 0);
  for (auto [c, n] : llvm::zip(coords, shape)) {
    off = arith::MulIOp::create(b, loc, off, indexConst(b, loc, n));
    off = arith::AddIOp::create(b, loc, off, c);
  }
  return off;
}

Value TileLowering::ldsRoundTrip(
    OpBuilder &b, Location loc, Value srcVec, LinearLayoutAttr src,
    LinearLayoutAttr dst, Type elemType,
    llvm::function_ref<SmallVector<Value>(OpBuilder &, ArrayRef<Value>)>
        dstToSrc) {
  SmallVector<int64_t> srcShape =
      src ? SmallVector<int64_t>(src.getShape()) : SmallVector<int64_t>{1};
  int64_t elems = 1;
  for (int64_t n : srcShape)
    elems *= n;
  Value lds = scratch(elemType, elems);
  amdgpu::LDSBarrierOp::create(b, loc);
  // Write: each element once (canonical threads, non-copy registers).
  auto writeAll = [&](OpBuilder &wb) {
    if (!src) {
      memref::StoreOp::create(wb, loc, srcVec, lds,
                              ValueRange{indexConst(wb, loc, 0)});
      return;
    }
    uint64_t copies = copyRegisters(src);
    for (int64_t r = 0; r < src.getRegistersPerLane(); ++r) {
      if (r & copies)
        continue;
      SmallVector<Value> c = coordinates(wb, loc, src, r);
      Value v = vector::ExtractOp::create(wb, loc, srcVec, r);
      memref::StoreOp::create(wb, loc, v, lds,
                              ValueRange{rowMajor(wb, loc, c, srcShape)});
    }
  };
  buildWhere(b, loc, canonicalThread(b, loc, src), writeAll);
  amdgpu::LDSBarrierOp::create(b, loc);
  SmallVector<Value> values;
  for (int64_t r = 0; r < dst.getRegistersPerLane(); ++r) {
    SmallVector<Value> c = coordinates(b, loc, dst, r);
    SmallVector<Value> s = dstToSrc(b, c);
    Value off = src ? rowMajor(b, loc, s, srcShape) : indexConst(b, loc, 0);
    values.push_back(memref::LoadOp::create(b, loc, lds, ValueRange{off}));
  }
  auto vecType = VectorType::get({dst.getRegistersPerLane()}, elemType);
  return vector::FromElementsOp::create(b, loc, vecType, values);
}

/// \p l with its register bits reordered: bit i of the result is bit
/// order[i] of \p l.
static std::optional<ll::LinearLayout>
permuteRegisterBits(const ll::LinearLayout &l, ArrayRef<unsigned> order) {
  ll::InDimBases reg = l.getBases(ll::kRegister), perm{reg.name, {}};
  for (unsigned b : order)
    perm.bases.push_back(reg.bases[b]);
  return ll::withBases(l, {perm, l.getBases(ll::kLane), l.getBases(ll::kWave)});
}

/// A register order of \p src that starts with its bits walking 1, 2, 4, ...
/// along the dim \p dst's first register walks (the runs an LDS access of
/// \p dst reads can then be written as runs too); none when that gains
/// nothing.
static std::optional<SmallVector<unsigned>>
runFirstOrder(const ll::LinearLayout &src, const ll::LinearLayout &dst) {
  if (dst.getInDimSizeLog2(ll::kRegister) == 0)
    return std::nullopt;
  std::string dim;
  for (const ll::LayoutDim &d : dst.getOutDims())
    if (dst.getBasis(ll::kRegister, 0, d.name) == 1)
      dim = d.name;
  if (dim.empty())
    return std::nullopt;
  unsigned nbits = src.getInDimSizeLog2(ll::kRegister);
  auto only = [&](unsigned b, int64_t value) {
    for (const ll::LayoutDim &d : src.getOutDims())
      if (src.getBasis(ll::kRegister, b, d.name) != (d.name == dim ? value : 0))
        return false;
    return true;
  };
  SmallVector<unsigned> order;
  for (int64_t value = 1;; value *= 2) {
    std::optional<unsigned> found;
    for (unsigned b = 0; b < nbits && !found; ++b)
      if (only(b, value))
        found = b;
    if (!found)
      break;
    order.push_back(*found);
  }
  if (order.empty() || llvm::equal(order, llvm::seq<unsigned>(0, order.size())))
    return std::nullopt;
  for (unsigned b = 0; b < nbits; ++b)
    if (!llvm::is_contained(order, b))
      order.push_back(b);
  return order;
}

/// Register-packing instructions the writes of a choice cost: each 32-bit
/// word of a written vector whose sub-word elements are not one aligned
/// group of consecutive source registers is assembled (a v_perm_b32 for two
/// 16-bit halves).
static int64_t packingCost(ArrayRef<int64_t> regOf, int64_t writeVec,
                           uint64_t copies, unsigned elemBytes) {
  int64_t perWord = elemBytes < 4 ? 4 / elemBytes : 1;
  if (perWord == 1 || writeVec < perWord)
    return 0;
  int64_t cost = 0;
  for (int64_t r = 0; r + perWord <= int64_t(regOf.size()); r += perWord) {
    if (r & copies)
      continue;
    bool aligned = regOf[r] % perWord == 0;
    for (int64_t i = 1; i < perWord && aligned; ++i)
      aligned = regOf[r + i] == regOf[r] + i;
    cost += !aligned;
  }
  return cost;
}

std::optional<LdsPlan> TileLowering::planLdsConvert(LinearLayoutAttr src,
                                                    LinearLayoutAttr dst,
                                                    Type elemType) {
  LdsPlan plan;
  plan.src = src;
  plan.dst = dst;
  plan.elemType = elemType;
  ll::LinearLayout ls = src.getLinearLayout(), ld = dst.getLinearLayout();
  unsigned elemBytes = (elemType.getIntOrFloatBitWidth() + 7) / 8;
  ll::LdsBankModel banks = ll::LdsBankModel::of(target);
  // Candidates, the cheapest of which wins (LDS instructions, conflict
  // cycles and the register packing of the writes):
  // - the source's registers written in their order;
  // - renamed (free) so that the writes hold the runs the reads take;
  // - (gfx950) read with a transposing read, which lets the source be
  //   written as it is where dst's registers run across the source's.
  uint64_t copies = ls.getFreeVariableMask(ll::kRegister);
  for (int64_t r = 0; r < src.getRegistersPerLane(); ++r)
    plan.regOf.push_back(r);
  SmallVector<int64_t> identity = plan.regOf;
  auto total = [&](const ll::SwizzleChoice &c, ArrayRef<int64_t> regOf) {
    return c.cost() + packingCost(regOf, c.writeVec, copies, elemBytes);
  };
  ll::LinearLayout readAs = ld;
  ll::SharedLayout shared;
  auto choice = ll::chooseSwizzle(ls, ld, elemBytes, banks);
  auto consider = [&](llvm::Expected<ll::SwizzleChoice> other,
                      ArrayRef<int64_t> regOf) {
    if (!other) {
      llvm::consumeError(other.takeError());
      return false;
    }
    if (choice && total(*choice, plan.regOf) <= total(*other, regOf))
      return false;
    if (!choice)
      llvm::consumeError(choice.takeError());
    choice = std::move(other);
    plan.regOf.assign(regOf.begin(), regOf.end());
    return true;
  };
  if (auto order = runFirstOrder(ls, ld))
    if (auto perm = permuteRegisterBits(ls, *order)) {
      SmallVector<int64_t> regOf;
      for (int64_t r = 0; r < src.getRegistersPerLane(); ++r) {
        int64_t old = 0;
        for (auto [i, bit] : llvm::enumerate(*order))
          if (r & (int64_t(1) << i))
            old |= int64_t(1) << bit;
        regOf.push_back(old);
      }
      if (consider(ll::chooseSwizzle(*perm, ld, elemBytes, banks), regOf))
        ls = *perm;
    }
  if (target.supportsLdsTransposeRead() && elemBytes == 2)
    if (auto tr = ll::transposeReadLayout(ld))
      if (consider(ll::chooseSwizzle(src.getLinearLayout(), *tr, elemBytes,
                                     banks, /*readVecElems=*/4),
                   identity)) {
        ls = src.getLinearLayout();
        readAs = *tr;
        plan.transposedRead = true;
      }
  if (choice) {
    shared = choice->layout;
    plan.writeVec = choice->writeVec;
    plan.readVec = choice->readVec;
  } else {
    llvm::consumeError(choice.takeError());
    SmallVector<unsigned> order;
    for (int64_t d = src.getRank() - 1; d >= 0; --d)
      order.push_back(unsigned(d));
    auto plain = ll::SharedLayout::unswizzled(src.getShape(), order);
    if (!plain) {
      llvm::consumeError(plain.takeError());
      return std::nullopt;
    }
    shared = *plain;
    plan.writeVec =
        std::max<int64_t>(1, ll::ldsVectorWidth(ls, shared, elemBytes));
    plan.readVec =
        std::max<int64_t>(1, ll::ldsVectorWidth(ld, shared, elemBytes));
  }
  plan.copies = copies;
  // (register, lane, wave) -> LDS element offset, for each side.
  auto wmap = ls.compose(shared.getTensorMap());
  auto rmap = readAs.compose(shared.getTensorMap());
  if (!wmap || !rmap) {
    if (!wmap)
      llvm::consumeError(wmap.takeError());
    if (!rmap)
      llvm::consumeError(rmap.takeError());
    return std::nullopt;
  }
  plan.writeMap = *wmap;
  plan.readMap = *rmap;
  plan.elems = shared.getAllocatedElements();
  return plan;
}

void TileLowering::writeLds(OpBuilder &b, Location loc, const LdsPlan &plan,
                            Value srcVec, Value lds, int64_t base) {
  auto at = [&](OpBuilder &wb, Value off) {
    return base ? Value(arith::AddIOp::create(wb, loc, off,
                                              indexConst(wb, loc, base)))
                : off;
  };
  auto writeAll = [&](OpBuilder &wb) {
    for (int64_t r = 0; r < plan.src.getRegistersPerLane();
         r += plan.writeVec) {
      if (r & plan.copies)
        continue;
      Value off = at(wb, linearOffset(wb, loc, plan.writeMap, r));
      if (plan.writeVec == 1) {
        Value v = vector::ExtractOp::create(wb, loc, srcVec, plan.regOf[r]);
        memref::StoreOp::create(wb, loc, v, lds, ValueRange{off});
        continue;
      }
      SmallVector<int64_t> idx;
      for (int64_t i = 0; i < plan.writeVec; ++i)
        idx.push_back(plan.regOf[r + i]);
      Value v = vector::ShuffleOp::create(wb, loc, srcVec, srcVec, idx);
      vector::StoreOp::create(wb, loc, v, lds, ValueRange{off});
    }
  };
  buildWhere(b, loc, canonicalThread(b, loc, plan.src), writeAll);
}

Value TileLowering::readLds(OpBuilder &b, Location loc, const LdsPlan &plan,
                            Value lds, int64_t base) {
  SmallVector<Value> values;
  for (int64_t r = 0; r < plan.dst.getRegistersPerLane(); r += plan.readVec) {
    Value off = linearOffset(b, loc, plan.readMap, r);
    if (base)
      off = arith::AddIOp::create(b, loc, off, indexConst(b, loc, base));
    if (plan.readVec == 1) {
      values.push_back(memref::LoadOp::create(b, loc, lds, ValueRange{off}));
      continue;
    }
    auto type = VectorType::get({plan.readVec}, plan.elemType);
    Value v =
        plan.transposedRead
            ? Value(amdgpu::TransposeLoadOp::create(b, loc, type, lds,
                                                    ValueRange{off}))
            : Value(vector::LoadOp::create(b, loc, type, lds, ValueRange{off}));
    for (int64_t i = 0; i < plan.readVec; ++i)
      values.push_back(vector::ExtractOp::create(b, loc, v, i));
  }
  auto vecType =
      VectorType::get({plan.dst.getRegistersPerLane()}, plan.elemType);
  return vector::FromElementsOp::create(b, loc, vecType, values);
}

Value TileLowering::ldsConvert(OpBuilder &b, Location loc, Value srcVec,
                               LinearLayoutAttr src, LinearLayoutAttr dst,
                               Type elemType) {
  std::optional<LdsPlan> plan = planLdsConvert(src, dst, elemType);
  if (!plan)
    return {};
  Value lds = scratch(elemType, plan->elems);
  amdgpu::LDSBarrierOp::create(b, loc);
  writeLds(b, loc, *plan, srcVec, lds, 0);
  amdgpu::LDSBarrierOp::create(b, loc);
  return readLds(b, loc, *plan, lds, 0);
}
