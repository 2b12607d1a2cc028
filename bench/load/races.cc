#include "bench/load/races.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "bench/load/stats.h"
#include "common/client/keyed_channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"
#include "tools/demo_data/generator.h"
#include "tools/demo_data/tables.h"

namespace meridian::bench::load {
namespace {

namespace intake_v1 = ::meridian::intake::v1;
namespace talent_v1 = ::meridian::talent::v1;
namespace placement_v1 = ::meridian::placement::v1;

struct Shot {
  grpc::Status status;
  std::string name;
};

void Prepare(grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
}

// `calls` threads each make their call once all of them are ready: as close to "at once" as
// a client can release them.
std::vector<Shot> Fire(int calls, const std::function<Shot(int)>& call) {
  std::vector<Shot> shots(static_cast<size_t>(calls));
  absl::Notification go;
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < calls; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      go.WaitForNotification();
      shots[static_cast<size_t>(i)] = call(i);
    });
  }
  while (ready.load() < calls) absl::SleepFor(absl::Milliseconds(1));
  go.Notify();
  for (std::thread& thread : threads) thread.join();
  return shots;
}

bool ClearLoss(grpc::StatusCode code) {
  return code == grpc::StatusCode::ALREADY_EXISTS || code == grpc::StatusCode::ABORTED ||
         code == grpc::StatusCode::FAILED_PRECONDITION;
}

RaceResult Tally(const std::string& race, const std::vector<Shot>& shots) {
  RaceResult result;
  result.race = race;
  result.calls = static_cast<int>(shots.size());
  for (const Shot& shot : shots) {
    ++result.codes[CodeName(shot.status.error_code())];
    if (shot.status.ok()) ++result.ok;
  }
  return result;
}

// One winner; every loser a clear status.
RaceResult OneWinner(const std::string& race, const std::vector<Shot>& shots) {
  RaceResult result = Tally(race, shots);
  std::string unclear;
  for (const Shot& shot : shots) {
    if (!shot.status.ok() && !ClearLoss(shot.status.error_code()) && unclear.empty()) {
      unclear = absl::StrCat(CodeName(shot.status.error_code()), ": ", shot.status.error_message());
    }
  }
  result.passed = result.ok == 1 && unclear.empty();
  if (result.ok != 1) result.detail = absl::StrCat(result.ok, " calls won, not 1");
  if (!unclear.empty()) result.detail = absl::StrCat("a loser without a clear status: ", unclear);
  return result;
}

// One request_id many times: every answer OK (the first one's), one resource.
RaceResult SameResource(const std::string& race, const std::vector<Shot>& shots) {
  RaceResult result = Tally(race, shots);
  std::set<std::string> names;
  std::string failure;
  for (const Shot& shot : shots) {
    if (shot.status.ok()) {
      names.insert(shot.name);
    } else if (failure.empty()) {
      failure = absl::StrCat(CodeName(shot.status.error_code()), ": ", shot.status.error_message());
    }
  }
  result.passed = failure.empty() && names.size() == 1;
  if (!failure.empty()) {
    result.detail = absl::StrCat("a retry of the same request failed: ", failure);
  } else if (names.size() != 1) {
    result.detail = absl::StrCat(names.size(), " resources: ", absl::StrJoin(names, ", "));
  }
  return result;
}

std::string LastId(const std::string& name) { return name.substr(name.rfind('/') + 1); }

class Races final {
 public:
  explicit Races(const RaceOptions& options) : options_(options) {
    const CallIdentity identity{.key = options.staff_key, .on_behalf_of = "meridian-load"};
    const auto credentials = grpc::InsecureChannelCredentials();
    intake_ = intake_v1::IntakeService::NewStub(
        CreateKeyedChannel(options.endpoints.intake, credentials, identity));
    talent_ = talent_v1::TalentService::NewStub(
        CreateKeyedChannel(options.endpoints.talent, credentials, identity));
    placement_ = placement_v1::PlacementService::NewStub(
        CreateKeyedChannel(options.endpoints.placement, credentials, identity));
  }

  std::vector<RaceResult> Run() {
    intake_v1::CreateClientRequest client = ClientRequest("race-client");
    results_.push_back(
        Judge(SameResource("CreateClient: one request_id",
                           Fire(options_.calls, [&](int) { return CreateClient(client); })),
              "SELECT count(*) FROM intake.clients WHERE body->>'display_name' = $1",
              client.client().display_name()));
    const std::string parent = last_name_;
    if (parent.empty()) return Abandon("no client");

    intake_v1::CreateRoleRequest role = RoleRequest(parent, "race-role");
    results_.push_back(
        Judge(SameResource("CreateRole: one request_id",
                           Fire(options_.calls, [&](int) { return CreateRole(role); })),
              "SELECT count(*) FROM intake.roles WHERE client_id = $1", LastId(parent)));
    const std::string role_name = last_name_;
    if (role_name.empty()) return Abandon("no role");

    // The same etag: one update of the client and one of the role win.
    intake_v1::Client read_client;
    intake_v1::Role read_role;
    {
      grpc::ClientContext client_context;
      Prepare(client_context);
      intake_v1::GetClientRequest get_client;
      get_client.set_name(parent);
      grpc::ClientContext role_context;
      Prepare(role_context);
      intake_v1::GetRoleRequest get_role;
      get_role.set_name(role_name);
      if (!intake_->GetClient(&client_context, get_client, &read_client).ok() ||
          !intake_->GetRole(&role_context, get_role, &read_role).ok()) {
        return Abandon("cannot read the client and role back");
      }
    }
    std::vector<std::string> client_notes(static_cast<size_t>(options_.calls));
    std::vector<Shot> client_updates = Fire(options_.calls, [&](int i) {
      intake_v1::UpdateClientRequest request;
      request.mutable_client()->set_name(parent);
      request.mutable_client()->set_etag(read_client.etag());
      client_notes[static_cast<size_t>(i)] = absl::StrCat("Race ", options_.run_id, " notes ", i);
      request.mutable_client()->set_notes(client_notes[static_cast<size_t>(i)]);
      request.mutable_update_mask()->add_paths("notes");
      request.set_request_id(absl::StrCat(options_.run_id, "-race-client-update-", i));
      grpc::ClientContext context;
      Prepare(context);
      intake_v1::Client response;
      return Shot{intake_->UpdateClient(&context, request, &response), response.name()};
    });
    results_.push_back(Judge(OneWinner("UpdateClient: the same etag", client_updates),
                             "SELECT count(*) FROM intake.clients WHERE body->>'notes' = $1",
                             Winning(client_updates, client_notes)));
    std::vector<std::string> titles(static_cast<size_t>(options_.calls));
    std::vector<Shot> role_updates = Fire(options_.calls, [&](int i) {
      intake_v1::UpdateRoleRequest request;
      request.mutable_role()->set_name(role_name);
      request.mutable_role()->set_etag(read_role.etag());
      titles[static_cast<size_t>(i)] =
          absl::StrCat(read_role.title(), " (race ", options_.run_id, " #", i, ")");
      request.mutable_role()->set_title(titles[static_cast<size_t>(i)]);
      request.mutable_update_mask()->add_paths("title");
      request.set_request_id(absl::StrCat(options_.run_id, "-race-role-update-", i));
      grpc::ClientContext context;
      Prepare(context);
      intake_v1::Role response;
      return Shot{intake_->UpdateRole(&context, request, &response), response.name()};
    });
    results_.push_back(Judge(OneWinner("UpdateRole: the same etag", role_updates),
                             "SELECT count(*) FROM intake.roles WHERE body->>'title' = $1",
                             Winning(role_updates, titles)));

    // The same email (in other cases and spacing), other request_ids and phones.
    const std::string email = absl::StrCat("race.", options_.run_id, "@example.com");
    results_.push_back(Judge(
        OneWinner("CreateCandidate: the same email",
                  Fire(options_.calls,
                       [&](int i) {
                         talent_v1::CreateCandidateRequest request = CandidateRequest(i, "email");
                         request.mutable_candidate()->set_email(
                             i % 2 == 0 ? email : absl::StrCat(" ", absl::AsciiStrToUpper(email)));
                         return CreateCandidate(request);
                       })),
        "SELECT count(*) FROM talent.candidates WHERE email_key = $1", email));
    const std::string winner = last_name_;

    // The same phone in other formats, other emails.
    const std::string digits = absl::StrFormat("447%09d", Seed() % 1000000000);
    results_.push_back(Judge(
        OneWinner("CreateCandidate: the same phone, other formats",
                  Fire(options_.calls,
                       [&](int i) {
                         talent_v1::CreateCandidateRequest request = CandidateRequest(i, "phone");
                         request.mutable_candidate()->set_phone(PhoneFormat(digits, i));
                         return CreateCandidate(request);
                       })),
        "SELECT count(*) FROM talent.candidates WHERE phone_key = $1", digits));

    // One request, sent 20 times at once.
    talent_v1::CreateCandidateRequest same = CandidateRequest(0, "request-id");
    results_.push_back(Judge(
        SameResource("CreateCandidate: one request_id",
                     Fire(options_.calls, [&](int) { return CreateCandidate(same); })),
        "SELECT count(*) FROM talent.candidates WHERE email_key = $1", same.candidate().email()));

    if (winner.empty()) return Abandon("no candidate");
    talent_v1::Candidate read;
    {
      grpc::ClientContext context;
      Prepare(context);
      talent_v1::GetCandidateRequest get;
      get.set_name(winner);
      if (!talent_->GetCandidate(&context, get, &read).ok()) return Abandon("cannot read back");
    }
    // The same etag: one update wins; the notes are the winner's.
    std::vector<std::string> notes(static_cast<size_t>(options_.calls));
    std::vector<Shot> updates = Fire(options_.calls, [&](int i) {
      talent_v1::UpdateCandidateRequest request;
      request.mutable_candidate()->set_name(winner);
      request.mutable_candidate()->set_etag(read.etag());
      notes[static_cast<size_t>(i)] = absl::StrCat("Race ", options_.run_id, " update ", i);
      request.mutable_candidate()->set_notes(notes[static_cast<size_t>(i)]);
      request.mutable_update_mask()->add_paths("notes");
      request.set_request_id(absl::StrCat(options_.run_id, "-race-update-", i));
      grpc::ClientContext context;
      Prepare(context);
      talent_v1::Candidate response;
      Shot shot{talent_->UpdateCandidate(&context, request, &response), response.name()};
      return shot;
    });
    const std::string winning_notes = Winning(updates, notes);
    results_.push_back(Judge(OneWinner("UpdateCandidate: the same etag", updates),
                             "SELECT count(*) FROM talent.candidates WHERE body->>'notes' = $1",
                             winning_notes));

    // The same candidate for the same role, other request_ids.
    results_.push_back(
        Judge(OneWinner("CreateSubmission: the same candidate and role",
                        Fire(options_.calls,
                             [&](int i) {
                               talent_v1::CreateSubmissionRequest request;
                               request.set_parent(role_name);
                               request.mutable_submission()->set_candidate(winner);
                               request.set_request_id(
                                   absl::StrCat(options_.run_id, "-race-submission-", i));
                               grpc::ClientContext context;
                               Prepare(context);
                               talent_v1::Submission response;
                               Shot shot{talent_->CreateSubmission(&context, request, &response),
                                         response.name()};
                               if (shot.status.ok()) SetLast(response.name());
                               return shot;
                             })),
              "SELECT count(*) FROM talent.submissions WHERE candidate_id = $1", LastId(winner)));
    const std::string submission = last_name_;
    if (submission.empty() || submission == winner) return Abandon("no submission");

    // Competing stage moves: the same move 20 times without an etag...
    results_.push_back(
        Judge(OneWinner("AdvanceSubmission: the same move at once",
                        Fire(options_.calls,
                             [&](int i) {
                               return Advance(submission, talent_v1::Submission::SHORTLISTED, "",
                                              absl::StrCat("-race-move-", i));
                             })),
              "SELECT count(*) FROM talent.submissions WHERE id = $1 AND stage = 'SHORTLISTED' AND "
              "jsonb_array_length(body->'history') = 2",
              LastId(submission)));
    // ... and moves to other stages with the same etag.
    const std::string etag = SubmissionEtag(submission);
    results_.push_back(
        Judge(OneWinner("AdvanceSubmission: competing moves, one etag",
                        Fire(options_.calls,
                             [&](int i) {
                               return Advance(submission,
                                              i % 2 == 0 ? talent_v1::Submission::CLIENT_INTERVIEW
                                                         : talent_v1::Submission::WITHDRAWN,
                                              etag, absl::StrCat("-race-etag-move-", i));
                             })),
              "SELECT count(*) FROM talent.submissions WHERE id = $1 AND "
              "jsonb_array_length(body->'history') = 3",
              LastId(submission)));

    // A hire of its own for the placement races: a new candidate taken through the stages.
    const std::string hired = Hire(role_name);
    if (hired.empty()) return Abandon("no hire");
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    results_.push_back(
        Judge(OneWinner("CreatePlacement: the same submission",
                        Fire(options_.calls,
                             [&](int i) {
                               placement_v1::CreatePlacementRequest request;
                               request.mutable_placement()->set_submission(hired);
                               *request.mutable_placement()->mutable_start_date() = Date(today);
                               request.set_request_id(
                                   absl::StrCat(options_.run_id, "-race-placement-", i));
                               grpc::ClientContext context;
                               Prepare(context);
                               placement_v1::Placement response;
                               Shot shot{placement_->CreatePlacement(&context, request, &response),
                                         response.name()};
                               if (shot.status.ok()) SetLast(response.name());
                               return shot;
                             })),
              "SELECT count(*) FROM placement.placements WHERE submission = $1", hired));
    const std::string placement = last_name_;
    if (placement.empty() || placement == hired) return Abandon("no placement");

    int total = 0;
    int pending = 0;
    const std::string check_in = PendingCheckIn(placement, &total, &pending);
    if (check_in.empty()) return Abandon("no pending check-in");
    results_.push_back(
        Judge(OneWinner("RecordCheckIn: the same check-in",
                        Fire(options_.calls,
                             [&](int i) {
                               placement_v1::RecordCheckInRequest request;
                               request.set_name(check_in);
                               request.set_client_rating(4);
                               request.set_candidate_rating(4);
                               request.set_notes(absl::StrCat("Race check-in ", i));
                               request.set_request_id(
                                   absl::StrCat(options_.run_id, "-race-check-in-", i));
                               grpc::ClientContext context;
                               Prepare(context);
                               placement_v1::CheckIn response;
                               return Shot{placement_->RecordCheckIn(&context, request, &response),
                                           response.name()};
                             })),
              // One recorded; and the check-ins as before, plus the next one when the recorded one
              // was the last pending (the schedule keeps one ahead), not one per loser.
              "SELECT count(*) FILTER (WHERE completed_time IS NOT NULL) * 1000 + count(*) "
              "FROM placement.check_ins WHERE placement_id = $1",
              LastId(placement), /*expected=*/1000 + total + (pending == 1 ? 1 : 0)));
    return std::move(results_);
  }

 private:
  uint64_t Seed() const { return std::hash<std::string>()(options_.run_id); }

  // What the winning call wrote (the value of `written` at its index).
  static std::string Winning(const std::vector<Shot>& shots,
                             const std::vector<std::string>& written) {
    for (size_t i = 0; i < shots.size(); ++i) {
      if (shots[i].status.ok()) return written[i];
    }
    return "";
  }

  std::vector<RaceResult> Abandon(const std::string& why) {
    RaceResult result;
    result.race = "setup";
    result.detail = absl::StrCat("the races stopped: ", why);
    results_.push_back(result);
    return std::move(results_);
  }

  // The race's answers, then the database: `sql` with `value` must count `expected`.
  RaceResult Judge(RaceResult result, const std::string& sql, const std::string& value,
                   int64_t expected = 1) {
    if (options_.database_url.empty()) return result;
    try {
      pqxx::connection connection(options_.database_url);
      pqxx::work tx(connection);
      const int64_t count = tx.exec_params1(sql, value)[0].as<int64_t>();
      if (count != expected) {
        result.passed = false;
        result.detail = absl::StrCat(result.detail, result.detail.empty() ? "" : "; ",
                                     "the database counts ", count, ", not ", expected);
      }
    } catch (const std::exception& e) {
      result.passed = false;
      result.detail = absl::StrCat("database: ", e.what());
    }
    return result;
  }

  static google::type::Date Date(absl::CivilDay day) {
    google::type::Date date;
    date.set_year(static_cast<int32_t>(day.year()));
    date.set_month(day.month());
    date.set_day(day.day());
    return date;
  }

  static std::string PhoneFormat(const std::string& digits, int i) {
    // 447xxxxxxxxx as people write it.
    const std::string cc = digits.substr(0, 2);
    const std::string rest = digits.substr(2);
    switch (i % 5) {
      case 0:
        return absl::StrCat("+", digits);
      case 1:
        return absl::StrCat("+", cc, " ", rest.substr(0, 4), " ", rest.substr(4));
      case 2:
        return absl::StrCat("+", cc, " (", rest.substr(0, 4), ") ", rest.substr(4, 3), "-",
                            rest.substr(7));
      case 3:
        return absl::StrCat("+", cc, "-", rest.substr(0, 4), "-", rest.substr(4));
      default:
        return absl::StrCat("+", cc, ".", rest.substr(0, 4), ".", rest.substr(4));
    }
  }

  intake_v1::CreateClientRequest ClientRequest(const char* what) {
    const auto& spec = demo_data::Clients()[0];
    intake_v1::CreateClientRequest request = demo_data::MakeClient(spec, 0);
    request.set_request_id(absl::StrCat(options_.run_id, "-", what));
    request.mutable_client()->set_display_name(
        absl::StrCat(spec.display_name, " (race ", options_.run_id, ")"));
    return request;
  }

  intake_v1::CreateRoleRequest RoleRequest(const std::string& parent, const char* what) {
    const auto& spec = demo_data::Clients()[0];
    intake_v1::CreateRoleRequest request = demo_data::MakeRole(spec.roles[0], 0, 0);
    request.set_parent(parent);
    request.set_request_id(absl::StrCat(options_.run_id, "-", what));
    request.mutable_role()->set_headcount(10);
    return request;
  }

  // Candidate `i` of race `what`: its own request_id, email and phone.
  talent_v1::CreateCandidateRequest CandidateRequest(int i, const char* what) {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    talent_v1::CreateCandidateRequest request = demo_data::MakeCandidate(Seed(), i, today);
    request.set_request_id(absl::StrCat(options_.run_id, "-race-", what, "-", i));
    // The demo's pool has INACTIVE people too; a race candidate is put forward, so AVAILABLE
    // (an INACTIVE one made the submission races fail now and then).
    request.mutable_candidate()->set_state(talent_v1::Candidate::AVAILABLE);
    request.mutable_candidate()->set_email(
        absl::StrCat("race.", options_.run_id, ".", what, ".", i, "@example.com"));
    request.mutable_candidate()->set_phone(absl::StrFormat(
        "+44 7%04d %06d", Seed() % 10000, (std::hash<std::string>()(what) + i) % 1000000));
    return request;
  }

  Shot CreateClient(const intake_v1::CreateClientRequest& request) {
    grpc::ClientContext context;
    Prepare(context);
    intake_v1::Client response;
    Shot shot{intake_->CreateClient(&context, request, &response), response.name()};
    if (shot.status.ok()) SetLast(response.name());
    return shot;
  }

  Shot CreateRole(const intake_v1::CreateRoleRequest& request) {
    grpc::ClientContext context;
    Prepare(context);
    intake_v1::Role response;
    Shot shot{intake_->CreateRole(&context, request, &response), response.name()};
    if (shot.status.ok()) SetLast(response.name());
    return shot;
  }

  Shot CreateCandidate(const talent_v1::CreateCandidateRequest& request) {
    grpc::ClientContext context;
    Prepare(context);
    talent_v1::Candidate response;
    Shot shot{talent_->CreateCandidate(&context, request, &response), response.name()};
    if (shot.status.ok()) SetLast(response.name());
    return shot;
  }

  Shot Advance(const std::string& submission, talent_v1::Submission::Stage stage,
               const std::string& etag, const std::string& suffix) {
    talent_v1::AdvanceSubmissionRequest request;
    request.set_name(submission);
    request.set_stage(stage);
    request.set_etag(etag);
    request.set_note("Race move.");
    request.set_request_id(absl::StrCat(options_.run_id, suffix));
    if (stage == talent_v1::Submission::OFFER) {
      request.set_override_reason("Race test: interviewed outside the records.");
    }
    grpc::ClientContext context;
    Prepare(context);
    talent_v1::Submission response;
    return Shot{talent_->AdvanceSubmission(&context, request, &response), response.name()};
  }

  std::string SubmissionEtag(const std::string& submission) {
    grpc::ClientContext context;
    Prepare(context);
    talent_v1::GetSubmissionRequest get;
    get.set_name(submission);
    talent_v1::Submission response;
    return talent_->GetSubmission(&context, get, &response).ok() ? response.etag() : "";
  }

  // A new candidate, put forward for `role` and taken to HIRED one call at a time; the
  // submission's name, or empty.
  std::string Hire(const std::string& role) {
    if (!CreateCandidate(CandidateRequest(0, "hire")).status.ok()) return "";
    talent_v1::CreateSubmissionRequest create;
    create.set_parent(role);
    create.mutable_submission()->set_candidate(last_name_);
    create.set_request_id(absl::StrCat(options_.run_id, "-race-hire"));
    talent_v1::Submission submission;
    grpc::ClientContext context;
    Prepare(context);
    if (!talent_->CreateSubmission(&context, create, &submission).ok()) return "";
    for (auto stage : {talent_v1::Submission::SHORTLISTED, talent_v1::Submission::CLIENT_INTERVIEW,
                       talent_v1::Submission::OFFER, talent_v1::Submission::HIRED}) {
      if (!Advance(submission.name(), stage, "",
                   absl::StrCat("-race-hire-", talent_v1::Submission::Stage_Name(stage)))
               .status.ok()) {
        return "";
      }
    }
    return submission.name();
  }

  // The placement's first pending check-in, with how many it has and how many are pending.
  std::string PendingCheckIn(const std::string& placement, int* total, int* pending) {
    grpc::ClientContext context;
    Prepare(context);
    placement_v1::ListCheckInsRequest list;
    list.set_parent(placement);
    placement_v1::ListCheckInsResponse response;
    if (!placement_->ListCheckIns(&context, list, &response).ok()) return "";
    std::string first;
    *total = response.check_ins_size();
    for (const placement_v1::CheckIn& check_in : response.check_ins()) {
      if (check_in.has_complete_time()) continue;
      ++*pending;
      if (first.empty()) first = check_in.name();
    }
    return first;
  }

  const RaceOptions& options_;
  std::unique_ptr<intake_v1::IntakeService::Stub> intake_;
  std::unique_ptr<talent_v1::TalentService::Stub> talent_;
  std::unique_ptr<placement_v1::PlacementService::Stub> placement_;
  std::vector<RaceResult> results_;
  void SetLast(const std::string& name) {
    absl::MutexLock lock(&last_mutex_);
    last_name_ = name;
  }
  // The resource the last winning create made (set from the racing threads: any winner's;
  // read once they are joined).
  absl::Mutex last_mutex_;
  std::string last_name_;
};

}  // namespace

nlohmann::json RaceResult::ToJson() const {
  return {{"race", race},   {"calls", calls},   {"ok", ok},
          {"codes", codes}, {"passed", passed}, {"detail", detail}};
}

std::vector<RaceResult> RunRaces(const RaceOptions& options) { return Races(options).Run(); }

bool AllPassed(const std::vector<RaceResult>& results) {
  if (results.empty()) return false;
  for (const RaceResult& result : results) {
    if (!result.passed) return false;
  }
  return true;
}

}  // namespace meridian::bench::load
