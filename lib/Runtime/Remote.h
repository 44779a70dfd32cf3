//===- Remote.h - the Redis tier of the kernel cache ------------*- C++ -*-===//
//
// A tier shared between hosts under memory and disk: entries in the disk
// format under aiter:v<schema>:<key>; every failure degrades to local.
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_REMOTE_H
#define AITER_RUNTIME_REMOTE_H

#include "Cache.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace aiter::rt {

struct RemoteConfig {
  std::string host;
  int port = 6379;
  int db = 0;
  /// The budget of one operation (connect, SELECT and GET or SET together).
  unsigned timeoutMs = 250;
  /// How long the tier stays off after a failed operation.
  unsigned retryMs = 30000;
  /// The URL as given, for messages.
  std::string url;
};

/// Parses `redis://host[:port][/db]` (host may be a bracketed IPv6
/// address) into `out`; false with `error` saying what is wrong.
bool parseRemoteUrl(const std::string &url, RemoteConfig &out,
                    std::string &error);

/// The hiredis entry points, from the library matching the header aiter was
/// built against; loaded with dlopen so that libaiter.so needs no hiredis.
struct Hiredis;
/// The process-wide hiredis, or null with `error` saying why.
/// $AITER_HIREDIS_LIBRARY overrides the soname.
const Hiredis *loadHiredis(std::string &error);

/// The Redis key of a cache key: `aiter:v<schema>:<key>`.
std::string remoteKey(const std::string &key);

/// Thread-safe. Each operation gets `timeoutMs` in total; the first failed
/// one disables the tier for `retryMs` so that later kernel creations pay
/// nothing. The first problem (failure or rejected value) is one warning
/// through the log; later ones are info lines.
class RemoteCache {
public:
  RemoteCache(RemoteConfig cfg, CacheMode mode, const Hiredis &hiredis,
              LogFn log, CacheCounters &counters);
  ~RemoteCache();
  RemoteCache(const RemoteCache &) = delete;
  RemoteCache &operator=(const RemoteCache &) = delete;

  /// A verified entry, or null. On a hit `bytes` holds the value as
  /// received (it is a disk entry; the caller publishes it to disk).
  std::shared_ptr<CacheEntry> load(const std::string &key,
                                   const std::string &buildId,
                                   const std::string &targetId,
                                   std::string &bytes);
  /// Writes encodeEntry's bytes under the key (read-write mode only),
  /// replacing whatever value was there.
  void store(const std::string &key, const std::string &bytes);
  const RemoteConfig &config() const { return cfg_; }

private:
  using Clock = std::chrono::steady_clock;
  /// False while the circuit breaker is open.
  bool available();
  /// An idle connection of the pool, or null.
  redisContext *pooled();
  /// A new connection (connected, and its database selected, before
  /// `deadline`), or null with `error`.
  redisContext *connect(Clock::time_point deadline, std::string &error);
  void give(redisContext *c);
  /// Sends one command and reads its reply before `deadline`; null with
  /// `error` on any failure (the connection is then unusable).
  redisReply *command(redisContext *c, int argc, const char **argv,
                      const size_t *lens, Clock::time_point deadline,
                      std::string &error);
  /// Runs one command on a connection of the pool; null (and the tier
  /// disabled) on failure, with `what` naming the operation.
  redisReply *roundTrip(const char *what, int argc, const char **argv,
                        const size_t *lens);
  void freeReply(redisReply *r);
  /// A failed operation: counted, the tier disabled for retryMs, logged.
  void failed(const std::string &what);
  /// A value under our key that is not a valid entry for it.
  void rejected(const std::string &rkey, const std::string &reason);
  void note(const std::string &message);

  RemoteConfig cfg_;
  CacheMode mode_;
  const Hiredis &hi_;
  LogFn log_;
  CacheCounters &counters_;
  std::mutex poolMutex_;
  std::vector<redisContext *> idle_;
  int poolPid_; ///< the process the pooled connections belong to
  /// Clock::time_point::rep of the end of the current outage (0: none).
  std::atomic<int64_t> disabledUntil_{0};
  std::atomic<bool> failing_{false};
  std::atomic<bool> warned_{false};
};

} // namespace aiter::rt

#endif // AITER_RUNTIME_REMOTE_H
