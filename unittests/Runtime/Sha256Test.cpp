//===- Sha256Test.cpp - SHA-256 against the FIPS 180-4 vectors -----------===//
//
// The cache key and entry checksum depend on this being exactly SHA-256,
// including inputs split across update() calls and block boundaries.
//===----------------------------------------------------------------------===//

#include "Sha256.h"

#include <gtest/gtest.h>

using namespace aiter::rt;

static std::string sha(const std::string &s) {
  return Sha256::hex(Sha256::hash(s.data(), s.size()));
}

TEST(Sha256, StandardVectors) {
  EXPECT_EQ(sha(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, SplitUpdatesMatchOneShot) {
  std::string s(300, 'x');
  for (size_t i = 0; i < s.size(); ++i)
    s[i] = char(i * 7);
  for (size_t cut : {0, 1, 55, 56, 63, 64, 65, 128, 299}) {
    Sha256 h;
    h.update(s.data(), cut);
    h.update(s.data() + cut, s.size() - cut);
    EXPECT_EQ(Sha256::hex(h.finish()), sha(s)) << "cut " << cut;
  }
}
