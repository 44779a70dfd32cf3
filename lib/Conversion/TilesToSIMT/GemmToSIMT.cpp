//===- GemmToSIMT.cpp - GEMM tile programs to SIMT kernels ------*- C++ -*-===//
//
// Assigns layouts to a GEMM tile program (blocked for global loads, padded LDS
// staging, MFMA operand and accumulator layouts) and emits its SIMT kernel.
//===----------------------------------------------------------------------===//

#include "SIMTBuilder.h"

#include "aiter/Conversion/Passes.h"
#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::aiter {
#define GEN_PASS_DEF_LOWERGEMMTOSIMT
#include "aiter/Conversion/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;
using namespace mlir::aiter;

namespace {

//===----------------------------------------------------------------------===//
// Recognising the GEMM tile program
//===----------------------------------------------------------------------===//

/// What the lowering needs to know about a GEMM tile program.
struct GemmProgram {
  KernelOp kernel;
  unsigned argA, argB, argC; // kernel argument numbers
  bool transA, transB;       // A stored K x M, B stored N x K
  int64_t tileM, tileN, tileK;
  Type inType, outType;
};

/// `v` is `program_id(axis) * tile`.
static bool isProgramOffset(Value v, int32_t axis, int64_t tile) {
  auto mul = v.getDefiningOp<arith::MulIOp>();
  if (!mul)
    return false;
  auto pid = mul.getLhs().getDefiningOp<ProgramIdOp>();
  std::optional<int64_t> c = getConstantIntValue(mul.getRhs());
  return pid && int32_t(pid.getAxis()) == axis && c && *c == tile;
}

/// The kernel argument number `v` is, or -1.
static int argNumber(KernelOp kernel, Value v) {
  auto arg = dyn_cast<BlockArgument>(v);
  if (!arg || arg.getOwner() != &kernel.getBody().front())
    return -1;
  return arg.getArgNumber();
}

/// Matches the GEMM tile program that aiter-expand produces (and that a user
/// writes in the same shape): a K loop whose body loads an A and a B tile at
/// (program_id(0) * tile_m, k) and (k, program_id(1) * tile_n) (through
/// `dims` permutations for transposed storage), accumulates their `aiter.dot`
/// into the loop-carried tile, and an epilogue storing the (optionally
/// truncated) result at (program_id(0) * tile_m, program_id(1) * tile_n).
static FailureOr<GemmProgram> matchGemm(KernelOp kernel) {
  auto fail = [&](const Twine &why) {
    return kernel.emitOpError("is not a GEMM tile program the SIMT lowering "
                              "supports: ")
           << why;
  };
  SmallVector<DotOp> dots;
  kernel.walk([&](DotOp d) { dots.push_back(d); });
  if (dots.size() != 1)
    return fail("expected exactly one aiter.dot, found " +
                Twine(dots.size()));
  DotOp dot = dots.front();
  auto loop = dyn_cast<scf::ForOp>(dot->getParentOp());
  if (!loop || loop->getParentOp() != kernel ||
      loop.getNumRegionIterArgs() != 1 ||
      dot.getAcc() != loop.getRegionIterArg(0))
    return fail("the aiter.dot must accumulate into the only iter_arg of a "
                "top-level scf.for");
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  if (yield.getOperand(0) != dot.getResult())
    return fail("the K loop must yield the aiter.dot result");
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
  if (!lb || *lb != 0)
    return fail("the K loop must start at 0");

  GemmProgram g;
  g.kernel = kernel;
  auto aType = dot.getA().getType(), bType = dot.getB().getType();
  g.tileM = aType.getDimSize(0);
  g.tileK = aType.getDimSize(1);
  g.tileN = bType.getDimSize(1);
  g.inType = aType.getElementType();
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!step || *step != g.tileK)
    return fail("the K loop step must equal the tile K (" + Twine(g.tileK) +
                ")");

  Value kIv = loop.getInductionVar();
  auto matchLoad = [&](Value v, int32_t axis, int64_t tile, bool isA,
                       unsigned &argNo, bool &trans) -> LogicalResult {
    auto load = v.getDefiningOp<LoadOp>();
    if (!load || load->getBlock() != loop.getBody())
      return fail(Twine(isA ? "A" : "B") +
                  " must be an aiter.load inside the K loop");
    if (load.getPadValue() != 0.0)
      return fail("loads must pad with 0");
    int no = argNumber(kernel, load.getSource());
    if (no < 0 || load.getSource().getType().getRank() != 2)
      return fail("loads must read a 2-D kernel argument");
    argNo = no;
    SmallVector<int64_t> dims = load.getTileDims();
    trans = dims[0] == 1;
    // Tile dim d runs along memref dim dims[d]; A is (M, K), B is (K, N).
    Value idxM = load.getIndices()[dims[isA ? 0 : 1]];
    Value idxK = load.getIndices()[dims[isA ? 1 : 0]];
    if (!isProgramOffset(idxM, axis, tile) || idxK != kIv)
      return fail(Twine(isA ? "A" : "B") + " must be loaded at (program_id(" +
                  Twine(axis) + ") * " + Twine(tile) + ", k)");
    return success();
  };
  if (failed(matchLoad(dot.getA(), 0, g.tileM, true, g.argA, g.transA)) ||
      failed(matchLoad(dot.getB(), 1, g.tileN, false, g.argB, g.transB)))
    return failure();
  auto kDim = loop.getUpperBound().getDefiningOp<memref::DimOp>();
  std::optional<int64_t> kDimIdx =
      kDim ? getConstantIntValue(kDim.getIndex()) : std::nullopt;
  if (!kDim || argNumber(kernel, kDim.getSource()) != int(g.argA) ||
      !kDimIdx || *kDimIdx != (g.transA ? 0 : 1))
    return fail("the K loop must run to the K size of A (memref.dim)");

  // Epilogue: store(result) or store(truncf(result)).
  Value result = loop.getResult(0);
  if (!result.hasOneUse())
    return fail("the K loop result must have one use");
  Operation *user = *result.getUsers().begin();
  Value stored = result;
  if (auto trunc = dyn_cast<arith::TruncFOp>(user)) {
    if (!trunc->hasOneUse())
      return fail("the truncated result must have one use");
    stored = trunc.getResult();
    user = *stored.getUsers().begin();
  }
  auto store = dyn_cast<StoreOp>(user);
  if (!store || store.getValue() != stored)
    return fail("the epilogue must aiter.store the result");
  SmallVector<int64_t> sdims = store.getTileDims();
  int cNo = argNumber(kernel, store.getDest());
  if (cNo < 0 || store.getDest().getType().getRank() != 2 || sdims[0] != 0 ||
      !isProgramOffset(store.getIndices()[0], 0, g.tileM) ||
      !isProgramOffset(store.getIndices()[1], 1, g.tileN))
    return fail("the result must be stored to a 2-D kernel argument at "
                "(program_id(0) * tile_m, program_id(1) * tile_n)");
  g.argC = cNo;
  g.outType = store.getValue().getType().getElementType();
  return g;
}

//===----------------------------------------------------------------------===//
// The SIMT kernel
//===----------------------------------------------------------------------===//

/// Per-chip lowering choices, from the target table and the kernel's config.
struct GemmPlan {
  const TargetInfo *target;
  const MfmaInfo *mfma;
  int64_t waves, wavesM, wavesN;
  int64_t kPerLane;   // K elements of A/B a lane feeds one MFMA
  int64_t ldsPad;     // elements of padding per LDS row
  bool aligned;       // 16-byte aligned, unit-stride contiguous dim, < 2 GiB
};

class GemmEmitter {
public:
  GemmEmitter(const GemmProgram &g, const GemmPlan &p, ImplicitLocOpBuilder &b)
      : g(g), p(p), b(b), sb(b) {}

  void emit(gpu::GPUFuncOp func);

private:
  /// Global -> registers: the chunks of one operand tile this thread loads.
  /// An operand tile is `rows` x tileK of the MFMA operand (M or N rows), in
  /// memory either K-contiguous (rows x K) or row-contiguous (K x rows).
  struct Operand {
    Value mem;        // the global memref (fat buffer when aligned)
    Value rawMem;     // the kernel argument
    Value lds;        // rows x (tileK + pad)
    int64_t rows;     // tile rows (tileM or tileN)
    bool kContiguous; // memory is rows x K
    Value rowBase;    // program_id * rows
    Value rowsTotal;  // M or N
  };

  int64_t chunks(const Operand &o) const {
    return o.rows * g.tileK / 8 / threads();
  }
  int64_t threads() const { return p.waves * 64; }

  /// Loads this thread's chunks of tile `kBase`; with `masked`, elements at
  /// k >= K read 0 (the ragged last K tile).
  SmallVector<Value> loadTile(const Operand &o, Value kBase, Value kTotal,
                              bool masked);
  /// Writes the chunks to the LDS tile (transposing row-contiguous ones).
  void storeTile(const Operand &o, ArrayRef<Value> regs);
  /// The MFMAs of one K tile.
  void mfmaTile(const Operand &a, const Operand &bOp,
                SmallVectorImpl<Value> &acc);
  /// Converts and stores the accumulators, clipped to M x N.
  void epilogue(Value c, Value mTotal, Value nTotal, ArrayRef<Value> acc);

  const GemmProgram &g;
  const GemmPlan &p;
  ImplicitLocOpBuilder &b;
  SIMTBuilder sb;
  Value tid, lane, wave, waveM, waveN;
};

SmallVector<Value> GemmEmitter::loadTile(const Operand &o, Value kBase,
                                         Value kTotal, bool masked) {
  auto vecType = VectorType::get({8}, g.inType);
  // Chunks are 8 consecutive elements along the contiguous dimension;
  // consecutive threads take consecutive chunks (coalesced 128-bit loads).
  int64_t perLine = (o.kContiguous ? g.tileK : o.rows) / 8;
  SmallVector<Value> regs;
  for (int64_t i = 0; i < chunks(o); ++i) {
    Value id = sb.addc(tid, i * threads());
    Value line = sb.divc(id, perLine);
    Value within = sb.mulc(sb.remc(id, perLine), 8);
    // (row, k) of the chunk's first element.
    Value r = o.kContiguous ? sb.add(o.rowBase, line) : sb.add(o.rowBase, within);
    Value k = o.kContiguous ? sb.add(kBase, within) : sb.add(kBase, line);
    Value v;
    if (p.aligned) {
      SmallVector<Value, 2> at = o.kContiguous ? SmallVector<Value, 2>{r, k}
                                               : SmallVector<Value, 2>{k, r};
      v = vector::LoadOp::create(b, vecType, o.mem, at, /*nontemporal=*/false,
                                 llvm::Align(16));
      if (masked) {
        // k >= K reads the next row (or past the buffer): zero it, since
        // garbage may be Inf/NaN and 0 * NaN is NaN.
        SmallVector<Value> bits;
        Value zero = arith::ConstantOp::create(b, b.getZeroAttr(g.inType));
        for (int64_t e = 0; e < 8; ++e) {
          Value ke = o.kContiguous ? sb.addc(k, e) : k;
          Value elt = vector::ExtractOp::create(b, v, e);
          bits.push_back(arith::SelectOp::create(b, sb.ult(ke, kTotal), elt, zero));
        }
        v = vector::FromElementsOp::create(b, vecType, bits);
      }
    } else {
      SmallVector<Value> elts;
      for (int64_t e = 0; e < 8; ++e) {
        Value re = o.kContiguous ? r : sb.addc(r, e);
        Value ke = o.kContiguous ? sb.addc(k, e) : k;
        elts.push_back(o.kContiguous ? sb.loadClamped(o.rawMem, {re, ke})
                                     : sb.loadClamped(o.rawMem, {ke, re}));
      }
      v = vector::FromElementsOp::create(b, vecType, elts);
    }
    regs.push_back(v);
  }
  return regs;
}

void GemmEmitter::storeTile(const Operand &o, ArrayRef<Value> regs) {
  int64_t perLine = (o.kContiguous ? g.tileK : o.rows) / 8;
  for (auto [i, v] : llvm::enumerate(regs)) {
    Value id = sb.addc(tid, int64_t(i) * threads());
    Value line = sb.divc(id, perLine);
    Value within = sb.mulc(sb.remc(id, perLine), 8);
    if (o.kContiguous) {
      vector::StoreOp::create(b, v, o.lds, ValueRange{line, within});
      continue;
    }
    // Row-contiguous memory: the chunk is 8 rows at one k.
    for (int64_t e = 0; e < 8; ++e) {
      Value elt = vector::ExtractOp::create(b, v, e);
      memref::StoreOp::create(b, elt, o.lds, ValueRange{sb.addc(within, e), line});
    }
  }
}

void GemmEmitter::mfmaTile(const Operand &a, const Operand &bOp,
                           SmallVectorImpl<Value> &acc) {
  const MfmaInfo &m = *p.mfma;
  int64_t tilesM = g.tileM / p.wavesM / m.m, tilesN = g.tileN / p.wavesN / m.n;
  auto opType = VectorType::get({p.kPerLane}, g.inType);
  auto accType = VectorType::get({int64_t(m.accRegsPerLane)}, b.getF32Type());
  // Lane l feeds row (l % m) of A / column (l % n) of B with K elements
  // [(l / m) * kPerLane, +kPerLane) of each MFMA step.
  Value laneRow = sb.remc(lane, m.m);
  Value laneK = sb.mulc(sb.divc(lane, m.m), p.kPerLane);
  Value aRow0 = sb.add(sb.mulc(waveM, g.tileM / p.wavesM), laneRow);
  Value bRow0 = sb.add(sb.mulc(waveN, g.tileN / p.wavesN), laneRow);
  for (int64_t ks = 0; ks < g.tileK / m.k; ++ks) {
    Value k = sb.addc(laneK, ks * m.k);
    SmallVector<Value> aOps, bOps;
    for (int64_t ti = 0; ti < tilesM; ++ti)
      aOps.push_back(vector::LoadOp::create(
          b, opType, a.lds, ValueRange{sb.addc(aRow0, ti * m.m), k}));
    for (int64_t tj = 0; tj < tilesN; ++tj)
      bOps.push_back(vector::LoadOp::create(
          b, opType, bOp.lds, ValueRange{sb.addc(bRow0, tj * m.n), k}));
    for (int64_t ti = 0; ti < tilesM; ++ti)
      for (int64_t tj = 0; tj < tilesN; ++tj) {
        Value &c = acc[ti * tilesN + tj];
        c = amdgpu::MFMAOp::create(
            b, accType, b.getI32IntegerAttr(m.m), b.getI32IntegerAttr(m.n),
            b.getI32IntegerAttr(m.k), b.getI32IntegerAttr(1), aOps[ti],
            bOps[tj], c);
      }
  }
}

void GemmEmitter::epilogue(Value c, Value mTotal, Value nTotal,
                           ArrayRef<Value> acc) {
  const MfmaInfo &m = *p.mfma;
  int64_t tilesN = g.tileN / p.wavesN / m.n;
  Value row0 = sb.add(sb.mulc(gpu::BlockIdOp::create(b, gpu::Dimension::x), g.tileM),
                   sb.mulc(waveM, g.tileM / p.wavesM));
  Value col0 = sb.add(sb.mulc(gpu::BlockIdOp::create(b, gpu::Dimension::y), g.tileN),
                   sb.mulc(waveN, g.tileN / p.wavesN));
  Value laneCol = sb.remc(lane, m.n);
  // Accumulator layout (CDNA3/CDNA4 ISA, MFMA D): element v of lane l is at
  // column l % n and row (v / 4) * 8 + (l / n) * 4 + v % 4 for 32x32 shapes,
  // row (l / n) * 4 + v for 16x16 shapes.
  Value laneGroup = sb.divc(lane, m.n);
  for (auto [t, vec] : llvm::enumerate(acc)) {
    int64_t ti = int64_t(t) / tilesN, tj = int64_t(t) % tilesN;
    Value tileRow = sb.addc(row0, ti * m.m);
    Value col = sb.add(sb.addc(col0, tj * m.n), laneCol);
    for (int64_t v = 0; v < int64_t(m.accRegsPerLane); ++v) {
      int64_t rowConst = m.m == 32 ? (v / 4) * 8 + v % 4 : v;
      Value row = sb.add(sb.addc(tileRow, rowConst), sb.mulc(laneGroup, 4));
      Value val = vector::ExtractOp::create(b, vec, v);
      if (!g.outType.isF32())
        val = arith::TruncFOp::create(b, g.outType, val);
      Value in = arith::AndIOp::create(b, sb.ult(row, mTotal), sb.ult(col, nTotal));
      auto ifOp = scf::IfOp::create(b, in, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      memref::StoreOp::create(b, val, c, ValueRange{row, col});
    }
  }
}

void GemmEmitter::emit(gpu::GPUFuncOp func) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value argA = entry.getArgument(g.argA), argB = entry.getArgument(g.argB),
        argC = entry.getArgument(g.argC);

  tid = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  lane = sb.remc(tid, 64);
  wave = sb.divc(tid, 64);
  waveM = sb.divc(wave, p.wavesN);
  waveN = sb.remc(wave, p.wavesN);

  Value mTotal = memref::DimOp::create(b, argA, sb.idx(g.transA ? 1 : 0));
  Value kTotal = memref::DimOp::create(b, argA, sb.idx(g.transA ? 0 : 1));
  Value nTotal = memref::DimOp::create(b, argB, sb.idx(g.transB ? 0 : 1));

  // LDS: both operands K-contiguous, rows padded so that the MFMA operand
  // reads of a wave (kPerLane elements per lane, consecutive rows) fall in
  // distinct banks.
  auto lds = [&](int64_t rows) {
    auto type = MemRefType::get(
        {rows, g.tileK + p.ldsPad}, g.inType, MemRefLayoutAttrInterface(),
        gpu::AddressSpaceAttr::get(b.getContext(),
                                   gpu::AddressSpace::Workgroup));
    return func.addWorkgroupAttribution(type, b.getLoc());
  };
  auto toBuffer = [&](Value mem) -> Value {
    if (!p.aligned)
      return mem;
    return sb.fatBuffer(mem);
  };

  Operand a{toBuffer(argA), argA, lds(g.tileM), g.tileM, !g.transA,
            sb.mulc(gpu::BlockIdOp::create(b, gpu::Dimension::x), g.tileM),
            mTotal};
  Operand bOp{toBuffer(argB), argB, lds(g.tileN), g.tileN, g.transB,
              sb.mulc(gpu::BlockIdOp::create(b, gpu::Dimension::y), g.tileN),
              nTotal};

  const MfmaInfo &m = *p.mfma;
  int64_t nAcc = (g.tileM / p.wavesM / m.m) * (g.tileN / p.wavesN / m.n);
  auto accType = VectorType::get({int64_t(m.accRegsPerLane)}, b.getF32Type());
  Value zeroAcc = arith::ConstantOp::create(
      b, accType, DenseElementsAttr::get(accType, b.getF32FloatAttr(0.0f)));
  SmallVector<Value> acc(nAcc, zeroAcc);

  // Full K tiles in a software-pipelined loop: the global loads of tile t+1
  // are issued before the MFMAs of tile t and land in registers; the ragged
  // last tile (K % tile_k) runs after the loop with masked loads.
  Value numFull = sb.divc(kTotal, g.tileK);
  SmallVector<Value> first = loadTile(a, sb.idx(0), kTotal, /*masked=*/false);
  SmallVector<Value> firstB = loadTile(bOp, sb.idx(0), kTotal, false);
  SmallVector<Value> iters = acc;
  llvm::append_range(iters, first);
  llvm::append_range(iters, firstB);
  size_t nA = first.size();
  auto loop = scf::ForOp::create(b, sb.idx(0), numFull, sb.idx(1), iters);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ValueRange it = loop.getRegionIterArgs();
    SmallVector<Value> accIt(it.begin(), it.begin() + nAcc);
    SmallVector<Value> regsA(it.begin() + nAcc, it.begin() + nAcc + nA);
    SmallVector<Value> regsB(it.begin() + nAcc + nA, it.end());
    amdgpu::LDSBarrierOp::create(b); // the previous tile's reads are done
    storeTile(a, regsA);
    storeTile(bOp, regsB);
    amdgpu::LDSBarrierOp::create(b); // this tile is visible
    Value kNext = sb.mulc(sb.addc(loop.getInductionVar(), 1), g.tileK);
    // Prefetching past the last full tile is harmless: buffer loads past the
    // end read 0, clamped loads stay in bounds; the tail reloads with masks.
    SmallVector<Value> nextA = loadTile(a, kNext, kTotal, false);
    SmallVector<Value> nextB = loadTile(bOp, kNext, kTotal, false);
    mfmaTile(a, bOp, accIt);
    SmallVector<Value> yields = accIt;
    llvm::append_range(yields, nextA);
    llvm::append_range(yields, nextB);
    scf::YieldOp::create(b, yields);
  }
  SmallVector<Value> accOut(loop.getResults().begin(),
                            loop.getResults().begin() + nAcc);

  // The ragged tail.
  Value hasTail = arith::CmpIOp::create(b, arith::CmpIPredicate::ne,
                                        sb.remc(kTotal, g.tileK), sb.idx(0));
  SmallVector<Type> accTypes(nAcc, accType);
  auto tail = scf::IfOp::create(b, accTypes, hasTail, /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.thenBlock());
    Value kBase = sb.mulc(numFull, g.tileK);
    SmallVector<Value> regsA = loadTile(a, kBase, kTotal, /*masked=*/true);
    SmallVector<Value> regsB = loadTile(bOp, kBase, kTotal, true);
    amdgpu::LDSBarrierOp::create(b);
    storeTile(a, regsA);
    storeTile(bOp, regsB);
    amdgpu::LDSBarrierOp::create(b);
    SmallVector<Value> accT = accOut;
    mfmaTile(a, bOp, accT);
    scf::YieldOp::create(b, accT);
    b.setInsertionPointToStart(tail.elseBlock());
    scf::YieldOp::create(b, accOut);
  }
  SmallVector<Value> accFinal(tail.getResults());
  epilogue(argC, mTotal, nTotal, accFinal);
  gpu::ReturnOp::create(b);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// The global memref types of the SIMT kernel: the aligned variant promises
/// unit stride along each 2-D operand's last (contiguous) dimension.
static MemRefType simtArgType(MemRefType t, bool aligned) {
  if (!aligned)
    return t;
  int64_t d = ShapedType::kDynamic;
  auto layout = StridedLayoutAttr::get(t.getContext(), 0, {d, 1});
  return MemRefType::get(t.getShape(), t.getElementType(), layout);
}

struct LowerGemmToSIMT
    : aiter::impl::LowerGemmToSIMTBase<LowerGemmToSIMT> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<KernelOp> kernels;
    for (KernelOp k : module.getOps<KernelOp>())
      if (!k->hasAttr("aiter.attention")) // aiter-lower-attention-to-simt's
        kernels.push_back(k);
    for (KernelOp kernel : kernels)
      if (failed(lower(kernel)))
        return signalPassFailure();
  }

  LogicalResult lower(KernelOp kernel) {
    FailureOr<GemmProgram> g = matchGemm(kernel);
    if (failed(g))
      return failure();
    FailureOr<const TargetInfo *> targetOr = kernelTarget(kernel, chip);
    FailureOr<bool> aligned = isAlignedVariant(kernel, variant);
    if (failed(targetOr) || failed(aligned))
      return failure();
    const TargetInfo &target = **targetOr;

    GemmPlan p;
    p.target = &target;
    p.aligned = *aligned;
    p.waves = 4;
    if (auto config = kernel->getAttrOfType<DictionaryAttr>("aiter.config"))
      if (auto w = config.getAs<IntegerAttr>("waves"))
        p.waves = w.getInt();
    FailureOr<MfmaShape> shape = configMfma(kernel);
    if (failed(shape))
      return failure();
    if (shape->m != shape->n)
      return kernel.emitOpError("bad mfma in aiter.config: ")
             << shape->str();
    int64_t mn = shape->m, mk = shape->k;
    if (!mn) { // the target table's tuned default, as aiter-expand uses
      mn = target.tuning().gemmMfmaMN;
      mk = target.tuning().gemmMfmaK;
    }
    p.mfma = target.findMfma(g->inType.isBF16() ? MatrixElementType::BF16
                                                : MatrixElementType::F16,
                             mn, mn, mk);
    if (!p.mfma)
      return kernel.emitOpError("no MFMA ")
             << mn << "x" << mn << "x" << mk << " for " << g->inType << " on "
             << target.chip();
    p.wavesM = p.waves >= 2 ? 2 : 1;
    p.wavesN = p.waves / p.wavesM;
    p.kPerLane = p.mfma->k * p.mfma->m / 64;
    p.ldsPad = p.kPerLane;
    if (g->tileM % (p.wavesM * p.mfma->m) || g->tileN % (p.wavesN * p.mfma->n) ||
        g->tileK % p.mfma->k || g->tileK % 8 || g->tileM % 8 ||
        g->tileN % 8 ||
        (g->tileM * g->tileK / 8) % (p.waves * 64) ||
        (g->tileN * g->tileK / 8) % (p.waves * 64))
      return kernel.emitOpError("tile ")
             << g->tileM << "x" << g->tileN << "x" << g->tileK
             << " does not divide among " << p.waves << " waves with MFMA "
             << p.mfma->shapeString()
             << ": tile_m and tile_n must be multiples of waves * MFMA size, "
                "tile_k a multiple of the MFMA K, and each operand tile a "
                "whole number of 128-bit chunks per thread";
    int64_t ldsBytes = (g->tileM + g->tileN) * (g->tileK + p.ldsPad) *
                       g->inType.getIntOrFloatBitWidth() / 8;
    if (ldsBytes > target.ldsBytes())
      return kernel.emitOpError("needs ")
             << ldsBytes << " bytes of LDS; " << target.chip() << " has "
             << target.ldsBytes();

    // Build gpu.module @<kernel> [#rocdl.target] { gpu.func @<kernel> }.
    SmallVector<Type> argTypes;
    for (Type t : kernel.getArgumentTypes()) {
      auto mem = dyn_cast<MemRefType>(t);
      argTypes.push_back(mem ? simtArgType(mem, p.aligned) : t);
    }
    gpu::GPUFuncOp func = createSIMTKernel(
        kernel, kernel.getSymName(),
        FunctionType::get(kernel.getContext(), argTypes, {}), target.chip(),
        p.waves * 64, variant);
    ImplicitLocOpBuilder b(kernel.getLoc(), kernel.getContext());
    GemmEmitter(*g, p, b).emit(func);
    kernel.erase();
    return success();
  }
};

} // namespace
