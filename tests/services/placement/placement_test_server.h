// An in-process placement server for integration tests, wired to running intake and talent
// servers, with a settable clock and a follow-up worker the test drives by hand
// (RunDueTasks) instead of a background thread.
//
//   PlacementTestServer placement(database.url(), intake.address(), talent.address());
//   placement.SetNow(absl::FromCivil(absl::CivilSecond(2027, 3, 16, 12, 0, 0),
//   absl::UTCTimeZone())); placement.RunDueTasks();
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/db/pool.h"
#include "common/migrations/migrations.h"
#include "common/server/service_host.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "services/placement/follow_up_worker.h"
#include "services/placement/grpc_follow_up_gateway.h"
#include "services/placement/placement_grpc.h"
#include "services/placement/placement_service.h"

namespace meridian::testing {

class PlacementTestServer final {
 public:
  PlacementTestServer(const std::string& database_url, const std::string& intake_address,
                      const std::string& talent_address)
      : pool_({.url = database_url, .size = 4}),
        gateway_(grpc::CreateChannel(intake_address, grpc::InsecureChannelCredentials()),
                 grpc::CreateChannel(talent_address, grpc::InsecureChannelCredentials()),
                 absl::Seconds(3)),
        core_(pool_, gateway_, [this] { return absl::FromUnixMicros(now_micros_.load()); }),
        worker_(pool_, gateway_,
                {.first_retry = absl::Milliseconds(50), .max_retry = absl::Milliseconds(50)}),
        service_(core_) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_url, db::AllMigrations());
    if (!migrated.ok()) throw std::runtime_error(std::string(migrated.status().message()));
    host_ = std::make_unique<ServiceHost>(
        ServiceHost::Options{.listen_address = "127.0.0.1:0",
                             .health_service_names = {"meridian.placement.v1.PlacementService"},
                             .shutdown_grace = absl::Seconds(2)},
        std::vector<grpc::Service*>{&service_},
        [this] { return pool_.Ping(absl::Now() + absl::Seconds(1)); });
    absl::Status started = host_->Start();
    if (!started.ok()) throw std::runtime_error(std::string(started.message()));
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  ~PlacementTestServer() {
    host_->Shutdown();
    pool_.Close();
  }

  void SetNow(absl::Time now) { now_micros_ = absl::ToUnixMicros(now); }
  int RunDueTasks() { return worker_.RunDueTasks(); }
  int ApplyErasures() { return worker_.ApplyErasures(); }

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::unique_ptr<placement::v1::PlacementService::Stub> NewStub() const {
    return placement::v1::PlacementService::NewStub(channel_);
  }

 private:
  std::atomic<int64_t> now_micros_{absl::ToUnixMicros(absl::Now())};
  db::ConnectionPool pool_;
  placement::GrpcFollowUpGateway gateway_;
  placement::PlacementService core_;
  placement::FollowUpWorker worker_;
  placement::PlacementGrpc service_;
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace meridian::testing
