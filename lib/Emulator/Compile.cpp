//===- Compile.cpp - lower a gpu.func to the emulator's representation ----===//
//
// Assigns one register slot per SSA value and maps every op to a handler
// opcode once, so execution never looks at MLIR ops or hash maps per lane.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace aemu = ::aiter::emu;
using namespace ::aiter::emu;
using namespace aemu::detail;

static std::string locText(Location loc) {
  if (auto fl = dyn_cast<FileLineColLoc>(loc))
    return llvm::formatv("{0}:{1}:{2}", fl.getFilename().getValue(),
                         fl.getLine(), fl.getColumn())
        .str();
  if (auto nl = dyn_cast<NameLoc>(loc))
    return locText(nl.getChildLoc());
  if (auto cs = dyn_cast<CallSiteLoc>(loc))
    return locText(cs.getCallee());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations()) {
      std::string s = locText(l);
      if (!s.empty() && s[0] != 'l')
        return s;
    }
  std::string s;
  llvm::raw_string_ostream os(s);
  loc.print(os);
  return s;
}

std::string aemu::formatOpError(Operation *op, const llvm::Twine &msg) {
  if (!op)
    return ("error: " + msg).str();
  return (locText(op->getLoc()) + ": error: " + msg + " ('" +
          op->getName().getStringRef() + "')")
      .str();
}

llvm::Error aemu::detail::opError(Operation *op, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 formatOpError(op, msg));
}

bool aemu::elemTypeOf(Type t, ElemType &ek) {
  if (auto it = dyn_cast<IntegerType>(t)) {
    switch (it.getWidth()) {
    case 1:
      ek = ElemType::I1;
      return true;
    case 8:
      ek = ElemType::I8;
      return true;
    case 16:
      ek = ElemType::I16;
      return true;
    case 32:
      ek = ElemType::I32;
      return true;
    case 64:
      ek = ElemType::I64;
      return true;
    default:
      return false;
    }
  }
  if (isa<IndexType>(t)) {
    ek = ElemType::Index;
    return true;
  }
  if (t.isF16()) {
    ek = ElemType::F16;
    return true;
  }
  if (t.isBF16()) {
    ek = ElemType::BF16;
    return true;
  }
  if (t.isF32()) {
    ek = ElemType::F32;
    return true;
  }
  if (t.isF64()) {
    ek = ElemType::F64;
    return true;
  }
  if (isa<Float8E4M3FNUZType>(t)) {
    ek = ElemType::F8E4M3FNUZ;
    return true;
  }
  if (isa<Float8E5M2FNUZType>(t)) {
    ek = ElemType::F8E5M2FNUZ;
    return true;
  }
  if (isa<Float8E4M3FNType>(t)) {
    ek = ElemType::F8E4M3FN;
    return true;
  }
  if (isa<Float8E5M2Type>(t)) {
    ek = ElemType::F8E5M2;
    return true;
  }
  return false;
}

static bool spaceOf(MemRefType mt, Space &sp) {
  Attribute a = mt.getMemorySpace();
  if (!a) {
    sp = Space::Global;
    return true;
  }
  if (auto g = dyn_cast<gpu::AddressSpaceAttr>(a)) {
    switch (g.getValue()) {
    case gpu::AddressSpace::Global:
      sp = Space::Global;
      return true;
    case gpu::AddressSpace::Workgroup:
      sp = Space::Workgroup;
      return true;
    case gpu::AddressSpace::Private:
      sp = Space::Private;
      return true;
    }
  }
  if (auto am = dyn_cast<amdgpu::AddressSpaceAttr>(a)) {
    if (am.getValue() == amdgpu::AddressSpace::FatRawBuffer) {
      sp = Space::FatBuffer;
      return true;
    }
    return false;
  }
  if (auto i = dyn_cast<IntegerAttr>(a)) {
    switch (i.getInt()) {
    case 0:
    case 1:
      sp = Space::Global;
      return true;
    case 3:
      sp = Space::Workgroup;
      return true;
    case 5:
      sp = Space::Private;
      return true;
    case 7:
      sp = Space::FatBuffer;
      return true;
    default:
      return false;
    }
  }
  return false;
}

/// The stats class of an access to memory of type `mt`. LDS and global
/// accesses count themselves when they execute (by pieces, with bytes and
/// banks); an access to private memory (registers or scratch on the
/// hardware) is counted through its class, as one VALU instruction.
static IClass memoryClass(MemRefType mt) {
  Space sp;
  spaceOf(mt, sp);
  return sp == Space::Workgroup ? IClass::Lds
         : sp == Space::Private ? IClass::Valu
                                : IClass::Global;
}

namespace {
class Compiler {
public:
  explicit Compiler(const Chip &chip) { K.chip = chip; }
  llvm::Expected<CompiledKernel> run(gpu::GPUFuncOp func);

private:
  CompiledKernel K;
  llvm::DenseMap<Value, uint32_t> slotOf;
  llvm::StringMap<int32_t> globalAlloc; // workgroup memref.global -> LDS

  llvm::Expected<uint32_t> define(Value v, Operation *op);
  llvm::Expected<uint32_t> use(Value v, Operation *op);
  llvm::Expected<int32_t> compileRegion(Region &r, Operation *owner);
  llvm::Error compileOp(Operation &op, std::vector<Instr> &out);
  llvm::Error ldsAllocFor(Operation *op, MemRefType mt, int32_t &idx);
  llvm::Error mixedOf(Operation *op, ArrayRef<OpFoldResult> offs,
                      ArrayRef<OpFoldResult> sizes,
                      ArrayRef<OpFoldResult> strides, MixedList &ml);
  int64_t enc(OpFoldResult f, Operation *op, llvm::Error &err);
};
} // namespace

llvm::Expected<uint32_t> Compiler::define(Value v, Operation *op) {
  SlotInfo si;
  Type t = v.getType();
  if (auto mt = dyn_cast<MemRefType>(t)) {
    si.isMem = true;
    if (!elemTypeOf(mt.getElementType(), si.ek))
      return opError(op, llvm::formatv("unsupported memref element type {0}",
                                       mt.getElementType()));
    si.rank = mt.getRank();
    if (!spaceOf(mt, si.space))
      return opError(op, "unsupported memref memory space");
  } else if (auto vt = dyn_cast<VectorType>(t)) {
    if (vt.isScalable())
      return opError(op, "scalable vectors are not supported");
    if (!elemTypeOf(vt.getElementType(), si.ek))
      return opError(op, llvm::formatv("unsupported vector element type {0}",
                                       vt.getElementType()));
    si.shape.assign(vt.getShape().begin(), vt.getShape().end());
    si.n = vt.getNumElements();
  } else if (!elemTypeOf(t, si.ek)) {
    std::string s;
    llvm::raw_string_ostream os(s);
    t.print(os);
    return opError(op, "unsupported value type " + s);
  }
  uint32_t id = K.slots.size();
  K.slots.push_back(si);
  slotOf[v] = id;
  return id;
}

llvm::Expected<uint32_t> Compiler::use(Value v, Operation *op) {
  auto it = slotOf.find(v);
  if (it == slotOf.end())
    return opError(op, "operand defined outside the kernel is not supported");
  return it->second;
}

int64_t Compiler::enc(OpFoldResult f, Operation *op, llvm::Error &err) {
  if (auto a = dyn_cast<Attribute>(f))
    return cast<IntegerAttr>(a).getInt();
  auto s = use(cast<Value>(f), op);
  if (!s) {
    err = s.takeError();
    return 0;
  }
  return -int64_t(*s) - 1;
}

llvm::Error Compiler::mixedOf(Operation *op, ArrayRef<OpFoldResult> offs,
                              ArrayRef<OpFoldResult> sizes,
                              ArrayRef<OpFoldResult> strides, MixedList &ml) {
  llvm::Error err = llvm::Error::success();
  for (OpFoldResult f : offs)
    ml.offsets.push_back(enc(f, op, err));
  for (OpFoldResult f : sizes)
    ml.sizes.push_back(enc(f, op, err));
  for (OpFoldResult f : strides)
    ml.strides.push_back(enc(f, op, err));
  return err;
}

llvm::Error Compiler::ldsAllocFor(Operation *op, MemRefType mt, int32_t &idx) {
  if (!mt.hasStaticShape())
    return opError(op, "workgroup memory needs a static shape");
  ElemType ek;
  if (!elemTypeOf(mt.getElementType(), ek))
    return opError(op, "unsupported workgroup memory element type");
  LdsAlloc a;
  a.shape.assign(mt.getShape().begin(), mt.getShape().end());
  a.bytes = mt.getNumElements() * elemBytes(ek);
  a.offset = (K.ldsTotal + 15) & ~int64_t(15);
  K.ldsTotal = a.offset + a.bytes;
  if (K.ldsTotal > int64_t(K.chip.ldsBytes()))
    return opError(op, llvm::formatv("workgroup memory of {0} bytes exceeds "
                                     "the {1} bytes of LDS on {2}",
                                     K.ldsTotal, K.chip.ldsBytes(), K.chip.name));
  idx = K.ldsAllocs.size();
  K.ldsAllocs.push_back(a);
  return llvm::Error::success();
}

llvm::Expected<int32_t> Compiler::compileRegion(Region &r, Operation *owner) {
  if (!r.hasOneBlock())
    return opError(owner, "only single-block regions are supported");
  Block &b = r.front();
  int32_t idx = K.blocks.size();
  K.blocks.emplace_back();
  llvm::SmallVector<uint32_t, 4> args;
  for (BlockArgument a : b.getArguments()) {
    auto s = define(a, owner);
    if (!s)
      return s.takeError();
    args.push_back(*s);
  }
  std::vector<Instr> ins;
  for (Operation &op : b)
    if (auto e = compileOp(op, ins))
      return std::move(e);
  K.blocks[idx].ins = std::move(ins);
  K.blocks[idx].args = args;
  return idx;
}

static Opc simpleOpc(StringRef name, bool &found) {
  found = true;
  auto o = llvm::StringSwitch<int>(name)
               .Case("arith.addi", OAddI)
               .Case("arith.subi", OSubI)
               .Case("arith.muli", OMulI)
               .Case("arith.divsi", ODivSI)
               .Case("arith.divui", ODivUI)
               .Case("arith.remsi", ORemSI)
               .Case("arith.remui", ORemUI)
               .Case("arith.ceildivsi", OCeilDivSI)
               .Case("arith.ceildivui", OCeilDivUI)
               .Case("arith.floordivsi", OFloorDivSI)
               .Case("arith.andi", OAndI)
               .Case("arith.ori", OOrI)
               .Case("arith.xori", OXOrI)
               .Case("arith.shli", OShLI)
               .Case("arith.shrsi", OShRSI)
               .Case("arith.shrui", OShRUI)
               .Case("arith.maxsi", OMaxSI)
               .Case("arith.minsi", OMinSI)
               .Case("arith.maxui", OMaxUI)
               .Case("arith.minui", OMinUI)
               .Case("arith.addf", OAddF)
               .Case("arith.subf", OSubF)
               .Case("arith.mulf", OMulF)
               .Case("arith.divf", ODivF)
               .Case("arith.remf", ORemF)
               .Case("arith.maximumf", OMaximumF)
               .Case("arith.minimumf", OMinimumF)
               .Case("arith.maxnumf", OMaxNumF)
               .Case("arith.minnumf", OMinNumF)
               .Case("math.powf", OPowF)
               .Case("math.atan2", OAtan2)
               .Case("math.copysign", OCopySign)
               .Case("arith.negf", ONegF)
               .Case("math.absf", OAbsF)
               .Case("math.sqrt", OSqrt)
               .Case("math.rsqrt", ORsqrt)
               .Case("math.exp", OExp)
               .Case("math.exp2", OExp2)
               .Case("math.expm1", OExpM1)
               .Case("math.log", OLog)
               .Case("math.log2", OLog2)
               .Case("math.log10", OLog10)
               .Case("math.log1p", OLog1p)
               .Case("math.tanh", OTanh)
               .Case("math.sin", OSin)
               .Case("math.cos", OCos)
               .Case("math.tan", OTan)
               .Case("math.atan", OAtan)
               .Case("math.erf", OErf)
               .Case("math.floor", OFloor)
               .Case("math.ceil", OCeil)
               .Case("math.round", ORound)
               .Case("math.roundeven", ORoundEven)
               .Case("math.trunc", OTrunc)
               .Case("math.cbrt", OCbrt)
               .Case("math.absi", OAbsI)
               .Case("math.ctpop", OCtPop)
               .Case("math.ctlz", OCtlz)
               .Case("math.cttz", OCttz)
               .Case("math.fma", OFma)
               .Case("vector.fma", OFma)
               .Case("arith.select", OSelect)
               .Case("arith.extsi", OExtSI)
               .Case("arith.extui", OExtUI)
               .Case("arith.trunci", OTruncI)
               .Case("arith.extf", OExtF)
               .Case("arith.truncf", OTruncF)
               .Case("arith.sitofp", OSIToFP)
               .Case("arith.uitofp", OUIToFP)
               .Case("arith.fptosi", OFPToSI)
               .Case("arith.fptoui", OFPToUI)
               .Case("arith.index_cast", OIndexCast)
               .Case("arith.index_castui", OIndexCastUI)
               .Case("arith.bitcast", OBitcast)
               .Default(-1);
  if (o < 0) {
    found = false;
    return OConst;
  }
  return Opc(o);
}

/// Row-major strides of a vector shape.
static SmallVector<int64_t, 4> vstrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t, 4> s(shape.size(), 1);
  for (int i = int(shape.size()) - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

static void unflatten(int64_t lin, ArrayRef<int64_t> shape,
                      SmallVectorImpl<int64_t> &idx) {
  idx.assign(shape.size(), 0);
  for (int i = int(shape.size()) - 1; i >= 0; --i) {
    idx[i] = lin % shape[i];
    lin /= shape[i];
  }
}

static bool constBits(Attribute a, Type elt, std::vector<uint64_t> &out) {
  auto one = [&](Attribute x) -> bool {
    if (auto i = dyn_cast<IntegerAttr>(x)) {
      out.push_back(i.getValue().getZExtValue());
      return true;
    }
    if (auto f = dyn_cast<FloatAttr>(x)) {
      out.push_back(f.getValue().bitcastToAPInt().getZExtValue());
      return true;
    }
    return false;
  };
  if (auto d = dyn_cast<DenseElementsAttr>(a)) {
    if (isa<FloatType>(d.getElementType())) {
      for (APFloat f : d.getValues<APFloat>())
        out.push_back(f.bitcastToAPInt().getZExtValue());
    } else {
      for (APInt i : d.getValues<APInt>())
        out.push_back(i.getZExtValue());
    }
    return true;
  }
  (void)elt;
  return one(a);
}

llvm::Error Compiler::compileOp(Operation &op, std::vector<Instr> &out) {
  Instr I;
  I.mop = &op;
  StringRef name = op.getName().getStringRef();
  auto ins = [&](ValueRange vs) -> llvm::Error {
    for (Value v : vs) {
      auto s = use(v, &op);
      if (!s)
        return s.takeError();
      I.in.push_back(*s);
    }
    return llvm::Error::success();
  };
  auto outs = [&]() -> llvm::Error {
    for (Value v : op.getResults()) {
      auto s = define(v, &op);
      if (!s)
        return s.takeError();
      I.out.push_back(*s);
    }
    return llvm::Error::success();
  };
  auto finish = [&](Opc o, IClass c = IClass::Valu) -> llvm::Error {
    I.op = o;
    I.cls = c;
    if (auto e = ins(op.getOperands()))
      return e;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  };

  bool found;
  Opc so = simpleOpc(name, found);
  if (found) {
    if (so == OTruncF || so == OExtF) {
      // A rounding-mode attribute other than the default changes rounding.
      if (auto rm = op.getAttrOfType<arith::RoundingModeAttr>("roundingmode"))
        if (rm.getValue() != arith::RoundingMode::to_nearest_even)
          return opError(&op, "only round-to-nearest-even truncf is supported");
    }
    return finish(so);
  }

  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    ConstVal cv;
    Type elt = getElementTypeOrSelf(c.getType());
    if (!constBits(c.getValue(), elt, cv.v))
      return opError(&op, "unsupported constant attribute");
    if (auto e = outs())
      return e;
    unsigned n = K.slots[I.out[0]].n;
    if (cv.v.size() == 1 && n > 1)
      cv.v.assign(n, cv.v[0]);
    if (cv.v.size() != n)
      return opError(&op, "constant size mismatch");
    I.op = OConst;
    I.cls = IClass::Other;
    I.aux = K.consts.size();
    K.consts.push_back(std::move(cv));
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto c = dyn_cast<vector::StepOp>(op)) {
    ConstVal cv;
    for (int64_t i = 0, e = c.getType().getNumElements(); i < e; ++i)
      cv.v.push_back(i);
    if (auto e = outs())
      return e;
    I.op = OConst;
    I.cls = IClass::Other;
    I.aux = K.consts.size();
    K.consts.push_back(std::move(cv));
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto c = dyn_cast<arith::CmpIOp>(op)) {
    I.imm = int64_t(c.getPredicate());
    return finish(OCmpI);
  }
  if (auto c = dyn_cast<arith::CmpFOp>(op)) {
    I.imm = int64_t(c.getPredicate());
    return finish(OCmpF);
  }

  // gpu ids.
  auto dimOf = [](gpu::Dimension d) { return int64_t(d); };
  if (auto o = dyn_cast<gpu::ThreadIdOp>(op)) {
    I.imm = dimOf(o.getDimension());
    I.laneDependent = true;
    return finish(OThreadId, IClass::Other);
  }
  if (auto o = dyn_cast<gpu::BlockIdOp>(op)) {
    I.imm = dimOf(o.getDimension());
    return finish(OBlockId, IClass::Other);
  }
  if (auto o = dyn_cast<gpu::BlockDimOp>(op)) {
    I.imm = dimOf(o.getDimension());
    return finish(OBlockDim, IClass::Other);
  }
  if (auto o = dyn_cast<gpu::GridDimOp>(op)) {
    I.imm = dimOf(o.getDimension());
    return finish(OGridDim, IClass::Other);
  }
  if (isa<gpu::LaneIdOp>(op)) {
    I.laneDependent = true;
    return finish(OLaneId, IClass::Other);
  }
  if (auto o = dyn_cast<gpu::GlobalIdOp>(op)) {
    I.imm = dimOf(o.getDimension());
    I.laneDependent = true;
    return finish(OGlobalId, IClass::Valu);
  }
  if (isa<affine::AffineApplyOp, affine::AffineMinOp, affine::AffineMaxOp>(
          op)) {
    AffineMap map;
    if (auto a = dyn_cast<affine::AffineApplyOp>(op)) {
      map = a.getAffineMap();
      I.imm = 0;
    } else if (auto a = dyn_cast<affine::AffineMinOp>(op)) {
      map = a.getAffineMap();
      I.imm = 1;
    } else {
      map = cast<affine::AffineMaxOp>(op).getAffineMap();
      I.imm = 2;
    }
    I.aux = K.affineMaps.size();
    K.affineMaps.push_back(map);
    return finish(OAffine);
  }
  if (auto t = dyn_cast<amdgpu::TransposeLoadOp>(op)) {
    if (!K.chip.target->supportsLdsTransposeRead())
      return opError(&op, "amdgpu.transpose_load (ds_read_b64_tr_b*) needs a "
                          "chip with LDS transpose reads (gfx950), the "
                          "target is " +
                              K.chip.name);
    auto mt = cast<MemRefType>(t.getSrc().getType());
    Space sp;
    if (!spaceOf(mt, sp) || sp != Space::Workgroup)
      return opError(&op, "amdgpu.transpose_load reads LDS: its memref must "
                          "be in workgroup memory");
    auto vt = cast<VectorType>(t.getResult().getType());
    unsigned bits = vt.getElementType().getIntOrFloatBitWidth();
    if (vt.getRank() != 1 || mt.getElementType() != vt.getElementType() ||
        !((bits == 16 && vt.getNumElements() == 4) ||
          (bits == 8 && vt.getNumElements() == 8)))
      return opError(&op, llvm::formatv(
                              "amdgpu.transpose_load of {0} from {1} is not "
                              "modelled by the emulator; modelled: 4 x 16-bit "
                              "(ds_read_b64_tr_b16) and 8 x 8-bit "
                              "(ds_read_b64_tr_b8) of the memref's element "
                              "type",
                              vt, mt.getElementType()));
    I.laneDependent = true;
    return finish(OTransposeLoad, IClass::Lds);
  }
  if (auto g = dyn_cast<amdgpu::GatherToLDSOp>(op)) {
    Type tt = g.getTransferType();
    ElemType ek;
    if (!elemTypeOf(getElementTypeOrSelf(tt), ek))
      return opError(&op, "unsupported gather_to_lds transfer type");
    int64_t n = 1;
    if (auto vt = dyn_cast<VectorType>(tt))
      n = vt.getNumElements();
    int64_t bytes = n * elemBytes(ek);
    if (!K.chip.target->supportsDirectToLdsWidth(unsigned(bytes)))
      return opError(&op, llvm::formatv("gather_to_lds of {0} bytes per lane "
                                        "is not supported on {1}",
                                        bytes, K.chip.name));
    I.imm = bytes;
    I.imm2 = g.getSrcIndices().size();
    I.laneDependent = true;
    return finish(OGatherToLds, IClass::Global);
  }
  if (isa<gpu::SubgroupIdOp>(op))
    return finish(OSubgroupId, IClass::Other);
  if (isa<gpu::NumSubgroupsOp>(op))
    return finish(ONumSubgroups, IClass::Other);
  if (isa<gpu::SubgroupSizeOp>(op))
    return finish(OSubgroupSize, IClass::Other);
  // ROCDL ops a lowering may emit directly: barriers, and scheduling or
  // wait hints that have no effect on an in-order emulator.
  if (isa<ROCDL::BarrierOp, ROCDL::SBarrierOp>(op))
    return finish(OBarrier, IClass::Other);
  if (isa<ROCDL::SchedBarrier, ROCDL::SchedGroupBarrier, ROCDL::IglpOpt,
          ROCDL::SetPrioOp, ROCDL::SWaitcntOp, ROCDL::SSleepOp>(op))
    return finish(ONop, IClass::Other);
  if (isa<gpu::BarrierOp, amdgpu::LDSBarrierOp>(op))
    return finish(OBarrier, IClass::Other);
  if (isa<amdgpu::SchedBarrierOp, amdgpu::MemoryCounterWaitOp,
          memref::AssumeAlignmentOp>(op)) {
    if (isa<memref::AssumeAlignmentOp>(op)) {
      // Pass the memref through.
      I.op = OCastMem;
      I.cls = IClass::Other;
      if (auto e = ins(op.getOperand(0)))
        return e;
      if (auto e = outs())
        return e;
      out.push_back(std::move(I));
      return llvm::Error::success();
    }
    return finish(ONop, IClass::Other);
  }
  if (auto s = dyn_cast<gpu::ShuffleOp>(op)) {
    I.imm = int64_t(s.getMode());
    I.laneDependent = true;
    return finish(OShuffle);
  }
  if (auto s = dyn_cast<gpu::SubgroupReduceOp>(op)) {
    I.imm = int64_t(s.getOp());
    I.imm2 = (int64_t(s.getClusterSize().value_or(64)) << 32) |
             int64_t(s.getClusterStride());
    I.laneDependent = true;
    return finish(OSubgroupReduce);
  }
  if (auto p = dyn_cast<amdgpu::PermlaneSwapOp>(op)) {
    if (!K.chip.target->supportsPermlaneSwap())
      return opError(&op, "amdgpu.permlane_swap needs a chip with "
                          "v_permlane{16,32}_swap (gfx950), the target is " +
                              K.chip.name);
    I.imm = p.getRowLength();
    I.imm2 = (p.getFetchInactive() ? 1 : 0) | (p.getBoundCtrl() ? 2 : 0);
    I.laneDependent = true;
    return finish(OPermlaneSwap);
  }
  if (auto m = dyn_cast<amdgpu::MFMAOp>(op)) {
    MfmaInfo mi;
    mi.m = m.getM();
    mi.n = m.getN();
    mi.k = m.getK();
    mi.blocks = m.getBlocks();
    Type ta = m.getSourceA().getType(), tb = m.getSourceB().getType();
    auto vta = dyn_cast<VectorType>(ta), vtb = dyn_cast<VectorType>(tb);
    mi.kl = vta ? vta.getNumElements() : 1;
    unsigned klb = vtb ? vtb.getNumElements() : 1;
    Type ea = getElementTypeOrSelf(ta), eb = getElementTypeOrSelf(tb);
    if (!elemTypeOf(ea, mi.a) || !elemTypeOf(eb, mi.b))
      return opError(&op, "unsupported mfma operand type");
    // bf16 passed as i16 bits.
    if (mi.a == ElemType::I16)
      mi.a = ElemType::BF16;
    if (mi.b == ElemType::I16)
      mi.b = ElemType::BF16;
    auto isF = [](ElemType e) {
      return e == ElemType::F16 || e == ElemType::BF16 || e == ElemType::F32 ||
             e == ElemType::F8E4M3FNUZ || e == ElemType::F8E5M2FNUZ ||
             e == ElemType::F8E4M3FN || e == ElemType::F8E5M2;
    };
    if (!isF(mi.a) || !isF(mi.b) ||
        !getElementTypeOrSelf(m.getDestC().getType()).isF32())
      return opError(&op, "only f32-accumulating mfma with f32/f16/bf16/fp8 "
                          "operands is supported");
    if (m.getCbsz() || m.getAbid() || m.getBlgp() != amdgpu::MFMAPermB::none ||
        m.getNegateA() || m.getNegateB() || m.getNegateC())
      return opError(&op, "mfma cbsz/abid/blgp/negate are not supported");
    if (klb != mi.kl || mi.k != mi.kl * (64 / (mi.m * mi.blocks)) ||
        64 % (mi.m * mi.blocks) != 0 || mi.m != mi.n)
      return opError(&op, "mfma shape does not match its operand types");
    bool f8 = mi.a != ElemType::F16 && mi.a != ElemType::BF16 &&
              mi.a != ElemType::F32;
    // Only the instructions whose layouts are modelled (and tested in
    // test/Emulator/mfma_gfx9*.mlir) are accepted.
    struct Shape {
      unsigned m, k, blocks, kl;
    };
    static const Shape f32Shapes[] = {{32, 1, 2, 1},
                                      {16, 1, 4, 1},
                                      {4, 1, 16, 1},
                                      {32, 2, 1, 1},
                                      {16, 4, 1, 1}};
    static const Shape halfShapes[] = {
        {32, 4, 2, 4},  {16, 4, 4, 4},  {4, 4, 16, 4}, {32, 8, 1, 4},
        {16, 16, 1, 4}, {32, 16, 1, 8}, {16, 32, 1, 8}};
    static const Shape fp8Shapes[] = {{32, 16, 1, 8}, {16, 32, 1, 8}};
    ArrayRef<Shape> known = mi.a == ElemType::F32 ? ArrayRef<Shape>(f32Shapes)
                            : f8                  ? ArrayRef<Shape>(fp8Shapes)
                                                  : ArrayRef<Shape>(halfShapes);
    bool modelled =
        mi.a == mi.b || (f8 && mi.b != ElemType::F16 &&
                         mi.b != ElemType::BF16 && mi.b != ElemType::F32);
    modelled &= llvm::any_of(known, [&](const Shape &sh) {
      return sh.m == mi.m && sh.k == mi.k && sh.blocks == mi.blocks &&
             sh.kl == mi.kl;
    });
    if (!modelled)
      return opError(&op, llvm::formatv("mfma {0}x{1}x{2} (blocks {3}) with "
                                        "{4} x {5} operands is not modelled by "
                                        "the emulator",
                                        mi.m, mi.n, mi.k, mi.blocks, ea, eb));
    bool h = mi.a == ElemType::F16 || mi.a == ElemType::BF16;
    bool kDoubled = h && mi.kl == 8;
    auto matrixType = mi.a == ElemType::BF16 ? mlir::aiter::MatrixElementType::BF16
                                             : mlir::aiter::MatrixElementType::F16;
    if (kDoubled && !K.chip.target->findMfma(matrixType, mi.m, mi.n, mi.k))
      return opError(&op, llvm::formatv("mfma {0}x{1}x{2} with {3} operands "
                                        "needs gfx950 (the target is {4})",
                                        mi.m, mi.n, mi.k, ea, K.chip.name));
    if (f8) {
      bool fnuz = mi.a == ElemType::F8E4M3FNUZ || mi.a == ElemType::F8E5M2FNUZ;
      if (fnuz != (K.chip.target->fp8Format() == mlir::aiter::Fp8Format::FNUZ))
        return opError(&op, llvm::formatv("fp8 type {0} is not the fp8 format "
                                          "of {1}",
                                          ea, K.chip.name));
    }
    unsigned accN = mi.m * mi.n * mi.blocks / 64;
    auto vc = dyn_cast<VectorType>(m.getDestC().getType());
    if (!vc || vc.getNumElements() != int64_t(accN))
      return opError(&op, "mfma accumulator size does not match its shape");
    planMfma(mi);
    I.aux = K.mfmas.size();
    K.mfmas.push_back(std::move(mi));
    I.laneDependent = true;
    return finish(OMfma, IClass::Mfma);
  }

  // vector.
  if (auto b = dyn_cast<vector::BroadcastOp>(op)) {
    auto rt = cast<VectorType>(b.getType());
    SmallVector<int64_t, 4> sshape;
    if (auto st = dyn_cast<VectorType>(b.getSourceType()))
      sshape.assign(st.getShape().begin(), st.getShape().end());
    auto rs = rt.getShape();
    auto sstr = vstrides(sshape);
    SmallVector<uint32_t, 0> map;
    SmallVector<int64_t, 4> idx;
    for (int64_t e = 0; e < rt.getNumElements(); ++e) {
      unflatten(e, rs, idx);
      int64_t src = 0, lead = rs.size() - sshape.size();
      for (size_t d = 0; d < sshape.size(); ++d)
        src += (sshape[d] == 1 ? 0 : idx[d + lead]) * sstr[d];
      map.push_back(src);
    }
    I.aux = K.maps.size();
    K.maps.push_back(std::move(map));
    if (auto e = ins(b.getSource()))
      return e;
    I.op = OGather;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (isa<vector::ShapeCastOp>(op) ||
      (isa<vector::TransposeOp>(op) &&
       cast<vector::TransposeOp>(op).getPermutation().size() <= 1)) {
    auto rt = cast<VectorType>(op.getResult(0).getType());
    SmallVector<uint32_t, 0> map;
    for (int64_t e = 0; e < rt.getNumElements(); ++e)
      map.push_back(e);
    I.aux = K.maps.size();
    K.maps.push_back(std::move(map));
    return finish(OGather);
  }
  if (auto t = dyn_cast<vector::TransposeOp>(op)) {
    auto st = t.getSourceVectorType();
    auto rt = t.getResultVectorType();
    auto perm = t.getPermutation();
    auto sstr = vstrides(st.getShape());
    SmallVector<uint32_t, 0> map;
    SmallVector<int64_t, 4> idx;
    for (int64_t e = 0; e < rt.getNumElements(); ++e) {
      unflatten(e, rt.getShape(), idx);
      int64_t src = 0;
      for (size_t d = 0; d < perm.size(); ++d)
        src += idx[d] * sstr[perm[d]];
      map.push_back(src);
    }
    I.aux = K.maps.size();
    K.maps.push_back(std::move(map));
    return finish(OGather);
  }
  if (auto x = dyn_cast<vector::ExtractOp>(op)) {
    if (llvm::any_of(x.getStaticPosition(), [](int64_t p) {
          return p < 0 && !ShapedType::isDynamic(p);
        }))
      return opError(&op, "vector.extract at a poison position");
    auto st = x.getSourceVectorType();
    bool dynamic = !x.getDynamicPosition().empty();
    auto sstr = vstrides(st.getShape());
    int64_t inner = 1;
    for (size_t d = x.getMixedPosition().size(); d < size_t(st.getRank()); ++d)
      inner *= st.getShape()[d];
    if (!dynamic) {
      int64_t base = 0;
      auto pos = x.getStaticPosition();
      for (size_t d = 0; d < pos.size(); ++d)
        base += pos[d] * sstr[d];
      SmallVector<uint32_t, 0> map;
      for (int64_t e = 0; e < inner; ++e)
        map.push_back(base + e);
      I.aux = K.maps.size();
      K.maps.push_back(std::move(map));
      if (auto e = ins(x.getSource()))
        return e;
      I.op = OGather;
      if (auto e = outs())
        return e;
      out.push_back(std::move(I));
      return llvm::Error::success();
    }
    MixedList ml;
    llvm::Error err = llvm::Error::success();
    for (OpFoldResult f : x.getMixedPosition())
      ml.offsets.push_back(enc(f, &op, err));
    if (err)
      return err;
    for (size_t d = 0; d < ml.offsets.size(); ++d) {
      ml.strides.push_back(sstr[d]);
      ml.sizes.push_back(st.getShape()[d]);
    }
    I.imm = inner;
    I.aux = K.mixed.size();
    K.mixed.push_back(ml);
    I.laneDependent = false;
    if (auto e = ins(x.getSource()))
      return e;
    I.op = OExtractDyn;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto x = dyn_cast<vector::InsertOp>(op)) {
    if (llvm::any_of(x.getStaticPosition(), [](int64_t p) {
          return p < 0 && !ShapedType::isDynamic(p);
        }))
      return opError(&op, "vector.insert at a poison position");
    auto dt = x.getDestVectorType();
    auto dstr = vstrides(dt.getShape());
    int64_t inner = 1;
    for (size_t d = x.getMixedPosition().size(); d < size_t(dt.getRank()); ++d)
      inner *= dt.getShape()[d];
    if (x.getDynamicPosition().empty()) {
      int64_t base = 0;
      auto pos = x.getStaticPosition();
      for (size_t d = 0; d < pos.size(); ++d)
        base += pos[d] * dstr[d];
      SmallVector<uint32_t, 0> map;
      for (int64_t e = 0; e < inner; ++e)
        map.push_back(base + e);
      I.aux = K.maps.size();
      K.maps.push_back(std::move(map));
      if (auto e = ins({x.getValueToStore(), x.getDest()}))
        return e;
      I.op = OScatter;
      if (auto e = outs())
        return e;
      out.push_back(std::move(I));
      return llvm::Error::success();
    }
    MixedList ml;
    llvm::Error err = llvm::Error::success();
    for (OpFoldResult f : x.getMixedPosition())
      ml.offsets.push_back(enc(f, &op, err));
    if (err)
      return err;
    for (size_t d = 0; d < ml.offsets.size(); ++d) {
      ml.strides.push_back(dstr[d]);
      ml.sizes.push_back(dt.getShape()[d]);
    }
    I.imm = inner;
    I.aux = K.mixed.size();
    K.mixed.push_back(ml);
    if (auto e = ins({x.getValueToStore(), x.getDest()}))
      return e;
    I.op = OInsertDyn;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto x = dyn_cast<vector::ShuffleOp>(op)) {
    if (x.getV1VectorType().getRank() > 1)
      return opError(&op, "vector.shuffle of rank > 1 vectors is not "
                          "supported");
    SmallVector<uint32_t, 0> map;
    for (int64_t m : x.getMask()) {
      if (m < 0)
        return opError(&op, "vector.shuffle with poison (-1) mask entries "
                            "is not supported");
      map.push_back(uint32_t(m));
    }
    I.aux = K.maps.size();
    K.maps.push_back(std::move(map));
    return finish(OShuffle2);
  }
  if (auto x = dyn_cast<vector::ExtractStridedSliceOp>(op)) {
    auto st = x.getSourceVectorType();
    auto rt = cast<VectorType>(x.getType());
    auto sstr = vstrides(st.getShape());
    SmallVector<int64_t, 4> offs, strides;
    for (Attribute a : x.getOffsets())
      offs.push_back(cast<IntegerAttr>(a).getInt());
    for (Attribute a : x.getStrides())
      strides.push_back(cast<IntegerAttr>(a).getInt());
    SmallVector<uint32_t, 0> map;
    SmallVector<int64_t, 4> idx;
    for (int64_t e = 0; e < rt.getNumElements(); ++e) {
      unflatten(e, rt.getShape(), idx);
      int64_t src = 0;
      for (size_t d = 0; d < idx.size(); ++d) {
        int64_t o = d < offs.size() ? offs[d] : 0;
        int64_t s = d < strides.size() ? strides[d] : 1;
        src += (o + idx[d] * s) * sstr[d];
      }
      map.push_back(src);
    }
    I.aux = K.maps.size();
    K.maps.push_back(std::move(map));
    return finish(OGather);
  }
  if (auto x = dyn_cast<vector::InsertStridedSliceOp>(op)) {
    auto st = x.getSourceVectorType();
    auto dt = x.getDestVectorType();
    auto dstr = vstrides(dt.getShape());
    SmallVector<int64_t, 4> offs, strides;
    for (Attribute a : x.getOffsets())
      offs.push_back(cast<IntegerAttr>(a).getInt());
    for (Attribute a : x.getStrides())
      strides.push_back(cast<IntegerAttr>(a).getInt());
    int64_t lead = dt.getRank() - st.getRank();
    SmallVector<uint32_t, 0> map;
    SmallVector<int64_t, 4> idx;
    for (int64_t e = 0; e < st.getNumElements(); ++e) {
      unflatten(e, st.getShape(), idx);
      int64_t dst = 0;
      for (int64_t d = 0; d < dt.getRank(); ++d) {
        int64_t i = d < lead ? 0 : idx[d - lead] * strides[d - lead];
        dst += (offs[d] + i) * dstr[d];
      }
      map.push_back(dst);
    }
    I.aux = K.maps.size();
    K.maps.push_back(std::move(map));
    return finish(OScatter);
  }
  if (auto c = dyn_cast<vector::ConstantMaskOp>(op)) {
    auto vt = c.getVectorType();
    auto sizes = c.getMaskDimSizes();
    ConstVal cv;
    SmallVector<int64_t, 4> idx;
    for (int64_t e = 0; e < vt.getNumElements(); ++e) {
      unflatten(e, vt.getShape(), idx);
      bool on = true;
      for (size_t d = 0; d < idx.size(); ++d)
        on &= idx[d] < sizes[d];
      cv.v.push_back(on);
    }
    if (auto e = outs())
      return e;
    I.op = OConst;
    I.cls = IClass::Other;
    I.aux = K.consts.size();
    K.consts.push_back(std::move(cv));
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (isa<vector::CreateMaskOp>(op))
    return finish(OCreateMask);
  if (isa<vector::MaskedLoadOp, vector::MaskedStoreOp>(op)) {
    bool load = isa<vector::MaskedLoadOp>(op);
    Value mem = load ? cast<vector::MaskedLoadOp>(op).getBase()
                     : cast<vector::MaskedStoreOp>(op).getBase();
    I.laneDependent = true;
    return finish(load ? OMaskedLoad : OMaskedStore,
                  memoryClass(cast<MemRefType>(mem.getType())));
  }
  if (isa<vector::FromElementsOp>(op))
    return finish(OFromElements);
  if (isa<vector::BitCastOp>(op))
    return finish(OVBitcast);
  if (auto r = dyn_cast<vector::ReductionOp>(op)) {
    I.imm = int64_t(r.getKind());
    return finish(OReduction);
  }
  if (isa<vector::LoadOp>(op) || isa<vector::StoreOp>(op)) {
    bool load = isa<vector::LoadOp>(op);
    Value mem = load ? cast<vector::LoadOp>(op).getBase()
                     : cast<vector::StoreOp>(op).getBase();
    I.cls = memoryClass(cast<MemRefType>(mem.getType()));
    I.laneDependent = true;
    I.op = load ? OVLoad : OVStore;
    if (auto e = ins(op.getOperands()))
      return e;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto t = dyn_cast<vector::TransferReadOp>(op)) {
    if (!t.getPermutationMap().isMinorIdentity())
      return opError(&op, "vector.transfer_read needs a minor identity map");
    if (!isa<MemRefType>(t.getBase().getType()))
      return opError(&op, "vector.transfer_read on tensors is not supported");
    I.cls = memoryClass(cast<MemRefType>(t.getBase().getType()));
    I.laneDependent = true;
    I.op = OTransferRead;
    if (auto e = ins(t.getBase()))
      return e;
    if (auto e = ins(t.getIndices()))
      return e;
    if (auto e = ins(t.getPadding()))
      return e;
    if (t.getMask()) {
      if (auto e = ins(t.getMask()))
        return e;
      I.imm2 = 1;
    }
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto t = dyn_cast<vector::TransferWriteOp>(op)) {
    if (!t.getPermutationMap().isMinorIdentity())
      return opError(&op, "vector.transfer_write needs a minor identity map");
    if (!isa<MemRefType>(t.getBase().getType()))
      return opError(&op, "vector.transfer_write on tensors is not supported");
    I.cls = memoryClass(cast<MemRefType>(t.getBase().getType()));
    I.laneDependent = true;
    I.op = OTransferWrite;
    if (auto e = ins(t.getValueToStore()))
      return e;
    if (auto e = ins(t.getBase()))
      return e;
    if (auto e = ins(t.getIndices()))
      return e;
    if (t.getMask()) {
      if (auto e = ins(t.getMask()))
        return e;
      I.imm2 = 1;
    }
    out.push_back(std::move(I));
    return llvm::Error::success();
  }

  // memref.
  if (isa<memref::LoadOp, memref::StoreOp>(op)) {
    bool load = isa<memref::LoadOp>(op);
    Value mem = load ? cast<memref::LoadOp>(op).getMemRef()
                     : cast<memref::StoreOp>(op).getMemRef();
    I.laneDependent = true;
    return finish(load ? OLoad : OStore,
                  memoryClass(cast<MemRefType>(mem.getType())));
  }
  if (auto a = dyn_cast<memref::AllocaOp>(op)) {
    auto mt = a.getType();
    Space sp;
    spaceOf(mt, sp);
    if (sp == Space::Workgroup) {
      if (auto e = ldsAllocFor(&op, mt, I.aux))
        return e;
      return finish(OLdsAlloc, IClass::Other);
    }
    if (!mt.hasStaticShape() || !mt.getLayout().isIdentity())
      return opError(&op, "memref.alloca needs a static identity-layout type");
    I.imm = K.numAllocas++;
    I.laneDependent = true;
    return finish(OAlloca, IClass::Other);
  }
  if (auto a = dyn_cast<memref::AllocOp>(op)) {
    Space sp;
    spaceOf(a.getType(), sp);
    if (sp != Space::Workgroup)
      return opError(&op, "memref.alloc is only supported for workgroup "
                          "memory inside a kernel");
    if (auto e = ldsAllocFor(&op, a.getType(), I.aux))
      return e;
    return finish(OLdsAlloc, IClass::Other);
  }
  if (auto a = dyn_cast<memref::AtomicRMWOp>(op)) {
    Space sp;
    spaceOf(a.getMemRefType(), sp);
    if (sp != Space::Global && sp != Space::Workgroup)
      return opError(&op, "memref.atomic_rmw is supported on global and "
                          "workgroup memory only");
    I.imm = int64_t(a.getKind());
    I.laneDependent = true;
    return finish(OAtomicRmw, memoryClass(a.getMemRefType()));
  }
  if (isa<memref::DeallocOp>(op))
    return finish(ONop, IClass::Other);
  if (auto g = dyn_cast<memref::GetGlobalOp>(op)) {
    Space sp;
    spaceOf(g.getType(), sp);
    if (sp != Space::Workgroup)
      return opError(&op, "memref.get_global is only supported for workgroup "
                          "memory");
    // Every get_global of one symbol names the same LDS allocation.
    auto it = globalAlloc.find(g.getName());
    if (it != globalAlloc.end()) {
      I.aux = it->second;
    } else {
      if (auto e = ldsAllocFor(&op, g.getType(), I.aux))
        return e;
      globalAlloc[g.getName()] = I.aux;
    }
    return finish(OLdsAlloc, IClass::Other);
  }
  if (auto s = dyn_cast<memref::SubViewOp>(op)) {
    MixedList ml;
    if (auto e = mixedOf(&op, s.getMixedOffsets(), s.getMixedSizes(),
                         s.getMixedStrides(), ml))
      return e;
    auto dropped = s.getDroppedDims();
    for (unsigned i = 0; i < dropped.size(); ++i)
      ml.dropped.push_back(dropped.test(i));
    I.aux = K.mixed.size();
    K.mixed.push_back(ml);
    I.op = OSubview;
    I.cls = IClass::Other;
    if (auto e = ins(s.getSource()))
      return e;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto v = dyn_cast<memref::ViewOp>(op)) {
    MemRefType src = v.getSource().getType(), dst = v.getType();
    IntegerAttr shift;
    if (!matchPattern(v.getByteShift(), m_Constant(&shift)))
      return opError(&op, "memref.view needs a constant byte shift");
    if (!dst.hasStaticShape() || !src.getElementType().isInteger(8))
      return opError(&op, "memref.view needs an i8 source and a static "
                          "result shape");
    unsigned bytes = (dst.getElementTypeBitWidth() + 7) / 8;
    if (shift.getInt() % bytes)
      return opError(&op, "memref.view's byte shift is not a multiple of "
                          "the result's element size");
    I.imm = shift.getInt();
    I.imm2 = bytes;
    return finish(OView, IClass::Other); // in[0] is the source
  }
  if (auto r = dyn_cast<memref::ReinterpretCastOp>(op)) {
    MixedList ml;
    if (auto e = mixedOf(&op, r.getMixedOffsets(), r.getMixedSizes(),
                         r.getMixedStrides(), ml))
      return e;
    I.aux = K.mixed.size();
    K.mixed.push_back(ml);
    I.op = OReinterpret;
    I.cls = IClass::Other;
    if (auto e = ins(r.getSource()))
      return e;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (isa<memref::CastOp, memref::MemorySpaceCastOp>(op))
    return finish(OCastMem, IClass::Other);
  if (auto c = dyn_cast<memref::CollapseShapeOp>(op)) {
    MixedList ml; // sizes: group boundaries
    for (auto &g : c.getReassociationIndices())
      ml.sizes.push_back(g.size());
    I.aux = K.mixed.size();
    K.mixed.push_back(ml);
    return finish(OCollapse, IClass::Other);
  }
  if (auto c = dyn_cast<memref::ExpandShapeOp>(op)) {
    MixedList ml;
    for (auto &g : c.getReassociationIndices())
      ml.sizes.push_back(g.size());
    auto rt = c.getResultType();
    if (!rt.hasStaticShape())
      return opError(&op, "memref.expand_shape needs a static result shape");
    for (int64_t d : rt.getShape())
      ml.offsets.push_back(d);
    I.aux = K.mixed.size();
    K.mixed.push_back(ml);
    I.op = OExpand;
    I.cls = IClass::Other;
    if (auto e = ins(c.getSrc()))
      return e;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (isa<memref::DimOp>(op))
    return finish(OMemDim, IClass::Other);
  if (isa<memref::ExtractStridedMetadataOp>(op))
    return finish(OStridedMeta, IClass::Other);
  if (auto f = dyn_cast<amdgpu::FatRawBufferCastOp>(op)) {
    if (f.getCacheSwizzleStride())
      return opError(&op, "cacheSwizzleStride is not supported");
    I.imm = f.getResetOffset() ? 1 : 0;
    I.imm2 = f.getBoundsCheck() ? 1 : 0;
    I.op = OFatCast;
    I.cls = IClass::Other;
    if (auto e = ins(f.getSource()))
      return e;
    if (f.getValidBytes())
      if (auto e = ins(f.getValidBytes()))
        return e;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto l = dyn_cast<amdgpu::RawBufferLoadOp>(op)) {
    I.imm = l.getIndexOffset().value_or(0);
    I.imm2 = (l.getBoundsCheck() ? 1 : 0) | (l.getSgprOffset() ? 2 : 0);
    I.laneDependent = true;
    I.op = ORawBufLoad;
    I.cls = IClass::Global;
    if (auto e = ins(l.getMemref()))
      return e;
    if (auto e = ins(l.getIndices()))
      return e;
    if (l.getSgprOffset())
      if (auto e = ins(l.getSgprOffset()))
        return e;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto s = dyn_cast<amdgpu::RawBufferStoreOp>(op)) {
    I.imm = s.getIndexOffset().value_or(0);
    I.imm2 = (s.getBoundsCheck() ? 1 : 0) | (s.getSgprOffset() ? 2 : 0);
    I.laneDependent = true;
    I.op = ORawBufStore;
    I.cls = IClass::Global;
    if (auto e = ins(s.getValue()))
      return e;
    if (auto e = ins(s.getMemref()))
      return e;
    if (auto e = ins(s.getIndices()))
      return e;
    if (s.getSgprOffset())
      if (auto e = ins(s.getSgprOffset()))
        return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }

  // scf.
  if (auto f = dyn_cast<scf::ForOp>(op)) {
    if (auto e = ins(op.getOperands()))
      return e;
    auto r = compileRegion(f.getRegion(), &op);
    if (!r)
      return r.takeError();
    I.r0 = *r;
    I.imm = f.getUnsignedCmp() ? 1 : 0;
    I.op = OFor;
    I.cls = IClass::Branch;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto f = dyn_cast<scf::IfOp>(op)) {
    if (auto e = ins(op.getOperands()))
      return e;
    auto r = compileRegion(f.getThenRegion(), &op);
    if (!r)
      return r.takeError();
    I.r0 = *r;
    if (!f.getElseRegion().empty()) {
      auto r1 = compileRegion(f.getElseRegion(), &op);
      if (!r1)
        return r1.takeError();
      I.r1 = *r1;
    }
    I.op = OIf;
    I.cls = IClass::Branch;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (auto w = dyn_cast<scf::WhileOp>(op)) {
    if (auto e = ins(op.getOperands()))
      return e;
    auto r = compileRegion(w.getBefore(), &op);
    if (!r)
      return r.takeError();
    I.r0 = *r;
    auto r1 = compileRegion(w.getAfter(), &op);
    if (!r1)
      return r1.takeError();
    I.r1 = *r1;
    I.op = OWhile;
    I.cls = IClass::Branch;
    if (auto e = outs())
      return e;
    out.push_back(std::move(I));
    return llvm::Error::success();
  }
  if (isa<scf::YieldOp>(op))
    return finish(OYield, IClass::Other);
  if (isa<scf::ConditionOp>(op))
    return finish(OCondition, IClass::Branch);
  if (isa<gpu::ReturnOp>(op))
    return finish(OReturn, IClass::Other);

  return opError(&op, "unsupported op in the emulator");
}

llvm::Expected<CompiledKernel> Compiler::run(gpu::GPUFuncOp func) {
  Region &body = func.getBody();
  if (!body.hasOneBlock())
    return opError(func, "only single-block kernel bodies are supported");
  Block &entry = body.front();
  K.entry = K.blocks.size();
  K.blocks.emplace_back();
  unsigned nargs = func.getNumArguments();
  for (unsigned i = 0; i < entry.getNumArguments(); ++i) {
    BlockArgument a = entry.getArgument(i);
    auto s = define(a, func);
    if (!s)
      return s.takeError();
    if (i < nargs) {
      K.argSlots.push_back(*s);
      K.argTypes.push_back(a.getType());
    }
  }
  for (BlockArgument a : func.getWorkgroupAttributions()) {
    auto mt = dyn_cast<MemRefType>(a.getType());
    if (!mt)
      return opError(func, "workgroup attribution must be a memref");
    int32_t idx;
    if (auto e = ldsAllocFor(func, mt, idx))
      return std::move(e);
    K.attributions.push_back({slotOf[a], uint32_t(idx)});
  }
  if (!func.getPrivateAttributions().empty())
    return opError(func, "private attributions are not supported");
  std::vector<Instr> ins;
  for (Operation &op : entry)
    if (auto e = compileOp(op, ins))
      return std::move(e);
  K.blocks[K.entry].ins = std::move(ins);
  return std::move(K);
}

llvm::Expected<CompiledKernel>
aemu::detail::compileKernel(Operation *func, const Chip &chip) {
  auto f = dyn_cast<gpu::GPUFuncOp>(func);
  if (!f)
    return opError(func, "expected a gpu.func");
  Compiler c(chip);
  return c.run(f);
}
