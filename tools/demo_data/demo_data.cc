#include "tools/demo_data/demo_data.h"

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/server/tls_credentials.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "meridian/common/v1/common.pb.h"
#include "meridian/common/v1/error_reason.pb.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/interview.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "tools/demo_data/generator.h"

namespace meridian::demo_data {
namespace {

constexpr size_t kErrorsShown = 5;

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) return "{}";
  return json;
}

// ---------------------------------------------------------------------------------------
// Hires and their follow-up: one hire per client, taken through the talent pipeline, then
// a placement and its check-ins, so that the follow-up agenda has something to show.

constexpr char kActor[] = "demo-loader";
// The interview each hire had before its offer.
constexpr char kInterviewTitle[] = "Technical interview: pairing and system design";
constexpr int kInterviewMinutes = 60;

// Search runs on an index that follows the pool's writes within a second or so. Waits (up
// to 20 s) until it has caught up with them: until a search open to everyone finds as many
// candidates as the pool has searchable ones (AVAILABLE or INTERVIEWING). Hires then go to
// the same people however fast the pool went in.
void WaitForSearchIndex(talent::TalentService::Stub& talent) {
  int searchable = 0;
  for (const char* state : {"AVAILABLE", "INTERVIEWING"}) {
    talent::ListCandidatesRequest list;
    list.set_filter(absl::StrCat("state = ", state));
    list.set_page_size(1000);
    do {
      talent::ListCandidatesResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent.ListCandidates(context, list, &response);
      });
      if (!status.ok()) return;
      searchable += response.candidates_size();
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
  }
  talent::SearchCandidatesRequest request;
  talent::SearchCriteria& everyone = *request.mutable_criteria();
  everyone.mutable_working_hours()->set_time_zone("UTC");
  everyone.mutable_working_hours()->set_start("00:00");
  everyone.mutable_working_hours()->set_end("23:59");
  everyone.set_min_overlap_hours(0);
  request.set_page_size(1);
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    talent::SearchCandidatesResponse response;
    const grpc::Status status = Call([&](grpc::ClientContext* context) {
      return talent.SearchCandidates(context, request, &response);
    });
    if (!status.ok() || response.total_size() >= searchable) return;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

google::type::Date ToDate(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  return timestamp;
}

// The last segment of a resource name: "clients/1/roles/2/submissions/3" -> "3".
std::string LastId(const std::string& name) { return name.substr(name.rfind('/') + 1); }

bool IsOpenStage(talent::Submission::Stage stage) {
  return stage >= talent::Submission::SOURCED && stage <= talent::Submission::OFFER;
}

// Takes one candidate of this loader's pool per client through the pipeline to a hire, starts
// a placement for the hire and records its check-ins as the client's FollowUpPlan says.
//
// Reruns do the same work again and find it done: the hire is found among the role's
// submissions (one put forward by "demo" and HIRED; an open one is taken on to HIRED), the
// placement by its submission, and a recorded check-in is not recorded again. A new hire goes
// to the matching candidate of this pool with the lowest index (AVAILABLE, in no other
// process), so the choice does not depend on scores that move with the date.
class FollowUps {
 public:
  FollowUps(talent::TalentService::Stub& talent, talent::InterviewService::Stub& interviews,
            placement::PlacementService::Stub& placements, std::map<std::string, int> pool,
            absl::Time run_start, absl::CivilDay today, uint64_t seed)
      : talent_(talent),
        interviews_(interviews),
        placements_(placements),
        pool_(std::move(pool)),
        run_start_(run_start),
        today_(today),
        seed_(seed) {}

  // One client: a hire for the first of `roles` (its roles, created) that has one or can
  // have one, then its placement and check-ins.
  void Run(const std::vector<const PlannedRole*>& roles, const std::string& client,
           const char* display_name, const FollowUpPlan& plan) {
    std::string submission;
    for (const PlannedRole* role : roles) {
      const HireResult hire = Hire(*role);
      if (hire.result == HireResult::kFailed) return;
      if (hire.result == HireResult::kHired) {
        submission = hire.submission;
        break;
      }
    }
    if (submission.empty()) {
      notes.push_back(absl::StrCat("no hire at ", display_name, ": no role of it has a match"));
      return;
    }
    const std::optional<placement::Placement> placed = Place(submission, client, plan);
    if (!placed) return;
    if (placed->state() == placement::Placement::ENDED) return;  // ended by hand since
    RecordCheckIns(placed->name(), plan);
  }

  Tally hire_tally;
  Tally interview_tally;
  Tally placement_tally;
  Tally check_in_tally;
  std::vector<std::string> errors;
  std::vector<std::string> notes;

 private:
  struct HireResult {
    enum { kHired, kNone, kFailed } result;
    std::string submission;
  };

  HireResult Fail(std::string error) {
    errors.push_back(std::move(error));
    ++hire_tally.failed;
    return {HireResult::kFailed, ""};
  }

  HireResult Hire(const PlannedRole& role) {
    const std::string& parent = role.outcome.name;
    // What the role's pipeline holds already.
    std::optional<talent::Submission> open;
    std::set<std::string> involved;
    talent::ListSubmissionsRequest list;
    list.set_parent(parent);
    list.set_page_size(1000);
    do {
      talent::ListSubmissionsResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent_.ListSubmissions(context, list, &response);
      });
      if (!status.ok()) {
        return Fail(absl::StrCat("ListSubmissions ", parent, ": ", Describe(status)));
      }
      for (const talent::Submission& submission : response.submissions()) {
        involved.insert(submission.candidate());
        const bool by_demo =
            !submission.history().empty() && submission.history(0).on_behalf_of() == kActor;
        if (!by_demo) continue;
        if (submission.stage() == talent::Submission::HIRED) {
          hire_tally.Count({Result::kAlreadyThere, submission.name(), ""});
          return {HireResult::kHired, submission.name()};
        }
        if (IsOpenStage(submission.stage()) && !open) {
          open = submission;
        }
      }
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());

    if (!open) {
      // The matching candidate of this pool with the lowest index.
      std::optional<int> best;
      std::string candidate;
      talent::SearchCandidatesRequest search;
      search.set_role(parent);
      search.set_page_size(200);
      do {
        talent::SearchCandidatesResponse response;
        const grpc::Status status = Call([&](grpc::ClientContext* context) {
          return talent_.SearchCandidates(context, search, &response);
        });
        if (!status.ok()) {
          return Fail(absl::StrCat("SearchCandidates ", parent, ": ", Describe(status)));
        }
        for (const talent::CandidateMatch& match : response.matches()) {
          const std::string& name = match.candidate().name();
          const auto index = pool_.find(name);
          if (index == pool_.end() || involved.count(name) > 0 || taken_.count(name) > 0 ||
              match.in_other_process() ||
              match.candidate().state() != talent::Candidate::AVAILABLE) {
            continue;
          }
          if (!best || index->second < *best) {
            best = index->second;
            candidate = name;
          }
        }
        search.set_page_token(response.next_page_token());
      } while (!search.page_token().empty());
      if (!best) return {HireResult::kNone, ""};

      talent::CreateSubmissionRequest create;
      create.set_parent(parent);
      create.mutable_submission()->set_candidate(candidate);
      create.set_request_id(
          absl::StrCat(role.request.request_id(), "-hire-", seed_, "-candidate-", *best));
      talent::Submission created;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent_.CreateSubmission(context, create, &created);
      });
      if (!status.ok()) {
        if (ErrorReason(status) == common::ErrorReason_Name(common::ROLE_NOT_OPEN)) {
          notes.push_back(
              absl::StrCat("no hire for ", role.spec->title, ": ", status.error_message()));
          return {HireResult::kNone, ""};
        }
        return Fail(absl::StrCat("CreateSubmission ", parent, ": ", Describe(status)));
      }
      open = created;
    }
    taken_.insert(open->candidate());

    // SOURCED -> SHORTLISTED -> CLIENT_INTERVIEW -> OFFER -> HIRED, from where it is.
    static constexpr std::pair<talent::Submission::Stage, const char*> kSteps[] = {
        {talent::Submission::SHORTLISTED,
         "Shortlisted: meets every requirement, with the overlap the client asks for."},
        {talent::Submission::CLIENT_INTERVIEW,
         "Technical interview and a system-design conversation with the hiring manager."},
        {talent::Submission::OFFER, "The client made an offer at the candidate's rate."},
        {talent::Submission::HIRED, "Offer accepted; start date agreed."},
    };
    for (const auto& [stage, note] : kSteps) {
      if (stage <= open->stage()) continue;
      // An offer needs a held, scored interview: the demo holds one, so that its hires show
      // their interviews and none needs an override.
      if (stage == talent::Submission::OFFER && !Interview(role, open->name())) {
        ++hire_tally.failed;  // the error is the interview's
        return {HireResult::kFailed, ""};
      }
      talent::AdvanceSubmissionRequest advance;
      advance.set_name(open->name());
      advance.set_stage(stage);
      advance.set_note(note);
      talent::Submission moved;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent_.AdvanceSubmission(context, advance, &moved);
      });
      if (status.ok()) continue;
      // Already moved on (a retried call, or another run at the same time).
      talent::Submission::Stage from = talent::Submission::STAGE_UNSPECIFIED;
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
          ErrorReason(status) == common::ErrorReason_Name(common::ILLEGAL_STATE_TRANSITION) &&
          talent::Submission::Stage_Parse(ErrorMetadata(status, "from"), &from) &&
          (from == talent::Submission::HIRED || (IsOpenStage(from) && from >= stage))) {
        if (from == talent::Submission::HIRED) {
          hire_tally.Count({Result::kAlreadyThere, open->name(), ""});
          return {HireResult::kHired, open->name()};
        }
        continue;
      }
      return Fail(absl::StrCat("AdvanceSubmission ", open->name(), " to ",
                               talent::Submission::Stage_Name(stage), ": ", Describe(status)));
    }
    hire_tally.Count({Result::kCreated, open->name(), ""});
    return {HireResult::kHired, open->name()};
  }

  // The demo interview of `submission`, SCHEDULED or COMPLETED: found by its title, or nullopt
  // (with an error counted) when the call failed; an Interview without a name when there is none.
  std::optional<talent::Interview> FindInterview(const std::string& submission) {
    talent::ListInterviewsRequest list;
    list.set_parent(submission);
    list.set_page_size(1000);
    do {
      talent::ListInterviewsResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return interviews_.ListInterviews(context, list, &response);
      });
      if (!status.ok()) {
        errors.push_back(absl::StrCat("ListInterviews ", submission, ": ", Describe(status)));
        ++interview_tally.failed;
        return std::nullopt;
      }
      for (const talent::Interview& interview : response.interviews()) {
        if (interview.title() == kInterviewTitle &&
            (interview.state() == talent::Interview::SCHEDULED ||
             interview.state() == talent::Interview::COMPLETED)) {
          return interview;
        }
      }
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
    return talent::Interview();
  }

  // When the demo interview starts: the latest time in the last day that suited both sides and
  // has ended by now (the service's slots), or three hours ago when no such time was.
  google::protobuf::Timestamp InterviewStart(const std::string& submission) {
    const absl::Time now = absl::Now();
    talent::ProposeInterviewSlotsRequest propose;
    propose.set_submission(submission);
    propose.set_duration_minutes(kInterviewMinutes);
    // A create takes a start within the last day: an hour's margin for the run itself.
    *propose.mutable_earliest_time() = ToTimestamp(
        absl::FromUnixSeconds(absl::ToUnixSeconds(now - absl::Hours(23)) / 3600 * 3600 + 3600));
    *propose.mutable_latest_time() = ToTimestamp(now);
    propose.set_count(20);
    talent::ProposeInterviewSlotsResponse response;
    const grpc::Status status = Call([&](grpc::ClientContext* context) {
      return interviews_.ProposeInterviewSlots(context, propose, &response);
    });
    if (status.ok() && !response.slots().empty()) {
      return response.slots(response.slots_size() - 1).start_time();
    }
    return ToTimestamp(
        absl::FromUnixSeconds(absl::ToUnixSeconds(now - absl::Hours(3)) / 3600 * 3600));
  }

  // Makes sure `submission` has a COMPLETED interview with a scorecard before its offer: a
  // technical interview with the client's first contact, held in the last day, and the
  // contact's scorecard rating every skill of the role (which completes it). False (with the
  // error) when a call failed.
  //
  // Reruns find it done (the summary says the submission is ready for an offer) or half done
  // (the interview SCHEDULED, found by its title, and only the scorecard sent).
  bool Interview(const PlannedRole& role, const std::string& submission) {
    talent::GetInterviewSummaryRequest ask;
    ask.set_submission(submission);
    talent::InterviewSummary summary;
    grpc::Status status = Call([&](grpc::ClientContext* context) {
      return interviews_.GetInterviewSummary(context, ask, &summary);
    });
    if (!status.ok()) {
      errors.push_back(absl::StrCat("GetInterviewSummary ", submission, ": ", Describe(status)));
      ++interview_tally.failed;
      return false;
    }
    if (summary.ready_for_offer()) {
      interview_tally.Count({Result::kAlreadyThere, submission, ""});
      return true;
    }
    const ContactSpec& contact = Clients()[role.client].contacts.front();
    std::optional<talent::Interview> interview = FindInterview(submission);
    if (!interview) return false;
    if (interview->name().empty()) {
      talent::CreateInterviewRequest create;
      create.set_parent(submission);
      talent::Interview& wanted = *create.mutable_interview();
      wanted.set_kind(talent::Interview::TECHNICAL);
      wanted.set_title(kInterviewTitle);
      talent::Interviewer& interviewer = *wanted.add_interviewers();
      interviewer.set_display_name(contact.name);
      interviewer.set_email(contact.email);
      interviewer.set_side(talent::Interviewer::CLIENT);
      wanted.set_duration_minutes(kInterviewMinutes);
      *wanted.mutable_start_time() = InterviewStart(submission);
      wanted.set_location("https://meet.example.com/demo");
      create.set_request_id(absl::StrCat("demo-interview-", seed_, "-", LastId(submission)));
      talent::Interview created;
      status = Call([&](grpc::ClientContext* context) {
        return interviews_.CreateInterview(context, create, &created);
      });
      if (status.ok()) {
        interview = created;
      } else if (RequestIdUsedBefore(status)) {
        // Created by an earlier run at another time, then left (cancelled by hand, say).
        interview = FindInterview(submission);
        if (!interview) return false;
      }
      if (!interview || interview->name().empty()) {
        errors.push_back(absl::StrCat("CreateInterview ", submission, ": ", Describe(status)));
        ++interview_tally.failed;
        return false;
      }
    }
    // The ratings of the role's skills, as the summary lists them: strong in the first, sound
    // in the rest.
    talent::CreateScorecardRequest score;
    score.set_parent(interview->name());
    talent::Scorecard& scorecard = *score.mutable_scorecard();
    scorecard.set_interviewer_email(contact.email);
    scorecard.set_overall(talent::YES);
    for (int i = 0; i < summary.skills_size(); ++i) {
      talent::Scorecard::SkillRating& rating = *scorecard.add_ratings();
      rating.set_skill(summary.skills(i).skill());
      rating.set_rating(i == 0 ? talent::STRONG_YES : talent::YES);
    }
    scorecard.set_notes(
        "Solid on the fundamentals and clear about trade-offs; worked well with the team in "
        "the pairing part. Recommend an offer.");
    score.set_request_id(absl::StrCat("demo-scorecard-", seed_, "-", LastId(submission)));
    talent::Scorecard sent;
    status = Call([&](grpc::ClientContext* context) {
      return interviews_.CreateScorecard(context, score, &sent);
    });
    // ALREADY_EXISTS: the contact's scorecard went in before (a retried call).
    if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      errors.push_back(absl::StrCat("CreateScorecard ", interview->name(), ": ", Describe(status)));
      ++interview_tally.failed;
      return false;
    }
    interview_tally.Count({Result::kCreated, interview->name(), ""});
    return true;
  }

  // The placement of `submission`: found, or created.
  std::optional<placement::Placement> FindPlacement(const std::string& submission,
                                                    const std::string& client) {
    placement::ListPlacementsRequest list;
    list.set_filter(absl::StrCat("client = ", client));
    list.set_page_size(1000);
    do {
      placement::ListPlacementsResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return placements_.ListPlacements(context, list, &response);
      });
      if (!status.ok()) {
        errors.push_back(absl::StrCat("ListPlacements ", client, ": ", Describe(status)));
        return std::nullopt;
      }
      for (const placement::Placement& placement : response.placements()) {
        if (placement.submission() == submission) return placement;
      }
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
    return placement::Placement();  // none: no name
  }

  std::optional<placement::Placement> Place(const std::string& submission,
                                            const std::string& client, const FollowUpPlan& plan) {
    std::optional<placement::Placement> found = FindPlacement(submission, client);
    if (!found) return std::nullopt;
    if (!found->name().empty()) {
      placement_tally.Count({Result::kAlreadyThere, found->name(), ""});
      return found;
    }
    const absl::CivilDay start = today_ - plan.start_days_ago;
    placement::CreatePlacementRequest create;
    create.mutable_placement()->set_submission(submission);
    *create.mutable_placement()->mutable_start_date() = ToDate(start);
    *create.mutable_placement()->mutable_trial_end() = ToDate(start + 30);
    create.set_request_id(absl::StrCat("demo-placement-", LastId(submission)));
    placement::Placement created;
    const grpc::Status status = Call([&](grpc::ClientContext* context) {
      return placements_.CreatePlacement(context, create, &created);
    });
    if (status.ok()) {
      placement_tally.Count(
          {ToTime(created.create_time()) < run_start_ ? Result::kAlreadyThere : Result::kCreated,
           created.name(), ""});
      return created;
    }
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS || RequestIdUsedBefore(status)) {
      // Created meanwhile by another run: look again.
      found = FindPlacement(submission, client);
      if (found && !found->name().empty()) {
        placement_tally.Count({Result::kAlreadyThere, found->name(), ""});
        return found;
      }
    }
    errors.push_back(absl::StrCat("CreatePlacement ", submission, ": ", Describe(status)));
    ++placement_tally.failed;
    return std::nullopt;
  }

  // The check-ins of `placement` in due order, or nullopt when the call failed.
  std::optional<std::vector<placement::CheckIn>> CheckInsOf(const std::string& placement) {
    std::vector<placement::CheckIn> check_ins;
    placement::ListCheckInsRequest list;
    list.set_parent(placement);
    list.set_page_size(1000);
    do {
      placement::ListCheckInsResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return placements_.ListCheckIns(context, list, &response);
      });
      if (!status.ok()) {
        errors.push_back(absl::StrCat("ListCheckIns ", placement, ": ", Describe(status)));
        ++check_in_tally.failed;
        return std::nullopt;
      }
      check_ins.insert(check_ins.end(), response.check_ins().begin(), response.check_ins().end());
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
    return check_ins;
  }

  void RecordCheckIns(const std::string& placement, const FollowUpPlan& plan) {
    const absl::Time now = absl::Now();
    std::set<std::string> recorded;       // by this run
    std::set<std::string> already_there;  // recorded before
    // Recording the last pending check-in schedules the next one, which may be past too:
    // again until nothing is left to record.
    bool progress = true;
    for (int round = 0; progress && round < 50; ++round) {
      progress = false;
      const std::optional<std::vector<placement::CheckIn>> check_ins = CheckInsOf(placement);
      if (!check_ins) break;
      for (size_t n = 0; n < check_ins->size(); ++n) {
        const placement::CheckIn& check_in = (*check_ins)[n];
        if (ToTime(check_in.due_time()) >= now) continue;
        if (check_in.has_complete_time()) {
          if (recorded.count(check_in.name()) == 0) already_there.insert(check_in.name());
          continue;
        }
        if (static_cast<int>(n) == plan.unrecorded) continue;
        const CheckInNote& note = n < plan.notes.size() ? plan.notes[n] : SteadyNote();
        placement::RecordCheckInRequest record;
        record.set_name(check_in.name());
        record.set_client_rating(note.client_rating);
        record.set_candidate_rating(note.candidate_rating);
        for (placement::Concern concern : note.concerns) record.add_concerns(concern);
        record.set_notes(note.notes);
        record.set_next_steps(note.next_steps);
        placement::CheckIn response;
        const grpc::Status status = Call([&](grpc::ClientContext* context) {
          return placements_.RecordCheckIn(context, record, &response);
        });
        if (status.ok()) {
          recorded.insert(check_in.name());
          progress = true;
        } else if (ErrorReason(status) == common::ErrorReason_Name(common::CHECK_IN_RECORDED)) {
          already_there.insert(check_in.name());
        } else {
          errors.push_back(absl::StrCat("RecordCheckIn ", check_in.name(), ": ", Describe(status)));
          ++check_in_tally.failed;
          progress = false;
          break;
        }
      }
    }
    check_in_tally.created += static_cast<int>(recorded.size());
    check_in_tally.already_there += static_cast<int>(already_there.size());
  }

  talent::TalentService::Stub& talent_;
  talent::InterviewService::Stub& interviews_;
  placement::PlacementService::Stub& placements_;
  const std::map<std::string, int> pool_;  // candidate name -> index in this loader's pool
  const absl::Time run_start_;
  const absl::CivilDay today_;
  const uint64_t seed_;
  std::set<std::string> taken_;  // hired (or being hired) in this run
};

// One run of the loader: each step below, in this order, with what it counted and the errors.
class Loader {
 public:
  Loader(DemoRequests& requests, const LoadOptions& options)
      : requests_(requests), options_(options) {}

  // The services to call; false (with a message) when one cannot be reached.
  bool Connect() {
    // Every call names the loader as the person acting, so that its own submissions can be
    // told from others' (and the audit log says who loaded the demo).
    const CallIdentity identity{.key = options_.key, .on_behalf_of = kActor};
    const auto intake_channel = CreateChannel(options_.intake_address, options_.tls, identity);
    const auto talent_channel = CreateChannel(options_.talent_address, options_.tls, identity);
    const auto placement_channel =
        follow_up() ? CreateChannel(options_.placement_address, options_.tls, identity) : nullptr;
    if (!demo_data::Connect(intake_channel, "intake", options_.intake_address,
                            options_.connect_timeout)) {
      return false;
    }
    if (!requests_.candidates.empty() &&
        !demo_data::Connect(talent_channel, "talent", options_.talent_address,
                            options_.connect_timeout)) {
      return false;
    }
    if (follow_up() && !demo_data::Connect(placement_channel, "placement",
                                           options_.placement_address, options_.connect_timeout)) {
      return false;
    }
    intake_stub_ = intake::IntakeService::NewStub(intake_channel);
    talent_stub_ = talent::TalentService::NewStub(talent_channel);
    interview_stub_ = talent::InterviewService::NewStub(talent_channel);
    if (follow_up()) placement_stub_ = placement::PlacementService::NewStub(placement_channel);
    run_start_ = absl::Now();
    return true;
  }

  // Clients, then their roles: few, one at a time.
  void CreateClientsAndRoles() {
    for (const auto& request : requests_.clients) {
      Outcome outcome = Send<intake::Client>(run_start_, [&](auto* context, auto* response) {
        return intake_stub_->CreateClient(context, request, response);
      });
      if (outcome.result == Result::kAlreadyThere && outcome.name.empty()) {
        outcome = {Result::kFailed, "", "the client's request_id served a different request"};
      }
      if (outcome.result == Result::kFailed) {
        errors_.push_back(
            absl::StrCat("CreateClient ", request.client().display_name(), ": ", outcome.error));
      }
      client_tally_.Count(outcome);
      client_outcomes_.push_back(std::move(outcome));
    }
    for (PlannedRole& role : requests_.roles) {
      const std::string& parent = client_outcomes_[role.client].name;
      if (parent.empty()) {
        role.outcome = {Result::kFailed, "", "its client is missing"};
      } else {
        role.request.set_parent(parent);
        role.outcome = Send<intake::Role>(run_start_, [&](auto* context, auto* response) {
          return intake_stub_->CreateRole(context, role.request, response);
        });
      }
      if (role.outcome.result == Result::kFailed) {
        errors_.push_back(absl::StrCat("CreateRole ", role.spec->title, ": ", role.outcome.error));
      }
      role_tally_.Count(role.outcome);
    }
  }

  // Candidates, `concurrency` calls at a time. Each thread takes the next index; what is
  // sent does not depend on which thread sends it.
  void CreateCandidates() {
    const std::vector<talent::CreateCandidateRequest>& candidates = requests_.candidates;
    candidate_outcomes_.resize(candidates.size());
    std::atomic<size_t> next{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < options_.concurrency; ++t) {
      threads.emplace_back([&] {
        for (size_t i = next++; i < candidates.size(); i = next++) {
          candidate_outcomes_[i] =
              Send<talent::Candidate>(run_start_, [&](auto* context, auto* response) {
                return talent_stub_->CreateCandidate(context, candidates[i], response);
              });
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (size_t i = 0; i < candidate_outcomes_.size(); ++i) {
      candidate_tally_.Count(candidate_outcomes_[i]);
      if (candidate_outcomes_[i].result == Result::kFailed) {
        errors_.push_back(absl::StrCat("CreateCandidate ", candidates[i].request_id(), ": ",
                                       candidate_outcomes_[i].error));
      }
    }
  }

  // Hires and their follow-up, one per client, from this run's pool.
  void FollowUp() {
    if (!follow_up()) return;
    std::map<std::string, int> pool = Pool();
    if (candidate_tally_.created > 0) WaitForSearchIndex(*talent_stub_);
    follow_ups_.emplace(*talent_stub_, *interview_stub_, *placement_stub_, std::move(pool),
                        run_start_, options_.today, options_.seed);
    for (size_t c = 0; c < Clients().size() && c < FollowUpPlans().size(); ++c) {
      if (client_outcomes_[c].name.empty()) continue;
      std::vector<const PlannedRole*> client_roles;
      for (const PlannedRole& role : requests_.roles) {
        if (role.client == c && !role.outcome.name.empty()) client_roles.push_back(&role);
      }
      follow_ups_->Run(client_roles, client_outcomes_[c].name, Clients()[c].display_name,
                       FollowUpPlans()[c]);
    }
    errors_.insert(errors_.end(), follow_ups_->errors.begin(), follow_ups_->errors.end());
  }

  // What is there now, what to try next, and the first errors; the exit status.
  int Report() {
    const absl::Duration elapsed = absl::Now() - run_start_;
    PrintTallies(elapsed);
    PrintSuggestions();
    std::fflush(stdout);
    if (!errors_.empty()) {
      std::fprintf(stderr, "\n%zu calls failed; the first:\n", errors_.size());
      for (size_t i = 0; i < errors_.size() && i < kErrorsShown; ++i) {
        std::fprintf(stderr, "  %s\n", errors_[i].c_str());
      }
      return 1;
    }
    return 0;
  }

 private:
  // Hires need candidates; an empty address leaves them out.
  bool follow_up() const {
    return !requests_.candidates.empty() && !options_.placement_address.empty();
  }

  // This run's pool: candidate name -> index.
  std::map<std::string, int> Pool() {
    std::map<std::string, int> pool;
    bool all_named = true;
    for (size_t i = 0; i < candidate_outcomes_.size(); ++i) {
      if (candidate_outcomes_[i].name.empty()) {
        all_named = false;
      } else {
        pool[candidate_outcomes_[i].name] = static_cast<int>(i);
      }
    }
    if (all_named) return pool;
    // A candidate an earlier run created from another request (another day's dates) comes
    // back without its name: find it by its email.
    std::map<std::string, int> by_email;
    for (size_t i = 0; i < requests_.candidates.size(); ++i) {
      by_email[requests_.candidates[i].candidate().email()] = static_cast<int>(i);
    }
    talent::ListCandidatesRequest list;
    list.set_page_size(1000);
    do {
      talent::ListCandidatesResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent_stub_->ListCandidates(context, list, &response);
      });
      if (!status.ok()) {
        errors_.push_back(absl::StrCat("ListCandidates: ", Describe(status)));
        break;
      }
      for (const talent::Candidate& candidate : response.candidates()) {
        const auto found = by_email.find(candidate.email());
        if (found != by_email.end()) pool[candidate.name()] = found->second;
      }
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
    return pool;
  }

  void PrintTallies(absl::Duration elapsed) {
    if (follow_up()) {
      std::printf("Demo data (seed %llu) in intake at %s, talent at %s and placement at %s:\n",
                  static_cast<unsigned long long>(options_.seed), options_.intake_address.c_str(),
                  options_.talent_address.c_str(), options_.placement_address.c_str());
    } else {
      std::printf("Demo data (seed %llu) in intake at %s and talent at %s:\n",
                  static_cast<unsigned long long>(options_.seed), options_.intake_address.c_str(),
                  options_.talent_address.c_str());
    }
    const auto line = [](const char* what, const Tally& tally, const char* done = "created") {
      std::printf("  %-11s %5d %s, %5d already there, %d failed\n", what, tally.created, done,
                  tally.already_there, tally.failed);
    };
    line("clients", client_tally_);
    line("roles", role_tally_);
    line("candidates", candidate_tally_);
    if (follow_ups_) {
      line("hires", follow_ups_->hire_tally);
      line("interviews", follow_ups_->interview_tally, "held");
      line("placements", follow_ups_->placement_tally);
      line("check-ins", follow_ups_->check_in_tally, "recorded");
      PrintAgenda();
      for (const std::string& note : follow_ups_->notes) std::printf("  note: %s\n", note.c_str());
    }
    std::printf("  elapsed     %.1f s\n", absl::ToDoubleSeconds(elapsed));
  }

  // What the follow-up team sees now.
  void PrintAgenda() {
    int at_risk = -1;
    int past_due = -1;
    placement::ListPlacementsRequest risky;
    risky.set_filter("at_risk = true");
    risky.set_page_size(1000);
    placement::ListPlacementsResponse risky_response;
    if (Call([&](grpc::ClientContext* context) {
          return placement_stub_->ListPlacements(context, risky, &risky_response);
        }).ok()) {
      at_risk = risky_response.placements_size();
    }
    placement::ListCheckInsRequest agenda;
    agenda.set_parent("placements/-");
    agenda.set_filter("overdue = true");
    agenda.set_page_size(1000);
    placement::ListCheckInsResponse agenda_response;
    if (Call([&](grpc::ClientContext* context) {
          return placement_stub_->ListCheckIns(context, agenda, &agenda_response);
        }).ok()) {
      past_due = agenda_response.check_ins_size();
    }
    if (at_risk >= 0 && past_due >= 0) {
      std::printf("  follow-up   %d placements at risk, %d check-ins past due\n", at_risk,
                  past_due);
    }
  }

  // What to try next, with the roles that came out of this run.
  void PrintSuggestions() {
    std::vector<const PlannedRole*> ready;
    for (const PlannedRole& role : requests_.roles) {
      if (!role.outcome.name.empty()) ready.push_back(&role);
    }
    if (!ready.empty()) {
      std::printf("\nTry:\n");
      const auto search = [](const PlannedRole& role) {
        std::printf("  # %s at %s: the best matches, with the reasons behind each score\n",
                    role.spec->title, Clients()[role.client].display_name);
        std::printf(
            "  ./meridian call talent SearchCandidates '{\"role\": \"%s\", \"page_size\": 5}'\n",
            role.outcome.name.c_str());
      };
      // The first role, and the first of another client (another time zone, another currency).
      search(*ready.front());
      for (const PlannedRole* role : ready) {
        if (role->client != ready.front()->client) {
          search(*role);
          break;
        }
      }
      std::printf("  # every role of every client, with the kind recommended from the answers\n");
      std::printf("  ./meridian call intake ListRoles '{\"parent\": \"clients/-\"}'\n");
    }
    if (follow_ups_ &&
        follow_ups_->placement_tally.created + follow_ups_->placement_tally.already_there > 0) {
      std::printf("  # placements at risk, with the reasons (overdue check-ins, low ratings)\n");
      std::printf(
          "  ./meridian call placement ListPlacements '{\"filter\": \"at_risk = true\"}'\n");
      std::printf("  # the follow-up agenda: check-ins past their due time, oldest first\n");
      std::printf(
          "  ./meridian call placement ListCheckIns '{\"parent\": \"placements/-\", "
          "\"filter\": \"overdue = true\"}'\n");
    }
  }

  DemoRequests& requests_;
  const LoadOptions& options_;
  std::unique_ptr<intake::IntakeService::Stub> intake_stub_;
  std::unique_ptr<talent::TalentService::Stub> talent_stub_;
  std::unique_ptr<talent::InterviewService::Stub> interview_stub_;
  std::unique_ptr<placement::PlacementService::Stub> placement_stub_;
  absl::Time run_start_;
  Tally client_tally_;
  Tally role_tally_;
  Tally candidate_tally_;
  std::vector<Outcome> client_outcomes_;
  std::vector<Outcome> candidate_outcomes_;
  std::optional<FollowUps> follow_ups_;
  std::vector<std::string> errors_;
};

}  // namespace

DemoRequests MakeDemoRequests(int count, uint64_t seed, absl::CivilDay today) {
  DemoRequests requests;
  for (size_t c = 0; c < Clients().size(); ++c) {
    requests.clients.push_back(MakeClient(Clients()[c], c));
    for (size_t r = 0; r < Clients()[c].roles.size(); ++r) {
      requests.roles.push_back(
          {c, &Clients()[c].roles[r], MakeRole(Clients()[c].roles[r], c, r), {}});
    }
  }
  requests.candidates.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) requests.candidates.push_back(MakeCandidate(seed, i, today));
  return requests;
}

void PrintRequests(const DemoRequests& requests) {
  for (const auto& request : requests.clients) std::printf("%s\n", ToJson(request).c_str());
  for (auto role : requests.roles) {
    role.request.set_parent(absl::StrCat("clients/<demo-client-", role.client, ">"));
    std::printf("%s\n", ToJson(role.request).c_str());
  }
  for (const auto& request : requests.candidates) std::printf("%s\n", ToJson(request).c_str());
}

int Load(DemoRequests& requests, const LoadOptions& options) {
  Loader loader(requests, options);
  if (!loader.Connect()) return 1;
  loader.CreateClientsAndRoles();
  loader.CreateCandidates();
  loader.FollowUp();
  return loader.Report();
}

}  // namespace meridian::demo_data
