// Tests for common/api/resource_names.h: names such as "clients/{client}" and
// "clients/{client}/roles/{role}", as every service parses them.
#include "common/api/resource_names.h"

#include <string>
#include <vector>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;

constexpr absl::string_view kClientId = "0b0f5c1e-2d3a-4b5c-8d6e-7f8091a2b3c4";
constexpr absl::string_view kRoleId = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f1a2b3c4d";

const std::string kClient = std::string("clients/") + std::string(kClientId);
const std::string kRole = kClient + "/roles/" + std::string(kRoleId);

void ExpectInvalidOn(const absl::Status& status, absl::string_view field) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre(std::string(field)));
}

TEST(ParseResourceName, ReturnsTheIdsOfAClientName) {
  const absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(kClient, {"clients"}, "name");
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_THAT(*ids, ElementsAre(kClientId));
}

TEST(ParseResourceName, ReturnsTheIdsOfARoleNameInOrder) {
  const absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(kRole, {"clients", "roles"}, "name");
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_THAT(*ids, ElementsAre(kClientId, kRoleId));
}

TEST(ParseResourceName, RejectsMalformedClientNamesOnTheGivenField) {
  for (const std::string& name :
       {std::string(""), std::string("clients"), std::string("clients/"),
        std::string("clients/abc"), std::string("clients/-"),
        std::string("clients/0B0F5C1E-2D3A-4B5C-8D6E-7F8091A2B3C4"),
        std::string("projects/") + std::string(kClientId), kClient + "/", "/" + kClient, kRole}) {
    SCOPED_TRACE(name);
    ExpectInvalidOn(ParseResourceName(name, {"clients"}, "client.name").status(), "client.name");
  }
}

TEST(ParseResourceName, RejectsMalformedRoleNamesOnTheGivenField) {
  const std::string role(kRoleId);
  for (const std::string& name :
       {std::string(""), kClient, kClient + "/roles", kClient + "/roles/",
        kClient + "/jobs/" + role, "clients/-/roles/" + role, kClient + "/roles/abc", kRole + "/x",
        "teams/" + std::string(kClientId) + "/roles/" + role}) {
    SCOPED_TRACE(name);
    ExpectInvalidOn(ParseResourceName(name, {"clients", "roles"}, "role.name").status(),
                    "role.name");
  }
}

// The message shows the name's shape with singular placeholders (it said "agencies/{agencie}").
TEST(ParseResourceName, TheShapeInTheMessageHasSingularPlaceholders) {
  const absl::Status agency = ParseResourceName("agencies/x", {"agencies"}, "name").status();
  EXPECT_EQ(agency.message(), "name: must be a name like \"agencies/{agency}\"");
  const absl::Status role = ParseResourceName("x", {"clients", "roles"}, "parent").status();
  EXPECT_EQ(role.message(), "parent: must be a name like \"clients/{client}/roles/{role}\"");
}

TEST(ParseResourceName, AWildcardIsAnEmptyIdOnlyWhenAllowed) {
  const absl::StatusOr<std::vector<std::string>> any =
      ParseResourceName("clients/-", {"clients"}, "parent", /*allow_wildcards=*/true);
  ASSERT_TRUE(any.ok()) << any.status();
  EXPECT_THAT(*any, ElementsAre(""));
  ExpectInvalidOn(ParseResourceName("clients/-", {"clients"}, "parent").status(), "parent");
}

TEST(ParseResourceName, RejectsOtherPlaceholdersAndNamesOfAnotherShapeWithWildcards) {
  for (const std::string& name : {std::string("clients/*"), std::string(""), kRole}) {
    SCOPED_TRACE(name);
    ExpectInvalidOn(ParseResourceName(name, {"clients"}, "parent", true).status(), "parent");
  }
}

}  // namespace
}  // namespace meridian
