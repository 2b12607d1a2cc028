// API keys for tests: made straight in the test database (as the bootstrap does), so a test
// can call the services as any role without going through AccessService first.
//
//   std::string admin = CreateTestKey(database.url(), access::v1::ADMIN);
//   std::string partner = CreateTestKey(database.url(), access::v1::PARTNER, "agencies/acme");
//   auto channel = CreateKeyedChannel(address, grpc::InsecureChannelCredentials(),
//                                     {.key = partner});
#pragma once

#include <string>

#include "common/db/pool.h"
#include "meridian/access/v1/access.pb.h"

namespace meridian::testing {

// A new working key of `role` (`agency`, "agencies/{id}", for a PARTNER: the agency is made
// when it does not exist yet). Throws std::runtime_error when the database refuses.
std::string CreateTestKey(db::ConnectionPool& pool, access::v1::Role role,
                          const std::string& agency = "");
std::string CreateTestKey(const std::string& database_url, access::v1::Role role,
                          const std::string& agency = "");

}  // namespace meridian::testing
