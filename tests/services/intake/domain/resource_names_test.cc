// Tests for services/intake/domain/resource_names.h: client and role resource names.
#include "services/intake/domain/resource_names.h"

#include <string>

#include "common/errors/errors.h"
#include "gtest/gtest.h"

namespace meridian::intake {
namespace {

constexpr absl::string_view kClientId = "0b0f5c1e-2d3a-4b5c-8d6e-7f8091a2b3c4";
constexpr absl::string_view kRoleId = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f1a2b3c4d";

void ExpectInvalidOn(const absl::Status& status, absl::string_view field) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const auto bad_request = GetBadRequest(status);
  ASSERT_TRUE(bad_request.has_value());
  ASSERT_EQ(bad_request->field_violations_size(), 1);
  EXPECT_EQ(bad_request->field_violations(0).field(), field);
}

TEST(ResourceNames, FormatsClientAndRoleNames) {
  EXPECT_EQ(ClientName(kClientId), "clients/0b0f5c1e-2d3a-4b5c-8d6e-7f8091a2b3c4");
  EXPECT_EQ(RoleNameOf(kClientId, kRoleId),
            "clients/0b0f5c1e-2d3a-4b5c-8d6e-7f8091a2b3c4/roles/"
            "9a8b7c6d-5e4f-4a3b-9c2d-1e0f1a2b3c4d");
}

TEST(ParseClientName, RoundTripsAFormattedName) {
  const absl::StatusOr<std::string> id = ParseClientName(ClientName(kClientId), "name");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, kClientId);
}

TEST(ParseClientName, RejectsMalformedNamesOnTheGivenField) {
  for (const std::string& name :
       {std::string(""), std::string("clients"), std::string("clients/"),
        std::string("clients/abc"), std::string("clients/-"),
        std::string("clients/0B0F5C1E-2D3A-4B5C-8D6E-7F8091A2B3C4"),
        std::string("projects/") + std::string(kClientId),
        std::string("clients/") + std::string(kClientId) + "/",
        std::string("/clients/") + std::string(kClientId), RoleNameOf(kClientId, kRoleId)}) {
    SCOPED_TRACE(name);
    ExpectInvalidOn(ParseClientName(name, "client.name").status(), "client.name");
  }
}

TEST(ParseRoleParent, AcceptsAClientName) {
  const absl::StatusOr<std::string> id = ParseRoleParent(ClientName(kClientId), false);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, kClientId);
}

TEST(ParseRoleParent, WildcardMeansEveryClientOnlyWhenAllowed) {
  const absl::StatusOr<std::string> any = ParseRoleParent("clients/-", /*allow_wildcard=*/true);
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(*any, "");
  ExpectInvalidOn(ParseRoleParent("clients/-", /*allow_wildcard=*/false).status(), "parent");
}

TEST(ParseRoleParent, RejectsMalformedParentsOnParent) {
  ExpectInvalidOn(ParseRoleParent("clients/*", true).status(), "parent");
  ExpectInvalidOn(ParseRoleParent("", true).status(), "parent");
  ExpectInvalidOn(ParseRoleParent(RoleNameOf(kClientId, kRoleId), true).status(), "parent");
}

TEST(ParseRoleName, RoundTripsAFormattedName) {
  const absl::StatusOr<RoleName> role = ParseRoleName(RoleNameOf(kClientId, kRoleId), "name");
  ASSERT_TRUE(role.ok()) << role.status();
  EXPECT_EQ(role->client_id, kClientId);
  EXPECT_EQ(role->role_id, kRoleId);
}

TEST(ParseRoleName, RejectsMalformedNamesOnTheGivenField) {
  const std::string client(kClientId);
  const std::string role(kRoleId);
  for (const std::string& name :
       {std::string(""), ClientName(kClientId), "clients/" + client + "/roles",
        "clients/" + client + "/roles/", "clients/" + client + "/jobs/" + role,
        "clients/-/roles/" + role, "clients/" + client + "/roles/abc",
        "clients/" + client + "/roles/" + role + "/x", "teams/" + client + "/roles/" + role}) {
    SCOPED_TRACE(name);
    ExpectInvalidOn(ParseRoleName(name, "role.name").status(), "role.name");
  }
}

}  // namespace
}  // namespace meridian::intake
