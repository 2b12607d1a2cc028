#include "services/talent/pipeline/pipeline_service.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/filter.h"
#include "common/api/resource_names.h"
#include "common/api/text_rules.h"
#include "common/api/validate_only.h"
#include "common/errors/errors.h"
#include "common/events/event_log.h"
#include "common/paging/paging.h"
#include "common/tenancy/partner_view.h"
#include "common/util/ids.h"
#include "google/protobuf/util/time_util.h"
#include "services/talent/candidate_service.h"
#include "services/talent/interviews/interview_store.h"
#include "services/talent/pipeline/stages.h"
#include "services/talent/pipeline/submission_store.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {
namespace {

constexpr size_t kMaxNote = 4000;

absl::StatusOr<SubmissionKey> ParseSubmissionName(absl::string_view name) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(name, {"clients", "roles", "submissions"}, "name");
  if (!ids.ok()) return ids.status();
  return SubmissionKey{(*ids)[0], (*ids)[1], (*ids)[2]};
}

// The history names who made the move as the call's gate saw them: the key's principal and the
// person a tool acted for, never free text from the request.
void AddHistory(v1::Submission& submission, v1::Submission::Stage stage, const Caller& caller,
                absl::string_view note, absl::string_view override_reason = "") {
  v1::Submission::StageChange* change = submission.add_history();
  change->set_stage(stage);
  *change->mutable_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  change->set_actor(caller.principal);
  change->set_on_behalf_of(caller.on_behalf_of);
  change->set_note(std::string(note));
  change->set_override_reason(std::string(override_reason));
}

// A move that makes the offer: to OFFER, or straight to HIRED from before it.
bool MakesOffer(v1::Submission::Stage from, v1::Submission::Stage to) {
  return to == v1::Submission::OFFER ||
         (to == v1::Submission::HIRED && from < v1::Submission::OFFER);
}

void CheckNote(absl::string_view note, FieldViolations& violations) {
  if (note.size() > kMaxNote) {
    violations.Add("note", absl::StrCat("must be at most ", kMaxNote, " characters"));
  }
  if (HasControlCharacter(note)) violations.Add("note", "must not contain control characters");
}

// Appends a submission's event (submission.created, .stage_changed) in the change's
// transaction.
void RecordSubmissionEvent(pqxx::work& tx, absl::string_view type, const v1::Submission& submission,
                           const std::string& candidate_id, const Caller& caller) {
  events::v1::Event event;
  *event.mutable_submission() = submission;
  AppendEvent(tx,
              {.type = std::string(type),
               .resource = submission.name(),
               .submitted_by = submission.submitted_by(),
               .candidate_id = candidate_id},
              caller, std::move(event));
}

// Moves the candidate's state to match their submissions after one of them changed; the
// move is the candidate's own event (candidate.updated).
void FollowPipeline(pqxx::work& tx, const std::string& candidate_id,
                    v1::Submission::Stage new_stage, const Caller& caller) {
  std::optional<StoredCandidate> stored = FindCandidate(tx, candidate_id, true);
  if (!stored || stored->erased) return;
  const v1::Candidate::State state = stored->candidate.state();
  v1::Candidate::State next = state;
  if (new_stage == v1::Submission::HIRED) {
    next = v1::Candidate::PLACED;
  } else if (IsOpenStage(new_stage)) {
    if (state == v1::Candidate::AVAILABLE) next = v1::Candidate::INTERVIEWING;
  } else if (state == v1::Candidate::INTERVIEWING && OpenSubmissionsOf(tx, candidate_id).empty()) {
    next = v1::Candidate::AVAILABLE;
  }
  if (next != state) {
    SetCandidateState(tx, candidate_id, next);
    RecordCandidateChange(tx, candidate_id);
    std::optional<StoredCandidate> moved = FindCandidate(tx, candidate_id, false);
    if (moved)
      RecordCandidateEvent(tx, "candidate.updated", moved->candidate, candidate_id, caller);
  }
}

struct SubmissionFilter {
  std::string candidate_id;
  std::string stage;
};

absl::StatusOr<SubmissionFilter> ParseSubmissionFilter(absl::string_view filter) {
  absl::StatusOr<EqualityFilter> terms = ParseEqualityFilter(filter, {"candidate", "stage"});
  if (!terms.ok()) return terms.status();
  SubmissionFilter parsed;
  if (auto it = terms->find("candidate"); it != terms->end()) {
    absl::StatusOr<std::string> id = ParseCandidateName(it->second, "filter");
    if (!id.ok()) return id.status();
    parsed.candidate_id = *id;
  }
  if (auto it = terms->find("stage"); it != terms->end()) {
    v1::Submission::Stage stage;
    if (!v1::Submission::Stage_Parse(it->second, &stage) ||
        stage == v1::Submission::STAGE_UNSPECIFIED) {
      return InvalidArgument(
          "filter", absl::StrCat("stage must be a Submission.Stage, not ", Quote(it->second)));
    }
    parsed.stage = it->second;
  }
  return parsed;
}

}  // namespace

absl::StatusOr<v1::Submission> PipelineService::CreateSubmission(
    const v1::CreateSubmissionRequest& request, const CallContext& call) {
  const absl::Time deadline = call.deadline;
  FieldViolations violations;
  absl::StatusOr<std::vector<std::string>> role_ids =
      ParseResourceName(request.parent(), {"clients", "roles"}, "parent");
  if (!role_ids.ok()) return role_ids.status();
  absl::StatusOr<std::string> candidate_id =
      ParseCandidateName(request.submission().candidate(), "submission.candidate");
  if (!candidate_id.ok()) return candidate_id.status();
  v1::Submission::Stage stage = request.submission().stage();
  if (stage == v1::Submission::STAGE_UNSPECIFIED) stage = v1::Submission::SOURCED;
  if (!IsOpenStage(stage)) {
    violations.Add("submission.stage", "must be an open stage (SOURCED to OFFER) on create");
  } else if (call.caller.is_partner() && stage != v1::Submission::SOURCED) {
    violations.Add("submission.stage",
                   "must be SOURCED (or unset) for a partner agency: the agency's recruiters "
                   "move candidates on from there");
  }
  if (!violations.empty()) return violations.ToStatus();

  // The role lives at intake: read it through its contract.
  absl::StatusOr<intake::v1::Role> role = roles_.GetRole(request.parent(), deadline);
  if (!role.ok()) return role.status();
  // A partner sees OPEN roles only (intake's GetRole shows it no other): any other is not there.
  if (call.caller.is_partner() && role->state() != intake::v1::Role::OPEN) {
    return NotFound(request.parent());
  }
  if (role->state() != intake::v1::Role::OPEN) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          request.parent(), " is ", intake::v1::Role::State_Name(role->state()),
                          "; candidates can be put forward only for OPEN roles")),
                      common::v1::ROLE_NOT_OPEN);
  }
  absl::StatusOr<std::optional<v1::CandidateMatch>> match =
      search_.MatchOne(*role, *candidate_id, deadline);
  if (!match.ok()) return match.status();

  const auto attempt = [&]() -> absl::StatusOr<v1::Submission> {
    return pool_.InTransactionOrDryRun<v1::Submission>(
        request.validate_only(), deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Submission> {
          const SubmissionKey key{(*role_ids)[0], (*role_ids)[1], NewResourceId()};
          const std::string name =
              absl::StrCat(request.parent(), "/submissions/", key.submission_id);
          std::optional<StoredCandidate> candidate = FindCandidate(tx, *candidate_id, true);
          if (!candidate || candidate->erased || !MaySee(call.caller, candidate->candidate)) {
            return NotFound(request.submission().candidate());
          }
          const v1::Candidate::State state = candidate->candidate.state();
          if (state != v1::Candidate::AVAILABLE && state != v1::Candidate::INTERVIEWING) {
            return WithReason(
                absl::FailedPreconditionError(absl::StrCat(
                    request.submission().candidate(), " is ", v1::Candidate::State_Name(state),
                    "; only AVAILABLE or INTERVIEWING candidates can be put "
                    "forward")),
                common::v1::CANDIDATE_NOT_AVAILABLE);
          }
          if (std::optional<OpenSubmission> open =
                  FindOpenSubmission(tx, key.role_id, *candidate_id)) {
            v1::Submission existing;
            existing.set_submitted_by(open->submitted_by);
            if (!MaySee(call.caller, existing)) {
              // Someone else put the partner's candidate forward: say so, not where.
              return WithReason(absl::AlreadyExistsError(absl::StrCat(
                                    request.submission().candidate(),
                                    " already has an open submission for ", request.parent())),
                                common::v1::OPEN_SUBMISSION_EXISTS);
            }
            return WithReason(
                absl::AlreadyExistsError(absl::StrCat(request.submission().candidate(),
                                                      " already has an open submission for ",
                                                      request.parent(), ": ", open->name)),
                common::v1::OPEN_SUBMISSION_EXISTS, {{"existing_submission", open->name}});
          }
          v1::Submission submission;
          submission.set_stage(stage);
          submission.set_role_title(role->title());
          submission.set_client_display_name(role->client_display_name());
          if (match->has_value()) {
            submission.set_match_score((*match)->score());
            *submission.mutable_match_factors() = (*match)->factors();
          } else {
            v1::ScoreFactor* factor = submission.add_match_factors();
            factor->set_factor("filters");
            factor->set_explanation(
                "does not meet every hard filter of the role (required skills, overlap, budget, "
                "availability, country or English)");
          }
          // A partner agency's submission is its agency's; anyone else's, their key's.
          submission.set_submitted_by(SubmitterFor(call.caller));
          AddHistory(submission, stage, call.caller, "");
          InsertSubmission(tx, key, *candidate_id, submission);
          std::optional<v1::Submission> created = FindSubmission(tx, key, false);
          if (!created) return NotFound(name);
          RecordSubmissionEvent(tx, "submission.created", *created, *candidate_id, call.caller);
          FollowPipeline(tx, *candidate_id, stage, call.caller);
          ShowTo(call.caller, *created);
          return *created;
        });
  };
  absl::StatusOr<v1::Submission> result = attempt();
  // A concurrent create for the same candidate and role lost on the unique index: once
  // more, and the open-submission check names the winner.
  if (db::IsConcurrentConflict(result.status())) result = attempt();
  if (result.ok() && request.validate_only()) ClearIdentityFields(*result);
  return result;
}

absl::StatusOr<v1::Submission> PipelineService::GetSubmission(
    const v1::GetSubmissionRequest& request, const CallContext& call) {
  absl::StatusOr<SubmissionKey> key = ParseSubmissionName(request.name());
  if (!key.ok()) return key.status();
  return pool_.InTransaction<v1::Submission>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Submission> {
        std::optional<v1::Submission> found = FindSubmission(tx, *key, false);
        if (!found || !MaySee(call.caller, *found)) return NotFound(request.name());
        ShowTo(call.caller, *found);
        return *found;
      });
}

absl::StatusOr<v1::ListSubmissionsResponse> PipelineService::ListSubmissions(
    const v1::ListSubmissionsRequest& request, const CallContext& call) {
  SubmissionSelection selection;
  if (request.parent() != "clients/-/roles/-") {
    absl::StatusOr<std::vector<std::string>> ids =
        ParseResourceName(request.parent(), {"clients", "roles"}, "parent");
    if (!ids.ok()) return ids.status();
    selection.client_id = (*ids)[0];
    selection.role_id = (*ids)[1];
  }
  absl::StatusOr<SubmissionFilter> filter = ParseSubmissionFilter(request.filter());
  if (!filter.ok()) return filter.status();
  selection.candidate_id = filter->candidate_id;
  selection.stage = filter->stage;
  // A partner's list is its agency's submissions, whatever the filter says.
  if (call.caller.is_partner()) selection.submitted_by = call.caller.agency;
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint =
      absl::StrCat("ListSubmissions|", request.parent(), "|", filter->candidate_id, "|",
                   filter->stage, "|", selection.submitted_by);
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<v1::ListSubmissionsResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListSubmissionsResponse> {
        std::vector<Listed<v1::Submission>> rows =
            talent::ListSubmissions(tx, selection, *after, *page_size + 1);
        v1::ListSubmissionsResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](v1::Submission s) {
          ShowTo(call.caller, s);
          *response.add_submissions() = std::move(s);
        }));
        return response;
      });
}

absl::StatusOr<v1::Submission> PipelineService::AdvanceSubmission(
    const v1::AdvanceSubmissionRequest& request, const CallContext& call) {
  const absl::Time deadline = call.deadline;
  absl::StatusOr<SubmissionKey> key = ParseSubmissionName(request.name());
  if (!key.ok()) return key.status();
  FieldViolations violations;
  if (request.stage() == v1::Submission::STAGE_UNSPECIFIED ||
      !v1::Submission::Stage_IsValid(request.stage())) {
    violations.Add("stage", "must be a Submission.Stage");
  }
  const std::string reason(absl::StripAsciiWhitespace(request.rejection_reason()));
  if (request.stage() == v1::Submission::REJECTED && reason.empty()) {
    violations.Add("rejection_reason", "is required to reject a submission");
  }
  CheckNote(request.note(), violations);
  if (reason.size() > kMaxNote || HasControlCharacter(reason)) {
    violations.Add("rejection_reason", "must be at most 4000 characters, no control characters");
  }
  const std::string override_reason(absl::StripAsciiWhitespace(request.override_reason()));
  if (!override_reason.empty()) {
    if (request.stage() != v1::Submission::OFFER && request.stage() != v1::Submission::HIRED) {
      violations.Add("override_reason", "is only for a move to OFFER (or straight to HIRED)");
    }
    if (override_reason.size() > 500 || HasControlCharacter(override_reason)) {
      violations.Add("override_reason", "must be at most 500 characters, no control characters");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return pool_.InTransaction<v1::Submission>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Submission> {
        std::optional<v1::Submission> submission = FindSubmission(tx, *key, true);
        if (!submission) return NotFound(request.name());
        if (!request.etag().empty() && request.etag() != submission->etag()) {
          return StaleEtag(request.name());
        }
        if (absl::Status move = CheckStageMove(submission->stage(), request.stage()); !move.ok()) {
          return move;
        }
        // An offer follows a held, scored interview, or says why it does not.
        const bool offer = MakesOffer(submission->stage(), request.stage());
        if (offer && override_reason.empty() &&
            !HasScoredCompletedInterview(tx, key->submission_id)) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(
                  request.name(),
                  " has no COMPLETED interview with a scorecard; hold one "
                  "(InterviewService) or give override_reason to make the offer without it")),
              common::v1::INTERVIEW_REQUIRED);
        }
        const std::string candidate_id = submission->candidate().substr(strlen("candidates/"));
        submission->set_stage(request.stage());
        if (request.stage() == v1::Submission::REJECTED) submission->set_rejection_reason(reason);
        AddHistory(*submission, request.stage(), call.caller, request.note(),
                   offer ? override_reason : "");
        UpdateSubmission(tx, *key, *submission);
        if (request.stage() == v1::Submission::HIRED) {
          // Hired: the candidate's other processes end.
          for (const SubmissionKey& other : OpenSubmissionsOf(tx, candidate_id)) {
            std::optional<v1::Submission> open = FindSubmission(tx, other, true);
            if (!open) continue;
            open->set_stage(v1::Submission::WITHDRAWN);
            AddHistory(*open, v1::Submission::WITHDRAWN, call.caller,
                       absl::StrCat("withdrawn: hired for ", request.name()));
            UpdateSubmission(tx, other, *open);
            if (std::optional<v1::Submission> withdrawn = FindSubmission(tx, other, false)) {
              RecordSubmissionEvent(tx, "submission.stage_changed", *withdrawn, candidate_id,
                                    call.caller);
            }
          }
        }
        std::optional<v1::Submission> updated = FindSubmission(tx, *key, false);
        if (!updated) return NotFound(request.name());
        RecordSubmissionEvent(tx, "submission.stage_changed", *updated, candidate_id, call.caller);
        FollowPipeline(tx, candidate_id, request.stage(), call.caller);
        return *updated;
      });
}

}  // namespace meridian::talent
