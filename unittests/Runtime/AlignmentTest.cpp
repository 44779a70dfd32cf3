//===- AlignmentTest.cpp - the aligned variant's class of tensors ---------===//
//
// The rule the C API's launch and aiter-run pick variants by: each clause of
// docs/c-api.md, and the first broken one named.
//===----------------------------------------------------------------------===//

#include "aiter/Runtime/Alignment.h"

#include <gtest/gtest.h>

#include <array>

using namespace aiter::rt;
using Rule = AlignmentCheck::Rule;

namespace {

AlignmentCheck check(uint64_t base, int64_t bytes,
                     std::initializer_list<int64_t> shape,
                     std::initializer_list<int64_t> strides) {
  return checkAligned(base, bytes, shape.begin(), strides.begin(),
                      int(shape.size()));
}

TEST(Alignment, DenseRowsOfEightElementsAreAligned) {
  EXPECT_TRUE(check(0x1000, 64 * 8 * 2, {64, 8}, {8, 1}).aligned());
  EXPECT_TRUE(check(0x1000, 2 * 3 * 16 * 2, {2, 3, 16}, {48, 16, 1}).aligned());
}

TEST(Alignment, EachRule) {
  EXPECT_EQ(check(0x1008, 256, {8, 8}, {8, 1}).rule, Rule::Base);
  EXPECT_EQ(check(0x1000, int64_t(1) << 31, {8, 8}, {8, 1}).rule, Rule::Extent);
  // The last 64 bytes below 2 GiB are where clipped accesses go.
  EXPECT_EQ(check(0x1000, (int64_t(1) << 31) - 63, {8, 8}, {8, 1}).rule,
            Rule::Extent);
  EXPECT_TRUE(check(0x1000, (int64_t(1) << 31) - 64, {8, 8}, {8, 1}).aligned());
  AlignmentCheck last = check(0x1000, 256, {8, 8}, {16, 2});
  EXPECT_EQ(last.rule, Rule::LastDim);
  EXPECT_EQ(last.dim, 1);
  int64_t strides[] = {8, 90, 1};
  AlignmentCheck lead = checkAligned(
      0x1000, 4096, std::array<int64_t, 3>{2, 4, 90}.data(), strides, 3);
  EXPECT_EQ(lead.rule, Rule::LeadingStride);
  EXPECT_EQ(lead.dim, 1);
  EXPECT_EQ(describeAlignment(lead, "B", strides),
            "B's stride 90 in dimension 1 is not a multiple of 8 elements");
}

TEST(Alignment, AUnitLastDimensionMayHaveAnyStride) {
  // A column vector view: the last dimension is never stepped along.
  EXPECT_TRUE(check(0x1000, 1024, {64, 1}, {8, 3}).aligned());
}

TEST(Alignment, TheFirstBrokenRuleIsNamed) {
  AlignmentCheck c = check(0x1001, 1024, {8, 8}, {9, 2});
  EXPECT_EQ(c.rule, Rule::Base);
  EXPECT_EQ(describeAlignment(c, "A", nullptr),
            "A's data is not 16-byte aligned");
  EXPECT_EQ(describeAlignment(AlignmentCheck{}, "A", nullptr), "");
}

} // namespace
