// The AccessService core (services/intake/access_service.h) against a real PostgreSQL:
// agencies and keys are made, read, listed, disabled and revoked; every rule a request breaks
// is named by its field; a key is shown once and works; the audit log is listed by its
// filters; and each RPC's one transaction carries the RPC layer's audit record.
#include "services/intake/access_service.h"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/api_key.h"
#include "common/auth/authenticator.h"
#include "common/auth/key_store.h"
#include "common/auth/served_requests.h"
#include "common/errors/errors.h"
#include "common/migrations/migrations.h"
#include "common/util/ids.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"

namespace meridian::intake {
namespace {

using access::v1::Agency;
using access::v1::ApiKey;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::TestDatabase;
using ::testing::UnorderedElementsAre;

// The fields named by a status's BadRequest, in order.
std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  if (std::optional<google::rpc::BadRequest> bad = GetBadRequest(status)) {
    for (const auto& violation : bad->field_violations()) fields.push_back(violation.field());
  }
  return fields;
}

std::string ReasonOf(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

google::protobuf::Timestamp TimestampOf(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

class AccessServiceTest : public ::testing::Test {
 protected:
  AccessServiceTest() : pool_({.url = database_.url(), .size = 4}), access_(pool_) {
    admin_.deadline = absl::Now() + absl::Seconds(30);
    admin_.method = "test";
    admin_.caller.principal = absl::StrCat("apiKeys/", NewResourceId());
    admin_.caller.role = access::v1::ADMIN;
  }

  void SetUp() override {
    absl::StatusOr<int> applied = db::ApplyMigrations(database_.url(), db::AllMigrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  Agency MakeAgency(const std::string& display_name) {
    access::v1::CreateAgencyRequest request;
    request.mutable_agency()->set_display_name(display_name);
    absl::StatusOr<Agency> agency = access_.CreateAgency(request, admin_);
    EXPECT_TRUE(agency.ok()) << agency.status();
    return agency.value_or(Agency());
  }

  absl::StatusOr<access::v1::CreateApiKeyResponse> CreateKey(const ApiKey& key) {
    access::v1::CreateApiKeyRequest request;
    *request.mutable_api_key() = key;
    return access_.CreateApiKey(request, admin_);
  }

  ApiKey MakeKey(access::v1::Role role, const std::string& agency = "") {
    ApiKey key;
    key.set_display_name(absl::StrCat(access::v1::Role_Name(role), " tool"));
    key.set_role(role);
    key.set_agency(agency);
    absl::StatusOr<access::v1::CreateApiKeyResponse> made = CreateKey(key);
    EXPECT_TRUE(made.ok()) << made.status();
    return made.ok() ? made->api_key() : ApiKey();
  }

  absl::Status CreateKeyStatus(const ApiKey& key) { return CreateKey(key).status(); }

  // Every key a filter lists, walking pages of 2; their names in order.
  std::vector<std::string> ListedKeys(const std::string& filter) {
    std::vector<std::string> names;
    access::v1::ListApiKeysRequest request;
    request.set_filter(filter);
    request.set_page_size(2);
    for (int guard = 0; guard < 50; ++guard) {
      absl::StatusOr<access::v1::ListApiKeysResponse> page = access_.ListApiKeys(request, admin_);
      EXPECT_TRUE(page.ok()) << filter << ": " << page.status();
      if (!page.ok()) break;
      for (const ApiKey& key : page->api_keys()) names.push_back(key.name());
      if (page->next_page_token().empty()) break;
      request.set_page_token(page->next_page_token());
    }
    return names;
  }

  void InsertAudit(const std::string& principal, const std::string& resource,
                   const std::string& outcome, const std::string& create_time) {
    ASSERT_TRUE(pool_
                    .InTransaction(admin_.deadline,
                                   [&](pqxx::work& tx) {
                                     tx.exec_params(
                                         "INSERT INTO access.audit_records (id, principal, "
                                         "role, method, resource, create_time, outcome) VALUES "
                                         "($1, $2, 'ADMIN', 'm', $3, $4::timestamptz, $5)",
                                         NewResourceId(), principal, resource, create_time,
                                         outcome);
                                     return absl::OkStatus();
                                   })
                    .ok());
  }

  // The resources of the audit records a filter lists, walking pages of 2.
  std::vector<std::string> ListedAudit(const std::string& filter) {
    std::vector<std::string> resources;
    access::v1::ListAuditRecordsRequest request;
    request.set_filter(filter);
    request.set_page_size(2);
    for (int guard = 0; guard < 50; ++guard) {
      absl::StatusOr<access::v1::ListAuditRecordsResponse> page =
          access_.ListAuditRecords(request, admin_);
      EXPECT_TRUE(page.ok()) << filter << ": " << page.status();
      if (!page.ok()) break;
      for (const auto& record : page->audit_records()) resources.push_back(record.resource());
      if (page->next_page_token().empty()) break;
      request.set_page_token(page->next_page_token());
    }
    return resources;
  }

  absl::Status AuditFilterStatus(const std::string& filter) {
    access::v1::ListAuditRecordsRequest request;
    request.set_filter(filter);
    return access_.ListAuditRecords(request, admin_).status();
  }

  int64_t Count(const std::string& query) {
    int64_t count = -1;
    EXPECT_TRUE(pool_
                    .InTransaction(admin_.deadline,
                                   [&](pqxx::work& tx) {
                                     count = tx.exec1(query)[0].as<int64_t>();
                                     return absl::OkStatus();
                                   })
                    .ok());
    return count;
  }

  TestDatabase database_;
  db::ConnectionPool pool_;
  AccessService access_;
  CallContext admin_;
};

// ---- Agencies

TEST_F(AccessServiceTest, AnAgencyIsMadeReadAndListed) {
  access::v1::CreateAgencyRequest request;
  request.mutable_agency()->set_display_name("  Acme Talent  ");
  // Output-only fields are ignored.
  request.mutable_agency()->set_name("agencies/mine");
  request.mutable_agency()->set_state(Agency::DISABLED);
  *request.mutable_agency()->mutable_create_time() = TimestampOf(absl::UnixEpoch());
  absl::StatusOr<Agency> made = access_.CreateAgency(request, admin_);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_THAT(made->name(), ::testing::StartsWith("agencies/"));
  EXPECT_NE(made->name(), "agencies/mine");
  EXPECT_EQ(made->display_name(), "Acme Talent");
  EXPECT_EQ(made->state(), Agency::ACTIVE);
  EXPECT_GT(made->create_time().seconds(), absl::ToUnixSeconds(absl::Now()) - 60);

  access::v1::GetAgencyRequest get;
  get.set_name(made->name());
  absl::StatusOr<Agency> read = access_.GetAgency(get, admin_);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), made->SerializeAsString());
}

TEST_F(AccessServiceTest, ValidateOnlyMakesNoAgencyAndNoKey) {
  access::v1::CreateAgencyRequest agency;
  agency.mutable_agency()->set_display_name("Dry Run Talent");
  agency.set_validate_only(true);
  absl::StatusOr<Agency> would_be = access_.CreateAgency(agency, admin_);
  ASSERT_TRUE(would_be.ok()) << would_be.status();
  EXPECT_EQ(would_be->name(), "");
  EXPECT_EQ(would_be->display_name(), "Dry Run Talent");
  EXPECT_EQ(would_be->state(), Agency::ACTIVE);
  access::v1::ListAgenciesRequest list;
  absl::StatusOr<access::v1::ListAgenciesResponse> agencies = access_.ListAgencies(list, admin_);
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  EXPECT_THAT(agencies->agencies(), ::testing::SizeIs(0));

  // A key for a DISABLED agency is refused as a real create would refuse it.
  const Agency real = MakeAgency("Real Talent");
  access::v1::CreateApiKeyRequest key;
  key.mutable_api_key()->set_display_name("partner integration");
  key.mutable_api_key()->set_role(access::v1::PARTNER);
  key.mutable_api_key()->set_agency(real.name());
  key.set_validate_only(true);
  absl::StatusOr<access::v1::CreateApiKeyResponse> made = access_.CreateApiKey(key, admin_);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(made->key(), "");
  EXPECT_EQ(made->api_key().name(), "");
  EXPECT_EQ(made->api_key().agency(), real.name());
  EXPECT_THAT(ListedKeys("role = PARTNER"), ::testing::IsEmpty());
  access::v1::DisableAgencyRequest disable;
  disable.set_name(real.name());
  ASSERT_TRUE(access_.DisableAgency(disable, admin_).ok());
  EXPECT_EQ(access_.CreateApiKey(key, admin_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(AccessServiceTest, AnAgencyNeedsADisplayNameOf1To200Characters) {
  for (const std::string& name : {std::string(""), std::string("   "), std::string(201, 'a'),
                                  std::string("Acme\x01Talent")}) {
    access::v1::CreateAgencyRequest request;
    request.mutable_agency()->set_display_name(name);
    const absl::Status status = access_.CreateAgency(request, admin_).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("agency.display_name")) << name;
  }
  // Characters, not bytes: 200 two-byte letters fit.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xC3\xA9";
  EXPECT_EQ(MakeAgency(accented).display_name(), accented);
  EXPECT_EQ(MakeAgency(std::string(200, 'b')).display_name().size(), 200u);
  EXPECT_EQ(Count("SELECT count(*) FROM access.agencies"), 2);
}

TEST_F(AccessServiceTest, ADisplayNameTakenInAnyCaseIsAlreadyExists) {
  const Agency first = MakeAgency("Acme Talent");
  access::v1::CreateAgencyRequest request;
  request.mutable_agency()->set_display_name("ACME talent");
  const absl::Status status = access_.CreateAgency(request, admin_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(status), "AGENCY_EXISTS");
  EXPECT_EQ(GetErrorInfo(status)->metadata().at("existing_agency"), first.name());
  EXPECT_EQ(Count("SELECT count(*) FROM access.agencies"), 1);
}

TEST_F(AccessServiceTest, AnUnknownOrMalformedAgencyNameIsNamed) {
  access::v1::GetAgencyRequest get;
  get.set_name(absl::StrCat("agencies/", NewResourceId()));
  const absl::Status unknown = access_.GetAgency(get, admin_).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.message(), HasSubstr(get.name()));
  for (const char* name : {"", "agencies/", "agencies/acme", "apiKeys/x", "clients/1"}) {
    get.set_name(name);
    EXPECT_THAT(ViolatedFields(access_.GetAgency(get, admin_).status()), ElementsAre("name"))
        << name;
  }
  access::v1::DisableAgencyRequest disable;
  disable.set_name(absl::StrCat("agencies/", NewResourceId()));
  EXPECT_EQ(access_.DisableAgency(disable, admin_).status().code(), absl::StatusCode::kNotFound);
  disable.set_name("acme");
  EXPECT_THAT(ViolatedFields(access_.DisableAgency(disable, admin_).status()), ElementsAre("name"));
}

TEST_F(AccessServiceTest, AgenciesPageOldestFirst) {
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) made.push_back(MakeAgency(absl::StrCat("Agency ", i)).name());
  std::vector<std::string> listed;
  access::v1::ListAgenciesRequest request;
  request.set_page_size(2);
  int pages = 0;
  for (; pages < 10; ++pages) {
    absl::StatusOr<access::v1::ListAgenciesResponse> page = access_.ListAgencies(request, admin_);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const Agency& agency : page->agencies()) listed.push_back(agency.name());
    if (page->next_page_token().empty()) break;
    request.set_page_token(page->next_page_token());
  }
  EXPECT_EQ(listed, made);
  EXPECT_EQ(pages, 2);
}

TEST_F(AccessServiceTest, PageSizesAndTokensAreChecked) {
  for (int size : {-1, 1001}) {
    access::v1::ListAgenciesRequest agencies;
    agencies.set_page_size(size);
    EXPECT_THAT(ViolatedFields(access_.ListAgencies(agencies, admin_).status()),
                ElementsAre("page_size"));
    access::v1::ListApiKeysRequest keys;
    keys.set_page_size(size);
    EXPECT_THAT(ViolatedFields(access_.ListApiKeys(keys, admin_).status()),
                ElementsAre("page_size"));
    access::v1::ListAuditRecordsRequest audit;
    audit.set_page_size(size);
    EXPECT_THAT(ViolatedFields(access_.ListAuditRecords(audit, admin_).status()),
                ElementsAre("page_size"));
  }
  access::v1::ListAgenciesRequest agencies;
  agencies.set_page_token("made-up");
  EXPECT_THAT(ViolatedFields(access_.ListAgencies(agencies, admin_).status()),
              ElementsAre("page_token"));

  // A token from one filter is refused for another.
  MakeKey(access::v1::RECRUITER);
  MakeKey(access::v1::RECRUITER);
  access::v1::ListApiKeysRequest keys;
  keys.set_page_size(1);
  keys.set_filter("role = RECRUITER");
  absl::StatusOr<access::v1::ListApiKeysResponse> first = access_.ListApiKeys(keys, admin_);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->next_page_token().empty());
  keys.set_page_token(first->next_page_token());
  keys.set_filter("role = ADMIN");
  EXPECT_THAT(ViolatedFields(access_.ListApiKeys(keys, admin_).status()),
              ElementsAre("page_token"));
}

TEST_F(AccessServiceTest, DisablingAnAgencyRevokesItsKeysOnce) {
  const Agency acme = MakeAgency("Acme Talent");
  const Agency other = MakeAgency("Other Talent");
  const ApiKey acme_key = MakeKey(access::v1::PARTNER, acme.name());
  const ApiKey other_key = MakeKey(access::v1::PARTNER, other.name());

  access::v1::DisableAgencyRequest request;
  request.set_name(acme.name());
  absl::StatusOr<Agency> disabled = access_.DisableAgency(request, admin_);
  ASSERT_TRUE(disabled.ok()) << disabled.status();
  EXPECT_EQ(disabled->state(), Agency::DISABLED);

  access::v1::GetApiKeyRequest get;
  get.set_name(acme_key.name());
  EXPECT_TRUE(access_.GetApiKey(get, admin_)->revoked());
  get.set_name(other_key.name());
  EXPECT_FALSE(access_.GetApiKey(get, admin_)->revoked());

  // Disabling a disabled agency returns it unchanged.
  absl::StatusOr<Agency> again = access_.DisableAgency(request, admin_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->SerializeAsString(), disabled->SerializeAsString());

  // And no key can be made for it.
  ApiKey key;
  key.set_display_name("late");
  key.set_role(access::v1::PARTNER);
  key.set_agency(acme.name());
  const absl::Status refused = CreateKeyStatus(key);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused), "AGENCY_DISABLED");
  EXPECT_EQ(GetErrorInfo(refused)->metadata().at("agency"), acme.name());
  EXPECT_EQ(Count("SELECT count(*) FROM access.api_keys"), 2);
}

// ---- Keys

TEST_F(AccessServiceTest, AKeyIsShownOnceStoredAsItsHashAndWorks) {
  ApiKey key;
  key.set_display_name(" Acme sync ");
  key.set_role(access::v1::RECRUITER);
  // Output-only fields are ignored.
  key.set_name("apiKeys/mine");
  key.set_creator("apiKeys/someone-else");
  key.set_revoked(true);
  *key.mutable_revoke_time() = TimestampOf(absl::Now());
  *key.mutable_last_use_time() = TimestampOf(absl::Now());
  *key.mutable_create_time() = TimestampOf(absl::UnixEpoch());
  absl::StatusOr<access::v1::CreateApiKeyResponse> made = CreateKey(key);
  ASSERT_TRUE(made.ok()) << made.status();

  const ApiKey& stored = made->api_key();
  EXPECT_THAT(stored.name(), ::testing::StartsWith("apiKeys/"));
  EXPECT_NE(stored.name(), "apiKeys/mine");
  EXPECT_EQ(stored.display_name(), "Acme sync");
  EXPECT_EQ(stored.role(), access::v1::RECRUITER);
  EXPECT_EQ(stored.creator(), admin_.caller.principal);
  EXPECT_FALSE(stored.revoked());
  EXPECT_FALSE(stored.has_revoke_time());
  EXPECT_FALSE(stored.has_last_use_time());
  EXPECT_GT(stored.create_time().seconds(), absl::ToUnixSeconds(absl::Now()) - 60);
  EXPECT_TRUE(LooksLikeApiKey(made->key()));

  // Only the hash is kept.
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM access.api_keys WHERE key_hash = '",
                               ApiKeyHash(made->key()), "'")),
            1);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM access.api_keys k WHERE strpos(k::text, '",
                               made->key().substr(kApiKeyPrefix.size()), "') > 0")),
            0);

  // Reading it back shows the record, never the key.
  access::v1::GetApiKeyRequest get;
  get.set_name(stored.name());
  absl::StatusOr<ApiKey> read = access_.GetApiKey(get, admin_);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), stored.SerializeAsString());

  // The key authenticates as that record.
  Authenticator authenticator(pool_);
  absl::StatusOr<KeyGrant> grant = authenticator.Authenticate(made->key(), admin_.deadline);
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->caller.principal, stored.name());
  EXPECT_EQ(grant->caller.role, access::v1::RECRUITER);
}

TEST_F(AccessServiceTest, APartnerKeyBelongsToAnActiveAgencyAndKeepsItsSettings) {
  const Agency acme = MakeAgency("Acme Talent");
  ApiKey key;
  key.set_display_name("Acme integration");
  key.set_role(access::v1::PARTNER);
  key.set_agency(acme.name());
  const absl::Time expire = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) + 86400);
  *key.mutable_expire_time() = TimestampOf(expire);
  key.mutable_rate_limit()->set_requests_per_second(5);
  key.mutable_rate_limit()->set_burst(10);
  absl::StatusOr<access::v1::CreateApiKeyResponse> made = CreateKey(key);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(made->api_key().agency(), acme.name());
  EXPECT_EQ(made->api_key().expire_time().seconds(), absl::ToUnixSeconds(expire));
  EXPECT_EQ(made->api_key().rate_limit().requests_per_second(), 5);
  EXPECT_EQ(made->api_key().rate_limit().burst(), 10);

  Authenticator authenticator(pool_);
  absl::StatusOr<KeyGrant> grant = authenticator.Authenticate(made->key(), admin_.deadline);
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->caller.agency, acme.name());
  ASSERT_TRUE(grant->rate_limit.has_value());
  EXPECT_EQ(grant->rate_limit->burst(), 10);

  key.set_agency(absl::StrCat("agencies/", NewResourceId()));
  const absl::Status unknown = CreateKeyStatus(key);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.message(), HasSubstr(key.agency()));
}

// Each rule the request breaks is named by its field, all at once.
TEST_F(AccessServiceTest, EveryRuleAKeyBreaksIsNamed) {
  const Agency acme = MakeAgency("Acme Talent");
  const auto violations = [&](const std::function<void(ApiKey&)>& change) {
    ApiKey key;
    key.set_display_name("tool");
    key.set_role(access::v1::RECRUITER);
    change(key);
    const absl::Status status = CreateKeyStatus(key);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    return ViolatedFields(status);
  };
  EXPECT_THAT(violations([](ApiKey& k) { k.clear_display_name(); }),
              ElementsAre("api_key.display_name"));
  EXPECT_THAT(violations([](ApiKey& k) { k.set_display_name(std::string(201, 'x')); }),
              ElementsAre("api_key.display_name"));
  EXPECT_THAT(violations([](ApiKey& k) { k.set_display_name("a\nb\x02"); }),
              ElementsAre("api_key.display_name"));
  EXPECT_THAT(violations([](ApiKey& k) { k.clear_role(); }), ElementsAre("api_key.role"));
  EXPECT_THAT(violations([](ApiKey& k) { k.set_role(static_cast<access::v1::Role>(99)); }),
              ElementsAre("api_key.role"));
  EXPECT_THAT(violations([](ApiKey& k) { k.set_role(access::v1::PARTNER); }),
              ElementsAre("api_key.agency"));
  EXPECT_THAT(violations([](ApiKey& k) {
                k.set_role(access::v1::PARTNER);
                k.set_agency("acme");
              }),
              ElementsAre("api_key.agency"));
  EXPECT_THAT(violations([&](ApiKey& k) { k.set_agency(acme.name()); }),
              ElementsAre("api_key.agency"));
  EXPECT_THAT(violations([&](ApiKey& k) {
                k.set_role(access::v1::ADMIN);
                k.set_agency(acme.name());
              }),
              ElementsAre("api_key.agency"));
  EXPECT_THAT(violations([](ApiKey& k) {
                *k.mutable_expire_time() = TimestampOf(absl::Now() - absl::Seconds(1));
              }),
              ElementsAre("api_key.expire_time"));
  EXPECT_THAT(violations([](ApiKey& k) { k.mutable_expire_time()->set_seconds(253402300800); }),
              ElementsAre("api_key.expire_time"));
  EXPECT_THAT(violations([](ApiKey& k) {
                *k.mutable_expire_time() = TimestampOf(absl::Now() + absl::Hours(1));
                k.mutable_expire_time()->set_nanos(-1);
              }),
              ElementsAre("api_key.expire_time"));
  for (double rate :
       {0.0, 0.5, -1.0, 100000.5, std::nan(""), std::numeric_limits<double>::infinity()}) {
    EXPECT_THAT(violations([&](ApiKey& k) {
                  k.mutable_rate_limit()->set_requests_per_second(rate);
                  k.mutable_rate_limit()->set_burst(10);
                }),
                ElementsAre("api_key.rate_limit.requests_per_second"))
        << rate;
  }
  for (int burst : {0, -3, 100001}) {
    EXPECT_THAT(violations([&](ApiKey& k) {
                  k.mutable_rate_limit()->set_requests_per_second(10);
                  k.mutable_rate_limit()->set_burst(burst);
                }),
                ElementsAre("api_key.rate_limit.burst"))
        << burst;
  }
  // All at once.
  EXPECT_THAT(
      violations([](ApiKey& k) {
        k.clear_display_name();
        k.clear_role();
        *k.mutable_expire_time() = TimestampOf(absl::UnixEpoch());
        k.mutable_rate_limit();
      }),
      UnorderedElementsAre("api_key.display_name", "api_key.role", "api_key.expire_time",
                           "api_key.rate_limit.requests_per_second", "api_key.rate_limit.burst"));
  EXPECT_EQ(Count("SELECT count(*) FROM access.api_keys"), 0);

  // The edges are in.
  ApiKey edges;
  edges.set_display_name(std::string(200, 'x'));
  edges.set_role(access::v1::TALENT_SERVICE);
  edges.mutable_rate_limit()->set_requests_per_second(100000);
  edges.mutable_rate_limit()->set_burst(1);
  EXPECT_TRUE(CreateKey(edges).ok());
  edges.mutable_rate_limit()->set_requests_per_second(1);
  edges.mutable_rate_limit()->set_burst(100000);
  EXPECT_TRUE(CreateKey(edges).ok());
}

TEST_F(AccessServiceTest, RevokingAKeyStopsItOnceAndForAll) {
  access::v1::CreateApiKeyRequest create;
  create.mutable_api_key()->set_display_name("tool");
  create.mutable_api_key()->set_role(access::v1::RECRUITER);
  absl::StatusOr<access::v1::CreateApiKeyResponse> made = access_.CreateApiKey(create, admin_);
  ASSERT_TRUE(made.ok()) << made.status();

  access::v1::RevokeApiKeyRequest revoke;
  revoke.set_name(made->api_key().name());
  absl::StatusOr<ApiKey> revoked = access_.RevokeApiKey(revoke, admin_);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_TRUE(revoked->revoked());
  EXPECT_TRUE(revoked->has_revoke_time());
  absl::StatusOr<ApiKey> again = access_.RevokeApiKey(revoke, admin_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->SerializeAsString(), revoked->SerializeAsString());

  Authenticator authenticator(pool_);
  EXPECT_EQ(authenticator.Authenticate(made->key(), admin_.deadline).status().code(),
            absl::StatusCode::kUnauthenticated);

  revoke.set_name(absl::StrCat("apiKeys/", NewResourceId()));
  EXPECT_EQ(access_.RevokeApiKey(revoke, admin_).status().code(), absl::StatusCode::kNotFound);
  revoke.set_name("apiKeys/");
  EXPECT_THAT(ViolatedFields(access_.RevokeApiKey(revoke, admin_).status()), ElementsAre("name"));
  access::v1::GetApiKeyRequest get;
  get.set_name(absl::StrCat("apiKeys/", NewResourceId()));
  EXPECT_EQ(access_.GetApiKey(get, admin_).status().code(), absl::StatusCode::kNotFound);
  get.set_name("agencies/x");
  EXPECT_THAT(ViolatedFields(access_.GetApiKey(get, admin_).status()), ElementsAre("name"));
}

TEST_F(AccessServiceTest, KeysListByRoleAgencyAndRevocation) {
  const Agency acme = MakeAgency("Acme Talent");
  const Agency other = MakeAgency("Other Talent");
  const std::string admin = MakeKey(access::v1::ADMIN).name();
  const std::string acme_1 = MakeKey(access::v1::PARTNER, acme.name()).name();
  const std::string recruiter = MakeKey(access::v1::RECRUITER).name();
  const std::string other_1 = MakeKey(access::v1::PARTNER, other.name()).name();
  const std::string acme_2 = MakeKey(access::v1::PARTNER, acme.name()).name();
  access::v1::RevokeApiKeyRequest revoke;
  revoke.set_name(acme_2);
  ASSERT_TRUE(access_.RevokeApiKey(revoke, admin_).ok());

  EXPECT_THAT(ListedKeys(""), ElementsAre(admin, acme_1, recruiter, other_1, acme_2));
  EXPECT_THAT(ListedKeys("role = PARTNER"), ElementsAre(acme_1, other_1, acme_2));
  EXPECT_THAT(ListedKeys(absl::StrCat("agency = ", acme.name())), ElementsAre(acme_1, acme_2));
  EXPECT_THAT(ListedKeys("revoked = true"), ElementsAre(acme_2));
  EXPECT_THAT(ListedKeys(absl::StrCat("role = PARTNER AND agency = \"", acme.name(),
                                      "\" AND revoked = false")),
              ElementsAre(acme_1));
  EXPECT_THAT(ListedKeys("role = PLACEMENT_SERVICE"), IsEmpty());

  for (const char* filter :
       {"role = BOSS", "role = ROLE_UNSPECIFIED", "agency = acme", "revoked = maybe", "owner = x",
        "role >= ADMIN", "role = 'PARTNER'", "revoked = true AND revoked = false"}) {
    access::v1::ListApiKeysRequest request;
    request.set_filter(filter);
    EXPECT_THAT(ViolatedFields(access_.ListApiKeys(request, admin_).status()),
                ElementsAre("filter"))
        << filter;
  }
}

// ---- The audit log

TEST_F(AccessServiceTest, AuditRecordsListNewestFirstByFilterAndTime) {
  const std::string alice = absl::StrCat("apiKeys/", NewResourceId());
  const std::string bob = absl::StrCat("apiKeys/", NewResourceId());
  InsertAudit(alice, "clients/1", "OK", "2026-11-01T09:00:00Z");
  InsertAudit(bob, "clients/2", "OK", "2026-11-02T09:00:00Z");
  InsertAudit(alice, "clients/3", "PERMISSION_DENIED", "2026-11-03T09:00:00Z");
  InsertAudit(alice, "clients/4", "OK", "2026-11-04T09:00:00Z");

  EXPECT_THAT(ListedAudit(""), ElementsAre("clients/4", "clients/3", "clients/2", "clients/1"));
  EXPECT_THAT(ListedAudit(absl::StrCat("principal = ", alice)),
              ElementsAre("clients/4", "clients/3", "clients/1"));
  EXPECT_THAT(ListedAudit("resource = clients/2"), ElementsAre("clients/2"));
  EXPECT_THAT(ListedAudit("method = m AND outcome = PERMISSION_DENIED"), ElementsAre("clients/3"));
  EXPECT_THAT(ListedAudit("on_behalf_of = nobody"), IsEmpty());
  EXPECT_THAT(ListedAudit("create_time >= \"2026-11-02T09:00:00Z\" AND "
                          "create_time < \"2026-11-04T09:00:00Z\""),
              ElementsAre("clients/3", "clients/2"));
  EXPECT_THAT(ListedAudit("create_time > 2026-11-02T09:00:00Z AND "
                          "create_time <= 2026-11-04T09:00:00Z"),
              ElementsAre("clients/4", "clients/3"));
  // Any offset: 04:00 in New York (UTC-5 in November) is 09:00Z.
  EXPECT_THAT(ListedAudit("create_time < \"2026-11-02T04:00:00-05:00\""), ElementsAre("clients/1"));
  EXPECT_THAT(ListedAudit(absl::StrCat("principal = ", alice,
                                       " AND create_time >= \"2026-11-02T00:00:00Z\"")),
              ElementsAre("clients/4", "clients/3"));

  for (const char* filter :
       {"create_time >= yesterday", "create_time >= \"2026-13-01T00:00:00Z\"",
        "create_time >= \"10000-01-01T00:00:00Z\"", "create_time = \"2026-11-01T09:00:00Z\"",
        "create_time >= 2026-11-01T00:00:00Z AND create_time > 2026-11-02T00:00:00Z",
        "principal = bob", "principal = agencies/x", "outcome = FINE", "outcome = ok",
        "resource < clients/2", "role = ADMIN", "create_time >= '2026-11-01T00:00:00Z'"}) {
    EXPECT_THAT(ViolatedFields(AuditFilterStatus(filter)), ElementsAre("filter")) << filter;
  }
}

// The RPC layer records the audit row and the served request in the transaction that
// produces the response (common/auth/served_requests.h): each RPC must be that one
// transaction, with the RPC's response type.
TEST_F(AccessServiceTest, EachChangeIsOneTransactionTheRpcLayerRecords) {
  const auto audit_rows = [&] { return Count("SELECT count(*) FROM access.audit_records"); };
  CallContext call = admin_;
  call.request_id = NewResourceId();

  access::v1::CreateAgencyRequest agency_request;
  agency_request.mutable_agency()->set_display_name("Acme Talent");
  absl::StatusOr<Agency> agency;
  {
    WriteRecorder recorder(call, "meridian.access.v1.AccessService/CreateAgency", agency_request,
                           *Agency::descriptor());
    db::CommitGuard guard([] { return false; }, &recorder);
    agency = access_.CreateAgency(agency_request, call);
  }
  ASSERT_TRUE(agency.ok()) << agency.status();
  EXPECT_EQ(audit_rows(), 1);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM access.audit_records WHERE resource = '",
                               agency->name(), "' AND principal = '", call.caller.principal,
                               "' AND outcome = 'OK'")),
            1);

  // A refused change leaves no record.
  {
    CallContext duplicate = admin_;
    WriteRecorder recorder(duplicate, "meridian.access.v1.AccessService/CreateAgency",
                           agency_request, *Agency::descriptor());
    db::CommitGuard guard([] { return false; }, &recorder);
    EXPECT_EQ(access_.CreateAgency(agency_request, duplicate).status().code(),
              absl::StatusCode::kAlreadyExists);
  }
  EXPECT_EQ(audit_rows(), 1);

  // A new key's served request keeps the record, not the key.
  access::v1::CreateApiKeyRequest key_request;
  key_request.mutable_api_key()->set_display_name("tool");
  key_request.mutable_api_key()->set_role(access::v1::RECRUITER);
  call.request_id = NewResourceId();
  absl::StatusOr<access::v1::CreateApiKeyResponse> made;
  {
    WriteRecorder recorder(call, "meridian.access.v1.AccessService/CreateApiKey", key_request,
                           *access::v1::CreateApiKeyResponse::descriptor());
    db::CommitGuard guard([] { return false; }, &recorder);
    made = access_.CreateApiKey(key_request, call);
  }
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(audit_rows(), 2);
  absl::StatusOr<std::optional<ServedRequest>> served = FindServedRequest(
      pool_, call, "meridian.access.v1.AccessService/CreateApiKey", absl::Hours(1));
  ASSERT_TRUE(served.ok()) << served.status();
  ASSERT_TRUE(served->has_value());
  access::v1::CreateApiKeyResponse replay;
  ASSERT_TRUE(replay.ParseFromString((*served)->response));
  EXPECT_EQ(replay.api_key().name(), made->api_key().name());
  EXPECT_EQ(replay.key(), "");
}

}  // namespace
}  // namespace meridian::intake
