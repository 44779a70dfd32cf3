//===- ReportTest.cpp - main-loop analysis of assembly listings -*- C++ -*-===//
//
// The instruction-mix figures are compared with other compilers', so the
// loop finder and the classification are pinned on hand-written listings.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Report.h"

#include "gtest/gtest.h"

using namespace mlir::aiter;

namespace {

// Two loops: an outer one without MFMAs around an inner one with them.
constexpr const char *kListing = R"(
	.text
	.globl	other
other:
.LBB0_1:
	v_mfma_f32_32x32x8_bf16 v[0:15], v[16:17], v[18:19], v[0:15]
	s_cbranch_scc1 .LBB0_1
.Lfunc_end0:
	.globl	gemm
gemm:                                   ; @gemm
; %bb.0:
	s_load_dwordx4 s[0:3], s[4:5], 0x0
.LBB1_1:                                ; outer
	v_add_u32_e32 v1, 1, v1
.LBB1_2:                                ; inner
	buffer_load_dwordx4 v[20:23], v24, s[0:3], 0 offen
	global_load_dword v25, v[26:27], off
	ds_read_b128 v[28:31], v32
	s_waitcnt lgkmcnt(0)
	v_mfma_f32_32x32x8_bf16 v[0:15], v[28:29], v[30:31], v[0:15]
	v_mfma_f32_16x16x16_bf16 v[40:43], v[28:29], v[30:31], v[40:43]
	v_mov_b32_e32 v2, v3
	s_add_i32 s6, s6, 1
	s_cmp_lg_u32 s6, s7
	s_cbranch_scc1 .LBB1_2
; %bb.3:
	s_cbranch_scc1 .LBB1_1
	s_endpgm
.Lfunc_end1:
)";

TEST(Report, FindsTheInnermostMfmaLoopOfTheKernel) {
  LoopMix mix = analyzeMainLoop(kListing, "gemm");
  ASSERT_TRUE(mix.found);
  EXPECT_EQ(mix.instructions, 10u);
  EXPECT_EQ(mix.mfma, 2u);
  EXPECT_EQ(mix.mfmaCycles, 48u);
  EXPECT_EQ(mix.global, 2u);
  EXPECT_EQ(mix.globalLoads, 2u);
  EXPECT_EQ(mix.globalLoads128, 1u);
  EXPECT_EQ(mix.lds, 1u);
  EXPECT_EQ(mix.waitcnt, 1u);
  EXPECT_EQ(mix.salu, 3u); // s_add, s_cmp, s_cbranch
  EXPECT_EQ(mix.valu, 1u);
  EXPECT_EQ(mix.mfmaKinds.at("v_mfma_f32_32x32x8_bf16"), 1u);
  EXPECT_DOUBLE_EQ(mix.nonMfmaPerMfmaCycle(), 8.0 / 48.0);
}

// A loop whose edge-tile path LLVM laid out after the hot chain (the
// unlikely branch of the tile lowering's "whole tile inside" test): the hot
// chain ends in an unconditional back-branch, the cold block after it jumps
// back too, and a conditional branch inside the chain skips to the header.
// The main loop is the whole hot chain: to its first unconditional
// back-branch.
constexpr const char *kColdListing = R"(
	.globl	cold
cold:
	s_load_dwordx4 s[0:3], s[4:5], 0x0
.LBB2_1:
	v_mfma_f32_32x32x8_bf16 v[0:15], v[16:17], v[18:19], v[0:15]
	s_cmp_lg_u32 s6, s7
	s_cbranch_scc0 .LBB2_3
.LBB2_2:
	s_cbranch_vccnz .LBB2_4
	s_cbranch_execz .LBB2_1
	buffer_load_dwordx4 v[20:23], v24, s[0:3], 0 offen
	s_branch .LBB2_1
.LBB2_3:
	s_endpgm
.LBB2_4:
	v_cmp_gt_u32_e32 vcc, s8, v1
	v_cndmask_b32_e32 v24, v25, v24, vcc
	buffer_load_dwordx4 v[20:23], v24, s[0:3], 0 offen
	s_branch .LBB2_1
.Lfunc_end2:
)";

TEST(Report, MainLoopIsTheHotChain) {
  LoopMix mix = analyzeMainLoop(kColdListing, "cold");
  ASSERT_TRUE(mix.found);
  // mfma, s_cmp, s_cbranch x3, buffer_load, s_branch.
  EXPECT_EQ(mix.instructions, 7u);
  EXPECT_EQ(mix.globalLoads, 1u);
  EXPECT_EQ(mix.valu, 0u);
}

// Two sibling loops with MFMAs, as an attention kernel runs its masked
// blocks in a loop of their own: the masked one is a single block (mask code
// inline), the unmasked one has an edge path laid out after its hot chain,
// so more blocks. The main loop is the one with the shorter main path, not
// the one with fewer blocks.
constexpr const char *kSiblingListing = R"(
	.globl	siblings
siblings:
	s_load_dwordx4 s[0:3], s[4:5], 0x0
.LBB3_1:
	v_cmp_gt_u32_e32 vcc, s8, v1
	v_cndmask_b32_e32 v2, v3, v2, vcc
	v_cmp_gt_u32_e32 vcc, s8, v4
	v_cndmask_b32_e32 v5, v6, v5, vcc
	v_mfma_f32_32x32x8_bf16 v[0:15], v[16:17], v[18:19], v[0:15]
	s_cmp_lg_u32 s6, s7
	s_cbranch_scc1 .LBB3_1
.LBB3_2:
	v_mfma_f32_32x32x8_bf16 v[0:15], v[16:17], v[18:19], v[0:15]
	s_cbranch_vccnz .LBB3_4
.LBB3_3:
	s_cmp_lg_u32 s6, s9
	s_cbranch_scc0 .LBB3_5
	s_branch .LBB3_2
.LBB3_4:
	buffer_load_dwordx4 v[20:23], v24, s[0:3], 0 offen
	s_branch .LBB3_3
.LBB3_5:
	s_endpgm
.Lfunc_end3:
)";

TEST(Report, MainLoopIsTheShortestInnermostOne) {
  LoopMix mix = analyzeMainLoop(kSiblingListing, "siblings");
  ASSERT_TRUE(mix.found);
  // mfma, s_cbranch_vccnz, s_cmp, s_cbranch_scc0, s_branch.
  EXPECT_EQ(mix.instructions, 5u);
  EXPECT_EQ(mix.valu, 0u);
}

TEST(Report, KernelWithoutMfmaLoop) {
  EXPECT_FALSE(analyzeMainLoop(kListing, "missing").found);
  LoopMix other = analyzeMainLoop(kListing, "other");
  ASSERT_TRUE(other.found);
  EXPECT_EQ(other.instructions, 2u);
}

TEST(Report, MfmaCycles) {
  EXPECT_EQ(mfmaIssueCycles("v_mfma_f32_32x32x16_bf16"), 32u);
  EXPECT_EQ(mfmaIssueCycles("v_mfma_f32_16x16x32_f16"), 16u);
  EXPECT_EQ(mfmaIssueCycles("v_mfma_f32_4x4x4_16b_f16"), 8u);
  EXPECT_EQ(mfmaIssueCycles("v_add_f32"), 0u);
}

TEST(Report, JsonLine) {
  KernelInfo k;
  k.name = "gemm";
  k.vgprCount = 128;
  k.groupSegmentSize = 32768;
  LoopMix mix = analyzeMainLoop(kListing, "gemm");
  std::string line = formatKernelReport(k, "gfx942", 2, mix);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("\"name\":\"gemm\""), std::string::npos);
  EXPECT_NE(line.find("\"lds_bytes\":32768"), std::string::npos);
  EXPECT_NE(line.find("\"non_mfma_per_mfma_cycle\":0.167"), std::string::npos);
}

} // namespace
