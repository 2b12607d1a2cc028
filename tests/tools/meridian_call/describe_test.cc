// `./meridian call <svc> <Method> --describe` and the method lookup: the request's fields with
// their types, enum values and comments, an example that parses, and helpful lookups.
#include "tools/meridian_call/describe.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/events/v1/events.pb.h"
#include "tools/meridian_call/contract.h"
#include "tools/meridian_call/method_lookup.h"
#include "tools/meridian_call/request_json.h"

namespace meridian::call {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The contract compiled into meridian_call.
const Contract& Compiled() {
  static const Contract* contract = [] {
    absl::StatusOr<std::unique_ptr<Contract>> embedded = Contract::Embedded();
    EXPECT_TRUE(embedded.ok()) << embedded.status();
    return embedded->release();
  }();
  return *contract;
}

const google::protobuf::MethodDescriptor& Method(const std::string& name) {
  absl::StatusOr<const google::protobuf::MethodDescriptor*> method =
      FindMethod(Compiled().services(), name, "");
  EXPECT_TRUE(method.ok()) << method.status();
  return **method;
}

TEST(DescribeTest, ListsTheRequestsFieldsWithTypesEnumsAndComments) {
  auto pool = LoadCommentedPool(CONTRACT_DESCRIPTOR_SET);
  ASSERT_TRUE(pool.ok()) << pool.status();
  const std::string text =
      DescribeMethod(Method("CreateInterview"), pool->get(), Compiled().services());
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
  const google::protobuf::Descriptor& type = *Method("CreateInterview").input_type();
  const std::string example = ExampleRequest(type, Compiled().services());
  EXPECT_THAT(example,
              HasSubstr(R"("parent":"clients/{client}/roles/{role}/submissions/{submission}")"));
  EXPECT_THAT(example, HasSubstr(R"("kind":"SCREENING")"));
  EXPECT_THAT(example, Not(HasSubstr("request_id")));
  auto parsed = ParseRequest(example, type, Compiled().factory());
  EXPECT_TRUE(parsed.ok()) << parsed.status() << " " << example;
}

TEST(FindMethodTest, SuggestsTheNearestAndNamesTheServiceThatHasIt) {
  const auto& services = Compiled().services();
  auto method = FindMethod(services, "CreateCandidat", "talent");
  ASSERT_FALSE(method.ok());
  EXPECT_THAT(method.status().message(), HasSubstr("did you mean CreateCandidate?"));
  method = FindMethod(services, "CreateClient", "talent");
  ASSERT_FALSE(method.ok());
  EXPECT_THAT(method.status().message(),
              HasSubstr("CreateClient is a method of meridian.intake.v1.IntakeService, served by "
                        "intake: ./meridian call intake CreateClient"));
  // Access and events are on intake's port.
  EXPECT_TRUE(FindMethod(services, "CreateApiKey", "access").ok());
  EXPECT_TRUE(FindMethod(services, "StreamEvents", "events").ok());
  EXPECT_TRUE(FindMethod(services, "meridian.events.v1.EventService/ListEvents", "intake").ok());
  EXPECT_TRUE(
      FindMethod(services, "meridian.talent.v1.InterviewService/GetInterview", "talent").ok());
  method = FindMethod(services, "StreamEvents", "talent");
  ASSERT_FALSE(method.ok());
  EXPECT_THAT(method.status().message(), HasSubstr("./meridian call intake StreamEvents"));
}

// The compiled-in contract is the whole of proto/meridian/: every service, the events service
// included (no generated code is linked for it), with the comments --describe shows.
TEST(ContractTest, HasEveryMeridianServiceWithItsComments) {
  std::vector<std::string> names;
  for (const auto* service : Compiled().services()) names.push_back(service->full_name());
  EXPECT_THAT(names,
              ::testing::ElementsAre(
                  "meridian.access.v1.AccessService", "meridian.events.v1.EventService",
                  "meridian.intake.v1.IntakeService", "meridian.placement.v1.PlacementService",
                  "meridian.talent.v1.InterviewService", "meridian.talent.v1.TalentService"));
  // The same types as the generated code's, field for field.
  const google::protobuf::Descriptor* event =
      Compiled().pool().FindMessageTypeByName("meridian.events.v1.Event");
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->field_count(), events::v1::Event::descriptor()->field_count());
  const std::string text =
      DescribeMethod(Method("StreamEvents"), &Compiled().pool(), Compiled().services());
  EXPECT_THAT(text, HasSubstr("response (a stream of) meridian.events.v1.Event"));
  EXPECT_THAT(text, HasSubstr("after_position"));
  // A request of the contract's own (dynamic) types parses.
  auto parsed = ParseRequest(R"({"after_position": "5", "filter": "type = \"role.created\""})",
                             *Method("StreamEvents").input_type(), Compiled().factory());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT((*parsed)->ShortDebugString(), HasSubstr("after_position: 5"));
}

}  // namespace
}  // namespace meridian::call
