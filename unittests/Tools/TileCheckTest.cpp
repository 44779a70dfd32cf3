//===- TileCheckTest.cpp - aiter-run --check's buffer comparison ----------===//
//
// What the command line cannot reach while both devices run one program: a
// buffer only one device wrote, and the exact rules for integers, NaN and the
// derived tolerance.
//===----------------------------------------------------------------------===//

#include "TileCheck.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace aiter;
using namespace aiter::run;

namespace {

/// A rank-1 host buffer of element type \p elem holding \p v.
template <typename T> HostValue buffer(emu::ElemType elem, std::vector<T> v) {
  HostValue h;
  h.elem = elem;
  h.shape = {int64_t(v.size())};
  h.bytes.resize(v.size() * sizeof(T));
  std::memcpy(h.bytes.data(), v.data(), h.bytes.size());
  return h;
}
HostValue f32Buffer(std::vector<float> v) {
  return buffer(emu::ElemType::F32, std::move(v));
}
HostValue i32Buffer(std::vector<int32_t> v) {
  return buffer(emu::ElemType::I32, std::move(v));
}

/// Compares one buffer written by both runs; returns PASS and the printout.
bool compareOne(const HostValue &got, const HostValue &want, std::string &out,
                double tolerance = -1, uint64_t terms = 0) {
  std::vector<HostValue> g{got}, w{want};
  llvm::SmallVector<bool, 4> written{true};
  std::vector<uint64_t> t{terms};
  llvm::raw_string_ostream os(out);
  return compareTileRuns({g, written}, {w, written}, t, emu::ElemType::F32,
                         tolerance, os);
}

TEST(TileCheck, BufferWrittenByOneDeviceFails) {
  std::vector<HostValue> vals{f32Buffer({1, 2}), f32Buffer({0, 0})};
  llvm::SmallVector<bool, 4> emuWrote{false, true}, refWrote{false, false};
  std::vector<uint64_t> terms{0, 0};
  std::string out;
  llvm::raw_string_ostream os(out);
  EXPECT_FALSE(compareTileRuns({vals, emuWrote}, {vals, refWrote}, terms,
                               emu::ElemType::F32, -1, os));
  // Argument 0, written by neither, is not compared.
  EXPECT_EQ(out, "result[1] 2xf32: written by the emulator but not by the "
                 "reference evaluator\n");
  out.clear();
  EXPECT_FALSE(compareTileRuns({vals, refWrote}, {vals, emuWrote}, terms,
                               emu::ElemType::F32, -1, os));
  EXPECT_EQ(out, "result[1] 2xf32: written by the reference evaluator but "
                 "not by the emulator\n");
}

TEST(TileCheck, IntegersAreExact) {
  std::string out;
  EXPECT_TRUE(compareOne(i32Buffer({1, -5, 7}), i32Buffer({1, -5, 7}), out,
                         /*tolerance=*/1.0));
  out.clear();
  EXPECT_FALSE(compareOne(i32Buffer({1, -4, 7}), i32Buffer({1, -5, 7}), out,
                          /*tolerance=*/1.0));
  EXPECT_NE(out.find("out of tolerance 1 of 3, worst at [1]"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("first mismatch: result[0] 3xi32[1] = -4, expected -5"),
            std::string::npos)
      << out;
}

TEST(TileCheck, NonFiniteValuesMatchTheirOwnClass) {
  float nan = std::numeric_limits<float>::quiet_NaN(),
        inf = std::numeric_limits<float>::infinity();
  std::string out;
  EXPECT_TRUE(compareOne(f32Buffer({nan, -inf, 1}), f32Buffer({nan, -inf, 1}),
                         out, 0.0));
  out.clear();
  EXPECT_FALSE(
      compareOne(f32Buffer({nan, inf, 1}), f32Buffer({0, -inf, 1}), out, 0.5));
  EXPECT_NE(out.find("non-finite 2, out of tolerance 2 of 3"),
            std::string::npos)
      << out;
}

TEST(TileCheck, RelativeToTheLargerOfValueAndRms) {
  // rms of {100, 0} is ~70.7: an absolute error of 0.07 on the zero is
  // 1e-3 relative, within 2e-3.
  std::string out;
  EXPECT_TRUE(
      compareOne(f32Buffer({100, 0.07f}), f32Buffer({100, 0}), out, 2e-3));
  EXPECT_NE(out.find("worst at [1]"), std::string::npos) << out;
  out.clear();
  EXPECT_FALSE(
      compareOne(f32Buffer({100, 0.07f}), f32Buffer({100, 0}), out, 5e-4));
}

TEST(TileCheck, DerivedTolerance) {
  // bf16 out, no narrower rounding, a K of 128: 2 u + 2 u + 128 u(f32).
  EXPECT_DOUBLE_EQ(
      tileCheckTolerance(emu::ElemType::BF16, emu::ElemType::F32, 128),
      4 * 0x1.0p-8 + 128 * 0x1.0p-24);
  // f32 out of a kernel that rounds an intermediate to bf16.
  EXPECT_DOUBLE_EQ(
      tileCheckTolerance(emu::ElemType::F32, emu::ElemType::BF16, 0),
      2 * 0x1.0p-24 + 2 * 0x1.0p-8);
  // The derived tolerance is used when no override is given.
  std::string out;
  EXPECT_TRUE(compareOne(f32Buffer({1.0f + 0x1.0p-20f}), f32Buffer({1}), out,
                         -1, /*terms=*/64));
  out.clear();
  EXPECT_FALSE(compareOne(f32Buffer({1.0f + 0x1.0p-16f}), f32Buffer({1}), out,
                          -1, /*terms=*/64));
}

} // namespace
