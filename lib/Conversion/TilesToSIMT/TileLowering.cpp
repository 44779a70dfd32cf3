//===- TileLowering.cpp - registers, coordinates and LDS of tiles ---------===//
//
// The shared state of aiter-lower-tiles-to-simt (TileLowering.h).
//===----------------------------------------------------------------------===//

#include "TileLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

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
  Value c64 = indexConst(b, loc, 64);
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
  ll::LinearLayout l = layout.getLinearLayout();
  OpBuilder b(func.getContext());
  b.setInsertionPointAfter(entryInsertAfter);
  Location loc = func.getLoc();
  ThreadPart part;
  int64_t rank = layout.getRank();
  for (int64_t d = 0; d < rank; ++d) {
    std::string dim = ll::tensorDimName(d);
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
  return threadParts.try_emplace(layout, std::move(part)).first->second;
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
    Value c = indexConst(b, loc, rc.second);
    coords.push_back(part.additive[d]
                         ? Value(arith::AddIOp::create(b, loc, thread, c))
                         : Value(arith::XOrIOp::create(b, loc, thread, c)));
  }
  return coords;
}

uint64_t TileLowering::copyRegisters(LinearLayoutAttr layout) {
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
  ll::LinearLayout l = layout.getLinearLayout();
  OpBuilder eb(func.getContext());
  eb.setInsertionPointAfter(entryInsertAfter);
  Value pred;
  for (auto [in, id] : {std::pair<StringRef, Value>{ll::kLane, lane},
                        std::pair<StringRef, Value>{ll::kWave, wave}}) {
    uint64_t mask = l.getFreeVariableMask(in);
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
  auto workgroup = gpu::AddressSpaceAttr::get(func.getContext(),
                                              gpu::AddressSpace::Workgroup);
  auto it = scratchIndex.find(elemType);
  if (it == scratchIndex.end()) {
    auto type = MemRefType::get({elems}, elemType, MemRefLayoutAttrInterface(),
                                workgroup);
    BlockArgument arg = func.addWorkgroupAttribution(type, func.getLoc());
    scratchIndex[elemType] = {elems, arg.getArgNumber()};
    return arg;
  }
  BlockArgument arg = func.getBody().getArgument(it->second.second);
  if (elems > it->second.first) {
    it->second.first = elems;
    arg.setType(MemRefType::get({elems}, elemType, MemRefLayoutAttrInterface(),
                                workgroup));
  }
  return arg;
}

int64_t TileLowering::scratchBytes() const {
  int64_t bytes = 0;
  for (auto &[type, entry] : scratchIndex)
    bytes += entry.first * ((type.getIntOrFloatBitWidth() + 7) / 8);
  return bytes;
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
  gpu::BarrierOp::create(b, loc);
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
  Value pred = src ? canonicalThread(b, loc, src) : Value();
  if (!src) {
    // A scalar every thread holds: thread 0 writes it.
    pred = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x),
        indexConst(b, loc, 0));
  }
  if (pred) {
    auto ifOp = scf::IfOp::create(b, loc, pred, /*withElseRegion=*/false);
    OpBuilder tb = OpBuilder::atBlockTerminator(ifOp.thenBlock());
    writeAll(tb);
  } else {
    writeAll(b);
  }
  gpu::BarrierOp::create(b, loc);
  SmallVector<Value> values;
  for (int64_t r = 0; r < dst.getRegistersPerLane(); ++r) {
    SmallVector<Value> c = coordinates(b, loc, dst, r);
    SmallVector<Value> s = dstToSrc(b, c);
    Value off = src ? rowMajor(b, loc, s, srcShape) : indexConst(b, loc, 0);
    values.push_back(memref::LoadOp::create(b, loc, lds, ValueRange{off}));
  }
  gpu::BarrierOp::create(b, loc);
  auto vecType = VectorType::get({dst.getRegistersPerLane()}, elemType);
  return vector::FromElementsOp::create(b, loc, vecType, values);
}
