// Tests for common/auth/access_policy.h against the services' own descriptors: every RPC of
// every Meridian service has exactly one row, every row names an RPC that exists, and the
// rows keep the rules the issue sets (ADMIN may do everything; keys and agencies are ADMIN's
// alone; a PARTNER's narrowing is said exactly where a PARTNER is let in).
#include "common/auth/access_policy.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "meridian/access/v1/access.pb.h"
#include "meridian/events/v1/events.pb.h"
#include "meridian/intake/v1/intake.pb.h"
#include "meridian/placement/v1/placement.pb.h"
#include "meridian/talent/v1/interview.pb.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using google::protobuf::ServiceDescriptor;

// The files whose services Meridian serves. Naming a message of each links its descriptor
// into this binary, so the generated pool has it.
std::vector<const FileDescriptor*> ServedFiles() {
  return {
      intake::v1::Client::descriptor()->file(),    talent::v1::Candidate::descriptor()->file(),
      talent::v1::Interview::descriptor()->file(), placement::v1::Placement::descriptor()->file(),
      access::v1::ApiKey::descriptor()->file(),    events::v1::Event::descriptor()->file()};
}

// Every service the generated pool has in those files, found by name as the RPC layer does.
std::vector<const ServiceDescriptor*> ServedServices() {
  std::vector<const ServiceDescriptor*> services;
  for (const FileDescriptor* file : ServedFiles()) {
    for (int i = 0; i < file->service_count(); ++i) {
      const ServiceDescriptor* service =
          DescriptorPool::generated_pool()->FindServiceByName(file->service(i)->full_name());
      EXPECT_NE(service, nullptr) << file->service(i)->full_name();
      if (service != nullptr) services.push_back(service);
    }
  }
  return services;
}

std::string FullMethod(const google::protobuf::MethodDescriptor& method) {
  return absl::StrCat(method.service()->full_name(), "/", method.name());
}

TEST(AccessPolicy, TheSixServicesAreLinked) {
  std::set<std::string> names;
  for (const ServiceDescriptor* service : ServedServices()) names.insert(service->full_name());
  EXPECT_THAT(names,
              ::testing::IsSupersetOf(
                  {"meridian.intake.v1.IntakeService", "meridian.talent.v1.TalentService",
                   "meridian.talent.v1.InterviewService", "meridian.placement.v1.PlacementService",
                   "meridian.access.v1.AccessService", "meridian.events.v1.EventService"}));
}

TEST(AccessPolicy, EveryMethodOfEveryServiceHasARow) {
  int methods = 0;
  for (const ServiceDescriptor* service : ServedServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      ++methods;
      const std::string method = FullMethod(*service->method(i));
      const MethodRule* rule = FindMethodRule(method);
      ASSERT_NE(rule, nullptr) << method << " has no row in common/auth/access_policy.cc";
      EXPECT_EQ(rule->method, method);
    }
  }
  EXPECT_EQ(static_cast<size_t>(methods), AllMethodRules().size())
      << "the table has rows for RPCs of no linked service";
}

TEST(AccessPolicy, EveryRowNamesAnExistingMethodOnce) {
  std::set<std::string> seen;
  for (const MethodRule& rule : AllMethodRules()) {
    EXPECT_TRUE(seen.insert(std::string(rule.method)).second) << rule.method << " twice";
    const std::vector<std::string> parts = absl::StrSplit(rule.method, '/');
    ASSERT_EQ(parts.size(), 2u) << rule.method;
    const ServiceDescriptor* service =
        DescriptorPool::generated_pool()->FindServiceByName(parts[0]);
    ASSERT_NE(service, nullptr) << rule.method << ": no such service";
    EXPECT_NE(service->FindMethodByName(parts[1]), nullptr) << rule.method << ": no such method";
    EXPECT_EQ(FindMethodRule(rule.method), &rule);
  }
  EXPECT_EQ(FindMethodRule("meridian.intake.v1.IntakeService/NoSuchMethod"), nullptr);
  EXPECT_EQ(FindMethodRule("/meridian.intake.v1.IntakeService/GetClient"), nullptr)
      << "rows are named without the leading slash";
}

TEST(AccessPolicy, AdminMayDoEverythingAndNobodyWithoutARole) {
  for (const MethodRule& rule : AllMethodRules()) {
    EXPECT_TRUE(rule.Allows(access::v1::ADMIN)) << rule.method;
    EXPECT_FALSE(rule.Allows(access::v1::ROLE_UNSPECIFIED)) << rule.method;
    EXPECT_FALSE(rule.Allows(static_cast<access::v1::Role>(31))) << rule.method;
  }
}

TEST(AccessPolicy, KeysAgenciesAndTheAuditLogAreAdminsAlone) {
  int rows = 0;
  for (const MethodRule& rule : AllMethodRules()) {
    if (!absl::StartsWith(rule.method, "meridian.access.v1.AccessService/")) continue;
    ++rows;
    for (access::v1::Role role : {access::v1::RECRUITER, access::v1::PARTNER,
                                  access::v1::TALENT_SERVICE, access::v1::PLACEMENT_SERVICE}) {
      EXPECT_FALSE(rule.Allows(role)) << rule.method << " " << access::v1::Role_Name(role);
    }
  }
  EXPECT_EQ(
      rows,
      access::v1::ApiKey::descriptor()->file()->FindServiceByName("AccessService")->method_count());
}

TEST(AccessPolicy, APartnersScopeIsSaidExactlyWhereAPartnerIsLetIn) {
  for (const MethodRule& rule : AllMethodRules()) {
    EXPECT_EQ(rule.Allows(access::v1::PARTNER), rule.partner != PartnerScope::kDenied)
        << rule.method;
  }
}

// A row's `mutates` decides whether the call is audited and may be retried safely; it follows
// the RPC's verb (AIP naming).
TEST(AccessPolicy, RowsThatChangeDataAreTheWritingVerbs) {
  for (const MethodRule& rule : AllMethodRules()) {
    const absl::string_view name = rule.method.substr(rule.method.find('/') + 1);
    bool reads = false;
    // Recommend, Propose and Draft work something out and store nothing.
    for (absl::string_view verb :
         {"Get", "List", "Lookup", "Search", "Stream", "Recommend", "Propose", "Draft"}) {
      reads = reads || absl::StartsWith(name, verb);
    }
    EXPECT_EQ(rule.mutates, !reads) << rule.method;
  }
}

TEST(RoleName, IsTheContractsName) {
  EXPECT_EQ(RoleName(access::v1::PARTNER), "PARTNER");
  EXPECT_EQ(RoleName(access::v1::PLACEMENT_SERVICE), "PLACEMENT_SERVICE");
}

}  // namespace
}  // namespace meridian
