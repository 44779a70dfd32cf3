//===- TileConfigTest.cpp - tests of the aiter tile configs -----*- C++ -*-===//
//
// Per-chip default GEMM/attention configurations, the override parser and
// its diagnostics, and the LDS/VGPR estimates.
//===----------------------------------------------------------------------===//

#include "aiter/Target/TileConfig.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::aiter;

namespace {

const TargetInfo &get(llvm::StringRef chip) {
  return *TargetInfo::lookup(chip);
}

constexpr MatrixElementType kBF16 = MatrixElementType::BF16;

std::string gemmError(llvm::StringRef chip, llvm::StringRef overrides) {
  llvm::Expected<GemmConfig> c = getGemmConfig(overrides, get(chip), kBF16);
  if (c)
    return "";
  return llvm::toString(c.takeError());
}

std::string attentionError(llvm::StringRef chip, llvm::StringRef overrides,
                           int64_t d = 128) {
  llvm::Expected<AttentionConfig> c =
      getAttentionConfig(overrides, get(chip), kBF16, d);
  if (c)
    return "";
  return llvm::toString(c.takeError());
}

bool contains(const std::string &s, llvm::StringRef part) {
  return llvm::StringRef(s).contains(part);
}

TEST(TileConfig, GemmDefaults) {
  for (llvm::StringRef chip : {"gfx942", "gfx950"}) {
    llvm::Expected<GemmConfig> c = getGemmConfig("", get(chip), kBF16);
    ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    EXPECT_EQ(c->tileM, 128);
    EXPECT_EQ(c->tileN, 128);
    EXPECT_EQ(c->tileK, 64);
    EXPECT_EQ(c->waves, 4);
    EXPECT_EQ(c->stages, 2);
  }
  EXPECT_EQ(defaultGemmConfig(get("gfx942"), kBF16).mfma.str(), "32x32x8");
  EXPECT_EQ(defaultGemmConfig(get("gfx950"), kBF16).mfma.str(), "32x32x16");
  EXPECT_EQ(defaultGemmConfig(get("gfx942"), kBF16).str(),
            "tile_m=128,tile_n=128,tile_k=64,waves=4,mfma=32x32x8,stages=2");
}

TEST(TileConfig, AttentionDefaults) {
  for (int64_t d : {64, 128}) {
    llvm::Expected<AttentionConfig> a =
        getAttentionConfig("", get("gfx942"), kBF16, d);
    ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
    EXPECT_EQ(a->str(),
              "block_m=128,block_n=64,waves=4,mfma=32x32x8,stages=2");
    llvm::Expected<AttentionConfig> b =
        getAttentionConfig("", get("gfx950"), kBF16, d);
    ASSERT_TRUE(static_cast<bool>(b)) << llvm::toString(b.takeError());
    EXPECT_EQ(b->str(),
              "block_m=128,block_n=128,waves=4,mfma=32x32x16,stages=2");
  }
}

// Head dims pad to a power of two at least the MFMA's N and K; over 128 the
// defaults take 16x16 MFMAs and 64-row blocks (16 rows per wave).
TEST(TileConfig, AttentionHeadDims) {
  MfmaShape m32{32, 32, 8}, m16{16, 16, 16};
  EXPECT_EQ(attentionTileDim(1, m32), 32);
  EXPECT_EQ(attentionTileDim(33, m32), 64);
  EXPECT_EQ(attentionTileDim(96, m32), 128);
  EXPECT_EQ(attentionTileDim(128, m32), 128);
  EXPECT_EQ(attentionTileDim(8, m16), 16);
  EXPECT_EQ(attentionTileDim(192, m16), 256);
  for (auto [d, dv] : {std::pair<int64_t, int64_t>{80, 80}, {8, 40}}) {
    llvm::Expected<AttentionConfig> a =
        getAttentionConfig("", get("gfx942"), kBF16, d, dv);
    ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
    EXPECT_EQ(a->str(), "block_m=128,block_n=64,waves=4,mfma=32x32x8,stages=2");
  }
  for (auto [d, dv] :
       {std::pair<int64_t, int64_t>{256, 256}, {192, 128}, {64, 160}}) {
    llvm::Expected<AttentionConfig> a =
        getAttentionConfig("", get("gfx942"), kBF16, d, dv);
    ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
    EXPECT_EQ(a->str(), "block_m=64,block_n=64,waves=4,mfma=16x16x16,stages=2");
    llvm::Expected<AttentionConfig> b =
        getAttentionConfig("", get("gfx950"), kBF16, d, dv);
    ASSERT_TRUE(static_cast<bool>(b)) << llvm::toString(b.takeError());
    EXPECT_EQ(b->str(), "block_m=64,block_n=64,waves=4,mfma=16x16x32,stages=2");
  }
  // The estimate counts the padded dims.
  AttentionConfig c = defaultAttentionConfig(get("gfx942"), kBF16, 128);
  EXPECT_EQ(estimateAttention(c, 96, kBF16).vgprsPerLane,
            estimateAttention(c, 128, kBF16).vgprsPerLane);
  EXPECT_EQ(estimateAttention(c, 128, kBF16, 72).ldsBytes,
            estimateAttention(c, 128, kBF16).ldsBytes);
  EXPECT_LT(estimateAttention(c, 128, kBF16, 64).ldsBytes,
            estimateAttention(c, 128, kBF16).ldsBytes);
}

TEST(TileConfig, Overrides) {
  llvm::Expected<GemmConfig> c = getGemmConfig(
      " tile_m=256, tile_n=256,tile_k=64,waves=8,mfma=32x32x16,stages=2",
      get("gfx950"), kBF16);
  ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
  EXPECT_EQ(c->str(),
            "tile_m=256,tile_n=256,tile_k=64,waves=8,mfma=32x32x16,stages=2");
  // Triton's best gfx942 GEMM fits: one LDS buffer of 64 KiB.
  EXPECT_EQ(gemmError("gfx942", "tile_m=256,tile_n=256,waves=8"), "");
  llvm::Expected<AttentionConfig> a =
      getAttentionConfig("block_n=128,stages=2", get("gfx950"), kBF16, 128);
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  EXPECT_EQ(a->blockN, 128);
}

TEST(TileConfig, Errors) {
  std::string e = gemmError("gfx942", "tile_q=3");
  EXPECT_TRUE(contains(e, "unknown config key 'tile_q'")) << e;
  EXPECT_TRUE(contains(e, "tile_m, tile_n, tile_k, waves, mfma, stages")) << e;
  e = attentionError("gfx942", "tile_m=64");
  EXPECT_TRUE(contains(e, "allowed keys: block_m, block_n, waves, mfma")) << e;
  e = gemmError("gfx942", "tile_m=abc");
  EXPECT_TRUE(contains(e, "must be a positive integer")) << e;
  e = gemmError("gfx942", "tile_m");
  EXPECT_TRUE(contains(e, "must be key=value")) << e;
  e = gemmError("gfx942", "waves=4,waves=8");
  EXPECT_TRUE(contains(e, "given twice")) << e;
  e = gemmError("gfx942", "mfma=32x32");
  EXPECT_TRUE(contains(e, "write MxNxK")) << e;
  e = gemmError("gfx942", "mfma=32x32x16");
  EXPECT_TRUE(contains(e, "not available on gfx942")) << e;
  EXPECT_TRUE(contains(e, "available: 32x32x8, 16x16x16")) << e;
  e = gemmError("gfx942", "tile_m=100");
  EXPECT_TRUE(contains(e, "tile_m=100 must be a positive multiple")) << e;
  e = gemmError("gfx942", "waves=3");
  EXPECT_TRUE(contains(e, "power of two")) << e;
  e = gemmError("gfx942", "tile_m=32,tile_n=32,mfma=32x32x8,waves=2");
  EXPECT_TRUE(contains(e, "do not split evenly over waves=2")) << e;
  e = gemmError("gfx942", "tile_k=256");
  EXPECT_TRUE(contains(e, "bytes of LDS, more than the 65536")) << e;
  EXPECT_EQ(gemmError("gfx950", "tile_k=256"), "");
  e = gemmError("gfx942", "stages=5");
  EXPECT_TRUE(contains(e, "stages must be in [1, 4]")) << e;
  // In range, but only stages=2 is what the lowerings do.
  e = gemmError("gfx942", "stages=1");
  EXPECT_TRUE(contains(e, "stages=1 is not implemented")) << e;
  e = gemmError("gfx950", "stages=3");
  EXPECT_TRUE(contains(e, "stages=3 is not implemented")) << e;
  e = attentionError("gfx942", "block_m=64,waves=8");
  EXPECT_TRUE(contains(e, "block_m=64 must be a positive multiple of waves "
                          "times the MFMA's M (256)"))
      << e;
  e = gemmError("gfx942", "tile_m=512,tile_n=512,tile_k=16,waves=1");
  EXPECT_TRUE(contains(e, "registers per lane")) << e;
}

TEST(TileConfig, Estimates) {
  GemmConfig g = defaultGemmConfig(get("gfx942"), kBF16);
  ResourceEstimate e = estimateGemm(g, kBF16);
  // One LDS buffer (stages = 2) of A 128x64 and B 64x128 bf16.
  EXPECT_EQ(e.ldsBytes, 32 * 1024);
  // 64 accumulator + 32 operand + 32 prefetch registers + the allowance.
  EXPECT_EQ(e.vgprsPerLane, 64 + 32 + 32 + 24);
  AttentionConfig a = defaultAttentionConfig(get("gfx942"), kBF16, 128);
  ResourceEstimate ea = estimateAttention(a, 128, kBF16);
  EXPECT_EQ(ea.ldsBytes, 2 * 64 * 128 * 2);
  // ... + 32 registers of the next K/V block in flight (stages = 2).
  EXPECT_EQ(ea.vgprsPerLane, 64 + 32 + 16 + 32 + 24 + 32);
  EXPECT_EQ(ldsBuffersForStages(1), 1);
  EXPECT_EQ(ldsBuffersForStages(3), 2);
}

} // namespace
