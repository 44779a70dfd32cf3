//===- EmulatorBench.cpp - emulator throughput ----------------------------===//
//
// Google Benchmark of the emulator on the hand-written 512^3 bf16 MFMA GEMM
// (gemm_bf16.mlir): wall time and lane-instructions per second, 1 and N cores.
//
//===----------------------------------------------------------------------===//

#include "aiter/Emulator/Emulator.h"
#include "aiter/Emulator/FloatConv.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
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

#include <random>
#include <thread>

using namespace aiter::emu;

namespace {
struct GemmFixture {
  mlir::MLIRContext ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<uint16_t> a, b;
  std::vector<float> c;
  GemmFixture() {
    ctx.loadDialect<mlir::gpu::GPUDialect, mlir::amdgpu::AMDGPUDialect,
                    mlir::arith::ArithDialect, mlir::math::MathDialect,
                    mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                    mlir::vector::VectorDialect, mlir::ROCDL::ROCDLDialect>();
    module = mlir::parseSourceFile<mlir::ModuleOp>(
        AITER_BENCH_DIR "/gemm_bf16.mlir", &ctx);
    std::mt19937 rng(0);
    a.resize(512 * 512);
    b.resize(512 * 512);
    c.resize(512 * 512);
    for (auto &x : a)
      x = floatToBf16(float(int(rng() % 7) - 3));
    for (auto &x : b)
      x = floatToBf16(float(int(rng() % 7) - 3));
  }
};
} // namespace

static void BM_GemmBf16_512(benchmark::State &state) {
  static GemmFixture f;
  if (!f.module) {
    state.SkipWithError("cannot parse gemm_bf16.mlir");
    return;
  }
  LaunchConfig cfg;
  cfg.grid = {8, 8, 1};
  cfg.block = {256, 1, 1};
  cfg.threads = unsigned(state.range(0));
  uint64_t lanes = 0, waveInstrs = 0;
  for (auto _ : state) {
    KernelArg args[3] = {KernelArg::buffer(f.a.data(), f.a.size() * 2,
                                           ElemType::BF16, {512, 512}),
                         KernelArg::buffer(f.b.data(), f.b.size() * 2,
                                           ElemType::BF16, {512, 512}),
                         KernelArg::buffer(f.c.data(), f.c.size() * 4,
                                           ElemType::F32, {512, 512})};
    auto st = runKernel(f.module->getOperation(), "gemm", cfg, args);
    if (!st) {
      state.SkipWithError(llvm::toString(st.takeError()).c_str());
      return;
    }
    lanes += st->laneInstructions;
    waveInstrs += st->totalInstructions();
  }
  state.counters["lane_instr/s"] =
      benchmark::Counter(double(lanes), benchmark::Counter::kIsRate);
  state.counters["wave_instr/s"] =
      benchmark::Counter(double(waveInstrs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GemmBf16_512)
    ->Arg(1)
    ->Arg(int(std::max(1u, std::thread::hardware_concurrency())))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
