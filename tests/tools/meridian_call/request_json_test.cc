// What a person is told about a request they typed for `./meridian call`: JSON syntax errors
// at their place, every unknown field at once with the nearest name, enum values with the
// allowed ones, and wrong JSON types; and that a good request parses.
#include "tools/meridian_call/request_json.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/talent/v1/interview.pb.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::call {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const google::protobuf::Descriptor& CreateInterview() {
  return *talent::v1::CreateInterviewRequest::descriptor();
}

std::string ErrorOf(absl::string_view json) {
  auto parsed = ParseRequest(json, CreateInterview());
  EXPECT_FALSE(parsed.ok()) << json;
  return parsed.ok() ? "" : std::string(parsed.status().message());
}

TEST(ParseRequestTest, AGoodRequestParses) {
  auto parsed = ParseRequest(
      R"({"parent": "clients/a/roles/b/submissions/c",
          "interview": {"kind": "TECHNICAL", "title": "Design", "duration_minutes": 60,
                        "start_time": "2027-03-01T15:00:00Z",
                        "interviewers": [{"email": "a@b.co", "side": "CLIENT"}]}})",
      CreateInterview());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const auto& request = static_cast<const talent::v1::CreateInterviewRequest&>(**parsed);
  EXPECT_EQ(request.interview().kind(), talent::v1::Interview::TECHNICAL);
  EXPECT_EQ(request.interview().interviewers(0).side(), talent::v1::Interviewer::CLIENT);
  // camelCase names are JSON too.
  EXPECT_TRUE(ParseRequest(R"({"requestId": "x"})", CreateInterview()).ok());
}

TEST(ParseRequestTest, EveryUnknownFieldIsReportedAtOnceWithTheNearestName) {
  const std::string error =
      ErrorOf(R"({"parnt": "x", "interview": {"titel": "x", "zzzzzzzz": 1}})");
  EXPECT_THAT(error, HasSubstr("parnt: unknown field of meridian.talent.v1.CreateInterviewRequest; "
                               "did you mean parent?"));
  EXPECT_THAT(error, HasSubstr("interview.titel: unknown field of meridian.talent.v1.Interview; "
                               "did you mean title?"));
  EXPECT_THAT(error, HasSubstr("interview.zzzzzzzz: unknown field"));
  EXPECT_THAT(error,
              Not(HasSubstr("zzzzzzzz: unknown field of meridian.talent.v1.Interview; did")));
}

TEST(ParseRequestTest, AnInvalidEnumValueListsTheAllowedOnes) {
  const std::string error = ErrorOf(R"({"interview": {"kind": "TECNICAL"}})");
  EXPECT_THAT(error, HasSubstr("interview.kind: \"TECNICAL\" is not a "
                               "meridian.talent.v1.Interview.Kind; allowed: SCREENING, TECHNICAL, "
                               "CULTURE, FINAL"));
}

TEST(ParseRequestTest, AValueOfTheWrongTypeSaysWhatIsExpected) {
  const std::string error = ErrorOf(
      R"({"interview": {"title": 5, "duration_minutes": "sixty", "interviewers": {"email": "x"}}})");
  EXPECT_THAT(error, HasSubstr("interview.title: must be a string, not a number"));
  EXPECT_THAT(error, HasSubstr("interview.interviewers: must be an array, not an object"));
}

TEST(ParseRequestTest, MalformedJsonPointsAtItsPlace) {
  const std::string error = ErrorOf("{\n  \"parent\": \"x\",\n  \"interview\": {'title': 1}\n}");
  EXPECT_THAT(error, HasSubstr("at line 3, column 17"));
  // The line as typed, indented by two, and a caret under the quote JSON does not allow.
  EXPECT_THAT(error, HasSubstr("\n    \"interview\": {'title': 1}\n                  ^"));
  // A trailing comma is not JSON either.
  EXPECT_THAT(ErrorOf(R"({"parent": "x",})"), HasSubstr("is not valid JSON at line 1, column 16"));
}

}  // namespace
}  // namespace meridian::call
