// SQL for the talent schema (common/migrations/sql/0003_talent.sql) and the talent side of
// the shared reference data. Every function runs inside the caller's transaction and uses
// parameters only.
//
//   RecordCandidateChange(tx, id);  // last statement of any write to a candidate
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/api/list_order.h"
#include "common/auth/caller.h"
#include "meridian/talent/v1/talent.pb.h"
#include "pqxx/pqxx"

namespace meridian::talent {

template <typename T>
struct Listed {
  int64_t seq;
  T resource;
};

struct StoredCandidate {
  v1::Candidate candidate;  // Empty apart from name, state and timestamps when erased.
  bool erased = false;
};

// A candidate that stands in the way of a write: its name and owner ("" for none).
struct CandidateRef {
  std::string name;
  std::string owner;
};

// The candidate whose email or phone matches, if any (erased candidates match nothing).
std::optional<CandidateRef> FindDuplicateCandidate(pqxx::work& tx, const v1::Candidate& candidate,
                                                   const std::string& except_id);
// `candidate.owner()` is stored in its own column (empty: none).
void InsertCandidate(pqxx::work& tx, const std::string& id, const v1::Candidate& candidate);

// The candidate other than `except_id` holding one of `candidate`'s external ids, if any.
std::optional<CandidateRef> FindExternalIdHolder(pqxx::work& tx, const v1::Candidate& candidate,
                                                 const std::string& except_id);
// The id of the candidate `agency` knows as `external_id`, if any.
std::optional<std::string> FindCandidateByExternalId(pqxx::work& tx, const std::string& agency,
                                                     const std::string& external_id);
// Makes talent.candidate_external_ids hold exactly `candidate.external_ids()` for `id`.
void StoreExternalIds(pqxx::work& tx, const std::string& id, const v1::Candidate& candidate);
std::optional<StoredCandidate> FindCandidate(pqxx::work& tx, const std::string& id,
                                             bool for_update);
// What ListCandidates selects; empty fields select everything.
struct CandidateSelection {
  std::string state;    // a state name
  std::string skill;    // a canonical skill id
  std::string country;  // ISO 3166 code
  std::string owner;    // "agencies/{agency}", or "none" for candidates without an owner
  std::string tenant;   // "agencies/{agency}": a PARTNER's scope, always applied when set
};

// Candidates past position `after` in `order` (not erased) that match `selection`.
std::vector<Listed<v1::Candidate>> ListCandidates(pqxx::work& tx, ListOrder order, int64_t after,
                                                  int limit, const CandidateSelection& selection);
void UpdateCandidate(pqxx::work& tx, const std::string& id, const v1::Candidate& candidate);

// The lowest and highest `seq` of the searchable candidates ({0, 0} when there are none): the
// range the search index's bulk load divides among its readers.
std::pair<int64_t, int64_t> CandidateSeqRange(pqxx::work& tx);
// Sets the state column and body field alone (the pipeline's moves).
void SetCandidateState(pqxx::work& tx, const std::string& id, v1::Candidate::State state);
// Removes every personal field for good, here and in the candidate's submissions, and their
// new-match alerts.
void EraseCandidate(pqxx::work& tx, const std::string& id);

// Appends the candidate's event (candidate.created, .updated, .erased) to the event feed, with
// `candidate` as it is after the change; `id` is its id.
void RecordCandidateEvent(pqxx::work& tx, absl::string_view type, const v1::Candidate& candidate,
                          const std::string& id, const Caller& caller);

// Appends to the change feed the search index follows, after the candidate's own write (the
// row lock then orders one candidate's changes as they commit).
void RecordCandidateChange(pqxx::work& tx, const std::string& id);

// The lock that orders recording new-match alerts and erasing a candidate's (held until
// commit; taken only by the alerts worker and erasures, never on the candidate write path).
inline constexpr int64_t kRoleMatchWritesLock = 0x74616c656e740001;  // "talent" + 1
void LockRoleMatchWrites(pqxx::work& tx);

struct CandidateChange {
  int64_t seq;
  std::string candidate_id;
  // When the writing transaction started (the database's clock): what alert lag is measured
  // from.
  absl::Time change_time = absl::InfinitePast();
};
// The change feed's readable horizon (common/db/ordered_reads.h): every change at or below it
// is final; nullopt while transactions that may still add one below the newest are running.
std::optional<int64_t> ReadableCandidateChange(pqxx::work& tx);
// The changes after `after` and at most `through` (a readable horizon), oldest first.
std::vector<CandidateChange> ReadCandidateChanges(pqxx::work& tx, int64_t after, int64_t through,
                                                  int limit);
// The newest position in the change feed as this transaction sees it (0 when empty): for the
// lag, not for reading (changes below it may still commit).
int64_t LatestCandidateChange(pqxx::work& tx);

// The erasure feed (talent.erasures), read up to its readable horizon.
void RecordErasure(pqxx::work& tx, const std::string& id);
struct Erasure {
  int64_t seq;
  std::string candidate_id;
  int64_t erase_time_us;
};
std::vector<Erasure> ReadErasures(pqxx::work& tx, int64_t after, int limit);

// Skills (shared.skills and shared.skill_aliases).
std::vector<v1::Skill> ListSkills(pqxx::work& tx, int64_t offset, int limit);
// False when the id or an alias is taken.
bool InsertSkill(pqxx::work& tx, const std::string& id, const v1::Skill& skill,
                 const std::vector<std::string>& aliases);

// Exchange rates (shared.exchange_rates).
std::vector<v1::ExchangeRate> ListExchangeRates(pqxx::work& tx);
v1::ExchangeRate UpsertExchangeRate(pqxx::work& tx, const std::string& currency_code,
                                    double usd_per_unit);

}  // namespace meridian::talent
