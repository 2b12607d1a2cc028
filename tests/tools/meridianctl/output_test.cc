// meridianctl's output: formats, JSON and YAML of a message, times in the user's zone, colour
// only when wanted, and what a failed call says and exits with.
#include "tools/meridianctl/output.h"

#include <cstdlib>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "meridian/talent/v1/talent.pb.h"
#include "tools/meridianctl/rpc_error.h"

namespace meridian::ctl {
namespace {

using ::testing::HasSubstr;

TEST(OutputFormatTest, ParsesTheThreeFormatsAndRefusesOthers) {
  EXPECT_EQ(*ParseOutputFormat(""), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("JSON"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("yaml"), OutputFormat::kYaml);
  absl::StatusOr<OutputFormat> wrong = ParseOutputFormat("xml");
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(std::string(wrong.status().message()), HasSubstr("table, json or yaml"));
}

talent::v1::ScoreFactor Factor() {
  talent::v1::ScoreFactor factor;
  factor.set_factor("rate");
  factor.set_points(0);
  factor.set_max_points(10);
  factor.set_explanation("above the budget: \"9000 USD\"");
  return factor;
}

TEST(MessageOutputTest, JsonUsesProtoNamesAndShowsZeros) {
  const std::string json = MessageToJson(Factor());
  EXPECT_THAT(json, HasSubstr("\"points\": 0"));
  EXPECT_THAT(json, HasSubstr("\"max_points\": 10"));
  EXPECT_EQ(json.back(), '\n');
}

TEST(MessageOutputTest, YamlIsTheSameDocument) {
  EXPECT_EQ(MessageToYaml(Factor()),
            "factor: rate\n"
            "points: 0\n"
            "max_points: 10\n"
            "explanation: \"above the budget: \\\"9000 USD\\\"\"\n");
}

TEST(MessageOutputTest, YamlKeepsStringsThatLookLikeOtherTypesStrings) {
  const std::string yaml =
      JsonToYaml(R"({"start": "09:00", "flag": "true", "n": 3, "list": [1, 2], "empty": []})");
  EXPECT_THAT(yaml, HasSubstr("start: \"09:00\""));
  EXPECT_THAT(yaml, HasSubstr("flag: \"true\""));
  EXPECT_THAT(yaml, HasSubstr("n: 3"));
  EXPECT_THAT(yaml, HasSubstr("list:\n  - 1\n  - 2"));
  EXPECT_THAT(yaml, HasSubstr("empty: []"));
}

TEST(TimeTest, TimestampsInTheZoneAsked) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(1804500000);  // 2027-03-08T10:00:00Z
  absl::StatusOr<absl::TimeZone> lisbon = ResolveTimeZone("Europe/Lisbon");
  ASSERT_TRUE(lisbon.ok());
  EXPECT_EQ(FormatTimestamp(timestamp, *lisbon), "2027-03-08 10:00 WET");
  EXPECT_EQ(FormatTimestamp(timestamp, *ResolveTimeZone("Asia/Tokyo")), "2027-03-08 19:00 JST");
  EXPECT_EQ(FormatTimestamp(google::protobuf::Timestamp(), *lisbon), "-");
}

TEST(TimeTest, UnknownZoneNamesTheFlag) {
  absl::StatusOr<absl::TimeZone> zone = ResolveTimeZone("Europe/Lisabon");
  ASSERT_FALSE(zone.ok());
  EXPECT_THAT(std::string(zone.status().message()), HasSubstr("--tz"));
}

TEST(TimeTest, EmptyNameFallsBackToTz) {
  setenv("TZ", "America/New_York", 1);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(1804500000);
  EXPECT_EQ(FormatTimestamp(timestamp, *ResolveTimeZone("")), "2027-03-08 05:00 EST");
  unsetenv("TZ");
}

TEST(ColourTest, NeverWhenNotATerminalOrNoColorIsSet) {
  // ctest's output is a pipe or a file, never a terminal.
  EXPECT_FALSE(ColourWanted(-1));
  setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(ColourWanted(1));
  unsetenv("NO_COLOR");
  EXPECT_EQ(Style(false).Green("OPEN"), "OPEN");
  EXPECT_EQ(Style(true).Green("OPEN"), "\x1b[32mOPEN\x1b[0m");
}

TEST(ExitCodeTest, EachStatusHasTheExitStatusItsKindOfFailureNeeds) {
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kOk), 0);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kInvalidArgument), kExitInvalid);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kOutOfRange), kExitInvalid);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kNotFound), kExitNotFound);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kAlreadyExists), kExitConflict);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kFailedPrecondition), kExitConflict);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kAborted), kExitConflict);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kUnauthenticated), kExitDenied);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kPermissionDenied), kExitDenied);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kUnavailable), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kResourceExhausted), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kInternal), kExitFailed);
  // Distinct from one another and from a usage error.
  EXPECT_NE(kExitUsage, kExitInvalid);
}

std::string Details() {
  google::rpc::Status status;
  google::rpc::ErrorInfo info;
  info.set_reason("INTERVIEW_REQUIRED");
  info.set_domain("meridian");
  (*info.mutable_metadata())["submission"] = "clients/1/roles/2/submissions/3";
  status.add_details()->PackFrom(info);
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("candidate.email");
  violation->set_description("must contain one @");
  violation = bad_request.add_field_violations();
  violation->set_field("candidate.country");
  violation->set_description("not an ISO 3166-1 alpha-2 code");
  status.add_details()->PackFrom(bad_request);
  return status.SerializeAsString();
}

TEST(RpcErrorTest, ListsTheReasonAndEachFieldViolation) {
  EXPECT_EQ(
      FormatRpcError(absl::StatusCode::kInvalidArgument, "the candidate is not valid", Details()),
      "INVALID_ARGUMENT: the candidate is not valid\n"
      "reason: INTERVIEW_REQUIRED\n"
      "  submission: clients/1/roles/2/submissions/3\n"
      "field violations:\n"
      "  candidate.email: must contain one @\n"
      "  candidate.country: not an ISO 3166-1 alpha-2 code\n");
  EXPECT_EQ(FormatFieldViolations(Details()),
            "  candidate.email: must contain one @\n"
            "  candidate.country: not an ISO 3166-1 alpha-2 code\n");
}

TEST(RpcErrorTest, NoDetailsIsJustTheStatusAndColourOnlyWhenAsked) {
  EXPECT_EQ(FormatRpcError(absl::StatusCode::kNotFound, "no client clients/9", ""),
            "NOT_FOUND: no client clients/9\n");
  EXPECT_EQ(FormatRpcError(absl::StatusCode::kNotFound, "x", "", /*colour=*/true),
            "\x1b[31mNOT_FOUND\x1b[0m: x\n");
  EXPECT_EQ(FormatFieldViolations("not a status"), "");
}

}  // namespace
}  // namespace meridian::ctl
