// Tests for common/auth/api_key.h: what a key looks like, how much chance is in it, how it is
// read from the `authorization` metadata, stored and compared.
#include "common/auth/api_key.h"

#include <bitset>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

TEST(NewApiKey, IsThePrefixAnd43Base64UrlCharacters) {
  const std::string key = NewApiKey();
  ASSERT_TRUE(absl::StartsWith(key, kApiKeyPrefix)) << key;
  ASSERT_EQ(key.size(), kApiKeyPrefix.size() + 43);
  for (char c : key.substr(kApiKeyPrefix.size())) {
    EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;
  }
  EXPECT_TRUE(LooksLikeApiKey(key));
}

// 43 base64url characters carry 258 bits; the key is 32 random bytes. Every one of the 256 bits
// takes both values across a few dozen keys (a stuck bit fails with odds of 2^-64), and no key
// repeats.
TEST(NewApiKey, Carries256RandomBits) {
  std::bitset<256> ever_set;
  std::bitset<256> ever_clear;
  std::set<std::string> seen;
  for (int i = 0; i < 64; ++i) {
    const std::string key = NewApiKey();
    EXPECT_TRUE(seen.insert(key).second) << "a key repeated";
    std::string bytes;
    ASSERT_TRUE(absl::WebSafeBase64Unescape(key.substr(kApiKeyPrefix.size()), &bytes));
    ASSERT_EQ(bytes.size(), 32u);
    for (int bit = 0; bit < 256; ++bit) {
      const bool set = (static_cast<unsigned char>(bytes[bit / 8]) >> (bit % 8)) & 1;
      (set ? ever_set : ever_clear).set(bit);
    }
  }
  EXPECT_TRUE(ever_set.all()) << "bits never set: " << (~ever_set).count();
  EXPECT_TRUE(ever_clear.all()) << "bits never clear: " << (~ever_clear).count();
}

TEST(LooksLikeApiKey, RefusesOtherShapes) {
  const std::string key = NewApiKey();
  const std::string body = key.substr(kApiKeyPrefix.size());
  EXPECT_FALSE(LooksLikeApiKey(""));
  EXPECT_FALSE(LooksLikeApiKey(body)) << "no prefix";
  EXPECT_FALSE(LooksLikeApiKey("MRD_" + body)) << "the prefix in another case";
  EXPECT_FALSE(LooksLikeApiKey(key.substr(0, key.size() - 1))) << "too short";
  EXPECT_FALSE(LooksLikeApiKey(key + "A")) << "too long";
  for (char bad : {'+', '/', '=', ' ', '.'}) {
    std::string changed = key;
    changed[10] = bad;
    EXPECT_FALSE(LooksLikeApiKey(changed)) << bad;
  }
}

TEST(ApiKeyHash, IsTheSha256InLowercaseHex) {
  // The FIPS 180-2 test vector.
  EXPECT_EQ(ApiKeyHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string key = NewApiKey();
  EXPECT_EQ(ApiKeyHash(key), ApiKeyHash(key));
  EXPECT_NE(ApiKeyHash(key), ApiKeyHash(NewApiKey()));
  EXPECT_FALSE(absl::StrContains(ApiKeyHash(key), key.substr(kApiKeyPrefix.size(), 8)));
}

TEST(BearerKey, ReadsTheSchemeInAnyCaseWithOneOrMoreSpaces) {
  EXPECT_EQ(BearerKey("Bearer mrd_abc"), "mrd_abc");
  EXPECT_EQ(BearerKey("bearer mrd_abc"), "mrd_abc");
  EXPECT_EQ(BearerKey("BEARER mrd_abc"), "mrd_abc");
  EXPECT_EQ(BearerKey("Bearer    mrd_abc"), "mrd_abc");
  EXPECT_EQ(BearerKey("Bearer mrd_abc  "), "mrd_abc");
}

TEST(BearerKey, RefusesAnythingElse) {
  for (const char* value :
       {"", "Bearer", "Bearer ", "Bearer     ", "Bearermrd_abc", "Bearer\tmrd_abc", "Basic mrd_abc",
        "Token mrd_abc", "mrd_abc", " Bearer mrd_abc"}) {
    EXPECT_FALSE(BearerKey(value).has_value()) << "\"" << value << "\"";
  }
}

TEST(HashesEqual, ComparesWholeValues) {
  const std::string hash = ApiKeyHash("one");
  EXPECT_TRUE(HashesEqual(hash, ApiKeyHash("one")));
  EXPECT_TRUE(HashesEqual("", ""));
  std::string last_differs = hash;
  last_differs.back() = last_differs.back() == '0' ? '1' : '0';
  EXPECT_FALSE(HashesEqual(hash, last_differs));
  std::string first_differs = hash;
  first_differs.front() = first_differs.front() == '0' ? '1' : '0';
  EXPECT_FALSE(HashesEqual(hash, first_differs));
  EXPECT_FALSE(HashesEqual(hash, hash.substr(0, 63))) << "a prefix";
  EXPECT_FALSE(HashesEqual(hash, hash + "0")) << "longer";
  EXPECT_FALSE(HashesEqual(hash, ApiKeyHash("two")));
}

}  // namespace
}  // namespace meridian
