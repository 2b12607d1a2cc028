// common/auth/key_store.h against a real PostgreSQL: agencies, keys and the audit log's
// listing round-trip, a key is stored only as its hash, revoking and disabling stick, and the
// filters, pages and time bounds select exactly what they say.
#include "common/auth/key_store.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/api_key.h"
#include "common/auth/authenticator.h"
#include "common/db/pool.h"
#include "common/migrations/migrations.h"
#include "common/util/ids.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"

namespace meridian::key_store {
namespace {

using access::v1::Agency;
using access::v1::ApiKey;
using access::v1::AuditRecord;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using testing::TestDatabase;

absl::Time Soon() { return absl::Now() + absl::Seconds(20); }

absl::Time ToTime(const google::protobuf::Timestamp& time) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(time));
}

absl::Time ParseTime(const std::string& text) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, text, &time, &error)) << text << ": " << error;
  return time;
}

class KeyStoreTest : public ::testing::Test {
 protected:
  KeyStoreTest() : pool_({.url = database_.url(), .size = 2}) {}

  void SetUp() override {
    absl::StatusOr<int> applied = db::ApplyMigrations(database_.url(), db::AllMigrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  // Runs `work` in one committed transaction and returns what it returns.
  template <typename Work>
  auto InTx(Work&& work) {
    using T = std::invoke_result_t<Work, pqxx::work&>;
    if constexpr (std::is_void_v<T>) {
      absl::Status status = pool_.InTransaction(Soon(), [&](pqxx::work& tx) {
        work(tx);
        return absl::OkStatus();
      });
      EXPECT_TRUE(status.ok()) << status;
    } else {
      std::optional<T> result;
      absl::Status status = pool_.InTransaction(Soon(), [&](pqxx::work& tx) {
        result.emplace(work(tx));
        return absl::OkStatus();
      });
      EXPECT_TRUE(status.ok()) << status;
      return std::move(result).value();
    }
  }

  std::string NewAgency(const std::string& display_name) {
    const std::string id = NewResourceId();
    EXPECT_TRUE(InTx([&](pqxx::work& tx) { return InsertAgency(tx, id, display_name); }));
    return id;
  }

  // A key of `role` (for `agency_id` when a PARTNER); returns its id.
  std::string NewKeyOf(access::v1::Role role, const std::string& agency_id = "",
                       std::optional<absl::Time> expire_time = std::nullopt) {
    const std::string id = NewResourceId();
    InTx([&](pqxx::work& tx) {
      InsertApiKey(tx, id, ApiKeyHash(NewApiKey()),
                   {.display_name = absl::StrCat(access::v1::Role_Name(role), " key"),
                    .role = role,
                    .agency_id = agency_id,
                    .expire_time = expire_time});
    });
    return id;
  }

  ApiKey Key(const std::string& id) {
    std::optional<ApiKey> key = InTx([&](pqxx::work& tx) { return FindApiKey(tx, id); });
    EXPECT_TRUE(key.has_value()) << id;
    return key.value_or(ApiKey());
  }

  // Every key a filter lists, walking pages of `page` keys; the ids in list order.
  std::vector<std::string> ListedKeyIds(const ApiKeyFilter& filter, int page = 2) {
    std::vector<std::string> ids;
    int64_t after = 0;
    for (int guard = 0; guard < 100; ++guard) {
      std::vector<Listed<ApiKey>> rows =
          InTx([&](pqxx::work& tx) { return ListApiKeys(tx, filter, after, page); });
      for (const Listed<ApiKey>& row : rows) ids.push_back(row.resource.name().substr(8));
      if (static_cast<int>(rows.size()) < page) break;
      after = rows.back().seq;
    }
    return ids;
  }

  void InsertAudit(const std::string& principal, const std::string& method,
                   const std::string& resource, const std::string& outcome,
                   const std::string& on_behalf_of, const std::string& create_time) {
    InTx([&](pqxx::work& tx) {
      tx.exec_params(
          "INSERT INTO access.audit_records (id, principal, role, agency, on_behalf_of, method, "
          "resource, request_id, create_time, outcome) VALUES ($1, $2, 'ADMIN', '', $3, $4, $5, "
          "'', $6::timestamptz, $7)",
          NewResourceId(), principal, on_behalf_of, method, resource, create_time, outcome);
    });
  }

  // The resources of the records a filter lists, walking pages of `page` records.
  std::vector<std::string> ListedResources(const AuditFilter& filter, int page = 2) {
    std::vector<std::string> resources;
    int64_t before = 0;
    for (int guard = 0; guard < 100; ++guard) {
      std::vector<Listed<AuditRecord>> rows =
          InTx([&](pqxx::work& tx) { return ListAuditRecords(tx, filter, before, page); });
      for (const Listed<AuditRecord>& row : rows) resources.push_back(row.resource.resource());
      if (static_cast<int>(rows.size()) < page) break;
      before = rows.back().seq;
    }
    return resources;
  }

  TestDatabase database_;
  db::ConnectionPool pool_;
};

TEST_F(KeyStoreTest, AnAgencyRoundTrips) {
  const absl::Time before = absl::Now() - absl::Seconds(5);
  const std::string id = NewAgency("Acme Talent");
  std::optional<Agency> agency = InTx([&](pqxx::work& tx) { return FindAgency(tx, id); });
  ASSERT_TRUE(agency.has_value());
  EXPECT_EQ(agency->name(), "agencies/" + id);
  EXPECT_EQ(agency->display_name(), "Acme Talent");
  EXPECT_EQ(agency->state(), Agency::ACTIVE);
  EXPECT_GT(ToTime(agency->create_time()), before);
  EXPECT_EQ(agency->create_time(), agency->update_time());

  std::optional<Agency> by_name =
      InTx([&](pqxx::work& tx) { return FindAgencyByDisplayName(tx, "ACME talent"); });
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->name(), agency->name());
  EXPECT_FALSE(InTx([&](pqxx::work& tx) { return FindAgency(tx, NewResourceId()); }).has_value());
}

TEST_F(KeyStoreTest, ADisplayNameIsTakenInAnyCase) {
  NewAgency("Acme Talent");
  const std::string id = NewResourceId();
  EXPECT_FALSE(InTx([&](pqxx::work& tx) { return InsertAgency(tx, id, "acme TALENT"); }));
  EXPECT_FALSE(InTx([&](pqxx::work& tx) { return FindAgency(tx, id); }).has_value());
}

TEST_F(KeyStoreTest, AgenciesPageOldestFirst) {
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) made.push_back(NewAgency(absl::StrCat("Agency ", i)));
  std::vector<std::string> listed;
  int64_t after = 0;
  for (int page = 0; page < 10; ++page) {
    std::vector<Listed<Agency>> rows =
        InTx([&](pqxx::work& tx) { return ListAgencies(tx, after, 2); });
    for (const Listed<Agency>& row : rows) listed.push_back(row.resource.name().substr(9));
    if (rows.size() < 2) break;
    after = rows.back().seq;
  }
  EXPECT_THAT(listed, ElementsAreArray(made));
}

TEST_F(KeyStoreTest, AKeyRoundTripsWithEverySetting) {
  const std::string agency_id = NewAgency("Acme Talent");
  const std::string id = NewResourceId();
  const std::string key = NewApiKey();
  const absl::Time expire = ParseTime("2031-05-06T07:08:09.123456789Z");
  access::v1::RateLimit limit;
  limit.set_requests_per_second(2.5);
  limit.set_burst(7);
  InTx([&](pqxx::work& tx) {
    InsertApiKey(tx, id, ApiKeyHash(key),
                 {.display_name = "Acme sync",
                  .role = access::v1::PARTNER,
                  .agency_id = agency_id,
                  .expire_time = expire,
                  .rate_limit = limit,
                  .creator = "apiKeys/0b7a1f9e-0000-4000-8000-000000000001"});
  });
  const ApiKey stored = Key(id);
  EXPECT_EQ(stored.name(), "apiKeys/" + id);
  EXPECT_EQ(stored.display_name(), "Acme sync");
  EXPECT_EQ(stored.role(), access::v1::PARTNER);
  EXPECT_EQ(stored.agency(), "agencies/" + agency_id);
  EXPECT_EQ(stored.creator(), "apiKeys/0b7a1f9e-0000-4000-8000-000000000001");
  // PostgreSQL keeps microseconds: the expiry is rounded up to the next one, never earlier.
  EXPECT_EQ(ToTime(stored.expire_time()), ParseTime("2031-05-06T07:08:09.123457Z"));
  EXPECT_EQ(stored.rate_limit().requests_per_second(), 2.5);
  EXPECT_EQ(stored.rate_limit().burst(), 7);
  EXPECT_TRUE(stored.has_create_time());
  EXPECT_FALSE(stored.has_last_use_time());
  EXPECT_FALSE(stored.has_revoke_time());
  EXPECT_FALSE(stored.revoked());

  std::optional<HashedKey> found =
      InTx([&](pqxx::work& tx) { return FindApiKeyByHash(tx, ApiKeyHash(key)); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->key.name(), stored.name());
  EXPECT_TRUE(found->works);
  EXPECT_FALSE(InTx([&](pqxx::work& tx) {
                 return FindApiKeyByHash(tx, ApiKeyHash(NewApiKey()));
               }).has_value());
}

TEST_F(KeyStoreTest, AKeyWithoutLimitOrExpiryHasNeither) {
  const ApiKey stored = Key(NewKeyOf(access::v1::RECRUITER));
  EXPECT_EQ(stored.role(), access::v1::RECRUITER);
  EXPECT_EQ(stored.agency(), "");
  EXPECT_EQ(stored.creator(), "");
  EXPECT_FALSE(stored.has_rate_limit());
  EXPECT_FALSE(stored.has_expire_time());
}

// The key is a bearer secret: no table may hold it, only its hash.
TEST_F(KeyStoreTest, OnlyTheKeysHashIsStored) {
  const std::string key = NewApiKey();
  const std::string id = NewResourceId();
  InTx([&](pqxx::work& tx) {
    InsertApiKey(tx, id, ApiKeyHash(key), {.display_name = "Sync", .role = access::v1::ADMIN});
  });
  const std::string secret = key.substr(kApiKeyPrefix.size());
  int tables = 0;
  int with_hash = 0;
  InTx([&](pqxx::work& tx) {
    for (const pqxx::row& table :
         tx.exec("SELECT table_schema, table_name FROM information_schema.tables "
                 "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                 "AND table_type = 'BASE TABLE'")) {
      ++tables;
      const std::string name = absl::StrCat(tx.quote_name(table[0].as<std::string>()), ".",
                                            tx.quote_name(table[1].as<std::string>()));
      const std::string query =
          absl::StrCat("SELECT count(*) FROM ", name, " t WHERE strpos(t::text, $1) > 0");
      EXPECT_EQ(tx.exec_params1(query, secret)[0].as<int>(), 0) << "the key is in " << name;
      with_hash += tx.exec_params1(query, ApiKeyHash(key))[0].as<int>();
    }
  });
  EXPECT_GT(tables, 10);
  EXPECT_EQ(with_hash, 1) << "the hash is in access.api_keys alone";
}

TEST_F(KeyStoreTest, RevokingSticksAndKeepsTheFirstTime) {
  const std::string key = NewApiKey();
  const std::string id = NewResourceId();
  InTx([&](pqxx::work& tx) {
    InsertApiKey(tx, id, ApiKeyHash(key), {.display_name = "Tool", .role = access::v1::RECRUITER});
  });
  EXPECT_TRUE(InTx([&](pqxx::work& tx) { return RevokeApiKey(tx, id); }));
  const ApiKey revoked = Key(id);
  EXPECT_TRUE(revoked.revoked());
  ASSERT_TRUE(revoked.has_revoke_time());
  EXPECT_FALSE(InTx([&](pqxx::work& tx) { return RevokeApiKey(tx, id); }));
  EXPECT_EQ(Key(id).revoke_time(), revoked.revoke_time());
  EXPECT_FALSE(InTx([&](pqxx::work& tx) { return RevokeApiKey(tx, NewResourceId()); }));

  std::optional<HashedKey> found =
      InTx([&](pqxx::work& tx) { return FindApiKeyByHash(tx, ApiKeyHash(key)); });
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->works);
}

TEST_F(KeyStoreTest, DisablingAnAgencyRevokesItsKeysAndNoOthers) {
  const std::string acme = NewAgency("Acme Talent");
  const std::string other = NewAgency("Other Talent");
  const std::string first = NewKeyOf(access::v1::PARTNER, acme);
  const std::string second = NewKeyOf(access::v1::PARTNER, acme);
  const std::string earlier = NewKeyOf(access::v1::PARTNER, acme);
  const std::string others = NewKeyOf(access::v1::PARTNER, other);
  ASSERT_TRUE(InTx([&](pqxx::work& tx) { return RevokeApiKey(tx, earlier); }));
  const google::protobuf::Timestamp earlier_revoked = Key(earlier).revoke_time();

  EXPECT_EQ(InTx([&](pqxx::work& tx) { return DisableAgency(tx, acme); }), 2);
  std::optional<Agency> disabled = InTx([&](pqxx::work& tx) { return FindAgency(tx, acme); });
  ASSERT_TRUE(disabled.has_value());
  EXPECT_EQ(disabled->state(), Agency::DISABLED);
  EXPECT_GE(ToTime(disabled->update_time()), ToTime(disabled->create_time()));
  EXPECT_TRUE(Key(first).revoked());
  EXPECT_TRUE(Key(first).has_revoke_time());
  EXPECT_TRUE(Key(second).revoked());
  EXPECT_EQ(Key(earlier).revoke_time(), earlier_revoked);
  EXPECT_FALSE(Key(others).revoked());

  // Again: nothing changes.
  EXPECT_EQ(InTx([&](pqxx::work& tx) { return DisableAgency(tx, acme); }), 0);
  EXPECT_EQ(InTx([&](pqxx::work& tx) { return FindAgency(tx, acme); })->update_time(),
            disabled->update_time());
  EXPECT_EQ(InTx([&](pqxx::work& tx) { return CountWorkingKeys(tx, access::v1::PARTNER); }), 1);
}

// A key whose agency is DISABLED is revoked even without a revoke_time of its own, as the
// Authenticator sees it.
TEST_F(KeyStoreTest, AKeyOfADisabledAgencyReadsAsRevoked) {
  const std::string acme = NewAgency("Acme Talent");
  const std::string key = NewKeyOf(access::v1::PARTNER, acme);
  InTx([&](pqxx::work& tx) {
    tx.exec_params("UPDATE access.agencies SET state = 'DISABLED' WHERE id = $1", acme);
  });
  EXPECT_TRUE(Key(key).revoked());
  EXPECT_THAT(ListedKeyIds({.revoked = true}), ElementsAre(key));
  EXPECT_EQ(InTx([&](pqxx::work& tx) { return CountWorkingKeys(tx, access::v1::PARTNER); }), 0);
}

// A call whose deadline is spent before its key is read is told DEADLINE_EXCEEDED, not
// UNAVAILABLE "retry later" (found by the hostile request test, issue 16); with time left the
// same key works.
TEST_F(KeyStoreTest, AnAuthenticationPastItsDeadlineIsDeadlineExceeded) {
  const std::string key = NewApiKey();
  InTx([&](pqxx::work& tx) {
    InsertApiKey(tx, NewResourceId(), ApiKeyHash(key),
                 {.display_name = "Late", .role = access::v1::RECRUITER});
  });
  Authenticator authenticator(pool_);
  absl::StatusOr<KeyGrant> late = authenticator.Authenticate(key, absl::Now() - absl::Seconds(1));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded) << late.status();
  absl::StatusOr<KeyGrant> in_time = authenticator.Authenticate(key, Soon());
  EXPECT_TRUE(in_time.ok()) << in_time.status();
}

TEST_F(KeyStoreTest, KeysListOldestFirstByRoleAgencyAndRevocation) {
  const std::string acme = NewAgency("Acme Talent");
  const std::string other = NewAgency("Other Talent");
  const std::string admin = NewKeyOf(access::v1::ADMIN);
  const std::string acme_1 = NewKeyOf(access::v1::PARTNER, acme);
  const std::string recruiter = NewKeyOf(access::v1::RECRUITER);
  const std::string other_1 = NewKeyOf(access::v1::PARTNER, other);
  const std::string acme_2 = NewKeyOf(access::v1::PARTNER, acme);
  const std::string service = NewKeyOf(access::v1::TALENT_SERVICE);
  ASSERT_TRUE(InTx([&](pqxx::work& tx) { return RevokeApiKey(tx, acme_2); }));
  ASSERT_TRUE(InTx([&](pqxx::work& tx) { return RevokeApiKey(tx, recruiter); }));

  EXPECT_THAT(ListedKeyIds({}), ElementsAre(admin, acme_1, recruiter, other_1, acme_2, service));
  EXPECT_THAT(ListedKeyIds({}, 1000),
              ElementsAre(admin, acme_1, recruiter, other_1, acme_2, service));
  EXPECT_THAT(ListedKeyIds({.role = access::v1::PARTNER}), ElementsAre(acme_1, other_1, acme_2));
  EXPECT_THAT(ListedKeyIds({.agency_id = acme}), ElementsAre(acme_1, acme_2));
  EXPECT_THAT(ListedKeyIds({.revoked = true}), ElementsAre(recruiter, acme_2));
  EXPECT_THAT(ListedKeyIds({.revoked = false}), ElementsAre(admin, acme_1, other_1, service));
  EXPECT_THAT(ListedKeyIds({.role = access::v1::PARTNER, .agency_id = acme, .revoked = false}),
              ElementsAre(acme_1));
  EXPECT_THAT(ListedKeyIds({.role = access::v1::PLACEMENT_SERVICE}), ElementsAre());
}

TEST_F(KeyStoreTest, OnlyUnrevokedUnexpiredKeysOfTheRoleWork) {
  EXPECT_EQ(InTx([&](pqxx::work& tx) { return CountWorkingKeys(tx, access::v1::ADMIN); }), 0);
  NewKeyOf(access::v1::ADMIN);
  NewKeyOf(access::v1::ADMIN, "", absl::Now() + absl::Hours(1));
  NewKeyOf(access::v1::ADMIN, "", absl::Now() - absl::Hours(1));
  const std::string revoked = NewKeyOf(access::v1::ADMIN);
  ASSERT_TRUE(InTx([&](pqxx::work& tx) { return RevokeApiKey(tx, revoked); }));
  NewKeyOf(access::v1::RECRUITER);
  EXPECT_EQ(InTx([&](pqxx::work& tx) { return CountWorkingKeys(tx, access::v1::ADMIN); }), 2);
  EXPECT_EQ(InTx([&](pqxx::work& tx) { return CountWorkingKeys(tx, access::v1::RECRUITER); }), 1);
}

TEST_F(KeyStoreTest, AnExpiredKeyDoesNotWork) {
  const std::string key = NewApiKey();
  InTx([&](pqxx::work& tx) {
    InsertApiKey(tx, NewResourceId(), ApiKeyHash(key),
                 {.display_name = "Old",
                  .role = access::v1::RECRUITER,
                  .expire_time = absl::Now() - absl::Seconds(1)});
  });
  std::optional<HashedKey> found =
      InTx([&](pqxx::work& tx) { return FindApiKeyByHash(tx, ApiKeyHash(key)); });
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->works);
  EXPECT_FALSE(found->key.revoked()) << "expired is not revoked";
}

TEST_F(KeyStoreTest, AuditRecordsListNewestFirstByEachField) {
  const std::string alice = "apiKeys/0b7a1f9e-0000-4000-8000-00000000000a";
  const std::string bob = "apiKeys/0b7a1f9e-0000-4000-8000-00000000000b";
  const std::string create = "meridian.intake.v1.IntakeService/CreateClient";
  const std::string update = "meridian.intake.v1.IntakeService/UpdateClient";
  InsertAudit(alice, create, "clients/1", "OK", "", "2026-11-01T09:00:00Z");
  InsertAudit(bob, create, "clients/2", "OK", "dana@example.com", "2026-11-01T10:00:00Z");
  InsertAudit(alice, update, "clients/1", "OK", "dana@example.com", "2026-11-02T09:00:00Z");
  InsertAudit(bob, update, "clients/3", "PERMISSION_DENIED", "", "2026-11-03T09:00:00Z");
  InsertAudit(alice, update, "clients/1", "OK", "", "2026-11-04T09:00:00Z");

  // The newest insert first, across pages of 2 (1, 2, and 5 at a time agree).
  const std::vector<std::string> all = {"clients/1", "clients/3", "clients/1", "clients/2",
                                        "clients/1"};
  EXPECT_THAT(ListedResources({}), ElementsAreArray(all));
  EXPECT_THAT(ListedResources({}, 1), ElementsAreArray(all));
  EXPECT_THAT(ListedResources({}, 5), ElementsAreArray(all));

  std::vector<Listed<AuditRecord>> newest =
      InTx([&](pqxx::work& tx) { return ListAuditRecords(tx, {}, 0, 1); });
  ASSERT_EQ(newest.size(), 1u);
  const AuditRecord& record = newest[0].resource;
  EXPECT_TRUE(record.name().starts_with("auditRecords/"));
  EXPECT_EQ(record.principal(), alice);
  EXPECT_EQ(record.role(), access::v1::ADMIN);
  EXPECT_EQ(record.method(), update);
  EXPECT_EQ(record.outcome(), "OK");
  EXPECT_EQ(ToTime(record.create_time()), ParseTime("2026-11-04T09:00:00Z"));

  EXPECT_THAT(ListedResources({.principal = bob}), ElementsAre("clients/3", "clients/2"));
  EXPECT_THAT(ListedResources({.resource = "clients/1"}),
              ElementsAre("clients/1", "clients/1", "clients/1"));
  EXPECT_THAT(ListedResources({.method = create}), ElementsAre("clients/2", "clients/1"));
  EXPECT_THAT(ListedResources({.on_behalf_of = "dana@example.com"}),
              ElementsAre("clients/1", "clients/2"));
  EXPECT_THAT(ListedResources({.outcome = "PERMISSION_DENIED"}), ElementsAre("clients/3"));
  EXPECT_THAT(ListedResources({.principal = alice, .method = update}),
              ElementsAre("clients/1", "clients/1"));
  EXPECT_THAT(ListedResources({.principal = "apiKeys/nobody"}), ElementsAre());

  // [from, until): from is in, until is out.
  EXPECT_THAT(ListedResources({.from = ParseTime("2026-11-01T10:00:00Z"),
                               .until = ParseTime("2026-11-03T09:00:00Z")}),
              ElementsAre("clients/1", "clients/2"));
  EXPECT_THAT(ListedResources({.from = ParseTime("2026-11-03T09:00:00Z")}),
              ElementsAre("clients/1", "clients/3"));
  EXPECT_THAT(ListedResources({.until = ParseTime("2026-11-01T10:00:00Z")}),
              ElementsAre("clients/1"));
  EXPECT_THAT(ListedResources({.principal = alice, .from = ParseTime("2026-11-02T00:00:00Z")}),
              ElementsAre("clients/1", "clients/1"));
  // The ends of the API's range are valid bounds.
  EXPECT_THAT(ListedResources({.from = ParseTime("0001-01-01T00:00:00Z"),
                               .until = ParseTime("9999-12-31T23:59:59.999999999Z")}),
              ElementsAreArray(all));
}

// Bounds are exact to the microsecond PostgreSQL keeps, with nanoseconds rounded so that
// `>= t` and `< t` mean what they say for any t.
TEST_F(KeyStoreTest, TimeBoundsAreExactToTheMicrosecond) {
  InsertAudit("apiKeys/a", "m", "at", "OK", "", "2026-11-01T00:00:00.000001Z");
  const absl::Time at = ParseTime("2026-11-01T00:00:00.000001Z");
  EXPECT_THAT(ListedResources({.from = at}), ElementsAre("at"));
  EXPECT_THAT(ListedResources({.from = at + absl::Nanoseconds(1)}), ElementsAre());
  EXPECT_THAT(ListedResources({.from = at - absl::Nanoseconds(1)}), ElementsAre("at"));
  EXPECT_THAT(ListedResources({.until = at}), ElementsAre());
  EXPECT_THAT(ListedResources({.until = at + absl::Nanoseconds(1)}), ElementsAre("at"));
  EXPECT_THAT(ListedResources({.from = at, .until = at}), ElementsAre());

  // Before 1970 the split into seconds and microseconds still floors.
  InsertAudit("apiKeys/a", "m", "old", "OK", "", "1969-12-31T23:59:59.999999Z");
  const absl::Time old = ParseTime("1969-12-31T23:59:59.999999Z");
  EXPECT_THAT(ListedResources({.from = old, .until = old + absl::Microseconds(1)}),
              ElementsAre("old"));
  EXPECT_THAT(ListedResources({.from = old + absl::Nanoseconds(1), .until = at}), ElementsAre());
}

}  // namespace
}  // namespace meridian::key_store
