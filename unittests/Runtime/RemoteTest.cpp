//===- RemoteTest.cpp - the remote tier's URLs and keys ------------------===//
//
// redis:// URLs parse to host, port and database (IPv6 in brackets) or are
// rejected with the reason; remote keys carry the schema version.
//===----------------------------------------------------------------------===//

#include "Remote.h"

#include <gtest/gtest.h>

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
