//===- EmulatorBench.cpp - emulator throughput ----------------------------===//
//
// Google Benchmark of the emulator on a hand-written 512^3 bf16 MFMA GEMM
// (gemm_bf16.mlir) and on two shipped gfx942 kernels (a bf16 GEMM and
// flash-attention d=128): wall time, multiply-accumulates and lane-instructions
// per second. bench/emulator_vs_numpy.py sets these beside numpy's float32
// matmul of the same multiply-accumulates on one thread.
//
//===----------------------------------------------------------------------===//

#include "aiter/Emulator/Emulator.h"
#include "aiter/Emulator/FloatConv.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <benchmark/benchmark.h>

#include <deque>
#include <random>
#include <thread>

using namespace aiter::emu;

namespace {
/// A parsed kernel file and its host buffers (bf16 bits or f32).
struct Fixture {
  mlir::MLIRContext ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::deque<std::vector<uint16_t>> bufs16; // stable references
  std::vector<float> f32;
  explicit Fixture(const char *file) {
    ctx.loadDialect<mlir::gpu::GPUDialect, mlir::amdgpu::AMDGPUDialect,
                    mlir::arith::ArithDialect, mlir::math::MathDialect,
                    mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                    mlir::vector::VectorDialect, mlir::ROCDL::ROCDLDialect,
                    mlir::affine::AffineDialect>();
    module = mlir::parseSourceFile<mlir::ModuleOp>(
        std::string(AITER_BENCH_DIR "/") + file, &ctx);
  }
  /// A bf16 buffer of `n` values uniform in {lo..hi} (small integers keep
  /// the sums exact, so any accumulation-order change shows).
  std::vector<uint16_t> &bf16(size_t n, int lo, int hi, unsigned seed) {
    std::mt19937 rng(seed);
    auto &v = bufs16.emplace_back(n);
    for (auto &x : v)
      x = floatToBf16(float(lo + int(rng() % unsigned(hi - lo + 1))) / 4);
    return v;
  }
};

/// Runs `run` (one launch, returning its stats) in the benchmark loop and
/// reports MAC/s, lane-instructions/s and the non-MFMA lane-instructions per
/// second of the whole run time (a lower bound on the non-MFMA rate, as the
/// time includes the MFMAs).
template <class Run>
void measure(benchmark::State &state, uint64_t macsPerRun, Run run) {
  uint64_t lanes = 0, waveInstrs = 0, mfmaLanes = 0, runs = 0;
  for (auto _ : state) {
    llvm::Expected<EmulatorStats> st = run();
    if (!st) {
      state.SkipWithError(llvm::toString(st.takeError()).c_str());
      return;
    }
    lanes += st->laneInstructions;
    waveInstrs += st->totalInstructions();
    mfmaLanes += 64 * st->mfma;
    ++runs;
  }
  using benchmark::Counter;
  state.counters["MAC/s"] =
      Counter(double(macsPerRun * runs), Counter::kIsRate);
  state.counters["MACs"] = double(macsPerRun);
  state.counters["lane_instr/s"] = Counter(double(lanes), Counter::kIsRate);
  state.counters["non_mfma_lane_instr/s"] =
      Counter(double(lanes - mfmaLanes), Counter::kIsRate);
  state.counters["wave_instr/s"] =
      Counter(double(waveInstrs), Counter::kIsRate);
}
} // namespace

/// The hand-written LDS-staged GEMM: 512^3, mfma 32x32x8, 64 workgroups.
static void BM_GemmBf16_512(benchmark::State &state) {
  static Fixture f("gemm_bf16.mlir");
  static auto &a = f.bf16(512 * 512, -12, 12, 0),
              &b = f.bf16(512 * 512, -12, 12, 1);
  if (!f.module) {
    state.SkipWithError("cannot parse gemm_bf16.mlir");
    return;
  }
  f.f32.assign(512 * 512, 0.f);
  LaunchConfig cfg;
  cfg.grid = {8, 8, 1};
  cfg.block = {256, 1, 1};
  cfg.threads = unsigned(state.range(0));
  measure(state, uint64_t(512) * 512 * 512, [&] {
    KernelArg args[3] = {
        KernelArg::buffer(a.data(), a.size() * 2, ElemType::BF16, {512, 512}),
        KernelArg::buffer(b.data(), b.size() * 2, ElemType::BF16, {512, 512}),
        KernelArg::buffer(f.f32.data(), f.f32.size() * 4, ElemType::F32,
                          {512, 512})};
    return runKernel(f.module->getOperation(), "gemm", cfg, args);
  });
}
// One thread is timed in CPU time (steady on a loaded machine), all cores in
// wall time.
BENCHMARK(BM_GemmBf16_512)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GemmBf16_512)
    ->Arg(int(std::max(1u, std::thread::hardware_concurrency())))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The shipped bf16 GEMM with B transposed (tile 128x128x64, 4 waves,
/// mfma 32x32x8), 512^3, bf16 out.
static void BM_ShippedGemmBf16TB_512(benchmark::State &state) {
  static Fixture f("gemm_bf16_tb_gfx942.mlir");
  static auto &a = f.bf16(512 * 512, -4, 4, 2),
              &b = f.bf16(512 * 512, -4, 4, 3);
  static std::vector<uint16_t> c(512 * 512);
  if (!f.module) {
    state.SkipWithError("cannot parse gemm_bf16_tb_gfx942.mlir");
    return;
  }
  LaunchConfig cfg;
  cfg.grid = {4, 4, 1};
  cfg.block = {256, 1, 1};
  cfg.threads = unsigned(state.range(0));
  measure(state, uint64_t(512) * 512 * 512, [&] {
    KernelArg args[3] = {
        KernelArg::buffer(a.data(), a.size() * 2, ElemType::BF16, {512, 512}),
        KernelArg::buffer(b.data(), b.size() * 2, ElemType::BF16, {512, 512}),
        KernelArg::buffer(c.data(), c.size() * 2, ElemType::BF16, {512, 512})};
    return runKernel(f.module->getOperation(), "gemm_bf16_bf16_tb", cfg, args);
  });
}
BENCHMARK(BM_ShippedGemmBf16TB_512)->Arg(1)->Unit(benchmark::kMillisecond);

/// The shipped flash-attention forward, bf16 d=128 non-causal, batch 1,
/// 4 heads, seq_q = seq_k = 512 (bshd): 2 * 4 * 512 * 512 * 128 MACs.
static void BM_ShippedAttentionBf16D128(benchmark::State &state) {
  constexpr int64_t kHeads = 4, kSeq = 512, kD = 128;
  constexpr size_t kElems = size_t(kHeads) * kSeq * kD;
  static Fixture f("attention_bf16_d128_gfx942.mlir");
  static auto &q = f.bf16(kElems, -8, 8, 4), &k = f.bf16(kElems, -8, 8, 5),
              &v = f.bf16(kElems, -4, 4, 6);
  static std::vector<uint16_t> o(kElems);
  if (!f.module) {
    state.SkipWithError("cannot parse attention_bf16_d128_gfx942.mlir");
    return;
  }
  LaunchConfig cfg;
  cfg.grid = {kSeq / 128, kHeads, 1};
  cfg.block = {256, 1, 1};
  cfg.threads = unsigned(state.range(0));
  measure(state, uint64_t(2) * kHeads * kSeq * kSeq * kD, [&] {
    llvm::SmallVector<int64_t, 4> shape = {1, kSeq, kHeads, kD};
    KernelArg args[4] = {
        KernelArg::buffer(q.data(), kElems * 2, ElemType::BF16, shape),
        KernelArg::buffer(k.data(), kElems * 2, ElemType::BF16, shape),
        KernelArg::buffer(v.data(), kElems * 2, ElemType::BF16, shape),
        KernelArg::buffer(o.data(), kElems * 2, ElemType::BF16, shape)};
    return runKernel(f.module->getOperation(), "attention_bf16_d128", cfg,
                     args);
  });
}
BENCHMARK(BM_ShippedAttentionBf16D128)->Arg(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
