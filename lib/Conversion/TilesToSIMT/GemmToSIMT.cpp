//===- GemmToSIMT.cpp - GEMM tile programs to SIMT kernels ------*- C++ -*-===//
//
// Assigns layouts to a GEMM tile program (blocked for global loads, swizzled
// LDS staging, MFMA operand and accumulator layouts) and emits its SIMT kernel.
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

#include <numeric>

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
  // The emitter writes only the matched store: any other op with an effect
  // (a second store, say) would silently vanish, so it is an error.
  Operation *unmatched = nullptr;
  kernel.walk([&](Operation *op) {
    if (op == kernel || op == store || op == loop || isMemoryEffectFree(op) ||
        isa<LoadOp, scf::YieldOp, ReturnOp>(op))
      return WalkResult::advance();
    unmatched = op;
    return WalkResult::interrupt();
  });
  if (unmatched)
    return unmatched->emitOpError(
               "is not part of the one GEMM shape the current lowering "
               "supports (K loop, one dot, one store of its result); it "
               "would be dropped, so the kernel is rejected (the general "
               "tile-program compiler is issue 12)"),
           failure();
  return g;
}

//===----------------------------------------------------------------------===//
// The SIMT kernel
//===----------------------------------------------------------------------===//

/// How a lane reads its MFMA operands from an LDS tile (chosen in
/// LowerGemmToSIMT::lower, used by GemmEmitter::mfmaTile).
enum class OperandRead {
  /// One 16-byte chunk (8 K elements) per lane and read, feeding
  /// p = 8 / kPerLane consecutive MFMAs: lane group g (lane / MFMA M) reads
  /// chunk t * groups + g at read t and feeds its h-th kPerLane elements to
  /// MFMA step t * p + h. On gfx942 (p = 2) this permutes K within the tile,
  /// the same way for A and B, so the sum is unchanged; it halves the LDS
  /// reads, and 16-byte reads are what the swizzle keeps conflict-free. On
  /// gfx950 (p = 1) it is the instruction's own K order.
  Chunk,
  /// kPerLane elements per MFMA in the instruction's K order: tiles whose K
  /// is not a multiple of 8 * groups.
  Natural,
  // An operand staged with Staging::TransposeRead (row-contiguous memory on
  // chips with LDS transpose reads) reads the same K elements per lane as
  // these modes ask for, with ds_read_b64_tr_b16 instead of one vector read.
};

/// Whether a K x rows LDS tile read with LDS transpose reads is swizzled
/// (transposeReadSwizzle) rather than padded: its rows are a power-of-two
/// number of 16-byte chunks.
static bool transposeReadSwizzled(int64_t rows, int64_t elementBytes) {
  return rows * elementBytes % 16 == 0 &&
         llvm::isPowerOf2_64(rows * elementBytes / 16);
}

/// Rows of padding of a K x rows LDS tile read with LDS transpose reads: 0
/// when the tile is swizzled, else transposeReadRowPad's (the 4 K rows x 64
/// bytes that a 32x32 MFMA's lane group reads land on distinct banks).
static int64_t transposeReadPad(int64_t rows, int64_t elementBytes,
                                int64_t lineChunks) {
  if (transposeReadSwizzled(rows, elementBytes))
    return 0;
  return transposeReadRowPad(rows, elementBytes, lineChunks * 16);
}

/// Per-chip lowering choices, from the target table and the kernel's config.
struct GemmPlan {
  const TargetInfo *target;
  const MfmaInfo *mfma;
  int64_t waves, wavesM, wavesN;
  int64_t kPerLane;    // K elements of A/B a lane feeds one MFMA
  int64_t laneGroups;  // 64 / MFMA M: lanes l and l + M feed different K
  int64_t lineChunks;  // 16-byte chunks per LDS bank line (banks * 4 / 16)
  bool swizzle;        // chunks per row a power of two (else no swizzle)
  OperandRead read;
  /// Row-contiguous operands use LDS transpose reads (Staging::TransposeRead).
  bool transposeReads;
  bool aligned; // 16-byte aligned, unit-stride contiguous dim, < 2 GiB
};

//===----------------------------------------------------------------------===//
// LDS layout
//
// Each operand tile is `rows` x tile_k elements in LDS, K-contiguous, with no
// padding: a sequence of 16-byte chunks, chunk g = row * C + c for the c-th
// chunk (8 K elements) of a row (C = tile_k / 8 chunks per row). A bank line
// (all banks once: 128 bytes on gfx942, 256 on gfx950) holds L consecutive
// chunks (8 or 16); chunk g is stored at g ^ f(row) with f(row) < L and the
// same for every row of a line, which permutes the chunks within their bank
// line. Conflict-free accesses need the lanes of a phase (L lanes for 16-byte
// accesses) at L distinct positions of a line:
//  - 128-bit stores of K-contiguous chunks: a phase writes L consecutive
//    chunks, one whole line, which any in-line permutation keeps distinct.
//  - MFMA operand reads: all lanes of a phase read the same chunk c of their
//    rows. With spread rows (the wave's slab is whole 64-row groups) MFMA row
//    i of tile t reads tile row mfmaRow(t, i), which puts lanes 8a .. 8a + 7
//    in the 8 row blocks (rows 8b .. 8b + 7) and lanes i + 8 one row below
//    lane i; f takes the row block b into 3 bits of the line position (and,
//    when a row fills a gfx950 line, the row's parity into the fourth). The
//    epilogue maps accumulator rows and columns back. Otherwise rows are read
//    in order and f(row) varies over consecutive lines.
//  - Transposed stores of row-contiguous memory (TransposeQuads, gfx942): a
//    unit's 8 64-bit stores cover the 8 rows of one block at one chunk, which
//    share f (one address plus immediate offsets); a phase (16 lanes) covers
//    8 blocks x 2 halves of a chunk. (On gfx950 the 32 lanes of a phase would
//    write rows of one parity, half of the 64 banks; gfx950 uses
//    TransposeRead instead: K x rows tiles, see trColumn.)
// Measured on the emulator's bank model: the reads and the K-contiguous
// stores are conflict-free for tile_k 16 to 128 on both chips, spread or
// not; the 2-byte stores of TransposeScalar (tiles with fewer units than
// threads) keep some conflicts. A tile_k that is not a power-of-two number
// of chunks is not swizzled (correct, but conflicted).
//===----------------------------------------------------------------------===//

class GemmEmitter {
public:
  GemmEmitter(const GemmProgram &g, const GemmPlan &p, ImplicitLocOpBuilder &b)
      : g(g), p(p), b(b), sb(b) {}

  void emit(gpu::GPUFuncOp func);

private:
  /// How an operand tile gets from global memory through registers into its
  /// K-contiguous LDS tile.
  enum class Staging {
    /// Memory rows x K: 128-bit chunks of 8 K elements, 128-bit LDS stores.
    KContiguous,
    /// Memory K x rows: a thread loads units of 4 chunks at 4 consecutive k
    /// of the same 8 rows, transposes each unit in registers (16 2-of-4-byte
    /// permutes) and writes 8 x 64-bit LDS stores.
    TransposeQuads,
    /// Memory K x rows, tiles without a whole number of units per thread:
    /// 8 2-byte LDS stores per chunk.
    TransposeScalar,
    /// Memory K x rows on chips with LDS transpose reads (gfx950): chunks (8
    /// rows at one k) go as they are, 128-bit stores, into a K x rows tile
    /// (`trLds`; chunks permuted by trColumn, or rows padded by
    /// transposeReadPad when a K row is not a power-of-two number of chunks),
    /// and the MFMA operands come back through ds_read_b64_tr_b16
    /// (SIMTBuilder::transposedRun4), rows in MFMA order.
    TransposeRead,
  };

  /// Global -> registers -> LDS: the chunks of one operand tile, `rows` x
  /// tileK of the MFMA operand (M or N rows).
  struct Operand {
    Value mem;        // the global memref (fat buffer when aligned)
    Value rawMem;     // the kernel argument
    Value lds;        // rows x tileK (flat, see ldsIndex), swizzled
    int64_t rows;     // tile rows (tileM or tileN)
    Staging staging;
    Value rowBase;    // program_id * rows
    Value rowsTotal;  // M or N
    Value slab;       // first tile row of this wave's MFMA rows
    int64_t slabRows; // tile rows per wave
    Value trLds;      // TransposeRead: K x (rows + pad), row-contiguous
  };

  int64_t chunks(const Operand &o) const {
    return o.rows * g.tileK / 8 / threads();
  }
  int64_t threads() const { return p.waves * 64; }

  Value xori(Value x, Value y) { return arith::XOrIOp::create(b, x, y); }
  /// f(row) of the LDS layout for `o`'s tile.
  Value swizzle(const Operand &o, Value row);
  /// The bits f may set.
  int64_t swizzleBits(const Operand &o) const;
  /// How many rows apart two rows must be to share f.
  int64_t swizzlePeriod(const Operand &o) const;
  /// The LDS element index of K element `k` (a multiple of 8 plus an offset
  /// within its chunk) of tile row `row`; `swizzleRow` is a row with the
  /// same f (default: `row`), which lets A and B share its computation.
  Value ldsIndex(const Operand &o, Value row, Value k,
                 Value swizzleRow = Value());
  /// Whether ldsIndex(row + d, k) = ldsIndex(row, k) + d * tile_k when f is
  /// the same for both rows: the added chunks stay clear of f's bits.
  bool shiftsByRows(const Operand &o, int64_t d) const {
    int64_t chunks = d * (g.tileK / 8);
    return chunks % p.lineChunks == 0 ||
           swizzleBits(o) < (chunks & -chunks);
  }
  /// `lds` advanced by `rowOffset` rows: a constant offset that LLVM keeps
  /// as the ds instruction's immediate (an index add would not survive
  /// instcombine's add -> or rewriting).
  Value ldsRows(Value lds, int64_t rowOffset);
  /// The tile row (within the wave's slab) that MFMA row `i` of MFMA tile
  /// `t` reads; the epilogue maps accumulator rows back through it.
  Value mfmaRow(const Operand &o, int64_t t, Value i);
  /// Whether mfmaRow spreads the lanes of a read phase over row blocks (the
  /// wave's slab is whole 64-row groups); then all MFMA tiles of a lane read
  /// rows with the same swizzle.
  bool spreadsRows(const Operand &o) const;
  /// With spread rows: mfmaRow(o, t, i) - mfmaRow(o, 0, i).
  int64_t mfmaRowOffset(int64_t t) const;
  /// With spread rows: mfmaRow(o, 0, i).
  Value spreadRow(Value i);
  /// The tile (row, k) of the first element of this thread's chunk `i`.
  std::pair<Value, Value> chunkOrigin(const Operand &o, int64_t i);

  /// Loads this thread's chunks of tile `kBase`; with `masked`, elements at
  /// k >= K read 0 (the ragged K tile).
  SmallVector<Value> loadTile(const Operand &o, Value kBase, Value kTotal,
                              bool masked);
  /// Writes the chunks to the LDS tile (transposing row-contiguous ones).
  void storeTile(const Operand &o, ArrayRef<Value> regs);
  /// Stores `v` (a vector<4> or an element) at row `block + e`, K element
  /// `k` of `o`'s LDS tile; `block` is a multiple of 8.
  void storeRow(const Operand &o, Value v, Value block, int64_t e, Value k);
  /// The LDS store instructions storeTile issues (at most).
  int64_t ldsStores(const Operand &o) const {
    return o.staging == Staging::KContiguous ||
                   o.staging == Staging::TransposeRead
               ? chunks(o)
           : o.staging == Staging::TransposeQuads ? chunks(o) / 4 * 8
                                                  : chunks(o) * 8;
  }
  /// TransposeRead tiles: the column at which logical column `col` (of K
  /// row `row`) is stored. Swizzled tiles permute the 16-byte chunks of a K
  /// row within their bank line by f(row), chosen so that the K rows a
  /// phase of transpose reads touches (4 consecutive rows for 32x32 MFMAs,
  /// two such runs 8 apart for 16x16) land in distinct banks: rows sharing
  /// a bank line are told apart by their position in it, the others by f.
  Value trColumn(const Operand &o, Value row, Value col);
  /// The MFMAs of one K tile.
  void mfmaTile(const Operand &a, const Operand &bOp,
                SmallVectorImpl<Value> &acc);
  /// Converts and stores the accumulators, clipped to M x N.
  void epilogue(Value c, const Operand &a, const Operand &bOp,
                ArrayRef<Value> acc);

  const GemmProgram &g;
  const GemmPlan &p;
  ImplicitLocOpBuilder &b;
  SIMTBuilder sb;
  Value tid, lane, wave, waveM, waveN;
};

Value GemmEmitter::ldsRows(Value lds, int64_t rowOffset) {
  if (!rowOffset)
    return lds;
  auto type = cast<MemRefType>(lds.getType());
  int64_t off = rowOffset * g.tileK, size = type.getDimSize(0) - off;
  auto viewType = MemRefType::get(
      {size}, type.getElementType(),
      StridedLayoutAttr::get(b.getContext(), off, {1}), type.getMemorySpace());
  return memref::ReinterpretCastOp::create(b, viewType, lds, off, {size}, {1});
}

int64_t GemmEmitter::swizzleBits(const Operand &o) const {
  if (!p.swizzle)
    return 0;
  int64_t chunksPerRow = g.tileK / 8;
  if (!spreadsRows(o))
    return std::min(p.lineChunks, chunksPerRow) - 1;
  if (p.lineChunks == 8)
    return 7;
  // 16-chunk lines (gfx950): lanes i and i + 8 of a phase read rows r and
  // r + 1 (r even). When a row fills its line, f tells them apart by r's
  // parity (bit 3); otherwise they share a line and their positions differ in
  // bit log2(C) (the row within the line), which f's 3 bits must avoid.
  if (chunksPerRow >= p.lineChunks)
    return 15;
  return 15 & ~chunksPerRow;
}

int64_t GemmEmitter::swizzlePeriod(const Operand &o) const {
  return spreadsRows(o) ? 64 : 8 * (swizzleBits(o) + 1);
}

Value GemmEmitter::swizzle(const Operand &o, Value row) {
  int64_t chunksPerRow = g.tileK / 8, bits = swizzleBits(o);
  if (!bits)
    return sb.idx(0);
  Value block = arith::ShRUIOp::create(b, row, sb.idx(3));
  if (!spreadsRows(o)) {
    // Rows are read in order: distinct f over consecutive lines (and the
    // row block, for stores of 8-row blocks).
    int64_t rowsPerLine = std::max<int64_t>(1, p.lineChunks / chunksPerRow);
    Value line = sb.divc(row, rowsPerLine);
    return arith::AndIOp::create(b, xori(line, block), sb.idx(bits));
  }
  block = arith::AndIOp::create(b, block, sb.idx(7));
  if (bits == 7)
    return block;
  if (bits == 15) // the row's parity in bit 3
    return arith::OrIOp::create(
        b, block, sb.mulc(arith::AndIOp::create(b, row, sb.idx(1)), 8));
  // The block's 3 bits around the free bit log2(C).
  int64_t low = chunksPerRow - 1;
  return sb.add(arith::AndIOp::create(b, block, sb.idx(low)),
                sb.mulc(arith::AndIOp::create(b, block, sb.idx(7 & ~low)), 2));
}

Value GemmEmitter::ldsIndex(const Operand &o, Value row, Value k,
                            Value swizzleRow) {
  Value chunk = sb.add(sb.mulc(row, g.tileK / 8), sb.divc(k, 8));
  chunk = xori(chunk, swizzle(o, swizzleRow ? swizzleRow : row));
  return sb.add(sb.mulc(chunk, 8), sb.remc(k, 8));
}

bool GemmEmitter::spreadsRows(const Operand &o) const {
  // Transpose reads take 16 consecutive rows per group: MFMA order.
  return o.staging != Staging::TransposeRead && o.slabRows % 64 == 0 &&
         p.mfma->m % 8 == 0;
}

Value GemmEmitter::mfmaRow(const Operand &o, int64_t t, Value i) {
  if (!spreadsRows(o))
    return sb.addc(i, t * p.mfma->m);
  return sb.addc(spreadRow(i), mfmaRowOffset(t));
}

Value GemmEmitter::spreadRow(Value i) {
  // q = t * (m / 8) + i / 8 enumerates the 8-row groups of the slab in MFMA
  // order; row i of group q is row q % 8 of row block (q / 8) * 8 + i % 8.
  // For t = 0: q = i / 8.
  return sb.add(sb.mulc(sb.remc(i, 8), 8), sb.divc(i, 8));
}

int64_t GemmEmitter::mfmaRowOffset(int64_t t) const {
  // i / 8 < m / 8 never carries into q / 8, so tile t is tile 0 plus this
  // constant, in the same row blocks modulo 8 (the same swizzle).
  int64_t q0 = t * (p.mfma->m / 8);
  return (q0 / 8) * 64 + q0 % 8;
}

std::pair<Value, Value> GemmEmitter::chunkOrigin(const Operand &o, int64_t i) {
  if (o.staging == Staging::TransposeQuads) {
    // Unit u = (row block w, k quad kq); `low` consecutive units take
    // consecutive row blocks (8 of them: a 128-byte run of one memory row),
    // then the next k quads. `low` divides the row blocks.
    int64_t blocks = o.rows / 8, quads = g.tileK / 4;
    int64_t low = std::gcd<int64_t>(8, blocks);
    Value u = sb.addc(tid, (i / 4) * threads());
    Value w = sb.add(sb.mulc(sb.divc(u, low * quads), low), sb.remc(u, low));
    Value kq = sb.remc(sb.divc(u, low), quads);
    return {sb.mulc(w, 8), sb.addc(sb.mulc(kq, 4), i % 4)};
  }
  // Chunks are 8 consecutive elements along the contiguous dimension;
  // consecutive threads take consecutive chunks (coalesced 128-bit loads).
  bool kc = o.staging == Staging::KContiguous;
  int64_t perLine = (kc ? g.tileK : o.rows) / 8;
  Value id = sb.addc(tid, i * threads());
  Value line = sb.divc(id, perLine);
  Value within = sb.mulc(sb.remc(id, perLine), 8);
  return kc ? std::pair{line, within} : std::pair{within, line};
}

SmallVector<Value> GemmEmitter::loadTile(const Operand &o, Value kBase,
                                         Value kTotal, bool masked) {
  auto vecType = VectorType::get({8}, g.inType);
  bool kc = o.staging == Staging::KContiguous;
  SmallVector<Value> regs;
  for (int64_t i = 0; i < chunks(o); ++i) {
    auto [tr, tk] = chunkOrigin(o, i);
    // (row, k) of the chunk's first element.
    Value r = sb.add(o.rowBase, tr);
    Value k = sb.add(kBase, tk);
    Value v;
    if (p.aligned) {
      SmallVector<Value, 2> at =
          kc ? SmallVector<Value, 2>{r, k} : SmallVector<Value, 2>{k, r};
      v = vector::LoadOp::create(b, vecType, o.mem, at, /*nontemporal=*/false,
                                 llvm::Align(16));
      if (masked) {
        // k >= K reads the next row (or past the buffer): zero it, since
        // garbage may be Inf/NaN and 0 * NaN is NaN.
        SmallVector<Value> bits;
        Value zero = arith::ConstantOp::create(b, b.getZeroAttr(g.inType));
        for (int64_t e = 0; e < 8; ++e) {
          Value ke = kc ? sb.addc(k, e) : k;
          Value elt = vector::ExtractOp::create(b, v, e);
          bits.push_back(
              arith::SelectOp::create(b, sb.ult(ke, kTotal), elt, zero));
        }
        v = vector::FromElementsOp::create(b, vecType, bits);
      }
    } else {
      SmallVector<Value> elts;
      for (int64_t e = 0; e < 8; ++e) {
        Value re = kc ? r : sb.addc(r, e);
        Value ke = kc ? sb.addc(k, e) : k;
        elts.push_back(kc ? sb.loadClamped(o.rawMem, {re, ke})
                          : sb.loadClamped(o.rawMem, {ke, re}));
      }
      v = vector::FromElementsOp::create(b, vecType, elts);
    }
    regs.push_back(v);
  }
  return regs;
}

void GemmEmitter::storeTile(const Operand &o, ArrayRef<Value> regs) {
  switch (o.staging) {
  case Staging::KContiguous: {
    // Chunk i is i * step rows below chunk 0. Rows a multiple of the swizzle
    // period apart share f: those stores share one address and differ by an
    // immediate offset.
    int64_t perLine = g.tileK / 8, period = swizzlePeriod(o);
    int64_t step = threads() % perLine == 0 ? threads() / perLine : 0;
    for (auto [i, v] : llvm::enumerate(regs)) {
      int64_t rows = int64_t(i) * step, near = rows % period;
      if (!step || !shiftsByRows(o, rows - near)) {
        auto [r, k] = chunkOrigin(o, i);
        vector::StoreOp::create(b, v, o.lds, ldsIndex(o, r, k),
                                /*nontemporal=*/false, llvm::Align(16));
        continue;
      }
      auto [r0, k] = chunkOrigin(o, 0);
      vector::StoreOp::create(b, v, ldsRows(o.lds, rows - near),
                              ldsIndex(o, sb.addc(r0, near), k),
                              /*nontemporal=*/false, llvm::Align(16));
    }
    return;
  }
  case Staging::TransposeQuads: {
    // Unit: chunks j = 0..3 hold rows r..r+7 at k + j; row e's four k are
    // element e of each (two 32-bit words, each gathered from two chunks'
    // halves: a v_perm_b32).
    auto rowType = VectorType::get({4}, g.inType);
    for (size_t u = 0; u < regs.size(); u += 4) {
      auto [r, k] = chunkOrigin(o, u);
      for (int64_t e = 0; e < 8; ++e) {
        SmallVector<Value> elts;
        for (int64_t j = 0; j < 4; ++j)
          elts.push_back(vector::ExtractOp::create(b, regs[u + j], e));
        storeRow(o, vector::FromElementsOp::create(b, rowType, elts), r, e, k);
      }
    }
    return;
  }
  case Staging::TransposeRead:
    // The chunk is 8 rows at one k: one 128-bit store into the K x rows tile.
    for (auto [i, v] : llvm::enumerate(regs)) {
      auto [r, k] = chunkOrigin(o, i);
      vector::StoreOp::create(b, v, o.trLds, ValueRange{k, trColumn(o, k, r)},
                              /*nontemporal=*/false, llvm::Align(16));
    }
    return;
  case Staging::TransposeScalar:
    // The chunk is 8 rows (one row block) at one k.
    for (auto [i, v] : llvm::enumerate(regs)) {
      auto [r, k] = chunkOrigin(o, i);
      for (int64_t e = 0; e < 8; ++e)
        storeRow(o, vector::ExtractOp::create(b, v, e), r, e, k);
    }
    return;
  }
}

void GemmEmitter::storeRow(const Operand &o, Value v, Value block, int64_t e,
                           Value k) {
  // The rows of a block share f unless f holds the row's parity: then the
  // even and the odd rows each share one address plus immediate offsets.
  bool parity = swizzleBits(o) & 8 && spreadsRows(o) &&
                g.tileK / 8 >= p.lineChunks;
  int64_t base = parity ? e % 2 : 0;
  Value mem = o.lds, index;
  if (spreadsRows(o) && shiftsByRows(o, e - base)) {
    mem = ldsRows(o.lds, e - base);
    index = ldsIndex(o, sb.addc(block, base), k);
  } else {
    index = ldsIndex(o, sb.addc(block, e), k);
  }
  if (auto type = dyn_cast<VectorType>(v.getType()))
    vector::StoreOp::create(
        b, v, mem, index, /*nontemporal=*/false,
        llvm::Align(type.getNumElements() * g.inType.getIntOrFloatBitWidth() /
                    8));
  else
    memref::StoreOp::create(b, v, mem, index);
}

Value GemmEmitter::trColumn(const Operand &o, Value row, Value col) {
  int64_t eltBytes = g.inType.getIntOrFloatBitWidth() / 8;
  if (!transposeReadSwizzled(o.rows, eltBytes))
    return col;
  int64_t chunkElems = 16 / eltBytes, rowChunks = o.rows / chunkElems;
  // q K rows share a bank line (told apart by their place in it); a read
  // phase covers W chunks of each K row it touches.
  int64_t q = std::max<int64_t>(1, p.lineChunks / rowChunks);
  int64_t w = p.mfma->m == 32 ? 4 : 2;
  Value h = sb.divc(sb.remc(row, 4), q);
  if (p.mfma->m == 16)
    h = sb.add(h, sb.mulc(sb.remc(sb.divc(row, 8), 2), 4 / q));
  Value f = sb.mulc(h, w);
  Value chunk = xori(sb.divc(col, chunkElems), f);
  return sb.add(sb.mulc(chunk, chunkElems), sb.remc(col, chunkElems));
}

void GemmEmitter::mfmaTile(const Operand &a, const Operand &bOp,
                           SmallVectorImpl<Value> &acc) {
  const MfmaInfo &m = *p.mfma;
  int64_t tilesM = g.tileM / p.wavesM / m.m, tilesN = g.tileN / p.wavesN / m.n;
  // Lane l feeds MFMA row (l % m) of A / column (l % n) of B; its lane group
  // l / m picks the K elements.
  Value i = sb.remc(lane, m.m);
  Value group = sb.divc(lane, m.m);
  // With spread rows, every row a lane reads has the f of its tile-0 row
  // without the slab (a multiple of 64 rows), shared by A, B and all MFMA
  // tiles: one base address per operand and K position plus immediate
  // offsets.
  Value row0 = spreadRow(i);
  auto read = [&](const Operand &o, int64_t t, Value k, int64_t n) -> Value {
    if (o.staging == Staging::TransposeRead) {
      // K elements [k, k + n) of MFMA row i of tile t, 4 per transpose read;
      // k depends only on the lane group, so it is the same for the 16
      // lanes of a transpose group, which cover rows (i / 16) * 16 + [0, 16).
      Value col0 = sb.add(o.slab, sb.addc(sb.mulc(sb.divc(i, 16), 16),
                                          t * m.m));
      auto place = [&](Value row, Value col) { return trColumn(o, row, col); };
      Value v = sb.transposedRun4(o.trLds, lane, k, col0, place);
      for (int64_t j = 4; j < n; j += 4) {
        Value w =
            sb.transposedRun4(o.trLds, lane, sb.addc(k, j), col0, place);
        SmallVector<int64_t> mask;
        for (int64_t e = 0; e < j + 4; ++e)
          mask.push_back(e);
        v = vector::ShuffleOp::create(b, v, w, mask);
      }
      return v;
    }
    Value index, mem = o.lds;
    int64_t d = spreadsRows(o) ? mfmaRowOffset(t) : 0;
    if (spreadsRows(o) && shiftsByRows(o, d)) {
      index = ldsIndex(o, sb.add(o.slab, row0), k, row0);
      mem = ldsRows(o.lds, d);
    } else if (spreadsRows(o)) {
      index = ldsIndex(o, sb.addc(sb.add(o.slab, row0), d), k, row0);
    } else {
      Value row = sb.add(o.slab, mfmaRow(o, t, i));
      index = ldsIndex(o, row, k);
    }
    return vector::LoadOp::create(
        b, VectorType::get({n}, g.inType), mem, index,
        /*nontemporal=*/false,
        llvm::Align(n * g.inType.getIntOrFloatBitWidth() / 8));
  };
  auto mfmas = [&](ArrayRef<Value> aOps, ArrayRef<Value> bOps) {
    auto accType = VectorType::get({int64_t(m.accRegsPerLane)}, b.getF32Type());
    for (int64_t ti = 0; ti < tilesM; ++ti)
      for (int64_t tj = 0; tj < tilesN; ++tj) {
        Value &c = acc[ti * tilesN + tj];
        c = amdgpu::MFMAOp::create(
            b, accType, b.getI32IntegerAttr(m.m), b.getI32IntegerAttr(m.n),
            b.getI32IntegerAttr(m.k), b.getI32IntegerAttr(1), aOps[ti],
            bOps[tj], c);
      }
  };
  // A read step: each lane's operands for one chunk of K (Chunk: 8 elements
  // per lane, 8 / kPerLane MFMA steps) or one MFMA step (Natural).
  bool chunkReads = p.read == OperandRead::Chunk;
  int64_t perRead = chunkReads ? 8 / p.kPerLane : 1;
  int64_t readSteps = chunkReads ? g.tileK / (8 * p.laneGroups) : g.tileK / m.k;
  int64_t readElems = chunkReads ? 8 : p.kPerLane;
  auto readStep = [&](int64_t t) {
    Value k = chunkReads
                  ? sb.mulc(sb.addc(group, t * p.laneGroups), 8)
                  : sb.addc(sb.mulc(group, p.kPerLane), t * m.k);
    // The first MFMA's operands (A and B tile 0) are read last: waiting for
    // them waits for the whole step, so the step needs a single s_waitcnt.
    SmallVector<Value> vals(tilesM + tilesN);
    for (int64_t ti = tilesM - 1; ti > 0; --ti)
      vals[ti] = read(a, ti, k, readElems);
    for (int64_t tj = tilesN - 1; tj > 0; --tj)
      vals[tilesM + tj] = read(bOp, tj, k, readElems);
    vals[0] = read(a, 0, k, readElems);
    vals[tilesM] = read(bOp, 0, k, readElems);
    return vals;
  };
  auto mfmaStep = [&](ArrayRef<Value> vals) {
    for (int64_t h = 0; h < perRead; ++h) {
      auto slice = [&](Value v) -> Value {
        if (perRead == 1)
          return v;
        // extract + from_elements: LLVM folds it to a subregister, and
        // the ROCDL lowering has no extract_strided_slice pattern.
        SmallVector<Value> elts;
        for (int64_t e = 0; e < p.kPerLane; ++e)
          elts.push_back(vector::ExtractOp::create(b, v, h * p.kPerLane + e));
        return vector::FromElementsOp::create(
            b, VectorType::get({p.kPerLane}, g.inType), elts);
      };
      SmallVector<Value> ops;
      for (Value v : vals)
        ops.push_back(slice(v));
      mfmas(ArrayRef(ops).take_front(tilesM), ArrayRef(ops).drop_front(tilesM));
    }
  };
  // Operands are read one step ahead: step t + 1's reads are issued before
  // step t's MFMAs, so one wait per step covers a whole step's reads.
  SmallVector<Value> cur = readStep(0);
  for (int64_t t = 0; t < readSteps; ++t) {
    SmallVector<Value> next;
    if (t + 1 < readSteps)
      next = readStep(t + 1);
    mfmaStep(cur);
    cur = std::move(next);
  }
  // LLVM's scheduler would otherwise move each read next to its first use
  // (one wait per MFMA); pin the order: step 0's reads, then per step the
  // next step's reads and this step's MFMAs.
  enum : uint32_t { kMfma = 0x8, kDsRead = 0x100 };
  auto readsPerTile = [&](const Operand &o) -> int64_t {
    return o.staging == Staging::TransposeRead ? readElems / 4 : 1;
  };
  int64_t reads = tilesM * readsPerTile(a) + tilesN * readsPerTile(bOp),
          mfmasPerStep = tilesM * tilesN * perRead;
  ROCDL::SchedGroupBarrier::create(b, kDsRead, reads, 0);
  for (int64_t t = 0; t < readSteps; ++t) {
    if (t + 1 < readSteps)
      ROCDL::SchedGroupBarrier::create(b, kDsRead, reads, 0);
    ROCDL::SchedGroupBarrier::create(b, kMfma, mfmasPerStep, 0);
  }
}

void GemmEmitter::epilogue(Value c, const Operand &a, const Operand &bOp,
                           ArrayRef<Value> acc) {
  const MfmaInfo &m = *p.mfma;
  int64_t tilesN = g.tileN / p.wavesN / m.n;
  Value row0 = sb.add(a.rowBase, a.slab);
  Value col0 = sb.add(bOp.rowBase, bOp.slab);
  Value laneCol = sb.remc(lane, m.n);
  // Accumulator layout (CDNA3/CDNA4 ISA, MFMA D): element v of lane l is at
  // column l % n and row (v / 4) * 8 + (l / n) * 4 + v % 4 for 32x32 shapes,
  // row (l / n) * 4 + v for 16x16 shapes; mfmaRow maps both to tile rows.
  Value laneGroup4 = sb.mulc(sb.divc(lane, m.n), 4);
  for (auto [t, vec] : llvm::enumerate(acc)) {
    int64_t ti = int64_t(t) / tilesN, tj = int64_t(t) % tilesN;
    Value col = sb.add(col0, mfmaRow(bOp, tj, laneCol));
    for (int64_t v = 0; v < int64_t(m.accRegsPerLane); ++v) {
      int64_t rowConst = m.m == 32 ? (v / 4) * 8 + v % 4 : v;
      Value row = sb.add(row0, mfmaRow(a, ti, sb.addc(laneGroup4, rowConst)));
      Value val = vector::ExtractOp::create(b, vec, v);
      if (!g.outType.isF32())
        val = arith::TruncFOp::create(b, g.outType, val);
      Value in = arith::AndIOp::create(b, sb.ult(row, a.rowsTotal),
                                       sb.ult(col, bOp.rowsTotal));
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

  auto workgroup = [&](ArrayRef<int64_t> shape) {
    return func.addWorkgroupAttribution(
        MemRefType::get(shape, g.inType, MemRefLayoutAttrInterface(),
                        gpu::AddressSpaceAttr::get(
                            b.getContext(), gpu::AddressSpace::Workgroup)),
        b.getLoc());
  };
  // One operand tile: `rows` (tile_m or tile_n) x tile_k of argument `arg`,
  // K-contiguous in memory or not, in block-id dimension `dim`, of which
  // this wave's MFMA rows start at wave index `waveIdx` times its slab.
  auto operand = [&](Value arg, int64_t rows, bool kContiguous,
                     gpu::Dimension dim, Value total, Value waveIdx,
                     int64_t slabRows) {
    Operand o;
    o.mem = p.aligned ? sb.fatBuffer(arg) : arg;
    o.rawMem = arg;
    o.rows = rows;
    // Row-contiguous tiles: LDS transpose reads where the chip has them,
    // else the register transpose when every thread gets whole units of 4
    // chunks.
    int64_t units = rows / 8 * (g.tileK / 4);
    o.staging = kContiguous            ? Staging::KContiguous
                : p.transposeReads     ? Staging::TransposeRead
                : units % threads() == 0 ? Staging::TransposeQuads
                                         : Staging::TransposeScalar;
    // LDS: K-contiguous and unpadded, 16-byte chunks XOR-swizzled by row
    // block (see "LDS layout" above); transpose-read tiles K x rows.
    if (o.staging == Staging::TransposeRead)
      o.trLds = workgroup(
          {g.tileK,
           rows + transposeReadPad(rows, g.inType.getIntOrFloatBitWidth() / 8,
                                   p.lineChunks)});
    else
      o.lds = workgroup({rows * g.tileK});
    o.rowBase = sb.mulc(gpu::BlockIdOp::create(b, dim), rows);
    o.rowsTotal = total;
    o.slab = sb.mulc(waveIdx, slabRows);
    o.slabRows = slabRows;
    return o;
  };
  Operand a = operand(argA, g.tileM, !g.transA, gpu::Dimension::x, mTotal,
                      waveM, g.tileM / p.wavesM);
  Operand bOp = operand(argB, g.tileN, g.transB, gpu::Dimension::y, nTotal,
                        waveN, g.tileN / p.wavesN);

  const MfmaInfo &m = *p.mfma;
  int64_t nAcc = (g.tileM / p.wavesM / m.m) * (g.tileN / p.wavesN / m.n);
  auto accType = VectorType::get({int64_t(m.accRegsPerLane)}, b.getF32Type());
  Value zeroAcc = arith::ConstantOp::create(
      b, accType, DenseElementsAttr::get(accType, b.getF32FloatAttr(0.0f)));
  SmallVector<Value> acc(nAcc, zeroAcc);

  // One software-pipelined loop over all K tiles: the global loads of the
  // next tile are issued before the MFMAs of the current one and land in
  // registers. The ragged tile (K % tile_k) goes first, loaded with masks
  // before the loop, so that the loop needs no masks and no second copy of
  // the MFMA code holds the accumulators after it; the loop then takes the
  // full tiles 0 .. K / tile_k - 1.
  Value numFull = sb.divc(kTotal, g.tileK);
  Value numTiles = sb.divc(sb.addc(kTotal, g.tileK - 1), g.tileK);
  Value tailTiles = sb.sub(numTiles, numFull); // 0 or 1
  Value kFirst = sb.mul(tailTiles, sb.mulc(numFull, g.tileK));
  // K = 0 (D = 0, as BLAS): an empty operand has no element a clamped load
  // could fall back to, so the general variant loads the first tile only
  // when K > 0 (a uniform branch outside the loop); the loop then runs no
  // iteration.
  // (The aligned variant needs no branch: its buffer resources end at the
  // operands' extent, 0 bytes when K = 0, so the same loads read 0.)
  auto firstTile = [&] {
    SmallVector<Value> v = loadTile(a, kFirst, kTotal, /*masked=*/true);
    llvm::append_range(v, loadTile(bOp, kFirst, kTotal, true));
    return v;
  };
  SmallVector<Value> first =
      p.aligned ? firstTile()
                : sb.valuesIfElseZero(sb.ult(sb.idx(0), kTotal), firstTile);
  SmallVector<Value> firstB(first.begin() + chunks(a), first.end());
  first.resize(chunks(a));
  // Iteration i loads full tile i + 1 - tailTiles.
  Value nextOffset = sb.sub(sb.idx(1), tailTiles);
  SmallVector<Value> iters = acc;
  llvm::append_range(iters, first);
  llvm::append_range(iters, firstB);
  size_t nA = first.size();
  auto loop = scf::ForOp::create(b, sb.idx(0), numTiles, sb.idx(1), iters);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ValueRange it = loop.getRegionIterArgs();
    SmallVector<Value> accIt(it.begin(), it.begin() + nAcc);
    SmallVector<Value> regsA(it.begin() + nAcc, it.begin() + nAcc + nA);
    SmallVector<Value> regsB(it.begin() + nAcc + nA, it.end());
    amdgpu::LDSBarrierOp::create(b); // the previous tile's reads are done
    // One wait for all the prefetched chunks (LLVM would wait before each
    // store for the loads up to its own, in whatever order it stores them).
    amdgpu::MemoryCounterWaitOp::create(b, b.getI32IntegerAttr(0), nullptr,
                                        nullptr, nullptr, nullptr);
    storeTile(a, regsA);
    storeTile(bOp, regsB);
    // The next tile's global loads go before the barrier: there they fly
    // during the barrier and the MFMAs, and the barrier's fence keeps LLVM
    // from sinking them into the next iteration (instcombine folds a phi of
    // two loads into one load after the phi when nothing in between may
    // write memory, which would serialise load and LDS store).
    Value kNext =
        sb.mulc(sb.add(loop.getInductionVar(), nextOffset), g.tileK);
    // The last iteration prefetches past the last full tile, which is
    // harmless: buffer loads past the end read 0, clamped loads stay in
    // bounds, and the values are not used.
    SmallVector<Value> nextA = loadTile(a, kNext, kTotal, false);
    SmallVector<Value> nextB = loadTile(bOp, kNext, kTotal, false);
    // All LDS stores, then all global loads: the stores wait once for the
    // previous loads (in order), instead of once per store when interleaved.
    enum : uint32_t { kVmemRead = 0x20, kDsWrite = 0x200 };
    ROCDL::SchedGroupBarrier::create(b, kDsWrite,
                                     ldsStores(a) + ldsStores(bOp), 0);
    ROCDL::SchedGroupBarrier::create(b, kVmemRead,
                                     nextA.size() + nextB.size(), 0);
    amdgpu::LDSBarrierOp::create(b); // this tile is visible
    mfmaTile(a, bOp, accIt);
    SmallVector<Value> yields = accIt;
    llvm::append_range(yields, nextA);
    llvm::append_range(yields, nextB);
    scf::YieldOp::create(b, yields);
  }
  SmallVector<Value> accFinal(loop.getResults().begin(),
                              loop.getResults().begin() + nAcc);
  epilogue(argC, a, bOp, accFinal);
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
    FailureOr<GemmProgram> g;
    if (onlyMatching) {
      // Not this emitter's program shape: the general lowering takes it.
      ScopedDiagnosticHandler quiet(kernel.getContext(),
                                    [](Diagnostic &) { return success(); });
      g = matchGemm(kernel);
      if (failed(g))
        return success();
    } else {
      g = matchGemm(kernel);
    }
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
    p.laneGroups = 64 / p.mfma->m;
    p.read = g->tileK % (8 * p.laneGroups) == 0 ? OperandRead::Chunk
                                                 : OperandRead::Natural;
    // A transpose read gives 4 K elements of 16 consecutive MFMA rows.
    p.transposeReads = target.supportsLdsTransposeRead() &&
                       g->inType.getIntOrFloatBitWidth() == 16 &&
                       p.kPerLane % 4 == 0 && p.mfma->m % 16 == 0;
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
    p.lineChunks = target.ldsBanks() * target.ldsBankBytes() / 16;
    p.swizzle = llvm::isPowerOf2_64(g->tileK / 8);
    int64_t eltBytes = g->inType.getIntOrFloatBitWidth() / 8;
    auto tileElems = [&](int64_t rows, bool rowContiguous) {
      return g->tileK *
             (rows + (rowContiguous && p.transposeReads
                          ? transposeReadPad(rows, eltBytes, p.lineChunks)
                          : 0));
    };
    int64_t ldsBytes = (tileElems(g->tileM, g->transA) +
                        tileElems(g->tileN, !g->transB)) *
                       eltBytes;
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
    // Its schedule is pinned (sched_group_barrier): aiter-sink-lds-reads
    // leaves it alone.
    func->setAttr(kPinnedScheduleAttr, UnitAttr::get(kernel.getContext()));
    ImplicitLocOpBuilder b(kernel.getLoc(), kernel.getContext());
    GemmEmitter(*g, p, b).emit(func);
    kernel.erase();
    return success();
  }
};

} // namespace
