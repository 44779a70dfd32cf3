//===- RemoteTest.cpp - the remote tier's URLs and keys ------------------===//
//
// redis:// URLs parse to host, port and database (IPv6 in brackets) or are
// rejected with the reason; remote keys carry the schema version; a server
// hanging up under a write is an error, never a SIGPIPE.
//===----------------------------------------------------------------------===//

#include "Remote.h"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace aiter::rt;

TEST(RemoteUrl, Forms) {
  struct Case {
    const char *url, *host;
    int port, db;
  } cases[] = {
      {"redis://cache", "cache", 6379, 0},
      {"redis://cache:7000", "cache", 7000, 0},
      {"redis://cache/4", "cache", 6379, 4},
      {"redis://10.1.2.3:7000/15", "10.1.2.3", 7000, 15},
      {"redis://[::1]:7001/2", "::1", 7001, 2},
      {"redis://[fe80::1]", "fe80::1", 6379, 0},
      {"redis://cache:7000/", "cache", 7000, 0},
  };
  for (const Case &c : cases) {
    RemoteConfig cfg;
    std::string error;
    ASSERT_TRUE(parseRemoteUrl(c.url, cfg, error)) << c.url << ": " << error;
    EXPECT_EQ(cfg.host, c.host) << c.url;
    EXPECT_EQ(cfg.port, c.port) << c.url;
    EXPECT_EQ(cfg.db, c.db) << c.url;
    EXPECT_EQ(cfg.url, c.url);
  }
}

TEST(RemoteUrl, Rejections) {
  struct Case {
    const char *url, *reason;
  } cases[] = {
      {"cache:6379", "scheme"},
      {"rediss://cache", "scheme"},
      {"redis://", "no host"},
      {"redis://:1", "no host"},
      {"redis://u:p@cache", "credentials"},
      {"redis://[::1", "unterminated"},
      {"redis://[::1]x", "unexpected"},
      {"redis://cache:0", "port"},
      {"redis://cache:65536", "port"},
      {"redis://cache:", "port"},
      {"redis://cache:12345678901", "port"},
      {"redis://cache/x", "database"},
      {"redis://cache/-1", "database"},
      {"redis://cache/1/2", "database"},
  };
  for (const Case &c : cases) {
    RemoteConfig cfg;
    std::string error;
    EXPECT_FALSE(parseRemoteUrl(c.url, cfg, error)) << c.url;
    EXPECT_NE(error.find(c.reason), std::string::npos)
        << c.url << ": " << error;
    EXPECT_NE(error.find(c.url), std::string::npos) << error;
  }
}

TEST(RemoteKey, NamespacedBySchema) {
  std::string key(64, 'a');
  EXPECT_EQ(remoteKey(key),
            "aiter:v" + std::to_string(kCacheSchemaVersion) + ":" + key);
}

namespace {
/// Answers every connection's first read with a nil reply and closes it:
/// the client's pooled connection is then half closed.
struct HangupServer {
  int fd = -1, port = 0;
  std::atomic<bool> stop{false};
  std::thread thread;
  HangupServer() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (bind(fd, reinterpret_cast<sockaddr *>(&a), len) != 0 ||
        listen(fd, 8) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
      return;
    port = ntohs(a.sin_port);
    thread = std::thread([this] {
      while (!stop) {
        int c = accept(fd, nullptr, nullptr);
        if (c < 0)
          return;
        char buf[65536];
        if (recv(c, buf, sizeof(buf), 0) > 0)
          send(c, "$-1\r\n", 5, MSG_NOSIGNAL);
        close(c);
      }
    });
  }
  ~HangupServer() {
    stop = true;
    shutdown(fd, SHUT_RDWR);
    close(fd);
    if (thread.joinable())
      thread.join();
  }
};
} // namespace

TEST(RemoteCache, ServerHangingUpUnderAWriteIsAnErrorNotASignal) {
  std::signal(SIGPIPE, SIG_DFL); // what a C host has: SIGPIPE ends it
  std::string why;
  const Hiredis *hiredis = loadHiredis(why);
  ASSERT_NE(hiredis, nullptr) << why;
  HangupServer server;
  ASSERT_NE(server.port, 0);
  RemoteConfig cfg;
  ASSERT_TRUE(parseRemoteUrl("redis://127.0.0.1:" + std::to_string(server.port),
                             cfg, why));
  cfg.timeoutMs = 2000;
  CacheCounters counters;
  int warnings = 0;
  RemoteCache remote(
      cfg, CacheMode::ReadWrite, *hiredis,
      [&](int level, const std::string &) { warnings += level > 0; }, counters);
  std::string key(64, 'a'), bytes;
  EXPECT_EQ(remote.load(key, "build", "target", bytes), nullptr);
  EXPECT_EQ(counters.remoteMisses, 1u); // the connection is pooled
  usleep(100 * 1000);                   // ...and the server's FIN has arrived
  // Larger than a socket buffer: the second write meets the closed peer.
  remote.store(key, std::string(16 << 20, 'x'));
  EXPECT_GE(counters.remoteErrors, 1u);
  EXPECT_EQ(warnings, 1);
}
