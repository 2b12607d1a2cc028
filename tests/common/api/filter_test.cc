// Tests for common/api/filter.h: the equality filters every List method accepts.
#include "common/api/filter.h"

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

const std::vector<std::string> kFields = {"state", "country", "due_before", "client"};

TEST(ParseEqualityFilter, ReadsBareWordsAndDoubleQuotedStrings) {
  absl::StatusOr<EqualityFilter> parsed = ParseEqualityFilter(
      "state = OPEN AND country = \"PT\" AND due_before = 2027-03-02T10:00:00+01:00 AND "
      "client = clients/abc-1",
      kFields);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(*parsed, UnorderedElementsAre(Pair("state", "OPEN"), Pair("country", "PT"),
                                            Pair("due_before", "2027-03-02T10:00:00+01:00"),
                                            Pair("client", "clients/abc-1")));
}

// Issue 17: `country = 'PT'` and trailing SQL were matched literally and listed nothing, with
// OK. They are INVALID_ARGUMENT on `filter`, naming the syntax.
TEST(ParseEqualityFilter, RefusesSingleQuotesAndAnythingAfterTheValue) {
  for (const char* filter :
       {"country = 'PT'", "country = PT; DROP TABLE talent.candidates", "country = PT --",
        "state = OPEN OR 1", "country = \"PT", "country = \"P\"T\"", "country = \"\"",
        "country = PT)", "state = OPEN and country = PT"}) {
    absl::StatusOr<EqualityFilter> parsed = ParseEqualityFilter(filter, kFields);
    ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << filter;
    EXPECT_THAT(testing::ViolatedFields(parsed.status()), ElementsAre("filter")) << filter;
  }
  EXPECT_THAT(ParseEqualityFilter("country = 'PT'", kFields).status().message(),
              HasSubstr("bare word"));
}

TEST(ParseEqualityFilter, RefusesUnknownAndRepeatedFieldsAndEmptyValues) {
  EXPECT_FALSE(ParseEqualityFilter("email = a", kFields).ok());
  EXPECT_FALSE(ParseEqualityFilter("state = A AND state = B", kFields).ok());
  EXPECT_FALSE(ParseEqualityFilter("state = ", kFields).ok());
  EXPECT_TRUE(ParseEqualityFilter("  ", kFields).ok());
}

}  // namespace
}  // namespace meridian
