// Tests for the ordered side of common/api/filter.h: `<`, `<=`, `>` and `>=` on the fields a
// list names as ordered (the audit log's create_time), with every misuse INVALID_ARGUMENT on
// `filter`. (filter_test.cc covers the equalities every list accepts.)
#include <string>
#include <vector>

#include "common/api/filter.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

const FilterFields kAuditFields = {.equality = {"principal", "outcome"},
                                   .ordered = {"create_time"}};

// The one violation's description, after checking that it is on `filter`.
std::string FilterViolation(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const auto bad_request = GetBadRequest(status);
  if (!bad_request.has_value() || bad_request->field_violations_size() != 1) {
    ADD_FAILURE() << "no single violation: " << status;
    return "";
  }
  EXPECT_EQ(bad_request->field_violations(0).field(), "filter");
  return bad_request->field_violations(0).description();
}

TEST(ParseFilter, ReadsARangeBesideEqualities) {
  absl::StatusOr<ParsedFilter> parsed = ParseFilter(
      "principal = apiKeys/abc AND create_time >= \"2026-11-01T00:00:00Z\" AND "
      "create_time < 2026-12-01T00:00:00+01:00",
      kAuditFields);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->equalities, UnorderedElementsAre(Pair("principal", "apiKeys/abc")));
  EXPECT_THAT(
      parsed->comparisons,
      ElementsAre(
          FilterComparison{"create_time", FilterOperator::kGreaterOrEqual, "2026-11-01T00:00:00Z"},
          FilterComparison{"create_time", FilterOperator::kLess, "2026-12-01T00:00:00+01:00"}));
}

TEST(ParseFilter, ReadsEachOperatorWithOrWithoutSpaces) {
  const std::vector<std::pair<std::string, FilterOperator>> cases = {
      {"create_time<T1", FilterOperator::kLess},
      {"create_time <= T1", FilterOperator::kLessOrEqual},
      {"create_time>T1", FilterOperator::kGreater},
      {"create_time   >=   T1", FilterOperator::kGreaterOrEqual},
  };
  for (const auto& [filter, op] : cases) {
    absl::StatusOr<ParsedFilter> parsed = ParseFilter(filter, kAuditFields);
    ASSERT_TRUE(parsed.ok()) << filter << ": " << parsed.status();
    EXPECT_THAT(parsed->comparisons, ElementsAre(FilterComparison{"create_time", op, "T1"}))
        << filter;
    EXPECT_THAT(parsed->equalities, IsEmpty());
  }
  EXPECT_EQ(FilterOperatorText(FilterOperator::kGreaterOrEqual), ">=");
  EXPECT_EQ(FilterOperatorText(FilterOperator::kLess), "<");
}

TEST(ParseFilter, AnEqualityOnAnOrderedFieldIsAnEquality) {
  absl::StatusOr<ParsedFilter> parsed = ParseFilter("create_time = T1", kAuditFields);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->equalities, UnorderedElementsAre(Pair("create_time", "T1")));
  EXPECT_THAT(parsed->comparisons, IsEmpty());
}

TEST(ParseFilter, RefusesAComparisonOnAFieldThatIsNotOrdered) {
  EXPECT_THAT(FilterViolation(ParseFilter("principal >= apiKeys/abc", kAuditFields).status()),
              HasSubstr("principal can only be compared with ="));
  // A list without ordered fields says what it always said.
  EXPECT_THAT(FilterViolation(ParseFilter("state < OPEN", {.equality = {"state"}}).status()),
              HasSubstr("must be `field = VALUE`"));
  EXPECT_THAT(FilterViolation(ParseEqualityFilter("state > OPEN", {"state"}).status()),
              HasSubstr("must be `field = VALUE`"));
}

TEST(ParseFilter, RefusesTwoBoundsOnOneSideAndABoundBesideAnEquality) {
  EXPECT_THAT(
      FilterViolation(ParseFilter("create_time >= T1 AND create_time > T2", kAuditFields).status()),
      HasSubstr("one lower bound"));
  EXPECT_THAT(
      FilterViolation(ParseFilter("create_time < T1 AND create_time <= T2", kAuditFields).status()),
      HasSubstr("one upper bound"));
  EXPECT_THAT(
      FilterViolation(ParseFilter("create_time = T1 AND create_time < T2", kAuditFields).status()),
      HasSubstr("cannot be combined"));
  EXPECT_THAT(
      FilterViolation(ParseFilter("create_time < T2 AND create_time = T1", kAuditFields).status()),
      HasSubstr("cannot be combined"));
  EXPECT_THAT(
      FilterViolation(ParseFilter("create_time = T1 AND create_time = T2", kAuditFields).status()),
      HasSubstr("may appear once"));
}

TEST(ParseFilter, RefusesMalformedOperatorsAndValues) {
  for (const char* filter :
       {"create_time == T1", "create_time => T1", "create_time =< T1", "create_time <> T1",
        "create_time < T1 < T2", "create_time >", "create_time >= 'T1'", "create_time >= T1 T2",
        "create_time", "create_time >= \"a<b\"", "owner >= T1", ">= T1"}) {
    const absl::Status status = ParseFilter(filter, kAuditFields).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << filter;
    FilterViolation(status);
  }
  // The message of a malformed term shows the shapes this list accepts.
  EXPECT_THAT(FilterViolation(ParseFilter("create_time == T1", kAuditFields).status()),
              HasSubstr("<, <=, > or >= on create_time"));
  EXPECT_THAT(FilterViolation(ParseFilter("owner >= T1", kAuditFields).status()),
              HasSubstr("can only use principal, outcome, create_time"));
}

TEST(ParseEqualityFilter, StillRefusesEveryComparison) {
  for (const char* filter : {"state < OPEN", "state <= OPEN", "state > OPEN", "state >= OPEN"}) {
    EXPECT_EQ(ParseEqualityFilter(filter, {"state"}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << filter;
  }
}

}  // namespace
}  // namespace meridian
