// An in-process intake server for integration tests: the real gRPC server (health,
// reflection, the intake service) on 127.0.0.1 with a free port, over a real database.
//
//   TestDatabase database;
//   IntakeTestServer server(database.url());
//   auto stub = server.NewStub();
#pragma once

#include <memory>
#include <string>

#include "common/db/pool.h"
#include "common/migrations/migrations.h"
#include "common/server/service_host.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "services/intake/intake_grpc.h"

namespace meridian::testing {

class IntakeTestServer final {
 public:
  // `port` 0 picks a free one; a fixed port lets a test stop and restart "the same" server.
  explicit IntakeTestServer(const std::string& database_url,
                            absl::Duration health_check_interval = absl::Milliseconds(200),
                            int port = 0)
      : pool_({.url = database_url, .size = 4}), service_(pool_) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_url, db::AllMigrations());
    if (!migrated.ok()) throw std::runtime_error(std::string(migrated.status().message()));
    host_ = std::make_unique<ServiceHost>(
        ServiceHost::Options{.listen_address = absl::StrCat("127.0.0.1:", port),
                             .health_service_names = {"meridian.intake.v1.IntakeService"},
                             .shutdown_grace = absl::Seconds(2),
                             .health_check_interval = health_check_interval},
        std::vector<grpc::Service*>{&service_},
        [this] { return pool_.Ping(absl::Now() + absl::Seconds(1)); });
    absl::Status started = host_->Start();
    if (!started.ok()) throw std::runtime_error(std::string(started.message()));
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  ~IntakeTestServer() { Stop(); }

  void Stop() {
    if (host_ != nullptr) host_->Shutdown();
    pool_.Close();
  }

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::string address() const { return absl::StrCat("127.0.0.1:", host_->port()); }
  std::unique_ptr<intake::v1::IntakeService::Stub> NewStub() const {
    return intake::v1::IntakeService::NewStub(channel_);
  }

 private:
  db::ConnectionPool pool_;
  intake::IntakeGrpc service_;
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace meridian::testing
