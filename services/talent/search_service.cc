#include "services/talent/search_service.h"

#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/api/idempotency.h"
#include "common/api/time_rules.h"
#include "common/errors/errors.h"
#include "common/paging/paging.h"
#include "common/skills/skill_catalog.h"
#include "services/talent/search_proto/explain.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {
namespace {

// The cursor as token bytes: the score's bits, the 36-character id, then the display name.
std::string EncodeCursor(const SearchCursor& cursor) {
  uint64_t bits;
  std::memcpy(&bits, &cursor.score, sizeof(bits));
  return absl::StrCat(absl::Hex(bits, absl::kZeroPad16), cursor.id, cursor.display_name);
}

std::optional<SearchCursor> DecodeCursor(const std::string& bytes) {
  constexpr size_t kHex = 16;
  constexpr size_t kId = 36;
  if (bytes.size() < kHex + kId) return std::nullopt;
  uint64_t bits = 0;
  if (!absl::SimpleHexAtoi(bytes.substr(0, kHex), &bits)) return std::nullopt;
  SearchCursor cursor;
  std::memcpy(&cursor.score, &bits, sizeof(bits));
  cursor.id = bytes.substr(kHex, kId);
  cursor.display_name = bytes.substr(kHex + kId);
  return cursor;
}

}  // namespace

v1::SearchCriteria CriteriaFromRole(const intake::v1::Role& role) {
  v1::SearchCriteria criteria;
  *criteria.mutable_required_skills() = role.required_skills();
  *criteria.mutable_nice_to_have_skills() = role.nice_to_have_skills();
  *criteria.mutable_working_hours() = role.working_hours();
  if (role.has_min_overlap_hours()) criteria.set_min_overlap_hours(role.min_overlap_hours());
  if (role.has_monthly_budget()) *criteria.mutable_monthly_budget() = role.monthly_budget();
  criteria.set_seniority(role.seniority());
  if (role.kind() != common::v1::ROLE_KIND_UNSPECIFIED) criteria.add_kinds(role.kind());
  if (role.has_start_by()) *criteria.mutable_available_by() = role.start_by();
  *criteria.mutable_soft_skills() = role.soft_skills();
  return criteria;
}

// Reference data: the skill vocabulary and exchange rates. Read from PostgreSQL at most once
// per kReferenceMaxAge and shared by the searches meanwhile: a database round trip per search
// would cost more than the search itself. New skills and rates reach search within that time.
// The age is measured on the injected clock, like everything else in search: a test that fixes
// "now" keeps the reference data it first read until it moves the clock on.
struct SearchService::Reference {
  std::optional<SkillCatalog> catalog;
  std::unordered_map<std::string, double> rates;
};

absl::StatusOr<std::shared_ptr<const SearchService::Reference>> SearchService::LoadReference(
    absl::Time deadline) {
  {
    std::lock_guard lock(reference_mutex_);
    if (reference_ != nullptr && clock_() - reference_time_ < kReferenceMaxAge) {
      return reference_;
    }
  }
  absl::StatusOr<Reference> loaded =
      pool_.InTransaction<Reference>(deadline, [](pqxx::work& tx) -> absl::StatusOr<Reference> {
        Reference fresh;
        fresh.catalog = LoadSkillCatalog(tx);
        for (const v1::ExchangeRate& rate : ListExchangeRates(tx)) {
          fresh.rates[rate.currency_code()] = rate.usd_per_unit();
        }
        return fresh;
      });
  std::lock_guard lock(reference_mutex_);
  if (!loaded.ok()) {
    // A short database hiccup need not stop searches: the last reference data will do.
    if (reference_ != nullptr) return reference_;
    return loaded.status();
  }
  reference_ = std::make_shared<const Reference>(std::move(*loaded));
  reference_time_ = clock_();
  return reference_;
}

absl::StatusOr<std::optional<v1::CandidateMatch>> SearchService::MatchOne(
    const intake::v1::Role& role, const std::string& candidate_id, absl::Time deadline) {
  if (!follower_.loaded()) {
    return WithReason(absl::UnavailableError("the search index is still loading; retry shortly"),
                      common::v1::INDEX_LOADING);
  }
  absl::StatusOr<SearchQuery> query = RoleQuery(role, deadline);
  if (!query.ok()) return query.status();
  query->only_id = candidate_id;
  const SearchResult result = index_.Search(*query);
  if (result.matches.empty()) return std::nullopt;
  google::protobuf::RepeatedPtrField<v1::CandidateMatch> matches;
  AppendMatches(result, *query, matches);
  return std::move(*matches.Mutable(0));
}

absl::StatusOr<SearchQuery> SearchService::RoleQuery(const intake::v1::Role& role,
                                                     absl::Time deadline) {
  absl::StatusOr<std::shared_ptr<const Reference>> reference = LoadReference(deadline);
  if (!reference.ok()) return reference.status();
  SearchOptions options;
  options.page_size = 1;
  return PrepareQuery(CriteriaFromRole(role), options, "role", *(*reference)->catalog,
                      (*reference)->rates, clock_());
}

absl::StatusOr<v1::SearchCandidatesResponse> SearchService::SearchCandidates(
    const v1::SearchCandidatesRequest& request, absl::Time deadline) {
  EncodedResponse<v1::SearchCandidatesResponse> encoded;
  if (absl::Status status = SearchCandidatesEncoded(request, deadline, encoded); !status.ok()) {
    return status;
  }
  v1::SearchCandidatesResponse response;
  if (!response.ParseFromString(encoded.bytes)) {
    return absl::InternalError("a search page was written that does not parse");
  }
  return response;
}

absl::Status SearchService::SearchCandidatesEncoded(
    const v1::SearchCandidatesRequest& request, absl::Time deadline,
    EncodedResponse<v1::SearchCandidatesResponse>& response) {
  if (!v1::CandidateMatchView_IsValid(request.view())) {
    return InvalidArgument("view", "must be BASIC or FULL (or unset, for FULL)");
  }
  if (!follower_.loaded()) {
    return WithReason(absl::UnavailableError("the search index is still loading; retry shortly"),
                      common::v1::INDEX_LOADING);
  }
  // The token belongs to this request, whatever the page size and view: both leave the
  // ranking as it is, so a token read on in another view goes on from the same place.
  // (Worked out only when a token is read or written: most searches fit on one page.)
  std::string fingerprint;
  const auto request_fingerprint = [&]() -> const std::string& {
    if (fingerprint.empty()) {
      v1::SearchCandidatesRequest identity = request;
      identity.clear_page_token();
      identity.clear_page_size();
      identity.clear_view();
      fingerprint = absl::StrCat("SearchCandidates|", RequestFingerprint(identity));
    }
    return fingerprint;
  };
  std::string position;
  if (!request.page_token().empty()) {
    absl::StatusOr<std::string> decoded =
        DecodeOpaqueToken(request.page_token(), request_fingerprint());
    if (!decoded.ok()) return decoded.status();
    position = std::move(*decoded);
  }

  // Inline criteria are read where they are, not copied.
  v1::SearchCriteria role_criteria;
  const v1::SearchCriteria* criteria = &request.criteria();
  absl::string_view field = "criteria";
  switch (request.target_case()) {
    case v1::SearchCandidatesRequest::kRole: {
      absl::StatusOr<intake::v1::Role> role = roles_.GetRole(request.role(), deadline);
      if (!role.ok()) return role.status();
      role_criteria = CriteriaFromRole(*role);
      criteria = &role_criteria;
      field = "role";
      break;
    }
    case v1::SearchCandidatesRequest::kCriteria:
      break;
    default:
      return InvalidArgument("target", "give either role or criteria");
  }

  SearchOptions options;
  options.budget_tolerance_percent = request.budget_tolerance_percent();
  options.horizon_days = request.horizon_days();
  options.page_size = request.page_size();
  options.excluded_candidates = {request.excluded_candidates().begin(),
                                 request.excluded_candidates().end()};
  if (request.has_reference_date()) {
    const std::optional<absl::CivilDay> day = CalendarDay(request.reference_date());
    if (!day || day->year() < 2000 || day->year() > 2100) {
      return InvalidArgument("reference_date", "must be a real date between 2000 and 2100");
    }
    options.reference_date = *day;
  }

  absl::StatusOr<std::shared_ptr<const Reference>> reference = LoadReference(deadline);
  if (!reference.ok()) return reference.status();

  absl::StatusOr<SearchQuery> query = PrepareQuery(
      *criteria, options, field, *(*reference)->catalog, (*reference)->rates, clock_());
  if (!query.ok()) return query.status();
  if (!position.empty()) {
    query->after = DecodeCursor(position);
    if (!query->after) return InvalidArgument("page_token", "was not issued for this request");
  }

  query->explain = request.view() != v1::BASIC;
  const SearchResult result = index_.Search(*query);
  const std::string next_page_token =
      result.next ? EncodeOpaqueToken(EncodeCursor(*result.next), request_fingerprint()) : "";
  EncodeSearchPage(result, *query, next_page_token, response.bytes);
  return absl::OkStatus();
}

}  // namespace meridian::talent
