// Clients and roles as callers write them (text format of meridian.intake.v1.Client, then 0x1F
// and a Role): validation never crashes, reports INVALID_ARGUMENT or passes, and what passes
// passes again unchanged (validation is also normalisation, and must be stable).
#include <string>

#include "services/intake/domain/validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

meridian::intake::v1::Client FallbackClient() {
  meridian::intake::v1::Client client;
  client.set_display_name("Acme");
  client.mutable_working_hours()->set_time_zone("America/New_York");
  client.mutable_working_hours()->set_start("09:00");
  client.mutable_working_hours()->set_end("17:00");
  return client;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::vector<std::string> parts = fuzz::SplitInput(data, size, 2);

  intake::v1::Client client;
  bool client_valid = false;
  if (fuzz::ParseText(parts[0], &client)) {
    intake::ClearOutputOnlyFields(client);
    const absl::Status status = intake::ValidateClient(client, "client");
    FUZZ_CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument,
               "ValidateClient failed with a code other than INVALID_ARGUMENT");
    if (status.ok()) {
      client_valid = true;
      intake::v1::Client again = client;
      FUZZ_CHECK(intake::ValidateClient(again, "client").ok(), "a valid client failed again");
      FUZZ_CHECK(again.SerializeAsString() == client.SerializeAsString(),
                 "validating a valid client changed it");
    }
  }

  intake::v1::Role role;
  if (!fuzz::ParseText(parts[1], &role)) return 0;
  intake::ClearOutputOnlyFields(role);
  const intake::v1::Client owner = client_valid ? client : FallbackClient();
  const absl::Status status = intake::PrepareRole(role, "role", fuzz::TestCatalog(), owner);
  FUZZ_CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument,
             "PrepareRole failed with a code other than INVALID_ARGUMENT");
  if (status.ok()) {
    intake::v1::Role again = role;
    FUZZ_CHECK(intake::PrepareRole(again, "role", fuzz::TestCatalog(), owner).ok(),
               "a prepared role failed again");
  }
  return 0;
}
