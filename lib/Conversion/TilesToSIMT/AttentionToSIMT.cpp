//===- AttentionToSIMT.cpp - attention tile programs to SIMT ----*- C++ -*-===//
//
// Emits the flash-attention forward SIMT kernel for an attention tile program
// from its specification: S^T = K Q^T with 32x32 MFMAs so P stays in
// registers as the B operand of O^T += V^T P^T, online softmax in f32.
//===----------------------------------------------------------------------===//

#include "SIMTBuilder.h"

#include "aiter/Conversion/Passes.h"
#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Dialect/Aiter/Transforms/Fingerprint.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <cmath>

namespace mlir::aiter {
#define GEN_PASS_DEF_LOWERATTENTIONTOSIMT
#include "aiter/Conversion/Passes.h.inc"
} // namespace mlir::aiter

using namespace mlir;
using namespace mlir::aiter;

namespace {

/// The attention specification aiter-expand records on the kernel.
struct AttentionSpec {
  int64_t headDim = 0;
  int64_t left = -1, right = -1; // causal folded in; -1 = unbounded
  double softcap = 0.0, scale = 0.0;
  bool lse = false;
  bool bshd = true;
};

/// Lowering choices.
struct AttentionPlan {
  const MfmaInfo *mfma;
  int64_t blockM, blockN, waves;
  int64_t kPerLane; // K elements per lane per MFMA (mfma.k / 2)
  /// V stays [key][d] in LDS and the V^T operand is read with LDS transpose
  /// reads (gfx950); otherwise V is transposed on its way into LDS.
  bool vTransposeRead;
  /// With vTransposeRead: row padding (elements) of V in LDS, so the 4 keys
  /// x 2 x 16 d that 32 lanes of two transpose groups read land on distinct
  /// banks (transposeReadRowPad).
  int64_t vPad;
  bool aligned;
  Type elt;
};

class AttentionEmitter {
public:
  AttentionEmitter(const AttentionSpec &s, const AttentionPlan &p,
                   ImplicitLocOpBuilder &b)
      : s(s), p(p), b(b), sb(b) {}

  void emit(gpu::GPUFuncOp func);

private:
  /// Indices of (batch, seq, head, d) in the layout's dimension order.
  SmallVector<Value> at(Value bi, Value seq, Value head, Value d) {
    SmallVector<Value> i(4);
    i[0] = bi;
    i[s.bshd ? 1 : 2] = seq;
    i[s.bshd ? 2 : 1] = head;
    i[3] = d;
    return i;
  }
  int64_t seqDim() const { return s.bshd ? 1 : 2; }
  int64_t headDim() const { return s.bshd ? 2 : 1; }
  int64_t threads() const { return p.waves * 64; }
  int64_t chunks() const { return p.blockN * s.headDim / 8 / threads(); }

  /// This thread's 8-element chunks of the K or V tile at key `n`.
  SmallVector<Value> loadKV(Value mem, Value memBuf, Value n);
  /// A vector of `n` elements at `idx` (unit stride on d).
  Value loadVec(Value mem, Value memBuf, ArrayRef<Value> idx, int64_t n);

  /// Elements [offset, offset + size) of a 1-D vector (as a shuffle, which
  /// lowers to one LLVM shufflevector).
  Value slice(Value vec, int64_t offset, int64_t size) {
    SmallVector<int64_t> mask;
    for (int64_t i = 0; i < size; ++i)
      mask.push_back(offset + i);
    return vector::ShuffleOp::create(b, vec, vec, mask);
  }

  Value splatF32(VectorType t, double v) {
    return arith::ConstantOp::create(
        b, t, DenseElementsAttr::get(t, b.getF32FloatAttr(float(v))));
  }

  const AttentionSpec &s;
  const AttentionPlan &p;
  ImplicitLocOpBuilder &b;
  SIMTBuilder sb;
  Value tid, batch, head, headKv;
};

Value AttentionEmitter::loadVec(Value mem, Value memBuf, ArrayRef<Value> idx,
                                int64_t n) {
  auto type = VectorType::get({n}, p.elt);
  if (p.aligned)
    return vector::LoadOp::create(b, type, memBuf, idx, /*nontemporal=*/false,
                                  llvm::Align(2 * n));
  SmallVector<Value> elts;
  SmallVector<Value> i(idx.begin(), idx.end());
  for (int64_t e = 0; e < n; ++e) {
    i[3] = sb.addc(idx[3], e);
    elts.push_back(sb.loadClamped(mem, i));
  }
  return vector::FromElementsOp::create(b, type, elts);
}

SmallVector<Value> AttentionEmitter::loadKV(Value mem, Value memBuf, Value n) {
  int64_t perRow = s.headDim / 8;
  SmallVector<Value> regs;
  for (int64_t i = 0; i < chunks(); ++i) {
    Value id = sb.addc(tid, i * threads());
    Value key = sb.add(n, sb.divc(id, perRow));
    Value d = sb.mulc(sb.remc(id, perRow), 8);
    regs.push_back(loadVec(mem, memBuf, at(batch, key, headKv, d), 8));
  }
  return regs;
}

void AttentionEmitter::emit(gpu::GPUFuncOp func) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value q = entry.getArgument(0), k = entry.getArgument(1),
        v = entry.getArgument(2), o = entry.getArgument(3);
  Value lse = s.lse ? entry.getArgument(4) : Value();
  const MfmaInfo &m = *p.mfma;
  const int64_t D = s.headDim, BN = p.blockN, K = m.k, kpl = p.kPerLane;
  auto f32 = b.getF32Type();
  auto accType = VectorType::get({16}, f32);

  tid = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  Value lane = sb.remc(tid, 64), wave = sb.divc(tid, 64);
  Value g = sb.divc(lane, 32), lr = sb.remc(lane, 32);
  Value heads = memref::DimOp::create(b, q, sb.idx(headDim()));
  Value headsKv = memref::DimOp::create(b, k, sb.idx(headDim()));
  Value seqQ = memref::DimOp::create(b, q, sb.idx(seqDim()));
  Value seqK = memref::DimOp::create(b, k, sb.idx(seqDim()));
  Value bh = gpu::BlockIdOp::create(b, gpu::Dimension::y);
  batch = arith::DivUIOp::create(b, bh, heads);
  head = arith::RemUIOp::create(b, bh, heads);
  // GQA/MQA: query head h reads kv head h / (heads / heads_kv).
  headKv = arith::DivUIOp::create(b, head, arith::DivUIOp::create(b, heads,
                                                                  headsKv));
  Value q0 = sb.mulc(gpu::BlockIdOp::create(b, gpu::Dimension::x), p.blockM);
  // Each wave owns 32 queries; lane l holds query l % 32 of them (the column
  // of S^T, O^T in the MFMA D layout) for both lane halves g = l / 32.
  Value qi = sb.add(sb.add(q0, sb.mulc(wave, 32)), lr);

  Value qBuf = p.aligned ? sb.fatBuffer(q) : Value();
  Value kBuf = p.aligned ? sb.fatBuffer(k) : Value();
  Value vBuf = p.aligned ? sb.fatBuffer(v) : Value();

  // Q^T is the B operand of S^T = K Q^T: for MFMA step t the lane holds
  // Q[qi][t * K + g * kpl, +kpl), kept in registers for the whole loop.
  SmallVector<Value> qRegs;
  for (int64_t t = 0; t < D / K; ++t)
    qRegs.push_back(loadVec(q, qBuf,
                            at(batch, qi, head, sb.add(sb.idx(t * K),
                                                       sb.mulc(g, kpl))),
                            kpl));

  // LDS: K as [key][d] (d contiguous, rows padded by one operand width) for
  // the A operand of S^T. V, for the A operand (V^T) of O^T = V^T P^T: with
  // LDS transpose reads as [key][d] too, rows padded by p.vPad elements;
  // otherwise transposed, [d][key] (padded by 4).
  auto ws = gpu::AddressSpaceAttr::get(b.getContext(),
                                       gpu::AddressSpace::Workgroup);
  Value kLds = func.addWorkgroupAttribution(
      MemRefType::get({BN, D + kpl}, p.elt, MemRefLayoutAttrInterface(), ws),
      b.getLoc());
  SmallVector<int64_t, 2> vShape = p.vTransposeRead
                                       ? SmallVector<int64_t, 2>{BN, D + p.vPad}
                                       : SmallVector<int64_t, 2>{D, BN + 4};
  Value vLds = func.addWorkgroupAttribution(
      MemRefType::get(vShape, p.elt, MemRefLayoutAttrInterface(), ws),
      b.getLoc());

  // Key range of the workgroup's rows (bottom-right aligned diagonal
  // diag(i) = i + seq_k - seq_q): tiles outside [lo(first row), hi(last
  // row)] are fully masked and never visited.
  Value shift = sb.sub(seqK, seqQ);
  Value qLast = sb.sub(sb.mins(sb.addc(q0, p.blockM), seqQ), sb.idx(1));
  Value start = sb.idx(0), end = seqK;
  if (s.left >= 0) {
    Value lo = sb.maxs(sb.sub(sb.add(q0, shift), sb.idx(s.left)), sb.idx(0));
    start = sb.mulc(sb.divc(lo, BN), BN);
  }
  if (s.right >= 0)
    end = sb.maxs(sb.mins(sb.addc(sb.add(qLast, shift), s.right + 1), seqK),
                  sb.idx(0));

  // Score factors: softmax runs in base 2, so scores carry log2(e).
  // Without softcap x = s * scale * log2e; with softcap c,
  // x = (c * log2e) * tanh(s * scale / c).
  bool softcap = s.softcap > 0.0;
  double inScale = softcap ? s.scale / s.softcap : s.scale * M_LOG2E;
  double outScale = softcap ? s.softcap * M_LOG2E : 1.0;

  // Key offsets of the 16 accumulator elements of one 32-key tile, relative
  // to its first key: element e of lane l is key (e / 4) * 8 + (l / 32) * 4
  // + e % 4 (MFMA D layout, 32x32), query l % 32.
  auto i32Vec = VectorType::get({16}, b.getI32Type());
  SmallVector<int32_t> eltKey;
  for (int e = 0; e < 16; ++e)
    eltKey.push_back((e / 4) * 8 + e % 4);
  Value eltKeyVec = arith::ConstantOp::create(
      b, i32Vec, DenseElementsAttr::get(i32Vec, ArrayRef(eltKey)));
  auto toI32 = [&](Value x) {
    return arith::IndexCastOp::create(b, b.getI32Type(), x);
  };
  Value qiI32 = toI32(qi), seqKI32 = toI32(seqK), shiftI32 = toI32(shift);
  Value gKey = toI32(sb.mulc(g, 4));

  int64_t nTiles = BN / 32, dTiles = D / 32;
  SmallVector<Value> init;
  Value zeroAcc = splatF32(accType, 0.0);
  for (int64_t t = 0; t < dTiles; ++t)
    init.push_back(zeroAcc);
  Value negInf = sb.f32(-INFINITY);
  init.push_back(negInf);     // m: running max (base-2 units)
  init.push_back(sb.f32(0));  // l: running sum
  size_t nK = chunks();

  // One key block: the body of the loops below. `masked` blocks apply the
  // element masks (seq_k, window); the others are known fully visible.
  auto block = [&](Value n, ValueRange it, bool masked) {
    SmallVector<Value> acc(it.begin(), it.begin() + dTiles);
    Value mOld = it[dTiles], lOld = it[dTiles + 1];
    ValueRange kIt = it.drop_front(dTiles + 2).take_front(nK);
    ValueRange vIt = it.drop_front(dTiles + 2 + nK);

    // Stage K and V^T through LDS. V rows past seq_k are zeroed: P is 0
    // there, but 0 * NaN would not be.
    amdgpu::LDSBarrierOp::create(b);
    int64_t perRow = D / 8;
    auto chunkType = VectorType::get({8}, p.elt);
    Value zeroChunk = arith::ConstantOp::create(
        b, chunkType,
        DenseElementsAttr::get(chunkType, b.getZeroAttr(p.elt)));
    for (int64_t i = 0; i < chunks(); ++i) {
      Value id = sb.addc(tid, i * threads());
      Value row = sb.divc(id, perRow);
      Value d = sb.mulc(sb.remc(id, perRow), 8);
      vector::StoreOp::create(b, kIt[i], kLds, ValueRange{row, d});
      Value vc = arith::SelectOp::create(b, sb.ult(sb.add(n, row), seqK),
                                         vIt[i], zeroChunk);
      if (p.vTransposeRead) {
        vector::StoreOp::create(b, vc, vLds, ValueRange{row, d});
        continue;
      }
      for (int64_t e = 0; e < 8; ++e)
        memref::StoreOp::create(b, vector::ExtractOp::create(b, vc, e), vLds,
                                ValueRange{sb.addc(d, e), row});
    }
    amdgpu::LDSBarrierOp::create(b);
    // The next tile's global loads fly during this tile's MFMAs.
    Value nNext = sb.addc(n, BN);
    SmallVector<Value> kNext = loadKV(k, kBuf, nNext);
    SmallVector<Value> vNext = loadKV(v, vBuf, nNext);

    // S^T = K Q^T, one 32-key tile at a time.
    auto opType = VectorType::get({kpl}, p.elt);
    SmallVector<Value> x;
    for (int64_t t = 0; t < nTiles; ++t) {
      Value st = zeroAcc;
      Value keyRow = sb.addc(lr, t * 32);
      for (int64_t step = 0; step < D / K; ++step) {
        Value a = vector::LoadOp::create(
            b, opType, kLds,
            ValueRange{keyRow, sb.add(sb.idx(step * K), sb.mulc(g, kpl))});
        st = amdgpu::MFMAOp::create(
            b, accType, b.getI32IntegerAttr(32), b.getI32IntegerAttr(32),
            b.getI32IntegerAttr(K), b.getI32IntegerAttr(1), a, qRegs[step],
            st);
      }
      // With softcap the scores become x = (c log2e) tanh(s scale / c);
      // without, x = s (scale log2e) is folded into the exp2's fma below.
      if (softcap) {
        st = arith::MulFOp::create(b, st, splatF32(accType, inScale));
        st = math::TanhOp::create(b, st);
        st = arith::MulFOp::create(b, st, splatF32(accType, outScale));
      }
      x.push_back(st);
    }

    if (masked) {
      auto bcast = [&](Value s32) {
        return vector::BroadcastOp::create(b, i32Vec, s32);
      };
      Value diag = arith::AddIOp::create(b, qiI32, shiftI32);
      Value negInfVec = splatF32(accType, -INFINITY);
      for (int64_t t = 0; t < nTiles; ++t) {
        Value base = arith::AddIOp::create(
            b, toI32(sb.addc(n, t * 32)), gKey);
        Value key = arith::AddIOp::create(b, bcast(base), eltKeyVec);
        Value valid = arith::CmpIOp::create(b, arith::CmpIPredicate::slt, key,
                                            bcast(seqKI32));
        if (s.left >= 0) {
          Value lo = arith::SubIOp::create(
              b, diag,
              arith::ConstantOp::create(b, b.getI32IntegerAttr(s.left)));
          valid = arith::AndIOp::create(
              b, valid,
              arith::CmpIOp::create(b, arith::CmpIPredicate::sge, key,
                                    bcast(lo)));
        }
        if (s.right >= 0) {
          Value hi = arith::AddIOp::create(
              b, diag,
              arith::ConstantOp::create(b, b.getI32IntegerAttr(s.right)));
          valid = arith::AndIOp::create(
              b, valid,
              arith::CmpIOp::create(b, arith::CmpIPredicate::sle, key,
                                    bcast(hi)));
        }
        x[t] = arith::SelectOp::create(b, valid, x[t], negInfVec);
      }
    }

    // Online softmax. All of a lane's scores belong to its query; the other
    // half of the wave (lane ^ 32) holds the same query's other keys.
    auto reduceAll = [&](ArrayRef<Value> vecs, vector::CombiningKind kind,
                         bool isMax) {
      Value r;
      for (Value vec : vecs) {
        Value part = vector::ReductionOp::create(b, kind, vec);
        r = !r ? part
               : isMax ? Value(arith::MaxNumFOp::create(b, r, part))
                       : Value(arith::AddFOp::create(b, r, part));
      }
      Value other = gpu::ShuffleOp::create(b, r, 32, 64, gpu::ShuffleMode::XOR)
                        .getShuffleResult();
      return isMax ? Value(arith::MaxNumFOp::create(b, r, other))
                   : Value(arith::AddFOp::create(b, r, other));
    };
    SmallVector<Value> xs = x;
    // maxnum: scores are finite or -inf, and it selects to one v_max_f32
    // (maximumf's NaN propagation costs a compare and a select per value).
    Value mTile = reduceAll(xs, vector::CombiningKind::MAXNUMF, true);
    double xScale = softcap ? 1.0 : inScale; // x = raw * xScale, xScale > 0
    if (!softcap)
      mTile = arith::MulFOp::create(b, mTile, sb.f32(xScale));
    Value mNew = arith::MaxNumFOp::create(b, mOld, mTile);
    // A row that has seen no key keeps max -inf; subtract 0 instead so
    // exp2 gives 0, not NaN.
    Value noKey = arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, mNew,
                                        negInf);
    Value mSafe = arith::SelectOp::create(b, noKey, sb.f32(0), mNew);
    Value negMVec = vector::BroadcastOp::create(
        b, accType, arith::NegFOp::create(b, mSafe));
    SmallVector<Value> pv;
    for (Value xt : xs)
      pv.push_back(math::Exp2Op::create(
          b, softcap ? Value(arith::AddFOp::create(b, xt, negMVec))
                     : Value(math::FmaOp::create(
                           b, xt, splatF32(accType, xScale), negMVec))));
    Value alpha = math::Exp2Op::create(b, arith::SubFOp::create(b, mOld, mSafe));
    Value lTile = reduceAll(pv, vector::CombiningKind::ADD, false);
    Value lNew = arith::AddFOp::create(b, arith::MulFOp::create(b, lOld, alpha),
                                       lTile);
    Value alphaVec = vector::BroadcastOp::create(b, accType, alpha);
    for (Value &a : acc)
      a = arith::MulFOp::create(b, a, alphaVec);

    // O^T += V^T P^T. P^T (keys x queries) is the B operand as it lies in
    // the S^T accumulator: MFMA step `step` of key tile t takes elements
    // [step * kpl, +kpl), i.e. keys t*32 + step*K + (u/4)*8 + g*4 + u%4 for
    // slot u; the A operand (V^T rows) reads the same keys from LDS.
    auto pType = VectorType::get({16}, p.elt);
    for (int64_t t = 0; t < nTiles; ++t) {
      Value pb = arith::TruncFOp::create(b, pType, pv[t]);
      for (int64_t step = 0; step < 32 / K; ++step) {
        Value bOp = slice(pb, step * kpl, kpl);
        Value keyBase = sb.add(sb.idx(t * 32 + step * K), sb.mulc(g, 4));
        for (int64_t td = 0; td < dTiles; ++td) {
          Value dRow = sb.addc(lr, td * 32);
          auto run4 = VectorType::get({4}, p.elt);
          // The A operand of lane l: V^T[d = td*32 + l%32][4 keys from
          // keyBase] (and the 4 keys 8 later when kpl == 8).
          auto readRun = [&](Value key) -> Value {
            if (!p.vTransposeRead)
              return vector::LoadOp::create(b, run4, vLds,
                                            ValueRange{dRow, key});
            // The 16 lanes of a group cover d = td*32 + 16*(l%32 / 16) +
            // [0, 16) (lane i: d + i) at the same 4 keys.
            Value col0 = sb.addc(sb.mulc(sb.divc(lr, 16), 16), td * 32);
            return sb.transposedRun4(vLds, lane, key, col0);
          };
          Value a = readRun(keyBase);
          if (kpl == 8) {
            Value hi = readRun(sb.addc(keyBase, 8));
            a = vector::ShuffleOp::create(b, a, hi,
                                          ArrayRef<int64_t>{0, 1, 2, 3, 4, 5,
                                                            6, 7});
          }
          acc[td] = amdgpu::MFMAOp::create(
              b, accType, b.getI32IntegerAttr(32), b.getI32IntegerAttr(32),
              b.getI32IntegerAttr(K), b.getI32IntegerAttr(1), a, bOp,
              acc[td]);
        }
      }
    }
    SmallVector<Value> yields = acc;
    yields.push_back(mNew);
    yields.push_back(lNew);
    llvm::append_range(yields, kNext);
    llvm::append_range(yields, vNext);
    return yields;
  };

  // Blocks [fullStart, fullEnd) are fully visible to every row of the
  // workgroup (n >= lo(last row), n + BN - 1 <= hi(first row), n + BN <=
  // seq_k): the main loop runs them without mask code. The blocks before
  // (window left edge) and after (diagonal, window right edge, ragged
  // seq_k) run with masks.
  Value fullStart = start, fullEnd = end;
  if (s.left >= 0) {
    Value lo = sb.maxs(sb.sub(sb.add(qLast, shift), sb.idx(s.left)),
                       sb.idx(0));
    Value up = sb.mulc(sb.divc(sb.addc(lo, BN - 1), BN), BN);
    fullStart = sb.mins(sb.maxs(up, start), end);
  }
  Value lim = seqK;
  if (s.right >= 0)
    lim = sb.mins(lim, sb.addc(sb.add(q0, shift), s.right + 1));
  lim = sb.maxs(lim, sb.idx(0));
  fullEnd = sb.mins(sb.maxs(sb.mulc(sb.divc(lim, BN), BN), fullStart), end);

  // Softmax accumulation does not depend on block order, so the masked
  // loops run first and the main loop last: the main loop then starts from
  // the state the others leave, and the register allocator keeps its
  // accumulators in place (with the main loop first it copied both O
  // accumulators at the loop header, 64 v_mov_b64 per block). Each loop
  // loads its own first block; its last prefetch is discarded.
  SmallVector<Value> state(init.begin(), init.begin() + dTiles + 2);
  for (auto [lb, ub, masked] :
       {std::tuple<Value, Value, bool>{start, fullStart, true},
        {fullEnd, end, true},
        {fullStart, fullEnd, false}}) {
    if (masked && lb == start && s.left < 0)
      continue; // no window left edge: [start, fullStart) is empty
    // With seq_k = 0 the general variant's clamped loads have no key to fall
    // back to, so there the first block is loaded only when the loop runs.
    // The aligned variant needs no branch (which costs registers around
    // the loops): its buffer resources end at the tensors' extent, so the
    // same loads read 0.
    SmallVector<Value> iter = state;
    auto firstBlock = [&] {
      SmallVector<Value> kv = loadKV(k, kBuf, lb);
      llvm::append_range(kv, loadKV(v, vBuf, lb));
      return kv;
    };
    llvm::append_range(
        iter, p.aligned ? firstBlock()
                        : sb.valuesIfElseZero(sb.slt(lb, ub), firstBlock));
    auto loop = scf::ForOp::create(b, lb, ub, sb.idx(BN), iter);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    scf::YieldOp::create(
        b, block(loop.getInductionVar(), loop.getRegionIterArgs(), masked));
    state.assign(loop.getResults().begin(),
                 loop.getResults().begin() + dTiles + 2);
  }

  // Epilogue: O = acc / l (0 for a row that saw no key), LSE = m ln2 + ln l.
  ValueRange res = state;
  Value mFin = res[dTiles], lFin = res[dTiles + 1];
  Value lZero = arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, lFin,
                                      sb.f32(0));
  Value inv = arith::SelectOp::create(
      b, lZero, sb.f32(0), arith::DivFOp::create(b, sb.f32(1), lFin));
  Value invVec = vector::BroadcastOp::create(b, accType, inv);
  auto ifRow = scf::IfOp::create(b, sb.ult(qi, seqQ), /*withElse=*/false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifRow.thenBlock());
    for (int64_t td = 0; td < dTiles; ++td) {
      Value ot = arith::MulFOp::create(b, res[td], invVec);
      Value oc = arith::TruncFOp::create(b, VectorType::get({16}, p.elt), ot);
      // Element e of lane l is d = td*32 + (e/4)*8 + g*4 + e%4: runs of 4.
      for (int64_t j = 0; j < 4; ++j) {
        Value run = slice(oc, 4 * j, 4);
        Value d = sb.add(sb.idx(td * 32 + j * 8), sb.mulc(g, 4));
        SmallVector<Value> idx = at(batch, qi, head, d);
        if (p.aligned) {
          vector::StoreOp::create(b, run, o, idx);
          continue;
        }
        for (int64_t e = 0; e < 4; ++e) {
          idx[3] = sb.addc(d, e);
          memref::StoreOp::create(b, vector::ExtractOp::create(b, run, e), o,
                                  idx);
        }
      }
    }
    if (lse) {
      auto first = scf::IfOp::create(
          b, arith::CmpIOp::create(b, arith::CmpIPredicate::eq, g, sb.idx(0)),
          /*withElse=*/false);
      OpBuilder::InsertionGuard g3(b);
      b.setInsertionPointToStart(first.thenBlock());
      Value lnL = math::LogOp::create(b, lFin);
      Value val = arith::AddFOp::create(
          b, arith::MulFOp::create(b, mFin, sb.f32(M_LN2)), lnL);
      // No visible key: +inf, as flash-attention (docs/Dialect/Aiter.md).
      val = arith::SelectOp::create(b, lZero, sb.f32(INFINITY), val);
      memref::StoreOp::create(b, val, lse, ValueRange{batch, head, qi});
    }
  }
  gpu::ReturnOp::create(b);
}

struct LowerAttentionToSIMT
    : aiter::impl::LowerAttentionToSIMTBase<LowerAttentionToSIMT> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<KernelOp> kernels;
    for (KernelOp k : getOperation().getOps<KernelOp>())
      if (k->hasAttr("aiter.attention"))
        kernels.push_back(k);
    for (KernelOp kernel : kernels)
      if (failed(lower(kernel)))
        return signalPassFailure();
  }

  LogicalResult lower(KernelOp kernel) {
    auto spec = kernel->getAttrOfType<DictionaryAttr>("aiter.attention");
    auto config = kernel->getAttrOfType<DictionaryAttr>("aiter.config");
    if (!spec || !config)
      return kernel.emitOpError("an attention kernel needs the aiter.attention "
                                "and aiter.config attributes of aiter-expand");
    // This lowering emits the kernel from the attributes and never reads
    // the body; a body (or attribute) changed since aiter-expand would be
    // ignored, so it is refused instead.
    auto recorded =
        kernel->getAttrOfType<StringAttr>("aiter.attention_fingerprint");
    bool edited = !recorded || recorded.getValue() !=
                                   kernelFingerprint(kernel, {"aiter.attention",
                                                              "aiter.config"});
    if (edited && onlyMatching)
      return success(); // the general lowering compiles the body
    if (edited)
      return kernel.emitOpError(
          "differs from the attention tile program aiter-expand generated "
          "for its aiter.attention attribute; the attention lowering compiles "
          "that attribute, not the body, so an edited or hand-written "
          "attention program goes to the general tile-program compiler "
          "(aiter-lower-tiles-to-simt; the tile pipeline does this)");
    auto geti = [](DictionaryAttr d, StringRef key) -> int64_t {
      auto v = d.getAs<IntegerAttr>(key);
      return v ? v.getInt() : 0;
    };
    auto getf = [](DictionaryAttr d, StringRef key) -> double {
      auto v = d.getAs<FloatAttr>(key);
      return v ? v.getValueAsDouble() : 0.0;
    };
    AttentionSpec s;
    s.headDim = geti(spec, "head_dim");
    s.left = geti(spec, "window_left");
    s.right = geti(spec, "window_right");
    s.softcap = getf(spec, "softcap");
    s.scale = getf(spec, "scale");
    auto lse = spec.getAs<BoolAttr>("return_lse");
    s.lse = lse && lse.getValue();
    auto layout = spec.getAs<StringAttr>("layout");
    s.bshd = !layout || layout.getValue() == "bshd";

    FailureOr<const TargetInfo *> targetOr = kernelTarget(kernel, chip);
    FailureOr<bool> aligned = isAlignedVariant(kernel, variant);
    if (failed(targetOr) || failed(aligned))
      return failure();
    const TargetInfo &target = **targetOr;

    AttentionPlan p;
    p.aligned = *aligned;
    auto qType = cast<MemRefType>(kernel.getArgumentTypes()[0]);
    p.elt = qType.getElementType();
    p.blockM = geti(config, "block_m");
    p.blockN = geti(config, "block_n");
    p.waves = geti(config, "waves");
    FailureOr<MfmaShape> shape = configMfma(kernel);
    if (failed(shape))
      return failure();
    int64_t mn = shape->m, mn2 = shape->n, mk = shape->k;
    p.mfma = target.findMfma(p.elt.isBF16() ? MatrixElementType::BF16
                                            : MatrixElementType::F16,
                             mn, mn2, mk);
    p.kPerLane = mk / 2;
    p.vTransposeRead = target.supportsLdsTransposeRead();
    p.vPad = transposeReadRowPad(s.headDim, p.elt.getIntOrFloatBitWidth() / 8,
                                 target.ldsBanks() * target.ldsBankBytes());
    int64_t vElems = p.vTransposeRead ? p.blockN * (s.headDim + p.vPad)
                                      : s.headDim * (p.blockN + 4);
    int64_t ldsBytes = (p.blockN * (s.headDim + p.kPerLane) + vElems) *
                       p.elt.getIntOrFloatBitWidth() / 8;
    // What this emitter takes; in the tile pipeline (only-matching) any
    // other kernel goes to the general compiler, which compiles its body.
    std::string refused;
    llvm::raw_string_ostream why(refused);
    int64_t headDimV = geti(spec, "head_dim_v");
    if (s.headDim != 64 && s.headDim != 128)
      why << "the attention lowering takes head_dim 64 or 128, got "
          << s.headDim;
    else if (headDimV && headDimV != s.headDim)
      why << "the attention lowering takes head_dim_v = head_dim, got "
          << headDimV << " and " << s.headDim;
    else if (!p.mfma || mn != 32)
      why << "the attention lowering computes S^T with 32x32 MFMAs ("
          << target.mfmaShapesString(p.elt.isBF16() ? MatrixElementType::BF16
                                                    : MatrixElementType::F16)
          << " on " << target.chip() << "), got mfma " << mn << "x" << mn2
          << "x" << mk;
    else if (p.blockM != 32 * p.waves)
      why << "block_m (" << p.blockM << ") must be 32 * waves (" << 32 * p.waves
          << "): each wave owns 32 query rows";
    else if (p.blockN % 32 || (p.blockN * s.headDim / 8) % (p.waves * 64))
      why << "block_n (" << p.blockN
          << ") must be a multiple of 32 whose K/V tile is a whole number of "
             "128-bit chunks per thread";
    else if (ldsBytes > target.ldsBytes())
      why << "needs " << ldsBytes << " bytes of LDS; " << target.chip()
          << " has " << target.ldsBytes();
    if (!refused.empty()) {
      if (onlyMatching)
        return success(); // the general lowering compiles the body
      return kernel.emitOpError(refused);
    }

    gpu::GPUFuncOp func =
        createSIMTKernel(kernel, kernel.getSymName(), kernel.getFunctionType(),
                         target.chip(), p.waves * 64, variant);
    // Its schedule is pinned (sched_group_barrier): aiter-sink-lds-reads
    // leaves it alone.
    func->setAttr(kPinnedScheduleAttr, UnitAttr::get(kernel.getContext()));
    ImplicitLocOpBuilder b(kernel.getLoc(), kernel.getContext());
    AttentionEmitter(s, p, b).emit(func);
    kernel.erase();
    return success();
  }
};

} // namespace
