// Tests for services/intake/domain/role_filter.h: the ListRoles filter.
#include "services/intake/domain/role_filter.h"

#include <string>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian::intake {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

void ExpectBadFilter(absl::string_view filter, absl::string_view mentions) {
  const absl::StatusOr<RoleFilter> parsed = ParseRoleFilter(filter);
  ASSERT_FALSE(parsed.ok()) << "\"" << filter << "\" was accepted";
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ViolationsOf(parsed.status()),
              ElementsAre(Pair("filter", HasSubstr(std::string(mentions)))));
}

TEST(ParseRoleFilter, EmptyOrBlankFilterMatchesEverything) {
  for (absl::string_view filter : {"", "   "}) {
    const absl::StatusOr<RoleFilter> parsed = ParseRoleFilter(filter);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->state, "");
    EXPECT_EQ(parsed->kind, "");
  }
}

TEST(ParseRoleFilter, ParsesStateKindAndBoth) {
  const absl::StatusOr<RoleFilter> state = ParseRoleFilter("state = OPEN");
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->state, "OPEN");
  EXPECT_EQ(state->kind, "");

  const absl::StatusOr<RoleFilter> kind = ParseRoleFilter("kind=BACKEND_DEVELOPER");
  ASSERT_TRUE(kind.ok()) << kind.status();
  EXPECT_EQ(kind->state, "");
  EXPECT_EQ(kind->kind, "BACKEND_DEVELOPER");

  const absl::StatusOr<RoleFilter> both =
      ParseRoleFilter("  state = ON_HOLD AND kind = BACKEND_ENGINEER ");
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->state, "ON_HOLD");
  EXPECT_EQ(both->kind, "BACKEND_ENGINEER");
}

TEST(ParseRoleFilter, RejectsOtherFields) {
  ExpectBadFilter("title = Backend", "\"title\"");
  ExpectBadFilter("state = OPEN AND headcount = 2", "\"headcount\"");
}

TEST(ParseRoleFilter, RejectsUnknownAndUnspecifiedValues) {
  ExpectBadFilter("state = CLOSED", "\"CLOSED\"");
  ExpectBadFilter("state = open", "\"open\"");
  ExpectBadFilter("state = STATE_UNSPECIFIED", "STATE_UNSPECIFIED");
  ExpectBadFilter("kind = WIZARD", "\"WIZARD\"");
  ExpectBadFilter("kind = ROLE_KIND_UNSPECIFIED", "ROLE_KIND_UNSPECIFIED");
  ExpectBadFilter("state = ", "state");
}

TEST(ParseRoleFilter, RejectsARepeatedField) {
  ExpectBadFilter("state = OPEN AND state = FILLED", "state may appear once");
  ExpectBadFilter("kind = BACKEND_ENGINEER AND kind = BACKEND_DEVELOPER", "kind may appear once");
}

TEST(ParseRoleFilter, RejectsMalformedTerms) {
  ExpectBadFilter("state OPEN", "field = VALUE");
  ExpectBadFilter("state = OPEN OR kind = BACKEND_ENGINEER", "field = VALUE");
  ExpectBadFilter("state = OPEN and kind = BACKEND_ENGINEER", "field = VALUE");
  ExpectBadFilter("state = OPEN AND ", "field = VALUE");
  ExpectBadFilter("state == OPEN", "field = VALUE");
}

TEST(RoleFilter, CanonicalFormIgnoresTermOrderAndSpacing) {
  const absl::StatusOr<RoleFilter> a = ParseRoleFilter("state = OPEN AND kind = BACKEND_ENGINEER");
  const absl::StatusOr<RoleFilter> b = ParseRoleFilter("kind=BACKEND_ENGINEER AND state=OPEN");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->Canonical(), b->Canonical());
}

TEST(RoleFilter, CanonicalFormDiffersForDifferentFilters) {
  const std::string open = ParseRoleFilter("state = OPEN")->Canonical();
  const std::string filled = ParseRoleFilter("state = FILLED")->Canonical();
  const std::string open_kind = ParseRoleFilter("state = OPEN AND kind = QA_ENGINEER")->Canonical();
  const std::string any = ParseRoleFilter("")->Canonical();
  EXPECT_NE(open, filled);
  EXPECT_NE(open, open_kind);
  EXPECT_NE(open, any);
}

}  // namespace
}  // namespace meridian::intake
