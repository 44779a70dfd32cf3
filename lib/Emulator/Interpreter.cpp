//===- Interpreter.cpp - wave64 lockstep interpreter and launcher ---------===//
//
// Executes a compiled kernel one wave at a time (64 lanes per instruction under
// an exec mask), interleaves the waves of a workgroup at barriers, checks every
// memory access, and runs workgroups in parallel on host threads.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "aiter/Emulator/FloatConv.h"
#include "aiter/Emulator/LdsBanks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <mutex>
#include <thread>

using namespace mlir;
namespace aemu = ::aiter::emu;
using namespace ::aiter::emu;
using namespace aemu::detail;

//===----------------------------------------------------------------------===//
// Element helpers
//===----------------------------------------------------------------------===//

unsigned aemu::elemBytes(ElemType t) {
  switch (t) {
  case ElemType::I1:
  case ElemType::I8:
  case ElemType::F8E4M3FNUZ:
  case ElemType::F8E5M2FNUZ:
  case ElemType::F8E4M3FN:
  case ElemType::F8E5M2:
    return 1;
  case ElemType::I16:
  case ElemType::F16:
  case ElemType::BF16:
    return 2;
  case ElemType::I32:
  case ElemType::F32:
    return 4;
  case ElemType::I64:
  case ElemType::Index:
  case ElemType::F64:
    return 8;
  }
  return 4;
}

static const char *const kElemNames[] = {
    "i1",   "i8",  "i16", "i32",        "i64",        "index",    "f16",
    "bf16", "f32", "f64", "f8E4M3FNUZ", "f8E5M2FNUZ", "f8E4M3FN", "f8E5M2"};

llvm::StringRef aemu::elemTypeName(ElemType t) {
  return kElemNames[unsigned(t)];
}

bool aemu::parseElemType(llvm::StringRef s, ElemType &out) {
  for (unsigned i = 0; i < sizeof(kElemNames) / sizeof(kElemNames[0]); ++i)
    if (s == kElemNames[i]) {
      out = ElemType(i);
      return true;
    }
  return false;
}

KernelArg KernelArg::buffer(void *data, int64_t bytes, ElemType elem,
                            llvm::ArrayRef<int64_t> shape) {
  KernelArg a;
  a.isBuffer = true;
  a.data = data;
  a.bytes = bytes;
  a.elem = elem;
  a.shape.assign(shape.begin(), shape.end());
  return a;
}

KernelArg KernelArg::scalar(ElemType elem, uint64_t bits) {
  KernelArg a;
  a.elem = elem;
  a.scalarBits = bits;
  return a;
}

static inline unsigned bitWidth(ElemType t) {
  return t == ElemType::I1 ? 1 : elemBytes(t) * 8;
}
static inline bool isFloat(ElemType t) { return t >= ElemType::F16; }
static inline uint64_t maskTo(uint64_t v, unsigned w) {
  return w >= 64 ? v : v & ((1ull << w) - 1);
}
static inline int64_t sext(uint64_t v, unsigned w) {
  return w >= 64 ? int64_t(v) : int64_t(v << (64 - w)) >> (64 - w);
}

const llvm::fltSemantics &aemu::floatSemantics(ElemType t) {
  switch (t) {
  case ElemType::F16:
    return llvm::APFloat::IEEEhalf();
  case ElemType::BF16:
    return llvm::APFloat::BFloat();
  case ElemType::F32:
    return llvm::APFloat::IEEEsingle();
  case ElemType::F64:
    return llvm::APFloat::IEEEdouble();
  case ElemType::F8E4M3FNUZ:
    return llvm::APFloat::Float8E4M3FNUZ();
  case ElemType::F8E5M2FNUZ:
    return llvm::APFloat::Float8E5M2FNUZ();
  case ElemType::F8E4M3FN:
    return llvm::APFloat::Float8E4M3FN();
  default:
    return llvm::APFloat::Float8E5M2();
  }
}

namespace {
/// Decoded fp8 values (exact in double), one table per format.
struct Fp8Tables {
  double t[4][256];
  Fp8Tables() {
    for (int f = 0; f < 4; ++f)
      for (int b = 0; b < 256; ++b) {
        llvm::APFloat v(floatSemantics(ElemType(int(ElemType::F8E4M3FNUZ) + f)),
                        llvm::APInt(8, b));
        bool lost;
        v.convert(llvm::APFloat::IEEEdouble(),
                  llvm::APFloat::rmNearestTiesToEven, &lost);
        t[f][b] = v.convertToDouble();
      }
  }
};
} // namespace

static const Fp8Tables &fp8Tables() {
  static Fp8Tables tables;
  return tables;
}

static inline double toD(uint64_t b, ElemType t) {
  switch (t) {
  case ElemType::F32:
    return bitsFloat(uint32_t(b));
  case ElemType::F64:
    return bitsDouble(b);
  case ElemType::F16:
    return f16ToFloat(uint16_t(b));
  case ElemType::BF16:
    return bf16ToFloat(uint16_t(b));
  default:
    return fp8Tables().t[int(t) - int(ElemType::F8E4M3FNUZ)][b & 0xff];
  }
}

static inline uint64_t fromD(double d, ElemType t) {
  switch (t) {
  case ElemType::F32:
    return floatBits(float(d));
  case ElemType::F64:
    return doubleBits(d);
  case ElemType::F16:
    return doubleToF16(d);
  case ElemType::BF16:
    return doubleToBf16(d);
  default: {
    llvm::APFloat v(d);
    bool lost;
    v.convert(floatSemantics(t), llvm::APFloat::rmNearestTiesToEven, &lost);
    return v.bitcastToAPInt().getZExtValue();
  }
  }
}

double aemu::floatFromBits(ElemType t, uint64_t bits) { return toD(bits, t); }
uint64_t aemu::floatToBits(ElemType t, double d) { return fromD(d, t); }

//===----------------------------------------------------------------------===//
// Runtime state
//===----------------------------------------------------------------------===//

namespace {
struct MemDesc {
  int32_t buf = -1;
  int64_t offset = 0; // elements
  llvm::SmallVector<int64_t, 4> sizes, strides;
  int64_t fatBase = -1; // bytes; >= 0 for buffer-resource (bounds) memrefs
  int64_t fatRecords = 0;
};

struct Reg {
  bool uni = true;
  std::vector<uint64_t> v;
  std::vector<MemDesc> m;
};

enum class BufKind : uint8_t { Global, Lds, Private };

struct Buffer {
  BufKind kind;
  uint8_t *data = nullptr;
  int64_t bytes = 0;
  int64_t ldsOff = 0;
  int argIdx = -1;
};

struct Shadow {
  uint32_t wEpoch = 0, rEpoch = 0;
  uint16_t writer = 0, readers = 0;
  uint8_t init = 0;
};

struct Frame {
  uint32_t blk = 0, pc = 0;
  uint64_t exec = 0, parentExec = 0, elseMask = 0;
  const Instr *owner = nullptr;
  uint8_t phase = 0;
};

struct Wave {
  unsigned id = 0;
  uint64_t executed = 0;
  uint64_t launch = 0;
  std::vector<Reg> regs;
  std::vector<Frame> stack;
  bool done = false;
  const Instr *barrierAt = nullptr;
  std::vector<int32_t> allocaBuf; // per alloca: first of 64 buffer ids
};

enum class Status { Done, Barrier, Failed };

struct Launch {
  const CompiledKernel &K;
  const LaunchConfig &cfg;
  llvm::MutableArrayRef<KernelArg> args;
  unsigned threadsPerBlock, wavesPerBlock;
};

class WG {
public:
  WG(const Launch &L) : L(L), K(L.K) {
    for (size_t i = 0; i < L.args.size(); ++i) {
      Buffer b;
      b.kind = BufKind::Global;
      b.argIdx = i;
      if (L.args[i].isBuffer) {
        b.data = static_cast<uint8_t *>(L.args[i].data);
        b.bytes = L.args[i].bytes;
      }
      bufs.push_back(b);
    }
    lds.resize(K.ldsTotal);
    shadow.resize(K.ldsTotal);
    for (const LdsAlloc &a : K.ldsAllocs) {
      Buffer b;
      b.kind = BufKind::Lds;
      b.data = lds.data() + a.offset;
      b.bytes = a.bytes;
      b.ldsOff = a.offset;
      bufs.push_back(b);
    }
    numFixed = bufs.size();
    written.assign(L.args.size(), 0);
    waves.resize(L.wavesPerBlock);
  }

  bool run(std::array<int64_t, 3> bid);

  const Launch &L;
  const CompiledKernel &K;
  std::vector<Buffer> bufs;
  size_t numFixed = 0;
  std::vector<uint8_t> lds;
  std::vector<Shadow> shadow;
  std::vector<std::vector<uint8_t>> privStore;
  std::array<int64_t, 3> bid{};
  uint32_t epoch = 1;
  EmulatorStats st;
  std::vector<uint8_t> written;
  std::string err;
  std::string pendingUninit;
  std::vector<Wave> waves;
  // MFMA operands in double (reused, not reallocated per instruction).
  std::vector<double> mfmaA, mfmaB, mfmaAcc;

private:
  Status exec(Wave &W);
  bool fail(const Instr &I, const llvm::Twine &msg) {
    err = formatOpError(I.mop, msg);
    return false;
  }
  std::string where(const Wave &W, unsigned lane) const {
    return llvm::formatv("lane {0} of wave {1}, workgroup ({2},{3},{4})", lane,
                         W.id, bid[0], bid[1], bid[2]);
  }

  // Instruction handlers; return false on error.
  bool execInstr(Wave &W, Frame &F, const Instr &I);
  template <class Fn> void ew(Wave &W, const Instr &I, uint64_t ex, Fn f);
  /// Elementwise f(x, y) over the two operands' item bits into the result.
  template <class Fn> void ewBinary(Wave &W, const Instr &I, uint64_t ex, Fn f);
  bool intBinary(Wave &W, const Instr &I, uint64_t ex);
  template <Opc OP> bool intBinaryAs(Wave &W, const Instr &I, uint64_t ex);
  bool floatBinary(Wave &W, const Instr &I, uint64_t ex);
  template <Opc OP> bool floatBinaryAs(Wave &W, const Instr &I, uint64_t ex);
  void assignMasked(Wave &W, uint32_t dst, const Reg &src, uint64_t mask,
                    uint64_t full);
  /// Checks and resolves one access of `es` bytes at element `elem` (byte
  /// `off`): buffer-resource bounds (out of range: ptr = null, no error),
  /// then, `uncheckedBytes` later, the buffer's real extent (an error).
  bool access(const Instr &I, Wave &W, const MemDesc &d, int64_t elem,
              unsigned es, bool write, unsigned lane, uint8_t *&ptr,
              int64_t uncheckedBytes = 0);
  bool accessBytes(const Instr &I, Wave &W, const MemDesc &d, int64_t off,
                   unsigned n, bool write, unsigned lane, uint8_t *&ptr,
                   int64_t uncheckedBytes = 0);
  bool gatherToLds(Wave &W, const Instr &I, uint64_t ex);
  bool atomicRmw(Wave &W, const Instr &I, uint64_t ex);
  bool ldsCheck(const Instr &I, Wave &W, unsigned lane, int64_t off, unsigned n,
                bool write);
  bool ldsCheckBytes(const Instr &I, Wave &W, unsigned lane, int64_t off,
                     unsigned n, bool write);
  bool memOp(Wave &W, const Instr &I, uint64_t ex);
  bool transposeLoad(Wave &W, const Instr &I, uint64_t ex);
  bool mfma(Wave &W, const Instr &I, uint64_t ex);
  bool viewOp(Wave &W, const Instr &I, uint64_t ex);
  bool crossLane(Wave &W, const Instr &I, uint64_t ex);
  bool vectorOp(Wave &W, const Instr &I, uint64_t ex);
  void noteLds(const Instr &I, const uint32_t *addr, uint64_t ex,
               unsigned bytes);
  int64_t idxVal(Wave &W, uint32_t slot, unsigned lane) {
    const Reg &r = W.regs[slot];
    unsigned w = bitWidth(K.slots[slot].ek);
    return sext(r.uni ? r.v[0] : r.v[lane], w);
  }
  int64_t mixedVal(Wave &W, int64_t enc, unsigned lane) {
    return enc >= 0 ? enc : idxVal(W, uint32_t(-enc - 1), lane);
  }
};
} // namespace

static inline uint64_t rd(const Reg &r, unsigned n, unsigned lane, unsigned e) {
  return r.uni ? r.v[e] : r.v[size_t(lane) * n + e];
}

#define FOR_LANES(ex, lane)                                                    \
  for (uint64_t _m = (ex); _m; _m &= _m - 1)                                   \
    if (unsigned lane = unsigned(llvm::countr_zero(_m)); true)

template <class Fn> void WG::ew(Wave &W, const Instr &I, uint64_t ex, Fn f) {
  unsigned n = K.slots[I.out[0]].n;
  bool uni = !I.laneDependent;
  for (uint32_t s : I.in)
    uni &= W.regs[s].uni;
  Reg &d = W.regs[I.out[0]];
  if (uni) {
    d.uni = true;
    d.v.resize(n);
    for (unsigned e = 0; e < n; ++e)
      d.v[e] = f(0u, e);
    return;
  }
  d.uni = false;
  d.v.resize(size_t(64) * n);
  uint64_t *pd = d.v.data();
  if (ex == ~0ull) { // all lanes: no walk over the exec mask
    for (unsigned lane = 0; lane < 64; ++lane)
      for (unsigned e = 0; e < n; ++e)
        pd[lane * n + e] = f(lane, e);
    return;
  }
  FOR_LANES(ex, lane) {
    for (unsigned e = 0; e < n; ++e)
      pd[size_t(lane) * n + e] = f(lane, e);
  }
}

void WG::assignMasked(Wave &W, uint32_t dst, const Reg &src, uint64_t mask,
                      uint64_t full) {
  Reg &d = W.regs[dst];
  if (&d == &src)
    return;
  if (mask == full) {
    d = src;
    return;
  }
  unsigned n = K.slots[dst].n;
  bool mem = K.slots[dst].isMem;
  if (d.uni) {
    if (mem) {
      MemDesc m0 = d.m.empty() ? MemDesc() : d.m[0];
      d.m.assign(64, m0);
    } else {
      std::vector<uint64_t> u = d.v;
      u.resize(n, 0);
      d.v.resize(size_t(64) * n);
      for (unsigned l = 0; l < 64; ++l)
        std::copy(u.begin(), u.end(), d.v.begin() + size_t(l) * n);
    }
    d.uni = false;
  }
  FOR_LANES(mask, lane) {
    if (mem)
      d.m[lane] = src.uni ? src.m[0] : src.m[lane];
    else
      for (unsigned e = 0; e < n; ++e)
        d.v[size_t(lane) * n + e] = rd(src, n, lane, e);
  }
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

bool WG::ldsCheck(const Instr &I, Wave &W, unsigned lane, int64_t off,
                  unsigned n, bool write) {
  // The bytes nothing is wrong with, in a loop over locals (the shadow
  // stores cannot alias them); the first byte that needs a report, if any,
  // and the rest go through ldsCheckBytes, which updates the shadow the same
  // way for the bytes before it.
  const uint32_t ep = epoch;
  const uint16_t id = uint16_t(W.id), me = uint16_t(1u << W.id);
  Shadow *sh = shadow.data();
  int64_t b = off, end = off + n;
  if (write) {
    for (; b < end; ++b) {
      Shadow &s = sh[b];
      if ((s.wEpoch == ep && s.writer != id) ||
          (s.rEpoch == ep && (s.readers & ~me)))
        break;
      s.wEpoch = ep;
      s.writer = id;
      s.init = 1;
    }
  } else {
    for (; b < end; ++b) {
      Shadow &s = sh[b];
      if (!s.init || (s.wEpoch == ep && s.writer != id))
        break;
      if (s.rEpoch != ep) {
        s.rEpoch = ep;
        s.readers = 0;
      }
      s.readers |= me;
    }
  }
  return b == end || ldsCheckBytes(I, W, lane, b, unsigned(end - b), write);
}

bool WG::ldsCheckBytes(const Instr &I, Wave &W, unsigned lane, int64_t off,
                       unsigned n, bool write) {
  uint16_t me = uint16_t(1u << W.id);
  for (int64_t b = off; b < off + n; ++b) {
    Shadow &s = shadow[b];
    if (write) {
      if (s.wEpoch == epoch && s.writer != W.id)
        return fail(I, llvm::formatv("LDS data race: {0} writes LDS byte {1} "
                                     "written by wave {2} with no barrier in "
                                     "between",
                                     where(W, lane), b, s.writer));
      if (s.rEpoch == epoch && (s.readers & ~me))
        return fail(
            I, llvm::formatv("LDS data race: {0} writes LDS byte {1} "
                             "read by wave {2} with no barrier in "
                             "between",
                             where(W, lane), b,
                             llvm::countr_zero(unsigned(s.readers & ~me))));
      s.wEpoch = epoch;
      s.writer = W.id;
      s.init = 1;
    } else {
      if (!s.init && pendingUninit.empty())
        // Reported at the next barrier unless another wave writes the byte
        // before it: then the write is reported as a race, which it is.
        pendingUninit = formatOpError(
            I.mop, llvm::formatv("read of uninitialised LDS byte {0} by {1}", b,
                                 where(W, lane)));
      if (s.wEpoch == epoch && s.writer != W.id)
        return fail(I, llvm::formatv("LDS data race: {0} reads LDS byte {1} "
                                     "written by wave {2} with no barrier in "
                                     "between",
                                     where(W, lane), b, s.writer));
      if (s.rEpoch != epoch) {
        s.rEpoch = epoch;
        s.readers = 0;
      }
      s.readers |= me;
    }
  }
  return true;
}

bool WG::access(const Instr &I, Wave &W, const MemDesc &d, int64_t elem,
                unsigned es, bool write, unsigned lane, uint8_t *&ptr,
                int64_t uncheckedBytes) {
  return accessBytes(I, W, d, elem * int64_t(es), es, write, lane, ptr,
                     uncheckedBytes);
}

bool WG::accessBytes(const Instr &I, Wave &W, const MemDesc &d, int64_t off,
                     unsigned es, bool write, unsigned lane, uint8_t *&ptr,
                     int64_t uncheckedBytes) {
  ptr = nullptr;
  if (d.fatBase >= 0) {
    int64_t rel = off - d.fatBase;
    if (rel < 0 || rel + es > d.fatRecords)
      return true; // buffer bounds: load 0 / drop store
  }
  // A buffer instruction's SGPR offset is added after the range check.
  off += uncheckedBytes;
  const Buffer &b = bufs[d.buf];
  if (off < 0 || off + es > b.bytes) {
    const char *kind = b.kind == BufKind::Global ? "global"
                       : b.kind == BufKind::Lds  ? "LDS"
                                                 : "private memory";
    std::string what =
        b.kind == BufKind::Global
            ? llvm::formatv("argument #{0}", b.argIdx).str()
            : std::string(b.kind == BufKind::Lds ? "LDS allocation" : "alloca");
    return fail(I, llvm::formatv("{0} out-of-bounds {1}: byte offset {2} of "
                                 "{3} ({4} bytes) by {5}",
                                 kind, write ? "store" : "load", off, what,
                                 b.bytes, where(W, lane)));
  }
  if (b.kind == BufKind::Lds &&
      !ldsCheck(I, W, lane, b.ldsOff + off, es, write))
    return false;
  ptr = b.data + off;
  if (b.kind == BufKind::Global) {
    if (write) {
      st.globalBytesWritten += es;
      written[b.argIdx] = 1;
    } else {
      st.globalBytesRead += es;
    }
  }
  return true;
}

void WG::noteLds(const Instr &I, const uint32_t *addr, uint64_t ex,
                 unsigned bytes) {
  (void)I;
  // Accesses wider than 16 bytes are issued as several ds_*_b128.
  for (unsigned piece = 0; piece < std::max(1u, (bytes + 15) / 16); ++piece) {
    uint32_t a[64];
    FOR_LANES(ex, lane) { a[lane] = addr[lane] + piece * 16; }
    LdsCost c = ldsAccessCost(a, ex, std::min(16u, bytes), K.chip.ldsBanks());
    st.ldsAccessCycles += c.cycles;
    st.ldsBankConflictCycles += c.conflicts;
  }
}

/// Copies n elements of es bytes from memory into zero-extended register
/// items, and back (fixed-size copies the host compiler turns into moves).
template <class T>
static inline void loadAs(uint64_t *v, const uint8_t *p, unsigned n) {
  for (unsigned e = 0; e < n; ++e) {
    T x;
    std::memcpy(&x, p + size_t(e) * sizeof(T), sizeof(T));
    v[e] = uint64_t(x);
  }
}
template <class T>
static inline void storeAs(uint8_t *p, const uint64_t *v, unsigned n) {
  for (unsigned e = 0; e < n; ++e) {
    T x = T(v[e]);
    std::memcpy(p + size_t(e) * sizeof(T), &x, sizeof(T));
  }
}
static void loadElems(uint64_t *v, const uint8_t *p, unsigned n, unsigned es) {
  switch (es) {
  case 1:
    return loadAs<uint8_t>(v, p, n);
  case 2:
    return loadAs<uint16_t>(v, p, n);
  case 4:
    return loadAs<uint32_t>(v, p, n);
  default:
    return loadAs<uint64_t>(v, p, n);
  }
}
static void storeElems(uint8_t *p, const uint64_t *v, unsigned n, unsigned es) {
  switch (es) {
  case 1:
    return storeAs<uint8_t>(p, v, n);
  case 2:
    return storeAs<uint16_t>(p, v, n);
  case 4:
    return storeAs<uint32_t>(p, v, n);
  default:
    return storeAs<uint64_t>(p, v, n);
  }
}

/// Loads and stores through memref.load/store, vector.load/store,
/// transfer_read/write and raw buffer ops.
bool WG::memOp(Wave &W, const Instr &I, uint64_t ex) {
  bool write, rawBuf = false, transfer = false;
  uint32_t memSlot, valSlot = 0, idxFirst;
  int64_t maskSlot = -1, passSlot = -1, padSlot = -1;
  unsigned nIdx;
  switch (I.op) {
  case OMaskedLoad:
    write = false;
    memSlot = I.in[0];
    idxFirst = 1;
    nIdx = I.in.size() - 3;
    valSlot = I.out[0];
    maskSlot = I.in[I.in.size() - 2];
    passSlot = I.in.back();
    break;
  case OMaskedStore:
    write = true;
    memSlot = I.in[0];
    idxFirst = 1;
    nIdx = I.in.size() - 3;
    valSlot = I.in.back();
    maskSlot = I.in[I.in.size() - 2];
    break;
  case OLoad:
  case OVLoad:
  case OTransposeLoad:
    write = false;
    memSlot = I.in[0];
    idxFirst = 1;
    nIdx = I.in.size() - 1;
    valSlot = I.out[0];
    break;
  case OStore:
  case OVStore:
    write = true;
    valSlot = I.in[0];
    memSlot = I.in[1];
    idxFirst = 2;
    nIdx = I.in.size() - 2;
    break;
  case OTransferRead:
    write = false;
    transfer = true;
    memSlot = I.in[0];
    idxFirst = 1;
    nIdx = I.in.size() - 2 - (I.imm2 ? 1 : 0);
    valSlot = I.out[0];
    padSlot = I.in[1 + nIdx];
    if (I.imm2)
      maskSlot = I.in.back();
    break;
  case OTransferWrite:
    write = true;
    transfer = true;
    valSlot = I.in[0];
    memSlot = I.in[1];
    idxFirst = 2;
    nIdx = I.in.size() - 2 - (I.imm2 ? 1 : 0);
    if (I.imm2)
      maskSlot = I.in.back();
    break;
  case ORawBufLoad:
    write = false;
    rawBuf = true;
    memSlot = I.in[0];
    idxFirst = 1;
    nIdx = I.in.size() - 1 - ((I.imm2 & 2) ? 1 : 0);
    valSlot = I.out[0];
    break;
  default: // ORawBufStore
    write = true;
    rawBuf = true;
    valSlot = I.in[0];
    memSlot = I.in[1];
    idxFirst = 2;
    nIdx = I.in.size() - 2 - ((I.imm2 & 2) ? 1 : 0);
    break;
  }
  const SlotInfo &ms = K.slots[memSlot];
  const SlotInfo &vs = K.slots[valSlot];
  unsigned es = elemBytes(ms.ek);
  unsigned n = vs.n;
  const Reg &mr = W.regs[memSlot];
  Reg *val = &W.regs[valSlot];
  if (!write) {
    val->uni = false;
    // Every element of an active lane is written below; only inactive
    // lanes need the zeros.
    if (ex == ~0ull)
      val->v.resize(size_t(64) * n);
    else
      val->v.assign(size_t(64) * n, 0);
  }
  // Vector element e maps onto the trailing memref dims.
  unsigned vrank = vs.shape.size();
  bool isLds = ms.space == Space::Workgroup;
  uint32_t ldsAddr[64];
  llvm::SmallVector<int64_t, 4> vidx;
  // The index registers, resolved once for all lanes (idxVal per lane).
  struct IndexSrc {
    const uint64_t *v;
    bool uni;
    unsigned w;
  };
  llvm::SmallVector<IndexSrc, 4> isrc;
  for (unsigned i = 0; i < nIdx; ++i) {
    uint32_t slot = I.in[idxFirst + i];
    isrc.push_back(
        {W.regs[slot].v.data(), W.regs[slot].uni, bitWidth(K.slots[slot].ek)});
  }
  llvm::SmallVector<int64_t, 4> idx(nIdx);
  MemDesc rd2; // a raw buffer op's descriptor (reused across lanes)
  FOR_LANES(ex, lane) {
    const MemDesc &d = mr.uni ? mr.m[0] : mr.m[lane];
    if (d.buf < 0)
      return fail(I, "access through an uninitialised memref");
    int64_t base = d.offset;
    for (unsigned i = 0; i < nIdx; ++i) {
      const IndexSrc &x = isrc[i];
      idx[i] = sext(x.uni ? x.v[0] : x.v[lane], x.w);
      base += idx[i] * d.strides[i];
    }
    int64_t sgprElems = 0; // raw buffer ops' sgprOffset, in elements
    const MemDesc *dp = &d;
    if (rawBuf) {
      // Buffer descriptor over the whole memref; numRecords = its extent.
      rd2 = d;
      int64_t ext = 0;
      for (size_t i = 0; i < d.sizes.size(); ++i)
        ext = std::max(ext, (d.sizes[i] - 1) * d.strides[i]);
      rd2.fatBase = d.offset * es;
      rd2.fatRecords = (I.imm2 & 1) ? (ext + 1) * es : INT64_MAX / 4;
      base += I.imm;
      if (I.imm2 & 2)
        sgprElems = idxVal(W, I.in.back(), lane);
      dp = &rd2;
    }
    if (isLds) {
      const Buffer &b = bufs[d.buf];
      ldsAddr[lane] = uint32_t(b.ldsOff + base * es);
    }
    // The common case: n unmasked elements at unit stride, all inside the
    // view, the buffer-resource range and the buffer. One check of the whole
    // byte range then gives what the element-by-element path below would
    // (the LDS checks run byte by byte in the same order); anything else,
    // errors included, takes that path.
    if (maskSlot < 0 && (vrank == 0 || (vrank == 1 && d.strides.back() == 1 &&
                                        (!transfer || idx[ms.rank - 1] + n <=
                                                          d.sizes.back())))) {
      int64_t off = base * es, len = int64_t(n) * es;
      bool inRange =
          dp->fatBase < 0 ||
          (off - dp->fatBase >= 0 && off - dp->fatBase + len <= dp->fatRecords);
      off += sgprElems * int64_t(es);
      const Buffer &b = bufs[d.buf];
      if (inRange && off >= 0 && off + len <= b.bytes) {
        if (b.kind == BufKind::Lds &&
            !ldsCheck(I, W, lane, b.ldsOff + off, unsigned(len), write))
          return false;
        uint8_t *p = b.data + off;
        uint64_t *v = val->v.data() + (val->uni ? 0 : size_t(lane) * n);
        if (b.kind == BufKind::Global) {
          if (write) {
            st.globalBytesWritten += len;
            written[b.argIdx] = 1;
          } else {
            st.globalBytesRead += len;
          }
        }
        if (write)
          storeElems(p, v, n, es);
        else
          loadElems(v, p, n, es);
        continue;
      }
      // Wholly outside the buffer-resource range (a pipelined kernel's
      // prefetch past the end): every element reads 0 or is dropped.
      int64_t rel = base * es - dp->fatBase;
      if (dp->fatBase >= 0 && (rel >= dp->fatRecords || rel + len <= 0)) {
        if (!write)
          std::fill_n(val->v.data() + size_t(lane) * n, n, 0);
        continue;
      }
    }
    for (unsigned e = 0; e < n; ++e) {
      int64_t el = base;
      bool inDim = true;
      if (vrank) {
        vidx.assign(vrank, 0);
        int64_t r = e;
        for (int k = int(vrank) - 1; k >= 0; --k) {
          vidx[k] = r % vs.shape[k];
          r /= vs.shape[k];
        }
        for (unsigned k = 0; k < vrank; ++k) {
          unsigned md = ms.rank - vrank + k;
          el += vidx[k] * d.strides[md];
          if (transfer && idx[md] + vidx[k] >= d.sizes[md])
            inDim = false;
        }
      }
      uint8_t *p = nullptr;
      bool maskedOff = maskSlot >= 0 && !(rd(W.regs[maskSlot], n, lane, e) & 1);
      if (maskedOff) {
        if (!write)
          val->v[size_t(lane) * n + e] = passSlot >= 0
                                             ? rd(W.regs[passSlot], n, lane, e)
                                             : rd(W.regs[padSlot], 1, lane, 0);
        continue;
      }
      if (inDim && !access(I, W, *dp, el, es, write, lane, p,
                           sgprElems * int64_t(es)))
        return false;
      if (write) {
        if (p) {
          uint64_t bits = rd(*val, n, lane, e);
          std::memcpy(p, &bits, es);
        }
      } else {
        uint64_t bits = 0;
        if (p)
          std::memcpy(&bits, p, es);
        else if (!inDim)
          bits = rd(W.regs[padSlot], 1, lane, 0); // padding
        val->v[size_t(lane) * n + e] = bits;
      }
    }
  }
  unsigned bytes = n * es;
  unsigned pieces = std::max(1u, (bytes + 15) / 16);
  // Private accesses are counted through their instruction class.
  if (isLds) {
    st.lds += pieces;
    noteLds(I, ldsAddr, ex, bytes);
  } else if (ms.space != Space::Private) {
    st.global += pieces;
  }
  return true;
}

/// amdgpu.transpose_load (ds_read_b64_tr_b16 / _b8, CDNA4 ISA "MFMA
/// transpose load from LDS"): every lane reads 64 contiguous bits at its own
/// address, then each group of 16 lanes exchanges them. Per group, the 16
/// loaded vectors of E elements (E = 4 for 16-bit, 8 for 8-bit) form an
/// E x 16 matrix whose row r is the concatenation of the vectors of lanes
/// r * (16 / E) .. r * (16 / E) + 16 / E - 1; lane i receives column i, i.e.
/// element r of lane i is element i % E of the vector lane
/// r * (16 / E) + i / E loaded. (The same description is in Triton's AMD
/// backend and Mojo's ds_read_tr16_b64; see docs/emulator.md.)
bool WG::transposeLoad(Wave &W, const Instr &I, uint64_t ex) {
  for (unsigned g = 0; g < 4; ++g) {
    uint64_t grp = (ex >> (16 * g)) & 0xffff;
    if (grp != 0 && grp != 0xffff)
      return fail(I, llvm::formatv(
                         "transpose_load under a partial exec mask {0:x16}: "
                         "the 16 lanes of a group exchange data, so each "
                         "group must be all active or all inactive (wave "
                         "{1}, workgroup ({2},{3},{4}))",
                         ex, W.id, bid[0], bid[1], bid[2]));
  }
  if (!memOp(W, I, ex))
    return false;
  Reg &r = W.regs[I.out[0]];
  const unsigned n = K.slots[I.out[0]].n, perRow = 16 / n;
  std::vector<uint64_t> loaded = r.v;
  FOR_LANES(ex, lane) {
    unsigned base = lane / 16 * 16, i = lane % 16;
    for (unsigned e = 0; e < n; ++e)
      r.v[size_t(lane) * n + e] =
          loaded[size_t(base + e * perRow + i / n) * n + i % n];
  }
  return true;
}

/// amdgpu.gather_to_lds: every active lane loads `bytes` from its own global
/// address; the wave writes them to LDS contiguously in lane order from the
/// address lane 0 supplies (sub-dword data zero-extended to a dword, 12-byte
/// data padded to 16), as global_load_lds does.
bool WG::gatherToLds(Wave &W, const Instr &I, uint64_t ex) {
  unsigned bytes = unsigned(I.imm), nsrc = unsigned(I.imm2);
  unsigned slot = bytes < 4 ? 4 : bytes == 12 ? 16 : bytes;
  uint32_t srcSlot = I.in[0], dstSlot = I.in[1 + nsrc];
  const Reg &sr = W.regs[srcSlot], &dr = W.regs[dstSlot];
  unsigned ses = elemBytes(K.slots[srcSlot].ek),
           des = elemBytes(K.slots[dstSlot].ek);
  // Only lane 0's destination (memref and indices) is used.
  const MemDesc &dd = dr.m[0];
  int64_t dbase = dd.offset;
  size_t ndst = I.in.size() - 2 - nsrc;
  for (size_t i = 0; i < ndst; ++i)
    dbase += idxVal(W, I.in[2 + nsrc + i], 0) * dd.strides[i];
  uint32_t addrs[64];
  FOR_LANES(ex, lane) {
    const MemDesc &sd = sr.uni ? sr.m[0] : sr.m[lane];
    int64_t el = sd.offset;
    for (unsigned i = 0; i < nsrc; ++i)
      el += idxVal(W, I.in[1 + i], lane) * sd.strides[i];
    uint8_t buf[16] = {};
    uint8_t *p;
    // Per-byte bounds for fat buffers: out-of-range data reads as 0.
    if (!accessBytes(I, W, sd, el * ses, bytes, false, lane, p))
      return false;
    if (p)
      std::memcpy(buf, p, bytes);
    uint8_t *q;
    int64_t doff = dbase * des + int64_t(lane) * slot;
    if (!accessBytes(I, W, dd, doff, slot, true, lane, q))
      return false;
    std::memcpy(q, buf, slot);
    addrs[lane] = uint32_t(bufs[dd.buf].ldsOff + doff);
  }
  st.global += 1;
  st.lds += 1;
  noteLds(I, addrs, ex, slot);
  return true;
}

static uint64_t combine(int kind, uint64_t a, uint64_t b, ElemType t);

/// Host-side atomicity for global atomics of concurrently running workgroups.
static std::mutex &atomicStripe(const void *p) {
  static std::mutex stripes[64];
  return stripes[(reinterpret_cast<uintptr_t>(p) >> 3) % 64];
}

/// memref.atomic_rmw: lanes apply their update in lane order. Atomics are
/// exempt from the LDS race check (they are the synchronisation); the
/// location must be initialised.
bool WG::atomicRmw(Wave &W, const Instr &I, uint64_t ex) {
  uint32_t valSlot = I.in[0], memSlot = I.in[1];
  const SlotInfo &ms = K.slots[memSlot];
  ElemType t = ms.ek;
  unsigned es = elemBytes(t), w = bitWidth(t);
  const Reg &mr = W.regs[memSlot], &val = W.regs[valSlot];
  Reg out;
  out.uni = false;
  out.v.assign(64, 0);
  bool lds = ms.space == Space::Workgroup;
  uint32_t addrs[64];
  FOR_LANES(ex, lane) {
    const MemDesc &d = mr.uni ? mr.m[0] : mr.m[lane];
    int64_t el = d.offset;
    for (size_t i = 2; i < I.in.size(); ++i)
      el += idxVal(W, I.in[i], lane) * d.strides[i - 2];
    int64_t off = el * es;
    const Buffer &b = bufs[d.buf];
    if (d.fatBase >= 0 &&
        (off - d.fatBase < 0 || off - d.fatBase + es > d.fatRecords))
      continue; // dropped, returns 0
    if (off < 0 || off + es > b.bytes) {
      uint8_t *p;
      return accessBytes(I, W, d, off, es, true, lane, p);
    }
    uint8_t *p = b.data + off;
    if (lds) {
      addrs[lane] = uint32_t(b.ldsOff + off);
      for (unsigned k = 0; k < es; ++k) {
        Shadow &sh = shadow[b.ldsOff + off + k];
        if (!sh.init)
          return fail(I, llvm::formatv("atomic on uninitialised LDS byte {0} "
                                       "by {1}",
                                       b.ldsOff + off + k, where(W, lane)));
      }
    } else {
      written[b.argIdx] = 1;
      st.globalBytesRead += es;
      st.globalBytesWritten += es;
    }
    std::unique_lock<std::mutex> g;
    if (!lds)
      g = std::unique_lock<std::mutex>(atomicStripe(p));
    uint64_t old = 0;
    std::memcpy(&old, p, es);
    uint64_t x = rd(val, 1, lane, 0), r;
    switch (I.imm) {
    case 0:
      r = fromD(toD(old, t) + toD(x, t), t);
      break;
    case 1:
      r = maskTo(old + x, w);
      break;
    case 2:
      r = old & x;
      break;
    case 3:
      r = x;
      break;
    case 4:
      r = combine(12, old, x, t);
      break;
    case 5:
      r = combine(7, old, x, t);
      break;
    case 6:
      r = combine(6, old, x, t);
      break;
    case 7:
      r = combine(5, old, x, t);
      break;
    case 8:
      r = combine(11, old, x, t);
      break;
    case 9:
      r = combine(4, old, x, t);
      break;
    case 10:
      r = combine(3, old, x, t);
      break;
    case 11:
      r = combine(2, old, x, t);
      break;
    case 12:
      r = fromD(toD(old, t) * toD(x, t), t);
      break;
    case 13:
      r = maskTo(old * x, w);
      break;
    case 14:
      r = old | x;
      break;
    default:
      r = old ^ x;
      break;
    }
    std::memcpy(p, &r, es);
    out.v[lane] = old;
  }
  W.regs[I.out[0]] = std::move(out);
  if (lds) {
    st.lds += 1;
    noteLds(I, addrs, ex, es);
  } else {
    st.global += 1;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Views
//===----------------------------------------------------------------------===//

static void rowMajor(MemDesc &d) {
  d.strides.assign(d.sizes.size(), 1);
  for (int i = int(d.sizes.size()) - 2; i >= 0; --i)
    d.strides[i] = d.strides[i + 1] * d.sizes[i + 1];
}

bool WG::viewOp(Wave &W, const Instr &I, uint64_t ex) {
  uint32_t out = I.out.empty() ? 0 : I.out[0];
  bool uni = true;
  for (uint32_t s : I.in)
    uni &= W.regs[s].uni;
  auto one = [&](unsigned lane, MemDesc &r) -> bool {
    switch (I.op) {
    case OLdsAlloc: {
      r = MemDesc();
      r.buf = int32_t(L.args.size()) + I.aux;
      r.sizes.assign(K.ldsAllocs[I.aux].shape.begin(),
                     K.ldsAllocs[I.aux].shape.end());
      rowMajor(r);
      return true;
    }
    case OAlloca: {
      r = MemDesc();
      r.buf = W.allocaBuf[I.imm] + lane;
      auto mt = cast<MemRefType>(I.mop->getResult(0).getType());
      r.sizes.assign(mt.getShape().begin(), mt.getShape().end());
      rowMajor(r);
      return true;
    }
    default:
      break;
    }
    const Reg &sr = W.regs[I.in[0]];
    const MemDesc &s = sr.uni ? sr.m[0] : sr.m[lane];
    r = s;
    switch (I.op) {
    case OCastMem:
      return true;
    case OSubview: {
      const MixedList &ml = K.mixed[I.aux];
      r.sizes.clear();
      r.strides.clear();
      for (size_t i = 0; i < ml.offsets.size(); ++i) {
        r.offset += mixedVal(W, ml.offsets[i], lane) * s.strides[i];
        if (!ml.dropped.empty() && ml.dropped[i])
          continue;
        r.sizes.push_back(mixedVal(W, ml.sizes[i], lane));
        r.strides.push_back(s.strides[i] * mixedVal(W, ml.strides[i], lane));
      }
      return true;
    }
    case OView: {
      // memref.view of a byte buffer: the same storage seen as the result's
      // element type from a byte shift (checked divisible at decode), row
      // major.
      auto mt = cast<MemRefType>(I.mop->getResult(0).getType());
      r.offset = (s.offset + I.imm) / int64_t(I.imm2);
      r.sizes.assign(mt.getShape().begin(), mt.getShape().end());
      rowMajor(r);
      return true;
    }
    case OReinterpret: {
      const MixedList &ml = K.mixed[I.aux];
      // The offset is relative to the underlying allocation.
      r.offset = mixedVal(W, ml.offsets[0], lane);
      r.sizes.clear();
      r.strides.clear();
      for (size_t i = 0; i < ml.sizes.size(); ++i) {
        r.sizes.push_back(mixedVal(W, ml.sizes[i], lane));
        r.strides.push_back(mixedVal(W, ml.strides[i], lane));
      }
      return true;
    }
    case OCollapse: {
      const MixedList &ml = K.mixed[I.aux];
      r.sizes.clear();
      r.strides.clear();
      size_t d = 0;
      for (int64_t g : ml.sizes) {
        int64_t sz = 1;
        for (int64_t k = 0; k < g; ++k)
          sz *= s.sizes[d + k];
        r.sizes.push_back(sz);
        r.strides.push_back(g ? s.strides[d + g - 1] : 1);
        d += g;
      }
      return true;
    }
    case OExpand: {
      const MixedList &ml = K.mixed[I.aux];
      r.sizes.assign(ml.offsets.begin(), ml.offsets.end());
      r.strides.assign(r.sizes.size(), 1);
      size_t d = 0;
      for (size_t gi = 0; gi < ml.sizes.size(); ++gi) {
        int64_t g = ml.sizes[gi];
        int64_t st2 = s.strides[gi];
        for (int64_t k = g - 1; k >= 0; --k) {
          r.strides[d + k] = st2;
          st2 *= r.sizes[d + k];
        }
        d += g;
      }
      return true;
    }
    case OFatCast: {
      // The resource starts at the view's first element (with resetOffset
      // the memref offset becomes 0 relative to it: the same bytes).
      int64_t es = elemBytes(K.slots[I.in[0]].ek);
      r.fatBase = s.offset * es;
      // As upstream's AMDGPUToROCDL lowering computes num_records when no
      // validBytes is given: max over dims of size * stride, in bytes (for
      // a row-major view that is rows * leading stride, the whole last row
      // included).
      int64_t ext = 0;
      for (size_t i = 0; i < s.sizes.size(); ++i)
        ext = std::max(ext, s.sizes[i] * s.strides[i]);
      r.fatRecords = ext * es;
      if (I.in.size() > 1)
        r.fatRecords = idxVal(W, I.in[1], lane);
      if (!I.imm2) // boundsCheck(false): no buffer clamping
        r.fatBase = -1;
      return true;
    }
    default:
      return fail(I, "internal: bad view op");
    }
  };
  if (I.op == OAlloca) {
    if (W.allocaBuf.size() <= size_t(I.imm))
      W.allocaBuf.resize(I.imm + 1, -1);
    if (W.allocaBuf[I.imm] < 0) {
      auto mt = cast<MemRefType>(I.mop->getResult(0).getType());
      int64_t bytes = mt.getNumElements() * elemBytes(K.slots[I.out[0]].ek);
      W.allocaBuf[I.imm] = bufs.size();
      for (unsigned l = 0; l < 64; ++l) {
        privStore.emplace_back(bytes, 0);
        Buffer b;
        b.kind = BufKind::Private;
        b.data = privStore.back().data();
        b.bytes = bytes;
        bufs.push_back(b);
      }
    }
    uni = false;
  }
  Reg &d = W.regs[out];
  if (uni) {
    d.uni = true;
    d.m.resize(1);
    return one(0, d.m[0]);
  }
  d.uni = false;
  d.m.resize(64);
  FOR_LANES(ex, lane) {
    if (!one(lane, d.m[lane]))
      return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// MFMA
//===----------------------------------------------------------------------===//

/// Converts the KL items per lane of an MFMA operand to double, placed at
/// their matrix positions `at` (MfmaInfo::aAt/bAt). One switch per
/// instruction, not per element.
static void mfmaOperand(const Reg &r, ElemType t, unsigned kl,
                        llvm::ArrayRef<uint16_t> at, double *out) {
  const uint64_t *v = r.v.data();
  const unsigned n = 64 * kl;
  auto each = [&](auto conv) {
    if (r.uni) {
      for (unsigned x = 0; x < n; ++x)
        out[at[x]] = conv(v[x % kl]);
    } else {
      for (unsigned x = 0; x < n; ++x)
        out[at[x]] = conv(v[x]);
    }
  };
  switch (t) {
  case ElemType::BF16:
    return each([](uint64_t b) -> double { return bf16ToFloat(uint16_t(b)); });
  case ElemType::F16:
    return each([](uint64_t b) -> double { return f16ToFloat(uint16_t(b)); });
  case ElemType::F32:
    return each([](uint64_t b) -> double { return bitsFloat(uint32_t(b)); });
  default: {
    const double *tab = fp8Tables().t[int(t) - int(ElemType::F8E4M3FNUZ)];
    return each([tab](uint64_t b) { return tab[b & 0xff]; });
  }
  }
}

bool WG::mfma(Wave &W, const Instr &I, uint64_t ex) {
  if (ex != W.launch)
    return fail(I, llvm::formatv("mfma under a partial exec mask {0:x16} "
                                 "(wave {1}, workgroup ({2},{3},{4}))",
                                 ex, W.id, bid[0], bid[1], bid[2]));
  const MfmaInfo &mi = K.mfmas[I.aux];
  const Reg &ra = W.regs[I.in[0]], &rb = W.regs[I.in[1]], &rc = W.regs[I.in[2]];
  const unsigned accN = mi.accN(), nAcc = 64 * accN;
  // A and B in double, in the layouts decoded at compile time (planMfma).
  mfmaA.resize(size_t(64) * mi.kl);
  mfmaB.resize(size_t(64) * mi.kl);
  mfmaAcc.resize(nAcc);
  mfmaOperand(ra, mi.a, mi.kl, mi.aAt, mfmaA.data());
  mfmaOperand(rb, mi.b, mi.kl, mi.bAt, mfmaB.data());
  Reg &out = W.regs[I.out[0]];
  out.uni = false;
  out.v.resize(nAcc);
  // Products of f16/bf16/fp8/f32 values are exact in double; the K products
  // and C are summed in double, in k order, and rounded once to f32.
  mfmaCompute(mi, mfmaA.data(), mfmaB.data(), rc.v.data(), rc.uni, out.v.data(),
              mfmaAcc.data());
  st.mfma += 1;
  return true;
}

//===----------------------------------------------------------------------===//
// Cross-lane ops
//===----------------------------------------------------------------------===//

static uint64_t combine(int kind, uint64_t a, uint64_t b, ElemType t) {
  unsigned w = bitWidth(t);
  if (isFloat(t)) {
    double x = toD(a, t), y = toD(b, t);
    switch (kind) {
    case 0:
      return fromD(x + y, t);
    case 1:
      return fromD(x * y, t);
    case 4:
      return std::isnan(x) ? b : std::isnan(y) ? a : (x <= y ? a : b);
    case 7:
      return std::isnan(x) ? b : std::isnan(y) ? a : (x >= y ? a : b);
    case 11:
      return std::isnan(x) ? a : std::isnan(y) ? b : (x <= y ? a : b);
    case 12:
      return std::isnan(x) ? a : std::isnan(y) ? b : (x >= y ? a : b);
    default:
      return a;
    }
  }
  switch (kind) {
  case 0:
    return maskTo(a + b, w);
  case 1:
    return maskTo(a * b, w);
  case 2:
    return std::min(maskTo(a, w), maskTo(b, w));
  case 3:
    return sext(a, w) <= sext(b, w) ? a : b;
  case 5:
    return std::max(maskTo(a, w), maskTo(b, w));
  case 6:
    return sext(a, w) >= sext(b, w) ? a : b;
  case 8:
    return a & b;
  case 9:
    return a | b;
  case 10:
    return a ^ b;
  default:
    return a;
  }
}

bool WG::crossLane(Wave &W, const Instr &I, uint64_t ex) {
  const SlotInfo &si = K.slots[I.out[0]];
  unsigned n = si.n;
  const Reg &src = W.regs[I.in[0]];
  Reg out;
  out.uni = false;
  out.v.assign(size_t(64) * n, 0);
  auto srcVal = [&](unsigned l, unsigned e) -> uint64_t {
    // Reading a lane that is not active yields 0 (documented choice).
    return ((ex >> l) & 1) ? rd(src, n, l, e) : 0;
  };
  if (I.op == OShuffle) {
    Reg valid;
    valid.uni = false;
    valid.v.assign(64, 0);
    FOR_LANES(ex, lane) {
      int64_t off = idxVal(W, I.in[1], lane), wd = idxVal(W, I.in[2], lane);
      if (wd <= 0 || wd > 64)
        return fail(I, llvm::formatv("shuffle width {0} out of range", wd));
      int64_t s;
      switch (I.imm) {
      case 0:
        s = int64_t(lane) ^ off;
        break; // xor
      case 1:
        s = int64_t(lane) + off;
        break; // down
      case 2:
        s = int64_t(lane) - off;
        break; // up
      default:
        s = off;
        break; // idx
      }
      int64_t seg = int64_t(lane) / wd * wd;
      bool ok = s >= seg && s < seg + wd && s < 64;
      valid.v[lane] = ok;
      for (unsigned e = 0; e < n; ++e)
        out.v[size_t(lane) * n + e] =
            ok ? srcVal(unsigned(s), e) : rd(src, n, lane, e);
    }
    W.regs[I.out[0]] = std::move(out);
    W.regs[I.out[1]] = std::move(valid);
    return true;
  }
  if (I.op == OPermlaneSwap) {
    FOR_LANES(ex, lane) {
      unsigned s = lane ^ unsigned(I.imm);
      for (unsigned e = 0; e < n; ++e) {
        uint64_t v;
        if ((ex >> s) & 1)
          v = rd(src, n, s, e);
        else if (I.imm2 & 1)
          v = rd(src, n, s, e);
        else if (I.imm2 & 2)
          v = 0;
        else
          v = rd(src, n, lane, e); // write disabled: keep the old value
        out.v[size_t(lane) * n + e] = v;
      }
    }
    W.regs[I.out[0]] = std::move(out);
    return true;
  }
  // subgroup_reduce
  unsigned csize = unsigned(I.imm2 >> 32), cstride = unsigned(I.imm2);
  if (csize == 0 || cstride == 0 || csize * cstride > 64)
    return fail(I, "bad subgroup_reduce cluster");
  FOR_LANES(ex, lane) {
    unsigned span = csize * cstride;
    unsigned first = lane / span * span + lane % cstride;
    for (unsigned e = 0; e < n; ++e) {
      bool have = false;
      uint64_t acc = 0;
      for (unsigned c = 0; c < csize; ++c) {
        unsigned l = first + c * cstride;
        if (!((ex >> l) & 1))
          continue;
        uint64_t v = rd(src, n, l, e);
        acc = have ? combine(int(I.imm), acc, v, si.ek) : v;
        have = true;
      }
      out.v[size_t(lane) * n + e] = acc;
    }
  }
  if (csize == 64) {
    // The wave-wide result is uniform.
    unsigned l0 = unsigned(llvm::countr_zero(ex));
    std::vector<uint64_t> u(out.v.begin() + size_t(l0) * n,
                            out.v.begin() + size_t(l0 + 1) * n);
    out.v = std::move(u);
    out.uni = true;
  }
  W.regs[I.out[0]] = std::move(out);
  return true;
}

//===----------------------------------------------------------------------===//
// Vector data movement
//===----------------------------------------------------------------------===//

bool WG::vectorOp(Wave &W, const Instr &I, uint64_t ex) {
  const SlotInfo &so = K.slots[I.out[0]];
  unsigned n = so.n;
  switch (I.op) {
  case OGather: {
    const auto &map = K.maps[I.aux];
    const Reg &s = W.regs[I.in[0]];
    unsigned sn = K.slots[I.in[0]].n;
    ew(W, I, ex, [&](unsigned l, unsigned e) { return rd(s, sn, l, map[e]); });
    return true;
  }
  case OShuffle2: {
    const auto &map = K.maps[I.aux];
    const Reg &a = W.regs[I.in[0]];
    const Reg &c = W.regs[I.in[1]];
    unsigned an = K.slots[I.in[0]].n, cn = K.slots[I.in[1]].n;
    ew(W, I, ex, [&](unsigned l, unsigned e) {
      return map[e] < an ? rd(a, an, l, map[e]) : rd(c, cn, l, map[e] - an);
    });
    return true;
  }
  case OScatter: {
    const auto &map = K.maps[I.aux];
    const Reg &s = W.regs[I.in[0]];
    const Reg &d = W.regs[I.in[1]];
    unsigned sn = K.slots[I.in[0]].n;
    // inverse map: dest element -> source element or -1
    std::vector<int32_t> inv(n, -1);
    for (size_t i = 0; i < map.size(); ++i)
      inv[map[i]] = int32_t(i);
    ew(W, I, ex, [&](unsigned l, unsigned e) {
      return inv[e] >= 0 ? rd(s, sn, l, unsigned(inv[e])) : rd(d, n, l, e);
    });
    return true;
  }
  case OFromElements:
    ew(W, I, ex,
       [&](unsigned l, unsigned e) { return rd(W.regs[I.in[e]], 1, l, 0); });
    return true;
  case OExtractDyn:
  case OInsertDyn: {
    const MixedList &ml = K.mixed[I.aux];
    bool ins = I.op == OInsertDyn;
    const Reg &s = W.regs[I.in[0]];
    unsigned sn = K.slots[I.in[0]].n;
    const Reg *d = ins ? &W.regs[I.in[1]] : nullptr;
    unsigned inner = unsigned(I.imm);
    bool bad = false;
    int64_t badPos = 0;
    auto base = [&](unsigned l) -> int64_t {
      int64_t b = 0;
      for (size_t i = 0; i < ml.offsets.size(); ++i) {
        int64_t p = mixedVal(W, ml.offsets[i], l);
        if (p < 0 || p >= ml.sizes[i]) {
          bad = true;
          badPos = p;
        }
        b += p * ml.strides[i];
      }
      return b;
    };
    // Dynamic positions may differ per lane: never uniform unless all are.
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      int64_t b = base(l);
      if (bad)
        return 0;
      if (!ins)
        return rd(s, sn, l, unsigned(b + e));
      return (int64_t(e) >= b && int64_t(e) < b + inner)
                 ? rd(s, sn, l, unsigned(e - b))
                 : rd(*d, n, l, e);
    });
    if (bad)
      return fail(
          I, llvm::formatv("dynamic vector position {0} out of range", badPos));
    return true;
  }
  case OVBitcast: {
    const Reg &s = W.regs[I.in[0]];
    unsigned sn = K.slots[I.in[0]].n;
    unsigned sb = elemBytes(K.slots[I.in[0]].ek), db = elemBytes(so.ek);
    auto conv = [&](unsigned l, std::vector<uint64_t> &dst) {
      uint8_t buf[1024];
      for (unsigned e = 0; e < sn; ++e) {
        uint64_t v = rd(s, sn, l, e);
        std::memcpy(buf + e * sb, &v, sb);
      }
      for (unsigned e = 0; e < n; ++e) {
        uint64_t v = 0;
        std::memcpy(&v, buf + e * db, db);
        dst[size_t(e)] = v;
      }
    };
    if (sn * sb > 1024)
      return fail(I, "vector.bitcast of more than 1024 bytes");
    Reg out;
    std::vector<uint64_t> tmp(n);
    if (s.uni) {
      conv(0, tmp);
      out.v = tmp;
    } else {
      out.uni = false;
      out.v.assign(size_t(64) * n, 0);
      FOR_LANES(ex, lane) {
        conv(lane, tmp);
        std::copy(tmp.begin(), tmp.end(), out.v.begin() + size_t(lane) * n);
      }
    }
    W.regs[I.out[0]] = std::move(out);
    return true;
  }
  case OReduction: {
    const Reg &s = W.regs[I.in[0]];
    unsigned sn = K.slots[I.in[0]].n;
    ElemType t = so.ek;
    bool hasAcc = I.in.size() > 1;
    ew(W, I, ex, [&](unsigned l, unsigned) {
      uint64_t acc = rd(s, sn, l, 0);
      for (unsigned e = 1; e < sn; ++e)
        acc = combine(int(I.imm), acc, rd(s, sn, l, e), t);
      if (hasAcc)
        acc = combine(int(I.imm), rd(W.regs[I.in[1]], 1, l, 0), acc, t);
      return acc;
    });
    return true;
  }
  default:
    return fail(I, "internal: bad vector op");
  }
}

//===----------------------------------------------------------------------===//
// Scalar/elementwise instructions
//===----------------------------------------------------------------------===//

static double fmaxnum(double x, double y) {
  if (std::isnan(x))
    return y;
  if (std::isnan(y))
    return x;
  if (x == 0 && y == 0)
    return std::signbit(x) ? y : x;
  return x > y ? x : y;
}
static double fminnum(double x, double y) {
  if (std::isnan(x))
    return y;
  if (std::isnan(y))
    return x;
  if (x == 0 && y == 0)
    return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic (arith integer and float binary ops)
//===----------------------------------------------------------------------===//

/// arith.addi ... arith.floordivsi on `w`-bit integers (zero-extended bits);
/// sets `divZero` for a zero divisor.
template <Opc OP>
static inline uint64_t intBinaryOp(uint64_t x, uint64_t y, unsigned w,
                                   bool &divZero) {
  int64_t sx = sext(x, w), sy = sext(y, w);
  uint64_t ux = maskTo(x, w), uy = maskTo(y, w);
  uint64_t r = 0;
  switch (OP) {
  case OAddI:
    r = x + y;
    break;
  case OSubI:
    r = x - y;
    break;
  case OMulI:
    r = x * y;
    break;
  case OAndI:
    r = x & y;
    break;
  case OOrI:
    r = x | y;
    break;
  case OXOrI:
    r = x ^ y;
    break;
  case OShLI:
    r = uy >= w ? 0 : ux << uy;
    break;
  case OShRSI:
    r = uy >= w ? 0 : uint64_t(sx >> uy);
    break;
  case OShRUI:
    r = uy >= w ? 0 : ux >> uy;
    break;
  case OMaxSI:
    r = sx > sy ? x : y;
    break;
  case OMinSI:
    r = sx < sy ? x : y;
    break;
  case OMaxUI:
    r = ux > uy ? x : y;
    break;
  case OMinUI:
    r = ux < uy ? x : y;
    break;
  default:
    if (uy == 0) {
      divZero = true;
      return 0;
    }
    switch (OP) {
    case ODivSI:
      r = (sy == -1) ? uint64_t(-sx) : uint64_t(sx / sy);
      break;
    case ODivUI:
      r = ux / uy;
      break;
    case ORemSI:
      r = (sy == -1) ? 0 : uint64_t(sx % sy);
      break;
    case ORemUI:
      r = ux % uy;
      break;
    case OCeilDivUI:
      r = ux / uy + (ux % uy != 0);
      break;
    case OCeilDivSI: {
      int64_t q = sy == -1 ? -sx : sx / sy;
      if (sy != -1 && (sx % sy != 0) && ((sx < 0) == (sy < 0)))
        ++q;
      r = uint64_t(q);
      break;
    }
    default: { // floordivsi
      int64_t q = sy == -1 ? -sx : sx / sy;
      if (sy != -1 && (sx % sy != 0) && ((sx < 0) != (sy < 0)))
        --q;
      r = uint64_t(q);
      break;
    }
    }
  }
  return maskTo(r, w);
}

/// arith.addf ... math.copysign in double (rounded once to the type by the
/// caller; f32 powf/atan2 are float functions).
template <Opc OP> static inline double floatBinaryOp(double x, double y) {
  double r;
  switch (OP) {
  case OAddF:
    r = x + y;
    break;
  case OSubF:
    r = x - y;
    break;
  case OMulF:
    r = x * y;
    break;
  case ODivF:
    r = x / y;
    break;
  case ORemF:
    r = std::fmod(x, y);
    break;
  case OMaximumF:
    r = (std::isnan(x) || std::isnan(y)) ? NAN
        : (x == 0 && y == 0)             ? (std::signbit(x) ? y : x)
                                         : std::max(x, y);
    break;
  case OMinimumF:
    r = (std::isnan(x) || std::isnan(y)) ? NAN
        : (x == 0 && y == 0)             ? (std::signbit(x) ? x : y)
                                         : std::min(x, y);
    break;
  case OMaxNumF:
    r = fmaxnum(x, y);
    break;
  case OMinNumF:
    r = fminnum(x, y);
    break;
  case OPowF:
    r = std::pow(x, y);
    break;
  case OAtan2:
    r = std::atan2(x, y);
    break;
  default:
    r = std::copysign(x, y);
    break;
  }
  return r;
}

template <class Fn>
void WG::ewBinary(Wave &W, const Instr &I, uint64_t ex, Fn f) {
  const Reg &a = W.regs[I.in[0]], &b = W.regs[I.in[1]];
  const unsigned n = K.slots[I.out[0]].n;
  Reg &d = W.regs[I.out[0]];
  const uint64_t *pa = a.v.data(), *pb = b.v.data();
  if (!I.laneDependent && a.uni && b.uni) {
    d.uni = true;
    d.v.resize(n);
    for (unsigned e = 0; e < n; ++e)
      d.v[e] = f(pa[e], pb[e]);
    return;
  }
  d.uni = false;
  d.v.resize(size_t(64) * n);
  uint64_t *pd = d.v.data();
  if (ex == ~0ull) {
    // All lanes: straight loops over lanes x items.
    const unsigned total = 64 * n;
    if (!a.uni && !b.uni) {
      for (unsigned x = 0; x < total; ++x)
        pd[x] = f(pa[x], pb[x]);
    } else if (n == 1 && a.uni != b.uni) {
      if (a.uni) {
        uint64_t c = pa[0];
        for (unsigned x = 0; x < 64; ++x)
          pd[x] = f(c, pb[x]);
      } else {
        uint64_t c = pb[0];
        for (unsigned x = 0; x < 64; ++x)
          pd[x] = f(pa[x], c);
      }
    } else {
      for (unsigned lane = 0; lane < 64; ++lane)
        for (unsigned e = 0; e < n; ++e)
          pd[lane * n + e] = f(rd(a, n, lane, e), rd(b, n, lane, e));
    }
    return;
  }
  FOR_LANES(ex, lane) {
    for (unsigned e = 0; e < n; ++e)
      pd[size_t(lane) * n + e] = f(rd(a, n, lane, e), rd(b, n, lane, e));
  }
}

template <Opc OP> bool WG::intBinaryAs(Wave &W, const Instr &I, uint64_t ex) {
  const unsigned w = bitWidth(K.slots[I.out[0]].ek);
  bool divZero = false;
  ewBinary(W, I, ex, [w, &divZero](uint64_t x, uint64_t y) {
    return intBinaryOp<OP>(x, y, w, divZero);
  });
  if (divZero)
    return fail(I, "integer division by zero");
  return true;
}

template <Opc OP> bool WG::floatBinaryAs(Wave &W, const Instr &I, uint64_t ex) {
  const ElemType t = K.slots[I.out[0]].ek;
  constexpr bool floatFn = OP == OPowF || OP == OAtan2;
  if (t == ElemType::F32) {
    ewBinary(W, I, ex, [](uint64_t xb, uint64_t yb) -> uint64_t {
      double x = bitsFloat(uint32_t(xb)), y = bitsFloat(uint32_t(yb));
      if constexpr (floatFn)
        return floatBits(OP == OPowF ? std::pow(float(x), float(y))
                                     : std::atan2(float(x), float(y)));
      return floatBits(float(floatBinaryOp<OP>(x, y)));
    });
    return true;
  }
  ewBinary(W, I, ex, [t](uint64_t xb, uint64_t yb) -> uint64_t {
    return fromD(floatBinaryOp<OP>(toD(xb, t), toD(yb, t)), t);
  });
  return true;
}

#define AITER_INT_BINARY_OPS(X)                                                \
  X(OAddI)                                                                     \
  X(OSubI)                                                                     \
  X(OMulI)                                                                     \
  X(OAndI)                                                                     \
  X(OOrI)                                                                      \
  X(OXOrI)                                                                     \
  X(OShLI)                                                                     \
  X(OShRSI)                                                                    \
  X(OShRUI)                                                                    \
  X(OMaxSI)                                                                    \
  X(OMinSI)                                                                    \
  X(OMaxUI)                                                                    \
  X(OMinUI)                                                                    \
  X(ODivSI)                                                                    \
  X(ODivUI)                                                                    \
  X(ORemSI)                                                                    \
  X(ORemUI)                                                                    \
  X(OCeilDivSI)                                                                \
  X(OCeilDivUI)                                                                \
  X(OFloorDivSI)
#define AITER_FLOAT_BINARY_OPS(X)                                              \
  X(OAddF)                                                                     \
  X(OSubF)                                                                     \
  X(OMulF)                                                                     \
  X(ODivF)                                                                     \
  X(ORemF)                                                                     \
  X(OMaximumF)                                                                 \
  X(OMinimumF)                                                                 \
  X(OMaxNumF)                                                                  \
  X(OMinNumF)                                                                  \
  X(OPowF)                                                                     \
  X(OAtan2)                                                                    \
  X(OCopySign)

bool WG::intBinary(Wave &W, const Instr &I, uint64_t ex) {
  switch (I.op) {
#define CASE(OP)                                                               \
  case OP:                                                                     \
    return intBinaryAs<OP>(W, I, ex);
    AITER_INT_BINARY_OPS(CASE)
#undef CASE
  default:
    return fail(I, "internal: not an integer binary op");
  }
}

bool WG::floatBinary(Wave &W, const Instr &I, uint64_t ex) {
  switch (I.op) {
#define CASE(OP)                                                               \
  case OP:                                                                     \
    return floatBinaryAs<OP>(W, I, ex);
    AITER_FLOAT_BINARY_OPS(CASE)
#undef CASE
  default:
    return fail(I, "internal: not a float binary op");
  }
}

bool WG::execInstr(Wave &W, Frame &F, const Instr &I) {
  (void)F;
  uint64_t ex = F.exec;
  const SlotInfo *so = I.out.empty() ? nullptr : &K.slots[I.out[0]];
  unsigned n = so ? so->n : 1;
  ElemType t = so ? so->ek : ElemType::I32;
  unsigned w = bitWidth(t);
  auto A = [&](unsigned k) -> const Reg & { return W.regs[I.in[k]]; };
  ElemType ti = I.in.empty() ? t : K.slots[I.in[0]].ek;
  unsigned wi = bitWidth(ti);

  switch (I.op) {
  case OConst: {
    Reg &d = W.regs[I.out[0]];
    d.uni = true;
    d.v = K.consts[I.aux].v;
    return true;
  }
  case OThreadId: {
    Reg &d = W.regs[I.out[0]];
    d.uni = false;
    d.v.assign(64, 0);
    const auto &b = L.cfg.block;
    FOR_LANES(ex, lane) {
      int64_t lin = int64_t(W.id) * 64 + lane;
      int64_t v = I.imm == 0   ? lin % b[0]
                  : I.imm == 1 ? (lin / b[0]) % b[1]
                               : lin / (b[0] * b[1]);
      d.v[lane] = uint64_t(v);
    }
    return true;
  }
  case OLaneId: {
    Reg &d = W.regs[I.out[0]];
    d.uni = false;
    d.v.resize(64);
    for (unsigned l = 0; l < 64; ++l)
      d.v[l] = l;
    return true;
  }
  case OBlockId:
  case OBlockDim:
  case OGridDim:
  case OSubgroupId:
  case ONumSubgroups:
  case OSubgroupSize: {
    Reg &d = W.regs[I.out[0]];
    d.uni = true;
    int64_t v = 0;
    switch (I.op) {
    case OBlockId:
      v = bid[I.imm];
      break;
    case OBlockDim:
      v = L.cfg.block[I.imm];
      break;
    case OGridDim:
      v = L.cfg.grid[I.imm];
      break;
    case OSubgroupId:
      v = W.id;
      break;
    case ONumSubgroups:
      v = L.wavesPerBlock;
      break;
    default:
      v = 64;
      break;
    }
    d.v.assign(1, maskTo(uint64_t(v), w));
    return true;
  }

  // Integer binary.
  case OAddI:
  case OSubI:
  case OMulI:
  case OAndI:
  case OOrI:
  case OXOrI:
  case OShLI:
  case OShRSI:
  case OShRUI:
  case OMaxSI:
  case OMinSI:
  case OMaxUI:
  case OMinUI:
  case ODivSI:
  case ODivUI:
  case ORemSI:
  case ORemUI:
  case OCeilDivSI:
  case OCeilDivUI:
  case OFloorDivSI:
    return intBinary(W, I, ex);

  // Float binary.
  case OAddF:
  case OSubF:
  case OMulF:
  case ODivF:
  case ORemF:
  case OMaximumF:
  case OMinimumF:
  case OMaxNumF:
  case OMinNumF:
  case OPowF:
  case OAtan2:
  case OCopySign:
    return floatBinary(W, I, ex);

  // Float unary.
  case ONegF:
  case OAbsF: {
    const Reg &a = A(0);
    uint64_t sign = 1ull << (w - 1);
    bool neg = I.op == ONegF;
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      uint64_t x = rd(a, n, l, e);
      return neg ? (x ^ sign) : (x & ~sign);
    });
    return true;
  }
  case OSqrt:
  case ORsqrt:
  case OExp:
  case OExp2:
  case OExpM1:
  case OLog:
  case OLog2:
  case OLog10:
  case OLog1p:
  case OTanh:
  case OSin:
  case OCos:
  case OTan:
  case OAtan:
  case OErf:
  case OFloor:
  case OCeil:
  case ORound:
  case ORoundEven:
  case OTrunc:
  case OCbrt: {
    const Reg &a = A(0);
    Opc op = I.op;
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      double x = toD(rd(a, n, l, e), t), r;
      switch (op) {
      case OSqrt:
        r = std::sqrt(x);
        break;
      case ORsqrt:
        r = 1.0 / std::sqrt(x);
        break;
      case OExp:
        r = std::exp(x);
        break;
      case OExp2:
        r = std::exp2(x);
        break;
      case OExpM1:
        r = std::expm1(x);
        break;
      case OLog:
        r = std::log(x);
        break;
      case OLog2:
        r = std::log2(x);
        break;
      case OLog10:
        r = std::log10(x);
        break;
      case OLog1p:
        r = std::log1p(x);
        break;
      case OTanh:
        r = std::tanh(x);
        break;
      case OSin:
        r = std::sin(x);
        break;
      case OCos:
        r = std::cos(x);
        break;
      case OTan:
        r = std::tan(x);
        break;
      case OAtan:
        r = std::atan(x);
        break;
      case OErf:
        r = std::erf(x);
        break;
      case OFloor:
        r = std::floor(x);
        break;
      case OCeil:
        r = std::ceil(x);
        break;
      case ORound:
        r = std::round(x);
        break;
      case ORoundEven:
        r = std::nearbyint(x);
        break;
      case OTrunc:
        r = std::trunc(x);
        break;
      default:
        r = std::cbrt(x);
        break;
      }
      return fromD(r, t);
    });
    return true;
  }
  case OAbsI:
  case OCtPop:
  case OCtlz:
  case OCttz: {
    const Reg &a = A(0);
    Opc op = I.op;
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      uint64_t x = maskTo(rd(a, n, l, e), w);
      switch (op) {
      case OAbsI:
        return maskTo(uint64_t(std::llabs(sext(x, w))), w);
      case OCtPop:
        return uint64_t(llvm::popcount(x));
      case OCtlz:
        return x == 0 ? w : uint64_t(llvm::countl_zero(x) - (64 - w));
      default:
        return x == 0 ? w : uint64_t(llvm::countr_zero(x));
      }
    });
    return true;
  }
  case OFma: {
    const Reg &a = A(0), &b = A(1), &c = A(2);
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      uint64_t x = rd(a, n, l, e), y = rd(b, n, l, e), z = rd(c, n, l, e);
      if (t == ElemType::F32)
        return floatBits(std::fma(bitsFloat(uint32_t(x)),
                                  bitsFloat(uint32_t(y)),
                                  bitsFloat(uint32_t(z))));
      return fromD(std::fma(toD(x, t), toD(y, t), toD(z, t)), t);
    });
    return true;
  }
  case OSelect: {
    const Reg &c = A(0), &a = A(1), &b = A(2);
    unsigned cn = K.slots[I.in[0]].n;
    if (K.slots[I.out[0]].isMem) {
      // Select between memrefs.
      Reg &d = W.regs[I.out[0]];
      bool uni = c.uni && a.uni && b.uni;
      if (uni) {
        d.uni = true;
        d.m = (c.v[0] & 1) ? a.m : b.m;
        return true;
      }
      d.uni = false;
      d.m.resize(64);
      FOR_LANES(ex, lane) {
        bool cc = rd(c, 1, lane, 0) & 1;
        const Reg &s = cc ? a : b;
        d.m[lane] = s.uni ? s.m[0] : s.m[lane];
      }
      return true;
    }
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      bool cc = rd(c, cn, l, cn == 1 ? 0 : e) & 1;
      return cc ? rd(a, n, l, e) : rd(b, n, l, e);
    });
    return true;
  }
  case OCmpI: {
    const Reg &a = A(0), &b = A(1);
    int p = int(I.imm);
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      uint64_t x = rd(a, n, l, e), y = rd(b, n, l, e);
      int64_t sx = sext(x, wi), sy = sext(y, wi);
      uint64_t ux = maskTo(x, wi), uy = maskTo(y, wi);
      switch (p) {
      case 0:
        return ux == uy;
      case 1:
        return ux != uy;
      case 2:
        return sx < sy;
      case 3:
        return sx <= sy;
      case 4:
        return sx > sy;
      case 5:
        return sx >= sy;
      case 6:
        return ux < uy;
      case 7:
        return ux <= uy;
      case 8:
        return ux > uy;
      default:
        return ux >= uy;
      }
    });
    return true;
  }
  case OCmpF: {
    const Reg &a = A(0), &b = A(1);
    int p = int(I.imm);
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      double x = toD(rd(a, n, l, e), ti), y = toD(rd(b, n, l, e), ti);
      bool un = std::isnan(x) || std::isnan(y);
      switch (p) {
      case 0:
        return 0;
      case 1:
        return !un && x == y;
      case 2:
        return !un && x > y;
      case 3:
        return !un && x >= y;
      case 4:
        return !un && x < y;
      case 5:
        return !un && x <= y;
      case 6:
        return !un && x != y;
      case 7:
        return !un;
      case 8:
        return un || x == y;
      case 9:
        return un || x > y;
      case 10:
        return un || x >= y;
      case 11:
        return un || x < y;
      case 12:
        return un || x <= y;
      case 13:
        return un || x != y;
      case 14:
        return un;
      default:
        return 1;
      }
    });
    return true;
  }
  case OExtSI:
  case OExtUI:
  case OTruncI:
  case OIndexCast:
  case OIndexCastUI:
  case OBitcast: {
    const Reg &a = A(0);
    Opc op = I.op;
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      uint64_t x = rd(a, n, l, e);
      switch (op) {
      case OExtSI:
      case OIndexCast:
        return maskTo(uint64_t(sext(x, wi)), w);
      case OBitcast:
        return x;
      default:
        return maskTo(maskTo(x, wi), w);
      }
    });
    return true;
  }
  case OExtF:
  case OTruncF:
  case OSIToFP:
  case OUIToFP:
  case OFPToSI:
  case OFPToUI: {
    const Reg &a = A(0);
    Opc op = I.op;
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      uint64_t x = rd(a, n, l, e);
      switch (op) {
      case OExtF:
      case OTruncF:
        if (ti == ElemType::F32 && t == ElemType::BF16)
          return floatToBf16(bitsFloat(uint32_t(x)));
        return fromD(toD(x, ti), t);
      case OSIToFP:
        return fromD(double(sext(x, wi)), t);
      case OUIToFP:
        return fromD(double(maskTo(x, wi)), t);
      default: {
        // Hardware conversions saturate; NaN converts to 0.
        double d = toD(x, ti);
        if (std::isnan(d))
          return 0;
        d = std::trunc(d);
        if (op == OFPToSI) {
          double lo = -std::ldexp(1.0, w - 1), hi = std::ldexp(1.0, w - 1) - 1;
          if (w == 1) {
            lo = -1;
            hi = 0;
          }
          d = std::min(std::max(d, lo), hi);
          return maskTo(uint64_t(int64_t(d)), w);
        }
        double hi = std::ldexp(1.0, w) - 1;
        d = std::min(std::max(d, 0.0), hi);
        return maskTo(w >= 64 && d >= 9.2e18 ? uint64_t(d) : uint64_t(d), w);
      }
      }
    });
    return true;
  }

  case OGather:
  case OShuffle2:
  case OScatter:
  case OFromElements:
  case OExtractDyn:
  case OInsertDyn:
  case OVBitcast:
  case OReduction:
    return vectorOp(W, I, ex);
  case OLoad:
  case OStore:
  case OVLoad:
  case OVStore:
  case OTransferRead:
  case OTransferWrite:
  case ORawBufLoad:
  case ORawBufStore:
  case OMaskedLoad:
  case OMaskedStore:
    return memOp(W, I, ex);
  case OTransposeLoad:
    return transposeLoad(W, I, ex);
  case OCreateMask: {
    const auto &shape = so->shape;
    ew(W, I, ex, [&](unsigned l, unsigned e) -> uint64_t {
      int64_t r = e;
      bool on = true;
      for (int d = int(shape.size()) - 1; d >= 0; --d) {
        on &= (r % shape[d]) < idxVal(W, I.in[d], l);
        r /= shape[d];
      }
      return on;
    });
    return true;
  }
  case OAlloca:
  case OLdsAlloc:
  case OSubview:
  case OCastMem:
  case OReinterpret:
  case OView:
  case OCollapse:
  case OExpand:
  case OFatCast:
    return viewOp(W, I, ex);
  case OStridedMeta: {
    // Results: the base buffer (rank 0, offset 0), the offset, the sizes,
    // then the strides, all in elements.
    const Reg &m = A(0);
    size_t rank = (I.out.size() - 2) / 2;
    Reg &base = W.regs[I.out[0]];
    base.uni = m.uni;
    base.m = m.m;
    for (MemDesc &md : base.m) {
      md.offset = 0;
      md.sizes.clear();
      md.strides.clear();
    }
    for (size_t r = 1; r < I.out.size(); ++r) {
      auto field = [&](const MemDesc &md) -> uint64_t {
        if (r == 1)
          return md.offset;
        size_t k = r - 2;
        return k < rank ? md.sizes[k] : md.strides[k - rank];
      };
      Reg &d = W.regs[I.out[r]];
      d.uni = m.uni;
      if (m.uni) {
        d.v.assign(1, field(m.m[0]));
      } else {
        d.v.assign(64, 0);
        FOR_LANES(ex, lane) { d.v[lane] = field(m.m[lane]); }
      }
    }
    return true;
  }
  case OMemDim: {
    const Reg &m = A(0);
    Reg &d = W.regs[I.out[0]];
    bool uni = m.uni && W.regs[I.in[1]].uni;
    auto val = [&](unsigned lane) -> uint64_t {
      const MemDesc &md = m.uni ? m.m[0] : m.m[lane];
      int64_t k = idxVal(W, I.in[1], lane);
      return (k >= 0 && size_t(k) < md.sizes.size()) ? md.sizes[k] : 0;
    };
    if (uni) {
      d.uni = true;
      d.v.assign(1, val(0));
    } else {
      d.uni = false;
      d.v.assign(64, 0);
      FOR_LANES(ex, lane) { d.v[lane] = val(lane); }
    }
    return true;
  }
  case OMfma:
    return mfma(W, I, ex);
  case OGatherToLds:
    return gatherToLds(W, I, ex);
  case OAtomicRmw:
    return atomicRmw(W, I, ex);
  case OGlobalId: {
    Reg &d = W.regs[I.out[0]];
    d.uni = false;
    d.v.assign(64, 0);
    const auto &b = L.cfg.block;
    FOR_LANES(ex, lane) {
      int64_t lin = int64_t(W.id) * 64 + lane;
      int64_t tid = I.imm == 0   ? lin % b[0]
                    : I.imm == 1 ? (lin / b[0]) % b[1]
                                 : lin / (b[0] * b[1]);
      d.v[lane] = uint64_t(bid[I.imm] * b[I.imm] + tid);
    }
    return true;
  }
  case OAffine: {
    AffineMap map = K.affineMaps[I.aux];
    unsigned nd = map.getNumDims();
    std::function<int64_t(AffineExpr, unsigned)> eval =
        [&](AffineExpr e, unsigned l) -> int64_t {
      if (auto c = dyn_cast<AffineConstantExpr>(e))
        return c.getValue();
      if (auto d = dyn_cast<AffineDimExpr>(e))
        return idxVal(W, I.in[d.getPosition()], l);
      if (auto sy = dyn_cast<AffineSymbolExpr>(e))
        return idxVal(W, I.in[nd + sy.getPosition()], l);
      auto bin = cast<AffineBinaryOpExpr>(e);
      int64_t a = eval(bin.getLHS(), l), b = eval(bin.getRHS(), l);
      switch (e.getKind()) {
      case AffineExprKind::Add:
        return a + b;
      case AffineExprKind::Mul:
        return a * b;
      case AffineExprKind::Mod:
        return b ? ((a % b) + b) % b : 0;
      case AffineExprKind::FloorDiv:
        return b ? (a / b - ((a % b != 0) && ((a < 0) != (b < 0)))) : 0;
      default: // CeilDiv
        return b ? (a / b + ((a % b != 0) && ((a < 0) == (b < 0)))) : 0;
      }
    };
    ew(W, I, ex, [&](unsigned l, unsigned) -> uint64_t {
      int64_t r = eval(map.getResult(0), l);
      for (unsigned i = 1; i < map.getNumResults(); ++i) {
        int64_t v = eval(map.getResult(i), l);
        r = I.imm == 1 ? std::min(r, v) : std::max(r, v);
      }
      return uint64_t(r);
    });
    return true;
  }
  case OShuffle:
  case OSubgroupReduce:
  case OPermlaneSwap:
    return crossLane(W, I, ex);
  case ONop:
    return true;
  default:
    return fail(I, "internal: unhandled opcode");
  }
}

//===----------------------------------------------------------------------===//
// Control flow and scheduling
//===----------------------------------------------------------------------===//

static uint64_t condMask(const Reg &c, uint64_t ex) {
  if (c.uni)
    return (c.v[0] & 1) ? ex : 0;
  uint64_t m = 0;
  FOR_LANES(ex, lane) {
    if (c.v[lane] & 1)
      m |= 1ull << lane;
  }
  return m;
}

Status WG::exec(Wave &W) {
  std::vector<Reg> tmp;
  while (!W.stack.empty()) {
    Frame &F = W.stack.back();
    const Instr &I = K.blocks[F.blk].ins[F.pc++];
    uint64_t ex = F.exec;
    st.laneInstructions += llvm::popcount(ex);
    if (++W.executed > L.cfg.maxWaveInstructions && L.cfg.maxWaveInstructions) {
      fail(I, llvm::formatv("wave {0} of workgroup ({1},{2},{3}) exceeded "
                            "{4} instructions (a loop that never ends?)",
                            W.id, bid[0], bid[1], bid[2],
                            L.cfg.maxWaveInstructions));
      return Status::Failed;
    }
    switch (I.op) {
    case OBarrier:
      st.other += 1;
      if (ex != W.launch) {
        fail(I, llvm::formatv("barrier under a partial exec mask {0:x16} "
                              "(wave {1}, workgroup ({2},{3},{4}))",
                              ex, W.id, bid[0], bid[1], bid[2]));
        return Status::Failed;
      }
      W.barrierAt = &I;
      return Status::Barrier;
    case OReturn:
      st.other += 1;
      W.stack.clear();
      W.done = true;
      return Status::Done;
    case OIf: {
      st.branch += 1;
      uint64_t c = condMask(W.regs[I.in[0]], ex);
      uint64_t th = c, el = ex & ~c;
      Frame nf;
      nf.parentExec = ex;
      nf.owner = &I;
      if (th) {
        nf.blk = I.r0;
        nf.exec = th;
        nf.elseMask = el;
        nf.phase = 0;
        W.stack.push_back(nf);
      } else if (el && I.r1 >= 0) {
        nf.blk = I.r1;
        nf.exec = el;
        nf.phase = 1;
        W.stack.push_back(nf);
      }
      continue;
    }
    case OFor: {
      st.branch += 1;
      const CBlock &B = K.blocks[I.r0];
      W.regs[B.args[0]] = W.regs[I.in[0]];
      for (size_t i = 3; i < I.in.size(); ++i)
        W.regs[B.args[i - 2]] = W.regs[I.in[i]];
      unsigned wv = bitWidth(K.slots[I.in[0]].ek);
      bool uns = I.imm;
      auto activeOf = [&](uint64_t m) {
        const Reg &iv = W.regs[B.args[0]], &ub = W.regs[I.in[1]];
        uint64_t r = 0;
        if (iv.uni && ub.uni) {
          bool lt = uns ? maskTo(iv.v[0], wv) < maskTo(ub.v[0], wv)
                        : sext(iv.v[0], wv) < sext(ub.v[0], wv);
          return lt ? m : 0;
        }
        FOR_LANES(m, lane) {
          uint64_t a = rd(iv, 1, lane, 0), b = rd(ub, 1, lane, 0);
          bool lt =
              uns ? maskTo(a, wv) < maskTo(b, wv) : sext(a, wv) < sext(b, wv);
          if (lt)
            r |= 1ull << lane;
        }
        return r;
      };
      uint64_t act = activeOf(ex);
      if (!act) {
        for (size_t i = 0; i < I.out.size(); ++i)
          W.regs[I.out[i]] = W.regs[I.in[3 + i]];
        continue;
      }
      Frame nf;
      nf.blk = I.r0;
      nf.exec = act;
      nf.parentExec = ex;
      nf.owner = &I;
      W.stack.push_back(nf);
      continue;
    }
    case OWhile: {
      st.branch += 1;
      const CBlock &B = K.blocks[I.r0];
      for (size_t i = 0; i < I.in.size(); ++i)
        W.regs[B.args[i]] = W.regs[I.in[i]];
      Frame nf;
      nf.blk = I.r0;
      nf.exec = ex;
      nf.parentExec = ex;
      nf.owner = &I;
      W.stack.push_back(nf);
      continue;
    }
    case OCondition: {
      st.branch += 1;
      const Instr &O = *F.owner;
      uint64_t c = condMask(W.regs[I.in[0]], ex);
      uint64_t cont = c, exitm = ex & ~c;
      if (exitm)
        for (size_t i = 0; i < O.out.size(); ++i)
          assignMasked(W, O.out[i], W.regs[I.in[1 + i]], exitm, F.parentExec);
      if (cont) {
        const CBlock &AB = K.blocks[O.r1];
        tmp.resize(AB.args.size());
        for (size_t i = 0; i < AB.args.size(); ++i)
          tmp[i] = W.regs[I.in[1 + i]];
        for (size_t i = 0; i < AB.args.size(); ++i)
          assignMasked(W, AB.args[i], tmp[i], cont, F.parentExec);
        F.blk = O.r1;
        F.pc = 0;
        F.exec = cont;
        F.phase = 1;
      } else {
        W.stack.pop_back();
      }
      continue;
    }
    case OYield: {
      st.other += 1;
      const Instr &O = *F.owner;
      if (O.op == OIf) {
        for (size_t i = 0; i < O.out.size(); ++i)
          assignMasked(W, O.out[i], W.regs[I.in[i]], F.exec, F.parentExec);
        if (F.phase == 0 && F.elseMask && O.r1 >= 0) {
          F.blk = O.r1;
          F.pc = 0;
          F.exec = F.elseMask;
          F.phase = 1;
        } else {
          W.stack.pop_back();
        }
        continue;
      }
      if (O.op == OWhile) {
        const CBlock &BB = K.blocks[O.r0];
        tmp.resize(I.in.size());
        for (size_t i = 0; i < I.in.size(); ++i)
          tmp[i] = W.regs[I.in[i]];
        for (size_t i = 0; i < I.in.size(); ++i)
          assignMasked(W, BB.args[i], tmp[i], F.exec, F.parentExec);
        F.blk = O.r0;
        F.pc = 0;
        F.phase = 0;
        continue;
      }
      // scf.for
      st.branch += 1;
      const CBlock &B = K.blocks[O.r0];
      tmp.resize(I.in.size());
      for (size_t i = 0; i < I.in.size(); ++i)
        tmp[i] = W.regs[I.in[i]];
      for (size_t i = 0; i < I.in.size(); ++i)
        assignMasked(W, B.args[1 + i], tmp[i], F.exec, F.parentExec);
      Reg &iv = W.regs[B.args[0]];
      const Reg &step = W.regs[O.in[2]], &ub = W.regs[O.in[1]];
      unsigned wv = bitWidth(K.slots[O.in[0]].ek);
      bool uns = O.imm;
      uint64_t act = 0;
      if (iv.uni && step.uni) {
        iv.v[0] = maskTo(iv.v[0] + step.v[0], wv);
      } else {
        if (iv.uni) {
          uint64_t v0 = iv.v[0];
          iv.v.assign(64, v0);
          iv.uni = false;
        }
        FOR_LANES(F.exec, lane) {
          iv.v[lane] = maskTo(iv.v[lane] + rd(step, 1, lane, 0), wv);
        }
      }
      if (iv.uni && ub.uni) {
        bool lt = uns ? maskTo(iv.v[0], wv) < maskTo(ub.v[0], wv)
                      : sext(iv.v[0], wv) < sext(ub.v[0], wv);
        act = lt ? F.exec : 0;
      } else {
        FOR_LANES(F.exec, lane) {
          uint64_t a = rd(iv, 1, lane, 0), b = rd(ub, 1, lane, 0);
          bool lt =
              uns ? maskTo(a, wv) < maskTo(b, wv) : sext(a, wv) < sext(b, wv);
          if (lt)
            act |= 1ull << lane;
        }
      }
      if (act) {
        F.exec = act;
        F.pc = 0;
      } else {
        uint64_t full = F.parentExec;
        for (size_t i = 0; i < O.out.size(); ++i)
          assignMasked(W, O.out[i], W.regs[B.args[1 + i]], full, full);
        W.stack.pop_back();
      }
      continue;
    }
    default:
      break;
    }
    if (!execInstr(W, F, I))
      return Status::Failed;
    switch (I.cls) {
    case IClass::Valu:
      if (!I.out.empty() && W.regs[I.out[0]].uni)
        st.salu += 1;
      else
        st.valu += 1;
      break;
    case IClass::Other:
      st.other += 1;
      break;
    default:
      break; // memory and mfma count themselves
    }
  }
  W.done = true;
  return Status::Done;
}

bool WG::run(std::array<int64_t, 3> b) {
  bid = b;
  epoch = 1;
  std::fill(shadow.begin(), shadow.end(), Shadow());
  std::fill(lds.begin(), lds.end(), 0);
  bufs.resize(numFixed);
  privStore.clear();
  pendingUninit.clear();
  unsigned nargs = L.args.size();
  for (unsigned wi = 0; wi < L.wavesPerBlock; ++wi) {
    Wave &W = waves[wi];
    W.id = wi;
    unsigned live = std::min(64u, L.threadsPerBlock - wi * 64);
    W.launch = live == 64 ? ~0ull : ((1ull << live) - 1);
    W.regs.assign(K.slots.size(), Reg());
    W.stack.assign(1, Frame());
    W.stack[0].blk = K.entry;
    W.stack[0].exec = W.stack[0].parentExec = W.launch;
    W.done = false;
    W.executed = 0;
    W.barrierAt = nullptr;
    W.allocaBuf.clear();
    for (unsigned i = 0; i < nargs; ++i) {
      Reg &r = W.regs[K.argSlots[i]];
      r.uni = true;
      const KernelArg &a = L.args[i];
      if (a.isBuffer) {
        MemDesc d;
        d.buf = i;
        d.offset = a.offset;
        d.sizes.assign(a.shape.begin(), a.shape.end());
        if (a.strides.empty())
          rowMajor(d);
        else
          d.strides.assign(a.strides.begin(), a.strides.end());
        r.m.assign(1, d);
      } else {
        r.v.assign(1, a.scalarBits);
      }
    }
    for (auto [slot, ai] : K.attributions) {
      MemDesc d;
      d.buf = nargs + ai;
      d.sizes.assign(K.ldsAllocs[ai].shape.begin(),
                     K.ldsAllocs[ai].shape.end());
      rowMajor(d);
      W.regs[slot].uni = true;
      W.regs[slot].m.assign(1, d);
    }
  }
  for (;;) {
    for (Wave &W : waves)
      if (!W.done && exec(W) == Status::Failed)
        return false;
    if (!pendingUninit.empty()) {
      err = pendingUninit;
      return false;
    }
    const Instr *waiting = nullptr;
    const Wave *finished = nullptr;
    unsigned waitingId = 0;
    for (Wave &W : waves) {
      if (W.done)
        finished = &W;
      else if (!waiting) {
        waiting = W.barrierAt;
        waitingId = W.id;
      }
    }
    if (!waiting)
      break;
    if (finished) {
      fail(*waiting,
           llvm::formatv("barrier deadlock: wave {0} waits at this "
                         "barrier but wave {1} has finished "
                         "(workgroup ({2},{3},{4}))",
                         waitingId, finished->id, bid[0], bid[1], bid[2]));
      return false;
    }
    ++epoch;
  }
  st.workgroups += 1;
  st.waves += L.wavesPerBlock;
  return true;
}

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

static llvm::Error plainError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "error: " + msg);
}

static llvm::Error checkArg(Operation *func, unsigned i, Type ty,
                            const KernelArg &a) {
  auto mismatch = [&](const llvm::Twine &why) {
    std::string s;
    llvm::raw_string_ostream os(s);
    ty.print(os);
    return opError(func,
                   llvm::formatv("argument #{0} ({1}): {2}", i, s, why.str()));
  };
  if (auto mt = dyn_cast<MemRefType>(ty)) {
    if (!a.isBuffer)
      return mismatch("a buffer is required, got a scalar");
    Type et = mt.getElementType();
    std::string want;
    llvm::raw_string_ostream os(want);
    et.print(os);
    if (want != elemTypeName(a.elem))
      return mismatch(llvm::formatv("element type {0} does not match",
                                    elemTypeName(a.elem)));
    if (mt.getRank() != int64_t(a.shape.size()))
      return mismatch(llvm::formatv("rank {0} does not match", a.shape.size()));
    for (int64_t d = 0; d < mt.getRank(); ++d)
      if (!ShapedType::isDynamic(mt.getDimSize(d)) &&
          mt.getDimSize(d) != a.shape[d])
        return mismatch(llvm::formatv("dimension {0} is {1}, the input has {2}",
                                      d, mt.getDimSize(d), a.shape[d]));
    return llvm::Error::success();
  }
  if (a.isBuffer)
    return mismatch("a scalar is required, got a buffer");
  std::string want;
  llvm::raw_string_ostream os(want);
  ty.print(os);
  if (want != elemTypeName(a.elem))
    return mismatch(
        llvm::formatv("scalar type {0} does not match", elemTypeName(a.elem)));
  return llvm::Error::success();
}

llvm::Expected<llvm::SmallVector<KernelArg, 8>>
aemu::bindKernelArgs(Operation *kernel, llvm::ArrayRef<Type> argTypes,
                     llvm::ArrayRef<KernelArg> args) {
  if (args.size() != argTypes.size())
    return opError(kernel,
                   llvm::formatv("kernel takes {0} arguments, {1} given",
                                 argTypes.size(), args.size()));
  for (unsigned i = 0; i < args.size(); ++i)
    if (auto e = checkArg(kernel, i, argTypes[i], args[i]))
      return std::move(e);
  llvm::SmallVector<KernelArg, 8> bound(args.begin(), args.end());
  for (unsigned i = 0; i < args.size(); ++i) {
    auto mt = dyn_cast<MemRefType>(argTypes[i]);
    if (!mt)
      continue;
    llvm::SmallVector<int64_t, 4> strides;
    int64_t offset;
    if (failed(mt.getStridesAndOffset(strides, offset)))
      return opError(kernel, llvm::formatv("argument #{0} has a layout that "
                                           "is not strided",
                                           i));
    KernelArg &a = bound[i];
    if (!a.strides.empty()) {
      // Explicit strides must keep the promises the type makes (a static
      // unit stride is what lets a compiled kernel use wide loads); a
      // dimension of size 1 never moves, so its stride does not matter.
      if (a.strides.size() != strides.size())
        return opError(kernel,
                       llvm::formatv("argument #{0} has {1} strides for a "
                                     "memref of rank {2}",
                                     i, a.strides.size(), strides.size()));
      for (size_t d = 0; d < strides.size(); ++d)
        if (!ShapedType::isDynamic(strides[d]) && a.shape[d] > 1 &&
            strides[d] != a.strides[d])
          return opError(kernel,
                         llvm::formatv("argument #{0}: stride {1} is {2}, the "
                                       "memref type says {3}",
                                       i, d, a.strides[d], strides[d]));
      continue;
    }
    // Dynamic strides or offset: the buffer is what was passed, a dense
    // row-major array (the layout a .npy file or a contiguous tensor has).
    int64_t dense = 1;
    for (int64_t d = int64_t(a.shape.size()) - 1; d >= 0; --d) {
      if (ShapedType::isDynamic(strides[d]))
        strides[d] = dense;
      dense *= a.shape[d];
    }
    a.strides.assign(strides.begin(), strides.end());
    a.offset = ShapedType::isDynamic(offset) ? 0 : offset;
  }
  return bound;
}

llvm::Expected<EmulatorStats>
aemu::runKernel(Operation *module, llvm::StringRef kernel,
                      const LaunchConfig &config,
                      llvm::MutableArrayRef<KernelArg> args) {
  gpu::GPUModuleOp gm;
  gpu::GPUFuncOp func;
  auto consider = [&](gpu::GPUModuleOp m) {
    if (func)
      return;
    if (auto f = m.lookupSymbol<gpu::GPUFuncOp>(kernel)) {
      gm = m;
      func = f;
    }
  };
  if (auto m = dyn_cast<gpu::GPUModuleOp>(module))
    consider(m);
  else
    module->walk([&](gpu::GPUModuleOp m) { consider(m); });
  if (!func)
    return plainError("no gpu.func named '" + kernel + "' in the input");
  if (!func.isKernel())
    return opError(func, "'" + kernel + "' is not a kernel");
  Chip chip;
  if (ArrayAttr targets = gm.getTargetsAttr())
    for (Attribute a : targets)
      if (auto r = dyn_cast<ROCDL::ROCDLTargetAttr>(a)) {
        chip.name = r.getChip().str();
        break;
      }
  if (chip.name.empty())
    return opError(gm, "the gpu.module has no #rocdl.target<chip = ...>: the "
                       "emulator needs to know the chip (gfx942 or gfx950)");
  auto target = mlir::aiter::TargetInfo::lookup(chip.name);
  if (!target)
    return opError(gm, llvm::toString(target.takeError()));
  chip.target = &*target;
  auto ck = compileKernel(func, chip);
  if (!ck)
    return ck.takeError();
  const CompiledKernel &K = *ck;
  auto bound = bindKernelArgs(func, K.argTypes, args);
  if (!bound)
    return bound.takeError();
  llvm::SmallVector<KernelArg, 8> &launchArgs = *bound;
  for (int d = 0; d < 3; ++d)
    if (config.grid[d] < 1 || config.block[d] < 1)
      return plainError("grid and block sizes must be positive");
  int64_t tpb = config.block[0] * config.block[1] * config.block[2];
  if (tpb > 1024)
    return plainError(llvm::formatv("block of {0} threads exceeds 1024", tpb));
  Launch L{K, config, launchArgs, unsigned(tpb), unsigned((tpb + 63) / 64)};
  int64_t total = config.grid[0] * config.grid[1] * config.grid[2];
  unsigned nthreads = config.threads
                          ? config.threads
                          : std::max(1u, std::thread::hardware_concurrency());
  nthreads = unsigned(std::min<int64_t>(nthreads, total));

  std::atomic<int64_t> next{0}, errId{INT64_MAX};
  std::mutex mu;
  std::string errMsg;
  std::vector<EmulatorStats> stats(nthreads);
  std::vector<std::vector<uint8_t>> writtens(nthreads);
  auto worker = [&](unsigned tid) {
    WG wg(L);
    for (;;) {
      int64_t id = next.fetch_add(1);
      if (id >= total || id > errId.load())
        break;
      std::array<int64_t, 3> b{id % config.grid[0],
                               (id / config.grid[0]) % config.grid[1],
                               id / (config.grid[0] * config.grid[1])};
      if (!wg.run(b)) {
        std::lock_guard<std::mutex> g(mu);
        if (id < errId.load()) {
          errId.store(id);
          errMsg = wg.err;
        }
        break;
      }
    }
    stats[tid] = wg.st;
    writtens[tid] = wg.written;
  };
  if (nthreads <= 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < nthreads; ++t)
      pool.emplace_back(worker, t);
    for (auto &th : pool)
      th.join();
  }
  if (errId.load() != INT64_MAX)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), errMsg);
  EmulatorStats out;
  out.chip = chip.name;
  out.ldsBytes = K.ldsTotal;
  out.argWritten.assign(args.size(), false);
  for (unsigned t = 0; t < nthreads; ++t) {
    const EmulatorStats &s = stats[t];
    out.mfma += s.mfma;
    out.valu += s.valu;
    out.salu += s.salu;
    out.lds += s.lds;
    out.global += s.global;
    out.branch += s.branch;
    out.other += s.other;
    out.laneInstructions += s.laneInstructions;
    out.ldsBankConflictCycles += s.ldsBankConflictCycles;
    out.ldsAccessCycles += s.ldsAccessCycles;
    out.globalBytesRead += s.globalBytesRead;
    out.globalBytesWritten += s.globalBytesWritten;
    out.workgroups += s.workgroups;
    out.waves += s.waves;
    for (size_t i = 0; i < args.size(); ++i)
      if (i < writtens[t].size() && writtens[t][i])
        out.argWritten[i] = true;
  }
  return out;
}

std::string EmulatorStats::toJson() const {
  return llvm::formatv(
             "{{\"chip\":\"{0}\",\"workgroups\":{1},\"waves\":{2},"
             "\"lds_bytes\":{16},"
             "\"instructions\":{{\"mfma\":{3},\"valu\":{4},\"salu\":{5},"
             "\"lds\":{6},\"global\":{7},\"branch\":{8},\"other\":{9},"
             "\"total\":{10}},\"lane_instructions\":{11},"
             "\"lds_cycles\":{12},\"lds_bank_conflict_cycles\":{13},"
             "\"global_bytes_read\":{14},\"global_bytes_written\":{15}}",
             chip, workgroups, waves, mfma, valu, salu, lds, global, branch,
             other, totalInstructions(), laneInstructions, ldsAccessCycles,
             ldsBankConflictCycles, globalBytesRead, globalBytesWritten,
             ldsBytes)
      .str();
}

std::string EmulatorStats::toTable() const {
  return llvm::formatv("  chip                      {0}\n"
                       "  workgroups / waves        {1} / {2}\n"
                       "  lds bytes per workgroup   {16}\n"
                       "  instructions (per wave)   {3}\n"
                       "    mfma                    {4}\n"
                       "    valu                    {5}\n"
                       "    salu-like (uniform)     {6}\n"
                       "    lds                     {7}\n"
                       "    global                  {8}\n"
                       "    branch                  {9}\n"
                       "    other                   {10}\n"
                       "  lane instructions         {11}\n"
                       "  lds cycles / conflicts    {12} / {13}\n"
                       "  global bytes read/written {14} / {15}\n",
                       chip, workgroups, waves, totalInstructions(), mfma, valu,
                       salu, lds, global, branch, other, laneInstructions,
                       ldsAccessCycles, ldsBankConflictCycles, globalBytesRead,
                       globalBytesWritten, ldsBytes)
      .str();
}
