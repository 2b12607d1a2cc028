// Tests for common/errors/errors.h: statuses that carry google.rpc error details.
#include "common/errors/errors.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

using ::testing::HasSubstr;

TEST(FieldViolations, EmptyCollectionIsOk) {
  FieldViolations violations;
  EXPECT_TRUE(violations.empty());
  EXPECT_TRUE(violations.ToStatus().ok());
}

TEST(FieldViolations, ReportsEveryViolationInOneInvalidArgument) {
  FieldViolations violations;
  violations.Add("client.display_name", "is required");
  violations.Add("client.working_hours.start", "must be HH:MM");
  ASSERT_FALSE(violations.empty());

  const absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("client.display_name: is required"));
  EXPECT_THAT(status.message(), HasSubstr("client.working_hours.start: must be HH:MM"));

  const auto bad_request = GetBadRequest(status);
  ASSERT_TRUE(bad_request.has_value());
  ASSERT_EQ(bad_request->field_violations_size(), 2);
  EXPECT_EQ(bad_request->field_violations(0).field(), "client.display_name");
  EXPECT_EQ(bad_request->field_violations(0).description(), "is required");
  EXPECT_EQ(bad_request->field_violations(1).field(), "client.working_hours.start");
  EXPECT_EQ(bad_request->field_violations(1).description(), "must be HH:MM");

  const auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), ReasonName(common::v1::INVALID_ARGUMENT));
  EXPECT_EQ(info->domain(), "meridian");
}

TEST(FieldViolations, KeepsRepeatedViolationsOfTheSameField) {
  FieldViolations violations;
  violations.Add("role.title", "is required");
  violations.Add("role.title", "must be at most 200 characters");
  const auto bad_request = GetBadRequest(violations.ToStatus());
  ASSERT_TRUE(bad_request.has_value());
  EXPECT_EQ(bad_request->field_violations_size(), 2);
}

TEST(FieldViolations, TellsTheSameMistakeOnce) {
  FieldViolations violations;
  violations.Add("role.title", "is required");
  violations.Add("role.title", "is required");
  const auto bad_request = GetBadRequest(violations.ToStatus());
  ASSERT_TRUE(bad_request.has_value());
  EXPECT_EQ(bad_request->field_violations_size(), 1);
}

// A hostile request with 100k bad elements makes 100k violations, each with a repeat: every one
// is counted once (before issue 16 the repeat check scanned the list, so this ran for minutes
// and past ctest's timeout).
TEST(FieldViolations, CountsAHundredThousandViolationsOnceEach) {
  FieldViolations violations;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 100000; ++i) {
      violations.Add(absl::StrCat("client.culture_values[", i, "]"), "is too long");
    }
  }
  const absl::Status status = violations.ToStatus();
  EXPECT_THAT(std::string(status.message()), HasSubstr("and 99997 more problems"));
  const auto bad_request = GetBadRequest(status);
  ASSERT_TRUE(bad_request.has_value());
  EXPECT_EQ(bad_request->field_violations_size(), static_cast<int>(kMaxReportedViolations));
}

TEST(InvalidArgument, NamesTheOneField) {
  const absl::Status status = InvalidArgument("page_size", "must be between 0 and 1000");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("page_size"));

  const auto bad_request = GetBadRequest(status);
  ASSERT_TRUE(bad_request.has_value());
  ASSERT_EQ(bad_request->field_violations_size(), 1);
  EXPECT_EQ(bad_request->field_violations(0).field(), "page_size");
  EXPECT_EQ(bad_request->field_violations(0).description(), "must be between 0 and 1000");
  const auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), ReasonName(common::v1::INVALID_ARGUMENT));
}

TEST(NotFound, CarriesResourceNotFoundReasonAndTheName) {
  const absl::Status status = NotFound("clients/123");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("clients/123"));

  const auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), ReasonName(common::v1::RESOURCE_NOT_FOUND));
  EXPECT_EQ(info->domain(), "meridian");

  google::rpc::ResourceInfo resource;
  const auto payload = status.GetPayload(TypeUrlOf(resource));
  ASSERT_TRUE(payload.has_value());
  ASSERT_TRUE(resource.ParseFromString(std::string(*payload)));
  EXPECT_EQ(resource.resource_name(), "clients/123");
  EXPECT_FALSE(GetBadRequest(status).has_value());
}

TEST(WithReason, AttachesReasonDomainAndMetadata) {
  const absl::Status status =
      WithReason(absl::FailedPreconditionError("role is cancelled"),
                 common::v1::ILLEGAL_STATE_TRANSITION, {{"from", "CANCELLED"}, {"to", "OPEN"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "role is cancelled");

  const auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
  EXPECT_EQ(info->domain(), "meridian");
  ASSERT_EQ(info->metadata_size(), 2);
  EXPECT_EQ(info->metadata().at("from"), "CANCELLED");
  EXPECT_EQ(info->metadata().at("to"), "OPEN");
}

TEST(WithReason, ReplacesAnEarlierReason) {
  const absl::Status status =
      WithReason(InvalidArgument("role", "is not open"), common::v1::ROLE_NOT_OPEN);
  const auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), ReasonName(common::v1::ROLE_NOT_OPEN));
  EXPECT_TRUE(HasReason(status, common::v1::ROLE_NOT_OPEN));
  EXPECT_FALSE(HasReason(status, common::v1::INVALID_ARGUMENT));
  // The field violations stay.
  EXPECT_TRUE(GetBadRequest(status).has_value());
}

TEST(WithReason, LeavesOkStatusAlone) {
  const absl::Status status = WithReason(absl::OkStatus(), common::v1::INTERNAL);
  EXPECT_TRUE(status.ok());
  EXPECT_FALSE(GetErrorInfo(status).has_value());
}

TEST(GetDetails, ReturnNothingForAStatusWithoutPayloads) {
  const absl::Status status = absl::InternalError("boom");
  EXPECT_FALSE(GetErrorInfo(status).has_value());
  EXPECT_FALSE(GetBadRequest(status).has_value());
  EXPECT_FALSE(GetErrorInfo(absl::OkStatus()).has_value());
}

TEST(TypeUrlOf, UsesTheGoogleApisPrefixAndFullName) {
  EXPECT_EQ(TypeUrlOf(google::rpc::ErrorInfo()), "type.googleapis.com/google.rpc.ErrorInfo");
  EXPECT_EQ(TypeUrlOf(google::rpc::BadRequest()), "type.googleapis.com/google.rpc.BadRequest");
}

TEST(WithReason, SendsTheEnumValueName) {
  const auto info =
      GetErrorInfo(WithReason(absl::UnavailableError("x"), common::v1::INTAKE_UNAVAILABLE));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "INTAKE_UNAVAILABLE");
}

TEST(DefaultReason, GivesEveryCodeADeclaredReason) {
  EXPECT_EQ(DefaultReason(absl::StatusCode::kInvalidArgument), common::v1::INVALID_ARGUMENT);
  EXPECT_EQ(DefaultReason(absl::StatusCode::kCancelled), common::v1::CANCELLED);
  EXPECT_EQ(DefaultReason(absl::StatusCode::kDeadlineExceeded), common::v1::DEADLINE_EXCEEDED);
  EXPECT_EQ(DefaultReason(absl::StatusCode::kUnavailable), common::v1::UNAVAILABLE);
  EXPECT_EQ(DefaultReason(absl::StatusCode::kInternal), common::v1::INTERNAL);
  EXPECT_EQ(DefaultReason(absl::StatusCode::kUnknown), common::v1::INTERNAL);
  EXPECT_EQ(DefaultReason(absl::StatusCode::kDataLoss), common::v1::INTERNAL);
  EXPECT_EQ(DefaultReason(absl::StatusCode::kFailedPrecondition), common::v1::UNCLASSIFIED);
  for (int code = 1; code <= 16; ++code) {
    const common::v1::ErrorReason reason = DefaultReason(static_cast<absl::StatusCode>(code));
    EXPECT_NE(reason, common::v1::ERROR_REASON_UNSPECIFIED) << code;
    EXPECT_TRUE(common::v1::ErrorReason_IsValid(reason)) << code;
  }
}

}  // namespace
}  // namespace meridian
