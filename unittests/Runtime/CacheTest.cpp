//===- CacheTest.cpp - cache keys, entry format and tiers ----------------===//
//
// Keys change with every input; entries round-trip and every kind of damage
// (truncation, bit flips, foreign schema, other key, build or target) is a
// miss that deletes the file; the memory tier evicts least recent first.
//===----------------------------------------------------------------------===//

#include "Cache.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace aiter::rt;

namespace {

CacheKeyInputs baseInputs() {
  return {"aiter-build-a", "gfx942:sramecc+:xnack-",
          "aiter.gemm @g : bf16 -> f32", "variant=aligned;opt=3", ""};
}

CacheEntry sampleEntry() {
  CacheEntry e;
  e.buildId = "aiter-build-a";
  e.targetId = "gfx942:sramecc+:xnack-";
  KernelMeta m;
  m.name = "g";
  m.chip = "gfx942";
  m.variant = "aligned";
  m.kind = "gemm";
  m.tileM = m.tileN = 128;
  m.threads = 256;
  m.kernargSize = 8;
  m.args.push_back({"global_buffer", 0, 8});
  e.metaText = m.serialize();
  EXPECT_TRUE(e.meta.parse(e.metaText));
  e.codeObject = {'\x7f', 'E', 'L', 'F', 1, 2, 3};
  e.simtIR = "gpu.module @m {}";
  return e;
}

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/aiter-cache-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf " + path).c_str()); }
};

} // namespace

TEST(CacheKey, EveryInputChangesTheKey) {
  std::string base = computeCacheKey(baseInputs());
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base, computeCacheKey(baseInputs()));
  for (int field = 0; field < 5; ++field) {
    CacheKeyInputs in = baseInputs();
    std::string *f[] = {&in.buildId, &in.targetId, &in.spec, &in.options,
                        &in.config};
    *f[field] += "x";
    EXPECT_NE(computeCacheKey(in), base) << "field " << field;
  }
  // Length prefixes: moving a character between fields changes the key.
  CacheKeyInputs a = baseInputs(), b = baseInputs();
  a.options = "ab";
  a.config = "c";
  b.options = "a";
  b.config = "bc";
  EXPECT_NE(computeCacheKey(a), computeCacheKey(b));
}

TEST(CacheEntryFormat, RoundTripAndDamage) {
  std::string key = computeCacheKey(baseInputs());
  CacheEntry e = sampleEntry();
  std::string bytes = encodeEntry(key, e);
  CacheEntry out;
  std::string reason;
  ASSERT_TRUE(decodeEntry(bytes, key, e.buildId, e.targetId, out, reason))
      << reason;
  EXPECT_EQ(out.codeObject, e.codeObject);
  EXPECT_EQ(out.simtIR, e.simtIR);
  EXPECT_EQ(out.meta.name, "g");

  auto rejects = [&](const std::string &b, const std::string &buildId,
                     const std::string &target, const char *why) {
    CacheEntry o;
    std::string r;
    EXPECT_FALSE(decodeEntry(b, key, buildId, target, o, r)) << why;
    EXPECT_FALSE(r.empty()) << why;
  };
  for (size_t cut : {size_t(0), size_t(10), size_t(60), bytes.size() - 1})
    rejects(bytes.substr(0, cut), e.buildId, e.targetId, "truncated");
  for (size_t at : {size_t(100), bytes.size() - 1}) {
    std::string flipped = bytes;
    flipped[at] ^= 0x10;
    rejects(flipped, e.buildId, e.targetId, "bit flip");
  }
  std::string schema = bytes;
  schema[8] = 99;
  rejects(schema, e.buildId, e.targetId, "foreign schema");
  rejects(bytes, "aiter-build-b", e.targetId, "other build id");
  rejects(bytes, e.buildId, "gfx950", "other target");
  CacheKeyInputs other = baseInputs();
  other.targetId = "gfx950";
  CacheEntry o;
  std::string r;
  EXPECT_FALSE(decodeEntry(bytes, computeCacheKey(other), e.buildId,
                           e.targetId, o, r));
}

TEST(DiskCache, StoreLoadAndBadEntriesAreDeleted) {
  TempDir dir;
  CacheCounters counters;
  std::vector<std::string> logs;
  DiskCache disk(dir.path, CacheMode::ReadWrite, 1 << 20,
                 [&](int, const std::string &m) { logs.push_back(m); },
                 counters);
  std::string key = computeCacheKey(baseInputs());
  CacheEntry e = sampleEntry();
  EXPECT_EQ(disk.load(key, e.buildId, e.targetId), nullptr);
  EXPECT_EQ(counters.errors, 0u); // a plain miss is not an error
  disk.store(key, e);
  auto hit = disk.load(key, e.buildId, e.targetId);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->simtIR, e.simtIR);

  // A compiler with another build id never reads it as a hit (its keys
  // differ; even under the same name the payload's build id is checked).
  EXPECT_EQ(disk.load(key, "aiter-build-b", e.targetId), nullptr);
  EXPECT_EQ(counters.errors, 1u);
  EXPECT_NE(access(disk.entryPath(key).c_str(), F_OK), 0) << "deleted";
  EXPECT_FALSE(logs.empty());

  // Truncated file: miss, warning, deleted.
  disk.store(key, e);
  ASSERT_EQ(truncate(disk.entryPath(key).c_str(), 20), 0);
  EXPECT_EQ(disk.load(key, e.buildId, e.targetId), nullptr);
  EXPECT_NE(access(disk.entryPath(key).c_str(), F_OK), 0);
  EXPECT_NE(logs.back().find("truncated"), std::string::npos) << logs.back();
}

TEST(DiskCache, EvictsLeastRecentlyUsedToTheCap) {
  TempDir dir;
  CacheCounters counters;
  CacheEntry e = sampleEntry();
  uint64_t one = encodeEntry(std::string(64, '0'), e).size();
  DiskCache disk(dir.path, CacheMode::ReadWrite, 3 * one, [](int, auto &) {},
                 counters);
  std::vector<std::string> keys;
  for (int i = 0; i < 4; ++i) {
    CacheKeyInputs in = baseInputs();
    in.config = std::to_string(i);
    keys.push_back(computeCacheKey(in));
    disk.store(keys.back(), e);
    if (i == 0) {
      sleep(1); // mtime granularity on some filesystems
    }
  }
  EXPECT_EQ(counters.evictions, 1u);
  EXPECT_NE(access(disk.entryPath(keys[0]).c_str(), F_OK), 0);
  EXPECT_EQ(access(disk.entryPath(keys[3]).c_str(), F_OK), 0);
  EXPECT_LE(disk.diskBytes(), 3 * one);
}

TEST(DiskCache, ReadOnlyModeNeverWrites) {
  TempDir dir;
  CacheCounters counters;
  DiskCache disk(dir.path, CacheMode::ReadOnly, 1 << 20, [](int, auto &) {},
                 counters);
  std::string key = computeCacheKey(baseInputs());
  disk.store(key, sampleEntry());
  EXPECT_NE(access(disk.entryPath(key).c_str(), F_OK), 0);
}

TEST(MemoryCache, LeastRecentlyUsedEviction) {
  CacheCounters counters;
  auto e = std::make_shared<CacheEntry>(sampleEntry());
  MemoryCache mem(2 * e->bytes(), counters);
  mem.put("a", e);
  mem.put("b", e);
  EXPECT_NE(mem.get("a"), nullptr); // a is now most recent
  mem.put("c", e);                  // evicts b
  EXPECT_EQ(mem.get("b"), nullptr);
  EXPECT_NE(mem.get("a"), nullptr);
  EXPECT_NE(mem.get("c"), nullptr);
  EXPECT_EQ(counters.evictions, 1u);
  mem.clear();
  EXPECT_EQ(mem.bytes(), 0u);
}
