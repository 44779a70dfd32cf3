//===- TargetInfoTest.cpp - tests of the aiter target table -----*- C++ -*-===//
//
// Lookup by chip name and target id, the capability queries, the MFMA table
// and the occupancy computation of gfx942 and gfx950.
//===----------------------------------------------------------------------===//

#include "aiter/Target/TargetInfo.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::aiter;

namespace {

const TargetInfo &get(llvm::StringRef id) {
  llvm::Expected<const TargetInfo &> t = TargetInfo::lookup(id);
  if (!t) {
    ADD_FAILURE() << llvm::toString(t.takeError());
    static const TargetInfo &fallback = *TargetInfo::lookup("gfx942");
    return fallback;
  }
  return *t;
}

std::string errorOf(llvm::StringRef id) {
  llvm::Expected<const TargetInfo &> t = TargetInfo::lookup(id);
  if (t)
    return "";
  return llvm::toString(t.takeError());
}

TEST(TargetInfo, LookupByName) {
  EXPECT_EQ(get("gfx942").chip(), "gfx942");
  EXPECT_EQ(get("gfx950").chip(), "gfx950");
  EXPECT_EQ(get("gfx942").isaFamily(), "CDNA3");
  EXPECT_EQ(get("gfx950").isaFamily(), "CDNA4");
}

TEST(TargetInfo, LookupByTargetId) {
  EXPECT_EQ(get("gfx942:sramecc+:xnack-").chip(), "gfx942");
  EXPECT_EQ(get("gfx950:xnack+").chip(), "gfx950");
  llvm::Expected<TargetId> id = parseTargetId("gfx942:sramecc+:xnack-");
  ASSERT_TRUE(static_cast<bool>(id)) << llvm::toString(id.takeError());
  EXPECT_EQ(id->chip, "gfx942");
  EXPECT_EQ(id->sramecc, std::optional<bool>(true));
  EXPECT_EQ(id->xnack, std::optional<bool>(false));
  llvm::Expected<TargetId> bare = parseTargetId("gfx950");
  ASSERT_TRUE(static_cast<bool>(bare)) << llvm::toString(bare.takeError());
  EXPECT_FALSE(bare->sramecc.has_value());
  EXPECT_FALSE(bare->xnack.has_value());
}

TEST(TargetInfo, UnknownChipListsSupported) {
  std::string msg = errorOf("gfx90a");
  EXPECT_NE(msg.find("unknown chip 'gfx90a'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("gfx942, gfx950"), std::string::npos) << msg;
  EXPECT_NE(errorOf("").find("unknown chip"), std::string::npos);
}

TEST(TargetInfo, BadFeatures) {
  EXPECT_NE(errorOf("gfx942:foo+").find("unknown target feature 'foo'"),
            std::string::npos);
  EXPECT_NE(errorOf("gfx942:xnack").find("must end in '+' or '-'"),
            std::string::npos);
  EXPECT_NE(errorOf("gfx942:xnack+:xnack-").find("appears twice"),
            std::string::npos);
}

TEST(TargetInfo, Capabilities) {
  const TargetInfo &mi300 = get("gfx942"), &mi350 = get("gfx950");
  EXPECT_EQ(mi300.ldsBytes(), 64u * 1024);
  EXPECT_EQ(mi350.ldsBytes(), 160u * 1024);
  for (const TargetInfo *t : {&mi300, &mi350}) {
    EXPECT_EQ(t->waveSize(), 64u);
    EXPECT_EQ(t->unifiedVgprsPerLane(), 512u);
    EXPECT_EQ(t->archVgprsPerLane(), 256u);
    EXPECT_EQ(t->agprsPerLane(), 256u);
    EXPECT_EQ(t->simdsPerCu(), 4u);
    EXPECT_EQ(t->maxWavesPerSimd(), 8u);
    EXPECT_EQ(t->ldsBankBytes(), 4u);
  }
  EXPECT_EQ(mi300.ldsBanks(), 32u);
  EXPECT_EQ(mi350.ldsBanks(), 64u);
  EXPECT_FALSE(mi300.supportsLdsTransposeRead());
  EXPECT_TRUE(mi350.supportsLdsTransposeRead());
  EXPECT_FALSE(mi300.supportsPermlaneSwap());
  EXPECT_TRUE(mi350.supportsPermlaneSwap());
  EXPECT_EQ(mi300.fp8Format(), Fp8Format::FNUZ);
  EXPECT_EQ(mi350.fp8Format(), Fp8Format::OCP);
  EXPECT_TRUE(mi300.supportsDirectToLdsWidth(4));
  EXPECT_FALSE(mi300.supportsDirectToLdsWidth(16));
  EXPECT_FALSE(mi300.supportsDirectToLdsWidth(12));
  EXPECT_TRUE(mi350.supportsDirectToLdsWidth(12));
  EXPECT_TRUE(mi350.supportsDirectToLdsWidth(16));
  EXPECT_FALSE(mi350.supportsDirectToLdsWidth(8));
}

TEST(TargetInfo, Mfma) {
  MLIRContext ctx;
  Builder b(&ctx);
  const TargetInfo &mi300 = get("gfx942"), &mi350 = get("gfx950");
  const MfmaInfo *p = mi300.preferredMfma(b.getBF16Type());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "v_mfma_f32_32x32x8_bf16");
  p = mi350.preferredMfma(b.getF16Type());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "v_mfma_f32_32x32x16_f16");
  EXPECT_EQ(p->shapeString(), "32x32x16");
  EXPECT_EQ(p->aRegsPerLane, 4u);
  EXPECT_EQ(p->accRegsPerLane, 16u);
  EXPECT_EQ(p->cycles, 32u);
  EXPECT_EQ(mi300.preferredMfma(b.getF32Type()), nullptr);
  EXPECT_EQ(mi300.mfmas(MatrixElementType::BF16).size(), 2u);
  EXPECT_EQ(mi350.mfmas(MatrixElementType::BF16).size(), 4u);
  // gfx950 keeps the gfx942 shapes; gfx942 lacks the K-doubled ones.
  EXPECT_TRUE(mi350.findMfma(MatrixElementType::BF16, 16, 16, 16));
  EXPECT_FALSE(mi300.findMfma(MatrixElementType::BF16, 16, 16, 32));
  const MfmaInfo *small = mi300.findMfma(MatrixElementType::F16, 16, 16, 16);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->cycles, 16u);
  EXPECT_EQ(small->accRegsPerLane, 4u);
  EXPECT_EQ(small->aRegsPerLane, 2u);
  EXPECT_EQ(mi350.mfmaShapesString(MatrixElementType::BF16),
            "32x32x16, 16x16x32, 32x32x8, 16x16x16");
  // Every entry's per-lane register counts follow from its shape.
  for (const TargetInfo *t : {&mi300, &mi350})
    for (MatrixElementType e :
         {MatrixElementType::BF16, MatrixElementType::F16})
      for (const MfmaInfo *m : t->mfmas(e)) {
        EXPECT_EQ(m->aRegsPerLane * 2 * 64, m->m * m->k) << m->name.str();
        EXPECT_EQ(m->bRegsPerLane * 2 * 64, m->k * m->n) << m->name.str();
        EXPECT_EQ(m->accRegsPerLane * 64, m->m * m->n) << m->name.str();
        EXPECT_EQ(m->cycles, m->m == 32 ? 32u : 16u) << m->name.str();
      }
}

TEST(TargetInfo, Occupancy) {
  const TargetInfo &mi300 = get("gfx942"), &mi350 = get("gfx950");
  // Registers: 512 / 128 = 4 waves per SIMD.
  EXPECT_EQ(mi300.occupancy(128, 0, 0, 4), 4u);
  // 200 VGPRs + 64 AGPRs = 264 -> 1 wave; 256 + 0 -> 2 waves.
  EXPECT_EQ(mi300.occupancy(200, 64, 0, 4), 1u);
  EXPECT_EQ(mi300.occupancy(256, 0, 0, 4), 2u);
  // Few registers: capped at 8 waves per SIMD.
  EXPECT_EQ(mi300.occupancy(16, 0, 0, 4), 8u);
  // LDS: 32 KiB per 4-wave workgroup -> 2 groups on gfx942, 5 on gfx950.
  EXPECT_EQ(mi300.occupancy(64, 0, 32 * 1024, 4), 2u);
  EXPECT_EQ(mi350.occupancy(64, 0, 32 * 1024, 4), 5u);
  // 8-wave workgroups put 2 waves on each SIMD.
  EXPECT_EQ(mi300.occupancy(128, 0, 64 * 1024, 8), 2u);
  // Over budget: does not run.
  EXPECT_EQ(mi300.occupancy(257, 0, 0, 4), 0u);
  EXPECT_EQ(mi300.occupancy(64, 0, 64 * 1024 + 1, 4), 0u);
  EXPECT_EQ(mi350.occupancy(64, 0, 64 * 1024 + 1, 4), 2u);
  EXPECT_EQ(mi300.occupancy(64, 0, 0, 17), 0u);
}

} // namespace
