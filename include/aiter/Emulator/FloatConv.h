//===- FloatConv.h - bit-exact small-float conversions ----------*- C++ -*-===//
//
// f16/bf16 encode/decode with round-to-nearest-even, as the gfx942/gfx950
// conversion instructions (and LLVM's expansion of them) round.
//
//===----------------------------------------------------------------------===//

#ifndef AITER_EMULATOR_FLOATCONV_H
#define AITER_EMULATOR_FLOATCONV_H

#include <cmath>
#include <cstdint>
#include <cstring>

namespace aiter {
namespace emu {

inline uint32_t floatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float bitsFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
inline uint64_t doubleBits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}
inline double bitsDouble(uint64_t u) {
  double d;
  std::memcpy(&d, &u, 8);
  return d;
}

/// bf16 -> f32 is exact.
inline float bf16ToFloat(uint16_t h) { return bitsFloat(uint32_t(h) << 16); }

/// f32 -> bf16, round to nearest even; NaN stays NaN (quieted, sign kept).
inline uint16_t floatToBf16(float f) {
  uint32_t u = floatBits(f);
  if ((u & 0x7fffffffu) > 0x7f800000u)
    return uint16_t((u >> 16) | 0x0040u);
  uint32_t lsb = (u >> 16) & 1u;
  u += 0x7fffu + lsb;
  return uint16_t(u >> 16);
}

/// f16 -> f32 is exact (denormals included).
inline float f16ToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu, man = h & 0x3ffu;
  if (exp == 0x1f)
    return bitsFloat(sign | 0x7f800000u | (man << 13));
  if (exp == 0) {
    float v = std::ldexp(float(man), -24);
    return sign ? -v : v;
  }
  return bitsFloat(sign | ((exp + 112u) << 23) | (man << 13));
}

/// double -> f16, round to nearest even with denormals; overflow gives inf;
/// NaN stays NaN (quieted, sign kept). Rounds once from the double value.
inline uint16_t doubleToF16(double d) {
  uint64_t u = doubleBits(d);
  uint16_t sign = uint16_t((u >> 48) & 0x8000u);
  uint64_t a = u & 0x7fffffffffffffffull;
  if (a > 0x7ff0000000000000ull) // NaN
    return uint16_t(sign | 0x7e00u | ((a >> 42) & 0x1ffu));
  if (a == 0x7ff0000000000000ull)
    return uint16_t(sign | 0x7c00u);
  int exp = int(a >> 52) - 1023;
  uint64_t man = (a & ((1ull << 52) - 1)) | (exp > -1023 ? (1ull << 52) : 0);
  if (exp == -1023)
    exp = -1022;
  // Value = man * 2^(exp-52). Target: f16 quantum 2^(max(exp,-14)-10).
  int qexp = (exp < -14 ? -14 : exp) - 10;
  int shift = qexp - (exp - 52); // bits to drop from man
  uint64_t q;
  if (shift >= 64) {
    q = 0;
  } else {
    uint64_t rem = man & ((1ull << shift) - 1);
    uint64_t half = 1ull << (shift - 1);
    q = man >> shift;
    if (rem > half || (rem == half && (q & 1)))
      ++q;
  }
  // q is the significand in units of 2^qexp; assemble (carry may bump exp).
  if (exp < -14) {
    // Denormal range: q < 1024 is denormal, q == 1024 is the smallest normal.
    return uint16_t(sign | q);
  }
  if (q >= 2048) {
    q >>= 1;
    ++exp;
  }
  if (exp > 15)
    return uint16_t(sign | 0x7c00u);
  return uint16_t(sign | (uint16_t(exp + 15) << 10) | (q & 0x3ffu));
}

/// double -> bf16 with a single rounding (via the same scheme on f32 range).
inline uint16_t doubleToBf16(double d) {
  uint64_t u = doubleBits(d);
  uint16_t sign = uint16_t((u >> 48) & 0x8000u);
  uint64_t a = u & 0x7fffffffffffffffull;
  if (a > 0x7ff0000000000000ull)
    return uint16_t(sign | 0x7fc0u | ((a >> 45) & 0x3fu));
  if (a == 0x7ff0000000000000ull)
    return uint16_t(sign | 0x7f80u);
  int exp = int(a >> 52) - 1023;
  uint64_t man = (a & ((1ull << 52) - 1)) | (exp > -1023 ? (1ull << 52) : 0);
  if (exp == -1023)
    exp = -1022;
  int qexp = (exp < -126 ? -126 : exp) - 7;
  int shift = qexp - (exp - 52);
  uint64_t q;
  if (shift >= 64) {
    q = 0;
  } else {
    uint64_t rem = man & ((1ull << shift) - 1);
    uint64_t half = 1ull << (shift - 1);
    q = man >> shift;
    if (rem > half || (rem == half && (q & 1)))
      ++q;
  }
  if (exp < -126)
    return uint16_t(sign | q);
  if (q >= 256) {
    q >>= 1;
    ++exp;
  }
  if (exp > 127)
    return uint16_t(sign | 0x7f80u);
  return uint16_t(sign | (uint16_t(exp + 127) << 7) | (q & 0x7fu));
}

} // namespace emu
} // namespace aiter

#endif // AITER_EMULATOR_FLOATCONV_H
