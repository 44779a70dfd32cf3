//===- OpCheck.cpp - aiter-run --op: compile, run and check a spec --------===//
//
// Builds a GEMM or attention specification from flags, compiles it with
// compileProblem, runs the SIMT kernel on the emulator and checks the result.
//===----------------------------------------------------------------------===//
//
// Inputs are uniform in a symmetric interval, quantised to the input dtype:
// zero-mean values make sums cancel, so the reference stays O(sqrt(K)) and
// the error of a missing or doubled term is visible next to it (a positive
// distribution would hide accumulation errors behind a large mean). The
// reference is computed in float64 from the quantised values, so every
// difference comes from the kernel: f32 accumulation, the conversion of P to
// the input dtype before the second attention MFMA, and output rounding.
//
// Padding elements of every buffer (see --pad) and the whole output are
// filled with NaN first: a kernel that reads outside its views poisons its
// result, and one that leaves an output element unwritten or writes outside
// its view is reported.
//
//===----------------------------------------------------------------------===//

#include "OpCheck.h"
#include "Compare.h"

#include "aiter/Runtime/Alignment.h"
#include "aiter/Runtime/ProblemSpec.h"

#include "aiter/Emulator/Emulator.h"
#include "aiter/Emulator/FloatConv.h"
#include "aiter/Pipelines/Compile.h"
#include "aiter/Pipelines/Pipelines.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <vector>

using namespace aiter;
using aiter::run::Compare;
using aiter::run::unitRoundoff;
namespace cl = llvm::cl;

llvm::cl::OptionCategory &run::opCategory() {
  static cl::OptionCategory cat("aiter-run spec mode (--op)");
  return cat;
}

// Spec flags: the same spellings and meanings as aiter-compile's.
static cl::opt<std::string> opOpt("op", cl::desc("gemm | attention"),
                                  cl::init(""), cl::cat(run::opCategory()));
static cl::opt<std::string> dtypeOpt("dtype", cl::desc("bf16 | f16"),
                                     cl::init("bf16"),
                                     cl::cat(run::opCategory()));
static cl::opt<std::string>
    outDtypeOpt("out-dtype", cl::desc("gemm output: bf16 | f16 | f32"),
                cl::init(""), cl::cat(run::opCategory()));
static cl::opt<bool> transAOpt("trans-a", cl::desc("gemm: A is K x M"),
                               cl::cat(run::opCategory()));
static cl::opt<bool> transBOpt("trans-b", cl::desc("gemm: B is N x K"),
                               cl::cat(run::opCategory()));
static cl::opt<int> headDimOpt("head-dim",
                               cl::desc("attention: Q/K head dim, 1..256"),
                               cl::init(128), cl::cat(run::opCategory()));
static cl::opt<int>
    headDimVOpt("head-dim-v",
                cl::desc("attention: V/O head dim, 1..256 (default "
                         "--head-dim)"),
                cl::init(0), cl::cat(run::opCategory()));
static cl::opt<bool> causalOpt("causal", cl::desc("attention: causal mask"),
                               cl::cat(run::opCategory()));
static cl::opt<std::string>
    windowOpt("window",
              cl::desc("attention: L,R sliding window (-1 = unbounded)"),
              cl::init(""), cl::cat(run::opCategory()));
static cl::opt<double> softcapOpt("softcap",
                                  cl::desc("attention: softcap (0 = off)"),
                                  cl::init(0.0), cl::cat(run::opCategory()));
static cl::opt<double>
    scaleOpt("scale",
             cl::desc("attention: score scale (default 1/sqrt(head_dim))"),
             cl::init(0.0), cl::cat(run::opCategory()));
static cl::opt<bool> lseOpt("lse", cl::desc("attention: also write the LSE"),
                            cl::cat(run::opCategory()));
static cl::opt<std::string> layoutOpt("layout",
                                      cl::desc("attention: bshd | bhsd"),
                                      cl::init("bshd"),
                                      cl::cat(run::opCategory()));
static cl::opt<bool>
    alibiOpt("alibi",
             cl::desc("attention: ALiBi with random slopes in [0, 0.5)"),
             cl::cat(run::opCategory()));
static cl::opt<std::string>
    alibiShapeOpt("alibi-shape",
                  cl::desc("attention: the slopes' shape, h ([heads]) or bh "
                           "([batch, heads])"),
                  cl::init("h"), cl::cat(run::opCategory()));
static cl::opt<std::string>
    biasOpt("bias",
            cl::desc("attention: an additive bias of this dtype (bf16 | f16 "
                     "| f32), random in [-2, 2); gemm: row (a vector [N] "
                     "added to every row) | col (a vector [M])"),
            cl::init(""), cl::cat(run::opCategory()));
static cl::opt<double> alphaOpt("alpha",
                                cl::desc("gemm: D = alpha * A B + ... "
                                         "(default 1)"),
                                cl::init(1.0), cl::cat(run::opCategory()));
static cl::opt<double>
    betaOpt("beta",
            cl::desc("gemm: ... + beta * C, C random in [-1, 1) (default 0)"),
            cl::init(0.0), cl::cat(run::opCategory()));
static cl::opt<std::string>
    cDtypeOpt("c-dtype",
              cl::desc("gemm: C's dtype (bf16 | f16 | f32; default "
                       "--out-dtype)"),
              cl::init(""), cl::cat(run::opCategory()));
static cl::opt<bool>
    cAliasOpt("c-alias",
              cl::desc("gemm: C is D's buffer (in place; needs --c-dtype "
                       "equal to the output dtype)"),
              cl::cat(run::opCategory()));
static cl::opt<std::string>
    biasDtypeOpt("bias-dtype",
                 cl::desc("gemm: the bias's dtype (bf16 | f16 | f32; default "
                          "--out-dtype), random in [-2, 2)"),
                 cl::init(""), cl::cat(run::opCategory()));
static cl::opt<std::string>
    actOpt("act",
           cl::desc("gemm: relu | gelu (tanh approximation) | gelu_erf | "
                    "silu, after the bias"),
           cl::init(""), cl::cat(run::opCategory()));
static cl::opt<std::string> biasShapeOpt(
    "bias-shape",
    cl::desc("attention: the bias tensor's shape, one character per "
             "dimension of [batch, heads, seq_q, seq_k]: its letter (b, h, q, "
             "k) for the full extent, 1 for a broadcast one (stride 0); "
             "default bhqk"),
    cl::init("bhqk"), cl::cat(run::opCategory()));
// Sizes.
static cl::opt<int64_t> mOpt("m", cl::desc("gemm: M"), cl::init(0),
                             cl::cat(run::opCategory()));
static cl::opt<int64_t> nOpt("n", cl::desc("gemm: N"), cl::init(0),
                             cl::cat(run::opCategory()));
static cl::opt<int64_t> kOpt("k", cl::desc("gemm: K"), cl::init(0),
                             cl::cat(run::opCategory()));
static cl::opt<int64_t> batchOpt("batch", cl::desc("attention: batch"),
                                 cl::init(1), cl::cat(run::opCategory()));
static cl::opt<int64_t> headsOpt("heads", cl::desc("attention: query heads"),
                                 cl::init(1), cl::cat(run::opCategory()));
static cl::opt<int64_t>
    kvHeadsOpt("kv-heads",
               cl::desc("attention: key/value heads (default --heads)"),
               cl::init(0), cl::cat(run::opCategory()));
static cl::opt<int64_t> seqQOpt("seq-q", cl::desc("attention: query length"),
                                cl::init(0), cl::cat(run::opCategory()));
static cl::opt<int64_t>
    seqKOpt("seq-k", cl::desc("attention: key length (default --seq-q)"),
            cl::init(0), cl::cat(run::opCategory()));
// Compilation and checking.
static cl::opt<std::string>
    configOpt("config",
              cl::desc("tile configuration overrides (see docs/passes.md)"),
              cl::init(""), cl::cat(run::opCategory()));
static cl::opt<uint64_t> seedOpt("seed", cl::desc("random input seed"),
                                 cl::init(1), cl::cat(run::opCategory()));
static cl::opt<int64_t>
    rowAlignOpt("row-align",
                cl::desc("round every tensor's row stride up to a multiple "
                         "of this many elements (1 = contiguous)"),
                cl::init(1), cl::cat(run::opCategory()));
static cl::opt<int64_t>
    padOpt("pad",
           cl::desc("then add this many elements to every row stride; "
                    "padding is filled with NaN"),
           cl::init(0), cl::cat(run::opCategory()));

bool run::opRequested() { return opOpt.getNumOccurrences() > 0; }

std::string run::firstSpecFlagGiven() {
  for (cl::Option *o : cl::getRegisteredOptions().values())
    for (cl::OptionCategory *c : o->Categories)
      if (c == &opCategory() && o->getNumOccurrences() > 0)
        return "--" + o->ArgStr.str();
  return "";
}

namespace {

/// Every spec flag, read once (lld resets the llvm::cl options).
struct Spec {
  std::string op, chip, dtype, outDtype, window, layout, config, variant;
  std::string alibiShape, bias, biasShape, cDtype, biasDtype, act;
  bool transA, transB, causal, lse, check, alibi, emitters = true, cAlias;
  double alpha, beta;
  int64_t headDim, headDimV; // headDimV: --head-dim-v, else headDim
  double softcap, scale, tolerance;
  int64_t m, n, k, batch, heads, kvHeads, seqQ, seqK, rowAlign, pad;
  uint64_t seed;
  // Derived.
  int64_t left = -1, right = -1;
};

int fail(const llvm::Twine &msg) {
  llvm::outs().flush(); // what ran comes before why it failed
  llvm::errs() << "error: " << msg << "\n";
  return 1;
}

/// Host memory the emulator reads through a strided view; 64-byte aligned.
struct HostTensor {
  std::string name;
  emu::ElemType elem = emu::ElemType::BF16;
  std::vector<int64_t> shape, strides;
  int64_t storage = 0; // elements, padding included
  std::unique_ptr<uint8_t, decltype(&std::free)> data{nullptr, &std::free};

  unsigned bytesPerElem() const { return emu::elemBytes(elem); }
  int64_t bytes() const { return storage * bytesPerElem(); }

  /// Row-major; the row stride is rounded up to `rowAlign`, plus `pad`.
  void init(std::string n, emu::ElemType e, std::vector<int64_t> s,
            int64_t rowAlign, int64_t pad) {
    name = std::move(n);
    elem = e;
    shape = std::move(s);
    strides.assign(shape.size(), 1);
    for (int i = int(shape.size()) - 2; i >= 0; --i)
      strides[i] =
          i == int(shape.size()) - 2
              ? (shape[i + 1] + rowAlign - 1) / rowAlign * rowAlign + pad
              : strides[i + 1] * shape[i + 1];
    storage = strides[0] * shape[0];
    size_t sz = (size_t(bytes()) + 63) / 64 * 64;
    data.reset(static_cast<uint8_t *>(std::aligned_alloc(64, sz)));
    fillStorage(std::numeric_limits<double>::quiet_NaN());
  }
  void fillStorage(double v) {
    for (int64_t i = 0; i < storage; ++i)
      setAt(i, v);
  }
  void setAt(int64_t i, double v) {
    switch (elem) {
    case emu::ElemType::BF16: {
      uint16_t b = emu::floatToBf16(float(v));
      std::memcpy(data.get() + 2 * i, &b, 2);
      return;
    }
    case emu::ElemType::F16: {
      uint16_t b = emu::doubleToF16(v);
      std::memcpy(data.get() + 2 * i, &b, 2);
      return;
    }
    default: {
      float f = float(v);
      std::memcpy(data.get() + 4 * i, &f, 4);
      return;
    }
    }
  }
  double at(int64_t i) const {
    uint16_t b;
    switch (elem) {
    case emu::ElemType::BF16:
      std::memcpy(&b, data.get() + 2 * i, 2);
      return emu::bf16ToFloat(b);
    case emu::ElemType::F16:
      std::memcpy(&b, data.get() + 2 * i, 2);
      return emu::f16ToFloat(b);
    default: {
      float f;
      std::memcpy(&f, data.get() + 4 * i, 4);
      return f;
    }
    }
  }
  int64_t offset(std::initializer_list<int64_t> idx) const {
    int64_t o = 0, d = 0;
    for (int64_t i : idx)
      o += i * strides[d++];
    return o;
  }
  /// Whether storage element `i` lies inside the view (not padding).
  bool inView(int64_t i) const {
    int64_t rest = i;
    for (size_t d = 0; d < shape.size(); ++d) {
      int64_t q = rest / strides[d];
      if (q >= shape[d])
        return false;
      rest -= q * strides[d];
    }
    return true;
  }
  /// Why the tensor is outside the aligned variant's class, as the C API's
  /// launch decides it ("" when inside).
  std::string alignedViolation() const {
    int64_t extent = 1;
    for (size_t d = 0; d < shape.size(); ++d)
      extent += (shape[d] - 1) * strides[d];
    ::aiter::rt::AlignmentCheck check = ::aiter::rt::checkAligned(
        reinterpret_cast<uintptr_t>(data.get()), extent * bytesPerElem(),
        shape.data(), strides.data(), int(shape.size()));
    return ::aiter::rt::describeAlignment(check, name, strides.data());
  }
  /// Views the tensor as `full`: each dimension of extent 1 that `full`
  /// makes longer gets stride 0 (a broadcast, as torch's expand).
  void broadcastTo(const std::vector<int64_t> &full) {
    for (size_t d = 0; d < shape.size(); ++d)
      if (shape[d] == 1 && full[d] != 1) {
        shape[d] = full[d];
        strides[d] = 0;
      }
  }
  emu::KernelArg arg() {
    emu::KernelArg a = emu::KernelArg::buffer(data.get(), bytes(), elem, shape);
    a.strides.assign(strides.begin(), strides.end());
    a.offset = 0;
    return a;
  }
};

/// Deterministic across standard libraries (std::uniform_real_distribution
/// is not): 53 random bits mapped to [lo, hi).
struct Random {
  std::mt19937_64 gen;
  explicit Random(uint64_t seed) : gen(seed) {}
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * double(gen() >> 11) * 0x1.0p-53;
  }
};

/// Fills the view of `t` with quantised uniform values.
void fillRandom(HostTensor &t, Random &rng, double lo, double hi) {
  std::vector<int64_t> idx(t.shape.size(), 0);
  int64_t total = 1;
  for (int64_t s : t.shape)
    total *= s;
  for (int64_t e = 0; e < total; ++e) {
    int64_t o = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      o += idx[d] * t.strides[d];
    t.setAt(o, rng.uniform(lo, hi));
    for (int d = int(idx.size()) - 1; d >= 0; --d) {
      if (++idx[d] < t.shape[d])
        break;
      idx[d] = 0;
    }
  }
}

constexpr double kF32 = 0x1.0p-24;

bool parseElem(llvm::StringRef s, emu::ElemType &t) {
  if (s == "bf16")
    t = emu::ElemType::BF16;
  else if (s == "f16")
    t = emu::ElemType::F16;
  else if (s == "f32")
    t = emu::ElemType::F32;
  else
    return false;
  return true;
}

/// Outputs must not be written outside their views.
void checkPadding(const HostTensor &t, Compare &c) {
  if (t.storage == 0)
    return;
  for (int64_t i = 0; i < t.storage; ++i)
    if (!t.inView(i) && !std::isnan(t.at(i))) {
      ++c.bad;
      if (c.firstBad.empty())
        c.firstBad =
            llvm::formatv("{0} padding element {1} was written", t.name, i)
                .str();
      return;
    }
}

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - t0)
      .count();
}

/// The activation of a GEMM epilogue in float64, as PyTorch defines them
/// (gelu: approximate="tanh"; gelu_erf: the default, erf form).
double activate(const std::string &act, double x) {
  if (act == "relu")
    return std::isnan(x) ? x : std::max(x, 0.0);
  if (act == "gelu")
    return 0.5 * x *
           (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
  if (act == "gelu_erf")
    return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
  if (act == "silu")
    return x / (1 + std::exp(-x));
  return x;
}

/// GEMM: D = act(alpha op(A) op(B) + beta C + bias) in float64. `cIn` holds
/// C's values as read before the launch (C may be D's buffer).
void checkGemm(const Spec &s, const HostTensor &a, const HostTensor &b,
               HostTensor &c, const std::vector<double> &cIn,
               const HostTensor *bias, emu::ElemType out, Compare &cmp) {
  int64_t M = s.m, N = s.n, K = s.k;
  std::vector<double> A(M * K), Bt(N * K), ref(M * N);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t k = 0; k < K; ++k)
      A[i * K + k] = a.at(s.transA ? a.offset({k, i}) : a.offset({i, k}));
  for (int64_t j = 0; j < N; ++j)
    for (int64_t k = 0; k < K; ++k)
      Bt[j * K + k] = b.at(s.transB ? b.offset({j, k}) : b.offset({k, j}));
  double sumSq = 0;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      // data() + offset: with K = 0 the vectors are empty (indexing them,
      // even to take an address, is undefined; UBSan reported it).
      const double *x = A.data() + i * K, *y = Bt.data() + j * K;
      double acc = 0;
      for (int64_t k = 0; k < K; ++k)
        acc += x[k] * y[k];
      acc *= s.alpha;
      if (!cIn.empty())
        acc += s.beta * cIn[i * N + j];
      if (bias)
        acc += bias->at(bias->offset({s.bias == "row" ? j : i}));
      acc = activate(s.act, acc);
      ref[i * N + j] = acc;
      sumSq += acc * acc;
    }
  // Relative errors are taken against max(|ref|, rms(ref)): near-zero
  // results of cancelling sums carry the rounding errors of their O(sqrt K)
  // neighbours. The kernel rounds once to the output dtype (2 u leaves room
  // for the f32 value itself being off) and accumulates K products in f32
  // (products of bf16/f16 values are exact in f32).
  double rms = M * N ? std::sqrt(sumSq / double(M * N)) : 0.0;
  cmp.what = c.name;
  // The epilogue adds a few f32 roundings (alpha, beta, the bias) and the
  // activation's: tanh, exp and the erf polynomial to ~1e-6 relative.
  bool epilogue = s.alpha != 1 || s.beta != 0 || !s.bias.empty();
  double epiTol = (epilogue ? 4 * kF32 : 0) + (s.act.empty() ? 0 : 2e-6);
  cmp.tol = s.tolerance >= 0
                ? s.tolerance
                : 2 * unitRoundoff(out) + double(K) * kF32 + epiTol;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j)
      cmp.add(llvm::formatv("[{0},{1}]", i, j).str(), c.at(c.offset({i, j})),
              ref[i * N + j], rms);
  checkPadding(c, cmp);
}

/// Attention with every feature of docs/Dialect/Aiter.md "Attention
/// semantics", in float64.
void checkAttention(const Spec &s, const HostTensor &q, const HostTensor &k,
                    const HostTensor &v, HostTensor &o, HostTensor *lse,
                    const HostTensor *alibi, const HostTensor *bias,
                    emu::ElemType dt, Compare &cmpO, Compare &cmpL,
                    int64_t &emptyRows) {
  bool bshd = s.layout == "bshd";
  int64_t D = s.headDim, DV = s.headDimV, group = s.heads / s.kvHeads;
  double scale = s.scale != 0.0 ? s.scale : 1.0 / std::sqrt(double(D));
  // Window bounds above 2^30 count as unbounded (the kernel masks in i32).
  int64_t left = s.left > (int64_t(1) << 30) ? -1 : s.left;
  int64_t right = s.right > (int64_t(1) << 30) ? -1 : s.right;
  if (s.causal)
    right = 0;
  auto idx = [&](const HostTensor &t, int64_t b, int64_t h, int64_t i,
                 int64_t d) {
    return bshd ? t.offset({b, i, h, d}) : t.offset({b, h, i, d});
  };
  cmpO.what = "O";
  cmpL.what = "LSE";
  // P is rounded to the input dtype before the second MFMA (relative error
  // u per term, a random walk across keys: ~u/sqrt(3) rms of the row, ~3u
  // at the tail of a million elements) and O once to the output dtype;
  // 6 u covers both. f32 score and sum errors add (seq_k + D * |s|max) u32.
  double tolO = 6 * unitRoundoff(dt);
  std::vector<double> qrow(D), x(s.seqK), p(s.seqK), orow(DV), omag(DV);
  std::vector<std::vector<double>> kd(s.seqK, std::vector<double>(D)),
      vd(s.seqK, std::vector<double>(DV));
  emptyRows = 0;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t h = 0; h < s.heads; ++h) {
      int64_t hk = h / group;
      for (int64_t j = 0; j < s.seqK; ++j) {
        for (int64_t d = 0; d < D; ++d)
          kd[j][d] = k.at(idx(k, b, hk, j, d));
        for (int64_t d = 0; d < DV; ++d)
          vd[j][d] = v.at(idx(v, b, hk, j, d));
      }
      // ALiBi's slope (the view is [batch, heads], stride 0 over the batch
      // for [heads] slopes).
      double slope = alibi ? alibi->at(alibi->offset({b, h})) : 0.0;
      for (int64_t i = 0; i < s.seqQ; ++i) {
        for (int64_t d = 0; d < D; ++d)
          qrow[d] = q.at(idx(q, b, h, i, d));
        int64_t diag = i + s.seqK - s.seqQ;
        double mx = -INFINITY, scoreBound = 0;
        int64_t visible = 0;
        for (int64_t j = 0; j < s.seqK; ++j) {
          bool vis = (right < 0 || j <= diag + right) &&
                     (left < 0 || j >= diag - left);
          if (!vis) {
            x[j] = -INFINITY;
            continue;
          }
          ++visible;
          double acc = 0, mag = 0;
          for (int64_t d = 0; d < D; ++d) {
            acc += qrow[d] * kd[j][d];
            mag += std::fabs(qrow[d] * kd[j][d]);
          }
          double sc = scale * acc;
          if (s.softcap != 0.0)
            sc = s.softcap * std::tanh(sc / s.softcap);
          // ALiBi and the bias come after the softcap (flash-attention 2's
          // order); the kernel adds them in f32, so they count towards the
          // magnitude its f32 score error scales with.
          double added = 0;
          if (alibi)
            added -= slope * double(std::llabs(diag - j));
          if (bias)
            added += bias->at(bias->offset({b, h, i, j}));
          sc += added;
          x[j] = sc;
          mx = std::max(mx, sc);
          scoreBound = std::max(scoreBound, scale * mag + std::fabs(added));
        }
        std::string where = llvm::formatv("[b={0},h={1},i={2}]", b, h, i).str();
        if (visible == 0) {
          ++emptyRows;
          for (int64_t d = 0; d < DV; ++d)
            cmpO.addExact(where + llvm::formatv("[{0}]", d).str(),
                          o.at(idx(o, b, h, i, d)), 0.0);
          if (lse)
            cmpL.addExact(where, lse->at(lse->offset({b, h, i})), INFINITY);
          continue;
        }
        double l = 0;
        for (int64_t j = 0; j < s.seqK; ++j) {
          p[j] = x[j] == -INFINITY ? 0.0 : std::exp(x[j] - mx);
          l += p[j];
        }
        double sumSq = 0;
        for (int64_t d = 0; d < DV; ++d) {
          double acc = 0, mag = 0;
          for (int64_t j = 0; j < s.seqK; ++j)
            if (p[j] != 0.0) {
              acc += p[j] * vd[j][d];
              mag += p[j] * std::fabs(vd[j][d]);
            }
          orow[d] = acc / l;
          omag[d] = mag / l;
          sumSq += orow[d] * orow[d];
        }
        double f32Part = 4 * kF32 * double(s.seqK + D * scoreBound);
        cmpO.tol =
            std::max(cmpO.tol, s.tolerance >= 0 ? s.tolerance : tolO + f32Part);
        double rowRms = std::sqrt(sumSq / double(DV));
        // An element's rounding error scales with the sum of its terms'
        // magnitudes (the row's RMS stands for it when the row has many
        // elements; a one-element row of cancelling terms needs the sum).
        for (int64_t d = 0; d < DV; ++d)
          cmpO.add(where + llvm::formatv("[{0}]", d).str(),
                   o.at(idx(o, b, h, i, d)), orow[d],
                   std::max(rowRms, omag[d]));
        if (lse) {
          double ref = mx + std::log(l);
          // Absolute f32 error, expressed relative to max(|lse|, 1).
          cmpL.tol = std::max(cmpL.tol, s.tolerance >= 0 ? s.tolerance
                                                         : f32Part + 16 * kF32);
          cmpL.add(where, lse->at(lse->offset({b, h, i})), ref, 1.0);
        }
      }
    }
  checkPadding(o, cmpO);
  if (lse)
    checkPadding(*lse, cmpL);
}

} // namespace

int run::runOpCheck(const EmulatorSettings &settings,
                    const SharedFlags &shared) {
  Spec s;
  s.op = opOpt;
  s.chip = shared.chip;
  s.dtype = dtypeOpt;
  s.outDtype = outDtypeOpt;
  s.window = windowOpt;
  s.layout = layoutOpt;
  s.alibi = alibiOpt;
  s.alibiShape = alibiShapeOpt;
  s.bias = biasOpt;
  s.biasShape = biasShapeOpt;
  s.alpha = alphaOpt;
  s.beta = betaOpt;
  s.cDtype = cDtypeOpt;
  s.cAlias = cAliasOpt;
  s.biasDtype = biasDtypeOpt;
  s.act = actOpt;
  s.config = configOpt;
  s.variant = shared.variant;
  s.emitters = shared.emitters;
  s.transA = transAOpt;
  s.transB = transBOpt;
  s.causal = causalOpt;
  s.lse = lseOpt;
  s.check = shared.check;
  s.headDim = headDimOpt;
  s.headDimV = headDimVOpt.getNumOccurrences() ? int64_t(headDimVOpt)
                                               : int64_t(headDimOpt);
  s.softcap = softcapOpt;
  s.scale = scaleOpt;
  s.tolerance = shared.tolerance;
  s.m = mOpt;
  s.n = nOpt;
  s.k = kOpt;
  s.batch = batchOpt;
  s.heads = headsOpt;
  s.kvHeads =
      kvHeadsOpt.getNumOccurrences() ? int64_t(kvHeadsOpt) : int64_t(headsOpt);
  s.seqQ = seqQOpt;
  s.seqK = seqKOpt.getNumOccurrences() ? int64_t(seqKOpt) : int64_t(seqQOpt);
  s.rowAlign = rowAlignOpt;
  s.pad = padOpt;
  s.seed = seedOpt;
  bool gemm = s.op == "gemm";

  // Flags of the other op are mistakes, not no-ops.
  struct Owned {
    cl::Option *opt;
    bool gemmOnly;
  };
  const Owned owned[] = {
      {&mOpt, true},          {&nOpt, true},         {&kOpt, true},
      {&transAOpt, true},     {&transBOpt, true},    {&outDtypeOpt, true},
      {&headDimOpt, false},   {&headDimVOpt, false}, {&causalOpt, false},
      {&windowOpt, false},    {&softcapOpt, false},  {&scaleOpt, false},
      {&lseOpt, false},       {&layoutOpt, false},   {&batchOpt, false},
      {&headsOpt, false},     {&kvHeadsOpt, false},  {&seqQOpt, false},
      {&seqKOpt, false},      {&alibiOpt, false},    {&alibiShapeOpt, false},
      {&biasShapeOpt, false}, {&alphaOpt, true},     {&betaOpt, true},
      {&cDtypeOpt, true},     {&cAliasOpt, true},    {&biasDtypeOpt, true},
      {&actOpt, true},
  };
  if (s.op != "gemm" && s.op != "attention")
    return fail("--op must be gemm or attention, got '" + s.op + "'");
  for (const Owned &o : owned)
    if (o.opt->getNumOccurrences() && o.gemmOnly != gemm)
      return fail("--" + o.opt->ArgStr +
                  " is an --op=" + (o.gemmOnly ? "gemm" : "attention") +
                  " flag; it means nothing to --op=" + s.op);
  // The spec, built as every entry point builds it (ProblemSpec.h).
  ::aiter::rt::SpecFlagValues flags;
  flags.op = s.op;
  flags.dtype = s.dtype;
  flags.outDtype = s.outDtype;
  flags.window = s.window;
  flags.layout = s.layout;
  flags.transA = s.transA;
  flags.transB = s.transB;
  flags.causal = s.causal;
  flags.lse = s.lse;
  flags.alibi = s.alibi;
  flags.bias = s.bias;
  flags.alpha = s.alpha;
  flags.beta = s.beta;
  flags.cDtype = s.cDtype;
  flags.biasDtype = s.biasDtype;
  flags.act = s.act;
  flags.headDim = s.headDim;
  flags.headDimV = s.headDimV == s.headDim ? 0 : s.headDimV;
  flags.softcap = s.softcap;
  flags.scale = s.scale;
  ::aiter::rt::ProblemSpec problem;
  if (std::string e = ::aiter::rt::specFromFlags(flags, problem); !e.empty())
    return fail(e);
  if (problem.kind == ::aiter::rt::ProblemSpec::Kind::Attention &&
      problem.attention.hasWindow) {
    s.left = problem.attention.windowLeft;
    s.right = problem.attention.windowRight;
  }
  if (auto target = mlir::aiter::TargetInfo::lookup(s.chip); !target)
    return fail(llvm::toString(target.takeError()));
  if (s.variant != "auto" && s.variant != "aligned" && s.variant != "general")
    return fail("--variant must be auto, aligned or general, got '" +
                s.variant + "'");
  if (s.pad < 0 || s.pad > 4096)
    return fail("--pad must be in [0, 4096], got " + llvm::Twine(s.pad));
  if (s.rowAlign < 1 || s.rowAlign > 4096)
    return fail("--row-align must be in [1, 4096], got " +
                llvm::Twine(s.rowAlign));
  emu::ElemType inElem, outElem;
  if (!parseElem(s.dtype, inElem) || inElem == emu::ElemType::F32)
    return fail("--dtype must be bf16 or f16, got '" + s.dtype + "'");
  std::string out = s.outDtype.empty() ? s.dtype : s.outDtype;
  if (!parseElem(out, outElem))
    return fail("--out-dtype must be bf16, f16 or f32, got '" + out + "'");

  constexpr int64_t kMaxDim = int64_t(1) << 31;
  auto checkSize = [&](int64_t v) { return v >= 1 && v < kMaxDim; };
  double hostBytes = 0;
  if (gemm) {
    // M, N or K may be 0, as in BLAS: an empty D, or D = act(beta C + bias).
    for (auto [flag, v] :
         {std::pair<const char *, int64_t>{"m", s.m}, {"n", s.n}, {"k", s.k}})
      if (v < 0 || v >= kMaxDim ||
          (v == 0 && !cl::getRegisteredOptions()[flag]->getNumOccurrences()))
        return fail(llvm::formatv("--op=gemm needs --m, --n and --k, each in "
                                  "[0, 2^31); got --{0}={1}",
                                  flag, v)
                        .str());
    if (s.cAlias && problem.gemm.cDtype != problem.gemm.outDtype)
      return fail("--c-alias needs --beta other than 0 and C's dtype "
                  "(--c-dtype) equal to the output dtype");
    hostBytes =
        2.0 * (double(s.m) * s.k + double(s.k) * s.n) + 4.0 * double(s.m) * s.n;
    if (problem.gemm.cDtype && !s.cAlias)
      hostBytes += 4.0 * double(s.m) * s.n;
  } else {
    for (auto [flag, v] : {std::pair<const char *, int64_t>{"batch", s.batch},
                           {"heads", s.heads},
                           {"kv-heads", s.kvHeads},
                           {"seq-q", s.seqQ},
                           {"seq-k", s.seqK}})
      if (!checkSize(v))
        return fail(llvm::formatv("--op=attention needs --seq-q (and takes "
                                  "--batch, --heads, --kv-heads, --seq-k), "
                                  "each in [1, 2^31); got --{0}={1}",
                                  flag, v)
                        .str());
    if (s.heads % s.kvHeads != 0)
      return fail(llvm::formatv("--heads ({0}) must be a multiple of "
                                "--kv-heads ({1})",
                                s.heads, s.kvHeads)
                      .str());
    for (auto [flag, v] :
         {std::pair<const char *, int64_t>{"head-dim", s.headDim},
          {"head-dim-v", s.headDimV}})
      if (v < 1 || v > 256)
        return fail(
            llvm::formatv("--{0} must be in [1, 256], got {1}", flag, v).str());
    if (s.alibiShape != "h" && s.alibiShape != "bh")
      return fail("--alibi-shape must be h ([heads]) or bh ([batch, heads]), "
                  "got '" +
                  s.alibiShape + "'");
    if (alibiShapeOpt.getNumOccurrences() && !s.alibi)
      return fail("--alibi-shape needs --alibi");
    if (biasShapeOpt.getNumOccurrences() && s.bias.empty())
      return fail("--bias-shape needs --bias=DTYPE");
    const char *letters = "bhqk";
    bool shapeOk = s.biasShape.size() == 4;
    for (size_t d = 0; shapeOk && d < 4; ++d)
      shapeOk = s.biasShape[d] == letters[d] || s.biasShape[d] == '1';
    if (!shapeOk)
      return fail("--bias-shape must be 4 characters, each the dimension's "
                  "letter of bhqk or 1 (broadcast), such as bhqk, 1hqk or "
                  "11q1; got '" +
                  s.biasShape + "'");
    double rowsQ = double(s.batch) * s.heads * s.seqQ,
           rowsK = double(s.batch) * s.kvHeads * s.seqK;
    hostBytes = 2.0 * (s.headDim + s.headDimV) * (rowsQ + rowsK) + 4.0 * rowsQ;
    if (!s.bias.empty())
      hostBytes += 4.0 * rowsQ * double(s.seqK);
  }
  hostBytes *= 1.0 + double(s.pad + s.rowAlign) / 64;
  if (hostBytes > double(int64_t(4) << 30))
    return fail(llvm::formatv("the problem needs {0:f0} MiB of host buffers; "
                              "aiter-run's emulator device takes at most "
                              "4096 MiB",
                              hostBytes / (1 << 20))
                    .str());

  // Buffers first: the variant follows from the tensors.
  Random rng(s.seed);
  HostTensor a, b, c, cTensor, q, k, v, o, lse, alibi, bias;
  std::vector<double> cValues; // C before the launch (it may be D's buffer)
  std::vector<HostTensor *> tensors;
  if (gemm) {
    a.init("A", inElem,
           s.transA ? std::vector<int64_t>{s.k, s.m}
                    : std::vector<int64_t>{s.m, s.k},
           s.rowAlign, s.pad);
    b.init("B", inElem,
           s.transB ? std::vector<int64_t>{s.n, s.k}
                    : std::vector<int64_t>{s.k, s.n},
           s.rowAlign, s.pad);
    // The output is C as in BLAS's C = A B, or D when C is an input.
    c.init(problem.gemm.cDtype ? "D" : "C", outElem, {s.m, s.n}, s.rowAlign,
           s.pad);
    fillRandom(a, rng, -1.0, 1.0);
    fillRandom(b, rng, -1.0, 1.0);
    tensors = {&a, &b, &c};
    // The epilogue's inputs, in the kernel's argument order: C, the bias.
    const ::aiter::rt::GemmSpec &g = problem.gemm;
    if (g.cDtype) {
      HostTensor &ct = s.cAlias ? c : cTensor;
      if (!s.cAlias) {
        emu::ElemType cElem;
        parseElem(::aiter::rt::specDtypeName(*g.cDtype), cElem);
        cTensor.init("C", cElem, {s.m, s.n}, s.rowAlign, s.pad);
      }
      fillRandom(ct, rng, -1.0, 1.0);
      for (int64_t i = 0; i < s.m; ++i)
        for (int64_t j = 0; j < s.n; ++j)
          cValues.push_back(ct.at(ct.offset({i, j})));
      tensors.push_back(&ct);
    }
    if (g.bias != ::aiter::rt::GemmBias::None) {
      emu::ElemType biasElem;
      parseElem(::aiter::rt::specDtypeName(g.biasDtype), biasElem);
      bias.init("bias", biasElem,
                {g.bias == ::aiter::rt::GemmBias::Row ? s.n : s.m}, s.rowAlign,
                s.pad);
      fillRandom(bias, rng, -2.0, 2.0);
      tensors.push_back(&bias);
    }
  } else {
    bool bshd = s.layout == "bshd";
    auto shape = [&](int64_t h, int64_t seq, int64_t d) {
      return bshd ? std::vector<int64_t>{s.batch, seq, h, d}
                  : std::vector<int64_t>{s.batch, h, seq, d};
    };
    q.init("Q", inElem, shape(s.heads, s.seqQ, s.headDim), s.rowAlign, s.pad);
    k.init("K", inElem, shape(s.kvHeads, s.seqK, s.headDim), s.rowAlign, s.pad);
    v.init("V", inElem, shape(s.kvHeads, s.seqK, s.headDimV), s.rowAlign,
           s.pad);
    o.init("O", inElem, shape(s.heads, s.seqQ, s.headDimV), s.rowAlign, s.pad);
    // Q and K in [-2, 2): scores of std ~1.3 give peaked softmax rows
    // (the running-max rescaling matters) without saturating exp.
    fillRandom(q, rng, -2.0, 2.0);
    fillRandom(k, rng, -2.0, 2.0);
    fillRandom(v, rng, -1.0, 1.0);
    tensors = {&q, &k, &v, &o};
    if (s.lse) {
      lse.init("LSE", emu::ElemType::F32, {s.batch, s.heads, s.seqQ},
               s.rowAlign, s.pad);
      tensors.push_back(&lse);
    }
    // After LSE, in the kernel's argument order.
    if (s.alibi) {
      bool perBatch = s.alibiShape == "bh";
      alibi.init("alibi_slopes", emu::ElemType::F32,
                 perBatch ? std::vector<int64_t>{s.batch, s.heads}
                          : std::vector<int64_t>{s.heads},
                 s.rowAlign, s.pad);
      fillRandom(alibi, rng, 0.0, 0.5);
      if (!perBatch) { // the kernel's view is [batch, heads]
        alibi.shape = {1, s.heads};
        alibi.strides = {0, 1};
      }
      alibi.broadcastTo({s.batch, s.heads});
      tensors.push_back(&alibi);
    }
    if (!s.bias.empty()) {
      std::vector<int64_t> full = {s.batch, s.heads, s.seqQ, s.seqK}, shape;
      for (size_t d = 0; d < 4; ++d)
        shape.push_back(s.biasShape[d] == '1' ? 1 : full[d]);
      emu::ElemType biasElem;
      parseElem(s.bias, biasElem); // specFromFlags checked it
      bias.init("bias", biasElem, shape, s.rowAlign, s.pad);
      fillRandom(bias, rng, -2.0, 2.0);
      bias.broadcastTo(full);
      tensors.push_back(&bias);
    }
  }
  std::string violation;
  for (HostTensor *t : tensors)
    if (violation.empty())
      violation = t->alignedViolation();
  std::string variant = s.variant;
  if (variant == "auto")
    variant = violation.empty() ? "aligned" : "general";
  else if (variant == "aligned" && !violation.empty())
    return fail("--variant=aligned needs aligned tensors, but " + violation +
                "; use --variant=general or auto");

  std::string source = problem.toMLIR();
  mlir::aiter::CompileOptions options;
  options.chip = s.chip;
  options.config = s.config;
  options.variant = variant;
  options.emitters = s.emitters;
  auto t0 = std::chrono::steady_clock::now();
  auto kernel = mlir::aiter::compileProblem(source, options);
  double compileMs = msSince(t0);
  if (!kernel)
    return fail(llvm::toString(kernel.takeError()));

  mlir::DialectRegistry registry;
  mlir::aiter::registerCodegenDialects(registry);
  mlir::MLIRContext ctx(registry, mlir::MLIRContext::Threading::DISABLED);
  ctx.loadAllAvailableDialects();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kernel->simtIR, &ctx);
  if (!module)
    return fail("internal: cannot parse the compiled SIMT kernel");

  emu::LaunchConfig launch;
  const auto &geo = kernel->launch;
  int64_t tiles0 = gemm ? (s.m + geo.tileM - 1) / geo.tileM
                        : (s.seqQ + geo.tileM - 1) / geo.tileM;
  int64_t tiles1 = gemm ? (s.n + geo.tileN - 1) / geo.tileN : s.batch * s.heads;
  launch.grid = {tiles0, tiles1, 1};
  launch.block = {int64_t(geo.threads), 1, 1};
  launch.threads = settings.threads;
  launch.maxWaveInstructions = settings.maxWaveInstructions;
  std::vector<emu::KernelArg> args;
  for (HostTensor *t : tensors)
    args.push_back(t->arg());

  llvm::outs() << llvm::formatv("op: {0}\n",
                                source.substr(0, source.size() - 1));
  if (gemm)
    llvm::outs() << llvm::formatv("sizes: M={0} N={1} K={2}", s.m, s.n, s.k);
  else
    llvm::outs() << llvm::formatv(
        "sizes: batch={0} heads={1} kv_heads={2} seq_q={3} seq_k={4}{5}{6}",
        s.batch, s.heads, s.kvHeads, s.seqQ, s.seqK,
        s.alibi ? (s.alibiShape == "h" ? " alibi_slopes=[h]"
                                       : " alibi_slopes=[b,h]")
                : "",
        s.bias.empty() ? std::string() : " bias=" + s.biasShape);
  llvm::outs() << llvm::formatv(" row_align={0} pad={1} seed={2}\n", s.rowAlign,
                                s.pad, s.seed);
  llvm::outs() << llvm::formatv(
      "kernel: {0} chip={1} variant={2} grid={3}x{4}x{5} block={6}x1x1 "
      "vgpr={7} agpr={8} lds={9}\n",
      kernel->name, kernel->chip, kernel->variant, launch.grid[0],
      launch.grid[1], launch.grid[2], launch.block[0], kernel->info.vgprCount,
      kernel->info.agprCount, kernel->info.groupSegmentSize);

  auto t1 = std::chrono::steady_clock::now();
  // An empty grid (M or N = 0) has nothing to run, as the C API's launch.
  bool emptyGrid = launch.grid[0] == 0 || launch.grid[1] == 0;
  llvm::Expected<emu::EmulatorStats> stats =
      emptyGrid
          ? llvm::Expected<emu::EmulatorStats>(emu::EmulatorStats())
          : emu::runKernel(module->getOperation(), kernel->name, launch, args);
  double emuMs = msSince(t1);
  if (!stats)
    return fail("emulator: " + llvm::toString(stats.takeError()));
  llvm::outs() << llvm::formatv("time: compile {0:f1} ms, emulator {1:f1} ms "
                                "(device emulator{2})\n",
                                compileMs, emuMs,
                                emptyGrid ? ", empty grid: not run" : "");
  if (settings.stats) {
    llvm::outs() << "stats: " << stats->toJson() << "\n";
    llvm::outs() << stats->toTable();
  }
  if (!s.check) {
    llvm::outs() << "not checked (no --check)\n";
    return 0;
  }

  auto t2 = std::chrono::steady_clock::now();
  Compare main, lseCmp;
  int64_t emptyRows = 0;
  if (gemm)
    checkGemm(s, a, b, c, cValues,
              problem.gemm.bias != ::aiter::rt::GemmBias::None ? &bias
                                                               : nullptr,
              outElem, main);
  else
    checkAttention(s, q, k, v, o, s.lse ? &lse : nullptr,
                   s.alibi ? &alibi : nullptr, s.bias.empty() ? nullptr : &bias,
                   inElem, main, lseCmp, emptyRows);
  llvm::outs() << llvm::formatv("reference: float64, {0:f1} ms\n", msSince(t2));
  if (!gemm)
    llvm::outs() << llvm::formatv("rows without a visible key: {0}\n",
                                  emptyRows);
  main.print(llvm::outs());
  bool ok = main.bad == 0;
  if (s.lse) {
    lseCmp.print(llvm::outs());
    ok &= lseCmp.bad == 0;
  }
  llvm::outs() << (ok ? "PASS" : "FAIL") << "\n";
  return ok ? 0 : 1;
}
