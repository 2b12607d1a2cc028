// Tests for common/paging/paging.h: page sizes and tamper-evident page tokens.
#include "common/paging/paging.h"

#include <cstdint>
#include <limits>
#include <string>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;
using testing::ViolatedFields;

constexpr absl::string_view kFingerprint = "ListRoles|clients/-|state=OPEN;kind=";

void ExpectBadToken(absl::string_view token) {
  const absl::StatusOr<int64_t> decoded = DecodePageToken(token, kFingerprint);
  ASSERT_FALSE(decoded.ok()) << "token \"" << token << "\" was accepted as " << *decoded;
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(decoded.status()), ElementsAre("page_token"));
}

TEST(PageSize, ZeroMeansTheDefault) {
  const absl::StatusOr<int> size = PageSize(0);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 50);
  EXPECT_EQ(*size, kDefaultPageSize);
}

TEST(PageSize, AcceptsOneToTheMaximum) {
  EXPECT_EQ(PageSize(1).value(), 1);
  EXPECT_EQ(PageSize(1000).value(), 1000);
}

TEST(PageSize, RejectsNegativeAndTooLarge) {
  for (int requested : {-1, 1001, std::numeric_limits<int>::min()}) {
    const absl::StatusOr<int> size = PageSize(requested);
    ASSERT_FALSE(size.ok()) << requested;
    EXPECT_EQ(size.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(ViolatedFields(size.status()), ElementsAre("page_size"));
  }
}

TEST(PageToken, RoundTripsThePosition) {
  for (int64_t position :
       {int64_t{0}, int64_t{1}, int64_t{123456789}, std::numeric_limits<int64_t>::max()}) {
    const std::string token = EncodePageToken(position, kFingerprint);
    EXPECT_FALSE(token.empty());
    const absl::StatusOr<int64_t> decoded = DecodePageToken(token, kFingerprint);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, position);
  }
}

TEST(PageToken, EmptyTokenIsTheFirstPage) {
  const absl::StatusOr<int64_t> decoded = DecodePageToken("", kFingerprint);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, 0);
}

TEST(PageToken, IsOpaqueAndUrlSafe) {
  const std::string token = EncodePageToken(42, kFingerprint);
  EXPECT_EQ(token.find_first_of("+/= "), std::string::npos) << token;
}

TEST(PageToken, RejectsTokenIssuedForAnotherQuery) {
  const std::string token = EncodePageToken(42, "ListRoles|clients/-|state=FILLED;kind=");
  ExpectBadToken(token);
}

TEST(PageToken, RejectsGarbage) {
  ExpectBadToken("not a token!");
  ExpectBadToken("AAAA");
  ExpectBadToken("%%%%%%%%%%%%%%%%%%%%%%");
}

TEST(PageToken, RejectsTruncatedAndExtendedTokens) {
  const std::string token = EncodePageToken(42, kFingerprint);
  ExpectBadToken(token.substr(0, token.size() - 1));
  ExpectBadToken(token.substr(0, token.size() - 4));
  ExpectBadToken(token + "AAAA");
}

TEST(PageToken, RejectsTamperedTokens) {
  const std::string token = EncodePageToken(42, kFingerprint);
  // Flip one character at a time, in the position part and in the check part.
  for (size_t i = 0; i + 1 < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    ExpectBadToken(tampered);
  }
}

}  // namespace
}  // namespace meridian
