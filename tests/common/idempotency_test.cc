// Tests for the pure parts of common/api/idempotency.h: request ids and request fingerprints.
#include "common/api/idempotency.h"

#include <string>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.pb.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using intake::v1::CreateClientRequest;
using intake::v1::CreateRoleRequest;
using ::testing::ElementsAre;

void ExpectRejected(absl::string_view request_id) {
  const absl::Status status = ValidateRequestId(request_id);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << "\"" << request_id << "\"";
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("request_id"));
}

CreateClientRequest SampleRequest() {
  CreateClientRequest request;
  request.set_request_id("6f1c2f7e-2b7a-4a51-9a7e-0c1d2e3f4a5b");
  request.mutable_client()->set_display_name("Acme");
  request.mutable_client()->add_culture_values("craft");
  request.mutable_client()->mutable_working_hours()->set_time_zone("UTC");
  return request;
}

TEST(ValidateRequestId, AcceptsEmptyUuidAndPrintableIds) {
  EXPECT_TRUE(ValidateRequestId("").ok());
  EXPECT_TRUE(ValidateRequestId("6f1c2f7e-2b7a-4a51-9a7e-0c1d2e3f4a5b").ok());
  EXPECT_TRUE(ValidateRequestId("retry:client/42#1~!").ok());
  EXPECT_TRUE(ValidateRequestId(std::string(128, 'a')).ok());
}

TEST(ValidateRequestId, RejectsTooLongIds) { ExpectRejected(std::string(129, 'a')); }

TEST(ValidateRequestId, RejectsSpacesControlAndNonAsciiCharacters) {
  ExpectRejected("has space");
  ExpectRejected("tab\there");
  ExpectRejected("new\nline");
  ExpectRejected(std::string("nul\0byte", 8));
  ExpectRejected("del\x7f");
  ExpectRejected("caf\xc3\xa9");  // "café" in UTF-8.
}

TEST(RequestFingerprint, IsDeterministicHexSha256) {
  const std::string first = RequestFingerprint(SampleRequest());
  EXPECT_EQ(first, RequestFingerprint(SampleRequest()));
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos) << first;
}

TEST(RequestFingerprint, IgnoresTheRequestId) {
  CreateClientRequest retry = SampleRequest();
  retry.set_request_id("another-id");
  EXPECT_EQ(RequestFingerprint(retry), RequestFingerprint(SampleRequest()));
  retry.clear_request_id();
  EXPECT_EQ(RequestFingerprint(retry), RequestFingerprint(SampleRequest()));
}

TEST(RequestFingerprint, ChangesWithAnyOtherField) {
  const std::string original = RequestFingerprint(SampleRequest());

  CreateClientRequest renamed = SampleRequest();
  renamed.mutable_client()->set_display_name("Acme Corp");
  EXPECT_NE(RequestFingerprint(renamed), original);

  CreateClientRequest more_values = SampleRequest();
  more_values.mutable_client()->add_culture_values("candour");
  EXPECT_NE(RequestFingerprint(more_values), original);

  CreateClientRequest other_zone = SampleRequest();
  other_zone.mutable_client()->mutable_working_hours()->set_time_zone("Asia/Kolkata");
  EXPECT_NE(RequestFingerprint(other_zone), original);

  CreateClientRequest sized = SampleRequest();
  sized.mutable_client()->set_team_size(1);
  EXPECT_NE(RequestFingerprint(sized), original);
}

TEST(RequestFingerprint, DistinguishesRequestsOfOtherShapes) {
  CreateRoleRequest role;
  role.set_parent("clients/6f1c2f7e-2b7a-4a51-9a7e-0c1d2e3f4a5b");
  role.set_request_id("x");
  CreateRoleRequest other_parent = role;
  other_parent.set_parent("clients/00000000-2b7a-4a51-9a7e-0c1d2e3f4a5b");
  EXPECT_NE(RequestFingerprint(role), RequestFingerprint(other_parent));
  // A message without a request_id field is fingerprinted whole.
  intake::v1::GetClientRequest get;
  get.set_name("clients/x");
  EXPECT_EQ(RequestFingerprint(get).size(), 64u);
}

}  // namespace
}  // namespace meridian
