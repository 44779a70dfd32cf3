//===- FloatConvTest.cpp - bit-exactness of the small-float conversions ---===//
//
// Checks the emulator's f16/bf16 rounding against LLVM's APFloat (IEEE
// round-to-nearest-even) over specials, denormals and many random values.
//
//===----------------------------------------------------------------------===//

#include "aiter/Emulator/FloatConv.h"

#include "llvm/ADT/APFloat.h"
#include "gtest/gtest.h"

#include <random>

using namespace aiter::emu;

static uint16_t apConvert(double d, const llvm::fltSemantics &sem) {
  llvm::APFloat v(d);
  bool lost;
  v.convert(sem, llvm::APFloat::rmNearestTiesToEven, &lost);
  return uint16_t(v.bitcastToAPInt().getZExtValue());
}

static bool sameOrBothNaN(uint16_t a, uint16_t b, uint16_t expMask,
                          uint16_t manMask) {
  auto isNaN = [&](uint16_t x) {
    return (x & expMask) == expMask && (x & manMask);
  };
  if (isNaN(a) || isNaN(b))
    return isNaN(a) && isNaN(b) && ((a ^ b) & 0x8000) == 0;
  return a == b;
}

TEST(FloatConv, Bf16Specials) {
  EXPECT_EQ(floatToBf16(0.0f), 0x0000);
  EXPECT_EQ(floatToBf16(-0.0f), 0x8000);
  EXPECT_EQ(floatToBf16(1.0f), 0x3f80);
  EXPECT_EQ(floatToBf16(INFINITY), 0x7f80);
  EXPECT_EQ(floatToBf16(-INFINITY), 0xff80);
  EXPECT_EQ(floatToBf16(NAN) & 0x7fc0, 0x7fc0);
  // Ties to even: 1 + 2^-8 is halfway between 1 and 1 + 2^-7 -> 1.
  EXPECT_EQ(floatToBf16(1.0f + 0x1p-8f), 0x3f80);
  // 1 + 3*2^-8 is halfway between 1+2^-7 and 1+2^-6 -> 1+2^-6 (even).
  EXPECT_EQ(floatToBf16(1.0f + 3 * 0x1p-8f), 0x3f82);
  // Largest finite f32 rounds to inf.
  EXPECT_EQ(floatToBf16(3.4028235e38f), 0x7f80);
  // A NaN whose payload is only in the low bits must stay NaN.
  EXPECT_EQ(floatToBf16(bitsFloat(0x7f800001u)) & 0x7f80, 0x7f80);
  EXPECT_NE(floatToBf16(bitsFloat(0x7f800001u)) & 0x7f, 0);
}

TEST(FloatConv, F16Specials) {
  EXPECT_EQ(doubleToF16(65504.0), 0x7bff);
  EXPECT_EQ(doubleToF16(65520.0), 0x7c00); // rounds up to inf
  EXPECT_EQ(doubleToF16(65519.99), 0x7bff);
  EXPECT_EQ(doubleToF16(0x1p-24), 0x0001);   // smallest denormal
  EXPECT_EQ(doubleToF16(0x1p-25), 0x0000);   // tie -> even (0)
  EXPECT_EQ(doubleToF16(0x1.8p-25), 0x0001); // above the tie
  EXPECT_EQ(doubleToF16(0x1p-14), 0x0400);   // smallest normal
  EXPECT_EQ(doubleToF16(-0.0), 0x8000);
  EXPECT_FLOAT_EQ(f16ToFloat(0x0001), 0x1p-24f);
  EXPECT_FLOAT_EQ(f16ToFloat(0x3c00), 1.0f);
  EXPECT_TRUE(std::isinf(f16ToFloat(0x7c00)));
  EXPECT_TRUE(std::isnan(f16ToFloat(0x7e00)));
}

TEST(FloatConv, RoundTripAll16BitPatterns) {
  for (uint32_t b = 0; b < 65536; ++b) {
    float f = f16ToFloat(uint16_t(b));
    uint16_t back = doubleToF16(f);
    EXPECT_TRUE(sameOrBothNaN(back, uint16_t(b), 0x7c00, 0x03ff)) << b;
    float g = bf16ToFloat(uint16_t(b));
    EXPECT_TRUE(sameOrBothNaN(floatToBf16(g), uint16_t(b), 0x7f80, 0x007f))
        << b;
    EXPECT_TRUE(sameOrBothNaN(doubleToBf16(g), uint16_t(b), 0x7f80, 0x007f))
        << b;
  }
}

TEST(FloatConv, MatchesAPFloatOnRandomFloats) {
  std::mt19937 rng(1234);
  for (int i = 0; i < 2000000; ++i) {
    uint32_t bits = rng();
    float f = bitsFloat(bits);
    uint16_t wantH = apConvert(f, llvm::APFloat::IEEEhalf());
    uint16_t wantB = apConvert(f, llvm::APFloat::BFloat());
    ASSERT_TRUE(sameOrBothNaN(doubleToF16(f), wantH, 0x7c00, 0x03ff))
        << std::hex << bits;
    ASSERT_TRUE(sameOrBothNaN(floatToBf16(f), wantB, 0x7f80, 0x007f))
        << std::hex << bits;
    ASSERT_TRUE(sameOrBothNaN(doubleToBf16(f), wantB, 0x7f80, 0x007f))
        << std::hex << bits;
  }
}

TEST(FloatConv, MatchesAPFloatNearF16Range) {
  // Values concentrated around the f16 denormal/normal/overflow boundaries.
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> expo(-27.0, 17.0);
  for (int i = 0; i < 500000; ++i) {
    double d = std::exp2(expo(rng)) * ((rng() & 1) ? -1 : 1);
    ASSERT_EQ(doubleToF16(d), apConvert(d, llvm::APFloat::IEEEhalf())) << d;
    ASSERT_EQ(doubleToBf16(d), apConvert(d, llvm::APFloat::BFloat())) << d;
  }
}
