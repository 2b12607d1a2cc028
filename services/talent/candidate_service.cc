#include "services/talent/candidate_service.h"

#include <cmath>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/filter.h"
#include "common/api/list_order.h"
#include "common/api/resource_names.h"
#include "common/api/text_rules.h"
#include "common/api/update_mask.h"
#include "common/api/validate_only.h"
#include "common/auth/served_requests.h"
#include "common/errors/errors.h"
#include "common/events/event_log.h"
#include "common/money/money.h"
#include "common/paging/paging.h"
#include "common/skills/skill_catalog.h"
#include "common/tenancy/partner_view.h"
#include "common/util/ids.h"
#include "google/protobuf/util/time_util.h"
#include "services/talent/domain/candidate_draft.h"
#include "services/talent/domain/candidate_rules.h"
#include "services/talent/domain/countries.h"
#include "services/talent/pipeline/submission_store.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {
namespace {

const UpdateMaskRules kCandidateMaskRules = {
    .resource_field = "candidate",
    .immutable = {"name", "create_time", "update_time", "etag", "owner"},
};

// The person is already in the pool. A PARTNER learns nothing about a record that is not its
// agency's own: not its name, id or owner.
absl::Status Duplicate(const Caller& caller, const CandidateRef& existing) {
  if (caller.is_partner() && existing.owner != caller.agency) {
    return WithReason(absl::AlreadyExistsError("this person is already represented in the pool"),
                      common::v1::CANDIDATE_ALREADY_REPRESENTED);
  }
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat(
          "a candidate with this email or phone is already in the pool: ", existing.name)),
      common::v1::DUPLICATE_CANDIDATE, {{"existing_candidate", existing.name}});
}

absl::Status ExternalIdTaken(const Caller& caller, const CandidateRef& holder) {
  if (caller.is_partner() && holder.owner != caller.agency) {
    return WithReason(absl::AlreadyExistsError("another candidate already has this external id"),
                      common::v1::EXTERNAL_ID_EXISTS);
  }
  return WithReason(absl::AlreadyExistsError(absl::StrCat(
                        "another candidate already has this external id: ", holder.name)),
                    common::v1::EXTERNAL_ID_EXISTS, {{"existing_candidate", holder.name}});
}

// The checks every write of a candidate shares, after validation: the email and phone and the
// external ids are nobody else's.
absl::Status CheckUnique(pqxx::work& tx, const Caller& caller, const v1::Candidate& candidate,
                         const std::string& id) {
  if (std::optional<CandidateRef> existing = FindDuplicateCandidate(tx, candidate, id)) {
    return Duplicate(caller, *existing);
  }
  if (std::optional<CandidateRef> holder = FindExternalIdHolder(tx, candidate, id)) {
    return ExternalIdTaken(caller, *holder);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Candidate> Live(std::optional<StoredCandidate> stored, absl::string_view name) {
  // An erased candidate is gone as far as callers are concerned.
  if (!stored.has_value() || stored->erased) return NotFound(name);
  return std::move(stored->candidate);
}

// The candidate as it is now, with its event appended; as the caller may see it.
absl::StatusOr<v1::Candidate> Changed(pqxx::work& tx, absl::string_view type, const std::string& id,
                                      absl::string_view name, const Caller& caller) {
  absl::StatusOr<v1::Candidate> now = Live(FindCandidate(tx, id, false), name);
  if (!now.ok()) return now.status();
  RecordCandidateEvent(tx, type, *now, id, caller);
  ShowTo(caller, *now);
  return now;
}

// A live candidate the caller may see, as it may see it; another tenant's is NOT_FOUND.
absl::StatusOr<v1::Candidate> Visible(std::optional<StoredCandidate> stored, absl::string_view name,
                                      const Caller& caller) {
  absl::StatusOr<v1::Candidate> live = Live(std::move(stored), name);
  if (!live.ok()) return live.status();
  if (!MaySee(caller, *live)) return NotFound(name);
  ShowTo(caller, *live);
  return live;
}

// A candidate insert or update can still lose a race on the unique email/phone indexes
// after the duplicate check; it is tried once more, and the check then names the winner.
template <typename T>
absl::StatusOr<T> RetryOnConflict(const std::function<absl::StatusOr<T>()>& attempt) {
  absl::StatusOr<T> result = attempt();
  if (db::IsConcurrentConflict(result.status())) result = attempt();
  return result;
}

absl::StatusOr<CandidateSelection> ParseCandidateFilter(absl::string_view filter) {
  absl::StatusOr<EqualityFilter> terms =
      ParseEqualityFilter(filter, {"state", "skill", "country", "owner"});
  if (!terms.ok()) return terms.status();
  CandidateSelection parsed;
  parsed.state = (*terms)["state"];
  parsed.skill = (*terms)["skill"];
  parsed.country = (*terms)["country"];
  parsed.owner = (*terms)["owner"];
  if (!parsed.owner.empty() && parsed.owner != "none" &&
      !ParseResourceName(parsed.owner, {"agencies"}, "filter").ok()) {
    return InvalidArgument("filter", absl::StrCat("owner must be \"agencies/{agency}\" or none, "
                                                  "not ",
                                                  Quote(parsed.owner)));
  }
  v1::Candidate::State state;
  if (!parsed.state.empty() && (!v1::Candidate::State_Parse(parsed.state, &state) ||
                                state == v1::Candidate::STATE_UNSPECIFIED)) {
    return InvalidArgument("filter", absl::StrCat("state must be AVAILABLE, INTERVIEWING, PLACED "
                                                  "or INACTIVE, not ",
                                                  Quote(parsed.state)));
  }
  if (!parsed.country.empty() && !IsIsoCountryCode(parsed.country)) {
    return InvalidArgument("filter", absl::StrCat("country must be an ISO 3166 code such as PT, "
                                                  "not ",
                                                  Quote(parsed.country)));
  }
  return parsed;
}

}  // namespace

absl::StatusOr<std::string> ParseCandidateName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, {"candidates"}, field);
  if (!ids.ok()) return ids.status();
  return (*ids)[0];
}

absl::StatusOr<v1::Candidate> CandidateService::CreateCandidate(
    const v1::CreateCandidateRequest& request, const CallContext& call) {
  const absl::Time deadline = call.deadline;
  v1::Candidate prepared = request.candidate();
  ClearOutputOnlyFields(prepared);
  prepared.set_owner(OwnerFor(call.caller));
  {
    FieldViolations violations;
    CheckExternalIds(call.caller, prepared, "candidate", violations);
    if (!violations.empty()) return violations.ToStatus();
  }
  if (prepared.state() == v1::Candidate::STATE_UNSPECIFIED) {
    prepared.set_state(v1::Candidate::AVAILABLE);
  } else if (prepared.state() != v1::Candidate::AVAILABLE &&
             prepared.state() != v1::Candidate::INACTIVE) {
    return InvalidArgument("candidate.state",
                           "must be AVAILABLE or INACTIVE on create; the pipeline sets the rest");
  }
  const std::function<absl::StatusOr<v1::Candidate>()> attempt = [&] {
    return pool_.InTransactionOrDryRun<v1::Candidate>(
        request.validate_only(), deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Candidate> {
          v1::Candidate candidate = prepared;
          if (absl::Status valid = PrepareCandidate(candidate, "candidate", LoadSkillCatalog(tx));
              !valid.ok()) {
            return valid;
          }
          if (candidate.has_monthly_rate()) {
            if (absl::Status valid =
                    CheckMonthlyAmountInUsd(tx, candidate.monthly_rate(), "candidate.monthly_rate");
                !valid.ok()) {
              return valid;
            }
          }
          const std::string id = NewResourceId();
          const std::string name = absl::StrCat("candidates/", id);
          if (absl::Status unique = CheckUnique(tx, call.caller, candidate, id); !unique.ok()) {
            return unique;
          }
          InsertCandidate(tx, id, candidate);
          StoreExternalIds(tx, id, candidate);
          RecordCandidateChange(tx, id);
          return Changed(tx, "candidate.created", id, name, call.caller);
        });
  };
  absl::StatusOr<v1::Candidate> created = RetryOnConflict(attempt);
  if (created.ok() && request.validate_only()) ClearIdentityFields(*created);
  return created;
}

absl::StatusOr<v1::Candidate> CandidateService::GetCandidate(const v1::GetCandidateRequest& request,
                                                             const CallContext& call) {
  absl::StatusOr<std::string> id = ParseCandidateName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<v1::Candidate>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Candidate> {
        return Visible(FindCandidate(tx, *id, false), request.name(), call.caller);
      });
}

absl::StatusOr<v1::Candidate> CandidateService::LookupCandidate(
    const v1::LookupCandidateRequest& request, const CallContext& call) {
  std::string agency = request.agency();
  if (agency.empty() && call.caller.is_partner()) agency = call.caller.agency;
  FieldViolations violations;
  if (agency.empty()) {
    violations.Add("agency", "is required: the agency whose id this is, \"agencies/{agency}\"");
  } else if (!ParseResourceName(agency, {"agencies"}, "agency").ok()) {
    violations.Add("agency", "must be an agency's name, \"agencies/{agency}\"");
  }
  if (request.external_id().empty() || request.external_id().size() > kMaxExternalIdLength) {
    violations.Add("external_id", "is required, 1-128 characters");
  }
  if (!violations.empty()) return violations.ToStatus();
  const std::string what =
      absl::StrCat("the candidate ", agency, " knows as ", Quote(request.external_id()));
  // A partner looks up only its own agency's ids: any other agency's are not there for it.
  if (call.caller.is_partner() && agency != call.caller.agency) return NotFound(what);
  return pool_.InTransaction<v1::Candidate>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Candidate> {
        std::optional<std::string> id =
            FindCandidateByExternalId(tx, agency, request.external_id());
        if (!id) return NotFound(what);
        return Visible(FindCandidate(tx, *id, false), what, call.caller);
      });
}

absl::StatusOr<v1::ListCandidatesResponse> CandidateService::ListCandidates(
    const v1::ListCandidatesRequest& request, const CallContext& call) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<CandidateSelection> filter = ParseCandidateFilter(request.filter());
  if (!filter.ok()) return filter.status();
  // A partner's list is its agency's candidates, whatever the filter says.
  if (call.caller.is_partner()) filter->tenant = call.caller.agency;
  absl::StatusOr<ListOrder> order =
      ParseCreateTimeOrder(request.order_by(), ListOrder::kOldestFirst);
  if (!order.ok()) return order.status();
  return pool_.InTransaction<v1::ListCandidatesResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListCandidatesResponse> {
        if (!filter->skill.empty()) {
          std::optional<std::string> id = LoadSkillCatalog(tx).Resolve(filter->skill);
          if (!id)
            return InvalidArgument("filter",
                                   absl::StrCat(Quote(filter->skill), " is not a known skill"));
          filter->skill = *id;
        }
        const std::string fingerprint =
            absl::StrCat("ListCandidates|", filter->state, "|", filter->skill, "|", filter->country,
                         "|", filter->owner, "|", filter->tenant, "|", OrderKey(*order));
        absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
        if (!after.ok()) return after.status();
        std::vector<Listed<v1::Candidate>> rows =
            talent::ListCandidates(tx, *order, *after, *page_size + 1, *filter);
        v1::ListCandidatesResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](v1::Candidate c) {
          ShowTo(call.caller, c);
          *response.add_candidates() = std::move(c);
        }));
        return response;
      });
}

absl::StatusOr<v1::Candidate> CandidateService::UpdateCandidate(
    const v1::UpdateCandidateRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseCandidateName(request.candidate().name(), "candidate.name");
  if (!id.ok()) return id.status();
  {
    FieldViolations violations;
    CheckExternalIds(call.caller, request.candidate(), "candidate", violations);
    if (!violations.empty()) return violations.ToStatus();
  }
  const std::function<absl::StatusOr<v1::Candidate>()> attempt = [&] {
    return pool_.InTransaction<v1::Candidate>(
        call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Candidate> {
          absl::StatusOr<v1::Candidate> stored =
              Live(FindCandidate(tx, *id, true), request.candidate().name());
          if (!stored.ok()) return stored.status();
          if (!MaySee(call.caller, *stored)) return NotFound(request.candidate().name());
          if (!request.candidate().etag().empty() && request.candidate().etag() != stored->etag()) {
            return StaleEtag(request.candidate().name());
          }
          v1::Candidate updated = *stored;
          if (absl::Status applied = ApplyUpdateMask(request.candidate(), request.update_mask(),
                                                     kCandidateMaskRules, &updated);
              !applied.ok()) {
            return applied;
          }
          updated.set_owner(stored->owner());  // output only: the mask cannot move a candidate
          KeepOtherAgenciesIds(call.caller, *stored, updated);
          if (updated.state() != stored->state()) {
            const auto manual = [](v1::Candidate::State s) {
              return s == v1::Candidate::AVAILABLE || s == v1::Candidate::INACTIVE;
            };
            if (!manual(stored->state()) || !manual(updated.state())) {
              return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                    "a candidate's state moves between AVAILABLE and INACTIVE "
                                    "here; INTERVIEWING and PLACED follow the pipeline (now ",
                                    v1::Candidate::State_Name(stored->state()), ")")),
                                common::v1::ILLEGAL_STATE_TRANSITION,
                                {{"from", v1::Candidate::State_Name(stored->state())},
                                 {"to", v1::Candidate::State_Name(updated.state())}});
            }
          }
          if (absl::Status valid = PrepareCandidate(updated, "candidate", LoadSkillCatalog(tx));
              !valid.ok()) {
            return valid;
          }
          if (updated.has_monthly_rate()) {
            if (absl::Status valid =
                    CheckMonthlyAmountInUsd(tx, updated.monthly_rate(), "candidate.monthly_rate");
                !valid.ok()) {
              return valid;
            }
          }
          if (absl::Status unique = CheckUnique(tx, call.caller, updated, *id); !unique.ok()) {
            return unique;
          }
          talent::UpdateCandidate(tx, *id, updated);
          StoreExternalIds(tx, *id, updated);
          RecordCandidateChange(tx, *id);
          return Changed(tx, "candidate.updated", *id, request.candidate().name(), call.caller);
        });
  };
  return RetryOnConflict(attempt);
}

absl::StatusOr<google::protobuf::Empty> CandidateService::DeleteCandidate(
    const v1::DeleteCandidateRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseCandidateName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<google::protobuf::Empty>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<google::protobuf::Empty> {
        absl::StatusOr<v1::Candidate> stored =
            Visible(FindCandidate(tx, *id, true), request.name(), call.caller);
        if (!stored.ok()) return stored.status();
        if (!request.etag().empty() && request.etag() != stored->etag()) {
          return StaleEtag(request.name());
        }
        // A placed person is under contract: their placement must end first, so that no
        // placement is left ACTIVE for someone who no longer exists here.
        if (stored->state() == v1::Candidate::PLACED) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(
                  request.name(),
                  " is PLACED: end the placement first (PlacementService.EndPlacement), or "
                  "release the candidate (ReleaseCandidate) if no placement follows them")),
              common::v1::CANDIDATE_PLACED);
        }
        EraseCandidate(tx, *id);
        // The answers kept for retries (of creates and updates) hold the personal data too,
        // and so do the earlier events about the person.
        ForgetServedRequests(tx, request.name());
        // So do those of their submissions and everything under them (interviews and
        // scorecards: the responses name the person and carry interviewers' notes).
        SubmissionSelection theirs;
        theirs.candidate_id = *id;
        for (const Listed<v1::Submission>& submission : ListSubmissions(tx, theirs, 0, 100000)) {
          ForgetServedRequests(tx, submission.resource.name());
        }
        RecordCandidateChange(tx, *id);
        RecordErasure(tx, *id);
        v1::Candidate erased;
        erased.set_name(request.name());
        erased.set_state(v1::Candidate::INACTIVE);
        erased.set_owner(stored->owner());
        EraseCandidateFromEvents(tx, *id, erased);
        RecordCandidateEvent(tx, "candidate.erased", erased, *id, call.caller);
        return google::protobuf::Empty();
      });
}

absl::StatusOr<v1::ListCandidateErasuresResponse> CandidateService::ListCandidateErasures(
    const v1::ListCandidateErasuresRequest& request, absl::Time deadline) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  constexpr absl::string_view kFingerprint = "ListCandidateErasures";
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), kFingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<v1::ListCandidateErasuresResponse>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListCandidateErasuresResponse> {
        v1::ListCandidateErasuresResponse response;
        int64_t last = *after;
        for (const Erasure& erasure : ReadErasures(tx, *after, *page_size)) {
          v1::CandidateErasure* out = response.add_erasures();
          out->set_candidate(absl::StrCat("candidates/", erasure.candidate_id));
          *out->mutable_erase_time() =
              google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(erasure.erase_time_us);
          last = erasure.seq;
        }
        // Set on every page, an empty one too: the reader polls on from here.
        response.set_next_page_token(EncodePageToken(last, kFingerprint));
        return response;
      });
}

absl::StatusOr<v1::Candidate> CandidateService::ReleaseCandidate(
    const v1::ReleaseCandidateRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseCandidateName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<v1::Candidate>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Candidate> {
        absl::StatusOr<v1::Candidate> stored = Live(FindCandidate(tx, *id, true), request.name());
        if (!stored.ok()) return stored.status();
        if (stored->state() != v1::Candidate::PLACED) return stored;
        SetCandidateState(tx, *id, v1::Candidate::AVAILABLE);
        RecordCandidateChange(tx, *id);
        return Changed(tx, "candidate.updated", *id, request.name(), call.caller);
      });
}

absl::StatusOr<v1::CandidateDraft> CandidateService::DraftCandidate(
    const v1::DraftCandidateRequest& request, absl::Time deadline) {
  // The text is checked before the database is asked: a 1 MB paste costs no transaction.
  if (absl::Status valid = CheckCandidateDraftText(request.text(), "text"); !valid.ok()) {
    return valid;
  }
  const absl::CivilDay today = absl::ToCivilDay(now_(), absl::UTCTimeZone());
  return pool_.InTransaction<v1::CandidateDraft>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::CandidateDraft> {
        return DraftCandidateFromText(request.text(), LoadSkillCatalog(tx), today, "text");
      });
}

absl::StatusOr<v1::ListSkillsResponse> CandidateService::ListSkills(
    const v1::ListSkillsRequest& request, absl::Time deadline) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  // Skills are few and only ever added: an offset into the id order is a fine position.
  absl::StatusOr<int64_t> offset = DecodePageToken(request.page_token(), "ListSkills");
  if (!offset.ok()) return offset.status();
  return pool_.InTransaction<v1::ListSkillsResponse>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListSkillsResponse> {
        std::vector<v1::Skill> skills = talent::ListSkills(tx, *offset, *page_size + 1);
        v1::ListSkillsResponse response;
        const bool more = static_cast<int>(skills.size()) > *page_size;
        if (more) skills.pop_back();
        for (v1::Skill& skill : skills) *response.add_skills() = std::move(skill);
        if (more) {
          response.set_next_page_token(EncodePageToken(*offset + *page_size, "ListSkills"));
        }
        return response;
      });
}

absl::StatusOr<v1::Skill> CandidateService::CreateSkill(const v1::CreateSkillRequest& request,
                                                        absl::Time deadline) {
  static const std::regex kSkillId("^[a-z0-9][a-z0-9.+#-]{0,39}$");
  FieldViolations violations;
  if (!std::regex_match(request.skill_id(), kSkillId)) {
    violations.Add("skill_id",
                   "must be 1-40 lower-case letters, digits and . + # - (starting with a letter "
                   "or digit)");
  }
  v1::Skill skill = request.skill();
  skill.set_display_name(std::string(absl::StripAsciiWhitespace(skill.display_name())));
  if (skill.display_name().empty() || skill.display_name().size() > 100) {
    violations.Add("skill.display_name", "is required, at most 100 characters");
  }
  if (skill.category().empty() || skill.category().size() > 50) {
    violations.Add("skill.category", "is required, at most 50 characters");
  }
  std::vector<std::string> aliases = {NormalizeSkillKey(skill.display_name())};
  if (skill.aliases_size() > 50) violations.Add("skill.aliases", "must have at most 50 items");
  for (int i = 0; i < skill.aliases_size() && i < 50; ++i) {
    const std::string alias = NormalizeSkillKey(skill.aliases(i));
    if (alias.empty() || alias.size() > 100) {
      violations.Add(absl::StrCat("skill.aliases[", i, "]"), "must be 1-100 characters");
    } else if (std::find(aliases.begin(), aliases.end(), alias) == aliases.end()) {
      aliases.push_back(alias);
    }
  }
  if (std::find(aliases.begin(), aliases.end(), request.skill_id()) == aliases.end()) {
    aliases.push_back(request.skill_id());
  }
  CheckTextFields(skill, "skill", violations);
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::Skill> result = pool_.InTransactionOrDryRun<v1::Skill>(
      request.validate_only(), deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Skill> {
        const SkillCatalog catalog = LoadSkillCatalog(tx);
        for (const std::string& alias : aliases) {
          if (std::optional<std::string> taken = catalog.Resolve(alias)) {
            return WithReason(absl::AlreadyExistsError(absl::StrCat(
                                  Quote(alias), " already names the skill skills/", *taken)),
                              common::v1::SKILL_EXISTS,
                              {{"existing_skill", absl::StrCat("skills/", *taken)}});
          }
        }
        if (!InsertSkill(tx, request.skill_id(), skill, aliases)) {
          return WithReason(absl::AlreadyExistsError(
                                absl::StrCat("skills/", request.skill_id(), " already exists")),
                            common::v1::SKILL_EXISTS);
        }
        v1::Skill created = skill;
        created.set_name(absl::StrCat("skills/", request.skill_id()));
        created.clear_aliases();
        for (const std::string& alias : aliases) {
          if (alias != request.skill_id()) created.add_aliases(alias);
        }
        return created;
      });
  if (result.ok() && request.validate_only()) ClearIdentityFields(*result);
  return result;
}

absl::StatusOr<v1::ListExchangeRatesResponse> CandidateService::ListExchangeRates(
    const v1::ListExchangeRatesRequest&, absl::Time deadline) {
  return pool_.InTransaction<v1::ListExchangeRatesResponse>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListExchangeRatesResponse> {
        v1::ListExchangeRatesResponse response;
        for (v1::ExchangeRate& rate : talent::ListExchangeRates(tx)) {
          *response.add_rates() = std::move(rate);
        }
        return response;
      });
}

absl::StatusOr<v1::ExchangeRate> CandidateService::UpdateExchangeRate(
    const v1::UpdateExchangeRateRequest& request, absl::Time deadline) {
  FieldViolations violations;
  if (!IsIsoCurrencyCode(request.rate().currency_code())) {
    violations.Add("rate.currency_code", "must be an ISO 4217 code such as \"EUR\"");
  }
  if (!std::isfinite(request.rate().usd_per_unit()) || request.rate().usd_per_unit() <= 0 ||
      request.rate().usd_per_unit() > 1e6) {
    violations.Add("rate.usd_per_unit", "must be a positive number of US dollars, at most 1e6");
  }
  if (!violations.empty()) return violations.ToStatus();
  return pool_.InTransaction<v1::ExchangeRate>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ExchangeRate> {
        return UpsertExchangeRate(tx, request.rate().currency_code(),
                                  request.rate().usd_per_unit());
      });
}

}  // namespace meridian::talent
