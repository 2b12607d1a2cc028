#include "tests/support/test_keys.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/bootstrap.h"
#include "common/auth/key_store.h"
#include "common/client/keyed_channel.h"
#include "common/util/ids.h"
#include "grpcpp/security/credentials.h"

namespace meridian::testing {

std::string CreateTestKey(db::ConnectionPool& pool, access::v1::Role role,
                          const std::string& agency) {
  std::string key;
  absl::string_view agency_view = agency;
  absl::ConsumePrefix(&agency_view, "agencies/");
  const std::string agency_id(agency_view);
  absl::Status made =
      pool.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) -> absl::Status {
        if (!agency_id.empty() && !key_store::FindAgency(tx, agency_id).has_value()) {
          key_store::InsertAgency(tx, agency_id, absl::StrCat("Agency ", agency_id));
        }
        key_store::NewKey record;
        record.display_name = absl::StrCat("test ", access::v1::Role_Name(role));
        record.role = role;
        record.agency_id = agency_id;
        key = key_store::InsertNewApiKey(tx, NewResourceId(), record);
        return absl::OkStatus();
      });
  if (!made.ok()) throw std::runtime_error(std::string(made.message()));
  return key;
}

std::string CreateTestKey(const std::string& database_url, access::v1::Role role,
                          const std::string& agency) {
  db::ConnectionPool pool({.url = database_url, .size = 1});
  std::string key = CreateTestKey(pool, role, agency);
  pool.Close();
  return key;
}

std::string ReadBootstrapKey(const std::string& path) {
  absl::StatusOr<std::string> key = ReadKeyFile(path);
  if (!key.ok()) throw std::runtime_error(std::string(key.status().message()));
  return *key;
}

std::shared_ptr<grpc::Channel> KeyedChannel(const std::string& address, const std::string& key) {
  return CreateKeyedChannel(address, grpc::InsecureChannelCredentials(), {.key = key});
}

}  // namespace meridian::testing
