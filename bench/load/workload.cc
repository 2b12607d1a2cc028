#include "bench/load/workload.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "common/client/keyed_channel.h"
#include "common/db/json_body.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "tools/demo_data/generator.h"
#include "tools/demo_data/tables.h"

namespace meridian::bench::load {

namespace intake_v1 = ::meridian::intake::v1;
namespace talent_v1 = ::meridian::talent::v1;
namespace placement_v1 = ::meridian::placement::v1;

namespace {

constexpr const char* kWrites[] = {"CreateClient",    "CreateRole",       "CreateCandidate",
                                   "UpdateCandidate", "CreateSubmission", "AdvanceSubmission",
                                   "CreatePlacement", "RecordCheckIn",    "EndPlacement"};

std::string TimeText(const google::protobuf::Timestamp& time) {
  return google::protobuf::util::TimeUtil::ToString(time);
}

google::type::Date ToDate(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// The next stage of the forward path, SOURCED -> ... -> HIRED.
talent_v1::Submission::Stage NextStage(int stage) {
  switch (stage) {
    case talent_v1::Submission::SOURCED:
      return talent_v1::Submission::SHORTLISTED;
    case talent_v1::Submission::SHORTLISTED:
      return talent_v1::Submission::CLIENT_INTERVIEW;
    case talent_v1::Submission::CLIENT_INTERVIEW:
      return talent_v1::Submission::OFFER;
    case talent_v1::Submission::OFFER:
      return talent_v1::Submission::HIRED;
    default:
      return talent_v1::Submission::STAGE_UNSPECIFIED;
  }
}

}  // namespace

Mix DefaultMix() {
  // Intake is rare next to the pool's traffic; every submission takes four moves to a hire.
  return {{"CreateClient", 1},       {"CreateRole", 3},        {"CreateCandidate", 30},
          {"UpdateCandidate", 20},   {"SearchCandidates", 12}, {"CreateSubmission", 10},
          {"AdvanceSubmission", 16}, {"CreatePlacement", 3},   {"RecordCheckIn", 3},
          {"EndPlacement", 1}};
}

absl::StatusOr<Mix> ParseMix(const std::string& text) {
  Mix mix = DefaultMix();
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, '=');
    int weight = 0;
    if (mix.count(kv.first) == 0 || !absl::SimpleAtoi(kv.second, &weight) || weight < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--mix: '", part, "' is not RPC=weight with an RPC of the mix"));
    }
    mix[kv.first] = weight;
  }
  return mix;
}

bool IsWrite(const std::string& rpc) {
  for (const char* write : kWrites) {
    if (rpc == write) return true;
  }
  return false;
}

Workload::Workload(WorkloadOptions options, RpcStats& stats, Ledger& ledger)
    : options_(std::move(options)),
      stats_(stats),
      ledger_(ledger),
      today_(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone())),
      rng_(options_.seed) {}

Workload::~Workload() = default;

size_t Workload::StaffKey() {
  absl::MutexLock lock(&mutex_);
  return staff_keys_[rng_() % staff_keys_.size()];
}

size_t Workload::AnyKey() {
  absl::MutexLock lock(&mutex_);
  return rng_() % stubs_.size();
}

std::string Workload::NextId(const char* what) {
  return absl::StrCat(options_.run_id, "-", what, "-", next_id_++);
}

namespace {

template <typename Request, typename Response, typename Start, typename Done>
struct SendCall {
  std::string rpc;
  absl::Time scheduled;
  size_t key = 0;
  Request request;
  Response response;
  Start start;
  Done done;
  // One a try: a ClientContext serves one call.
  std::unique_ptr<grpc::ClientContext> context = nullptr;
  absl::Time attempt_start = {};
  int attempts = 0;
};

// A write that ended so may or may not have reached the database: the same request_id again
// is safe (the services serve a request_id once). CANCELLED too: the client never cancels,
// so it is the server's doing, e.g. gRPC cancels a call that arrived as the server began
// shutting down, before any handler ran.
bool MaySendAgain(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::CANCELLED;
}

}  // namespace

DelayedCalls::DelayedCalls() : thread_([this] { Loop(); }) {}

DelayedCalls::~DelayedCalls() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void DelayedCalls::After(absl::Duration delay, std::function<void()> function) {
  absl::MutexLock lock(&mutex_);
  due_.emplace(absl::Now() + delay, std::move(function));
}

void DelayedCalls::Loop() {
  absl::MutexLock lock(&mutex_);
  while (!stopping_) {
    if (due_.empty() || due_.begin()->first > absl::Now()) {
      const absl::Time wake =
          due_.empty() ? absl::Now() + absl::Milliseconds(50)
                       : std::min(due_.begin()->first, absl::Now() + absl::Milliseconds(50));
      mutex_.AwaitWithDeadline(absl::Condition(&stopping_), wake);
      continue;
    }
    std::function<void()> function = std::move(due_.begin()->second);
    due_.erase(due_.begin());
    mutex_.Unlock();
    function();
    mutex_.Lock();
  }
}

template <typename Request, typename Response, typename Start, typename Done>
void Workload::Send(const std::string& rpc, absl::Time scheduled, size_t key, Request request,
                    Start start, Done done) {
  // Deleted in the last attempt's callback: gRPC holds its own reference to a call while it
  // runs.
  auto* call = new SendCall<Request, Response, Start, Done>{.rpc = rpc,
                                                            .scheduled = scheduled,
                                                            .key = key,
                                                            .request = std::move(request),
                                                            .response = {},
                                                            .start = std::move(start),
                                                            .done = std::move(done)};
  Attempt(call);
}

template <typename Call>
void Workload::Attempt(Call* call) {
  call->context = std::make_unique<grpc::ClientContext>();
  call->context->set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
  call->response.Clear();
  ++call->attempts;
  call->attempt_start = absl::Now();
  call->start(
      call->context.get(), &call->request, &call->response, [this, call](grpc::Status status) {
        const absl::Time now = absl::Now();
        const bool write = IsWrite(call->rpc);
        // Failures by how long their attempt took ("fail fast, not after a hang"); OK calls
        // from when the operation was due, retries before it included.
        if (options_.phases != nullptr) {
          options_.phases->Record(write, status,
                                  absl::ToInt64Microseconds(now - call->attempt_start));
        }
        recorder_->Record(call->rpc, status, absl::ToInt64Microseconds(now - call->scheduled));
        const bool may_have_arrived = write && MaySendAgain(status.error_code());
        const absl::Duration backoff = std::min(
            absl::Milliseconds(50) * (1 << std::min(call->attempts - 1, 5)), absl::Seconds(1));
        if (may_have_arrived && now + backoff < call->scheduled + options_.retry_for) {
          ++retries_;
          delayed_.After(backoff, [this, call] { Attempt(call); });
          return;
        }
        // Given up on after an attempt that may have arrived: written at most once, the check
        // allows either.
        const bool unknown = write && !status.ok() && (may_have_arrived || call->attempts > 1);
        if (status.ok() && write && recorder_ == &stats_) ++writes_;
        if (unknown) {
          ++unknown_;
          if (options_.phases != nullptr) options_.phases->RecordUnknown();
          if constexpr (requires { call->request.request_id(); }) {
            ledger_.Append({.rpc = call->rpc,
                            .request_id = call->request.request_id(),
                            .name = "",
                            .key = options_.keys[call->key].label,
                            .fields = {{"last_status", CodeName(status.error_code())}},
                            .request = db::ToJsonBody(call->request),
                            .unknown = true,
                            .attempts = call->attempts});
          }
        }
        call->done(status, call->request, call->response, unknown);
        delete call;
      });
}

absl::Status Workload::Setup() {
  for (size_t k = 0; k < options_.keys.size(); ++k) {
    const KeyUse& use = options_.keys[k];
    const CallIdentity identity{.key = use.key, .on_behalf_of = "meridian-load"};
    const auto credentials = grpc::InsecureChannelCredentials();
    // A service that was killed and started again is back within a second of listening
    // (gRPC's default reconnect backoff grows to two minutes).
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    Stubs stubs;
    stubs.intake = intake_v1::IntakeService::NewStub(
        CreateKeyedChannel(options_.endpoints.intake, credentials, identity, arguments));
    stubs.talent = talent_v1::TalentService::NewStub(
        CreateKeyedChannel(options_.endpoints.talent, credentials, identity, arguments));
    stubs.placement = placement_v1::PlacementService::NewStub(
        CreateKeyedChannel(options_.endpoints.placement, credentials, identity, arguments));
    stubs_.push_back(std::move(stubs));
    if (use.staff) staff_keys_.push_back(k);
  }
  if (staff_keys_.empty()) return absl::InvalidArgumentError("the run needs a staff key");
  // Two clients with two roles each, one call at a time, so that the mix has somewhere to go.
  for (int c = 0; c < 2; ++c) {
    CreateClient(absl::Now());
    CreateRole(absl::Now());
    CreateRole(absl::Now());
  }
  absl::MutexLock lock(&mutex_);
  if (roles_.empty()) {
    return absl::UnavailableError(
        "the first clients and roles could not be created (see the figures' errors)");
  }
  return absl::OkStatus();
}

void Workload::Run() {
  recorder_ = &stats_;
  const absl::Time start = absl::Now();
  end_ = start + options_.duration;
  if (options_.rate <= 0) {
    {
      absl::MutexLock lock(&mutex_);
      outstanding_ = options_.in_flight;
    }
    for (int i = 0; i < options_.in_flight; ++i) StartOperation(absl::Now());
  } else {
    const absl::Duration period = absl::Seconds(1) / options_.rate;
    for (int64_t n = 0;; ++n) {
      const absl::Time due = start + period * n;
      if (due >= end_ || Ended()) break;
      absl::SleepFor(due - absl::Now());
      bool room = false;
      {
        absl::MutexLock lock(&mutex_);
        if (outstanding_ < options_.in_flight) {
          ++outstanding_;
          room = true;
        }
      }
      if (room) {
        StartOperation(due);
      } else {
        ++skipped_;
      }
    }
  }
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(
      +[](int* outstanding) { return *outstanding == 0; }, &outstanding_));
  seconds_ = absl::ToDoubleSeconds(absl::Now() - start);
}

void Workload::Finished() {
  if (options_.rate <= 0 && absl::Now() < end_ && !Ended()) {
    StartOperation(absl::Now());
    return;
  }
  absl::MutexLock lock(&mutex_);
  --outstanding_;
}

std::string Workload::Pick() {
  absl::MutexLock lock(&mutex_);
  int total = 0;
  for (const auto& [rpc, weight] : options_.mix) total += weight;
  if (total <= 0) return "CreateCandidate";
  int left = static_cast<int>(rng_() % static_cast<uint64_t>(total));
  for (const auto& [rpc, weight] : options_.mix) {
    if (left < weight) return rpc;
    left -= weight;
  }
  return "CreateCandidate";
}

void Workload::StartOperation(absl::Time scheduled) {
  const std::string rpc = Pick();
  // An operation whose resource is not there yet (no submission to move) creates a
  // candidate instead: the pool feeds the rest of the loop.
  if (rpc == "CreateClient") return CreateClient(scheduled);
  if (rpc == "CreateRole") return CreateRole(scheduled);
  if (rpc == "UpdateCandidate" && UpdateCandidate(scheduled)) return;
  if (rpc == "SearchCandidates" && SearchCandidates(scheduled)) return;
  if (rpc == "CreateSubmission" && CreateSubmission(scheduled)) return;
  if (rpc == "AdvanceSubmission" && AdvanceSubmission(scheduled)) return;
  if (rpc == "CreatePlacement" && CreatePlacement(scheduled)) return;
  if (rpc == "RecordCheckIn" && RecordCheckIn(scheduled)) return;
  if (rpc == "EndPlacement" && EndPlacement(scheduled)) return;
  CreateCandidate(scheduled);
}

// Setup calls CreateClient and CreateRole before Run: there, `Finished` must not count an
// operation; the outstanding count is only read by Run.
void Workload::CreateClient(absl::Time scheduled) {
  const size_t key = StaffKey();
  const int64_t n = next_id_++;
  const auto& specs = demo_data::Clients();
  const size_t spec = static_cast<size_t>(n) % specs.size();
  intake_v1::CreateClientRequest request = demo_data::MakeClient(specs[spec], spec);
  request.set_request_id(absl::StrCat(options_.run_id, "-client-", n));
  request.mutable_client()->set_display_name(
      absl::StrCat(specs[spec].display_name, " (load ", options_.run_id, " #", n, ")"));
  const bool in_run = end_ != absl::Time();
  absl::Notification done_here;
  auto* stub = stubs_[key].intake.get();
  Send<intake_v1::CreateClientRequest, intake_v1::Client>(
      "CreateClient", scheduled, key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->CreateClient(c, q, r, cb); },
      [this, key, in_run, &done_here](const grpc::Status& status, const auto& q, const auto& r,
                                      bool) {
        if (status.ok()) {
          ledger_.Append({.rpc = "CreateClient",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[key].label,
                          .fields = {{"display_name", r.display_name()}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time()),
                          .request = db::ToJsonBody(q)});
          absl::MutexLock lock(&mutex_);
          clients_.push_back(r.name());
        }
        if (in_run) {
          Finished();
        } else {
          done_here.Notify();
        }
      });
  if (!in_run) done_here.WaitForNotification();
}

void Workload::CreateRole(absl::Time scheduled) {
  const bool in_run = end_ != absl::Time();
  std::string parent;
  {
    absl::MutexLock lock(&mutex_);
    if (!clients_.empty()) parent = clients_[rng_() % clients_.size()];
  }
  if (parent.empty()) return in_run ? CreateCandidate(scheduled) : void();
  const size_t key = StaffKey();
  const int64_t n = next_id_++;
  const auto& specs = demo_data::Clients();
  const size_t client = static_cast<size_t>(n) % specs.size();
  const size_t role = static_cast<size_t>(n / 7) % specs[client].roles.size();
  intake_v1::CreateRoleRequest request =
      demo_data::MakeRole(specs[client].roles[role], client, role);
  request.set_parent(parent);
  request.set_request_id(absl::StrCat(options_.run_id, "-role-", n));
  // Many hires per role: a role the run fills would turn its submissions away. With
  // fill_roles every third is for one hire: its first placement fills it (the placement
  // service's durable FILL_ROLE follow-up), and the run stops sending to it then.
  const bool small = options_.fill_roles && n % 3 == 0;
  request.mutable_role()->set_headcount(small ? 1 : 100);
  absl::Notification done_here;
  auto* stub = stubs_[key].intake.get();
  Send<intake_v1::CreateRoleRequest, intake_v1::Role>(
      "CreateRole", scheduled, key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->CreateRole(c, q, r, cb); },
      [this, key, in_run, small, &done_here](const grpc::Status& status, const auto& q,
                                             const auto& r, bool) {
        if (status.ok()) {
          if (small) {
            absl::MutexLock lock(&mutex_);
            small_roles_.insert(r.name());
          }
          ledger_.Append({.rpc = "CreateRole",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[key].label,
                          .fields = {{"title", r.title()}, {"parent", q.parent()}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time()),
                          .request = db::ToJsonBody(q)});
          absl::MutexLock lock(&mutex_);
          roles_.push_back(r.name());
        }
        if (in_run) {
          Finished();
        } else {
          done_here.Notify();
        }
      });
  if (!in_run) done_here.WaitForNotification();
}

void Workload::CreateCandidate(absl::Time scheduled) {
  const size_t key = AnyKey();
  const int64_t n = next_id_++;
  talent_v1::CreateCandidateRequest request =
      demo_data::MakeCandidate(options_.seed, static_cast<int>(n % 1000000), today_);
  request.set_request_id(absl::StrCat(options_.run_id, "-candidate-", n));
  talent_v1::Candidate& candidate = *request.mutable_candidate();
  // The demo's pool has INACTIVE people too; the loop puts everyone forward.
  candidate.set_state(talent_v1::Candidate::AVAILABLE);
  candidate.set_email(absl::StrCat("load.", options_.run_id, ".", n, "@example.com"));
  // Digits unique to the run and the call: +44 7, the run's five digits, the call's six.
  candidate.set_phone(absl::StrFormat("+44 7%05d %06d", options_.seed % 100000, n % 1000000));
  auto* stub = stubs_[key].talent.get();
  Send<talent_v1::CreateCandidateRequest, talent_v1::Candidate>(
      "CreateCandidate", scheduled, key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->CreateCandidate(c, q, r, cb); },
      [this, key](const grpc::Status& status, const auto& q, const auto& r, bool) {
        if (status.ok()) {
          ledger_.Append({.rpc = "CreateCandidate",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[key].label,
                          .fields = {{"email", r.email()},
                                     {"phone", q.candidate().phone()},
                                     {"display_name", r.display_name()}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time()),
                          .request = db::ToJsonBody(q)});
          absl::MutexLock lock(&mutex_);
          candidates_.push_back({r.name(), r.etag(), key});
        }
        Finished();
      });
}

bool Workload::UpdateCandidate(absl::Time scheduled) {
  CandidateRef candidate;
  {
    absl::MutexLock lock(&mutex_);
    if (candidates_.empty()) return false;
    // The oldest: the newest are what submissions take.
    candidate = std::move(candidates_.front());
    candidates_.pop_front();
  }
  talent_v1::UpdateCandidateRequest request;
  request.mutable_candidate()->set_name(candidate.name);
  request.mutable_candidate()->set_etag(candidate.etag);
  request.mutable_candidate()->set_notes(
      absl::StrCat("Load ", options_.run_id, ": update ", next_id_++, "."));
  request.mutable_update_mask()->add_paths("notes");
  request.set_request_id(NextId("update"));
  auto* stub = stubs_[candidate.key].talent.get();
  Send<talent_v1::UpdateCandidateRequest, talent_v1::Candidate>(
      "UpdateCandidate", scheduled, candidate.key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->UpdateCandidate(c, q, r, cb); },
      [this, candidate](const grpc::Status& status, const auto& q, const auto& r, bool unknown) {
        CandidateRef back = candidate;
        if (status.ok()) {
          ledger_.Append({.rpc = "UpdateCandidate",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[candidate.key].label,
                          .fields = {{"notes", r.notes()}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time())});
          back.etag = r.etag();
        }
        // After an unknown outcome its etag is unknown too: the candidate leaves the mix.
        if (!unknown) {
          absl::MutexLock lock(&mutex_);
          candidates_.push_back(std::move(back));
        }
        Finished();
      });
  return true;
}

bool Workload::SearchCandidates(absl::Time scheduled) {
  std::string role;
  {
    absl::MutexLock lock(&mutex_);
    if (roles_.empty()) return false;
    role = roles_[rng_() % roles_.size()];
  }
  talent_v1::SearchCandidatesRequest request;
  request.set_role(role);
  request.set_page_size(10);
  const size_t search_key = StaffKey();
  auto* stub = stubs_[search_key].talent.get();
  Send<talent_v1::SearchCandidatesRequest, talent_v1::SearchCandidatesResponse>(
      "SearchCandidates", scheduled, search_key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->SearchCandidates(c, q, r, cb); },
      [this](const grpc::Status&, const auto&, const auto&, bool) { Finished(); });
  return true;
}

bool Workload::CreateSubmission(absl::Time scheduled) {
  CandidateRef candidate;
  std::string role;
  {
    absl::MutexLock lock(&mutex_);
    if (candidates_.empty() || roles_.empty()) return false;
    // The newest candidate: put forward once, then out of the pool the mix updates.
    candidate = std::move(candidates_.back());
    candidates_.pop_back();
    role = roles_[rng_() % roles_.size()];
  }
  talent_v1::CreateSubmissionRequest request;
  request.set_parent(role);
  request.mutable_submission()->set_candidate(candidate.name);
  request.set_request_id(NextId("submission"));
  // A partner puts forward its own candidates; staff anyone's.
  const size_t key = candidate.key;
  auto* stub = stubs_[key].talent.get();
  Send<talent_v1::CreateSubmissionRequest, talent_v1::Submission>(
      "CreateSubmission", scheduled, key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->CreateSubmission(c, q, r, cb); },
      [this, key](const grpc::Status& status, const auto& q, const auto& r, bool) {
        if (status.ok()) {
          ledger_.Append({.rpc = "CreateSubmission",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[key].label,
                          .fields = {{"candidate", r.candidate()},
                                     {"role", q.parent()},
                                     {"stage", talent_v1::Submission::Stage_Name(r.stage())}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time()),
                          .request = db::ToJsonBody(q)});
          absl::MutexLock lock(&mutex_);
          submissions_.push_back({r.name(), r.etag(), r.stage(), key});
        }
        Finished();
      });
  return true;
}

bool Workload::AdvanceSubmission(absl::Time scheduled) {
  SubmissionRef submission;
  {
    absl::MutexLock lock(&mutex_);
    if (submissions_.empty()) return false;
    submission = std::move(submissions_.front());
    submissions_.pop_front();
  }
  const talent_v1::Submission::Stage next = NextStage(submission.stage);
  talent_v1::AdvanceSubmissionRequest request;
  request.set_name(submission.name);
  request.set_stage(next);
  request.set_etag(submission.etag);
  request.set_note(absl::StrCat("Load ", options_.run_id, ": to ",
                                talent_v1::Submission::Stage_Name(next), "."));
  if (next == talent_v1::Submission::OFFER) {
    request.set_override_reason("Load test: interviewed outside the records.");
  }
  request.set_request_id(NextId("advance"));
  const size_t key = StaffKey();
  auto* stub = stubs_[key].talent.get();
  Send<talent_v1::AdvanceSubmissionRequest, talent_v1::Submission>(
      "AdvanceSubmission", scheduled, key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->AdvanceSubmission(c, q, r, cb); },
      [this, key, submission](const grpc::Status& status, const auto& q, const auto& r, bool) {
        if (status.ok()) {
          ledger_.Append({.rpc = "AdvanceSubmission",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[key].label,
                          .fields = {{"stage", talent_v1::Submission::Stage_Name(r.stage())}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time())});
          absl::MutexLock lock(&mutex_);
          if (r.stage() == talent_v1::Submission::HIRED) {
            hired_.push_back(r.name());
          } else {
            submissions_.push_back({r.name(), r.etag(), r.stage(), submission.key});
          }
        }
        Finished();
      });
  return true;
}

bool Workload::CreatePlacement(absl::Time scheduled) {
  std::string submission;
  {
    absl::MutexLock lock(&mutex_);
    if (hired_.empty()) return false;
    submission = std::move(hired_.front());
    hired_.pop_front();
  }
  placement_v1::CreatePlacementRequest request;
  request.mutable_placement()->set_submission(submission);
  *request.mutable_placement()->mutable_start_date() = ToDate(today_);
  *request.mutable_placement()->mutable_trial_end() = ToDate(today_ + 30);
  request.set_request_id(NextId("placement"));
  const size_t key = StaffKey();
  auto* stub = stubs_[key].placement.get();
  Send<placement_v1::CreatePlacementRequest, placement_v1::Placement>(
      "CreatePlacement", scheduled, key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->CreatePlacement(c, q, r, cb); },
      [this, key](const grpc::Status& status, const auto& q, const auto& r, bool) {
        if (status.ok()) {
          ledger_.Append({.rpc = "CreatePlacement",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[key].label,
                          .fields = {{"submission", r.submission()}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time()),
                          .request = db::ToJsonBody(q)});
          absl::MutexLock lock(&mutex_);
          placements_.push_back(r.name());
          // A role for one hire is filled now: no more submissions to it.
          const std::string role = r.submission().substr(0, r.submission().find("/submissions/"));
          if (small_roles_.count(role) > 0 && roles_.size() > 1) {
            roles_.erase(std::remove(roles_.begin(), roles_.end(), role), roles_.end());
          }
        }
        Finished();
      });
  return true;
}

bool Workload::RecordCheckIn(absl::Time scheduled) {
  std::string placement;
  {
    absl::MutexLock lock(&mutex_);
    if (placements_.empty()) return false;
    placement = std::move(placements_.front());
    placements_.pop_front();
  }
  // The placement's pending check-in (it keeps one ahead), then its record: two calls.
  placement_v1::ListCheckInsRequest list;
  list.set_parent(placement);
  list.set_page_size(50);
  const size_t key = StaffKey();
  auto* stub = stubs_[key].placement.get();
  Send<placement_v1::ListCheckInsRequest, placement_v1::ListCheckInsResponse>(
      "ListCheckIns", scheduled, key, std::move(list),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->ListCheckIns(c, q, r, cb); },
      [this, key, stub, placement](const grpc::Status& status, const auto&, const auto& r, bool) {
        std::string pending;
        if (status.ok()) {
          for (const placement_v1::CheckIn& check_in : r.check_ins()) {
            if (!check_in.has_complete_time()) {
              pending = check_in.name();
              break;
            }
          }
        }
        if (pending.empty()) {
          Finished();  // the placement leaves the pool
          return;
        }
        placement_v1::RecordCheckInRequest record;
        record.set_name(pending);
        record.set_client_rating(4);
        record.set_candidate_rating(5);
        record.set_notes(absl::StrCat("Load ", options_.run_id, ": check-in ", next_id_++, "."));
        record.set_request_id(NextId("check-in"));
        Send<placement_v1::RecordCheckInRequest, placement_v1::CheckIn>(
            "RecordCheckIn", absl::Now(), key, std::move(record),
            [stub](auto* c, auto* q, auto* r2, auto cb) {
              stub->async()->RecordCheckIn(c, q, r2, cb);
            },
            [this, key, placement](const grpc::Status& status2, const auto& q, const auto& r2,
                                   bool) {
              if (status2.ok()) {
                ledger_.Append(
                    {.rpc = "RecordCheckIn",
                     .request_id = q.request_id(),
                     .name = r2.name(),
                     .key = options_.keys[key].label,
                     .fields = {{"notes", r2.notes()}, {"client_rating", r2.client_rating()}},
                     .etag = r2.etag(),
                     .update_time = TimeText(r2.update_time())});
                absl::MutexLock lock(&mutex_);
                placements_.push_back(placement);
              }
              Finished();
            });
      });
  return true;
}

bool Workload::EndPlacement(absl::Time scheduled) {
  std::string placement;
  {
    absl::MutexLock lock(&mutex_);
    // Ended placements leave the pool; keep a few for check-ins.
    if (placements_.size() < 2) return false;
    placement = std::move(placements_.front());
    placements_.pop_front();
  }
  placement_v1::EndPlacementRequest request;
  request.set_name(placement);
  // The hire left inside the guarantee: a replacement starts.
  request.set_reason(placement_v1::CANDIDATE_LEFT);
  request.set_note(absl::StrCat("Load ", options_.run_id, ": ended ", next_id_++, "."));
  request.set_request_id(NextId("end"));
  const size_t key = StaffKey();
  auto* stub = stubs_[key].placement.get();
  Send<placement_v1::EndPlacementRequest, placement_v1::Placement>(
      "EndPlacement", scheduled, key, std::move(request),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->EndPlacement(c, q, r, cb); },
      [this, key](const grpc::Status& status, const auto& q, const auto& r, bool) {
        if (status.ok()) {
          ledger_.Append({.rpc = "EndPlacement",
                          .request_id = q.request_id(),
                          .name = r.name(),
                          .key = options_.keys[key].label,
                          .fields = {{"state", placement_v1::Placement::State_Name(r.state())},
                                     {"replacement", r.has_replacement()}},
                          .etag = r.etag(),
                          .update_time = TimeText(r.update_time()),
                          .request = db::ToJsonBody(q)});
        }
        Finished();
      });
  return true;
}

}  // namespace meridian::bench::load
