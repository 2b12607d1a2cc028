// The three services over one test database, with keys made through AccessService, for the
// end-to-end tests of the call gate (authentication, the role matrix, rate limits, safe
// retries, the audit log): every call goes through a real server and channel.
//
//   GateTestServices services;
//   TestKey recruiter = services.MakeKey(access::v1::RECRUITER);
//   grpc::Status status = CallWithBytes(services.ChannelFor("meridian.talent.v1.TalentService",
//                                                           recruiter.key),
//                                       "/meridian.talent.v1.TalentService/ListSkills", "");
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "meridian/access/v1/access.grpc.pb.h"
#include "pqxx/pqxx"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/placement/placement_test_server.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/test_database.h"

namespace meridian::testing {

// A key made through AccessService: the key to call with and its record.
struct TestKey {
  std::string key;
  access::v1::ApiKey record;
  const std::string& name() const { return record.name(); }
};

// One row of access.audit_records.
struct AuditRow {
  std::string principal, role, agency, on_behalf_of, method, resource, request_id, outcome;
};

class GateTestServices final {
 public:
  GateTestServices()
      : intake_(database_.url()),
        talent_(database_.url(), intake_.address()),
        placement_(database_.url(), intake_.address(), talent_.address()),
        access_(access::v1::AccessService::NewStub(intake_.channel())) {}

  const TestDatabase& database() const { return database_; }
  IntakeTestServer& intake() { return intake_; }
  TalentTestServer& talent() { return talent_; }
  PlacementTestServer& placement() { return placement_; }
  // AccessService with the intake server's ADMIN key.
  access::v1::AccessService::Stub& access() { return *access_; }

  // The server that serves `service` ("meridian.talent.v1.TalentService").
  InProcessServer& ServerOf(const std::string& service) {
    if (absl::StrContains(service, ".talent.")) return talent_.in_process();
    if (absl::StrContains(service, ".placement.")) return placement_.in_process();
    return intake_.in_process();
  }
  // A channel to the server of `service` whose calls carry `key`.
  std::shared_ptr<grpc::Channel> ChannelFor(const std::string& service, const std::string& key) {
    return ServerOf(service).ChannelWithKey(key);
  }

  // An ACTIVE agency made through AccessService; its name.
  std::string MakeAgency(const std::string& display_name) {
    access::v1::CreateAgencyRequest request;
    request.mutable_agency()->set_display_name(display_name);
    access::v1::Agency agency;
    grpc::Status status = access_->CreateAgency(Context().get(), request, &agency);
    if (!status.ok()) throw std::runtime_error("CreateAgency: " + status.error_message());
    return agency.name();
  }

  // A key of `role` made through AccessService with the ADMIN key (`agency` for a PARTNER).
  TestKey MakeKey(access::v1::Role role, const std::string& agency = "",
                  const access::v1::RateLimit* rate_limit = nullptr) {
    access::v1::CreateApiKeyRequest request;
    request.mutable_api_key()->set_display_name(
        absl::StrCat("gate test ", access::v1::Role_Name(role), " ", ++keys_made_));
    request.mutable_api_key()->set_role(role);
    request.mutable_api_key()->set_agency(agency);
    if (rate_limit != nullptr) *request.mutable_api_key()->mutable_rate_limit() = *rate_limit;
    access::v1::CreateApiKeyResponse response;
    grpc::Status status = access_->CreateApiKey(Context().get(), request, &response);
    if (!status.ok()) throw std::runtime_error("CreateApiKey: " + status.error_message());
    return {response.key(), response.api_key()};
  }

  // The audit rows, oldest first, matching `where` (SQL over access.audit_records; "true"
  // for all).
  std::vector<AuditRow> AuditRows(const std::string& where = "true") {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    std::vector<AuditRow> rows;
    for (const auto& row :
         tx.exec("SELECT principal, role, agency, on_behalf_of, method, resource, request_id, "
                 "outcome FROM access.audit_records WHERE " +
                 where + " ORDER BY seq")) {
      rows.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
                      row[6].as<std::string>(), row[7].as<std::string>()});
    }
    return rows;
  }

  // A value quoted for SQL.
  std::string Quote(const std::string& value) {
    pqxx::connection connection(database_.url());
    return connection.quote(value);
  }

 private:
  TestDatabase database_;
  IntakeTestServer intake_;
  TalentTestServer talent_;
  PlacementTestServer placement_;
  std::unique_ptr<access::v1::AccessService::Stub> access_;
  int keys_made_ = 0;
};

}  // namespace meridian::testing
