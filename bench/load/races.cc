#include "bench/load/races.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
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
#include "meridian/access/v1/access.grpc.pb.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/interview.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"
#include "tools/demo_data/generator.h"
#include "tools/demo_data/tables.h"

namespace meridian::bench::load {
namespace {

namespace intake_v1 = ::meridian::intake::v1;
namespace talent_v1 = ::meridian::talent::v1;
namespace placement_v1 = ::meridian::placement::v1;
namespace events_v1 = ::meridian::events::v1;
namespace access_v1 = ::meridian::access::v1;

struct Shot {
  grpc::Status status;
  std::string name;
  // A secret the answer carried (a new API key's key, a subscription's signing secret).
  std::string secret = {};
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

// A delete's losers: the resource is gone (NOT_FOUND), or the etag was stale.
bool ClearDeleteLoss(grpc::StatusCode code) {
  return code == grpc::StatusCode::NOT_FOUND || code == grpc::StatusCode::ABORTED;
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
RaceResult OneWinner(const std::string& race, const std::vector<Shot>& shots,
                     bool (*clear)(grpc::StatusCode) = ClearLoss) {
  RaceResult result = Tally(race, shots);
  std::string unclear;
  for (const Shot& shot : shots) {
    if (!shot.status.ok() && !clear(shot.status.error_code()) && unclear.empty()) {
      unclear = absl::StrCat(CodeName(shot.status.error_code()), ": ", shot.status.error_message());
    }
  }
  result.passed = result.ok == 1 && unclear.empty();
  if (result.ok != 1) result.detail = absl::StrCat(result.ok, " calls won, not 1");
  if (!unclear.empty()) result.detail = absl::StrCat("a loser without a clear status: ", unclear);
  return result;
}

// A create of something that must be unique: every loser is ALREADY_EXISTS (naming the
// winner), not a conflict to retry.
RaceResult Duplicates(RaceResult result) {
  for (const auto& [code, count] : result.codes) {
    if (code != "OK" && code != CodeName(grpc::StatusCode::ALREADY_EXISTS) && result.passed) {
      result.passed = false;
      result.detail = absl::StrCat(count, " losers answered ", code, ", not ALREADY_EXISTS");
    }
  }
  return result;
}

// One request_id many times, or a call idempotent by design: every answer OK, about one
// resource.
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
    result.detail = absl::StrCat("not every call was answered OK: ", failure);
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
    // The interviews are served by the talent server; the event feed, its webhooks and the
    // access service by the intake server.
    interviews_ = talent_v1::InterviewService::NewStub(
        CreateKeyedChannel(options.endpoints.talent, credentials, identity));
    events_ = events_v1::EventService::NewStub(
        CreateKeyedChannel(options.endpoints.intake, credentials, identity));
    const CallIdentity admin{.key = options.admin_key, .on_behalf_of = "meridian-load"};
    admin_talent_ = talent_v1::TalentService::NewStub(
        CreateKeyedChannel(options.endpoints.talent, credentials, admin));
    access_ = access_v1::AccessService::NewStub(
        CreateKeyedChannel(options.endpoints.intake, credentials, admin));
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
    RoleMoveRaces(parent);

    // The same email (in other cases and spacing), other request_ids and phones.
    const std::string email = absl::StrCat("race.", options_.run_id, "@example.com");
    results_.push_back(
        Judge(Duplicates(OneWinner(
                  "CreateCandidate: the same email",
                  Fire(options_.calls,
                       [&](int i) {
                         talent_v1::CreateCandidateRequest request = CandidateRequest(i, "email");
                         request.mutable_candidate()->set_email(
                             i % 2 == 0 ? email : absl::StrCat(" ", absl::AsciiStrToUpper(email)));
                         return CreateCandidate(request);
                       }))),
              "SELECT count(*) FROM talent.candidates WHERE email_key = $1", email));
    const std::string winner = last_name_;

    // The same phone in other formats, other emails.
    const std::string digits = absl::StrFormat("447%09d", Seed() % 1000000000);
    results_.push_back(Judge(
        Duplicates(OneWinner("CreateCandidate: the same phone, other formats",
                             Fire(options_.calls,
                                  [&](int i) {
                                    talent_v1::CreateCandidateRequest request =
                                        CandidateRequest(i, "phone");
                                    request.mutable_candidate()->set_phone(PhoneFormat(digits, i));
                                    return CreateCandidate(request);
                                  }))),
        "SELECT count(*) FROM talent.candidates WHERE phone_key = $1", digits));

    // One request, sent 20 times at once.
    talent_v1::CreateCandidateRequest same = CandidateRequest(0, "request-id");
    results_.push_back(Judge(
        SameResource("CreateCandidate: one request_id",
                     Fire(options_.calls, [&](int) { return CreateCandidate(same); })),
        "SELECT count(*) FROM talent.candidates WHERE email_key = $1", same.candidate().email()));
    const std::string repeated = last_name_;

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
    results_.push_back(Judge(
        Duplicates(OneWinner(
            "CreateSubmission: the same candidate and role",
            Fire(options_.calls,
                 [&](int i) {
                   talent_v1::CreateSubmissionRequest request;
                   request.set_parent(role_name);
                   request.mutable_submission()->set_candidate(winner);
                   request.set_request_id(absl::StrCat(options_.run_id, "-race-submission-", i));
                   grpc::ClientContext context;
                   Prepare(context);
                   talent_v1::Submission response;
                   Shot shot{talent_->CreateSubmission(&context, request, &response),
                             response.name()};
                   if (shot.status.ok()) SetLast(response.name());
                   return shot;
                 }))),
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
    InterviewRaces(role_name);

    // A hire of its own for the placement races: a new candidate taken through the stages.
    const std::string hired = Hire(role_name);
    if (hired.empty()) return Abandon("no hire");
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    results_.push_back(Judge(
        Duplicates(OneWinner(
            "CreatePlacement: the same submission",
            Fire(options_.calls,
                 [&](int i) {
                   placement_v1::CreatePlacementRequest request;
                   request.mutable_placement()->set_submission(hired);
                   *request.mutable_placement()->mutable_start_date() = Date(today);
                   // A trial, for the RecordTrialOutcome race.
                   *request.mutable_placement()->mutable_trial_end() = Date(today + 30);
                   request.set_request_id(absl::StrCat(options_.run_id, "-race-placement-", i));
                   grpc::ClientContext context;
                   Prepare(context);
                   placement_v1::Placement response;
                   Shot shot{placement_->CreatePlacement(&context, request, &response),
                             response.name()};
                   if (shot.status.ok()) SetLast(response.name());
                   return shot;
                 }))),
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
    PlacementRaces(placement);
    CandidateRaces(repeated);
    ReferenceRaces();
    WebhookRaces();
    AccessRaces();
    return std::move(results_);
  }

 private:
  // The RPC's answer as a Shot: its status and the response's name, when it has one.
  template <typename Response, typename Invoke>
  static Shot Call(Invoke invoke, Response* out = nullptr) {
    grpc::ClientContext context;
    Prepare(context);
    Response response;
    Shot shot{invoke(&context, &response), ""};
    if constexpr (requires { response.name(); }) shot.name = response.name();
    if (out != nullptr) *out = response;
    return shot;
  }

  void SetupFailed(const std::string& section, const std::string& why) {
    RaceResult result;
    result.race = absl::StrCat(section, ": setup");
    result.detail = absl::StrCat("these races did not run: ", why);
    results_.push_back(result);
  }

  // At most one answer carried the secret that is shown once (a retry's answer has none).
  static RaceResult SecretShownOnce(RaceResult result, const std::vector<Shot>& shots) {
    int secrets = 0;
    for (const Shot& shot : shots) secrets += shot.secret.empty() ? 0 : 1;
    if (secrets != 1) {
      result.passed = false;
      result.detail = absl::StrCat(result.detail, result.detail.empty() ? "" : "; ", secrets,
                                   " answers carried the secret, not 1");
    }
    return result;
  }

  std::string NewRole(const std::string& parent, const char* what) {
    intake_v1::CreateRoleRequest request = RoleRequest(parent, what);
    intake_v1::Role role;
    return Call<intake_v1::Role>(
               [&](auto* context, auto* response) {
                 return intake_->CreateRole(context, request, response);
               },
               &role)
                   .status.ok()
               ? role.name()
               : "";
  }

  std::string RoleEtag(const std::string& role) {
    intake_v1::GetRoleRequest get;
    get.set_name(role);
    intake_v1::Role read;
    return Call<intake_v1::Role>(
               [&](auto* context, auto* response) {
                 return intake_->GetRole(context, get, response);
               },
               &read)
                   .status.ok()
               ? read.etag()
               : "";
  }

  enum class RoleMove { kHold, kReopen, kCancel, kFill };

  Shot MoveRole(RoleMove move, const std::string& role, const std::string& etag, int i) {
    const std::string request_id = absl::StrCat(options_.run_id, "-race-role-move-",
                                                static_cast<int>(move), "-", etag, "-", i);
    return Call<intake_v1::Role>([&](auto* context, auto* response) {
      switch (move) {
        case RoleMove::kHold: {
          intake_v1::HoldRoleRequest request;
          request.set_name(role);
          request.set_etag(etag);
          request.set_request_id(request_id);
          return intake_->HoldRole(context, request, response);
        }
        case RoleMove::kReopen: {
          intake_v1::ReopenRoleRequest request;
          request.set_name(role);
          request.set_etag(etag);
          request.set_request_id(request_id);
          return intake_->ReopenRole(context, request, response);
        }
        case RoleMove::kCancel: {
          intake_v1::CancelRoleRequest request;
          request.set_name(role);
          request.set_etag(etag);
          request.set_request_id(request_id);
          return intake_->CancelRole(context, request, response);
        }
        case RoleMove::kFill:
        default: {
          intake_v1::FillRoleRequest request;
          request.set_name(role);
          request.set_etag(etag);
          request.set_request_id(request_id);
          return intake_->FillRole(context, request, response);
        }
      }
    });
  }

  // The role's state is `state` and the feed holds `moves` role.state_changed events for it:
  // 1000 * (state matches) + moves.
  static std::string RoleStateSql(const char* state) {
    return absl::StrCat(
        "SELECT (SELECT count(*) FROM intake.roles WHERE id = $1 AND state = '", state,
        "') * 1000 + (SELECT count(*) FROM events.events WHERE type = 'role.state_changed' AND "
        "resource LIKE '%/roles/' || $1)");
  }

  // HoldRole, ReopenRole, CancelRole and FillRole on roles of their own (the race role stays
  // OPEN for the submissions).
  void RoleMoveRaces(const std::string& parent) {
    const std::string moved = NewRole(parent, "race-moves-role");
    const std::string filled = NewRole(parent, "race-fill-role");
    if (moved.empty() || filled.empty()) return SetupFailed("role moves", "no role");
    // Idempotent by design: a role already ON_HOLD is returned as it is. 20 at once without
    // an etag: every call OK, and one move (one event).
    results_.push_back(Judge(
        SameResource(
            "HoldRole: 20 at once without etag (idempotent)",
            Fire(options_.calls, [&](int i) { return MoveRole(RoleMove::kHold, moved, "", i); })),
        RoleStateSql("ON_HOLD"), LastId(moved), 1001));
    std::string etag = RoleEtag(moved);
    results_.push_back(
        Judge(OneWinner("ReopenRole: the same etag",
                        Fire(options_.calls,
                             [&](int i) { return MoveRole(RoleMove::kReopen, moved, etag, i); })),
              RoleStateSql("OPEN"), LastId(moved), 1002));
    // Competing moves with one etag: cancel against hold. Either may win; the role is in the
    // winner's state, moved once more.
    etag = RoleEtag(moved);
    std::vector<Shot> competing = Fire(options_.calls, [&](int i) {
      return MoveRole(i % 2 == 0 ? RoleMove::kCancel : RoleMove::kHold, moved, etag, i);
    });
    std::vector<std::string> states;
    for (int i = 0; i < options_.calls; ++i) states.push_back(i % 2 == 0 ? "CANCELLED" : "ON_HOLD");
    results_.push_back(
        Judge(OneWinner("CancelRole/HoldRole: competing moves, one etag", competing),
              RoleStateSql(Winning(competing, states) == "CANCELLED" ? "CANCELLED" : "ON_HOLD"),
              LastId(moved), 1003));
    etag = RoleEtag(filled);
    results_.push_back(
        Judge(OneWinner("FillRole: the same etag",
                        Fire(options_.calls,
                             [&](int i) { return MoveRole(RoleMove::kFill, filled, etag, i); })),
              RoleStateSql("FILLED"), LastId(filled), 1001));
  }

  std::string Submit(const std::string& role, const std::string& candidate, const char* what) {
    talent_v1::CreateSubmissionRequest create;
    create.set_parent(role);
    create.mutable_submission()->set_candidate(candidate);
    create.set_request_id(absl::StrCat(options_.run_id, "-race-", what));
    talent_v1::Submission submission;
    return Call<talent_v1::Submission>(
               [&](auto* context, auto* response) {
                 return talent_->CreateSubmission(context, create, response);
               },
               &submission)
                   .status.ok()
               ? submission.name()
               : "";
  }

  talent_v1::CreateInterviewRequest InterviewRequest(const std::string& submission,
                                                     const std::string& what,
                                                     std::optional<absl::Time> start) {
    talent_v1::CreateInterviewRequest request;
    request.set_parent(submission);
    request.set_request_id(absl::StrCat(options_.run_id, "-race-interview-", what));
    talent_v1::Interview* interview = request.mutable_interview();
    interview->set_kind(talent_v1::Interview::TECHNICAL);
    interview->set_title(absl::StrCat("Race interview ", what));
    interview->set_duration_minutes(60);
    interview->set_location("https://meet.example.com/race");
    for (int i = 0; i < 2; ++i) {
      talent_v1::Interviewer* person = interview->add_interviewers();
      person->set_display_name(absl::StrCat("Race interviewer ", i));
      person->set_email(absl::StrCat("interviewer", i, ".", options_.run_id, "@example.com"));
      person->set_side(i == 0 ? talent_v1::Interviewer::CLIENT : talent_v1::Interviewer::AGENCY);
    }
    if (start) {
      interview->mutable_start_time()->set_seconds(absl::ToUnixSeconds(*start));
    }
    return request;
  }

  Shot CreateInterview(const talent_v1::CreateInterviewRequest& request) {
    Shot shot = Call<talent_v1::Interview>([&](auto* context, auto* response) {
      return interviews_->CreateInterview(context, request, response);
    });
    if (shot.status.ok()) SetLast(shot.name);
    return shot;
  }

  std::string InterviewEtag(const std::string& interview) {
    talent_v1::GetInterviewRequest get;
    get.set_name(interview);
    talent_v1::Interview read;
    return Call<talent_v1::Interview>(
               [&](auto* context, auto* response) {
                 return interviews_->GetInterview(context, get, response);
               },
               &read)
                   .status.ok()
               ? read.etag()
               : "";
  }

  // The interview's state is `state` and the feed holds `changes` interview.state_changed
  // events for it: 1000 * (state matches) + changes.
  static std::string InterviewStateSql(const char* state) {
    return absl::StrCat(
        "SELECT (SELECT count(*) FROM talent.interviews WHERE id = $1 AND state = '", state,
        "') * 1000 + (SELECT count(*) FROM events.events WHERE type = 'interview.state_changed' "
        "AND resource LIKE '%/interviews/' || $1)");
  }

  // CreateInterview (one request_id; one candidate at one time), UpdateInterview (one etag),
  // CreateScorecard (one interviewer), CompleteInterview and CancelInterview (20 at once), on
  // a submission of their own.
  void InterviewRaces(const std::string& role) {
    if (!CreateCandidate(CandidateRequest(0, "interview")).status.ok()) {
      return SetupFailed("interviews", "no candidate");
    }
    const std::string candidate = last_name_;
    const std::string submission = Submit(role, candidate, "interview-submission");
    if (submission.empty()) return SetupFailed("interviews", "no submission");

    const talent_v1::CreateInterviewRequest proposed =
        InterviewRequest(submission, "proposed", std::nullopt);
    SetLast("");
    results_.push_back(Judge(
        SameResource("CreateInterview: one request_id",
                     Fire(options_.calls, [&](int) { return CreateInterview(proposed); })),
        "SELECT count(*) FROM talent.interviews WHERE submission_id = $1", LastId(submission)));
    const std::string proposed_name = last_name_;

    // The same candidate at the same time, other request_ids: one SCHEDULED, the rest
    // FAILED_PRECONDITION (INTERVIEW_CONFLICT).
    const absl::Time start =
        absl::FromUnixSeconds((absl::ToUnixSeconds(absl::Now() + absl::Hours(72)) / 3600) * 3600);
    SetLast("");
    results_.push_back(Judge(
        OneWinner("CreateInterview: one candidate at one time",
                  Fire(options_.calls,
                       [&](int i) {
                         return CreateInterview(
                             InterviewRequest(submission, absl::StrCat("at-", i), start));
                       })),
        "SELECT count(*) FROM talent.interviews WHERE candidate_id = $1 AND start_time IS NOT NULL",
        LastId(candidate)));
    const std::string scheduled = last_name_;
    if (proposed_name.empty() || scheduled.empty()) return SetupFailed("interviews", "none made");

    const std::string etag = InterviewEtag(scheduled);
    std::vector<std::string> titles(static_cast<size_t>(options_.calls));
    std::vector<Shot> updates = Fire(options_.calls, [&](int i) {
      talent_v1::UpdateInterviewRequest request;
      request.mutable_interview()->set_name(scheduled);
      titles[static_cast<size_t>(i)] = absl::StrCat("Race interview ", options_.run_id, " #", i);
      request.mutable_interview()->set_title(titles[static_cast<size_t>(i)]);
      request.mutable_update_mask()->add_paths("title");
      request.set_etag(etag);
      request.set_request_id(absl::StrCat(options_.run_id, "-race-interview-update-", i));
      return Call<talent_v1::Interview>([&](auto* context, auto* response) {
        return interviews_->UpdateInterview(context, request, response);
      });
    });
    results_.push_back(Judge(OneWinner("UpdateInterview: the same etag", updates),
                             "SELECT count(*) FROM talent.interviews WHERE body->>'title' = $1",
                             Winning(updates, titles)));

    // One interviewer's scorecard, 20 times: one kept, the rest ALREADY_EXISTS (the other
    // interviewer's is still due, so the interview stays SCHEDULED).
    results_.push_back(Judge(
        Duplicates(OneWinner(
            "CreateScorecard: one interviewer",
            Fire(options_.calls,
                 [&](int i) {
                   talent_v1::CreateScorecardRequest request;
                   request.set_parent(scheduled);
                   request.mutable_scorecard()->set_interviewer_email(
                       absl::StrCat("interviewer0.", options_.run_id, "@example.com"));
                   request.mutable_scorecard()->set_overall(talent_v1::YES);
                   request.mutable_scorecard()->set_notes(absl::StrCat("Race notes ", i));
                   request.set_request_id(absl::StrCat(options_.run_id, "-race-scorecard-", i));
                   return Call<talent_v1::Scorecard>([&](auto* context, auto* response) {
                     return interviews_->CreateScorecard(context, request, response);
                   });
                 }))),
        "SELECT count(*) FROM talent.scorecards WHERE interview_id = $1", LastId(scheduled)));

    // Held, 20 at once without etag: one marks it, the rest FAILED_PRECONDITION (no longer
    // SCHEDULED).
    results_.push_back(Judge(
        OneWinner("CompleteInterview: 20 at once",
                  Fire(options_.calls,
                       [&](int i) {
                         talent_v1::CompleteInterviewRequest request;
                         request.set_name(scheduled);
                         request.set_state(talent_v1::Interview::COMPLETED);
                         request.set_request_id(
                             absl::StrCat(options_.run_id, "-race-interview-complete-", i));
                         return Call<talent_v1::Interview>([&](auto* context, auto* response) {
                           return interviews_->CompleteInterview(context, request, response);
                         });
                       })),
        InterviewStateSql("COMPLETED"), LastId(scheduled), 1001));
    results_.push_back(Judge(
        OneWinner("CancelInterview: 20 at once",
                  Fire(options_.calls,
                       [&](int i) {
                         talent_v1::CancelInterviewRequest request;
                         request.set_name(proposed_name);
                         request.set_reason("Race: the client cancelled.");
                         request.set_request_id(
                             absl::StrCat(options_.run_id, "-race-interview-cancel-", i));
                         return Call<talent_v1::Interview>([&](auto* context, auto* response) {
                           return interviews_->CancelInterview(context, request, response);
                         });
                       })),
        InterviewStateSql("CANCELLED"), LastId(proposed_name), 1001));
  }

  // RescheduleCheckIn (no etag: 20 identical moves, one answer), RecordTrialOutcome and
  // EndPlacement (20 at once: one settles it).
  void PlacementRaces(const std::string& placement) {
    int total = 0;
    int pending = 0;
    // The next check-in recorded 20 times with one request_id: the losers find it recorded,
    // and are answered from the first call's record: every call OK, one recorded.
    const std::string once = PendingCheckIn(placement, &total, &pending);
    if (once.empty()) return SetupFailed("placement", "no pending check-in");
    placement_v1::RecordCheckInRequest record_once;
    record_once.set_name(once);
    record_once.set_client_rating(5);
    record_once.set_candidate_rating(5);
    record_once.set_notes("Race check-in, one request_id");
    record_once.set_request_id(absl::StrCat(options_.run_id, "-race-check-in-once"));
    results_.push_back(Judge(
        SameResource("RecordCheckIn: one request_id",
                     Fire(options_.calls,
                          [&](int) {
                            return Call<placement_v1::CheckIn>([&](auto* context, auto* response) {
                              return placement_->RecordCheckIn(context, record_once, response);
                            });
                          })),
        "SELECT count(*) FROM placement.check_ins WHERE id = $1 AND completed_time IS NOT NULL",
        LastId(once)));
    total = 0;
    pending = 0;
    const std::string check_in = PendingCheckIn(placement, &total, &pending);
    if (check_in.empty()) return SetupFailed("placement", "no pending check-in");
    const absl::Time due = absl::FromUnixSeconds(
        (absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 10)) / 3600) * 3600);
    results_.push_back(Judge(
        SameResource("RescheduleCheckIn: 20 identical moves (no etag: the same answer)",
                     Fire(options_.calls,
                          [&](int i) {
                            placement_v1::RescheduleCheckInRequest request;
                            request.set_name(check_in);
                            request.mutable_due_time()->set_seconds(absl::ToUnixSeconds(due));
                            request.set_request_id(
                                absl::StrCat(options_.run_id, "-race-reschedule-", i));
                            return Call<placement_v1::CheckIn>([&](auto* context, auto* response) {
                              return placement_->RescheduleCheckIn(context, request, response);
                            });
                          })),
        absl::StrCat("SELECT count(*) FROM placement.check_ins WHERE id = $1 AND due_time = "
                     "to_timestamp(",
                     absl::ToUnixSeconds(due), ")"),
        LastId(check_in)));
    results_.push_back(Judge(
        OneWinner("RecordTrialOutcome: 20 at once",
                  Fire(options_.calls,
                       [&](int i) {
                         placement_v1::RecordTrialOutcomeRequest request;
                         request.set_name(placement);
                         request.set_outcome(placement_v1::TrialOutcome::PASSED);
                         request.set_notes(absl::StrCat("Race outcome ", i));
                         request.set_request_id(absl::StrCat(options_.run_id, "-race-trial-", i));
                         return Call<placement_v1::Placement>([&](auto* context, auto* response) {
                           return placement_->RecordTrialOutcome(context, request, response);
                         });
                       })),
        "SELECT count(*) FROM events.events WHERE type = 'placement.trial_recorded' AND "
        "resource = $1",
        placement));
    // The client's own reason: no replacement starts.
    results_.push_back(Judge(
        OneWinner("EndPlacement: 20 at once",
                  Fire(options_.calls,
                       [&](int i) {
                         placement_v1::EndPlacementRequest request;
                         request.set_name(placement);
                         request.set_reason(placement_v1::CONTRACT_COMPLETED);
                         request.set_note(absl::StrCat("Race end ", i));
                         request.set_request_id(absl::StrCat(options_.run_id, "-race-end-", i));
                         return Call<placement_v1::Placement>([&](auto* context, auto* response) {
                           return placement_->EndPlacement(context, request, response);
                         });
                       })),
        absl::StrCat("SELECT (SELECT count(*) FROM placement.placements WHERE id = $1 AND state "
                     "= 'ENDED') * 1000 + (SELECT count(*) FROM events.events WHERE type = "
                     "'placement.ended' AND resource = 'placements/' || $1)"),
        LastId(placement), 1001));
  }

  // DeleteCandidate (20 erasures of one person: one, the rest NOT_FOUND) and ReleaseCandidate
  // (idempotent by design: 20 at once, one answer).
  void CandidateRaces(const std::string& available) {
    if (!CreateCandidate(CandidateRequest(0, "erase")).status.ok()) {
      return SetupFailed("candidates", "no candidate");
    }
    const std::string erased = last_name_;
    results_.push_back(Judge(
        OneWinner("DeleteCandidate: 20 erasures of one person",
                  Fire(options_.calls,
                       [&](int i) {
                         talent_v1::DeleteCandidateRequest request;
                         request.set_name(erased);
                         request.set_request_id(absl::StrCat(options_.run_id, "-race-erase-", i));
                         return Call<google::protobuf::Empty>([&](auto* context, auto* response) {
                           return talent_->DeleteCandidate(context, request, response);
                         });
                       }),
                  ClearDeleteLoss),
        "SELECT (SELECT count(*) FROM talent.erasures WHERE candidate_id = $1) * 1000 + "
        "(SELECT count(*) FROM talent.candidates WHERE id = $1 AND erased)",
        LastId(erased), 1001));
    // One erasure sent 20 times with one request_id: the calls that lose the race find the
    // person gone, and the RPC layer answers them from the first call's record: every call OK.
    if (!CreateCandidate(CandidateRequest(0, "erase-once")).status.ok()) {
      return SetupFailed("candidates", "no candidate");
    }
    const std::string erased_once = last_name_;
    talent_v1::DeleteCandidateRequest erase_once;
    erase_once.set_name(erased_once);
    erase_once.set_request_id(absl::StrCat(options_.run_id, "-race-erase-once"));
    results_.push_back(
        Judge(SameResource("DeleteCandidate: one request_id",
                           Fire(options_.calls,
                                [&](int) {
                                  return Call<google::protobuf::Empty>([&](auto* context,
                                                                           auto* response) {
                                    return talent_->DeleteCandidate(context, erase_once, response);
                                  });
                                })),
              "SELECT (SELECT count(*) FROM talent.erasures WHERE candidate_id = $1) * 1000 + "
              "(SELECT count(*) FROM talent.candidates WHERE id = $1 AND erased)",
              LastId(erased_once), 1001));
    if (available.empty()) return SetupFailed("ReleaseCandidate", "no candidate");
    results_.push_back(Judge(
        SameResource("ReleaseCandidate: 20 at once (idempotent)",
                     Fire(options_.calls,
                          [&](int i) {
                            talent_v1::ReleaseCandidateRequest request;
                            request.set_name(available);
                            request.set_request_id(
                                absl::StrCat(options_.run_id, "-race-release-", i));
                            return Call<talent_v1::Candidate>([&](auto* context, auto* response) {
                              return admin_talent_->ReleaseCandidate(context, request, response);
                            });
                          })),
        "SELECT count(*) FROM talent.candidates WHERE id = $1 AND state = 'AVAILABLE'",
        LastId(available)));
  }

  // CreateSkill (one id, other request_ids) and UpdateExchangeRate (a set without an etag:
  // 20 identical calls, one answer; the rate sent is the one it had, so a real database keeps
  // its rates).
  void ReferenceRaces() {
    const std::string skill = absl::StrCat("race-skill-", Seed() % 1000000000);
    results_.push_back(
        Judge(Duplicates(OneWinner(
                  "CreateSkill: one id",
                  Fire(options_.calls,
                       [&](int i) {
                         talent_v1::CreateSkillRequest request;
                         request.set_skill_id(skill);
                         request.mutable_skill()->set_display_name(
                             absl::StrCat("Race skill ", options_.run_id));
                         request.mutable_skill()->set_category("Race");
                         request.set_request_id(absl::StrCat(options_.run_id, "-race-skill-", i));
                         return Call<talent_v1::Skill>([&](auto* context, auto* response) {
                           return talent_->CreateSkill(context, request, response);
                         });
                       }))),
              "SELECT count(*) FROM shared.skills WHERE id = $1", skill));

    talent_v1::ListExchangeRatesResponse rates;
    if (!Call<talent_v1::ListExchangeRatesResponse>(
             [&](auto* context, auto* response) {
               return talent_->ListExchangeRates(context, talent_v1::ListExchangeRatesRequest(),
                                                 response);
             },
             &rates)
             .status.ok() ||
        rates.rates_size() == 0) {
      return SetupFailed("UpdateExchangeRate", "no rates");
    }
    const talent_v1::ExchangeRate rate = rates.rates(rates.rates_size() - 1);
    std::vector<talent_v1::ExchangeRate> answers(static_cast<size_t>(options_.calls));
    RaceResult result =
        SameResource("UpdateExchangeRate: 20 identical sets (no etag: the same answer)",
                     Fire(options_.calls, [&](int i) {
                       talent_v1::UpdateExchangeRateRequest request;
                       request.mutable_rate()->set_currency_code(rate.currency_code());
                       request.mutable_rate()->set_usd_per_unit(rate.usd_per_unit());
                       request.set_request_id(absl::StrCat(options_.run_id, "-race-rate-", i));
                       return Call<talent_v1::ExchangeRate>(
                           [&](auto* context, auto* response) {
                             return talent_->UpdateExchangeRate(context, request, response);
                           },
                           &answers[static_cast<size_t>(i)]);
                     }));
    for (const talent_v1::ExchangeRate& answer : answers) {
      if (result.passed && answer.usd_per_unit() != rate.usd_per_unit()) {
        result.passed = false;
        result.detail =
            absl::StrCat("an answer says ", answer.usd_per_unit(), ", not ", rate.usd_per_unit());
      }
    }
    results_.push_back(Judge(result,
                             "SELECT count(*) FROM shared.exchange_rates WHERE currency_code = $1",
                             rate.currency_code()));
  }

  // CreateWebhookSubscription (one request_id: one subscription, its secret shown once),
  // UpdateWebhookSubscription (one etag), RedeliverEvent (one request_id: queued once) and
  // DeleteWebhookSubscription (20 at once: one, the rest NOT_FOUND). The subscription is
  // PAUSED: nothing is sent to its made-up target.
  void WebhookRaces() {
    events_v1::CreateWebhookSubscriptionRequest create;
    const std::string target =
        absl::StrCat("https://hooks.example.com/meridian-race/", options_.run_id);
    create.mutable_subscription()->set_target_url(target);
    create.mutable_subscription()->set_state(events_v1::WebhookSubscription::PAUSED);
    create.set_request_id(absl::StrCat(options_.run_id, "-race-webhook"));
    std::vector<Shot> created = Fire(options_.calls, [&](int) {
      events_v1::WebhookSubscription response;
      Shot shot = Call<events_v1::WebhookSubscription>(
          [&](auto* context, auto* out) {
            return events_->CreateWebhookSubscription(context, create, out);
          },
          &response);
      shot.secret = response.secret();
      if (shot.status.ok()) SetLast(shot.name);
      return shot;
    });
    if (created[0].status.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
        absl::StrContains(created[0].status.error_message(), "sign")) {
      return SetupFailed("webhooks", "the event service has no signing key");
    }
    results_.push_back(Judge(SecretShownOnce(SameResource("CreateWebhookSubscription: one "
                                                          "request_id",
                                                          created),
                                             created),
                             "SELECT count(*) FROM events.webhook_subscriptions WHERE "
                             "target_url = $1",
                             target));
    const std::string subscription = created[0].name;
    if (!created[0].status.ok()) return SetupFailed("webhooks", "no subscription");

    events_v1::GetWebhookSubscriptionRequest get;
    get.set_name(subscription);
    events_v1::WebhookSubscription read;
    Call<events_v1::WebhookSubscription>(
        [&](auto* context, auto* response) {
          return events_->GetWebhookSubscription(context, get, response);
        },
        &read);
    std::vector<std::string> targets(static_cast<size_t>(options_.calls));
    std::vector<Shot> updates = Fire(options_.calls, [&](int i) {
      events_v1::UpdateWebhookSubscriptionRequest request;
      request.mutable_subscription()->set_name(subscription);
      request.mutable_subscription()->set_etag(read.etag());
      targets[static_cast<size_t>(i)] = absl::StrCat(target, "/", i);
      request.mutable_subscription()->set_target_url(targets[static_cast<size_t>(i)]);
      request.mutable_update_mask()->add_paths("target_url");
      request.set_request_id(absl::StrCat(options_.run_id, "-race-webhook-update-", i));
      return Call<events_v1::WebhookSubscription>([&](auto* context, auto* response) {
        return events_->UpdateWebhookSubscription(context, request, response);
      });
    });
    results_.push_back(Judge(OneWinner("UpdateWebhookSubscription: the same etag", updates),
                             "SELECT count(*) FROM events.webhook_subscriptions WHERE "
                             "target_url = $1",
                             Winning(updates, targets)));

    // One more delivery of the feed's first event, one request_id sent 20 times: queued once.
    events_v1::ListEventsRequest list;
    list.set_page_size(1);
    events_v1::ListEventsResponse page;
    Call<events_v1::ListEventsResponse>(
        [&](auto* context, auto* response) { return events_->ListEvents(context, list, response); },
        &page);
    if (page.events_size() == 0) {
      SetupFailed("RedeliverEvent", "no event");
    } else {
      events_v1::RedeliverEventRequest redeliver;
      redeliver.set_subscription(subscription);
      redeliver.set_event(page.events(0).name());
      redeliver.set_request_id(absl::StrCat(options_.run_id, "-race-redeliver"));
      results_.push_back(
          Judge(SameResource("RedeliverEvent: one request_id",
                             Fire(options_.calls,
                                  [&](int) {
                                    return Call<google::protobuf::Empty>([&](auto* context,
                                                                             auto* response) {
                                      return events_->RedeliverEvent(context, redeliver, response);
                                    });
                                  })),
                "SELECT count(*) FROM events.webhook_redeliveries WHERE subscription_id = $1",
                LastId(subscription)));
    }

    results_.push_back(Judge(
        OneWinner("DeleteWebhookSubscription: 20 at once",
                  Fire(options_.calls,
                       [&](int i) {
                         events_v1::DeleteWebhookSubscriptionRequest request;
                         request.set_name(subscription);
                         request.set_request_id(
                             absl::StrCat(options_.run_id, "-race-webhook-delete-", i));
                         return Call<google::protobuf::Empty>([&](auto* context, auto* response) {
                           return events_->DeleteWebhookSubscription(context, request, response);
                         });
                       }),
                  ClearDeleteLoss),
        "SELECT count(*) FROM events.webhook_subscriptions WHERE id = $1", LastId(subscription),
        0));
  }

  // CreateAgency (one display name, other request_ids), DisableAgency and RevokeApiKey
  // (idempotent by design: 20 at once, one answer), CreateApiKey (one request_id: one key,
  // shown once).
  void AccessRaces() {
    const std::string agency_name = absl::StrCat("Race agency ", options_.run_id);
    SetLast("");
    results_.push_back(Judge(
        Duplicates(OneWinner(
            "CreateAgency: one display name",
            Fire(options_.calls,
                 [&](int i) {
                   access_v1::CreateAgencyRequest request;
                   // Names are compared without case.
                   request.mutable_agency()->set_display_name(
                       i % 2 == 0 ? agency_name : absl::AsciiStrToUpper(agency_name));
                   request.set_request_id(absl::StrCat(options_.run_id, "-race-agency-", i));
                   Shot shot = Call<access_v1::Agency>([&](auto* context, auto* response) {
                     return access_->CreateAgency(context, request, response);
                   });
                   if (shot.status.ok()) SetLast(shot.name);
                   return shot;
                 }))),
        "SELECT count(*) FROM access.agencies WHERE lower(display_name) = lower($1)", agency_name));
    const std::string agency = last_name_;
    if (agency.empty()) return SetupFailed("access", "no agency");
    results_.push_back(Judge(
        SameResource("DisableAgency: 20 at once (idempotent)",
                     Fire(options_.calls,
                          [&](int i) {
                            access_v1::DisableAgencyRequest request;
                            request.set_name(agency);
                            request.set_request_id(
                                absl::StrCat(options_.run_id, "-race-disable-", i));
                            return Call<access_v1::Agency>([&](auto* context, auto* response) {
                              return access_->DisableAgency(context, request, response);
                            });
                          })),
        "SELECT count(*) FROM access.agencies WHERE id = $1 AND state = 'DISABLED'",
        LastId(agency)));

    access_v1::CreateApiKeyRequest create;
    const std::string key_name = absl::StrCat("Race key ", options_.run_id);
    create.mutable_api_key()->set_display_name(key_name);
    create.mutable_api_key()->set_role(access_v1::RECRUITER);
    create.set_request_id(absl::StrCat(options_.run_id, "-race-api-key"));
    std::vector<Shot> keys = Fire(options_.calls, [&](int) {
      access_v1::CreateApiKeyResponse response;
      Shot shot = Call<access_v1::CreateApiKeyResponse>(
          [&](auto* context, auto* out) { return access_->CreateApiKey(context, create, out); },
          &response);
      shot.name = response.api_key().name();
      shot.secret = response.key();
      return shot;
    });
    results_.push_back(
        Judge(SecretShownOnce(SameResource("CreateApiKey: one request_id", keys), keys),
              "SELECT count(*) FROM access.api_keys WHERE display_name = $1", key_name));
    const std::string key = keys[0].name;
    if (key.empty()) return SetupFailed("RevokeApiKey", "no key");
    results_.push_back(Judge(
        SameResource("RevokeApiKey: 20 at once (idempotent)",
                     Fire(options_.calls,
                          [&](int i) {
                            access_v1::RevokeApiKeyRequest request;
                            request.set_name(key);
                            request.set_request_id(
                                absl::StrCat(options_.run_id, "-race-revoke-", i));
                            return Call<access_v1::ApiKey>([&](auto* context, auto* response) {
                              return access_->RevokeApiKey(context, request, response);
                            });
                          })),
        "SELECT count(*) FROM access.api_keys WHERE id = $1 AND revoke_time IS NOT NULL",
        LastId(key)));
  }

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
  std::unique_ptr<talent_v1::InterviewService::Stub> interviews_;
  std::unique_ptr<events_v1::EventService::Stub> events_;
  // With the ADMIN key.
  std::unique_ptr<talent_v1::TalentService::Stub> admin_talent_;
  std::unique_ptr<access_v1::AccessService::Stub> access_;
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
