// An in-process intake server for integration tests: the real gRPC server (health,
// reflection, the intake service, wired by MakeIntakeServices as in intake_server) on
// 127.0.0.1, over a real database (migrated here).
//
//   TestDatabase database;
//   IntakeTestServer server(database.url());
//   auto stub = server.NewStub();
#pragma once

#include <memory>
#include <string>

#include "meridian/intake/v1/intake.grpc.pb.h"
#include "services/intake/intake_wiring.h"
#include "tests/support/in_process_server.h"

namespace meridian::testing {

class IntakeTestServer final {
 public:
  // `port` 0 picks a free one; a fixed port lets a test stop and restart "the same" server.
  // `events` sets the event feed's tail and webhooks (none by default: no signing key).
  explicit IntakeTestServer(const std::string& database_url, int port = 0,
                            intake::EventWiring events = {})
      : server_(intake::IntakeServerDescription(), {.database_url = database_url, .port = port},
                [events = std::move(events)](db::ConnectionPool& pool) {
                  return intake::MakeIntakeServices(pool, {}, events);
                }) {}

  std::shared_ptr<grpc::Channel> channel() const { return server_.channel(); }
  // The server underneath: its keys and channels with another key (ChannelWithKey).
  InProcessServer& in_process() { return server_; }
  std::string address() const { return server_.address(); }
  std::unique_ptr<intake::v1::IntakeService::Stub> NewStub() const {
    return intake::v1::IntakeService::NewStub(server_.channel());
  }

 private:
  InProcessServer server_;
};

}  // namespace meridian::testing
