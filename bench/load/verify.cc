#include "bench/load/verify.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/client/keyed_channel.h"
#include "common/db/json_body.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"

namespace meridian::bench::load {
namespace {

constexpr size_t kProblemsKept = 20;

// SQL: submission `s` is the placement service's own, made for a replacement's shortlist (the
// run ended those placements; the ledger has each EndPlacement), not a CreateSubmission of the
// run: listed on a placement's replacement, or, while that replacement's task is still running
// when the check does, served for a request_id the task makes ("replacement-<task>-<who>").
constexpr char kShortlisted[] =
    "(EXISTS (SELECT 1 FROM placement.placements p, "
    "jsonb_array_elements_text(p.body->'replacement'->'submissions') shortlisted "
    "WHERE shortlisted = 'clients/' || s.client_id || '/roles/' || s.role_id || "
    "'/submissions/' || s.id) "
    "OR EXISTS (SELECT 1 FROM access.served_requests r WHERE r.request_id LIKE 'replacement-%' "
    "AND r.method LIKE '%/CreateSubmission' AND r.resource = 'clients/' || s.client_id || "
    "'/roles/' || s.role_id || '/submissions/' || s.id))";

// The last segment of a resource name: "clients/1/roles/2" -> "2".
std::string LastId(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// An entry's request as JSON (proto field names), or an empty object.
nlohmann::json RequestJson(const LedgerEntry& entry) {
  nlohmann::json request = nlohmann::json::parse(entry.request, nullptr, false);
  return request.is_object() ? request : nlohmann::json::object();
}

// The resource an entry wrote to: its name, or for a write of unknown outcome (no answer) the
// name its request carried (updates); empty for an unknown create.
std::string ResourceOf(const LedgerEntry& entry) {
  if (!entry.name.empty()) return entry.name;
  const nlohmann::json request = RequestJson(entry);
  if (request.contains("candidate") && request["candidate"].is_object()) {
    return request["candidate"].value("name", "");
  }
  return request.value("name", "");
}

// The run's id: the request ids' prefix ("l1a2b-candidate-7" -> "l1a2b").
std::string RunId(const std::vector<LedgerEntry>& entries) {
  for (const LedgerEntry& entry : entries) {
    const size_t dash = entry.request_id.find('-');
    if (dash != std::string::npos && dash > 0) return entry.request_id.substr(0, dash);
  }
  return "";
}

// The table and SQL that find an entry's row, with what the check compares.
class Checker final {
 public:
  Checker(pqxx::work& tx, VerifyReport& report) : tx_(tx), report_(report) {}

  void Problem(int64_t VerifyReport::*counter, std::string what) {
    ++(report_.*counter);
    if (report_.problems.size() < kProblemsKept) report_.problems.push_back(std::move(what));
  }

  int64_t Count(const std::string& sql, const std::string& value) {
    return tx_.exec_params1(sql, value)[0].as<int64_t>();
  }

  // One row, or a problem; the row's columns when there is exactly one.
  std::optional<pqxx::row> One(const LedgerEntry& entry, const std::string& sql,
                               const std::string& id) {
    pqxx::result rows = tx_.exec_params(sql, id);
    if (rows.empty()) {
      Problem(&VerifyReport::missing, absl::StrCat(entry.rpc, " ", entry.name, ": no row"));
      return std::nullopt;
    }
    if (rows.size() > 1) {
      Problem(&VerifyReport::duplicated,
              absl::StrCat(entry.rpc, " ", entry.name, ": ", rows.size(), " rows"));
      return std::nullopt;
    }
    return rows[0];
  }

  bool Same(const LedgerEntry& entry, const char* field, const std::string& stored) {
    const std::string written = entry.fields.value(field, "");
    if (written == stored) return true;
    Problem(&VerifyReport::mismatched, absl::StrCat(entry.rpc, " ", entry.name, ": ", field,
                                                    " is '", stored, "', written '", written, "'"));
    return false;
  }

  bool Once(const LedgerEntry& entry, const char* what, const std::string& sql,
            const std::string& value) {
    const int64_t count = Count(sql, value);
    if (count == 1) return true;
    Problem(count == 0 ? &VerifyReport::missing : &VerifyReport::duplicated,
            absl::StrCat(entry.rpc, " ", entry.name, ": ", count, " rows with its ", what));
    return false;
  }

  // `last`: this entry is the run's last write to its resource (its fields must be there now).
  bool Check(const LedgerEntry& entry, bool last) {
    const std::string id = LastId(entry.name);
    if (entry.rpc == "CreateClient") {
      auto row = One(entry, "SELECT body->>'display_name' FROM intake.clients WHERE id = $1", id);
      return row && Same(entry, "display_name", (*row)[0].c_str());
    }
    if (entry.rpc == "CreateRole") {
      auto row = One(entry, "SELECT client_id, body->>'title' FROM intake.roles WHERE id = $1", id);
      if (!row) return false;
      const std::string parent = entry.fields.value("parent", "");
      if (LastId(parent) != (*row)[0].c_str()) {
        Problem(&VerifyReport::mismatched,
                absl::StrCat(entry.name, ": under client ", (*row)[0].c_str(), ", not ", parent));
        return false;
      }
      return Same(entry, "title", (*row)[1].c_str());
    }
    if (entry.rpc == "CreateCandidate") {
      auto row = One(entry,
                     "SELECT email_key, body->>'display_name' FROM talent.candidates "
                     "WHERE id = $1 AND NOT erased",
                     id);
      if (!row) return false;
      const std::string email = entry.fields.value("email", "");
      if ((*row)[0].c_str() != absl::AsciiStrToLower(email)) {
        return Same(entry, "email", (*row)[0].c_str());
      }
      return Same(entry, "display_name", (*row)[1].c_str()) &&
             Once(entry, "email",
                  "SELECT count(*) FROM talent.candidates WHERE email_key = lower($1)", email);
    }
    if (entry.rpc == "UpdateCandidate") {
      auto row = One(entry, "SELECT body->>'notes' FROM talent.candidates WHERE id = $1", id);
      return row && (!last || Same(entry, "notes", (*row)[0].c_str()));
    }
    if (entry.rpc == "CreateSubmission") {
      auto row =
          One(entry, "SELECT candidate_id, role_id FROM talent.submissions WHERE id = $1", id);
      if (!row) return false;
      if (LastId(entry.fields.value("candidate", "")) != (*row)[0].c_str() ||
          LastId(entry.fields.value("role", "")) != (*row)[1].c_str()) {
        Problem(&VerifyReport::mismatched,
                absl::StrCat(entry.name, ": candidate ", (*row)[0].c_str(), " for role ",
                             (*row)[1].c_str(), ", not as written"));
        return false;
      }
      // A replacement may put the same person forward to the role again once their first
      // submission is closed (hired, then the placement ended): those are not the run's. (It
      // may also list the run's own open submission of that person: that one counts.)
      return Once(entry, "candidate and role",
                  "SELECT count(*) FROM talent.submissions s WHERE (s.role_id, s.candidate_id) = "
                  "(SELECT role_id, candidate_id FROM talent.submissions WHERE id = $1) AND "
                  "(s.id = $1 OR NOT " +
                      std::string(kShortlisted) + ")",
                  id);
    }
    if (entry.rpc == "AdvanceSubmission") {
      auto row = One(entry, "SELECT stage FROM talent.submissions WHERE id = $1", id);
      return row && (!last || Same(entry, "stage", (*row)[0].c_str()));
    }
    if (entry.rpc == "CreatePlacement") {
      auto row = One(entry, "SELECT submission FROM placement.placements WHERE id = $1", id);
      return row && Same(entry, "submission", (*row)[0].c_str()) &&
             Once(entry, "submission",
                  "SELECT count(*) FROM placement.placements WHERE submission = $1",
                  entry.fields.value("submission", ""));
    }
    if (entry.rpc == "RecordCheckIn") {
      auto row = One(entry,
                     "SELECT body->>'notes', completed_time IS NOT NULL FROM placement.check_ins "
                     "WHERE id = $1",
                     id);
      if (!row) return false;
      if (!(*row)[1].as<bool>()) {
        Problem(&VerifyReport::mismatched, absl::StrCat(entry.name, ": not recorded"));
        return false;
      }
      return Same(entry, "notes", (*row)[0].c_str());
    }
    if (entry.rpc == "EndPlacement") {
      // Ended, and the replacement the answer promised is there (its steps are the durable
      // follow-up's: faults.sh checks that every task is done).
      auto row = One(
          entry, "SELECT state, body ? 'replacement' FROM placement.placements WHERE id = $1", id);
      if (!row) return false;
      if (entry.fields.value("replacement", false) && !(*row)[1].as<bool>()) {
        Problem(&VerifyReport::mismatched, absl::StrCat(entry.name, ": no replacement"));
        return false;
      }
      return Same(entry, "state", (*row)[0].c_str());
    }
    Problem(&VerifyReport::mismatched, absl::StrCat("an unknown RPC in the ledger: ", entry.rpc));
    return false;
  }

  // A write the tool gave up on: its request_id served at most once, and what it creates there
  // at most once (by what must be unique).
  void CheckUnknown(const LedgerEntry& entry) {
    const int64_t served =
        tx_.exec_params1(
               "SELECT count(*) FROM access.served_requests WHERE request_id = $1 AND method LIKE "
               "$2",
               entry.request_id, absl::StrCat("%/", entry.rpc))[0]
            .as<int64_t>();
    const nlohmann::json request = RequestJson(entry);
    int64_t rows = served;
    if (entry.rpc == "CreateCandidate") {
      rows = Count("SELECT count(*) FROM talent.candidates WHERE email_key = lower($1)",
                   request.value("candidate", nlohmann::json::object()).value("email", ""));
    } else if (entry.rpc == "CreateSubmission") {
      rows = tx_.exec_params1(
                    "SELECT count(*) FROM talent.submissions WHERE role_id::text = $1 AND "
                    "candidate_id::text = $2",
                    LastId(request.value("parent", "")),
                    LastId(request.value("submission", nlohmann::json::object())
                               .value("candidate", "")))[0]
                 .as<int64_t>();
    } else if (entry.rpc == "CreatePlacement") {
      rows = Count("SELECT count(*) FROM placement.placements WHERE submission = $1",
                   request.value("placement", nlohmann::json::object()).value("submission", ""));
    }
    if (served > 1 || rows > 1) {
      Problem(&VerifyReport::unknown_problems,
              absl::StrCat(entry.rpc, " request_id ", entry.request_id,
                           " (outcome unknown): served ", served, " times, ", rows, " rows"));
      return;
    }
    if (served == 1) ++report_.unknown_written;
  }

  // Rows the run made that the ledger does not know: candidates with the run's emails, and
  // submissions of those candidates.
  void CheckOrphans(const std::vector<LedgerEntry>& entries, const std::string& run_id) {
    if (run_id.empty()) return;
    std::set<std::string> candidates, submissions, unknown_emails, unknown_pairs;
    for (const LedgerEntry& entry : entries) {
      const nlohmann::json request = RequestJson(entry);
      if (entry.rpc == "CreateCandidate") {
        if (!entry.unknown) candidates.insert(LastId(entry.name));
        unknown_emails.insert(absl::AsciiStrToLower(
            request.value("candidate", nlohmann::json::object()).value("email", "")));
      } else if (entry.rpc == "CreateSubmission") {
        if (!entry.unknown) submissions.insert(LastId(entry.name));
        unknown_pairs.insert(absl::StrCat(
            LastId(request.value("parent", "")), "/",
            LastId(request.value("submission", nlohmann::json::object()).value("candidate", ""))));
      }
    }
    const std::string pattern = absl::StrCat("^load\\.", run_id, "\\.[0-9]+@example\\.com$");
    for (const pqxx::row& row : tx_.exec_params(
             "SELECT id::text, email_key FROM talent.candidates WHERE email_key ~ $1", pattern)) {
      if (candidates.count(row[0].c_str()) == 0 && unknown_emails.count(row[1].c_str()) == 0) {
        Problem(&VerifyReport::orphans, absl::StrCat("candidates/", row[0].c_str(), " (",
                                                     row[1].c_str(), ") is in no ledger entry"));
      }
    }
    for (const pqxx::row& row : tx_.exec_params(
             "SELECT s.id::text, s.role_id::text || '/' || s.candidate_id::text "
             "FROM talent.submissions s JOIN talent.candidates c ON c.id = s.candidate_id "
             "WHERE c.email_key ~ $1 AND NOT " +
                 std::string(kShortlisted),
             pattern)) {
      if (submissions.count(row[0].c_str()) == 0 && unknown_pairs.count(row[1].c_str()) == 0) {
        Problem(&VerifyReport::orphans,
                absl::StrCat("submission ", row[0].c_str(), " is in no ledger entry"));
      }
    }
  }

  // The create's event, exactly once.
  void CheckEvent(const LedgerEntry& entry) {
    const char* type = entry.rpc == "CreateCandidate"    ? "candidate.created"
                       : entry.rpc == "CreateSubmission" ? "submission.created"
                       : entry.rpc == "CreateRole"       ? "role.created"
                                                         : nullptr;
    if (type == nullptr) return;
    const int64_t events =
        tx_.exec_params1("SELECT count(*) FROM events.events WHERE resource = $1 AND type = $2",
                         entry.name, type)[0]
            .as<int64_t>();
    if (events != 1) {
      Problem(&VerifyReport::event_problems,
              absl::StrCat(entry.rpc, " ", entry.name, ": ", events, " ", type, " events"));
    }
  }

  // The served request: kept once (per method), for this resource.
  void CheckRequestId(const LedgerEntry& entry) {
    if (entry.request_id.empty()) return;
    pqxx::result rows = tx_.exec_params(
        "SELECT resource FROM access.served_requests WHERE request_id = $1 AND method LIKE $2",
        entry.request_id, absl::StrCat("%/", entry.rpc));
    if (rows.size() != 1) {
      Problem(&VerifyReport::request_id_problems,
              absl::StrCat(entry.rpc, " request_id ", entry.request_id, ": served ", rows.size(),
                           " times"));
      return;
    }
    const std::string resource = rows[0][0].c_str();
    if (!resource.empty() && resource != entry.name) {
      Problem(&VerifyReport::request_id_problems,
              absl::StrCat(entry.rpc, " request_id ", entry.request_id, ": kept for ", resource,
                           ", acknowledged as ", entry.name));
    }
  }

 private:
  pqxx::work& tx_;
  VerifyReport& report_;
};

// Rows of every table a create adds to, for "the replays added none".
int64_t TotalRows(pqxx::work& tx) {
  return tx
      .exec1(
          "SELECT (SELECT count(*) FROM intake.clients) + (SELECT count(*) FROM intake.roles) + "
          "(SELECT count(*) FROM talent.candidates) + (SELECT count(*) FROM talent.submissions) "
          "+ (SELECT count(*) FROM placement.placements)")[0]
      .as<int64_t>();
}

// Sends a create again, as the ledger has it, with the key that sent it; the resource name
// that comes back, or an error.
absl::StatusOr<std::string> Replay(const LedgerEntry& entry, const VerifyOptions& options) {
  const KeyUse* key = nullptr;
  for (const KeyUse& use : options.keys) {
    if (use.label == entry.key) key = &use;
  }
  if (key == nullptr) return absl::NotFoundError(absl::StrCat("no key ", entry.key));
  const CallIdentity identity{.key = key->key, .on_behalf_of = "meridian-load"};
  const auto credentials = grpc::InsecureChannelCredentials();
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  grpc::Status status;
  std::string name;
  const auto parse = [&](google::protobuf::Message& request) {
    return google::protobuf::util::JsonStringToMessage(entry.request, &request).ok();
  };
  if (entry.rpc == "CreateClient" || entry.rpc == "CreateRole") {
    auto stub = intake::v1::IntakeService::NewStub(
        CreateKeyedChannel(options.endpoints.intake, credentials, identity));
    if (entry.rpc == "CreateClient") {
      intake::v1::CreateClientRequest request;
      intake::v1::Client response;
      if (!parse(request)) return absl::DataLossError("unreadable request");
      status = stub->CreateClient(&context, request, &response);
      name = response.name();
    } else {
      intake::v1::CreateRoleRequest request;
      intake::v1::Role response;
      if (!parse(request)) return absl::DataLossError("unreadable request");
      status = stub->CreateRole(&context, request, &response);
      name = response.name();
    }
  } else if (entry.rpc == "CreateCandidate" || entry.rpc == "CreateSubmission") {
    auto stub = talent::v1::TalentService::NewStub(
        CreateKeyedChannel(options.endpoints.talent, credentials, identity));
    if (entry.rpc == "CreateCandidate") {
      talent::v1::CreateCandidateRequest request;
      talent::v1::Candidate response;
      if (!parse(request)) return absl::DataLossError("unreadable request");
      status = stub->CreateCandidate(&context, request, &response);
      name = response.name();
    } else {
      talent::v1::CreateSubmissionRequest request;
      talent::v1::Submission response;
      if (!parse(request)) return absl::DataLossError("unreadable request");
      status = stub->CreateSubmission(&context, request, &response);
      name = response.name();
    }
  } else if (entry.rpc == "CreatePlacement") {
    auto stub = placement::v1::PlacementService::NewStub(
        CreateKeyedChannel(options.endpoints.placement, credentials, identity));
    placement::v1::CreatePlacementRequest request;
    placement::v1::Placement response;
    if (!parse(request)) return absl::DataLossError("unreadable request");
    status = stub->CreatePlacement(&context, request, &response);
    name = response.name();
  } else if (entry.rpc == "EndPlacement") {
    // Not a create, but a retry all the same: the first answer again, nothing ended twice.
    auto stub = placement::v1::PlacementService::NewStub(
        CreateKeyedChannel(options.endpoints.placement, credentials, identity));
    placement::v1::EndPlacementRequest request;
    placement::v1::Placement response;
    if (!parse(request)) return absl::DataLossError("unreadable request");
    status = stub->EndPlacement(&context, request, &response);
    name = response.name();
  } else {
    return absl::InvalidArgumentError(absl::StrCat(entry.rpc, " is not replayed"));
  }
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return name;
}

// What a search result says of a candidate (its summary, made from the index record) must be
// its row: the summary's fields taken from the row as stored. `problem` gets the first
// difference, in MessageDifferencer's words.
bool SameAsRow(const talent::v1::Candidate& found, const talent::v1::Candidate& row,
               const std::string& country, std::string& difference) {
  talent::v1::Candidate expected;
  expected.set_name(found.name());
  expected.set_display_name(row.display_name());
  expected.set_country(country);
  *expected.mutable_working_hours() = row.working_hours();
  *expected.mutable_skills() = row.skills();
  *expected.mutable_kinds() = row.kinds();
  expected.set_seniority(row.seniority());
  expected.set_english_level(row.english_level());
  // The index keeps whole units of the rate (the budget filter's precision).
  expected.mutable_monthly_rate()->set_currency_code(row.monthly_rate().currency_code());
  expected.mutable_monthly_rate()->set_units(row.monthly_rate().units());
  if (row.has_available_from()) *expected.mutable_available_from() = row.available_from();
  expected.set_state(row.state());
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  // The index keeps skills by skill id, kinds as a bit set: their order is not the row's.
  const google::protobuf::Descriptor* candidate = talent::v1::Candidate::descriptor();
  differencer.TreatAsSet(candidate->FindFieldByName("skills"));
  differencer.TreatAsSet(candidate->FindFieldByName("kinds"));
  differencer.TreatAsSet(common::v1::WorkingHours::descriptor()->FindFieldByName("days"));
  return differencer.Compare(expected, found);
}

// Every searchable candidate in the database (not erased, AVAILABLE or INTERVIEWING: what
// SearchablePage reads for the load) against the index: one search with no
// required skill and no overlap minimum finds each of them (paged, 200 a page), and each
// result's fields are its row's. A candidate the index lacks, holds twice, or holds with a
// stale field is a problem.
void SweepIndex(const KeyUse& staff, const VerifyOptions& options, pqxx::connection& connection,
                VerifyReport& report) {
  const KeyUse* const staff_key = &staff;
  const auto problem = [&](const std::string& what) {
    ++report.index_problems;
    if (report.problems.size() < kProblemsKept) {
      report.problems.push_back(absl::StrCat("search index: ", what));
    }
  };
  std::map<std::string, std::pair<std::string, std::string>> rows;  // id -> (country, body)
  {
    pqxx::read_transaction tx(connection);
    for (const pqxx::row& row :
         tx.exec("SELECT id::text, country, body::text FROM talent.candidates WHERE NOT erased AND "
                 "state IN ('AVAILABLE', 'INTERVIEWING')")) {
      rows[row[0].c_str()] = {row[1].is_null() ? "" : row[1].c_str(), row[2].c_str()};
    }
  }
  auto stub = talent::v1::TalentService::NewStub(
      CreateKeyedChannel(options.endpoints.talent, grpc::InsecureChannelCredentials(),
                         {.key = staff_key->key, .on_behalf_of = "meridian-load"}));
  talent::v1::SearchCandidatesRequest request;
  talent::v1::SearchCriteria& criteria = *request.mutable_criteria();
  criteria.mutable_working_hours()->set_time_zone("UTC");
  criteria.mutable_working_hours()->set_start("00:00");
  criteria.mutable_working_hours()->set_end("23:59");
  criteria.set_min_overlap_hours(0);
  request.set_page_size(200);
  std::set<std::string> seen;
  do {
    talent::v1::SearchCandidatesResponse response;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    const grpc::Status status = stub->SearchCandidates(&context, request, &response);
    if (!status.ok()) return problem(absl::StrCat("search: ", status.error_message()));
    for (const talent::v1::CandidateMatch& match : response.matches()) {
      const std::string id = LastId(match.candidate().name());
      if (!seen.insert(id).second) {
        problem(absl::StrCat(match.candidate().name(), " found twice"));
        continue;
      }
      const auto row = rows.find(id);
      if (row == rows.end()) {
        problem(
            absl::StrCat(match.candidate().name(), ": found, but not searchable in the database"));
        continue;
      }
      const auto stored = db::FromJsonBody<talent::v1::Candidate>(row->second.second);
      std::string difference;
      if (!SameAsRow(match.candidate(), stored, row->second.first, difference)) {
        problem(absl::StrCat(match.candidate().name(), " differs from its row: ", difference));
        continue;
      }
      ++report.index_checked;
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  for (const auto& [id, row] : rows) {
    if (seen.count(id) == 0)
      problem(absl::StrCat("candidates/", id, ": in the database, not found"));
  }
}

// The sweep until it finds the index equal to the database, for up to 15 s: the index follows
// the change feed a little behind the last writes of the run.
void CheckIndex(const VerifyOptions& options, pqxx::connection& connection, VerifyReport& report) {
  const KeyUse* staff = nullptr;
  for (const KeyUse& key : options.keys) {
    if (key.staff && staff == nullptr) staff = &key;
  }
  if (staff == nullptr) return;
  const absl::Time give_up = absl::Now() + absl::Seconds(15);
  while (true) {
    VerifyReport sweep;
    SweepIndex(*staff, options, connection, sweep);
    if (sweep.index_problems == 0 || absl::Now() >= give_up) {
      report.index_checked += sweep.index_checked;
      report.index_problems += sweep.index_problems;
      for (std::string& problem : sweep.problems) {
        if (report.problems.size() < kProblemsKept) report.problems.push_back(std::move(problem));
      }
      return;
    }
    absl::SleepFor(absl::Seconds(1));
  }
}

}  // namespace

nlohmann::json VerifyReport::ToJson() const {
  return {{"ok", ok()},
          {"entries", entries},
          {"checked", checked},
          {"missing", missing},
          {"duplicated", duplicated},
          {"mismatched", mismatched},
          {"request_id_problems", request_id_problems},
          {"replayed", replayed},
          {"replay_problems", replay_problems},
          {"unknown", unknown},
          {"unknown_written", unknown_written},
          {"unknown_problems", unknown_problems},
          {"orphans", orphans},
          {"event_problems", event_problems},
          {"index_checked", index_checked},
          {"index_problems", index_problems},
          {"problems", problems}};
}

VerifyReport Verify(const std::vector<LedgerEntry>& entries, const VerifyOptions& options) {
  VerifyReport report;
  report.entries = static_cast<int64_t>(entries.size());
  // The last write of the run to each resource and field: what must be there now.
  // (A write of unknown outcome may be the last: then nothing before it is checked as last.)
  std::map<std::pair<std::string, std::string>, size_t> last;
  for (size_t i = 0; i < entries.size(); ++i) last[{entries[i].rpc, ResourceOf(entries[i])}] = i;
  try {
    pqxx::connection connection(options.database_url);
    {
      pqxx::work tx(connection);
      Checker checker(tx, report);
      for (size_t i = 0; i < entries.size(); ++i) {
        const LedgerEntry& entry = entries[i];
        if (entry.unknown) {
          ++report.unknown;
          checker.CheckUnknown(entry);
          continue;
        }
        if (checker.Check(entry, last[{entry.rpc, entry.name}] == i)) ++report.checked;
        checker.CheckRequestId(entry);
        if (options.check_events) checker.CheckEvent(entry);
      }
      checker.CheckOrphans(entries, RunId(entries));
      tx.commit();
    }
    if (options.check_index) CheckIndex(options, connection, report);
    // Replays: spread over the ledger's acknowledged creates (and EndPlacement, the one
    // other write it keeps the request of).
    std::vector<const LedgerEntry*> creates;
    for (const LedgerEntry& entry : entries) {
      if (!entry.request.empty() && !entry.unknown) creates.push_back(&entry);
    }
    if (options.keys.empty() || options.replays <= 0 || creates.empty()) return report;
    int64_t before = 0;
    {
      pqxx::work tx(connection);
      before = TotalRows(tx);
    }
    const size_t step = std::max<size_t>(1, creates.size() / static_cast<size_t>(options.replays));
    for (size_t i = 0; i < creates.size(); i += step) {
      const LedgerEntry& entry = *creates[i];
      ++report.replayed;
      absl::StatusOr<std::string> name = Replay(entry, options);
      if (!name.ok() || *name != entry.name) {
        ++report.replay_problems;
        if (report.problems.size() < kProblemsKept) {
          report.problems.push_back(
              absl::StrCat("replay of ", entry.rpc, " ", entry.request_id, " (", entry.name,
                           "): ", name.ok() ? *name : name.status().ToString()));
        }
      }
    }
    pqxx::work tx(connection);
    const int64_t after = TotalRows(tx);
    if (after != before) {
      ++report.replay_problems;
      report.problems.push_back(absl::StrCat("the replays added ", after - before, " rows (",
                                             before, " -> ", after, ")"));
    }
  } catch (const std::exception& e) {
    report.problems.push_back(absl::StrCat("database: ", e.what()));
    ++report.missing;
  }
  return report;
}

}  // namespace meridian::bench::load
