// Tests for services/talent/alerts/role_matcher.h, the pure part of new-match alerts: which
// roles a changed candidate now meets at or above their alert_min_score, on a real in-memory
// SearchIndex (no database, no gRPC). The match must be exactly what a search of the role
// returns for that candidate, since alerts reuse the engine's scoring.
//
// Fixed inputs as in the engine's tests: the client works 09:00-17:00 UTC, the horizon starts
// on Monday 7 June 2027; Africa/Lagos (UTC+1) 09-17 overlaps 7 h a day, Asia/Tokyo none.
#include "services/talent/alerts/role_matcher.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/talent/search_proto/candidate_input.h"
#include "services/talent/search_proto/explain.h"
#include "services/talent/search_proto/search_query.h"
#include "services/talent/search_service.h"

namespace meridian::talent {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2027, 6, 7, 12, 0, 0), absl::UTCTimeZone());

SkillCatalog TestCatalog() {
  return SkillCatalog(std::unordered_map<std::string, std::string>{
      {"go", "go"}, {"postgresql", "postgresql"}, {"kubernetes", "kubernetes"}});
}

common::v1::WorkingHours Hours(const std::string& zone, const std::string& start = "09:00",
                               const std::string& end = "17:00") {
  common::v1::WorkingHours hours;
  hours.set_time_zone(zone);
  hours.set_start(start);
  hours.set_end(end);
  return hours;
}

v1::Candidate MakeCandidate(const std::string& id, const std::string& zone = "Africa/Lagos") {
  v1::Candidate candidate;
  candidate.set_name(absl::StrCat("candidates/", id));
  candidate.set_display_name(absl::StrCat("Candidate ", id));
  candidate.set_country("NG");
  *candidate.mutable_working_hours() = Hours(zone);
  v1::CandidateSkill* go = candidate.add_skills();
  go->set_skill("go");
  go->set_level(5);
  go->set_years(8);
  candidate.add_kinds(common::v1::BACKEND_ENGINEER);
  candidate.set_seniority(common::v1::SENIOR);
  candidate.set_english_level(v1::C1);
  candidate.mutable_monthly_rate()->set_currency_code("USD");
  candidate.mutable_monthly_rate()->set_units(5000);
  candidate.set_state(v1::Candidate::AVAILABLE);
  return candidate;
}

// An intake role as the alerts see it: Go 3+ from a UTC 09-17 client, 4 h overlap, 6,000 USD.
intake::v1::Role MakeRole(const std::string& id, int alert_min_score = 0) {
  intake::v1::Role role;
  role.set_name(absl::StrCat("clients/c/roles/", id));
  role.set_state(intake::v1::Role::OPEN);
  role.set_kind(common::v1::BACKEND_ENGINEER);
  role.set_seniority(common::v1::SENIOR);
  common::v1::SkillRequirement* go = role.add_required_skills();
  go->set_skill("go");
  go->set_min_level(3);
  *role.mutable_working_hours() = Hours("UTC");
  role.set_min_overlap_hours(4);
  role.mutable_monthly_budget()->set_currency_code("USD");
  role.mutable_monthly_budget()->set_units(6000);
  role.set_alert_min_score(alert_min_score);
  return role;
}

// As the worker prepares a role (SearchService::RoleQuery), with the test's reference data.
WatchedRole Watch(const intake::v1::Role& role) {
  SearchOptions options;
  options.page_size = 1;
  options.reference_date = absl::CivilDay(2027, 6, 7);
  absl::StatusOr<SearchQuery> query =
      PrepareQuery(CriteriaFromRole(role), options, "role", TestCatalog(), {{"USD", 1.0}}, kNow);
  if (!query.ok()) {
    ADD_FAILURE() << query.status();
    std::abort();
  }
  return {.name = role.name(), .min_score = AlertMinScore(role), .query = *std::move(query)};
}

std::vector<std::string> RoleNames(const std::vector<NewMatch>& found) {
  std::vector<std::string> names;
  for (const NewMatch& match : found) names.push_back(match.role->name);
  return names;
}

TEST(AlertMinScore, ZeroMeansTheDefault80) {
  EXPECT_EQ(AlertMinScore(MakeRole("a")), 80);
  EXPECT_EQ(AlertMinScore(MakeRole("a", 55)), 55);
}

TEST(MatchCandidate, ReturnsTheRolesMetAtOrAboveTheirMinimumScore) {
  SearchIndex index;
  index.Load(InputsOf({MakeCandidate("ana")}));
  intake::v1::Role fits = MakeRole("fits");
  intake::v1::Role needs_postgres = MakeRole("needs-postgres", 1);
  needs_postgres.add_required_skills()->set_skill("postgresql");
  intake::v1::Role too_demanding = MakeRole("too-demanding", 100);
  intake::v1::Role tokyo_client = MakeRole("tokyo-client", 1);
  *tokyo_client.mutable_working_hours() = Hours("Asia/Tokyo");
  intake::v1::Role cheap = MakeRole("cheap", 1);
  cheap.mutable_monthly_budget()->set_units(3000);  // under the candidate's rate: a hard filter
  const std::vector<WatchedRole> roles = {Watch(fits), Watch(needs_postgres), Watch(too_demanding),
                                          Watch(tokyo_client), Watch(cheap)};

  const std::vector<NewMatch> found = MatchCandidate(index, roles, "ana");
  EXPECT_THAT(RoleNames(found), ElementsAre("clients/c/roles/fits"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_GE(found[0].match.score(), 80);
  EXPECT_LT(found[0].match.score(), 100) << "else too-demanding would have matched";
  EXPECT_EQ(found[0].match.candidate().name(), "candidates/ana");
}

TEST(MatchCandidate, TheMatchIsExactlyWhatASearchOfTheRoleReturnsForTheCandidate) {
  SearchIndex index;
  v1::Candidate nice = MakeCandidate("bea", "America/Sao_Paulo");
  v1::CandidateSkill* k8s = nice.add_skills();
  k8s->set_skill("kubernetes");
  k8s->set_level(2);
  k8s->set_years(1);
  index.Load(InputsOf({MakeCandidate("ana"), nice, MakeCandidate("carl", "Asia/Tokyo")}));
  intake::v1::Role with_nice = MakeRole("nice", 1);
  with_nice.add_nice_to_have_skills()->set_skill("kubernetes");
  intake::v1::Role lagos_client = MakeRole("lagos", 1);
  *lagos_client.mutable_working_hours() = Hours("Africa/Lagos", "10:00", "18:00");
  const std::vector<WatchedRole> roles = {Watch(with_nice), Watch(lagos_client)};

  for (const std::string id : {"ana", "bea"}) {
    const std::vector<NewMatch> found = MatchCandidate(index, roles, id);
    ASSERT_EQ(found.size(), 2u) << id;
    for (const NewMatch& match : found) {
      SearchQuery query = match.role->query;
      query.only_id = id;
      google::protobuf::RepeatedPtrField<v1::CandidateMatch> searched;
      AppendMatches(index.Search(query), query, searched);
      ASSERT_EQ(searched.size(), 1) << id << " " << match.role->name;
      EXPECT_EQ(match.match.SerializeAsString(), searched[0].SerializeAsString())
          << id << " " << match.role->name << "\nalert:  " << match.match.DebugString()
          << "\nsearch: " << searched[0].DebugString();
    }
  }
  EXPECT_THAT(MatchCandidate(index, roles, "carl"), IsEmpty()) << "no overlap with either";
}

TEST(MatchCandidate, ReadsTheLatestVersionAndNothingForARemovedOrUnknownCandidate) {
  SearchIndex index;
  v1::Candidate ana = MakeCandidate("ana");
  ana.set_state(v1::Candidate::INACTIVE);
  index.Load(InputsOf({ana, MakeCandidate("bea")}));
  const std::vector<WatchedRole> roles = {Watch(MakeRole("r"))};
  EXPECT_THAT(MatchCandidate(index, roles, "ana"), IsEmpty()) << "not searchable";

  ana.set_state(v1::Candidate::AVAILABLE);  // available again: now in the index's delta
  index.Upsert(InputsOf({ana})[0]);
  EXPECT_THAT(RoleNames(MatchCandidate(index, roles, "ana")), ElementsAre("clients/c/roles/r"));

  index.Remove("bea");
  EXPECT_THAT(MatchCandidate(index, roles, "bea"), IsEmpty());
  EXPECT_THAT(MatchCandidate(index, roles, "nobody"), IsEmpty());
  EXPECT_THAT(MatchCandidate(index, {}, "ana"), IsEmpty());
}

}  // namespace
}  // namespace meridian::talent
