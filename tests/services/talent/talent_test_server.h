// An in-process talent server for integration tests: the real gRPC server on 127.0.0.1, wired
// by MakeTalentServices as in talent_server, over a real database (migrated here), started
// once the search index has loaded.
//
// The search index follows the change feed every 50 ms, new-match alerts read the OPEN roles
// before every batch of changes, roles come from the intake service at
// `intake_address` (by default an address where nothing listens), and search's "now" is the
// real time until a test sets it (SetNow).
//
//   TestDatabase database;
//   TalentTestServer server(database.url());
//   auto stub = server.NewStub();
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "absl/time/clock.h"
#include "meridian/talent/v1/interview.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "services/talent/alerts/role_match_worker.h"
#include "services/talent/index_follower.h"
#include "services/talent/talent_store.h"
#include "services/talent/talent_wiring.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_clock.h"
#include "tests/support/test_keys.h"
#include "tests/support/wait.h"

namespace meridian::testing {

class TalentTestServer final {
 public:
  // `port` 0 picks a free one; a fixed port lets a test stop and restart "the same" server.
  explicit TalentTestServer(const std::string& database_url,
                            const std::string& intake_address = "127.0.0.1:1", int port = 0)
      : server_(talent::TalentServerDescription(), {.database_url = database_url, .port = port},
                [&](db::ConnectionPool& pool) {
                  talent::TalentWiring options{.intake_address = intake_address,
                                               .intake_call_timeout = absl::Seconds(2),
                                               .index_poll_interval = absl::Milliseconds(50),
                                               .role_refresh_interval = absl::ZeroDuration(),
                                               .clock = clock_.AsFunction()};
                  options.access.peer_key = CreateTestKey(pool, access::v1::TALENT_SERVICE);
                  return talent::MakeTalentServices(pool, options);
                }) {}

  std::shared_ptr<grpc::Channel> channel() const { return server_.channel(); }
  // The server underneath: its keys and channels with another key (ChannelWithKey).
  InProcessServer& in_process() { return server_; }
  std::string address() const { return server_.address(); }
  std::unique_ptr<talent::v1::TalentService::Stub> NewStub() const {
    return talent::v1::TalentService::NewStub(server_.channel());
  }

  std::unique_ptr<talent::v1::InterviewService::Stub> NewInterviewStub() const {
    return talent::v1::InterviewService::NewStub(server_.channel());
  }

  // Search's (and interviews') "now" from here on (it stands still until the next call).
  void SetNow(absl::Time now) { clock_.Set(now); }

  const talent::IndexFollower& follower() const {
    return *server_.bundle().Find<talent::IndexFollower>();
  }

  const talent::RoleMatchWorker& alerts() const {
    return *server_.bundle().Find<talent::RoleMatchWorker>();
  }

  // Waits (up to 10 s) until new-match alerts have matched every change committed so far (and
  // so the index has applied them).
  void WaitForAlerts() {
    absl::StatusOr<int64_t> latest = server_.pool().InTransaction<int64_t>(
        absl::Now() + absl::Seconds(5), [](pqxx::work& tx) -> absl::StatusOr<int64_t> {
          return talent::LatestCandidateChange(tx);
        });
    if (!latest.ok()) throw std::runtime_error("cannot read the change feed");
    if (!WaitUntil([&] { return alerts().position() >= *latest; }, absl::Seconds(10))) {
      throw std::runtime_error("new-match alerts fell behind");
    }
  }

  // Waits (up to 10 s) until the search index has applied every change committed so far.
  void WaitForIndex() {
    absl::StatusOr<int64_t> latest = server_.pool().InTransaction<int64_t>(
        absl::Now() + absl::Seconds(5), [](pqxx::work& tx) -> absl::StatusOr<int64_t> {
          return talent::LatestCandidateChange(tx);
        });
    if (!latest.ok()) throw std::runtime_error("cannot read the change feed");
    if (!WaitUntil([&] { return follower().position() >= *latest; }, absl::Seconds(10))) {
      throw std::runtime_error("the index fell behind");
    }
  }

 private:
  // Before the server, which reads it until it is gone.
  TestClock clock_;
  InProcessServer server_;
};

}  // namespace meridian::testing
