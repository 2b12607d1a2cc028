// API keys for tests: made straight in the test database (as the bootstrap does), so a test
// can call the services as any role without going through AccessService first.
//
//   std::string admin = CreateTestKey(database.url(), access::v1::ADMIN);
//   std::string partner = CreateTestKey(database.url(), access::v1::PARTNER, "agencies/acme");
//   auto channel = CreateKeyedChannel(address, grpc::InsecureChannelCredentials(),
//                                     {.key = partner});
#pragma once

#include <memory>
#include <string>

#include "common/db/pool.h"
#include "grpcpp/channel.h"
#include "meridian/access/v1/access.pb.h"

namespace meridian::testing {

// A new working key of `role` (`agency`, "agencies/{id}", for a PARTNER: the agency is made
// when it does not exist yet). Throws std::runtime_error when the database refuses.
std::string CreateTestKey(db::ConnectionPool& pool, access::v1::Role role,
                          const std::string& agency = "");
std::string CreateTestKey(const std::string& database_url, access::v1::Role role,
                          const std::string& agency = "");

// The key a server started with --bootstrap_admin_key_file=`path` wrote there. Throws
// std::runtime_error when the file is missing or unreadable.
std::string ReadBootstrapKey(const std::string& path);

// A plaintext channel to `address` whose calls carry `key`.
std::shared_ptr<grpc::Channel> KeyedChannel(const std::string& address, const std::string& key);

}  // namespace meridian::testing
