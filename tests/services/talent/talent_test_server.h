// An in-process talent server for integration tests: the real gRPC server on 127.0.0.1
// with a free port, over a real database (migrated here).
//
// The search index follows the change feed every 50 ms, and roles come from the intake
// service at `intake_address` (by default an address where nothing listens).
//
//   TestDatabase database;
//   TalentTestServer server(database.url());
//   auto stub = server.NewStub();
#pragma once

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/migrations/migrations.h"
#include "common/server/service_host.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "services/talent/index_follower.h"
#include "services/talent/intake_roles.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search_service.h"
#include "services/talent/talent_grpc.h"
#include "services/talent/talent_store.h"

namespace meridian::testing {

class TalentTestServer final {
 public:
  // `port` 0 picks a free one; a fixed port lets a test stop and restart "the same" server.
  explicit TalentTestServer(const std::string& database_url,
                            const std::string& intake_address = "127.0.0.1:1", int port = 0)
      : pool_({.url = database_url, .size = 4}),
        follower_(pool_, index_, {.poll_interval = absl::Milliseconds(50)}),
        roles_(grpc::CreateChannel(intake_address, grpc::InsecureChannelCredentials()),
               absl::Seconds(2)),
        search_(pool_, index_, follower_, roles_),
        pipeline_(pool_, roles_, search_),
        service_(pool_, search_, pipeline_) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_url, db::AllMigrations());
    if (!migrated.ok()) throw std::runtime_error(std::string(migrated.status().message()));
    follower_.Start();
    // Searches before the initial load answer UNAVAILABLE; tests start from a loaded index.
    for (int i = 0; i < 500 && !follower_.loaded(); ++i) absl::SleepFor(absl::Milliseconds(20));
    if (!follower_.loaded()) throw std::runtime_error("the search index did not load");
    host_ = std::make_unique<ServiceHost>(
        ServiceHost::Options{.listen_address = absl::StrCat("127.0.0.1:", port),
                             .health_service_names = {"meridian.talent.v1.TalentService"},
                             .shutdown_grace = absl::Seconds(2)},
        std::vector<grpc::Service*>{&service_},
        [this] { return pool_.Ping(absl::Now() + absl::Seconds(1)); });
    absl::Status started = host_->Start();
    if (!started.ok()) throw std::runtime_error(std::string(started.message()));
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  ~TalentTestServer() {
    host_->Shutdown();
    follower_.Stop();
    pool_.Close();
  }

  const talent::IndexFollower& follower() const { return follower_; }
  std::string address() const { return absl::StrCat("127.0.0.1:", host_->port()); }

  // Waits (up to 10 s) until the search index has applied every change committed so far.
  void WaitForIndex() {
    absl::StatusOr<int64_t> latest = pool_.InTransaction<int64_t>(
        absl::Now() + absl::Seconds(5), [](pqxx::work& tx) -> absl::StatusOr<int64_t> {
          return talent::LatestCandidateChange(tx);
        });
    if (!latest.ok()) throw std::runtime_error("cannot read the change feed");
    for (int i = 0; i < 500 && follower_.position() < *latest; ++i) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    if (follower_.position() < *latest) throw std::runtime_error("the index fell behind");
  }

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::unique_ptr<talent::v1::TalentService::Stub> NewStub() const {
    return talent::v1::TalentService::NewStub(channel_);
  }

 private:
  db::ConnectionPool pool_;
  talent::SearchIndex index_;
  talent::IndexFollower follower_;
  talent::IntakeRoleSource roles_;
  talent::SearchService search_;
  talent::PipelineService pipeline_;
  talent::TalentGrpc service_;
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace meridian::testing
