#include "services/placement/placement_service.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/api/filter.h"
#include "common/api/list_order.h"
#include "common/api/resource_names.h"
#include "common/api/text_rules.h"
#include "common/api/time_rules.h"
#include "common/api/validate_only.h"
#include "common/db/pool.h"
#include "common/errors/errors.h"
#include "common/metrics/metrics.h"
#include "common/paging/paging.h"
#include "common/time/working_hours.h"
#include "common/util/ids.h"
#include "google/protobuf/util/time_util.h"
#include "services/placement/domain/cadence.h"
#include "services/placement/domain/risk.h"

namespace meridian::placement {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kDefaultGuaranteeDays = 90;
constexpr size_t kMaxNotes = 4000;

absl::CivilDay DayOf(const google::type::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

google::type::Date DateOf(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

bool IsRealDate(const google::type::Date& date) {
  return CalendarDay(date) && date.year() >= 2000 && date.year() <= 2100;
}

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

absl::StatusOr<std::string> ParsePlacementName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, {"placements"}, field);
  if (!ids.ok()) return ids.status();
  return (*ids)[0];
}

struct CheckInKey {
  std::string placement_id;
  std::string check_in_id;
};

absl::StatusOr<CheckInKey> ParseCheckInName(absl::string_view name) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(name, {"placements", "checkIns"}, "name");
  if (!ids.ok()) return ids.status();
  return CheckInKey{(*ids)[0], (*ids)[1]};
}

absl::Status Ended(absl::string_view name) {
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(name, " has ended; it takes no more changes")),
      common::v1::PLACEMENT_ENDED);
}

// True when the reason is not the client's own: the guarantee covers it.
bool GuaranteeCovers(v1::EndReason reason) {
  return reason == v1::PERFORMANCE || reason == v1::CANDIDATE_LEFT;
}

bool IsEndReason(int reason) {
  return reason != v1::END_REASON_UNSPECIFIED && v1::EndReason_IsValid(reason);
}

// "2027-03-12", for messages.
std::string IsoDate(const google::type::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

// The placement `id`, locked, for a change that `name` asks for with `etag` (optional): it
// exists, has not ended and the etag, when given, is its own.
absl::StatusOr<StoredPlacement> LockForChange(pqxx::work& tx, const std::string& id,
                                              const std::string& name, const std::string& etag) {
  std::optional<StoredPlacement> stored = FindPlacement(tx, id, true);
  if (!stored) return NotFound(name);
  const v1::Placement& placement = stored->placement;
  if (placement.state() == v1::Placement::ENDED) {
    if (placement.trial().outcome() == v1::TrialOutcome::FAILED) {
      return WithReason(absl::FailedPreconditionError(absl::StrCat(
                            name,
                            " has ended: its trial was recorded as FAILED, which ended it; "
                            "it takes no more changes")),
                        common::v1::PLACEMENT_ENDED);
    }
    return Ended(name);
  }
  if (!etag.empty() && etag != placement.etag()) return StaleEtag(name);
  return std::move(*stored);
}

// Ends the placement in `tx` as of `now`, exactly as EndPlacement does: inside the guarantee
// period, for a reason the guarantee covers, a replacement starts. The ending and its
// follow-up (release the candidate, and the replacement's steps) commit together; the worker
// carries the steps out.
void EndWithFollowUp(pqxx::work& tx, StoredPlacement& stored, v1::EndReason reason,
                     const std::string& note, absl::Time now) {
  v1::Placement& placement = stored.placement;
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(placement.time_zone(), &zone)) zone = absl::UTCTimeZone();
  const bool within_guarantee = absl::ToCivilDay(now, zone) <= DayOf(placement.guarantee_end());
  placement.set_state(v1::Placement::ENDED);
  placement.set_end_reason(reason);
  placement.set_end_note(note);
  if (within_guarantee && GuaranteeCovers(reason)) {
    placement.mutable_replacement()->set_state(v1::Placement::Replacement::PENDING);
  }
  UpdatePlacement(tx, stored);
  InsertTask(tx, NewResourceId(), stored.id, "END_PLACEMENT");
}

// An outcome the trial's state does not allow (no trial, or already PASSED).
absl::Status TrialRefused(const std::string& message, absl::string_view from,
                          v1::TrialOutcome::Outcome to) {
  return WithReason(absl::FailedPreconditionError(message), common::v1::ILLEGAL_STATE_TRANSITION,
                    {{"from", std::string(from)}, {"to", v1::TrialOutcome::Outcome_Name(to)}});
}

// Schedules the check-in with `ordinal` in the placement's cadence.
void ScheduleCheckIn(pqxx::work& tx, const StoredPlacement& stored, const CadenceSpec& cadence,
                     const absl::TimeZone& zone, int ordinal) {
  StoredCheckIn check_in;
  check_in.id = NewResourceId();
  check_in.placement_id = stored.id;
  check_in.ordinal = ordinal;
  *check_in.check_in.mutable_due_time() =
      ToTimestamp(DueTime(cadence, DayOf(stored.placement.start_date()), zone, ordinal));
  InsertCheckIn(tx, check_in);
}

CheckInFacts FactsOf(const v1::CheckIn& check_in) {
  CheckInFacts facts;
  facts.due_time = ToTime(check_in.due_time());
  if (check_in.has_complete_time()) facts.complete_time = ToTime(check_in.complete_time());
  facts.client_rating = check_in.client_rating();
  facts.candidate_rating = check_in.candidate_rating();
  for (int concern : check_in.concerns()) facts.concerns.push_back(concern);
  return facts;
}

struct PlacementFilter {
  std::string state;  // ACTIVE, AT_RISK or ENDED
  std::string client_id;
  std::optional<bool> at_risk;
};

absl::StatusOr<PlacementFilter> ParsePlacementFilter(absl::string_view filter) {
  absl::StatusOr<EqualityFilter> terms =
      ParseEqualityFilter(filter, {"state", "client", "at_risk"});
  if (!terms.ok()) return terms.status();
  PlacementFilter parsed;
  if (auto it = terms->find("state"); it != terms->end()) {
    if (it->second != "ACTIVE" && it->second != "AT_RISK" && it->second != "ENDED") {
      return InvalidArgument("filter", "state must be ACTIVE, AT_RISK or ENDED");
    }
    parsed.state = it->second;
  }
  if (auto it = terms->find("client"); it != terms->end()) {
    absl::StatusOr<std::vector<std::string>> ids =
        ParseResourceName(it->second, {"clients"}, "filter");
    if (!ids.ok()) return ids.status();
    parsed.client_id = (*ids)[0];
  }
  if (auto it = terms->find("at_risk"); it != terms->end()) {
    if (it->second != "true" && it->second != "false") {
      return InvalidArgument("filter", "at_risk must be true or false");
    }
    parsed.at_risk = it->second == "true";
  }
  return parsed;
}

struct AgendaFilter {
  std::optional<absl::Time> due_before;
  bool overdue = false;
  std::optional<bool> completed;
};

absl::StatusOr<AgendaFilter> ParseAgendaFilter(absl::string_view filter) {
  absl::StatusOr<EqualityFilter> terms =
      ParseEqualityFilter(filter, {"due_before", "overdue", "completed"});
  if (!terms.ok()) return terms.status();
  AgendaFilter parsed;
  if (auto it = terms->find("due_before"); it != terms->end()) {
    // Range-checked here: PostgreSQL refuses a year such as -5000 ("timestamp out of range").
    parsed.due_before = ParseApiTime(it->second);
    if (!parsed.due_before) {
      return InvalidArgument(
          "filter", absl::StrCat("due_before must be an RFC 3339 time from ", kApiTimeRange,
                                 ", such as 2027-03-01T00:00:00Z"));
    }
  }
  if (auto it = terms->find("overdue"); it != terms->end()) {
    if (it->second != "true") return InvalidArgument("filter", "overdue can only be true");
    parsed.overdue = true;
  }
  if (auto it = terms->find("completed"); it != terms->end()) {
    if (it->second != "true" && it->second != "false") {
      return InvalidArgument("filter", "completed must be true or false");
    }
    parsed.completed = it->second == "true";
  }
  return parsed;
}

}  // namespace

v1::Placement PlacementService::WithHealth(pqxx::work& tx, StoredPlacement stored) const {
  v1::Placement& placement = stored.placement;
  if (placement.state() == v1::Placement::ENDED) {
    placement.mutable_health()->set_score(0);
    return std::move(placement);
  }
  std::vector<CheckInFacts> facts;
  for (const StoredCheckIn& check_in : CheckInsOf(tx, stored.id)) {
    facts.push_back(FactsOf(check_in.check_in));
  }
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(placement.time_zone(), &zone)) zone = absl::UTCTimeZone();
  TrialFacts trial;
  if (placement.has_trial_end()) trial.trial_end = DayOf(placement.trial_end());
  trial.decided = placement.trial().outcome() == v1::TrialOutcome::PASSED ||
                  placement.trial().outcome() == v1::TrialOutcome::FAILED;
  const RiskAssessment risk = AssessRisk(facts, clock_(), zone, trial);
  placement.mutable_health()->set_score(risk.score);
  for (const std::string& reason : risk.reasons) placement.mutable_health()->add_reasons(reason);
  placement.set_state(risk.at_risk ? v1::Placement::AT_RISK : v1::Placement::ACTIVE);
  return std::move(placement);
}

absl::StatusOr<v1::Placement> PlacementService::CreatePlacement(
    const v1::CreatePlacementRequest& request, const CallContext& call) {
  const absl::Time deadline = call.deadline;
  const v1::Placement& input = request.placement();
  FieldViolations violations;
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(
      input.submission(), {"clients", "roles", "submissions"}, "placement.submission");
  if (!ids.ok()) return ids.status();
  if (!input.has_start_date()) {
    violations.Add("placement.start_date", "is required");
  } else if (!IsRealDate(input.start_date())) {
    violations.Add("placement.start_date", "must be a real date between 2000 and 2100");
  }
  if (input.has_trial_end() &&
      (!IsRealDate(input.trial_end()) ||
       (input.has_start_date() && DayOf(input.trial_end()) < DayOf(input.start_date())))) {
    violations.Add("placement.trial_end", "must be a real date on or after start_date");
  }
  if (input.guarantee_days() < 0 || input.guarantee_days() > 730) {
    violations.Add("placement.guarantee_days", "must be between 0 and 730 (0 means 90)");
  }
  absl::StatusOr<CadenceSpec> cadence = PrepareCadence(input.cadence());
  if (!cadence.ok()) {
    if (auto details = GetBadRequest(cadence.status())) {
      for (const auto& v : details->field_violations()) {
        violations.Add(absl::StrCat("placement.", v.field()), v.description());
      }
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  // The hire and its role, read through the other services' contracts.
  absl::StatusOr<talent::v1::Submission> submission =
      gateway_.GetSubmission(input.submission(), deadline);
  if (!submission.ok()) return submission.status();
  if (submission->stage() != talent::v1::Submission::HIRED) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat(input.submission(), " is at stage ",
                                       talent::v1::Submission::Stage_Name(submission->stage()),
                                       "; a placement starts from a HIRED submission")),
                      common::v1::SUBMISSION_NOT_HIRED);
  }
  const std::string role_name = absl::StrCat("clients/", (*ids)[0], "/roles/", (*ids)[1]);
  absl::StatusOr<intake::v1::Role> role = gateway_.GetRole(role_name, deadline);
  if (!role.ok()) return role.status();
  absl::StatusOr<absl::TimeZone> zone = LoadIanaTimeZone(role->working_hours().time_zone());
  if (!zone.ok()) return absl::InternalError("the role's time zone does not load");

  const auto work = [&](pqxx::work& tx) -> absl::StatusOr<v1::Placement> {
    StoredPlacement stored;
    stored.id = NewResourceId();
    const std::string name = absl::StrCat("placements/", stored.id);
    if (std::optional<std::string> existing = FindPlacementBySubmission(tx, input.submission())) {
      return WithReason(absl::AlreadyExistsError(absl::StrCat(
                            input.submission(), " already has a placement: ", *existing)),
                        common::v1::PLACEMENT_EXISTS, {{"existing_placement", *existing}});
    }
    stored.client_id = (*ids)[0];
    stored.role_id = (*ids)[1];
    stored.candidate_id = submission->candidate().substr(strlen("candidates/"));
    v1::Placement& placement = stored.placement;
    placement.set_submission(input.submission());
    *placement.mutable_start_date() = input.start_date();
    if (input.has_trial_end()) *placement.mutable_trial_end() = input.trial_end();
    const int guarantee =
        input.guarantee_days() == 0 ? kDefaultGuaranteeDays : input.guarantee_days();
    placement.set_guarantee_days(guarantee);
    *placement.mutable_guarantee_end() = DateOf(DayOf(input.start_date()) + guarantee);
    *placement.mutable_cadence() = ToProto(*cadence);
    placement.set_time_zone(role->working_hours().time_zone());
    // Who and what, for lists (the names as they were when the hire was placed).
    placement.set_candidate_display_name(submission->candidate_display_name());
    placement.set_role_title(role->title());
    placement.set_client_display_name(role->client_display_name());
    placement.set_state(v1::Placement::ACTIVE);
    InsertPlacement(tx, stored);
    for (size_t n = 0; n < cadence->weeks.size(); ++n) {
      ScheduleCheckIn(tx, stored, *cadence, *zone, static_cast<int>(n));
    }
    // Mark the role FILLED at intake once its headcount is placed: a task, so that an
    // intake outage now delays it rather than failing the placement.
    InsertTask(tx, NewResourceId(), stored.id, "FILL_ROLE");
    std::optional<StoredPlacement> created = FindPlacement(tx, stored.id, false);
    if (!created) return NotFound(name);
    v1::Placement shown = WithHealth(tx, *created);
    RecordPlacementEvent(tx, "placement.created", *created, shown, call.caller);
    return shown;
  };
  absl::StatusOr<v1::Placement> created =
      pool_.InTransactionOrDryRun<v1::Placement>(request.validate_only(), deadline, work);
  // Two creates for one submission at once: both pass the check above, and the second's
  // insert waits for the first's commit and fails on the unique submission (ABORTED, a
  // concurrent conflict). Tried once more it finds the placement and answers ALREADY_EXISTS
  // naming it, as a create that came later does (and as CreateCandidate does).
  if (db::IsConcurrentConflict(created.status())) {
    created = pool_.InTransactionOrDryRun<v1::Placement>(request.validate_only(), deadline, work);
  }
  if (created.ok() && request.validate_only()) ClearIdentityFields(*created);
  return created;
}

absl::StatusOr<v1::Placement> PlacementService::GetPlacement(const v1::GetPlacementRequest& request,
                                                             absl::Time deadline) {
  absl::StatusOr<std::string> id = ParsePlacementName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<v1::Placement>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Placement> {
        std::optional<StoredPlacement> found = FindPlacement(tx, *id, false);
        if (!found) return NotFound(request.name());
        return WithHealth(tx, std::move(*found));
      });
}

absl::StatusOr<v1::ListPlacementsResponse> PlacementService::ListPlacements(
    const v1::ListPlacementsRequest& request, absl::Time deadline) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<PlacementFilter> filter = ParsePlacementFilter(request.filter());
  if (!filter.ok()) return filter.status();
  absl::StatusOr<ListOrder> order =
      ParseCreateTimeOrder(request.order_by(), ListOrder::kNewestFirst);
  if (!order.ok()) return order.status();
  const std::string fingerprint =
      absl::StrCat("ListPlacements|", filter->state, "|", filter->client_id, "|",
                   filter->at_risk ? (*filter->at_risk ? "1" : "0") : "", "|", OrderKey(*order));
  absl::StatusOr<int64_t> before = DecodePageToken(request.page_token(), fingerprint);
  if (!before.ok()) return before.status();
  // AT_RISK depends on "now", so the filter is applied after health is worked out, scanning
  // in batches until the page is full.
  const std::string stored_state = filter->state == "ENDED"                    ? "ENDED"
                                   : filter->state.empty() && !filter->at_risk ? ""
                                                                               : "ACTIVE";
  return pool_.InTransaction<v1::ListPlacementsResponse>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListPlacementsResponse> {
        v1::ListPlacementsResponse response;
        int64_t cursor = *before;
        bool exhausted = false;
        while (response.placements_size() < *page_size && !exhausted) {
          std::vector<StoredPlacement> batch =
              placement::ListPlacements(tx, *order, cursor, filter->client_id, stored_state, 200);
          exhausted = batch.size() < 200;
          for (StoredPlacement& stored : batch) {
            cursor = stored.seq;
            v1::Placement placement = WithHealth(tx, std::move(stored));
            const bool at_risk = placement.state() == v1::Placement::AT_RISK;
            if (filter->state == "AT_RISK" && !at_risk) continue;
            if (filter->state == "ACTIVE" && at_risk) continue;
            if (filter->at_risk && *filter->at_risk != at_risk) continue;
            *response.add_placements() = std::move(placement);
            if (response.placements_size() == *page_size) {
              exhausted = false;
              break;
            }
          }
          if (response.placements_size() == *page_size) break;
        }
        if (!exhausted && response.placements_size() == *page_size) {
          response.set_next_page_token(EncodePageToken(cursor, fingerprint));
        }
        return response;
      });
}

absl::StatusOr<v1::ListCheckInsResponse> PlacementService::ListCheckIns(
    const v1::ListCheckInsRequest& request, absl::Time deadline) {
  AgendaQuery query;
  if (request.parent() != "placements/-") {
    absl::StatusOr<std::string> id = ParsePlacementName(request.parent(), "parent");
    if (!id.ok()) return id.status();
    query.placement_id = *id;
  }
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<AgendaFilter> filter = ParseAgendaFilter(request.filter());
  if (!filter.ok()) return filter.status();
  const absl::Time now = clock_();
  query.due_before = filter->due_before;
  query.completed = filter->completed;
  if (filter->overdue) {
    query.completed = false;
    query.due_before = query.due_before ? std::min(*query.due_before, now) : now;
  }
  const std::string fingerprint = absl::StrCat("ListCheckIns|", request.parent(), "|",
                                               absl::StripAsciiWhitespace(request.filter()));
  absl::StatusOr<std::string> position = DecodeOpaqueToken(request.page_token(), fingerprint);
  if (!position.ok()) return position.status();
  if (!position->empty()) {
    // "<due micros>/<check-in id>"
    const size_t slash = position->find('/');
    int64_t micros = 0;
    // The token's check is not a secret, so its time is range-checked like any input.
    if (slash == std::string::npos || !absl::SimpleAtoi(position->substr(0, slash), &micros) ||
        !IsApiTime(absl::FromUnixMicros(micros))) {
      return InvalidArgument("page_token", "was not issued for this request");
    }
    query.after_due = absl::FromUnixMicros(micros);
    query.after_id = position->substr(slash + 1);
  }
  query.limit = *page_size + 1;
  return pool_.InTransaction<v1::ListCheckInsResponse>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListCheckInsResponse> {
        if (!query.placement_id.empty() && !FindPlacement(tx, query.placement_id, false)) {
          return NotFound(request.parent());
        }
        std::vector<StoredCheckIn> rows = ListAgenda(tx, query);
        v1::ListCheckInsResponse response;
        const bool more = static_cast<int>(rows.size()) > *page_size;
        if (more) rows.pop_back();
        for (StoredCheckIn& row : rows) {
          row.check_in.set_overdue(!row.check_in.has_complete_time() &&
                                   ToTime(row.check_in.due_time()) < now);
          *response.add_check_ins() = std::move(row.check_in);
        }
        if (more) {
          const StoredCheckIn& last = rows.back();
          response.set_next_page_token(EncodeOpaqueToken(
              absl::StrCat(TimeUtil::TimestampToMicroseconds(last.check_in.due_time()), "/",
                           last.id),
              fingerprint));
        }
        return response;
      });
}

absl::StatusOr<v1::CheckIn> PlacementService::RecordCheckIn(const v1::RecordCheckInRequest& request,
                                                            const CallContext& call) {
  const absl::Time deadline = call.deadline;
  absl::StatusOr<CheckInKey> key = ParseCheckInName(request.name());
  if (!key.ok()) return key.status();
  FieldViolations violations;
  if (request.client_rating() < 1 || request.client_rating() > 5) {
    violations.Add("client_rating", "must be between 1 and 5");
  }
  if (request.candidate_rating() < 1 || request.candidate_rating() > 5) {
    violations.Add("candidate_rating", "must be between 1 and 5");
  }
  std::set<int> concerns;
  for (int i = 0; i < request.concerns_size(); ++i) {
    const int concern = request.concerns(i);
    if (concern == v1::CONCERN_UNSPECIFIED || !v1::Concern_IsValid(concern)) {
      violations.Add(absl::StrCat("concerns[", i, "]"), "is not a known concern");
    }
    concerns.insert(concern);
  }
  if (request.notes().size() > kMaxNotes || HasControlCharacter(request.notes())) {
    violations.Add("notes", "must be at most 4000 characters, no control characters");
  }
  if (request.next_steps().size() > kMaxNotes || HasControlCharacter(request.next_steps())) {
    violations.Add("next_steps", "must be at most 4000 characters, no control characters");
  }
  const absl::Time now = clock_();
  // When it happened: now, or a moment the recruiter gives (a call yesterday recorded today).
  absl::Time held = now;
  if (request.has_complete_time()) {
    // Seconds and nanos read apart: a wild value must not overflow a conversion.
    held = absl::FromUnixSeconds(request.complete_time().seconds()) +
           absl::Nanoseconds(request.complete_time().nanos());
    if (request.complete_time().nanos() < 0 || request.complete_time().nanos() > 999999999 ||
        held > now + absl::Minutes(5) || held < now - absl::Hours(24 * 30)) {
      violations.Add("complete_time", "must not be in the future, and at most 30 days ago");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return pool_.InTransaction<v1::CheckIn>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::CheckIn> {
        std::optional<StoredPlacement> placement = FindPlacement(tx, key->placement_id, true);
        if (!placement) return NotFound(absl::StrCat("placements/", key->placement_id));
        std::optional<StoredCheckIn> check_in =
            FindCheckIn(tx, key->placement_id, key->check_in_id, true);
        if (!check_in) return NotFound(request.name());
        if (placement->placement.state() == v1::Placement::ENDED) {
          return Ended(placement->placement.name());
        }
        if (check_in->check_in.has_complete_time()) {
          return WithReason(absl::FailedPreconditionError(
                                absl::StrCat(request.name(),
                                             " was already recorded; a check-in is recorded "
                                             "once")),
                            common::v1::CHECK_IN_RECORDED);
        }
        v1::CheckIn& recorded = check_in->check_in;
        *recorded.mutable_complete_time() = ToTimestamp(held);
        recorded.set_client_rating(request.client_rating());
        recorded.set_candidate_rating(request.candidate_rating());
        recorded.clear_concerns();
        for (int concern : concerns) recorded.add_concerns(static_cast<v1::Concern>(concern));
        recorded.set_notes(request.notes());
        recorded.set_next_steps(request.next_steps());
        UpdateCheckIn(tx, *check_in);
        // Every 4 weeks (or as the cadence says) while the placement lasts: keep one ahead.
        bool pending = false;
        for (const StoredCheckIn& other : CheckInsOf(tx, key->placement_id)) {
          pending |= !other.check_in.has_complete_time();
        }
        if (!pending) {
          absl::StatusOr<CadenceSpec> cadence = PrepareCadence(placement->placement.cadence());
          absl::TimeZone zone;
          if (cadence.ok() && absl::LoadTimeZone(placement->placement.time_zone(), &zone)) {
            ScheduleCheckIn(tx, *placement, *cadence, zone, LastOrdinal(tx, key->placement_id) + 1);
          }
        }
        std::optional<StoredCheckIn> updated =
            FindCheckIn(tx, key->placement_id, key->check_in_id, false);
        if (!updated) return NotFound(request.name());
        RecordCheckInEvent(tx, "check_in.recorded", *placement, updated->check_in, call.caller);
        return updated->check_in;
      });
}

absl::StatusOr<v1::CheckIn> PlacementService::RescheduleCheckIn(
    const v1::RescheduleCheckInRequest& request, const CallContext& call) {
  const absl::Time deadline = call.deadline;
  absl::StatusOr<CheckInKey> key = ParseCheckInName(request.name());
  if (!key.ok()) return key.status();
  // 2000-01-01 to 2100-01-01, whole or fractional seconds.
  if (!request.has_due_time() || request.due_time().seconds() < 946684800 ||
      request.due_time().seconds() > 4102444800 || request.due_time().nanos() < 0 ||
      request.due_time().nanos() > 999999999) {
    return InvalidArgument("due_time", "is required: a time between 2000 and 2100");
  }
  const absl::Time now = clock_();
  return pool_.InTransaction<v1::CheckIn>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::CheckIn> {
        std::optional<StoredPlacement> placement = FindPlacement(tx, key->placement_id, true);
        if (!placement) return NotFound(absl::StrCat("placements/", key->placement_id));
        std::optional<StoredCheckIn> check_in =
            FindCheckIn(tx, key->placement_id, key->check_in_id, true);
        if (!check_in) return NotFound(request.name());
        if (placement->placement.state() == v1::Placement::ENDED) {
          return Ended(placement->placement.name());
        }
        if (check_in->check_in.has_complete_time()) {
          return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                request.name(), " was already recorded; it cannot move")),
                            common::v1::CHECK_IN_RECORDED);
        }
        *check_in->check_in.mutable_due_time() = request.due_time();
        UpdateCheckIn(tx, *check_in);
        std::optional<StoredCheckIn> updated =
            FindCheckIn(tx, key->placement_id, key->check_in_id, false);
        if (!updated) return NotFound(request.name());
        updated->check_in.set_overdue(ToTime(updated->check_in.due_time()) < now);
        RecordCheckInEvent(tx, "check_in.rescheduled", *placement, updated->check_in, call.caller);
        return updated->check_in;
      });
}

absl::StatusOr<v1::Placement> PlacementService::EndPlacement(const v1::EndPlacementRequest& request,
                                                             const CallContext& call) {
  const absl::Time deadline = call.deadline;
  absl::StatusOr<std::string> id = ParsePlacementName(request.name(), "name");
  if (!id.ok()) return id.status();
  FieldViolations violations;
  if (!IsEndReason(request.reason())) {
    violations.Add("reason", "must be an EndReason such as PERFORMANCE or CANDIDATE_LEFT");
  }
  if (request.note().size() > kMaxNotes || HasControlCharacter(request.note())) {
    violations.Add("note", "must be at most 4000 characters, no control characters");
  }
  if (!violations.empty()) return violations.ToStatus();
  const absl::Time now = clock_();
  return pool_.InTransaction<v1::Placement>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Placement> {
        absl::StatusOr<StoredPlacement> stored =
            LockForChange(tx, *id, request.name(), request.etag());
        if (!stored.ok()) return stored.status();
        EndWithFollowUp(tx, *stored, request.reason(), request.note(), now);
        std::optional<StoredPlacement> ended = FindPlacement(tx, *id, false);
        if (!ended) return NotFound(request.name());
        v1::Placement shown = WithHealth(tx, *ended);
        RecordPlacementEvent(tx, "placement.ended", *ended, shown, call.caller);
        return shown;
      });
}

absl::StatusOr<v1::Placement> PlacementService::RecordTrialOutcome(
    const v1::RecordTrialOutcomeRequest& request, const CallContext& call) {
  using Outcome = v1::TrialOutcome;
  const absl::Time deadline = call.deadline;
  absl::StatusOr<std::string> id = ParsePlacementName(request.name(), "name");
  if (!id.ok()) return id.status();
  const int outcome = request.outcome();
  FieldViolations violations;
  if (outcome == Outcome::OUTCOME_UNSPECIFIED || !Outcome::Outcome_IsValid(outcome)) {
    violations.Add("outcome", "must be PASSED, EXTENDED or FAILED");
  }
  if (outcome == Outcome::EXTENDED) {
    if (!request.has_new_trial_end()) {
      violations.Add("new_trial_end", "is required with EXTENDED: the trial's new last day");
    } else if (!IsRealDate(request.new_trial_end())) {
      violations.Add("new_trial_end", "must be a real date between 2000 and 2100");
    }
  } else if (request.has_new_trial_end()) {
    violations.Add("new_trial_end", "is only for EXTENDED");
  }
  if (outcome == Outcome::FAILED) {
    if (!IsEndReason(request.end_reason())) {
      violations.Add("end_reason",
                     "is required with FAILED: an EndReason such as PERFORMANCE or "
                     "CANDIDATE_LEFT");
    }
  } else if (request.end_reason() != v1::END_REASON_UNSPECIFIED) {
    violations.Add("end_reason", "is only for FAILED");
  }
  if (request.notes().size() > kMaxNotes || HasControlCharacter(request.notes())) {
    violations.Add("notes", "must be at most 4000 characters, no control characters");
  }
  if (!violations.empty()) return violations.ToStatus();
  const auto asked = static_cast<Outcome::Outcome>(outcome);
  const absl::Time now = clock_();
  return pool_.InTransaction<v1::Placement>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Placement> {
        absl::StatusOr<StoredPlacement> stored =
            LockForChange(tx, *id, request.name(), request.etag());
        if (!stored.ok()) return stored.status();
        v1::Placement& placement = stored->placement;
        if (!placement.has_trial_end()) {
          return TrialRefused(absl::StrCat(request.name(),
                                           " has no trial (no trial_end): there is no trial "
                                           "outcome to record"),
                              "NO_TRIAL", asked);
        }
        if (placement.trial().outcome() == Outcome::PASSED) {
          return TrialRefused(absl::StrCat(request.name(),
                                           "'s trial was already recorded as "
                                           "PASSED, which is final"),
                              "PASSED", asked);
        }
        if (asked == Outcome::EXTENDED &&
            DayOf(request.new_trial_end()) <= DayOf(placement.trial_end())) {
          return InvalidArgument("new_trial_end",
                                 absl::StrCat("must be after the current trial_end, ",
                                              IsoDate(placement.trial_end())));
        }
        v1::TrialOutcome& trial = *placement.mutable_trial();
        // The first extension keeps the end the placement was created with; later ones leave it.
        if (asked == Outcome::EXTENDED && !trial.has_original_trial_end()) {
          *trial.mutable_original_trial_end() = placement.trial_end();
        }
        trial.set_outcome(asked);
        *trial.mutable_record_time() = ToTimestamp(now);
        trial.set_end_reason(asked == Outcome::FAILED ? request.end_reason()
                                                      : v1::END_REASON_UNSPECIFIED);
        trial.set_notes(request.notes());
        if (asked == Outcome::EXTENDED) *placement.mutable_trial_end() = request.new_trial_end();
        if (asked == Outcome::FAILED) {
          EndWithFollowUp(tx, *stored, request.end_reason(), request.notes(), now);
        } else {
          UpdatePlacement(tx, *stored);
        }
        std::optional<StoredPlacement> updated = FindPlacement(tx, *id, false);
        if (!updated) return NotFound(request.name());
        v1::Placement shown = WithHealth(tx, *updated);
        RecordPlacementEvent(tx, "placement.trial_recorded", *updated, shown, call.caller);
        // A FAILED trial is an end like any other for those who follow ends.
        if (asked == Outcome::FAILED) {
          RecordPlacementEvent(tx, "placement.ended", *updated, shown, call.caller);
        }
        return shown;
      });
}

absl::StatusOr<int> PlacementService::ReportTransitions(absl::Time deadline) {
  absl::StatusOr<std::vector<std::string>> ids = pool_.InTransaction<std::vector<std::string>>(
      deadline, [](pqxx::work& tx) -> absl::StatusOr<std::vector<std::string>> {
        return ActivePlacementIds(tx);
      });
  if (!ids.ok()) return ids.status();
  // The service itself makes these changes: no key is the actor.
  const Caller service;
  int written = 0;
  for (const std::string& id : *ids) {
    absl::StatusOr<int> events =
        pool_.InTransaction<int>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<int> {
          std::optional<bool> reported = LockReportedRisk(tx, id);
          if (!reported) return 0;
          std::optional<StoredPlacement> stored = FindPlacement(tx, id, false);
          if (!stored) return 0;
          const v1::Placement shown = WithHealth(tx, *stored);
          const bool at_risk = shown.state() == v1::Placement::AT_RISK;
          if (at_risk == *reported) return 0;
          SetReportedRisk(tx, id, at_risk);
          RecordPlacementEvent(tx, at_risk ? "placement.at_risk" : "placement.back_to_active",
                               *stored, shown, service);
          return 1;
        });
    if (!events.ok()) return events.status();
    written += *events;
  }
  const absl::Time now = clock_();
  absl::StatusOr<int> overdue =
      pool_.InTransaction<int>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<int> {
        int count = 0;
        for (StoredCheckIn& check_in : OverdueUnreported(tx, now, 1000)) {
          std::optional<StoredPlacement> placement =
              FindPlacement(tx, check_in.placement_id, false);
          if (!placement) continue;
          MarkOverdueReported(tx, check_in.id);
          check_in.check_in.set_overdue(true);
          RecordCheckInEvent(tx, "check_in.overdue", *placement, check_in.check_in, service);
          ++count;
        }
        return count;
      });
  if (!overdue.ok()) return overdue.status();
  // The gauges, as this pass leaves things.
  absl::StatusOr<PlacementStats> stats = pool_.InTransaction<PlacementStats>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<PlacementStats> {
        return ReadPlacementStats(tx, now);
      });
  if (stats.ok()) {
    MeridianMetrics& metrics = Metrics();
    metrics.placements.Add({{"state", "ACTIVE"}}).Set(stats->active);
    metrics.placements.Add({{"state", "AT_RISK"}}).Set(stats->at_risk);
    metrics.placements.Add({{"state", "ENDED"}}).Set(stats->ended);
    metrics.check_ins_open.Set(stats->check_ins_open);
    metrics.check_ins_overdue.Set(stats->check_ins_overdue);
    metrics.outbox_tasks_pending.Set(stats->tasks_pending);
    metrics.outbox_oldest_task_age.Set(absl::ToDoubleSeconds(stats->oldest_task_age));
  }
  return written + *overdue;
}

}  // namespace meridian::placement
