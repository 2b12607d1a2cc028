// meridian_demo_data as `./meridian up --demo` runs it: the real intake_server,
// talent_server and placement_server binaries on free ports over one fresh database, the
// loader as a subprocess, and what it left behind read back through the public APIs (every
// hire offered after a completed, scored interview, with no override). A second run must
// create nothing twice.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/process/health_client.h"
#include "common/process/subprocess.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/interview.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "tests/support/client_context.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_certificates.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"
#include "tests/support/wait.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIntakeServerPath[] = INTAKE_SERVER_PATH;
constexpr char kTalentServerPath[] = TALENT_SERVER_PATH;
constexpr char kPlacementServerPath[] = PLACEMENT_SERVER_PATH;
constexpr char kDemoDataPath[] = DEMO_DATA_PATH;
constexpr size_t kCandidates = 300;
constexpr char kFirstRoleTitle[] = "Senior Backend Developer (Node.js)";

std::string LogPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/meridian-demo-data-", name, "-", getpid(), ".log");
}

struct Result {
  int exit_code;
  std::string output;
};

// Runs meridian_demo_data with `flags`; its exit code and output (stdout and stderr).
Result RunLoader(const std::vector<std::string>& flags, const std::string& name = "loader") {
  std::vector<std::string> argv = {kDemoDataPath};
  argv.insert(argv.end(), flags.begin(), flags.end());
  const std::string log = LogPath(name);
  Subprocess loader(argv, {}, log);
  const int exit_code = loader.Wait(absl::Seconds(120));
  return {exit_code, ReadFile(log)};
}

constexpr absl::Duration kCallTimeout = absl::Seconds(30);

class DemoDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    intake_address_ = absl::StrCat("127.0.0.1:", PickFreePort());
    talent_address_ = absl::StrCat("127.0.0.1:", PickFreePort());
    const std::map<std::string, std::string> environment = {
        {"MERIDIAN_DATABASE_URL", database_.url()}};
    intake_ = std::make_unique<Subprocess>(
        std::vector<std::string>{kIntakeServerPath,
                                 absl::StrCat("--listen_address=", intake_address_),
                                 absl::StrCat("--bootstrap_admin_key_file=", admin_key_file_)},
        environment, intake_log_);
    ASSERT_TRUE(WaitForHealth(intake_address_, "meridian.intake.v1.IntakeService"))
        << ReadFile(intake_log_);
    talent_ = std::make_unique<Subprocess>(
        std::vector<std::string>{
            kTalentServerPath, absl::StrCat("--listen_address=", talent_address_),
            absl::StrCat("--intake_address=", intake_address_),
            // Its own key for intake, made on first start as under `up`.
            absl::StrCat("--peer_key_file=", talent_log_, ".key"), "--peer_key_bootstrap"},
        environment, talent_log_);
    ASSERT_TRUE(WaitForHealth(talent_address_, "meridian.talent.v1.TalentService"))
        << ReadFile(talent_log_);
    placement_address_ = absl::StrCat("127.0.0.1:", PickFreePort());
    placement_ = std::make_unique<Subprocess>(
        std::vector<std::string>{
            kPlacementServerPath, absl::StrCat("--listen_address=", placement_address_),
            absl::StrCat("--intake_address=", intake_address_),
            absl::StrCat("--talent_address=", talent_address_), "--task_poll_interval=50ms",
            absl::StrCat("--peer_key_file=", placement_log_, ".key"), "--peer_key_bootstrap"},
        environment, placement_log_);
    ASSERT_TRUE(WaitForHealth(placement_address_, "meridian.placement.v1.PlacementService"))
        << ReadFile(placement_log_);
    const std::string admin_key = ReadBootstrapKey(admin_key_file_);
    intake_stub_ = intake::v1::IntakeService::NewStub(KeyedChannel(intake_address_, admin_key));
    talent_stub_ = talent::v1::TalentService::NewStub(KeyedChannel(talent_address_, admin_key));
    interview_stub_ =
        talent::v1::InterviewService::NewStub(KeyedChannel(talent_address_, admin_key));
    placement_stub_ =
        placement::v1::PlacementService::NewStub(KeyedChannel(placement_address_, admin_key));
  }

  Result Load() {
    return RunLoader({KeyFlag(), absl::StrCat("--intake_address=", intake_address_),
                      absl::StrCat("--talent_address=", talent_address_),
                      absl::StrCat("--placement_address=", placement_address_),
                      absl::StrCat("--candidates=", kCandidates)});
  }

  std::vector<placement::v1::Placement> AllPlacements(const std::string& filter) {
    std::vector<placement::v1::Placement> all;
    placement::v1::ListPlacementsRequest request;
    request.set_filter(filter);
    request.set_page_size(1000);
    do {
      placement::v1::ListPlacementsResponse response;
      const grpc::Status status =
          placement_stub_->ListPlacements(Context(kCallTimeout).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.placements().begin(), response.placements().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return all;
  }

  // The follow-up agenda: check-ins of every placement not ended, in due order.
  std::vector<placement::v1::CheckIn> Agenda(const std::string& filter) {
    std::vector<placement::v1::CheckIn> all;
    placement::v1::ListCheckInsRequest request;
    request.set_parent("placements/-");
    request.set_filter(filter);
    request.set_page_size(1000);
    do {
      placement::v1::ListCheckInsResponse response;
      const grpc::Status status =
          placement_stub_->ListCheckIns(Context(kCallTimeout).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.check_ins().begin(), response.check_ins().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return all;
  }

  std::vector<talent::v1::Candidate> AllCandidates() {
    std::vector<talent::v1::Candidate> all;
    talent::v1::ListCandidatesRequest request;
    request.set_page_size(1000);
    do {
      talent::v1::ListCandidatesResponse response;
      const grpc::Status status =
          talent_stub_->ListCandidates(Context(kCallTimeout).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.candidates().begin(), response.candidates().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return all;
  }

  std::vector<intake::v1::Client> AllClients() {
    intake::v1::ListClientsRequest request;
    request.set_page_size(1000);
    intake::v1::ListClientsResponse response;
    const grpc::Status status =
        intake_stub_->ListClients(Context(kCallTimeout).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.clients().begin(), response.clients().end()};
  }

  std::vector<intake::v1::Role> AllRoles() {
    intake::v1::ListRolesRequest request;
    request.set_parent("clients/-");
    request.set_page_size(1000);
    intake::v1::ListRolesResponse response;
    const grpc::Status status =
        intake_stub_->ListRoles(Context(kCallTimeout).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.roles().begin(), response.roles().end()};
  }

  // Matches for `role` once the search index has caught up with the creates (it follows
  // the change feed): the total when it stops changing, for up to 10 s.
  int SearchTotal(const std::string& role) {
    int last = -1;
    WaitUntil(
        [&] {
          talent::v1::SearchCandidatesRequest request;
          request.set_role(role);
          request.set_page_size(5);
          talent::v1::SearchCandidatesResponse response;
          const grpc::Status status =
              talent_stub_->SearchCandidates(Context(kCallTimeout).get(), request, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          if (!status.ok()) {
            last = -1;
            return true;
          }
          if (response.total_size() == last && last > 0) return true;
          last = response.total_size();
          return false;
        },
        absl::Seconds(10), absl::Milliseconds(300));
    return last;
  }

  TestDatabase database_;
  std::string intake_address_;
  std::string talent_address_;
  std::string placement_address_;
  const std::string intake_log_ = LogPath("intake");
  const std::string talent_log_ = LogPath("talent");
  const std::string placement_log_ = LogPath("placement");
  const std::string admin_key_file_ = absl::StrCat(intake_log_, ".key");
  // The loader's key: the ADMIN key intake made on the new database.
  std::string KeyFlag() const { return absl::StrCat("--key_file=", admin_key_file_); }

  std::unique_ptr<Subprocess> intake_;
  std::unique_ptr<Subprocess> talent_;
  std::unique_ptr<Subprocess> placement_;
  std::unique_ptr<intake::v1::IntakeService::Stub> intake_stub_;
  std::unique_ptr<talent::v1::TalentService::Stub> talent_stub_;
  std::unique_ptr<talent::v1::InterviewService::Stub> interview_stub_;
  std::unique_ptr<placement::v1::PlacementService::Stub> placement_stub_;
};

TEST_F(DemoDataTest, LoadsAPoolClientsAndRolesOnceAndASecondRunCreatesNothing) {
  const Result first = Load();
  ASSERT_EQ(first.exit_code, 0) << first.output << ReadFile(talent_log_)
                                << ReadFile(placement_log_);
  EXPECT_THAT(first.output, HasSubstr("300 created,     0 already there, 0 failed"));

  // The pool: every candidate, with unique emails and phones, from around the world.
  const std::vector<talent::v1::Candidate> candidates = AllCandidates();
  ASSERT_EQ(candidates.size(), kCandidates);
  std::set<std::string> emails, phones, countries;
  size_t inactive = 0;
  size_t with_phone = 0;
  for (const auto& candidate : candidates) {
    emails.insert(candidate.email());
    if (!candidate.phone().empty()) {
      ++with_phone;
      phones.insert(candidate.phone());
    }
    countries.insert(candidate.country());
    if (candidate.state() == talent::v1::Candidate::INACTIVE) ++inactive;
    EXPECT_THAT(candidate.email(), HasSubstr("@example.com"));
    EXPECT_FALSE(candidate.skills().empty());
    EXPECT_FALSE(candidate.kinds().empty());
  }
  EXPECT_EQ(emails.size(), candidates.size());
  EXPECT_EQ(phones.size(), with_phone);
  EXPECT_GT(with_phone, kCandidates * 3 / 4);
  EXPECT_GE(countries.size(), 15u);
  EXPECT_GT(inactive, 0);
  EXPECT_LT(inactive, kCandidates / 10);

  // The clients and their roles, some of whose kind came from the client's answers.
  const std::vector<intake::v1::Client> clients = AllClients();
  const std::vector<intake::v1::Role> roles = AllRoles();
  EXPECT_GE(clients.size(), 3u);
  EXPECT_GE(roles.size(), clients.size());
  std::string first_role;
  int recommended = 0;
  for (const auto& role : roles) {
    if (role.title() == kFirstRoleTitle) first_role = role.name();
    if (role.has_kind_recommendation()) ++recommended;
  }
  EXPECT_GT(recommended, 0);
  ASSERT_FALSE(first_role.empty());

  // The first role in the hint finds people.
  EXPECT_THAT(first.output,
              HasSubstr(absl::StrCat("./meridian call talent SearchCandidates '{\"role\": \"",
                                     first_role, "\"")));
  EXPECT_GE(SearchTotal(first_role), 3);

  // Hires of the pool's candidates, followed up: about one placement per client.
  const std::vector<placement::v1::Placement> placements = AllPlacements("");
  EXPECT_GE(placements.size(), 3u) << first.output;
  EXPECT_LE(placements.size(), clients.size());
  EXPECT_THAT(first.output,
              HasSubstr(absl::StrFormat("  %-11s %5d created,     0 already there, 0 failed",
                                        "placements", placements.size())));
  std::set<std::string> pool;
  for (const auto& candidate : candidates) pool.insert(candidate.name());
  std::set<std::string> placed_clients;
  for (const auto& placement : placements) {
    EXPECT_THAT(pool, Contains(placement.candidate()));
    EXPECT_NE(placement.state(), placement::v1::Placement::ENDED);
    placed_clients.insert(placement.client());
  }
  EXPECT_EQ(placed_clients.size(), placements.size()) << "one hire per client";

  // Every hire was offered after a COMPLETED interview with a scorecard, without an override.
  for (const auto& placement : placements) {
    talent::v1::GetSubmissionRequest get;
    get.set_name(placement.submission());
    talent::v1::Submission submission;
    grpc::Status status =
        talent_stub_->GetSubmission(Context(kCallTimeout).get(), get, &submission);
    ASSERT_TRUE(status.ok()) << status.error_message();
    int offers = 0;
    for (const auto& change : submission.history()) {
      if (change.stage() != talent::v1::Submission::OFFER) continue;
      ++offers;
      EXPECT_EQ(change.override_reason(), "") << submission.name();
    }
    EXPECT_EQ(offers, 1) << submission.name();

    talent::v1::ListInterviewsRequest list;
    list.set_parent(placement.submission());
    talent::v1::ListInterviewsResponse interviews;
    status = interview_stub_->ListInterviews(Context(kCallTimeout).get(), list, &interviews);
    ASSERT_TRUE(status.ok()) << status.error_message();
    int completed_and_scored = 0;
    for (const auto& interview : interviews.interviews()) {
      if (interview.state() != talent::v1::Interview::COMPLETED) continue;
      if (interview.scorecard_count() < 1) continue;
      ++completed_and_scored;
      EXPECT_TRUE(interview.has_start_time());
      EXPECT_LT(absl::FromUnixSeconds(interview.start_time().seconds()), absl::Now());
      talent::v1::ListScorecardsRequest scorecards_request;
      scorecards_request.set_parent(interview.name());
      talent::v1::ListScorecardsResponse scorecards;
      status = interview_stub_->ListScorecards(Context(kCallTimeout).get(), scorecards_request,
                                               &scorecards);
      ASSERT_TRUE(status.ok()) << status.error_message();
      ASSERT_EQ(scorecards.scorecards_size(), 1);
      EXPECT_NE(scorecards.scorecards(0).overall(), talent::v1::RATING_UNSPECIFIED);
      EXPECT_FALSE(scorecards.scorecards(0).ratings().empty());
    }
    EXPECT_EQ(completed_and_scored, 1) << submission.name();

    talent::v1::GetInterviewSummaryRequest ask;
    ask.set_submission(placement.submission());
    talent::v1::InterviewSummary summary;
    status = interview_stub_->GetInterviewSummary(Context(kCallTimeout).get(), ask, &summary);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(summary.ready_for_offer());
    EXPECT_EQ(summary.interviews_completed(), 1);
    EXPECT_EQ(summary.scorecards(), 1);
    EXPECT_EQ(summary.overall().yes() + summary.overall().strong_yes(), 1);
  }
  EXPECT_THAT(first.output,
              HasSubstr(absl::StrFormat("  %-11s %5d held,     0 already there, 0 failed",
                                        "interviews", placements.size())));
  for (const auto& candidate : AllCandidates()) {
    bool placed = false;
    for (const auto& placement : placements) placed |= placement.candidate() == candidate.name();
    EXPECT_EQ(candidate.state() == talent::v1::Candidate::PLACED, placed) << candidate.name();
  }

  // Some at risk: one for a check-in overdue by more than a week, one for a low rating.
  const std::vector<placement::v1::Placement> at_risk = AllPlacements("at_risk = true");
  ASSERT_GE(at_risk.size(), 1u);
  std::string reasons;
  for (const auto& placement : at_risk) {
    EXPECT_EQ(placement.state(), placement::v1::Placement::AT_RISK);
    for (const auto& reason : placement.health().reasons()) absl::StrAppend(&reasons, reason, "\n");
  }
  EXPECT_THAT(reasons, HasSubstr("days overdue"));
  EXPECT_THAT(reasons, HasSubstr("the client rated the last check-in 2/5"));

  // The agenda: check-ins overdue (by more than a week, and a recent one that is only due),
  // recorded ones, and ones still to come.
  const absl::Time now = absl::Now();
  const std::vector<placement::v1::CheckIn> overdue = Agenda("overdue = true");
  ASSERT_GE(overdue.size(), 1u);
  int long_overdue = 0, recently_due = 0;
  for (const auto& check_in : overdue) {
    EXPECT_TRUE(check_in.overdue());
    const absl::Duration late = now - absl::FromUnixSeconds(check_in.due_time().seconds());
    if (late > absl::Hours(7 * 24)) ++long_overdue;
    if (late < absl::Hours(7 * 24)) ++recently_due;
  }
  EXPECT_GE(long_overdue, 1);
  EXPECT_GE(recently_due, 1);
  const std::vector<placement::v1::CheckIn> recorded = Agenda("completed = true");
  EXPECT_GE(recorded.size(), 2 * placements.size());
  for (const auto& check_in : recorded) {
    EXPECT_GE(check_in.client_rating(), 1);
    EXPECT_FALSE(check_in.notes().empty());
    EXPECT_FALSE(check_in.next_steps().empty());
  }
  EXPECT_THAT(first.output,
              HasSubstr(absl::StrFormat("  %-11s %5d recorded,     0 already there, 0 failed",
                                        "check-ins", recorded.size())));
  const std::vector<placement::v1::CheckIn> pending = Agenda("completed = false");
  EXPECT_GT(pending.size(), overdue.size()) << "check-ins still to come";

  // The hints for the follow-up.
  EXPECT_THAT(first.output, HasSubstr(R"(./meridian call placement ListPlacements '{"filter": )"
                                      R"("at_risk = true"}')"));
  EXPECT_THAT(first.output, HasSubstr(R"(./meridian call placement ListCheckIns '{"parent": )"
                                      R"("placements/-", "filter": "overdue = true"}')"));

  // Again: everything is already there, and nothing was created twice.
  const Result second = Load();
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("300 already there, 0 failed"));
  EXPECT_THAT(second.output, Not(HasSubstr("calls failed")));
  EXPECT_EQ(AllCandidates().size(), kCandidates);
  EXPECT_EQ(AllClients().size(), clients.size());
  EXPECT_EQ(AllRoles().size(), roles.size());
  EXPECT_THAT(second.output, HasSubstr(first_role));
  EXPECT_THAT(second.output, HasSubstr("placements      0 created"));
  EXPECT_THAT(second.output, HasSubstr("interviews      0 held"));
  EXPECT_THAT(second.output, HasSubstr("check-ins       0 recorded"));
  const std::vector<placement::v1::Placement> placements_again = AllPlacements("");
  ASSERT_EQ(placements_again.size(), placements.size());
  for (size_t i = 0; i < placements.size(); ++i) {
    EXPECT_EQ(placements_again[i].name(), placements[i].name());
    EXPECT_EQ(placements_again[i].candidate(), placements[i].candidate());
  }
  EXPECT_EQ(Agenda("completed = true").size(), recorded.size());
  EXPECT_EQ(AllPlacements("at_risk = true").size(), at_risk.size());
}

TEST_F(DemoDataTest, UnreachableServiceFailsWithAMessage) {
  const Result result = RunLoader({KeyFlag(), absl::StrCat("--intake_address=", intake_address_),
                                   absl::StrCat("--talent_address=127.0.0.1:", PickFreePort()),
                                   "--candidates=5", "--connect_timeout=2s"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("cannot reach the talent service"));

  // The placement service is checked before anything is sent, too.
  const Result no_placement =
      RunLoader({KeyFlag(), absl::StrCat("--intake_address=", intake_address_),
                 absl::StrCat("--talent_address=", talent_address_),
                 absl::StrCat("--placement_address=127.0.0.1:", PickFreePort()), "--candidates=5",
                 "--connect_timeout=2s"},
                "loader-no-placement");
  EXPECT_EQ(no_placement.exit_code, 1) << no_placement.output;
  EXPECT_THAT(no_placement.output, HasSubstr("cannot reach the placement service"));
  EXPECT_TRUE(AllClients().empty());
}

// With a CA file the loader speaks TLS, which these plaintext services refuse.
TEST_F(DemoDataTest, TlsSettingsReachTheChannels) {
  TestCertificates certs;
  const Result result = RunLoader(
      {KeyFlag(), absl::StrCat("--intake_address=", intake_address_),
       absl::StrCat("--talent_address=", talent_address_),
       absl::StrCat("--tls_ca_file=", certs.ca_cert()), "--candidates=5", "--connect_timeout=2s"},
      "loader-tls");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("cannot reach the intake service"));
  EXPECT_TRUE(AllClients().empty());
}

// Generation alone (--dry_run) needs no server.
TEST(DemoDataGeneration, SameSeedSamePoolAndASmallerPoolIsAPrefix) {
  const Result small = RunLoader({"--dry_run", "--candidates=20"}, "dry-20");
  const Result again = RunLoader({"--dry_run", "--candidates=20", "--concurrency=1"}, "dry-20b");
  const Result large = RunLoader({"--dry_run", "--candidates=40"}, "dry-40");
  const Result other = RunLoader({"--dry_run", "--candidates=20", "--seed=7"}, "dry-seed-7");
  ASSERT_EQ(small.exit_code, 0) << small.output;
  EXPECT_EQ(small.output, again.output);
  EXPECT_EQ(large.output.rfind(small.output, 0), 0u) << "the first 20 of 40 differ";
  EXPECT_NE(small.output, other.output);
  EXPECT_THAT(small.output, HasSubstr(R"("request_id":"demo-42-candidate-19")"));
  EXPECT_THAT(other.output, HasSubstr(R"("request_id":"demo-7-candidate-19")"));
}

TEST(DemoDataGeneration, BadFlagsAreUsageErrors) {
  Result result = RunLoader({"--candidates=-1"}, "bad-count");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("--candidates"));
  result = RunLoader({"--concurrency=0"}, "bad-concurrency");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  result = RunLoader({"--tls_client_cert_file=/nonexistent/client.pem"}, "bad-tls");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("--tls_client_cert_file"));
}

}  // namespace
}  // namespace meridian::testing
