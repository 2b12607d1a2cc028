// The search index's initial load over a real PostgreSQL: a SearchablePage gives every field
// search reads exactly as the stored candidate gives it (InputOf; the lists come out of jsonb
// as JSON text and are parsed here), the narrow table it reads (migration 0018) follows every
// change to a candidate and holds what was there before the migration, and IndexFollower's
// load, divided into seq ranges, pages and readers, indexes every searchable candidate once
// and nobody else.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/migrations/migrations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/talent/candidate_service.h"
#include "services/talent/index_follower.h"
#include "services/talent/index_load/searchable_page.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search_proto/candidate_input.h"
#include "services/talent/search_service.h"
#include "services/talent/talent_store.h"
#include "tests/services/talent/fake_role_source.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

namespace tv1 = talent::v1;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2027, 3, 1, 12, 0, 0), absl::UTCTimeZone());

CallContext Recruiter() {
  CallContext call;
  call.deadline = absl::Now() + absl::Seconds(10);
  call.caller = {.principal = "apiKeys/recruiter", .role = access::v1::RECRUITER};
  return call;
}

// A candidate's id, from its resource name.
std::string IdOf(const tv1::Candidate& candidate) {
  return candidate.name().substr(candidate.name().rfind('/') + 1);
}

// Every field of an input, one per line, so that a difference shows by name.
std::string Describe(const talent::CandidateInput& input) {
  std::ostringstream out;
  out << "id: " << input.id << "\ndisplay_name: " << input.display_name
      << "\ncountry: " << input.country << "\ncurrency_code: " << input.currency_code
      << "\nrate_units: " << input.rate_units << "\nstate: " << input.state
      << "\nseniority: " << input.seniority << "\nenglish: " << input.english
      << "\nkinds_mask: " << input.kinds_mask << "\navailable_day: " << input.available_day
      << "\nhours: " << input.hours.time_zone << " " << input.hours.start << "-" << input.hours.end
      << " days";
  for (size_t i = 0; i < input.hours.day_count; ++i) out << " " << input.hours.days[i];
  out << "\nload_hours: " << (input.load_hours == &talent::LoadWeeklyHours) << "\nskills:";
  for (const auto& skill : input.skills) {
    out << " " << skill.skill << "/" << skill.level << "/" << skill.years;
  }
  out << "\nsoft_skills:";
  for (std::string_view soft_skill : input.soft_skills) out << " [" << soft_skill << "]";
  out << "\n";
  return out.str();
}

// The candidates of one page read, described, by id.
void AddPage(const talent::SearchablePage& page, std::map<std::string, std::string>& read) {
  for (const talent::CandidateInput& input : page.inputs()) {
    read[std::string(input.id)] = Describe(input);
  }
}

// What a SearchablePage reads now, described, by candidate id.
std::map<std::string, std::string> ReadAll(db::ConnectionPool& pool) {
  std::map<std::string, std::string> read;
  absl::Status status = pool.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) {
    talent::SearchablePage page;
    int64_t last_seq = 0;
    page.Read(tx, 0, INT64_MAX, 1000, last_seq);
    AddPage(page, read);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return read;
}

// What the load should give: every stored candidate that is searchable, as InputOf takes it.
std::map<std::string, std::string> StoredSearchable(db::ConnectionPool& pool,
                                                    const std::vector<std::string>& ids) {
  std::map<std::string, std::string> expected;
  absl::Status status = pool.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) {
    for (const std::string& id : ids) {
      const std::optional<talent::StoredCandidate> stored = talent::FindCandidate(tx, id, false);
      if (!stored || stored->erased) continue;
      const tv1::Candidate::State state = stored->candidate.state();
      if (state != tv1::Candidate::AVAILABLE && state != tv1::Candidate::INTERVIEWING) continue;
      expected[id] = Describe(talent::InputOf(stored->candidate));
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return expected;
}

// Equal maps of described candidates, each difference shown.
void ExpectSameCandidates(const std::map<std::string, std::string>& read,
                          const std::map<std::string, std::string>& expected) {
  std::vector<std::string> read_ids;
  std::vector<std::string> expected_ids;
  for (const auto& [id, candidate] : read) read_ids.push_back(id);
  for (const auto& [id, candidate] : expected) expected_ids.push_back(id);
  EXPECT_EQ(read_ids, expected_ids);
  for (const auto& [id, candidate] : expected) {
    auto it = read.find(id);
    if (it != read.end()) {
      EXPECT_EQ(it->second, candidate) << id;
    }
  }
}

class IndexLoadTest : public ::testing::Test {
 protected:
  IndexLoadTest() : pool_({.url = database_.url(), .size = 4}), candidates_(pool_) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_.url(), db::AllMigrations());
    EXPECT_TRUE(migrated.ok()) << migrated.status();
  }
  ~IndexLoadTest() override { pool_.Close(); }

  tv1::Candidate Add(const tv1::Candidate& candidate) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    absl::StatusOr<tv1::Candidate> created = candidates_.CreateCandidate(request, Recruiter());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : tv1::Candidate();
  }

  // Candidate i of a varied pool: different skills, levels, years, days, kinds and lists.
  static tv1::Candidate Varied(int i) {
    tv1::Candidate candidate =
        Candidate(absl::StrCat("Person ", i), absl::StrCat("p", i, "@x.io"),
                  i % 2 == 0 ? "PT" : "BR", i % 2 == 0 ? "Europe/Lisbon" : "America/Sao_Paulo");
    candidate.mutable_skills(0)->set_level(1 + i % 5);
    candidate.mutable_skills(0)->set_years(i % 3 == 0 ? 0 : i);
    if (i % 3 == 1) {
      auto* go = candidate.add_skills();
      go->set_skill("go");
      go->set_level(2);
    }
    auto* hours = candidate.mutable_working_hours();
    // Monday to Friday, and for some the weekend too (so that everybody meets a search's
    // default overlap).
    for (int day = 1; day <= 5 + i % 3; ++day) {
      hours->add_days(static_cast<common::v1::Weekday>(day));
    }
    if (i % 4 == 0) candidate.add_kinds(common::v1::BACKEND_ENGINEER);
    if (i % 5 == 0) candidate.clear_kinds();
    candidate.clear_soft_skills();
    if (i % 2 == 1) {
      // Text JSON has to escape, and text it does not.
      candidate.add_soft_skills("says \"no\" when it matters, kindly");
      candidate.add_soft_skills("back\\slash\ttab");
      candidate.add_soft_skills("façade & naïve — 日本語");
      // Separators, brackets and the word null, which are nothing to JSON inside a string.
      candidate.add_soft_skills("commas, [brackets] {braces} and spaces");
      candidate.add_soft_skills("NULL");
    }
    if (i % 3 == 2) {
      candidate.mutable_available_from()->set_year(2027);
      candidate.mutable_available_from()->set_month(1 + i % 2);  // before "now
      candidate.mutable_available_from()->set_day(1 + i % 28);
    }
    candidate.set_english_level(static_cast<tv1::EnglishLevel>(1 + i % 6));
    candidate.mutable_monthly_rate()->set_units(3000 + 100 * i);
    return candidate;
  }

  TestDatabase database_;
  db::ConnectionPool pool_;
  talent::CandidateService candidates_;
};

TEST_F(IndexLoadTest, APageGivesEveryFieldSearchReadsAsTheStoredCandidateDoes) {
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(IdOf(Add(Varied(i))));
  const std::map<std::string, std::string> expected = StoredSearchable(pool_, ids);
  ASSERT_EQ(expected.size(), ids.size());

  absl::Status read = pool_.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) {
    talent::SearchablePage page;
    int64_t last_seq = 0;
    EXPECT_EQ(page.Read(tx, 0, INT64_MAX, 100, last_seq), 12);
    std::map<std::string, std::string> whole;
    AddPage(page, whole);
    ExpectSameCandidates(whole, expected);

    // Pages of 5 into the same page object: each candidate lands where another was (with
    // other lists, escapes and days), and nothing of that one is left behind.
    std::map<std::string, std::string> paged;
    int64_t after = 0;
    std::vector<int> counts;
    while (true) {
      const int count = page.Read(tx, after, INT64_MAX, 5, last_seq);
      EXPECT_EQ(page.inputs().size(), static_cast<size_t>(count));
      counts.push_back(count);
      AddPage(page, paged);
      if (count < 5) break;
      after = last_seq;
    }
    EXPECT_EQ(counts, (std::vector<int>{5, 5, 2}));
    ExpectSameCandidates(paged, expected);
    return absl::OkStatus();
  });
  ASSERT_TRUE(read.ok()) << read;
}

TEST_F(IndexLoadTest, ALoadInRangesPagesAndReadersIndexesEverySearchableCandidateOnce) {
  std::vector<tv1::Candidate> added;
  for (int i = 0; i < 25; ++i) added.push_back(Add(Varied(i)));
  // Out of search: two placed, one inactive, two erased (their rows stay, as gaps in seq).
  std::set<std::string> out;
  absl::Status changed = pool_.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) {
    const auto id = [&](int i) { return IdOf(added[i]); };
    talent::SetCandidateState(tx, id(0), tv1::Candidate::PLACED);
    talent::SetCandidateState(tx, id(7), tv1::Candidate::PLACED);
    talent::SetCandidateState(tx, id(12), tv1::Candidate::INACTIVE);
    talent::EraseCandidate(tx, id(13));
    talent::EraseCandidate(tx, id(24));
    return absl::OkStatus();
  });
  ASSERT_TRUE(changed.ok()) << changed;
  for (int i : {0, 7, 12, 13, 24}) out.insert(added[i].display_name());
  std::set<std::string> expected;
  for (const tv1::Candidate& candidate : added) {
    if (!out.contains(candidate.display_name())) expected.insert(candidate.display_name());
  }

  // Ranges of 4 seq values read 2 rows at a time by 3 readers: ranges end inside pages,
  // pages inside ranges, and some ranges hold nobody searchable.
  talent::SearchIndex index;
  talent::IndexFollower follower(
      pool_, index,
      {.poll_interval = absl::Seconds(1), .load_readers = 3, .load_range = 4, .load_batch = 2});
  follower.Start();
  for (int i = 0; i < 500 && !follower.loaded(); ++i) absl::SleepFor(absl::Milliseconds(20));
  ASSERT_TRUE(follower.loaded());
  EXPECT_EQ(index.size(), expected.size());

  FakeRoleSource roles;
  talent::SearchService search(pool_, index, follower, roles, [] { return kNow; });
  tv1::SearchCandidatesRequest request;
  auto* node = request.mutable_criteria()->add_required_skills();
  node->set_skill("nodejs");
  node->set_min_level(1);
  // Around the clock: everybody shares some hours with it.
  request.mutable_criteria()->mutable_working_hours()->set_time_zone("UTC");
  request.mutable_criteria()->mutable_working_hours()->set_start("00:00");
  request.mutable_criteria()->mutable_working_hours()->set_end("24:00");
  request.set_page_size(100);
  absl::StatusOr<tv1::SearchCandidatesResponse> found =
      search.SearchCandidates(request, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(found.ok()) << found.status();
  std::multiset<std::string> names;
  for (const auto& match : found->matches()) names.insert(match.candidate().display_name());
  EXPECT_EQ(names, std::multiset<std::string>(expected.begin(), expected.end()));
  EXPECT_EQ(found->total_size(), static_cast<int>(expected.size()));
  follower.Stop();
}

TEST_F(IndexLoadTest, TheNarrowTableFollowsEveryChangeInTheCandidatesTransaction) {
  std::vector<tv1::Candidate> added;
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    added.push_back(Add(Varied(i)));
    ids.push_back(IdOf(added.back()));
  }
  ExpectSameCandidates(ReadAll(pool_), StoredSearchable(pool_, ids));

  // Edited fields, a move out of search and back, out of search for good, erased; in one
  // transaction, the way the service writes them.
  absl::Status changed = pool_.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) {
    tv1::Candidate edited = Varied(1);
    edited.set_display_name("Renamed Person");
    edited.mutable_skills(0)->set_level(5);
    edited.add_soft_skills("new \"quoted\" skill");
    edited.mutable_monthly_rate()->set_units(9100);
    edited.set_state(tv1::Candidate::INTERVIEWING);
    talent::UpdateCandidate(tx, ids[1], edited);
    talent::SetCandidateState(tx, ids[2], tv1::Candidate::PLACED);
    talent::SetCandidateState(tx, ids[2], tv1::Candidate::AVAILABLE);
    talent::SetCandidateState(tx, ids[3], tv1::Candidate::PLACED);
    talent::SetCandidateState(tx, ids[4], tv1::Candidate::INACTIVE);
    talent::EraseCandidate(tx, ids[5]);
    return absl::OkStatus();
  });
  ASSERT_TRUE(changed.ok()) << changed;
  const std::map<std::string, std::string> read = ReadAll(pool_);
  ExpectSameCandidates(read, StoredSearchable(pool_, ids));
  ASSERT_TRUE(read.contains(ids[1]));
  EXPECT_THAT(read.at(ids[1]), ::testing::HasSubstr("display_name: Renamed Person\n"));
  EXPECT_THAT(read.at(ids[1]),
              ::testing::HasSubstr(absl::StrCat("state: ", tv1::Candidate::INTERVIEWING, "\n")));
  EXPECT_TRUE(read.contains(ids[2]));
  for (int gone : {3, 4, 5}) EXPECT_FALSE(read.contains(ids[gone])) << gone;

  // A change rolled back leaves the narrow table as it was.
  absl::Status rolled_back =
      pool_.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) -> absl::Status {
        talent::SetCandidateState(tx, ids[0], tv1::Candidate::PLACED);
        tv1::Candidate edited = Varied(6);
        edited.set_display_name("Never Committed");
        edited.set_state(tv1::Candidate::AVAILABLE);
        talent::UpdateCandidate(tx, ids[6], edited);
        return absl::FailedPreconditionError("rolled back on purpose");
      });
  EXPECT_EQ(rolled_back.code(), absl::StatusCode::kFailedPrecondition);
  ExpectSameCandidates(ReadAll(pool_), StoredSearchable(pool_, ids));
  EXPECT_TRUE(ReadAll(pool_).contains(ids[0]));
}

TEST(IndexLoadMigrationTest, CandidatesStoredBeforeTheNarrowTableAreInIt) {
  TestDatabase database;
  std::vector<db::Migration> before;
  for (const db::Migration& migration : db::AllMigrations()) {
    if (migration.version < 18) before.push_back(migration);
  }
  absl::StatusOr<int> migrated = db::ApplyMigrations(database.url(), before);
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  db::ConnectionPool pool({.url = database.url(), .size = 2});
  talent::CandidateService candidates(pool);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() =
        Candidate(absl::StrCat("Early ", i), absl::StrCat("e", i, "@x.io"), "PT", "Europe/Lisbon");
    absl::StatusOr<tv1::Candidate> created = candidates.CreateCandidate(request, Recruiter());
    ASSERT_TRUE(created.ok()) << created.status();
    ids.push_back(IdOf(*created));
  }
  absl::Status placed = pool.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) {
    talent::SetCandidateState(tx, ids[2], tv1::Candidate::PLACED);
    talent::EraseCandidate(tx, ids[4]);
    return absl::OkStatus();
  });
  ASSERT_TRUE(placed.ok()) << placed;

  migrated = db::ApplyMigrations(database.url(), db::AllMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  EXPECT_GE(*migrated, 1);
  const std::map<std::string, std::string> read = ReadAll(pool);
  EXPECT_EQ(read.size(), 4u);
  ExpectSameCandidates(read, StoredSearchable(pool, ids));
  pool.Close();
}

}  // namespace
}  // namespace meridian::testing
