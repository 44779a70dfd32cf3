//===- RuntimeBench.cpp - compile, cache-hit and launch latency ----------===//
//
// Cold compile of the default GEMM and attention kernels, memory-, disk- and
// remote-tier hits, and C API launch overhead on the emulator device.
//===----------------------------------------------------------------------===//

#include "aiter-c/aiter.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <unistd.h>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::string benchDir(const char *leaf) {
  const char *base = std::getenv("TMPDIR");
  return std::string(base && *base ? base : "/tmp") + "/aiter-bench-" +
         leaf + "-" + std::to_string(getpid());
}

aiter_context_t makeContext(const std::string &dir, aiter_cache_mode_t mode,
                            const char *remote = "off") {
  aiter_context_options_t o;
  std::memset(&o, 0, sizeof(o));
  o.struct_size = sizeof(o);
  o.cache_dir = dir.c_str();
  o.cache_mode = mode;
  o.cache_remote = remote; // "off": $AITER_CACHE_REMOTE does not skew tiers
  aiter_context_t ctx = nullptr;
  if (aiter_context_create(&o, &ctx) != AITER_OK)
    std::abort();
  return ctx;
}

aiter_gemm_desc_t gemmDesc() {
  aiter_gemm_desc_t g;
  std::memset(&g, 0, sizeof(g));
  g.struct_size = sizeof(g);
  g.dtype = AITER_DTYPE_BF16;
  g.out_dtype = AITER_DTYPE_BF16;
  g.trans_b = 1;
  return g;
}

void clearDir(const std::string &dir) {
  std::string cmd = "rm -rf '" + dir + "'";
  if (std::system(cmd.c_str()) != 0)
    std::abort();
}

/// Compiles `g` once into `dir` (and the remote tier `remote`), so that the
/// timed creates are cache hits.
void prime(const std::string &dir, const aiter_gemm_desc_t &g,
           const char *remote = "off") {
  aiter_context_t ctx = makeContext(dir, AITER_CACHE_MODE_RW, remote);
  aiter_kernel_t k = nullptr;
  if (aiter_kernel_create_gemm(ctx, &g, &k) != AITER_OK)
    std::abort();
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
}

/// Both variants (aligned + general) of a kernel per iteration, no cache.
void BM_ColdCompileGemm(benchmark::State &state) {
  aiter_context_t ctx = makeContext("", AITER_CACHE_MODE_OFF);
  aiter_gemm_desc_t g = gemmDesc();
  for (auto _ : state) {
    aiter_cache_clear(ctx);
    aiter_kernel_t k = nullptr;
    if (aiter_kernel_create_gemm(ctx, &g, &k) != AITER_OK) {
      state.SkipWithError(aiter_last_error_message());
      break;
    }
    aiter_kernel_destroy(k);
  }
  state.counters["variants"] = 2;
  aiter_context_destroy(ctx);
}
BENCHMARK(BM_ColdCompileGemm)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ColdCompileAttention(benchmark::State &state) {
  aiter_context_t ctx = makeContext("", AITER_CACHE_MODE_OFF);
  aiter_attention_desc_t a;
  std::memset(&a, 0, sizeof(a));
  a.struct_size = sizeof(a);
  a.dtype = AITER_DTYPE_BF16;
  a.head_dim = 128;
  a.causal = 1;
  a.layout = AITER_ATTENTION_LAYOUT_BSHD;
  for (auto _ : state) {
    aiter_cache_clear(ctx);
    aiter_kernel_t k = nullptr;
    if (aiter_kernel_create_attention(ctx, &a, &k) != AITER_OK) {
      state.SkipWithError(aiter_last_error_message());
      break;
    }
    aiter_kernel_destroy(k);
  }
  aiter_context_destroy(ctx);
}
BENCHMARK(BM_ColdCompileAttention)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

/// aiter_kernel_create_gemm served by the memory tier (two lookups).
void BM_MemoryHit(benchmark::State &state) {
  aiter_context_t ctx = makeContext("", AITER_CACHE_MODE_OFF);
  aiter_gemm_desc_t g = gemmDesc();
  aiter_kernel_t warm = nullptr;
  if (aiter_kernel_create_gemm(ctx, &g, &warm) != AITER_OK)
    std::abort();
  for (auto _ : state) {
    aiter_kernel_t k = nullptr;
    aiter_kernel_create_gemm(ctx, &g, &k);
    aiter_kernel_destroy(k);
  }
  aiter_kernel_destroy(warm);
  aiter_context_destroy(ctx);
}
BENCHMARK(BM_MemoryHit)->Unit(benchmark::kMicrosecond);

/// aiter_kernel_create_gemm served by the disk tier (a fresh context per
/// iteration, created outside the timed region).
void BM_DiskHit(benchmark::State &state) {
  std::string dir = benchDir("disk");
  clearDir(dir);
  aiter_gemm_desc_t g = gemmDesc();
  prime(dir, g);
  for (auto _ : state) {
    state.PauseTiming();
    aiter_context_t ctx = makeContext(dir, AITER_CACHE_MODE_RO);
    state.ResumeTiming();
    aiter_kernel_t k = nullptr;
    aiter_kernel_create_gemm(ctx, &g, &k);
    state.PauseTiming();
    aiter_kernel_destroy(k);
    aiter_context_destroy(ctx);
    state.ResumeTiming();
  }
  clearDir(dir);
}
BENCHMARK(BM_DiskHit)->Unit(benchmark::kMillisecond);

/// aiter_kernel_create_gemm served by the remote tier: a fresh context per
/// iteration on an empty read-only directory (so the disk misses and keeps
/// missing), two GETs of ~85 KB entries over one new connection each.
/// Needs a server: AITER_BENCH_REDIS=redis://host:port (for example under
/// test/Runtime/Inputs/with-redis.py).
void BM_RemoteHit(benchmark::State &state) {
  const char *url = std::getenv("AITER_BENCH_REDIS");
  if (!url || !*url) {
    state.SkipWithError("set AITER_BENCH_REDIS=redis://host:port");
    return;
  }
  std::string fillDir = benchDir("remote-fill"), dir = benchDir("remote");
  clearDir(fillDir);
  clearDir(dir);
  aiter_gemm_desc_t g = gemmDesc();
  prime(fillDir, g, url);
  for (auto _ : state) {
    state.PauseTiming();
    aiter_context_t ctx = makeContext(dir, AITER_CACHE_MODE_RO, url);
    state.ResumeTiming();
    aiter_kernel_t k = nullptr;
    aiter_kernel_create_gemm(ctx, &g, &k);
    state.PauseTiming();
    aiter_cache_stats_t s;
    std::memset(&s, 0, sizeof(s));
    s.struct_size = sizeof(s);
    aiter_cache_stats(ctx, &s);
    if (s.remote_hits != 2)
      state.SkipWithError("not served by the remote tier");
    aiter_kernel_destroy(k);
    aiter_context_destroy(ctx);
    state.ResumeTiming();
  }
  clearDir(fillDir);
  clearDir(dir);
}
BENCHMARK(BM_RemoteHit)->Unit(benchmark::kMillisecond);

struct GemmTensors {
  std::vector<uint16_t> a, b, c;
  int64_t sa[2], sb[2], sc[2];
  DLTensor ta, tb, tc;
  GemmTensors(int64_t M, int64_t N, int64_t K)
      : a(M * K, 0x3f80), b(N * K, 0x3f80), c(M * N) {
    sa[0] = M, sa[1] = K, sb[0] = N, sb[1] = K, sc[0] = M, sc[1] = N;
    ta = {a.data(), {kDLCPU, 0}, 2, {kDLBfloat, 16, 1}, sa, nullptr, 0};
    tb = {b.data(), {kDLCPU, 0}, 2, {kDLBfloat, 16, 1}, sb, nullptr, 0};
    tc = {c.data(), {kDLCPU, 0}, 2, {kDLBfloat, 16, 1}, sc, nullptr, 0};
  }
};

/// The C API's own launch cost: validation + variant choice of an empty
/// problem (nothing runs).
void BM_LaunchValidationOnly(benchmark::State &state) {
  aiter_context_t ctx = makeContext("", AITER_CACHE_MODE_OFF);
  aiter_gemm_desc_t g = gemmDesc();
  aiter_kernel_t k = nullptr;
  if (aiter_kernel_create_gemm(ctx, &g, &k) != AITER_OK)
    std::abort();
  GemmTensors t(0, 64, 64);
  for (auto _ : state)
    aiter_gemm_launch(k, &t.ta, &t.tb, &t.tc, nullptr);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
}
BENCHMARK(BM_LaunchValidationOnly)->Unit(benchmark::kMicrosecond);

/// One workgroup on the emulator (16 x 16 x 16): launch overhead plus the
/// emulation of a single 256-thread workgroup.
void BM_EmulatorLaunchOneWorkgroup(benchmark::State &state) {
  aiter_context_t ctx = makeContext("", AITER_CACHE_MODE_OFF);
  aiter_gemm_desc_t g = gemmDesc();
  aiter_kernel_t k = nullptr;
  if (aiter_kernel_create_gemm(ctx, &g, &k) != AITER_OK)
    std::abort();
  GemmTensors t(16, 16, 16);
  aiter_gemm_launch(k, &t.ta, &t.tb, &t.tc, nullptr); // parses the IR once
  for (auto _ : state)
    if (aiter_gemm_launch(k, &t.ta, &t.tb, &t.tc, nullptr) != AITER_OK) {
      state.SkipWithError(aiter_last_error_message());
      break;
    }
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
}
BENCHMARK(BM_EmulatorLaunchOneWorkgroup)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
