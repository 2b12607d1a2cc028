// The event feed's filter: what it selects, and a clear INVALID_ARGUMENT for what it refuses.
#include "common/events/event_filter.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(EventFilter, EmptySelectsEverything) {
  absl::StatusOr<EventSelection> selection = ParseEventFilter("  ");
  ASSERT_TRUE(selection.ok());
  EXPECT_THAT(selection->types, IsEmpty());
  EXPECT_THAT(selection->type_prefixes, IsEmpty());
  EXPECT_THAT(selection->resources, IsEmpty());
}

TEST(EventFilter, TypesJoinedByOrAndResourcesByAnd) {
  absl::StatusOr<EventSelection> selection = ParseEventFilter(
      "type = \"submission.*\" OR type = candidate.erased AND resource = \"candidates/1\" OR "
      "resource = candidates/2");
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_THAT(selection->type_prefixes, ElementsAre("submission."));
  EXPECT_THAT(selection->types, ElementsAre("candidate.erased"));
  EXPECT_THAT(selection->resources, ElementsAre("candidates/1", "candidates/2"));
  // The same selection written another way has the same canonical form.
  absl::StatusOr<EventSelection> other = ParseEventFilter(
      "resource = candidates/2 OR resource = candidates/1 AND type = candidate.erased OR "
      "type = submission.*");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(CanonicalSelection(*selection), CanonicalSelection(*other));
}

TEST(EventFilter, RefusesWhatItCannotMeanWithTheRule) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"state = OPEN", "can filter on type and resource"},
      {"type candidate.created AND", "needs = after type"},
      {"type =", "must be terms like"},
      {"type = Candidate.Created", "must be an event type"},
      {"type = candidate.*.x", "must be an event type"},
      {"type = a OR resource = candidates/1", "OR joins values of one field"},
      {"type = a AND type = b", "type is in two AND clauses"},
      {"type = a b", "expected AND or OR"},
      {"type = \"candidate.created", "quote that is not closed"},
      {std::string(1001, 'x'), "at most 1000 characters"},
      {"resource = \"candidates/1 2\"", "resource must be a resource name"},
  };
  for (const auto& [filter, rule] : cases) {
    absl::StatusOr<EventSelection> selection = ParseEventFilter(filter);
    ASSERT_FALSE(selection.ok()) << filter;
    EXPECT_THAT(testing::ViolationsOf(selection.status()),
                ElementsAre(Pair("filter", HasSubstr(rule))))
        << filter;
  }
}

}  // namespace
}  // namespace meridian
