//===- Cache.h - memory and disk tiers of the kernel cache -------*- C++ -*-===//
//
// Entries are self-contained files published atomically; any unreadable,
// corrupt or foreign entry is a miss that is deleted and recompiled.
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_CACHE_H
#define AITER_RUNTIME_CACHE_H

#include "Metadata.h"
#include "Sha256.h"
#include "aiter/Runtime/ProblemSpec.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace aiter::rt {

/// Bumped whenever the entry layout or the key's inputs change.
constexpr uint32_t kCacheSchemaVersion = 1;

/// One compiled kernel variant: what a cache entry holds.
struct CacheEntry {
  std::string buildId, targetId;
  std::string metaText;
  KernelMeta meta;
  std::vector<char> codeObject;
  std::string simtIR;
  uint64_t bytes() const {
    return metaText.size() + codeObject.size() + simtIR.size() + 256;
  }
};

enum class CacheMode { ReadWrite, ReadOnly, Off };

/// Log levels match aiter_log_level_t.
using LogFn = std::function<void(int level, const std::string &message)>;

struct CacheCounters {
  std::atomic<uint64_t> memoryHits{0}, diskHits{0}, misses{0}, evictions{0},
      errors{0};
  /// The remote tier's (Remote.h): lookups it answered with a usable entry,
  /// lookups it answered without one, failed operations and rejected values.
  std::atomic<uint64_t> remoteHits{0}, remoteMisses{0}, remoteErrors{0};
};

/// The inputs of a cache key; each is hashed as a length-prefixed field.
struct CacheKeyInputs {
  std::string buildId, targetId, spec, options, config;
};
/// The key inputs of one compiled variant ("aligned" / "general") of `spec`
/// for `targetId` with the tile configuration `config` at `optLevel`: every
/// entry point (C API, tools) keys kernels through this.
CacheKeyInputs
variantKeyInputs(const ProblemSpec &spec, const std::string &buildId,
                 const std::string &targetId, const std::string &config,
                 const std::string &variant, unsigned optLevel = 3);
/// sha256 over the schema version, the inputs and the registered
/// code-changing environment variables; lower-case hex.
std::string computeCacheKey(const CacheKeyInputs &in);
/// Environment variables whose value changes generated code (hashed into
/// every key).
const std::vector<std::string> &codeChangingEnvVars();

/// Serializes an entry to the file format (see docs/runtime.md).
std::string encodeEntry(const std::string &key, const CacheEntry &e);
/// Parses and verifies an entry; returns false with a reason when it is
/// truncated, corrupt, of another schema, key, build or target.
bool decodeEntry(const std::string &bytes, const std::string &key,
                 const std::string &buildId, const std::string &targetId,
                 CacheEntry &out, std::string &reason);

class DiskCache {
public:
  DiskCache(std::string dir, CacheMode mode, uint64_t maxBytes, LogFn log,
            CacheCounters &counters);
  CacheMode mode() const { return mode_; }
  const std::string &dir() const { return dir_; }
  /// A verified entry, or null (miss). Bad entries are deleted and logged.
  std::shared_ptr<CacheEntry> load(const std::string &key,
                                   const std::string &buildId,
                                   const std::string &targetId);
  /// Publishes atomically (temp file + fsync + rename), then evicts to the
  /// byte cap. Failures are logged (once for a full disk) and never fatal.
  void store(const std::string &key, const CacheEntry &e);
  /// As store, for bytes encodeEntry(key, ...) already made (a compile
  /// encodes once for the disk and the remote tier; a remote hit is stored
  /// as received).
  void storeEncoded(const std::string &key, const std::string &data);
  /// Deletes every entry file; returns the count.
  uint64_t clear();
  /// Total bytes of the entry files in the directory.
  uint64_t diskBytes() const;
  std::string entryPath(const std::string &key) const;

private:
  void evictToCap();
  std::string dir_;
  CacheMode mode_;
  uint64_t maxBytes_;
  LogFn log_;
  CacheCounters &counters_;
  std::atomic<bool> writesDisabled_{false};
  std::atomic<bool> warnedFull_{false};
  std::mutex evictMutex_;
};

/// Least-recently-used in-memory tier.
class MemoryCache {
public:
  explicit MemoryCache(uint64_t maxBytes, CacheCounters &counters)
      : maxBytes_(maxBytes), counters_(counters) {}
  std::shared_ptr<CacheEntry> get(const std::string &key);
  void put(const std::string &key, std::shared_ptr<CacheEntry> e);
  void clear();
  uint64_t bytes() const;

private:
  using List = std::list<std::pair<std::string, std::shared_ptr<CacheEntry>>>;
  mutable std::mutex mutex_;
  List lru_; // front = most recent
  std::unordered_map<std::string, List::iterator> index_;
  uint64_t bytes_ = 0, maxBytes_;
  CacheCounters &counters_;
};

/// The directory the environment selects ($AITER_CACHE_DIR, then
/// $XDG_CACHE_HOME/aiter, then ~/.cache/aiter).
std::string defaultCacheDir();

} // namespace aiter::rt

#endif // AITER_RUNTIME_CACHE_H
