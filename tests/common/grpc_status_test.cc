// Tests for common/server/grpc_status.h: absl::Status to grpc::Status at the RPC boundary.
#include "common/server/grpc_status.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

std::vector<google::rpc::ErrorInfo> ErrorInfosOf(const grpc::Status& status) {
  std::vector<google::rpc::ErrorInfo> infos;
  const google::rpc::Status details = DetailsOf(status);
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&info)) infos.push_back(info);
  }
  return infos;
}

bool HasBadRequest(const grpc::Status& status, google::rpc::BadRequest* out) {
  const google::rpc::Status details = DetailsOf(status);
  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::BadRequest>()) return any.UnpackTo(out);
  }
  return false;
}

TEST(ToGrpcStatus, OkStaysOkWithoutDetails) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OK);
  EXPECT_TRUE(status.error_details().empty());
}

TEST(ToGrpcStatus, MapsEveryCanonicalCode) {
  const std::vector<std::pair<absl::Status, grpc::StatusCode>> cases = {
      {absl::CancelledError("x"), grpc::StatusCode::CANCELLED},
      {absl::InvalidArgumentError("x"), grpc::StatusCode::INVALID_ARGUMENT},
      {absl::DeadlineExceededError("x"), grpc::StatusCode::DEADLINE_EXCEEDED},
      {absl::NotFoundError("x"), grpc::StatusCode::NOT_FOUND},
      {absl::AlreadyExistsError("x"), grpc::StatusCode::ALREADY_EXISTS},
      {absl::PermissionDeniedError("x"), grpc::StatusCode::PERMISSION_DENIED},
      {absl::ResourceExhaustedError("x"), grpc::StatusCode::RESOURCE_EXHAUSTED},
      {absl::FailedPreconditionError("x"), grpc::StatusCode::FAILED_PRECONDITION},
      {absl::AbortedError("x"), grpc::StatusCode::ABORTED},
      {absl::OutOfRangeError("x"), grpc::StatusCode::OUT_OF_RANGE},
      {absl::UnimplementedError("x"), grpc::StatusCode::UNIMPLEMENTED},
      {absl::InternalError("x"), grpc::StatusCode::INTERNAL},
      {absl::UnavailableError("x"), grpc::StatusCode::UNAVAILABLE},
      {absl::DataLossError("x"), grpc::StatusCode::DATA_LOSS},
      {absl::UnauthenticatedError("x"), grpc::StatusCode::UNAUTHENTICATED},
      {absl::UnknownError("x"), grpc::StatusCode::UNKNOWN},
  };
  for (const auto& [input, expected] : cases) {
    const grpc::Status status = ToGrpcStatus(input);
    EXPECT_EQ(status.error_code(), expected) << input;
    EXPECT_EQ(DetailsOf(status).code(), static_cast<int>(expected)) << input;
  }
}

TEST(ToGrpcStatus, KeepsMessageOfClientErrors) {
  const grpc::Status status = ToGrpcStatus(absl::FailedPreconditionError("role is cancelled"));
  EXPECT_EQ(status.error_message(), "role is cancelled");
  EXPECT_EQ(DetailsOf(status).message(), "role is cancelled");
}

TEST(ToGrpcStatus, PacksFieldViolationsAndReason) {
  FieldViolations violations;
  violations.Add("client.display_name", "is required");
  violations.Add("client.website", "must be a URL");
  const grpc::Status status = ToGrpcStatus(violations.ToStatus());

  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(HasBadRequest(status, &bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "client.display_name");
  EXPECT_EQ(bad_request.field_violations(1).field(), "client.website");

  const auto infos = ErrorInfosOf(status);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), ReasonName(common::v1::INVALID_ARGUMENT));
  EXPECT_EQ(infos[0].domain(), "meridian");
}

TEST(ToGrpcStatus, PassesReasonAndMetadataThrough) {
  const grpc::Status status =
      ToGrpcStatus(WithReason(absl::FailedPreconditionError("no"),
                              common::v1::ILLEGAL_STATE_TRANSITION, {{"from", "CANCELLED"}}));
  const auto infos = ErrorInfosOf(status);
  ASSERT_EQ(infos.size(), 1u);  // No default reason next to the given one.
  EXPECT_EQ(infos[0].reason(), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
  EXPECT_EQ(infos[0].metadata().at("from"), "CANCELLED");
}

TEST(ToGrpcStatus, NotFoundKeepsResourceInfo) {
  const grpc::Status status = ToGrpcStatus(NotFound("clients/abc"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  bool found = false;
  const google::rpc::Status details = DetailsOf(status);
  for (const auto& any : details.details()) {
    google::rpc::ResourceInfo info;
    if (any.Is<google::rpc::ResourceInfo>() && any.UnpackTo(&info)) {
      found = true;
      EXPECT_EQ(info.resource_name(), "clients/abc");
    }
  }
  EXPECT_TRUE(found);
  const auto infos = ErrorInfosOf(status);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), ReasonName(common::v1::RESOURCE_NOT_FOUND));
}

TEST(ToGrpcStatus, AddsDefaultReasonWhenNoneWasAttached) {
  const grpc::Status status = ToGrpcStatus(absl::UnavailableError("database is down"));
  const auto infos = ErrorInfosOf(status);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), ReasonName(common::v1::UNAVAILABLE));
  EXPECT_EQ(infos[0].domain(), "meridian");
}

TEST(ToGrpcStatus, HidesInternalFailuresAndDropsTheirDetails) {
  const std::string secret = "ERROR: relation \"intake.clients\" SELECT password FROM users";
  for (absl::StatusCode code :
       {absl::StatusCode::kInternal, absl::StatusCode::kUnknown, absl::StatusCode::kDataLoss}) {
    absl::Status internal(code, secret);
    internal = WithReason(internal, common::v1::CONCURRENT_CONFLICT, {{"query", secret}});
    internal.SetPayload("type.googleapis.com/google.rpc.DebugInfo", absl::Cord(secret));
    const grpc::Status status = ToGrpcStatus(internal);

    EXPECT_EQ(status.error_code(), static_cast<grpc::StatusCode>(code));
    EXPECT_EQ(status.error_message(), "internal error");
    EXPECT_THAT(status.error_details(), Not(HasSubstr("SELECT")));
    EXPECT_THAT(status.error_details(), Not(HasSubstr("CONCURRENT_CONFLICT")));
    const google::rpc::Status details = DetailsOf(status);
    EXPECT_EQ(details.message(), "internal error");
    ASSERT_EQ(details.details_size(), 1);
    const auto infos = ErrorInfosOf(status);
    ASSERT_EQ(infos.size(), 1u);
    // UNKNOWN and DATA_LOSS too: one reason for every fault on Meridian's side.
    EXPECT_EQ(infos[0].reason(), ReasonName(common::v1::INTERNAL));
    EXPECT_TRUE(infos[0].metadata().empty());
  }
}

}  // namespace
}  // namespace meridian
