//===- KernargTest.cpp - kernarg packing against real code objects -------===//
//
// Compiles GEMM kernels through libaiter-compiler's C table and checks that
// the descriptors land at the metadata's offsets and hidden args are filled.
//===----------------------------------------------------------------------===//

#include "CompilerABI.h"
#include "Kernarg.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace aiter::rt;

extern "C" const aiter_compiler_api_t *aiter_compiler_get_api(void);

namespace {

KernelMeta compileGemm(const char *chip, const char *variant) {
  const aiter_compiler_api_t *api = aiter_compiler_get_api();
  aiter_compiler_result_t *r = nullptr;
  char *err = nullptr;
  int rc = api->compile("aiter.gemm @g : bf16 -> f32 trans_b\n", chip, "",
                        variant, 3, &r, &err);
  EXPECT_EQ(rc, 0) << (err ? err : "");
  KernelMeta m;
  if (rc == 0) {
    EXPECT_TRUE(m.parse(std::string(r->meta, r->meta_size)));
    EXPECT_GT(r->code_object_size, 0u);
    EXPECT_GT(r->simt_ir_size, 0u);
    api->free_result(r);
  }
  api->free_string(err);
  return m;
}

uint64_t read(const Kernargs &k, uint32_t offset, uint32_t size) {
  uint64_t v = 0;
  std::memcpy(&v, k.bytes.data() + offset, size);
  return v;
}

} // namespace

class KernargPacking : public ::testing::TestWithParam<const char *> {};

TEST_P(KernargPacking, MemrefDescriptorsAndHiddenArgs) {
  KernelMeta m = compileGemm(GetParam(), "aligned");
  ASSERT_FALSE(m.args.empty());
  EXPECT_EQ(m.kind, "gemm");
  std::vector<MemrefDesc> d(3);
  for (int i = 0; i < 3; ++i) {
    d[i].allocated = 0x1000 * (i + 1);
    d[i].aligned = 0x1000 * (i + 1) + 0x40;
    d[i].offset = i;
    d[i].rank = 2;
    d[i].sizes[0] = 100 + i;
    d[i].sizes[1] = 200 + i;
    d[i].strides[0] = 256 + i;
    d[i].strides[1] = 1;
  }
  uint32_t grid[3] = {5, 7, 1}, block[3] = {m.threads, 1, 1};
  Kernargs k;
  std::string err;
  ASSERT_TRUE(packKernargs(m, d.data(), d.size(), grid, block, k, err)) << err;
  EXPECT_EQ(k.bytes.size(), m.kernargSize);
  // Explicit args in order: per memref allocated, aligned, offset, sizes,
  // strides.
  std::vector<uint64_t> want;
  for (auto &x : d) {
    want.insert(want.end(), {x.allocated, x.aligned, uint64_t(x.offset),
                             uint64_t(x.sizes[0]), uint64_t(x.sizes[1]),
                             uint64_t(x.strides[0]), uint64_t(x.strides[1])});
  }
  size_t next = 0;
  size_t hidden = 0;
  for (const ArgMeta &a : m.args) {
    if (a.valueKind.rfind("hidden_", 0) != 0) {
      ASSERT_LT(next, want.size());
      EXPECT_EQ(read(k, a.offset, a.size), want[next]) << "explicit " << next;
      ++next;
      EXPECT_LE(a.offset + a.size, k.explicitBytes);
      continue;
    }
    ++hidden;
    if (a.valueKind == "hidden_block_count_x") {
      EXPECT_EQ(read(k, a.offset, a.size), 5u);
    } else if (a.valueKind == "hidden_block_count_y") {
      EXPECT_EQ(read(k, a.offset, a.size), 7u);
    } else if (a.valueKind == "hidden_group_size_x") {
      EXPECT_EQ(read(k, a.offset, a.size), m.threads);
    } else if (a.valueKind == "hidden_grid_dims") {
      EXPECT_EQ(read(k, a.offset, a.size), 2u);
    }
  }
  EXPECT_EQ(next, want.size());
  // LLVM lists hidden arguments only when the kernel reads the implicit
  // argument pointer; today's GEMM kernels do not, so the explicit ones fill
  // the whole segment.
  if (hidden == 0)
    EXPECT_EQ(k.explicitBytes, m.kernargSize);

  // Wrong number of tensors: an error, not a short buffer.
  d.pop_back();
  EXPECT_FALSE(packKernargs(m, d.data(), d.size(), grid, block, k, err));
  EXPECT_NE(err.find("explicit arguments"), std::string::npos) << err;
}

INSTANTIATE_TEST_SUITE_P(Chips, KernargPacking,
                         ::testing::Values("gfx942", "gfx950"));

TEST(KernargPacking, HiddenArgumentsOfCodeObjectV5) {
  // The layout LLVM emits for a kernel that uses the implicit arguments.
  KernelMeta m;
  m.kernargSize = 8 * 5 + 256;
  uint32_t off = 0;
  for (int i = 0; i < 5; ++i, off += 8)
    m.args.push_back({i < 2 ? "global_buffer" : "by_value", off, 8});
  uint32_t base = 40 + 8; // aligned to 8 after a pad
  m.args.push_back({"hidden_block_count_x", base, 4});
  m.args.push_back({"hidden_block_count_y", base + 4, 4});
  m.args.push_back({"hidden_block_count_z", base + 8, 4});
  m.args.push_back({"hidden_group_size_x", base + 12, 2});
  m.args.push_back({"hidden_group_size_y", base + 14, 2});
  m.args.push_back({"hidden_group_size_z", base + 16, 2});
  m.args.push_back({"hidden_remainder_x", base + 18, 2});
  m.args.push_back({"hidden_grid_dims", base + 64, 2});
  m.args.push_back({"hidden_queue_ptr", base + 80, 8});
  MemrefDesc d;
  d.allocated = d.aligned = 0xabc0;
  d.rank = 1;
  d.sizes[0] = 10;
  d.strides[0] = 1;
  uint32_t grid[3] = {9, 3, 1}, block[3] = {256, 1, 1};
  Kernargs k;
  std::string err;
  ASSERT_TRUE(packKernargs(m, &d, 1, grid, block, k, err)) << err;
  EXPECT_EQ(k.explicitBytes, 40u);
  EXPECT_EQ(read(k, 0, 8), 0xabc0u);
  EXPECT_EQ(read(k, 24, 8), 10u);
  EXPECT_EQ(read(k, base, 4), 9u);
  EXPECT_EQ(read(k, base + 4, 4), 3u);
  EXPECT_EQ(read(k, base + 8, 4), 1u);
  EXPECT_EQ(read(k, base + 12, 2), 256u);
  EXPECT_EQ(read(k, base + 14, 2), 1u);
  EXPECT_EQ(read(k, base + 18, 2), 0u);
  EXPECT_EQ(read(k, base + 64, 2), 2u);
  EXPECT_EQ(read(k, base + 80, 8), 0u); // HIP owns the queue pointer
}

TEST(KernargPacking, MetadataOutsideTheSegmentIsAnError) {
  KernelMeta m;
  m.kernargSize = 8;
  m.args.push_back({"global_buffer", 8, 8});
  uint32_t g[3] = {1, 1, 1};
  Kernargs k;
  std::string err;
  EXPECT_FALSE(packKernargs(m, nullptr, 0, g, g, k, err));
  EXPECT_NE(err.find("outside"), std::string::npos);
}
