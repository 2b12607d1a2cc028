// `./meridian call <svc> <Method> --describe` and the method lookup: the request's fields with
// their types, enum values and comments, an example that parses, and helpful lookups.
#include "tools/meridian_call/describe.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/access/v1/access.pb.h"
#include "meridian/events/v1/events.pb.h"
#include "meridian/intake/v1/intake.pb.h"
#include "meridian/talent/v1/interview.pb.h"
#include "meridian/talent/v1/talent.pb.h"
#include "tools/meridian_call/method_lookup.h"
#include "tools/meridian_call/request_json.h"

namespace meridian::call {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const google::protobuf::MethodDescriptor& Method(const std::string& name) {
  absl::StatusOr<const google::protobuf::MethodDescriptor*> method = FindMethod(name, "");
  EXPECT_TRUE(method.ok()) << method.status();
  return **method;
}

TEST(DescribeTest, ListsTheRequestsFieldsWithTypesEnumsAndComments) {
  auto pool = LoadCommentedPool(CONTRACT_DESCRIPTOR_SET);
  ASSERT_TRUE(pool.ok()) << pool.status();
  const std::string text = DescribeMethod(Method("CreateInterview"), pool->get());
  EXPECT_THAT(text, HasSubstr("meridian.talent.v1.InterviewService/CreateInterview\n"));
  EXPECT_THAT(text, HasSubstr("  parent: string, required\n"));
  EXPECT_THAT(text, HasSubstr("  interview: meridian.talent.v1.Interview, required\n"));
  EXPECT_THAT(text,
              HasSubstr("    kind: enum Kind (SCREENING | TECHNICAL | CULTURE | FINAL), required\n"
                        "        What the interview is for.\n"));
  EXPECT_THAT(text, HasSubstr("    start_time: timestamp, RFC 3339"));
  // Output-only fields are not a request's business.
  EXPECT_THAT(text, Not(HasSubstr("invite_sequence")));
  // The method's own comment.
  EXPECT_THAT(text, HasSubstr("Adds an interview to an open submission"));
  EXPECT_THAT(text, HasSubstr("./meridian call talent CreateInterview '"));
}

TEST(DescribeTest, TheExampleHasEveryRequiredFieldAndParses) {
  const google::protobuf::Descriptor& type = *talent::v1::CreateInterviewRequest::descriptor();
  const std::string example = ExampleRequest(type);
  EXPECT_THAT(example,
              HasSubstr(R"("parent":"clients/{client}/roles/{role}/submissions/{submission}")"));
  EXPECT_THAT(example, HasSubstr(R"("kind":"SCREENING")"));
  EXPECT_THAT(example, Not(HasSubstr("request_id")));
  auto parsed = ParseRequest(example, type);
  EXPECT_TRUE(parsed.ok()) << parsed.status() << " " << example;
}

TEST(FindMethodTest, SuggestsTheNearestAndNamesTheServiceThatHasIt) {
  // Linked in (meridian_call links every contract library whole).
  ASSERT_NE(access::v1::ApiKey::descriptor(), nullptr);
  ASSERT_NE(events::v1::Event::descriptor(), nullptr);
  ASSERT_NE(intake::v1::Client::descriptor(), nullptr);
  ASSERT_NE(talent::v1::Candidate::descriptor(), nullptr);
  auto method = FindMethod("CreateCandidat", "talent");
  ASSERT_FALSE(method.ok());
  EXPECT_THAT(method.status().message(), HasSubstr("did you mean CreateCandidate?"));
  method = FindMethod("CreateClient", "talent");
  ASSERT_FALSE(method.ok());
  EXPECT_THAT(method.status().message(),
              HasSubstr("CreateClient is a method of meridian.intake.v1.IntakeService, served by "
                        "intake: ./meridian call intake CreateClient"));
  // Access and events are on intake's port.
  EXPECT_TRUE(FindMethod("CreateApiKey", "access").ok());
  EXPECT_TRUE(FindMethod("meridian.talent.v1.InterviewService/GetInterview", "talent").ok());
}

}  // namespace
}  // namespace meridian::call
