//===- Cache.cpp - memory and disk tiers of the kernel cache -------------===//
//
// Disk entries: a fixed header (magic, schema, key, payload size, payload
// sha256) then length-prefixed sections. Published with temp+fsync+rename.
//===----------------------------------------------------------------------===//

#include "Cache.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <sys/types.h>
#include <thread>
#include <time.h>
#include <unistd.h>

using namespace aiter::rt;

static const char kMagic[8] = {'A', 'I', 'T', 'E', 'R', 'K', 'C', '\0'};
static const size_t kHeaderSize = 8 + 4 + 4 + 32 + 8 + 32;
static const char *kEntrySuffix = ".aitk";

const std::vector<std::string> &aiter::rt::codeChangingEnvVars() {
  // No compiler code path reads the environment today, so the list is empty;
  // a variable that ever changes generated code must be added here so that
  // it splits the cache.
  static const std::vector<std::string> vars;
  return vars;
}

std::string aiter::rt::computeCacheKey(const CacheKeyInputs &in) {
  Sha256 h;
  h.field("aiter-cache-schema-" + std::to_string(kCacheSchemaVersion));
  h.field(in.buildId);
  h.field(in.targetId);
  h.field(in.spec);
  h.field(in.options);
  h.field(in.config);
  for (const std::string &v : codeChangingEnvVars()) {
    const char *val = std::getenv(v.c_str());
    h.field(v + "=" + (val ? std::string("1") + val : std::string("0")));
  }
  return Sha256::hex(h.finish());
}

static void putU32(std::string &s, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    s.push_back(char(v >> (8 * i)));
}
static void putU64(std::string &s, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    s.push_back(char(v >> (8 * i)));
}
static uint64_t getU(const std::string &s, size_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i)
    v |= uint64_t(uint8_t(s[at + i])) << (8 * i);
  return v;
}
static void putSection(std::string &s, const char *data, size_t n) {
  putU64(s, n);
  s.append(data, n);
}

static bool hexToDigest(const std::string &hex, Sha256::Digest &d) {
  if (hex.size() != 64)
    return false;
  for (size_t i = 0; i < 32; ++i) {
    unsigned v;
    if (std::sscanf(hex.c_str() + 2 * i, "%2x", &v) != 1)
      return false;
    d[i] = uint8_t(v);
  }
  return true;
}

std::string aiter::rt::encodeEntry(const std::string &key,
                                   const CacheEntry &e) {
  std::string payload;
  putSection(payload, e.buildId.data(), e.buildId.size());
  putSection(payload, e.targetId.data(), e.targetId.size());
  putSection(payload, e.metaText.data(), e.metaText.size());
  putSection(payload, e.codeObject.data(), e.codeObject.size());
  putSection(payload, e.simtIR.data(), e.simtIR.size());
  Sha256::Digest keyDigest{};
  hexToDigest(key, keyDigest);
  Sha256::Digest sum = Sha256::hash(payload.data(), payload.size());
  std::string out(kMagic, 8);
  putU32(out, kCacheSchemaVersion);
  putU32(out, 0);
  out.append(reinterpret_cast<const char *>(keyDigest.data()), 32);
  putU64(out, payload.size());
  out.append(reinterpret_cast<const char *>(sum.data()), 32);
  out += payload;
  return out;
}

bool aiter::rt::decodeEntry(const std::string &bytes, const std::string &key,
                            const std::string &buildId,
                            const std::string &targetId, CacheEntry &out,
                            std::string &reason) {
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, 8)) {
    reason = "not an aiter cache entry (bad magic or truncated header)";
    return false;
  }
  uint32_t schema = uint32_t(getU(bytes, 8, 4));
  if (schema != kCacheSchemaVersion) {
    reason = "foreign schema version " + std::to_string(schema);
    return false;
  }
  Sha256::Digest keyDigest{};
  hexToDigest(key, keyDigest);
  if (std::memcmp(bytes.data() + 16, keyDigest.data(), 32)) {
    reason = "entry holds another key";
    return false;
  }
  uint64_t payloadSize = getU(bytes, 48, 8);
  if (payloadSize != bytes.size() - kHeaderSize) {
    reason = "truncated (payload " + std::to_string(bytes.size() - kHeaderSize) +
             " of " + std::to_string(payloadSize) + " bytes)";
    return false;
  }
  Sha256::Digest sum =
      Sha256::hash(bytes.data() + kHeaderSize, bytes.size() - kHeaderSize);
  if (std::memcmp(bytes.data() + 56, sum.data(), 32)) {
    reason = "checksum mismatch";
    return false;
  }
  size_t at = kHeaderSize;
  std::string sections[5];
  for (std::string &s : sections) {
    if (bytes.size() - at < 8) {
      reason = "malformed sections";
      return false;
    }
    uint64_t n = getU(bytes, at, 8);
    at += 8;
    if (bytes.size() - at < n) {
      reason = "malformed sections";
      return false;
    }
    s.assign(bytes.data() + at, n);
    at += n;
  }
  if (sections[0] != buildId) {
    reason = "built by compiler '" + sections[0] + "'";
    return false;
  }
  if (sections[1] != targetId) {
    reason = "built for target '" + sections[1] + "'";
    return false;
  }
  out.buildId = sections[0];
  out.targetId = sections[1];
  out.metaText = sections[2];
  if (!out.meta.parse(out.metaText)) {
    reason = "malformed metadata";
    return false;
  }
  out.codeObject.assign(sections[3].begin(), sections[3].end());
  out.simtIR = std::move(sections[4]);
  return true;
}

std::string aiter::rt::defaultCacheDir() {
  if (const char *d = std::getenv("AITER_CACHE_DIR"); d && *d)
    return d;
  if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x)
    return std::string(x) + "/aiter";
  if (const char *h = std::getenv("HOME"); h && *h)
    return std::string(h) + "/.cache/aiter";
  return "/tmp/aiter-cache";
}

static bool makeDirs(const std::string &path) {
  std::string cur;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || (path[i] == '/' && i > 0)) {
      cur = path.substr(0, i);
      if (mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST)
        return false;
    }
  }
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

DiskCache::DiskCache(std::string dir, CacheMode mode, uint64_t maxBytes,
                     LogFn log, CacheCounters &counters)
    : dir_(std::move(dir)), mode_(mode), maxBytes_(maxBytes),
      log_(std::move(log)), counters_(counters) {
  if (mode_ == CacheMode::Off)
    return;
  if (!makeDirs(dir_)) {
    log_(1, "aiter cache: cannot create '" + dir_ + "' (" +
                std::strerror(errno) + "); the disk tier is off");
    mode_ = CacheMode::Off;
    return;
  }
  if (mode_ == CacheMode::ReadWrite && access(dir_.c_str(), W_OK) != 0) {
    log_(1, "aiter cache: '" + dir_ +
                "' is not writable; using it read-only");
    mode_ = CacheMode::ReadOnly;
  }
}

std::string DiskCache::entryPath(const std::string &key) const {
  return dir_ + "/" + key + kEntrySuffix;
}

static bool readFile(const std::string &path, std::string &out, int &err) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = errno;
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    err = errno;
    close(fd);
    return false;
  }
  out.resize(size_t(st.st_size));
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = read(fd, &out[got], out.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    got += size_t(n);
  }
  out.resize(got);
  close(fd);
  return true;
}

std::shared_ptr<CacheEntry> DiskCache::load(const std::string &key,
                                            const std::string &buildId,
                                            const std::string &targetId) {
  if (mode_ == CacheMode::Off)
    return nullptr;
  std::string path = entryPath(key), bytes, reason;
  int err = 0;
  if (!readFile(path, bytes, err)) {
    if (err != ENOENT) {
      ++counters_.errors;
      log_(1, "aiter cache: cannot read '" + path + "': " +
                  std::strerror(err));
    }
    return nullptr;
  }
  auto e = std::make_shared<CacheEntry>();
  if (!decodeEntry(bytes, key, buildId, targetId, *e, reason)) {
    ++counters_.errors;
    bool removed = mode_ == CacheMode::ReadWrite && unlink(path.c_str()) == 0;
    log_(1, "aiter cache: ignoring entry '" + path + "': " + reason +
                (removed ? "; deleted, it will be recompiled"
                         : "; recompiling"));
    return nullptr;
  }
  if (mode_ == CacheMode::ReadWrite)
    utimensat(AT_FDCWD, path.c_str(), nullptr, 0); // LRU recency
  return e;
}

static bool writeAll(int fd, const std::string &data, int &err) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      err = errno;
      return false;
    }
    done += size_t(n);
  }
  if (fsync(fd) != 0) {
    err = errno;
    return false;
  }
  return true;
}

void DiskCache::store(const std::string &key, const CacheEntry &e) {
  if (mode_ != CacheMode::ReadWrite || writesDisabled_)
    return;
  storeEncoded(key, encodeEntry(key, e));
}

void DiskCache::storeEncoded(const std::string &key, const std::string &data) {
  if (mode_ != CacheMode::ReadWrite || writesDisabled_)
    return;
  static thread_local std::mt19937_64 rng(
      std::random_device{}() ^
      std::hash<std::thread::id>{}(std::this_thread::get_id()));
  std::string tmp = dir_ + "/.tmp." + key + "." + std::to_string(getpid()) +
                    "." + std::to_string(rng());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  int err = fd < 0 ? errno : 0;
  bool ok = fd >= 0 && writeAll(fd, data, err);
  if (fd >= 0 && close(fd) != 0 && ok) {
    err = errno;
    ok = false;
  }
  if (ok && rename(tmp.c_str(), entryPath(key).c_str()) != 0) {
    err = errno;
    ok = false;
  }
  if (!ok) {
    if (fd >= 0)
      unlink(tmp.c_str());
    ++counters_.errors;
    if (err == ENOSPC || err == EDQUOT) {
      writesDisabled_ = true;
      if (!warnedFull_.exchange(true))
        log_(1, "aiter cache: '" + dir_ +
                    "' is full; not writing more entries in this context "
                    "(kernels stay in memory)");
    } else if (err == EROFS || err == EACCES || err == EPERM) {
      writesDisabled_ = true;
      log_(1, "aiter cache: '" + dir_ + "' is not writable (" +
                  std::strerror(err) + "); using it read-only");
    } else {
      log_(1, "aiter cache: cannot write '" + entryPath(key) + "': " +
                  std::strerror(err));
    }
    return;
  }
  // Make the rename durable too.
  int dfd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  evictToCap();
}

namespace {
struct FileInfo {
  std::string path;
  uint64_t size;
  struct timespec mtime;
};
} // namespace

static std::vector<FileInfo> listEntries(const std::string &dir,
                                         bool cleanTemps) {
  std::vector<FileInfo> out;
  DIR *d = opendir(dir.c_str());
  if (!d)
    return out;
  size_t suffixLen = std::strlen(kEntrySuffix);
  time_t now = time(nullptr);
  while (struct dirent *de = readdir(d)) {
    std::string name = de->d_name;
    std::string path = dir + "/" + name;
    struct stat st;
    if (name.rfind(".tmp.", 0) == 0) {
      // A writer killed mid-write leaves its temp file; reap it once stale.
      if (cleanTemps && stat(path.c_str(), &st) == 0 &&
          now - st.st_mtime > 3600)
        unlink(path.c_str());
      continue;
    }
    if (name.size() <= suffixLen ||
        name.compare(name.size() - suffixLen, suffixLen, kEntrySuffix))
      continue;
    if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      out.push_back({path, uint64_t(st.st_size), st.st_mtim});
  }
  closedir(d);
  return out;
}

void DiskCache::evictToCap() {
  std::lock_guard<std::mutex> lock(evictMutex_);
  std::vector<FileInfo> files = listEntries(dir_, /*cleanTemps=*/true);
  uint64_t total = 0;
  for (const FileInfo &f : files)
    total += f.size;
  if (total <= maxBytes_)
    return;
  std::sort(files.begin(), files.end(), [](const FileInfo &a,
                                           const FileInfo &b) {
    return a.mtime.tv_sec != b.mtime.tv_sec ? a.mtime.tv_sec < b.mtime.tv_sec
                                            : a.mtime.tv_nsec < b.mtime.tv_nsec;
  });
  for (const FileInfo &f : files) {
    if (total <= maxBytes_)
      break;
    if (unlink(f.path.c_str()) == 0) {
      total -= f.size;
      ++counters_.evictions;
    }
  }
}

uint64_t DiskCache::clear() {
  if (mode_ != CacheMode::ReadWrite)
    return 0;
  uint64_t n = 0;
  for (const FileInfo &f : listEntries(dir_, /*cleanTemps=*/true))
    n += unlink(f.path.c_str()) == 0;
  return n;
}

uint64_t DiskCache::diskBytes() const {
  if (mode_ == CacheMode::Off)
    return 0;
  uint64_t total = 0;
  for (const FileInfo &f : listEntries(dir_, /*cleanTemps=*/false))
    total += f.size;
  return total;
}

std::shared_ptr<CacheEntry> MemoryCache::get(const std::string &key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end())
    return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void MemoryCache::put(const std::string &key, std::shared_ptr<CacheEntry> e) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->second->bytes();
    lru_.erase(it->second);
    index_.erase(it);
  }
  bytes_ += e->bytes();
  lru_.emplace_front(key, std::move(e));
  index_[key] = lru_.begin();
  // Evict the least recent entries, never the one just inserted. Kernels
  // keep their own reference, so eviction never invalidates a live kernel.
  while (bytes_ > maxBytes_ && lru_.size() > 1) {
    auto &victim = lru_.back();
    bytes_ -= victim.second->bytes();
    index_.erase(victim.first);
    lru_.pop_back();
    ++counters_.evictions;
  }
}

void MemoryCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  lru_.clear();
  index_.clear();
  bytes_ = 0;
}

uint64_t MemoryCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}
