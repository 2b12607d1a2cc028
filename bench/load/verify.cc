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
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"

namespace meridian::bench::load {
namespace {

constexpr size_t kProblemsKept = 20;

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
      return Once(entry, "candidate and role",
                  "SELECT count(*) FROM talent.submissions s WHERE (s.role_id, s.candidate_id) = "
                  "(SELECT role_id, candidate_id FROM talent.submissions WHERE id = $1)",
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
             "WHERE c.email_key ~ $1",
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
  } else {
    return absl::InvalidArgumentError(absl::StrCat(entry.rpc, " is not replayed"));
  }
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return name;
}

// What the search index says of a candidate (a search result's summary, made from the index
// record) against its row: the fields the index keeps that the row holds as written.
void CompareWithRow(pqxx::work& tx, const talent::v1::Candidate& found, VerifyReport& report) {
  const pqxx::result rows = tx.exec_params(
      "SELECT country, body::text FROM talent.candidates WHERE id = $1 AND NOT erased",
      LastId(found.name()));
  const auto problem = [&](const std::string& what) {
    ++report.index_problems;
    if (report.problems.size() < kProblemsKept) {
      report.problems.push_back(absl::StrCat("search index: ", found.name(), ": ", what));
    }
  };
  if (rows.size() != 1) return problem("found by search, but no row");
  const auto row = db::FromJsonBody<talent::v1::Candidate>(rows[0][1].as<std::string>());
  const std::string country = rows[0][0].is_null() ? "" : rows[0][0].c_str();
  if (found.display_name() != row.display_name()) {
    return problem(
        absl::StrCat("display_name '", found.display_name(), "', row '", row.display_name(), "'"));
  }
  if (found.country() != country) {
    return problem(absl::StrCat("country '", found.country(), "', row '", country, "'"));
  }
  if (found.seniority() != row.seniority() || found.english_level() != row.english_level()) {
    return problem("seniority or english_level differ from the row");
  }
  if (found.monthly_rate().currency_code() != row.monthly_rate().currency_code() ||
      found.monthly_rate().units() != row.monthly_rate().units()) {
    return problem("monthly_rate differs from the row");
  }
  ++report.index_checked;
}

// Searches for each role of the ledger (at most 20) and compares every candidate found.
void CheckIndex(const std::vector<LedgerEntry>& entries, const VerifyOptions& options,
                pqxx::connection& connection, VerifyReport& report) {
  const KeyUse* staff = nullptr;
  for (const KeyUse& key : options.keys) {
    if (key.staff && staff == nullptr) staff = &key;
  }
  if (staff == nullptr) return;
  auto stub = talent::v1::TalentService::NewStub(
      CreateKeyedChannel(options.endpoints.talent, grpc::InsecureChannelCredentials(),
                         {.key = staff->key, .on_behalf_of = "meridian-load"}));
  pqxx::work tx(connection);
  int roles = 0;
  for (const LedgerEntry& entry : entries) {
    if (entry.rpc != "CreateRole" || entry.unknown || roles++ >= 20) continue;
    talent::v1::SearchCandidatesRequest request;
    request.set_role(entry.name);
    request.set_page_size(50);
    talent::v1::SearchCandidatesResponse response;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    const grpc::Status status = stub->SearchCandidates(&context, request, &response);
    if (!status.ok()) {
      ++report.index_problems;
      report.problems.push_back(
          absl::StrCat("search for ", entry.name, ": ", status.error_message()));
      continue;
    }
    for (const auto& match : response.matches()) CompareWithRow(tx, match.candidate(), report);
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
    if (options.check_index) CheckIndex(entries, options, connection, report);
    // Replays: spread over the ledger's acknowledged creates.
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
