//===- LdsBanksTest.cpp - the LDS bank-conflict model ---------------------===//
//
// Pins the documented cost model: phases by access width, distinct dwords per
// bank, broadcasts free, 32 banks on gfx942 and 64 on gfx950.
//
//===----------------------------------------------------------------------===//

#include "aiter/Emulator/LdsBanks.h"

#include "gtest/gtest.h"

using namespace aiter::emu;

static LdsCost cost(unsigned strideBytes, unsigned width, unsigned banks,
                    uint64_t exec = ~0ull) {
  uint32_t a[64];
  for (unsigned l = 0; l < 64; ++l)
    a[l] = l * strideBytes;
  return ldsAccessCost(a, exec, width, banks);
}

TEST(LdsBanks, ContiguousDwordsAreConflictFree) {
  // ds_read_b32: 32 lanes per phase on 32 banks -> 2 phases, 1 cycle each.
  EXPECT_EQ(cost(4, 4, 32).cycles, 2u);
  EXPECT_EQ(cost(4, 4, 32).conflicts, 0u);
  // 64 banks: one phase covers the wave.
  EXPECT_EQ(cost(4, 4, 64).cycles, 1u);
}

TEST(LdsBanks, B128PhasesOfEightLanes) {
  // ds_read_b128 contiguous: 8 phases of 8 lanes (32 banks), no conflict.
  EXPECT_EQ(cost(16, 16, 32).cycles, 8u);
  EXPECT_EQ(cost(16, 16, 32).conflicts, 0u);
  // 64 banks: 4 phases of 16 lanes.
  EXPECT_EQ(cost(16, 16, 64).cycles, 4u);
}

TEST(LdsBanks, StrideConflicts) {
  // Stride of 128 bytes: all 32 lanes of a phase hit bank 0 -> 32-way.
  LdsCost c = cost(128, 4, 32);
  EXPECT_EQ(c.cycles, 64u);
  EXPECT_EQ(c.conflicts, 62u);
  // Stride 8 bytes: two lanes per bank within a phase of 32 -> 2-way.
  EXPECT_EQ(cost(8, 4, 32).cycles, 4u);
  // On 64 banks a 128-byte stride is still a conflict, 256 bytes is 64-way.
  EXPECT_EQ(cost(256, 4, 64).cycles, 64u);
}

TEST(LdsBanks, BroadcastIsFree) {
  uint32_t a[64] = {};
  EXPECT_EQ(ldsAccessCost(a, ~0ull, 4, 32).cycles, 2u);
  EXPECT_EQ(ldsAccessCost(a, ~0ull, 4, 32).conflicts, 0u);
}

TEST(LdsBanks, InactiveLanesDoNotCount) {
  // Only lane 0 and lane 1 active, both on bank 0 with different dwords.
  LdsCost c = cost(128, 4, 32, 0x3);
  EXPECT_EQ(c.cycles, 2u);
  EXPECT_EQ(c.conflicts, 1u);
}
