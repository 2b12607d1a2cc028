#include "services/talent/interviews/interview_service.h"

#include <cstring>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/api/contact_rules.h"
#include "common/api/filter.h"
#include "common/api/resource_names.h"
#include "common/api/text_rules.h"
#include "common/api/update_mask.h"
#include "common/errors/errors.h"
#include "common/events/event_log.h"
#include "common/paging/paging.h"
#include "common/util/ids.h"
#include "google/protobuf/util/time_util.h"
#include "services/talent/domain/interview_invite.h"
#include "services/talent/domain/interview_slots.h"
#include "services/talent/domain/overlap.h"
#include "services/talent/interviews/interview_rules.h"
#include "services/talent/interviews/interview_store.h"
#include "services/talent/pipeline/stages.h"
#include "services/talent/pipeline/submission_store.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kDefaultSlotCount = 5;
constexpr int kMaxSlotCount = 20;
constexpr absl::Duration kDefaultSlotHorizon = absl::Hours(24 * 14);
constexpr absl::Duration kMaxSlotHorizon = absl::Hours(24 * 60);

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

absl::StatusOr<SubmissionKey> ParseSubmission(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(name, {"clients", "roles", "submissions"}, field);
  if (!ids.ok()) return ids.status();
  return SubmissionKey{(*ids)[0], (*ids)[1], (*ids)[2]};
}

absl::StatusOr<InterviewKey> ParseInterview(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(name, {"clients", "roles", "submissions", "interviews"}, field);
  if (!ids.ok()) return ids.status();
  return InterviewKey{(*ids)[0], (*ids)[1], (*ids)[2], (*ids)[3]};
}

std::string RoleName(const SubmissionKey& key) {
  return absl::StrCat("clients/", key.client_id, "/roles/", key.role_id);
}

std::string SubmissionName(const SubmissionKey& key) {
  return absl::StrCat(RoleName(key), "/submissions/", key.submission_id);
}

std::string CandidateIdOf(const v1::Submission& submission) {
  return submission.candidate().substr(strlen("candidates/"));
}

// The working hours of both sides, when they read (a candidate's always do; a role's come
// from intake, which checked them).
struct BothHours {
  std::optional<WeeklyHours> client;
  std::optional<WeeklyHours> candidate;
};

BothHours HoursOf(const intake::v1::Role& role, const v1::Candidate& candidate) {
  BothHours hours;
  if (absl::StatusOr<WeeklyHours> client = WeeklyHours::From(role.working_hours()); client.ok()) {
    hours.client = *std::move(client);
  }
  if (absl::StatusOr<WeeklyHours> own = WeeklyHours::From(candidate.working_hours()); own.ok()) {
    hours.candidate = *std::move(own);
  }
  return hours;
}

// Flags a time outside either side's working window (allowed, never silent).
void FlagOutsideHours(v1::Interview& interview, const BothHours& hours) {
  interview.clear_outside_working_hours();
  if (!interview.has_start_time()) return;
  const absl::Time start = ToTime(interview.start_time());
  const absl::Time end = start + absl::Minutes(interview.duration_minutes());
  const auto flag = [&](const std::optional<WeeklyHours>& side_hours,
                        v1::OutsideWorkingHours::Side side) {
    if (!side_hours) return;
    std::string local;
    if (InsideWorkingWindow(*side_hours, start, end, &local)) return;
    v1::OutsideWorkingHours* outside = interview.add_outside_working_hours();
    outside->set_side(side);
    outside->set_local_time(local);
  };
  flag(hours.client, v1::OutsideWorkingHours::CLIENT);
  flag(hours.candidate, v1::OutsideWorkingHours::CANDIDATE);
}

absl::Status NotOpen(const std::string& submission_name, v1::Submission::Stage stage) {
  return absl::FailedPreconditionError(
      absl::StrCat(submission_name, " is ", v1::Submission::Stage_Name(stage),
                   "; interviews are held for open submissions (SOURCED to OFFER)"));
}

absl::Status WrongState(const std::string& name, v1::Interview::State state,
                        absl::string_view needed) {
  return absl::FailedPreconditionError(
      absl::StrCat(name, " is ", v1::Interview::State_Name(state), "; ", needed));
}

// FAILED_PRECONDITION naming the candidate's other interview at that time, when there is one.
absl::Status CheckNoDoubleBooking(pqxx::work& tx, const std::string& candidate_id,
                                  const v1::Interview& interview, const std::string& self_id) {
  if (!interview.has_start_time()) return absl::OkStatus();
  LockCandidate(tx, candidate_id);
  const absl::Time start = ToTime(interview.start_time());
  std::optional<std::string> other = FindCandidateConflict(
      tx, candidate_id, start, start + absl::Minutes(interview.duration_minutes()), self_id);
  if (!other) return absl::OkStatus();
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        "the candidate already has a SCHEDULED interview at that time: ", *other)),
                    common::v1::INTERVIEW_CONFLICT, {{"conflicting_interview", *other}});
}

// The interviewers' scorecard marks follow their emails through an update.
void CarryScorecardMarks(const v1::Interview& before, v1::Interview& after) {
  std::set<std::string> submitted;
  for (const v1::Interviewer& person : before.interviewers()) {
    if (person.scorecard_submitted()) submitted.insert(absl::AsciiStrToLower(person.email()));
  }
  for (v1::Interviewer& person : *after.mutable_interviewers()) {
    person.set_scorecard_submitted(submitted.contains(absl::AsciiStrToLower(person.email())));
  }
}

struct InterviewFilter {
  std::string candidate_id;
  std::string state;
};

absl::StatusOr<InterviewFilter> ParseInterviewFilter(absl::string_view filter) {
  absl::StatusOr<EqualityFilter> terms = ParseEqualityFilter(filter, {"candidate", "state"});
  if (!terms.ok()) return terms.status();
  InterviewFilter parsed;
  if (auto it = terms->find("candidate"); it != terms->end()) {
    absl::StatusOr<std::vector<std::string>> id =
        ParseResourceName(it->second, {"candidates"}, "filter");
    if (!id.ok()) return id.status();
    parsed.candidate_id = (*id)[0];
  }
  if (auto it = terms->find("state"); it != terms->end()) {
    v1::Interview::State state;
    if (!v1::Interview::State_Parse(it->second, &state) ||
        state == v1::Interview::STATE_UNSPECIFIED) {
      return InvalidArgument(
          "filter", absl::StrCat("state must be an Interview.State, not ", Quote(it->second)));
    }
    parsed.state = it->second;
  }
  return parsed;
}

std::vector<std::string> RequiredSkillsOf(const intake::v1::Role& role) {
  std::vector<std::string> skills;
  for (const common::v1::SkillRequirement& need : role.required_skills()) {
    skills.push_back(need.skill());
  }
  return skills;
}

std::vector<std::string> SoftSkillsOf(const intake::v1::Role& role) {
  return {role.soft_skills().begin(), role.soft_skills().end()};
}

std::string KindWord(v1::Interview::Kind kind) {
  switch (kind) {
    case v1::Interview::SCREENING:
      return "Screening";
    case v1::Interview::TECHNICAL:
      return "Technical";
    case v1::Interview::CULTURE:
      return "Culture";
    case v1::Interview::FINAL:
      return "Final";
    default:
      return "";
  }
}

// The candidate's id in an interview's `candidate` ("candidates/{id}").
std::string CandidateIdOfInterview(const v1::Interview& interview) {
  return interview.candidate().substr(strlen("candidates/"));
}

// Appends an interview's event (interview.created, .updated, .state_changed) in the change's
// transaction. No owner: interviews are the agency staff's, so a partner's feed never has them.
void RecordInterviewEvent(pqxx::work& tx, absl::string_view type, const v1::Interview& interview,
                          const Caller& caller) {
  events::v1::Event event;
  *event.mutable_interview() = interview;
  AppendEvent(tx,
              {.type = std::string(type),
               .resource = interview.name(),
               .candidate_id = CandidateIdOfInterview(interview)},
              caller, std::move(event));
}

}  // namespace

absl::StatusOr<v1::Interview> InterviewService::CreateInterview(
    const v1::CreateInterviewRequest& request, const CallContext& call) {
  absl::StatusOr<SubmissionKey> key = ParseSubmission(request.parent(), "parent");
  if (!key.ok()) return key.status();
  FieldViolations violations;
  CheckInterview(request.interview(), "interview", clock_(), violations);
  if (!violations.empty()) return violations.ToStatus();
  // The client's hours come from the role, at intake: read through its contract.
  absl::StatusOr<intake::v1::Role> role = roles_.GetRole(RoleName(*key), call.deadline);
  if (!role.ok()) return role.status();
  return pool_.InTransaction<v1::Interview>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Interview> {
        std::optional<v1::Submission> submission = FindSubmission(tx, *key, false);
        if (!submission) return NotFound(request.parent());
        if (!IsOpenStage(submission->stage()))
          return NotOpen(request.parent(), submission->stage());
        const std::string candidate_id = CandidateIdOf(*submission);
        std::optional<StoredCandidate> candidate = FindCandidate(tx, candidate_id, false);
        if (!candidate || candidate->erased) return NotFound(submission->candidate());

        const InterviewKey interview_key{key->client_id, key->role_id, key->submission_id,
                                         NewResourceId()};
        v1::Interview interview;
        interview.set_kind(request.interview().kind());
        interview.set_title(std::string(absl::StripAsciiWhitespace(request.interview().title())));
        for (const v1::Interviewer& person : request.interview().interviewers()) {
          v1::Interviewer* added = interview.add_interviewers();
          added->set_display_name(std::string(absl::StripAsciiWhitespace(person.display_name())));
          added->set_email(person.email());
          added->set_side(person.side());
        }
        interview.set_duration_minutes(request.interview().duration_minutes());
        interview.set_location(request.interview().location());
        if (request.interview().has_start_time()) {
          *interview.mutable_start_time() = request.interview().start_time();
          interview.set_state(v1::Interview::SCHEDULED);
        } else {
          interview.set_state(v1::Interview::PROPOSED);
        }
        if (absl::Status free = CheckNoDoubleBooking(tx, candidate_id, interview, ""); !free.ok()) {
          return free;
        }
        FlagOutsideHours(interview, HoursOf(*role, candidate->candidate));
        InsertInterview(tx, interview_key, candidate_id, interview);
        std::optional<v1::Interview> created = FindInterview(tx, interview_key, false);
        if (!created) return NotFound(InterviewName(interview_key));
        RecordInterviewEvent(tx, "interview.created", *created, call.caller);
        return *created;
      });
}

absl::StatusOr<v1::Interview> InterviewService::GetInterview(const v1::GetInterviewRequest& request,
                                                             const CallContext& call) {
  absl::StatusOr<InterviewKey> key = ParseInterview(request.name(), "name");
  if (!key.ok()) return key.status();
  return pool_.InTransaction<v1::Interview>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Interview> {
        std::optional<v1::Interview> found = FindInterview(tx, *key, false);
        if (!found) return NotFound(request.name());
        return *found;
      });
}

absl::StatusOr<v1::ListInterviewsResponse> InterviewService::ListInterviews(
    const v1::ListInterviewsRequest& request, const CallContext& call) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(request.parent(), {"clients", "roles", "submissions"}, "parent", true);
  if (!ids.ok()) return ids.status();
  // A wildcard reaches everything under it: "clients/{c}/roles/-/..." is one client's,
  // "clients/-/roles/-/submissions/-" every interview; a named role under a wildcard client
  // would be ambiguous.
  const std::string& client = (*ids)[0];
  const std::string& role = (*ids)[1];
  const std::string& submission = (*ids)[2];
  if ((client == "-" && role != "-") || (role == "-" && submission != "-")) {
    return InvalidArgument("parent",
                           "a wildcard (-) must be followed by wildcards: "
                           "\"clients/{client}/roles/{role}/submissions/-\" for a role, "
                           "\"clients/-/roles/-/submissions/-\" across roles");
  }
  absl::StatusOr<InterviewFilter> filter = ParseInterviewFilter(request.filter());
  if (!filter.ok()) return filter.status();
  InterviewSelection selection{.client_id = client == "-" ? "" : client,
                               .role_id = role == "-" ? "" : role,
                               .submission_id = submission == "-" ? "" : submission,
                               .candidate_id = filter->candidate_id,
                               .state = filter->state};
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = absl::StrCat("ListInterviews|", request.parent(), "|",
                                               filter->candidate_id, "|", filter->state);
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<v1::ListInterviewsResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListInterviewsResponse> {
        std::vector<Listed<v1::Interview>> rows =
            talent::ListInterviews(tx, selection, *after, *page_size + 1);
        v1::ListInterviewsResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](v1::Interview i) {
          *response.add_interviews() = std::move(i);
        }));
        return response;
      });
}

absl::StatusOr<v1::Interview> InterviewService::UpdateInterview(
    const v1::UpdateInterviewRequest& request, const CallContext& call) {
  absl::StatusOr<InterviewKey> key = ParseInterview(request.interview().name(), "interview.name");
  if (!key.ok()) return key.status();
  // Read the role before the transaction: a call to intake must not hold row locks.
  absl::StatusOr<intake::v1::Role> role =
      roles_.GetRole(RoleName(key->submission()), call.deadline);
  if (!role.ok()) return role.status();
  const absl::Time now = clock_();
  return pool_.InTransaction<v1::Interview>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Interview> {
        std::optional<v1::Interview> stored = FindInterview(tx, *key, true);
        if (!stored) return NotFound(request.interview().name());
        if (!request.etag().empty() && request.etag() != stored->etag()) {
          return StaleEtag(request.interview().name());
        }
        v1::Interview updated = *stored;
        if (absl::Status applied = ApplyUpdateMask(
                request.interview(), request.update_mask(),
                {.resource_field = "interview",
                 .immutable = {"name", "state", "outside_working_hours", "candidate",
                               "cancel_reason", "scorecard_count", "invite_sequence", "create_time",
                               "update_time", "etag", "invite_uid"}},
                &updated);
            !applied.ok()) {
          return applied;
        }
        FieldViolations violations;
        v1::Interview checked = updated;
        // A start time kept from before may be older than a day by now: only a new one is
        // held to the window.
        if (stored->has_start_time() && updated.has_start_time() &&
            TimeUtil::TimestampToMicroseconds(stored->start_time()) ==
                TimeUtil::TimestampToMicroseconds(updated.start_time())) {
          checked.clear_start_time();
        }
        CheckInterview(checked, "interview", now, violations);
        if (stored->has_start_time() && !updated.has_start_time()) {
          violations.Add("interview.start_time",
                         "cannot be cleared once scheduled: give a new time, or cancel the "
                         "interview");
        }
        if (!violations.empty()) return violations.ToStatus();
        if (stored->state() != v1::Interview::PROPOSED &&
            stored->state() != v1::Interview::SCHEDULED) {
          return WrongState(request.interview().name(), stored->state(),
                            "only PROPOSED and SCHEDULED interviews can change");
        }
        if (updated.has_start_time()) updated.set_state(v1::Interview::SCHEDULED);
        CarryScorecardMarks(*stored, updated);
        const std::string candidate_id = CandidateIdOfInterview(*stored);
        if (absl::Status free = CheckNoDoubleBooking(tx, candidate_id, updated, key->interview_id);
            !free.ok()) {
          return free;
        }
        std::optional<StoredCandidate> candidate = FindCandidate(tx, candidate_id, false);
        if (candidate && !candidate->erased) {
          FlagOutsideHours(updated, HoursOf(*role, candidate->candidate));
        }
        if (ChangesInvite(*stored, updated)) {
          updated.set_invite_sequence(stored->invite_sequence() + 1);
        }
        talent::UpdateInterview(tx, *key, updated);
        std::optional<v1::Interview> result = FindInterview(tx, *key, false);
        if (!result) return NotFound(request.interview().name());
        // Scheduling a PROPOSED interview is a change of state; anything else an update.
        RecordInterviewEvent(
            tx,
            result->state() == stored->state() ? "interview.updated" : "interview.state_changed",
            *result, call.caller);
        return *result;
      });
}

absl::StatusOr<v1::Interview> InterviewService::CancelInterview(
    const v1::CancelInterviewRequest& request, const CallContext& call) {
  absl::StatusOr<InterviewKey> key = ParseInterview(request.name(), "name");
  if (!key.ok()) return key.status();
  const std::string reason(absl::StripAsciiWhitespace(request.reason()));
  if (reason.empty() || reason.size() > kMaxCancelReason || HasControlCharacter(reason)) {
    return InvalidArgument("reason", "is required: 1 to 500 characters, no control characters");
  }
  return pool_.InTransaction<v1::Interview>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Interview> {
        std::optional<v1::Interview> stored = FindInterview(tx, *key, true);
        if (!stored) return NotFound(request.name());
        if (!request.etag().empty() && request.etag() != stored->etag()) {
          return StaleEtag(request.name());
        }
        if (stored->state() != v1::Interview::PROPOSED &&
            stored->state() != v1::Interview::SCHEDULED) {
          return WrongState(request.name(), stored->state(),
                            "only PROPOSED and SCHEDULED interviews can be cancelled");
        }
        v1::Interview cancelled = *stored;
        cancelled.set_state(v1::Interview::CANCELLED);
        cancelled.set_cancel_reason(reason);
        if (ChangesInvite(*stored, cancelled)) {
          cancelled.set_invite_sequence(stored->invite_sequence() + 1);
        }
        talent::UpdateInterview(tx, *key, cancelled);
        std::optional<v1::Interview> result = FindInterview(tx, *key, false);
        if (!result) return NotFound(request.name());
        RecordInterviewEvent(tx, "interview.state_changed", *result, call.caller);
        return *result;
      });
}

absl::StatusOr<v1::Interview> InterviewService::CompleteInterview(
    const v1::CompleteInterviewRequest& request, const CallContext& call) {
  absl::StatusOr<InterviewKey> key = ParseInterview(request.name(), "name");
  if (!key.ok()) return key.status();
  if (request.state() != v1::Interview::COMPLETED && request.state() != v1::Interview::NO_SHOW) {
    return InvalidArgument("state", "must be COMPLETED or NO_SHOW");
  }
  return pool_.InTransaction<v1::Interview>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Interview> {
        std::optional<v1::Interview> stored = FindInterview(tx, *key, true);
        if (!stored) return NotFound(request.name());
        if (!request.etag().empty() && request.etag() != stored->etag()) {
          return StaleEtag(request.name());
        }
        if (stored->state() != v1::Interview::SCHEDULED) {
          return WrongState(request.name(), stored->state(),
                            "only a SCHEDULED interview can be marked held or missed");
        }
        v1::Interview done = *stored;
        done.set_state(request.state());
        talent::UpdateInterview(tx, *key, done);
        std::optional<v1::Interview> result = FindInterview(tx, *key, false);
        if (!result) return NotFound(request.name());
        RecordInterviewEvent(tx, "interview.state_changed", *result, call.caller);
        return *result;
      });
}

absl::StatusOr<v1::ProposeInterviewSlotsResponse> InterviewService::ProposeInterviewSlots(
    const v1::ProposeInterviewSlotsRequest& request, const CallContext& call) {
  absl::StatusOr<SubmissionKey> key = ParseSubmission(request.submission(), "submission");
  if (!key.ok()) return key.status();
  const absl::Time now = clock_();
  FieldViolations violations;
  CheckDuration(request.duration_minutes(), "duration_minutes", violations);
  SlotRequest slots{.duration = absl::Minutes(request.duration_minutes()),
                    .earliest = now,
                    .latest = now + kDefaultSlotHorizon,
                    .count = request.count() == 0 ? kDefaultSlotCount : request.count()};
  if (request.has_earliest_time()) {
    if (!IsValidTimestamp(request.earliest_time())) {
      violations.Add("earliest_time", "must be a valid time");
    } else {
      slots.earliest = ToTime(request.earliest_time());
      if (slots.earliest < now - kStartPast) {
        violations.Add("earliest_time", "must not be more than a day in the past");
      }
    }
  }
  slots.latest = slots.earliest + kDefaultSlotHorizon;
  if (request.has_latest_time()) {
    if (!IsValidTimestamp(request.latest_time())) {
      violations.Add("latest_time", "must be a valid time");
    } else {
      slots.latest = ToTime(request.latest_time());
      if (slots.latest <= slots.earliest || slots.latest > slots.earliest + kMaxSlotHorizon) {
        violations.Add("latest_time", "must be after earliest_time and at most 60 days after it");
      }
    }
  }
  if (slots.count < 1 || slots.count > kMaxSlotCount) {
    violations.Add("count", absl::StrCat("must be 1 to ", kMaxSlotCount, " (0 means ",
                                         kDefaultSlotCount, ")"));
  }
  std::vector<std::string> emails;
  if (request.interviewer_emails_size() > kMaxInterviewers) {
    violations.Add("interviewer_emails", "must name at most 10 people");
  }
  for (int i = 0; i < request.interviewer_emails_size(); ++i) {
    if (!LooksLikeEmail(request.interviewer_emails(i))) {
      violations.Add(absl::StrCat("interviewer_emails[", i, "]"), "must be an email address");
    }
    emails.push_back(absl::AsciiStrToLower(request.interviewer_emails(i)));
  }
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<intake::v1::Role> role = roles_.GetRole(RoleName(*key), call.deadline);
  if (!role.ok()) return role.status();
  return pool_.InTransaction<v1::ProposeInterviewSlotsResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ProposeInterviewSlotsResponse> {
        std::optional<v1::Submission> submission = FindSubmission(tx, *key, false);
        if (!submission) return NotFound(request.submission());
        if (!IsOpenStage(submission->stage())) {
          return NotOpen(request.submission(), submission->stage());
        }
        const std::string candidate_id = CandidateIdOf(*submission);
        std::optional<StoredCandidate> candidate = FindCandidate(tx, candidate_id, false);
        if (!candidate || candidate->erased) return NotFound(submission->candidate());
        const BothHours hours = HoursOf(*role, candidate->candidate);
        if (!hours.client || !hours.candidate) {
          return absl::FailedPreconditionError(
              "the role's or the candidate's working hours cannot be read");
        }
        std::vector<BusyInterval> busy =
            BusyTimes(tx, candidate_id, emails, slots.earliest, slots.latest);
        SlotProposal proposal =
            talent::ProposeInterviewSlots(*hours.client, *hours.candidate, busy, slots);
        v1::ProposeInterviewSlotsResponse response;
        for (const ProposedSlot& slot : proposal.slots) {
          v1::InterviewSlot* out = response.add_slots();
          *out->mutable_start_time() = ToTimestamp(slot.start);
          *out->mutable_end_time() = ToTimestamp(slot.end);
          out->set_description(slot.sentence);
        }
        response.set_reason(proposal.reason);
        return response;
      });
}

absl::StatusOr<v1::InterviewInvite> InterviewService::GetInterviewInvite(
    const v1::GetInterviewInviteRequest& request, const CallContext& call) {
  absl::StatusOr<InterviewKey> key = ParseInterview(request.name(), "name");
  if (!key.ok()) return key.status();
  absl::StatusOr<intake::v1::Role> role =
      roles_.GetRole(RoleName(key->submission()), call.deadline);
  if (!role.ok()) return role.status();
  return pool_.InTransaction<v1::InterviewInvite>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::InterviewInvite> {
        std::optional<v1::Interview> interview = FindInterview(tx, *key, false);
        if (!interview) return NotFound(request.name());
        if (!interview->has_start_time()) {
          return WrongState(request.name(), interview->state(),
                            "an invite needs a start_time (UpdateInterview sets one)");
        }
        const std::string candidate_id = interview->candidate().substr(strlen("candidates/"));
        std::optional<StoredCandidate> candidate = FindCandidate(tx, candidate_id, false);
        const bool known = candidate && !candidate->erased;
        const absl::Time start = ToTime(interview->start_time());
        const absl::Time end = start + absl::Minutes(interview->duration_minutes());
        InterviewInvite invite;
        invite.uid = interview->invite_uid();
        invite.sequence = interview->invite_sequence();
        invite.start = start;
        invite.end = end;
        // The version's own time: the same invite text for the same version.
        invite.stamp = ToTime(interview->update_time());
        invite.summary =
            absl::StrCat(KindWord(interview->kind()),
                         " interview: ", known ? candidate->candidate.display_name() : "candidate",
                         " for ", role->title());
        invite.location = interview->location();
        invite.cancelled = interview->state() == v1::Interview::CANCELLED;
        std::string description = interview->title();
        if (known) {
          const BothHours hours = HoursOf(*role, candidate->candidate);
          if (hours.client && hours.candidate) {
            absl::StrAppend(&description, "\n",
                            DescribeSlot(*hours.client, *hours.candidate, start, end));
          }
        }
        invite.description = description;
        // The agency organises: its first interviewer, else the first one.
        const v1::Interviewer* organizer = nullptr;
        for (const v1::Interviewer& person : interview->interviewers()) {
          if (person.side() == v1::Interviewer::AGENCY) {
            organizer = &person;
            break;
          }
        }
        if (organizer == nullptr && interview->interviewers_size() > 0) {
          organizer = &interview->interviewers(0);
        }
        if (organizer != nullptr)
          invite.organizer = {organizer->display_name(), organizer->email()};
        for (const v1::Interviewer& person : interview->interviewers()) {
          invite.attendees.push_back({person.display_name(), person.email()});
        }
        if (known && !candidate->candidate.email().empty()) {
          invite.attendees.push_back(
              {candidate->candidate.display_name(), candidate->candidate.email()});
        }
        absl::StatusOr<std::string> ics = BuildInterviewInvite(invite);
        if (!ics.ok()) return ics.status();
        v1::InterviewInvite response;
        response.set_ics(*ics);
        response.set_content_type(invite.cancelled ? "text/calendar; method=CANCEL"
                                                   : "text/calendar; method=REQUEST");
        response.set_uid(invite.uid);
        response.set_sequence(invite.sequence);
        return response;
      });
}

absl::StatusOr<v1::Scorecard> InterviewService::CreateScorecard(
    const v1::CreateScorecardRequest& request, const CallContext& call) {
  absl::StatusOr<InterviewKey> key = ParseInterview(request.parent(), "parent");
  if (!key.ok()) return key.status();
  absl::StatusOr<intake::v1::Role> role =
      roles_.GetRole(RoleName(key->submission()), call.deadline);
  if (!role.ok()) return role.status();
  const std::vector<std::string> required = RequiredSkillsOf(*role);
  const std::vector<std::string> soft = SoftSkillsOf(*role);
  FieldViolations violations;
  CheckScorecard(request.scorecard(), "scorecard", required, soft, violations);
  if (!violations.empty()) return violations.ToStatus();
  // Ratings name the skill as the role does.
  std::map<std::string, std::string> spelling;
  for (const std::string& skill : required) spelling[absl::AsciiStrToLower(skill)] = skill;
  for (const std::string& skill : soft) spelling[absl::AsciiStrToLower(skill)] = skill;
  v1::Scorecard scorecard;
  scorecard.set_interviewer_email(absl::AsciiStrToLower(request.scorecard().interviewer_email()));
  scorecard.set_overall(request.scorecard().overall());
  scorecard.set_notes(request.scorecard().notes());
  for (const v1::Scorecard::SkillRating& rating : request.scorecard().ratings()) {
    v1::Scorecard::SkillRating* kept = scorecard.add_ratings();
    kept->set_skill(spelling[absl::AsciiStrToLower(rating.skill())]);
    kept->set_rating(rating.rating());
  }
  return pool_.InTransaction<v1::Scorecard>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Scorecard> {
        // Locked: two scorecards for one interview count its interviewers one after the other.
        std::optional<v1::Interview> interview = FindInterview(tx, *key, true);
        if (!interview) return NotFound(request.parent());
        if (interview->state() != v1::Interview::SCHEDULED &&
            interview->state() != v1::Interview::COMPLETED) {
          return WrongState(request.parent(), interview->state(),
                            "scorecards are for SCHEDULED or COMPLETED interviews");
        }
        v1::Interview updated = *interview;
        v1::Interviewer* interviewer = FindInterviewer(updated, scorecard.interviewer_email());
        if (interviewer == nullptr) {
          return InvalidArgument("scorecard.interviewer_email",
                                 "must be the email of one of the interview's interviewers");
        }
        for (const Listed<v1::Scorecard>& existing : talent::ListScorecards(tx, *key, 0, 1000)) {
          if (existing.resource.interviewer_email() == scorecard.interviewer_email()) {
            return WithReason(absl::AlreadyExistsError(absl::StrCat(
                                  scorecard.interviewer_email(), " already sent a scorecard for ",
                                  request.parent(), ": ", existing.resource.name())),
                              common::v1::SCORECARD_EXISTS,
                              {{"existing_scorecard", existing.resource.name()}});
          }
        }
        const std::string id = NewResourceId();
        InsertScorecard(tx, *key, id, scorecard);
        interviewer->set_scorecard_submitted(true);
        updated.set_scorecard_count(interview->scorecard_count() + 1);
        bool everyone = true;
        for (const v1::Interviewer& person : updated.interviewers()) {
          everyone = everyone && person.scorecard_submitted();
        }
        if (everyone && updated.state() == v1::Interview::SCHEDULED) {
          updated.set_state(v1::Interview::COMPLETED);
        }
        talent::UpdateInterview(tx, *key, updated);
        const std::string name = absl::StrCat(request.parent(), "/scorecards/", id);
        std::optional<v1::Scorecard> created;
        for (const Listed<v1::Scorecard>& stored : talent::ListScorecards(tx, *key, 0, 1000)) {
          if (stored.resource.name() == name) created = stored.resource;
        }
        if (!created) return NotFound(name);
        events::v1::Event event;
        *event.mutable_scorecard() = *created;
        AppendEvent(tx,
                    {.type = "scorecard.created",
                     .resource = name,
                     .candidate_id = CandidateIdOfInterview(*interview)},
                    call.caller, std::move(event));
        // The last interviewer's scorecard completes the interview: its own event, after.
        if (updated.state() != interview->state()) {
          std::optional<v1::Interview> completed = FindInterview(tx, *key, false);
          if (!completed) return NotFound(request.parent());
          RecordInterviewEvent(tx, "interview.state_changed", *completed, call.caller);
        }
        return *created;
      });
}

absl::StatusOr<v1::ListScorecardsResponse> InterviewService::ListScorecards(
    const v1::ListScorecardsRequest& request, const CallContext& call) {
  absl::StatusOr<InterviewKey> key = ParseInterview(request.parent(), "parent");
  if (!key.ok()) return key.status();
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = absl::StrCat("ListScorecards|", request.parent());
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<v1::ListScorecardsResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListScorecardsResponse> {
        if (!FindInterview(tx, *key, false)) return NotFound(request.parent());
        std::vector<Listed<v1::Scorecard>> rows =
            talent::ListScorecards(tx, *key, *after, *page_size + 1);
        v1::ListScorecardsResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](v1::Scorecard s) {
          *response.add_scorecards() = std::move(s);
        }));
        return response;
      });
}

absl::StatusOr<v1::InterviewSummary> InterviewService::GetInterviewSummary(
    const v1::GetInterviewSummaryRequest& request, const CallContext& call) {
  absl::StatusOr<SubmissionKey> key = ParseSubmission(request.submission(), "submission");
  if (!key.ok()) return key.status();
  absl::StatusOr<intake::v1::Role> role = roles_.GetRole(RoleName(*key), call.deadline);
  if (!role.ok()) return role.status();
  return pool_.InTransaction<v1::InterviewSummary>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::InterviewSummary> {
        if (!FindSubmission(tx, *key, false)) return NotFound(request.submission());
        return Summarize(SubmissionName(*key), RequiredSkillsOf(*role), SoftSkillsOf(*role),
                         InterviewsOfSubmission(tx, *key), ScorecardsOfSubmission(tx, *key));
      });
}

}  // namespace meridian::talent
