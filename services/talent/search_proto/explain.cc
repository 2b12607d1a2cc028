#include "services/talent/search_proto/explain.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "services/talent/search/factor_weights.h"

namespace meridian::talent {
namespace {

static_assert(kStateAvailable == v1::Candidate::AVAILABLE &&
                  kStateInterviewing == v1::Candidate::INTERVIEWING,
              "the engine's searchable states are talent.v1.Candidate.State's");

// 1,234,567
std::string Thousands(int64_t value) {
  std::string digits = absl::StrCat(value < 0 ? -value : value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return value < 0 ? absl::StrCat("-", digits) : digits;
}

absl::CivilDay DayOf(int32_t days) { return absl::CivilDay(1970, 1, 1) + days; }

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

std::string SeniorityName(int seniority) {
  std::string name = common::v1::Seniority_Name(static_cast<common::v1::Seniority>(seniority));
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  return name;
}

void AddFactor(google::protobuf::RepeatedPtrField<v1::ScoreFactor>& factors, Factor which,
               double points, std::string explanation) {
  v1::ScoreFactor& factor = *factors.Add();
  factor.set_factor(std::string(NameOf(which)));
  factor.set_points(std::round(points * 10) / 10);
  factor.set_max_points(MaxPoints(which));
  factor.set_explanation(std::move(explanation));
}

v1::Candidate Summary(const IndexedCandidate& record, const SearchResult& result) {
  v1::Candidate summary;
  summary.set_name(absl::StrCat("candidates/", record.id));
  summary.set_display_name(record.display_name);
  summary.set_country(std::string(record.country.data(), 2));
  const WorkingHoursSpec& hours = result.HoursOf(record);
  common::v1::WorkingHours& working_hours = *summary.mutable_working_hours();
  working_hours.set_time_zone(hours.time_zone);
  working_hours.set_start(hours.start);
  working_hours.set_end(hours.end);
  for (int day : hours.days) working_hours.add_days(static_cast<common::v1::Weekday>(day));
  for (const IndexedSkill& skill : record.skills) {
    auto* out = summary.add_skills();
    out->set_skill(result.SkillName(skill.skill));
    out->set_level(skill.level);
    out->set_years(skill.years);
  }
  for (int kind = 1; kind < 32; ++kind) {
    if (record.kinds_mask & (1u << kind)) {
      summary.add_kinds(static_cast<common::v1::RoleKind>(kind));
    }
  }
  summary.set_seniority(static_cast<common::v1::Seniority>(record.seniority));
  summary.set_english_level(static_cast<v1::EnglishLevel>(record.english));
  summary.mutable_monthly_rate()->set_currency_code(std::string(record.currency.data(), 3));
  summary.mutable_monthly_rate()->set_units(record.rate_units);
  if (record.available_day != INT32_MIN) {
    const absl::CivilDay day = DayOf(record.available_day);
    summary.mutable_available_from()->set_year(static_cast<int32_t>(day.year()));
    summary.mutable_available_from()->set_month(day.month());
    summary.mutable_available_from()->set_day(day.day());
  }
  summary.set_state(static_cast<v1::Candidate::State>(record.state));
  return summary;
}

// The factors with their sentences, in kFactorWeights' order; `missing` receives the
// nice-to-have skills the candidate lacks.
void Explain(const SearchMatch& match, const SearchQuery& query,
             google::protobuf::RepeatedPtrField<v1::ScoreFactor>& factors,
             std::vector<std::string>& missing) {
  const IndexedCandidate& candidate = match.record;
  const ScoreParts& parts = match.parts;
  factors.Reserve(8);
  {
    std::vector<std::string> lines;
    for (size_t i = 0; i < query.required.size(); ++i) {
      const IndexedSkill& has = match.required[i];
      lines.push_back(absl::StrCat(query.required[i].skill, " level ", has.level, " (asked ",
                                   query.required[i].min_level, "+), ", has.years, " y"));
    }
    AddFactor(factors, Factor::kSkills, parts.skills,
              lines.empty()
                  ? "no required skills were asked"
                  : absl::StrCat("has every required skill: ", absl::StrJoin(lines, "; ")));
  }
  {
    std::vector<std::string> has_nice;
    for (size_t i = 0; i < query.nice.size(); ++i) {
      if (match.nice_met[i]) {
        has_nice.push_back(query.nice[i].skill);
      } else if (i < match.nice_through.size() && !match.nice_through[i].first.empty()) {
        // Counted, at a discount, through a skill that implies it: not missing.
        const auto& [through, weight] = match.nice_through[i];
        has_nice.push_back(absl::StrCat(query.nice[i].skill, " through ", through, " (counted at ",
                                        std::lround(weight * 100), "%)"));
      } else {
        missing.push_back(query.nice[i].skill);
      }
    }
    std::string sentence;
    if (query.nice.empty()) {
      sentence = "no nice-to-have skills were asked";
    } else if (missing.empty()) {
      sentence = absl::StrCat("has every nice-to-have: ", absl::StrJoin(has_nice, ", "));
    } else {
      sentence = absl::StrCat(
          "missing ", absl::StrJoin(missing, ", "), ", nice to have",
          has_nice.empty() ? "" : absl::StrCat("; has ", absl::StrJoin(has_nice, ", ")));
    }
    AddFactor(factors, Factor::kNiceToHave, parts.nice, sentence);
  }
  AddFactor(factors, Factor::kOverlap, parts.overlap, std::string(match.overlap_sentence));
  {
    std::string sentence;
    const std::string currency(candidate.currency.data(), 3);
    if (!query.budget_usd.has_value()) {
      sentence = absl::StrCat("rate ", Thousands(candidate.rate_units), " ", currency,
                              "; no budget was given");
    } else {
      const double usd = match.rate_usd;
      const double budget_rate_usd =
          query.budget_units > 0 ? *query.budget_usd / static_cast<double>(query.budget_units) : 1;
      // Compare in the budget's currency, naming the exchange rate when one was used.
      const double in_budget_currency = usd / budget_rate_usd;
      const double diff = (*query.budget_usd - usd) / *query.budget_usd;
      const int percent = static_cast<int>(std::lround(std::abs(diff) * 100));
      std::string converted;
      if (currency != query.budget_currency) {
        converted = absl::StrCat(
            " (", Thousands(std::llround(in_budget_currency)), " ", query.budget_currency, " at ",
            absl::StrFormat("%.4g",
                            usd / std::max<int64_t>(1, candidate.rate_units) / budget_rate_usd),
            " ", query.budget_currency, "/", currency, ")");
      }
      sentence = absl::StrCat(
          "rate ", Thousands(candidate.rate_units), " ", currency, converted, ", ",
          percent == 0 ? "at budget"
                       : absl::StrCat(percent, "% ", diff > 0 ? "under" : "over", " budget"));
    }
    AddFactor(factors, Factor::kRate, parts.rate, sentence);
  }
  {
    std::string sentence;
    if (query.seniority == 0) {
      sentence = "no seniority was asked";
    } else if (candidate.seniority == 0) {
      sentence = "seniority not recorded";
    } else if (candidate.seniority == query.seniority) {
      sentence = absl::StrCat(SeniorityName(candidate.seniority), ", as asked");
    } else {
      sentence = absl::StrCat(SeniorityName(candidate.seniority), ", ",
                              candidate.seniority < query.seniority ? "below" : "above", " the ",
                              SeniorityName(query.seniority), " asked");
    }
    AddFactor(factors, Factor::kSeniority, parts.seniority, sentence);
  }
  {
    const bool now = candidate.available_day == INT32_MIN ||
                     candidate.available_day <= DaysSinceEpoch(query.reference_date);
    AddFactor(factors, Factor::kAvailability, parts.availability,
              now ? "available now"
                  : absl::StrCat("available from ", FormatDay(DayOf(candidate.available_day))));
  }
  AddFactor(factors, Factor::kEnglish, parts.english,
            candidate.english == 0
                ? "English level not recorded"
                : absl::StrCat("English ", v1::EnglishLevel_Name(
                                               static_cast<v1::EnglishLevel>(candidate.english))));
  {
    std::vector<std::string> has;
    std::vector<std::string> lacks;
    for (size_t i = 0; i < query.soft_skills.size(); ++i) {
      (match.soft_skill_listed[i] ? has : lacks).push_back(query.soft_skills[i]);
    }
    std::string sentence =
        query.soft_skills.empty() ? "no soft skills were asked"
        : lacks.empty()
            ? absl::StrCat("lists every soft skill asked: ", absl::StrJoin(has, ", "))
            : absl::StrCat("does not list ", absl::StrJoin(lacks, ", "),
                           has.empty() ? "" : absl::StrCat("; lists ", absl::StrJoin(has, ", ")));
    AddFactor(factors, Factor::kSoftSkills, parts.soft_skills, sentence);
  }
}

}  // namespace

void AppendMatches(const SearchResult& result, const SearchQuery& query,
                   google::protobuf::RepeatedPtrField<v1::CandidateMatch>& matches) {
  matches.Reserve(static_cast<int>(result.matches.size()));
  for (const SearchMatch& entry : result.matches) {
    const IndexedCandidate& record = entry.record;
    v1::CandidateMatch& match = *matches.Add();
    *match.mutable_candidate() = Summary(record, result);
    match.set_score(entry.score);
    match.set_overlap_hours_min(entry.overlap->min_hours);
    match.set_overlap_hours_max(entry.overlap->max_hours);
    match.set_in_other_process(record.state == v1::Candidate::INTERVIEWING);
    std::vector<std::string> missing;
    Explain(entry, query, *match.mutable_factors(), missing);
    for (std::string& skill : missing) match.add_missing_skills(std::move(skill));
  }
}

}  // namespace meridian::talent
