//===- Remote.cpp - the Redis tier of the kernel cache --------------------===//
//
// hiredis in non-blocking mode, every socket wait under one deadline per
// operation (so a silent or trickling server costs at most the timeout).
//===----------------------------------------------------------------------===//

#include "Remote.h"

#include <hiredis/hiredis.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

using namespace aiter::rt;

#define AITER_STRINGIFY2(x) #x
#define AITER_STRINGIFY(x) AITER_STRINGIFY2(x)

/// Only the non-blocking calls: the blocking ones wait per socket read, not
/// per operation, so a server sending one byte at a time would never time
/// out. The struct layouts (redisContext, redisReply) come from the header,
/// which is why the library is found by the header's soname.
struct aiter::rt::Hiredis {
  decltype(&redisConnectNonBlock) connectFn = nullptr;
  decltype(&redisAppendCommandArgv) appendArgvFn = nullptr;
  decltype(&redisBufferWrite) writeFn = nullptr;
  decltype(&redisBufferRead) readFn = nullptr;
  decltype(&redisGetReplyFromReader) replyFn = nullptr;
  decltype(&freeReplyObject) freeReplyFn = nullptr;
  decltype(&redisFree) freeFn = nullptr;
};

const Hiredis *aiter::rt::loadHiredis(std::string &error) {
  static std::once_flag once;
  static Hiredis hi;
  static bool loaded = false;
  static std::string loadError;
  std::call_once(once, [] {
    const char *env = std::getenv("AITER_HIREDIS_LIBRARY");
    std::string path = env && *env
                           ? std::string(env)
                           : "libhiredis.so." AITER_STRINGIFY(HIREDIS_SONAME);
    void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char *e = dlerror();
      loadError = "cannot load '" + path + "': " + (e ? e : "unknown error") +
                  " (install libhiredis, or set AITER_HIREDIS_LIBRARY)";
      return;
    }
    bool all = true;
    auto sym = [&](auto &fn, const char *name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
          dlsym(h, name));
      all &= fn != nullptr;
    };
    sym(hi.connectFn, "redisConnectNonBlock");
    sym(hi.appendArgvFn, "redisAppendCommandArgv");
    sym(hi.writeFn, "redisBufferWrite");
    sym(hi.readFn, "redisBufferRead");
    sym(hi.replyFn, "redisGetReplyFromReader");
    sym(hi.freeReplyFn, "freeReplyObject");
    sym(hi.freeFn, "redisFree");
    if (!all) {
      loadError = "'" + path + "' lacks hiredis entry points";
      dlclose(h);
      return;
    }
    loaded = true;
  });
  if (!loaded)
    error = loadError;
  return loaded ? &hi : nullptr;
}

static bool parseInt(const std::string &s, long max, long &out) {
  if (s.empty() || s.size() > 9 ||
      s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  out = std::strtol(s.c_str(), nullptr, 10);
  return out <= max;
}

bool aiter::rt::parseRemoteUrl(const std::string &url, RemoteConfig &out,
                               std::string &error) {
  const std::string scheme = "redis://";
  auto bad = [&](const std::string &why) {
    error = "'" + url + "' is not redis://host[:port][/db]: " + why;
    return false;
  };
  if (url.compare(0, scheme.size(), scheme) != 0)
    return bad("the scheme must be redis://");
  std::string rest = url.substr(scheme.size());
  if (rest.find('@') != std::string::npos)
    return bad("credentials are not supported");
  std::string host, port, db;
  bool hasPort = false;
  size_t at = 0;
  if (!rest.empty() && rest[0] == '[') { // [IPv6]
    size_t close = rest.find(']');
    if (close == std::string::npos)
      return bad("unterminated '['");
    host = rest.substr(1, close - 1);
    at = close + 1;
  } else {
    at = rest.find_first_of(":/");
    host = rest.substr(0, at);
  }
  if (host.empty())
    return bad("no host");
  if (at < rest.size() && rest[at] == ':') {
    hasPort = true;
    size_t slash = rest.find('/', at);
    port = rest.substr(at + 1, slash == std::string::npos ? std::string::npos
                                                          : slash - at - 1);
    at = slash;
  }
  if (at != std::string::npos && at < rest.size()) {
    if (rest[at] != '/')
      return bad("unexpected '" + rest.substr(at) + "'");
    db = rest.substr(at + 1);
  }
  long v = 0;
  if (hasPort && (!parseInt(port, 65535, v) || v == 0))
    return bad("port '" + port + "' is not 1-65535");
  out.port = hasPort ? int(v) : 6379;
  if (!db.empty() && !parseInt(db, 1 << 30, v))
    return bad("database '" + db + "' is not a number");
  out.db = db.empty() ? 0 : int(v);
  out.host = host;
  out.url = url;
  return true;
}

std::string aiter::rt::remoteKey(const std::string &key) {
  return "aiter:v" + std::to_string(kCacheSchemaVersion) + ":" + key;
}

RemoteCache::RemoteCache(RemoteConfig cfg, CacheMode mode,
                         const Hiredis &hiredis, LogFn log,
                         CacheCounters &counters)
    : cfg_(std::move(cfg)), mode_(mode), hi_(hiredis), log_(std::move(log)),
      counters_(counters), poolPid_(getpid()) {}

RemoteCache::~RemoteCache() {
  for (redisContext *c : idle_)
    hi_.freeFn(c);
}

void RemoteCache::note(const std::string &message) {
  // One warning per context: a shared tier going away is worth telling
  // once, not on every kernel; the rest goes to the info level.
  log_(warned_.exchange(true) ? 0 : 1,
       "aiter cache: remote tier " + cfg_.url + ": " + message);
}

void RemoteCache::failed(const std::string &what) {
  ++counters_.remoteErrors;
  disabledUntil_ = (Clock::now() + std::chrono::milliseconds(cfg_.retryMs))
                       .time_since_epoch()
                       .count();
  failing_ = true;
  note(what + "; using the local tiers only for the next " +
       std::to_string(cfg_.retryMs) + " ms");
}

void RemoteCache::rejected(const std::string &rkey, const std::string &reason) {
  ++counters_.remoteMisses;
  ++counters_.remoteErrors;
  note("ignoring the value of '" + rkey + "': " + reason +
       (mode_ == CacheMode::ReadWrite ? "; recompiling, it will be replaced"
                                      : "; recompiling"));
}

bool RemoteCache::available() {
  int64_t until = disabledUntil_;
  return until == 0 || Clock::now().time_since_epoch().count() >= until;
}

namespace {
/// Blocks SIGPIPE on this thread while it writes to a socket the server may
/// have closed: hiredis uses write(2), not send(MSG_NOSIGNAL), and the
/// default action of SIGPIPE would end the host process (a second write
/// after the server hung up raises it). SIGPIPE from a write is directed at
/// the writing thread, so one raised meanwhile is consumed here; one that
/// was already pending is left alone.
class NoSigpipe {
public:
  NoSigpipe() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    wasPending_ = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~NoSigpipe() {
    sigset_t pending;
    if (!wasPending_ && sigpending(&pending) == 0 &&
        sigismember(&pending, SIGPIPE)) {
      timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  NoSigpipe(const NoSigpipe &) = delete;
  NoSigpipe &operator=(const NoSigpipe &) = delete;

private:
  sigset_t pipe_, old_;
  bool wasPending_;
};
} // namespace

/// Waits until `fd` is ready for `events` (or has an error to report) or
/// the deadline passes.
static bool waitFor(int fd, short events,
                    std::chrono::steady_clock::time_point deadline,
                    std::string &error) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0)
      break;
    pollfd p{fd, events, 0};
    int n = poll(&p, 1, int(left));
    if (n > 0)
      return true;
    if (n < 0 && errno != EINTR) {
      error = std::string("poll: ") + std::strerror(errno);
      return false;
    }
  }
  error = "timed out";
  return false;
}

redisContext *RemoteCache::pooled() {
  std::lock_guard<std::mutex> lock(poolMutex_);
  if (poolPid_ != getpid()) {
    // A forked child shares the parent's sockets: replies would interleave.
    // Closing the child's copies leaves the parent's connections intact.
    for (redisContext *c : idle_)
      hi_.freeFn(c);
    idle_.clear();
    poolPid_ = getpid();
  }
  if (idle_.empty())
    return nullptr;
  redisContext *c = idle_.back();
  idle_.pop_back();
  return c;
}

redisContext *RemoteCache::connect(Clock::time_point deadline,
                                   std::string &error) {
  redisContext *c = hi_.connectFn(cfg_.host.c_str(), cfg_.port);
  if (!c) {
    error = "connect: out of memory";
    return nullptr;
  }
  if (c->err) {
    error = std::string("connect: ") + c->errstr;
    hi_.freeFn(c);
    return nullptr;
  }
  // The connect is in progress; it is done when the socket is writable.
  int soError = 0;
  socklen_t len = sizeof(soError);
  if (!waitFor(c->fd, POLLOUT, deadline, error) ||
      getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0 ||
      soError != 0) {
    error =
        "connect: " + (soError ? std::string(std::strerror(soError)) : error);
    hi_.freeFn(c);
    return nullptr;
  }
  if (cfg_.db != 0) {
    std::string db = std::to_string(cfg_.db);
    const char *argv[] = {"SELECT", db.c_str()};
    size_t lens[] = {6, db.size()};
    redisReply *r = command(c, 2, argv, lens, deadline, error);
    bool selected = r && r->type == REDIS_REPLY_STATUS;
    if (r && !selected)
      error = r->type == REDIS_REPLY_ERROR ? std::string(r->str, r->len)
                                           : "unexpected reply";
    freeReply(r);
    if (!selected) {
      error = "SELECT " + db + ": " + error;
      hi_.freeFn(c);
      return nullptr;
    }
  }
  return c;
}

void RemoteCache::give(redisContext *c) {
  std::lock_guard<std::mutex> lock(poolMutex_);
  // Two variants are acquired at once; more idle connections than that
  // would only hold server slots.
  if (idle_.size() < 4) {
    idle_.push_back(c);
    return;
  }
  hi_.freeFn(c);
}

void RemoteCache::freeReply(redisReply *r) {
  if (r)
    hi_.freeReplyFn(r);
}

redisReply *RemoteCache::command(redisContext *c, int argc, const char **argv,
                                 const size_t *lens, Clock::time_point deadline,
                                 std::string &error) {
  if (hi_.appendArgvFn(c, argc, argv, lens) != REDIS_OK) {
    error = c->errstr;
    return nullptr;
  }
  {
    NoSigpipe guard;
    int done = 0;
    while (!done) {
      if (hi_.writeFn(c, &done) != REDIS_OK) {
        error = c->errstr;
        return nullptr;
      }
      if (!done && !waitFor(c->fd, POLLOUT, deadline, error))
        return nullptr;
    }
  }
  for (;;) {
    void *reply = nullptr;
    if (hi_.replyFn(c, &reply) != REDIS_OK) {
      error = std::string("protocol error: ") + c->errstr;
      return nullptr;
    }
    if (reply)
      return static_cast<redisReply *>(reply);
    if (!waitFor(c->fd, POLLIN, deadline, error))
      return nullptr;
    if (hi_.readFn(c) != REDIS_OK) {
      error = c->errstr;
      return nullptr;
    }
  }
}

redisReply *RemoteCache::roundTrip(const char *what, int argc,
                                   const char **argv, const size_t *lens) {
  Clock::time_point deadline =
      Clock::now() + std::chrono::milliseconds(cfg_.timeoutMs);
  std::string error;
  redisReply *r = nullptr;
  redisContext *c = pooled();
  if (c && !(r = command(c, argc, argv, lens, deadline, error))) {
    // The server may have closed an idle connection (its `timeout`, a
    // restart): that is no outage if a new connection works in time.
    hi_.freeFn(c);
    c = nullptr;
  }
  // A pooled connection that ran out of time leaves none for another (whose
  // host name resolution would not even be under the deadline).
  if (!r && Clock::now() < deadline && (c = connect(deadline, error)) &&
      !(r = command(c, argc, argv, lens, deadline, error)))
    hi_.freeFn(c); // mid-protocol after a failure: never reused
  if (!r) {
    failed(std::string(what) + " failed (" + error + ")");
    return nullptr;
  }
  give(c);
  if (failing_.exchange(false))
    log_(0, "aiter cache: remote tier " + cfg_.url + " answers again");
  return r;
}

std::shared_ptr<CacheEntry> RemoteCache::load(const std::string &key,
                                              const std::string &buildId,
                                              const std::string &targetId,
                                              std::string &bytes) {
  if (!available())
    return nullptr;
  std::string rkey = remoteKey(key);
  const char *argv[] = {"GET", rkey.c_str()};
  size_t lens[] = {3, rkey.size()};
  redisReply *r = roundTrip("GET", 2, argv, lens);
  if (!r)
    return nullptr;
  std::shared_ptr<CacheEntry> e;
  std::string reason;
  if (r->type == REDIS_REPLY_NIL) {
    ++counters_.remoteMisses;
  } else if (r->type == REDIS_REPLY_STRING) {
    bytes.assign(r->str, r->len);
    e = std::make_shared<CacheEntry>();
    if (!decodeEntry(bytes, key, buildId, targetId, *e, reason)) {
      rejected(rkey, reason);
      e.reset();
    } else {
      ++counters_.remoteHits;
    }
  } else if (r->type == REDIS_REPLY_ERROR &&
             std::string(r->str, r->len).rfind("WRONGTYPE", 0) == 0) {
    // Someone else's list or hash under our key: a bad value (SET replaces
    // it), not an unhealthy server.
    rejected(rkey, "not a string value");
  } else {
    failed("GET answered " + (r->type == REDIS_REPLY_ERROR
                                  ? "'" + std::string(r->str, r->len) + "'"
                                  : "reply type " + std::to_string(r->type)));
  }
  freeReply(r);
  return e;
}

void RemoteCache::store(const std::string &key, const std::string &bytes) {
  if (mode_ != CacheMode::ReadWrite || !available())
    return;
  std::string rkey = remoteKey(key);
  const char *argv[] = {"SET", rkey.c_str(), bytes.data()};
  size_t lens[] = {3, rkey.size(), bytes.size()};
  redisReply *r = roundTrip("SET", 3, argv, lens);
  if (r && r->type != REDIS_REPLY_STATUS)
    failed("SET answered " + (r->type == REDIS_REPLY_ERROR
                                  ? "'" + std::string(r->str, r->len) + "'"
                                  : "reply type " + std::to_string(r->type)));
  freeReply(r);
}
