// One service's real gRPC server inside the test process, wired by the service's own wiring
// function (the one its main() calls): migrates the database, opens a pool, builds the
// ServiceBundle, waits until the bundle is ready, and serves it on 127.0.0.1 with health and
// reflection, as the binary would. The per-service test servers
// (tests/services/<svc>/<svc>_test_server.h) are this plus their service's options and stubs.
//
//   InProcessServer server(intake::IntakeServerDescription(), {.database_url = database.url()},
//                          [](db::ConnectionPool& pool) {
//                            return intake::MakeIntakeServices(pool);
//                          });
//   auto stub = intake::v1::IntakeService::NewStub(server.channel());
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/server/service_bundle.h"
#include "common/server/service_host.h"
#include "grpcpp/channel.h"

namespace meridian::testing {

class InProcessServer final {
 public:
  struct Options {
    std::string database_url;
    // 0 picks a free one; a fixed port lets a test stop and restart "the same" server.
    int port = 0;
    // How often health asks the bundle and the database: short, so that tests of health see
    // a change soon.
    absl::Duration health_check_interval = absl::Milliseconds(200);
    // How long the bundle may take to become ready (e.g. the search index to load).
    absl::Duration ready_timeout = absl::Seconds(10);
  };
  using Factory = std::function<ServiceBundle(db::ConnectionPool& pool)>;

  // Serving when it returns; throws std::runtime_error when migrations fail, the bundle does
  // not become ready or the port cannot be bound.
  InProcessServer(const ServerDescription& description, Options options,
                  const Factory& make_services);
  // Stops the server, then releases the bundle (workers stop), then closes the pool.
  ~InProcessServer();
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  // A channel whose calls carry an ADMIN key made for this server.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A channel whose calls carry `key` (see tests/support/test_keys.h).
  std::shared_ptr<grpc::Channel> ChannelWithKey(const std::string& key) const;
  const std::string& admin_key() const { return admin_key_; }
  // "127.0.0.1:<port>".
  std::string address() const;
  // The pool the services use, for a test that reads the database as they see it.
  db::ConnectionPool& pool() { return pool_; }
  // What the wiring built, for a test that reaches inside (bundle().Find<IndexFollower>()).
  const ServiceBundle& bundle() const { return bundle_; }

 private:
  db::ConnectionPool pool_;
  const std::string admin_key_;
  ServiceBundle bundle_;
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace meridian::testing
