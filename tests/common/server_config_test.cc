// Tests for common/config: flag-to-environment naming and ServerConfig validation.
#include "common/config/server_config.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/config/env_flags.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

using ::testing::HasSubstr;

ServerConfig GoodConfig() {
  ServerConfig config;
  config.listen_address = "127.0.0.1:50051";
  config.database_url = "postgresql://meridian@127.0.0.1:5432/meridian";
  return config;
}

void ExpectRejectedNaming(const ServerConfig& config, absl::string_view flag) {
  const absl::Status status = ValidateServerConfig(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << flag;
  EXPECT_THAT(status.message(), HasSubstr(absl::StrCat("--", flag)));
  EXPECT_THAT(status.message(), HasSubstr(EnvironmentVariableFor(flag)));
}

TEST(EnvironmentVariableFor, PrefixesAndUpperCasesTheFlagName) {
  EXPECT_EQ(EnvironmentVariableFor("database_url"), "MERIDIAN_DATABASE_URL");
  EXPECT_EQ(EnvironmentVariableFor("listen_address"), "MERIDIAN_LISTEN_ADDRESS");
  EXPECT_EQ(EnvironmentVariableFor("db_pool_size"), "MERIDIAN_DB_POOL_SIZE");
}

TEST(ValidateServerConfig, AcceptsAGoodConfig) {
  EXPECT_TRUE(ValidateServerConfig(GoodConfig()).ok());
}

TEST(ValidateServerConfig, AcceptsBoundaryValues) {
  ServerConfig config = GoodConfig();
  config.listen_address = "0.0.0.0:0";  // Port 0 picks a free port.
  config.db_pool_size = 1;
  config.shutdown_grace = absl::ZeroDuration();
  config.health_check_interval = absl::Milliseconds(100);
  EXPECT_TRUE(ValidateServerConfig(config).ok());
  config.listen_address = "[::1]:65535";
  config.db_pool_size = 256;
  EXPECT_TRUE(ValidateServerConfig(config).ok());
}

TEST(ValidateServerConfig, RejectsBadListenAddress) {
  for (const char* address :
       {"nohost", "host:99999", "host:", ":50051", "host:-1", "host:http", ""}) {
    ServerConfig config = GoodConfig();
    config.listen_address = address;
    SCOPED_TRACE(address);
    ExpectRejectedNaming(config, "listen_address");
  }
}

TEST(ValidateServerConfig, RequiresADatabaseUrl) {
  ServerConfig config = GoodConfig();
  config.database_url.clear();
  ExpectRejectedNaming(config, "database_url");
}

TEST(ValidateServerConfig, RejectsPoolSizeOutsideOneTo256) {
  for (int size : {0, -1, 257}) {
    ServerConfig config = GoodConfig();
    config.db_pool_size = size;
    SCOPED_TRACE(size);
    ExpectRejectedNaming(config, "db_pool_size");
  }
}

TEST(ValidateServerConfig, RejectsNonPositiveStatementTimeout) {
  ServerConfig config = GoodConfig();
  config.statement_timeout = absl::ZeroDuration();
  ExpectRejectedNaming(config, "statement_timeout");
}

TEST(ValidateServerConfig, RejectsNegativeShutdownGrace) {
  ServerConfig config = GoodConfig();
  config.shutdown_grace = absl::Seconds(-1);
  ExpectRejectedNaming(config, "shutdown_grace");
}

TEST(ValidateServerConfig, RejectsHealthIntervalBelow100ms) {
  ServerConfig config = GoodConfig();
  config.health_check_interval = absl::Milliseconds(99);
  ExpectRejectedNaming(config, "health_check_interval");
}

TEST(ValidateServerConfig, AcceptsRoleRateLimits) {
  ServerConfig config = GoodConfig();
  absl::StatusOr<RoleRateLimits> limits = ParseRoleRateLimits("PARTNER=50/100,RECRUITER=0.5/1");
  ASSERT_TRUE(limits.ok()) << limits.status();
  config.rate_limits = *limits;
  EXPECT_TRUE(ValidateServerConfig(config).ok());
}

TEST(ValidateServerConfig, RejectsABadRoleRateLimitNamingTheRule) {
  ServerConfig config = GoodConfig();
  access::v1::RateLimit limit;
  limit.set_requests_per_second(10);
  limit.set_burst(0);
  config.rate_limits[access::v1::PARTNER] = limit;
  ExpectRejectedNaming(config, "rate_limits");
  EXPECT_THAT(ValidateServerConfig(config).message(),
              HasSubstr("PARTNER: burst must be a whole number from 1 to 1,000,000"));
}

}  // namespace
}  // namespace meridian
