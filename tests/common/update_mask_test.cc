// Tests for common/api/update_mask.h: AIP-134 partial updates of a stored resource.
#include "common/api/update_mask.h"

#include <string>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.pb.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using intake::v1::Client;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ViolatedFields;

UpdateMaskRules ClientRules() {
  return {.resource_field = "client", .immutable = {"name", "create_time", "update_time", "etag"}};
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

Client StoredClient() {
  Client client;
  client.set_name("clients/0b0f5c1e-2d3a-4b5c-8d6e-7f8091a2b3c4");
  client.set_display_name("Acme");
  client.set_mission("Make anvils");
  client.add_culture_values("candour");
  client.add_culture_values("craft");
  client.set_website("https://acme.example");
  client.set_team_size(12);
  client.mutable_working_hours()->set_time_zone("America/New_York");
  client.mutable_working_hours()->set_start("09:00");
  client.mutable_working_hours()->set_end("17:00");
  client.mutable_working_hours()->add_days(common::v1::MONDAY);
  client.mutable_create_time()->set_seconds(1700000000);
  client.mutable_update_time()->set_seconds(1700000100);
  client.set_etag("etag-1");
  return client;
}

absl::Status Apply(const Client& patch, const google::protobuf::FieldMask& mask, Client* target) {
  return ApplyUpdateMask(patch, mask, ClientRules(), target);
}

TEST(ApplyUpdateMask, EmptyMaskUpdatesOnlyFieldsSetInThePatch) {
  Client target = StoredClient();
  Client patch;
  patch.set_display_name("Acme Corp");
  ASSERT_TRUE(Apply(patch, Mask({}), &target).ok());

  Client expected = StoredClient();
  expected.set_display_name("Acme Corp");
  EXPECT_EQ(target.SerializeAsString(), expected.SerializeAsString()) << target.DebugString();
}

TEST(ApplyUpdateMask, EmptyMaskNeverChangesImmutableFields) {
  Client target = StoredClient();
  Client patch;
  patch.set_name("clients/11111111-2222-4333-8444-555555555555");
  patch.set_etag("forged");
  patch.mutable_create_time()->set_seconds(1);
  patch.set_mission("New mission");
  ASSERT_TRUE(Apply(patch, Mask({}), &target).ok());

  EXPECT_EQ(target.name(), StoredClient().name());
  EXPECT_EQ(target.etag(), "etag-1");
  EXPECT_EQ(target.create_time().seconds(), 1700000000);
  EXPECT_EQ(target.mission(), "New mission");
}

TEST(ApplyUpdateMask, ExplicitPathsUpdateOnlyTheNamedFields) {
  Client target = StoredClient();
  Client patch;
  patch.set_display_name("Ignored");
  patch.set_mission("Make better anvils");
  ASSERT_TRUE(Apply(patch, Mask({"mission"}), &target).ok());
  EXPECT_EQ(target.display_name(), "Acme");
  EXPECT_EQ(target.mission(), "Make better anvils");
}

TEST(ApplyUpdateMask, NamedFieldMissingFromThePatchIsCleared) {
  Client target = StoredClient();
  ASSERT_TRUE(Apply(Client(), Mask({"mission", "website"}), &target).ok());
  EXPECT_EQ(target.mission(), "");
  EXPECT_EQ(target.website(), "");
  EXPECT_EQ(target.display_name(), "Acme");
}

TEST(ApplyUpdateMask, NestedPathUpdatesOnlyThatSubfield) {
  Client target = StoredClient();
  Client patch;
  patch.mutable_working_hours()->set_start("08:00");
  patch.mutable_working_hours()->set_time_zone("Asia/Kolkata");  // Not in the mask.
  ASSERT_TRUE(Apply(patch, Mask({"working_hours.start"}), &target).ok());
  EXPECT_EQ(target.working_hours().start(), "08:00");
  EXPECT_EQ(target.working_hours().time_zone(), "America/New_York");
  EXPECT_EQ(target.working_hours().end(), "17:00");
  EXPECT_THAT(target.working_hours().days(), ElementsAre(common::v1::MONDAY));
}

TEST(ApplyUpdateMask, MessageFieldNamedByAPathIsReplacedNotMerged) {
  Client target = StoredClient();
  Client patch;
  patch.mutable_working_hours()->set_time_zone("Asia/Kolkata");
  ASSERT_TRUE(Apply(patch, Mask({"working_hours"}), &target).ok());
  EXPECT_EQ(target.working_hours().time_zone(), "Asia/Kolkata");
  EXPECT_EQ(target.working_hours().start(), "");
  EXPECT_TRUE(target.working_hours().days().empty());
}

TEST(ApplyUpdateMask, RepeatedFieldIsReplacedNotAppended) {
  Client patch;
  patch.add_culture_values("kindness");
  for (const google::protobuf::FieldMask& mask : {Mask({"culture_values"}), Mask({})}) {
    Client target = StoredClient();
    ASSERT_TRUE(Apply(patch, mask, &target).ok());
    EXPECT_THAT(target.culture_values(), ElementsAre("kindness")) << mask.DebugString();
  }
}

TEST(ApplyUpdateMask, WildcardReplacesEveryUpdatableField) {
  Client target = StoredClient();
  Client patch;
  patch.set_display_name("Acme Corp");
  patch.set_name("clients/11111111-2222-4333-8444-555555555555");
  ASSERT_TRUE(Apply(patch, Mask({"*"}), &target).ok());

  EXPECT_EQ(target.display_name(), "Acme Corp");
  EXPECT_EQ(target.mission(), "");
  EXPECT_TRUE(target.culture_values().empty());
  EXPECT_EQ(target.website(), "");
  EXPECT_EQ(target.team_size(), 0);
  EXPECT_FALSE(target.has_working_hours());
  // Immutable fields survive "*".
  EXPECT_EQ(target.name(), StoredClient().name());
  EXPECT_EQ(target.create_time().seconds(), 1700000000);
  EXPECT_EQ(target.etag(), "etag-1");
}

TEST(ApplyUpdateMask, RejectsUnknownPathsNamingEachOne) {
  Client target = StoredClient();
  Client patch;
  patch.set_display_name("Acme Corp");
  const absl::Status status =
      Apply(patch, Mask({"display_name", "colour", "working_hours.colour"}), &target);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[1]", "update_mask.paths[2]"));
  EXPECT_THAT(status.message(), HasSubstr("\"colour\" is not a field of client"));
  // Nothing is applied when the mask is refused.
  EXPECT_EQ(target.display_name(), "Acme");
}

TEST(ApplyUpdateMask, RejectsImmutablePaths) {
  Client target = StoredClient();
  Client patch;
  patch.set_name("clients/11111111-2222-4333-8444-555555555555");
  const absl::Status status =
      Apply(patch, Mask({"mission", "name", "create_time.seconds"}), &target);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[1]", "update_mask.paths[2]"));
  EXPECT_THAT(status.message(), HasSubstr("\"name\" cannot be updated"));
  EXPECT_EQ(target.name(), StoredClient().name());
  EXPECT_EQ(target.mission(), "Make anvils");
}

TEST(ApplyUpdateMask, RejectsPathsThroughRepeatedFields) {
  Client target = StoredClient();
  const absl::Status status = Apply(Client(), Mask({"contacts.email"}), &target);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[0]"));
}

// Regression (found in review): the immutability check looks at the text before the first '.',
// while protobuf's path lookup skips empty segments, so ".name" and ".create_time.seconds" pass as
// updatable and overwrite immutable fields.
TEST(ApplyUpdateMask, LeadingDotCannotBypassImmutableFields) {
  Client target = StoredClient();
  Client patch;
  patch.set_name("clients/11111111-2222-4333-8444-555555555555");
  patch.mutable_create_time()->set_seconds(5);
  const absl::Status status = Apply(patch, Mask({".name", ".create_time.seconds"}), &target);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[0]", "update_mask.paths[1]"));
  EXPECT_EQ(target.name(), StoredClient().name());
  EXPECT_EQ(target.create_time().seconds(), 1700000000);
}

// Regression (found in review): empty paths and paths with empty segments are not fields, yet they
// are accepted (an empty path silently updates nothing).
TEST(ApplyUpdateMask, RejectsPathsWithEmptySegments) {
  for (const char* path : {"", "display_name.", ".display_name", "working_hours..start"}) {
    Client target = StoredClient();
    Client patch;
    patch.set_display_name("Acme Corp");
    const absl::Status status = Apply(patch, Mask({path}), &target);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << "\"" << path << "\"";
    EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[0]")) << path;
  }
}

}  // namespace
}  // namespace meridian
