#include "tests/support/in_process_server.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "common/client/keyed_channel.h"
#include "common/migrations/migrations.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tests/support/test_keys.h"
#include "tests/support/wait.h"

namespace meridian::testing {
namespace {

// The database migrated before the pool opens and the services start, as RunServer does.
const std::string& Migrated(const std::string& database_url) {
  absl::StatusOr<int> migrated = db::ApplyMigrations(database_url, db::AllMigrations());
  if (!migrated.ok()) throw std::runtime_error(std::string(migrated.status().message()));
  return database_url;
}

}  // namespace

InProcessServer::InProcessServer(const ServerDescription& description, Options options,
                                 const Factory& make_services)
    : pool_({.url = Migrated(options.database_url), .size = 4}),
      admin_key_(CreateTestKey(pool_, access::v1::ADMIN)),
      bundle_(make_services(pool_)) {
  // Tests start from a ready service (e.g. a loaded search index); a search before that
  // would answer UNAVAILABLE.
  if (!WaitUntil([this] { return bundle_.ready(); }, options.ready_timeout)) {
    throw std::runtime_error(
        absl::StrCat("the ", description.service, " services did not become ready"));
  }
  host_ = std::make_unique<ServiceHost>(
      ServiceHost::Options{.listen_address = absl::StrCat("127.0.0.1:", options.port),
                           .health_service_names = description.grpc_service_names,
                           .shutdown_grace = absl::Seconds(2),
                           .health_check_interval = options.health_check_interval},
      bundle_.services(), [this] { return CheckReadiness(bundle_, pool_); });
  if (absl::Status started = host_->Start(); !started.ok()) {
    throw std::runtime_error(std::string(started.message()));
  }
  channel_ = ChannelWithKey(admin_key_);
}

std::shared_ptr<grpc::Channel> InProcessServer::ChannelWithKey(const std::string& key) const {
  return CreateKeyedChannel(address(), grpc::InsecureChannelCredentials(), {.key = key});
}

InProcessServer::~InProcessServer() {
  // The host first (its destructor shuts the server down and waits for the calls), then what
  // the calls used.
  host_.reset();
  bundle_.Release();
  pool_.Close();
}

std::string InProcessServer::address() const { return absl::StrCat("127.0.0.1:", host_->port()); }

}  // namespace meridian::testing
