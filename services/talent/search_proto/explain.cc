#include "services/talent/search_proto/explain.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/descriptor.h"
#include "services/talent/search/factor_weights.h"

namespace meridian::talent {
namespace {

static_assert(kStateAvailable == v1::Candidate::AVAILABLE &&
                  kStateInterviewing == v1::Candidate::INTERVIEWING,
              "the engine's searchable states are talent.v1.Candidate.State's");

// 1,234,567 (written backwards into a buffer: no string is built and then widened).
std::string Thousands(int64_t value) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  char buffer[32];
  char* end = buffer + sizeof(buffer);
  char* at = end;
  int digits = 0;
  do {
    if (digits > 0 && digits % 3 == 0) *--at = ',';
    *--at = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
    ++digits;
  } while (magnitude > 0);
  if (value < 0) *--at = '-';
  return std::string(at, end);
}

absl::CivilDay DayOf(int32_t days) { return absl::CivilDay(1970, 1, 1) + days; }

// 2027-04-12, as absl::FormatCivilTime writes a day, without its general formatter.
std::string FormatDay(absl::CivilDay day) {
  if (day.year() < 1000 || day.year() > 9999) return absl::FormatCivilTime(day);
  return absl::StrCat(day.year(), "-", absl::Dec(day.month(), absl::kZeroPad2), "-",
                      absl::Dec(day.day(), absl::kZeroPad2));
}

// Texts that depend on a number only, written once for the process: "senior" for
// common.v1.SENIOR, "English C1" for v1::C1.
struct FixedTexts {
  std::vector<std::string> seniority;  // by common.v1.Seniority number, lower case
  std::vector<std::string> english;    // by v1::EnglishLevel number: "English C1"
};

const FixedTexts& Fixed() {
  static const FixedTexts* const texts = [] {
    auto* made = new FixedTexts;
    const google::protobuf::EnumDescriptor& seniority = *common::v1::Seniority_descriptor();
    for (int i = 0; i < seniority.value_count(); ++i) {
      const int number = seniority.value(i)->number();
      if (number < 0 || number > 255) continue;
      if (made->seniority.size() <= static_cast<size_t>(number)) made->seniority.resize(number + 1);
      made->seniority[number] = absl::AsciiStrToLower(seniority.value(i)->name());
    }
    const google::protobuf::EnumDescriptor& english = *v1::EnglishLevel_descriptor();
    for (int i = 0; i < english.value_count(); ++i) {
      const int number = english.value(i)->number();
      if (number < 0 || number > 255) continue;
      if (made->english.size() <= static_cast<size_t>(number)) {
        made->english.resize(number + 1, "English ");
      }
      made->english[number] = absl::StrCat("English ", english.value(i)->name());
    }
    return made;
  }();
  return *texts;
}

// The text for `number`, or `unknown` for a number the enum does not have (as with the
// enum's own _Name(), whose name for it is empty).
const std::string& FixedText(const std::vector<std::string>& texts, int number,
                             const std::string& unknown) {
  return number >= 0 && static_cast<size_t>(number) < texts.size() ? texts[number] : unknown;
}

void AddFactor(google::protobuf::RepeatedPtrField<v1::ScoreFactor>& factors, Factor which,
               double points, std::string explanation) {
  v1::ScoreFactor& factor = *factors.Add();
  factor.set_factor(std::string(NameOf(which)));
  factor.set_points(std::round(points * 10) / 10);
  factor.set_max_points(MaxPoints(which));
  factor.set_explanation(std::move(explanation));
}

// Fills `summary` (a match's own, so that it is built where the match lives, an arena
// included, and never copied).
void FillSummary(const IndexedCandidate& record, const SearchResult& result,
                 v1::Candidate& summary) {
  summary.set_name(absl::StrCat("candidates/", record.id));
  summary.set_display_name(record.display_name);
  summary.set_country(record.country.data(), 2);
  const WorkingHoursSpec& hours = result.HoursOf(record);
  common::v1::WorkingHours& working_hours = *summary.mutable_working_hours();
  working_hours.set_time_zone(hours.time_zone);
  working_hours.set_start(hours.start);
  working_hours.set_end(hours.end);
  for (int day : hours.days) working_hours.add_days(static_cast<common::v1::Weekday>(day));
  summary.mutable_skills()->Reserve(static_cast<int>(record.skills.size()));
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
  summary.mutable_monthly_rate()->set_currency_code(record.currency.data(), 3);
  summary.mutable_monthly_rate()->set_units(record.rate_units);
  if (record.available_day != INT32_MIN) {
    const absl::CivilDay day = DayOf(record.available_day);
    summary.mutable_available_from()->set_year(static_cast<int32_t>(day.year()));
    summary.mutable_available_from()->set_month(day.month());
    summary.mutable_available_from()->set_day(day.day());
  }
  summary.set_state(static_cast<v1::Candidate::State>(record.state));
}

// One page's explanations: what is the same for every match of the query is worked out once.
class Explainer {
 public:
  explicit Explainer(const SearchQuery& query)
      : query_(query),
        fixed_(Fixed()),
        reference_day_(DaysSinceEpoch(query.reference_date)),
        budget_rate_usd_(query.budget_units > 0 && query.budget_usd
                             ? *query.budget_usd / static_cast<double>(query.budget_units)
                             : 1) {}

  // The factors with their sentences, in kFactorWeights' order, and the nice-to-have skills the
  // candidate lacks.
  void Explain(const SearchMatch& match, v1::CandidateMatch& out);

 private:
  std::string SkillsSentence(const SearchMatch& match) const;
  std::string NiceSentence(const SearchMatch& match, v1::CandidateMatch& out) const;
  std::string RateSentence(const SearchMatch& match);
  std::string SenioritySentence(const IndexedCandidate& candidate) const;
  std::string SoftSkillsSentence(const SearchMatch& match) const;
  // "1.08": one unit of the candidate's currency in the budget's, as "%.4g" writes it; the
  // same few values recur on a page (one a currency), so each is formatted once.
  const std::string& UnitRate(double rate);

  const SearchQuery& query_;
  const FixedTexts& fixed_;
  const int32_t reference_day_;
  const double budget_rate_usd_;
  std::vector<std::pair<double, std::string>> unit_rates_;
};

void Explainer::Explain(const SearchMatch& match, v1::CandidateMatch& out) {
  const IndexedCandidate& candidate = match.record;
  const ScoreParts& parts = match.parts;
  google::protobuf::RepeatedPtrField<v1::ScoreFactor>& factors = *out.mutable_factors();
  factors.Reserve(static_cast<int>(kFactorCount));
  AddFactor(factors, Factor::kSkills, parts.skills, SkillsSentence(match));
  AddFactor(factors, Factor::kNiceToHave, parts.nice, NiceSentence(match, out));
  AddFactor(factors, Factor::kOverlap, parts.overlap, std::string(match.overlap_sentence));
  AddFactor(factors, Factor::kRate, parts.rate, RateSentence(match));
  AddFactor(factors, Factor::kSeniority, parts.seniority, SenioritySentence(candidate));
  const bool now =
      candidate.available_day == INT32_MIN || candidate.available_day <= reference_day_;
  AddFactor(factors, Factor::kAvailability, parts.availability,
            now ? "available now"
                : absl::StrCat("available from ", FormatDay(DayOf(candidate.available_day))));
  static const std::string kNoEnglish = "English level not recorded";
  static const std::string kUnknownEnglish = "English ";
  AddFactor(factors, Factor::kEnglish, parts.english,
            candidate.english == 0 ? kNoEnglish
                                   : FixedText(fixed_.english, candidate.english, kUnknownEnglish));
  AddFactor(factors, Factor::kSoftSkills, parts.soft_skills, SoftSkillsSentence(match));
}

std::string Explainer::SkillsSentence(const SearchMatch& match) const {
  if (query_.required.empty()) return "no required skills were asked";
  std::string sentence = "has every required skill: ";
  for (size_t i = 0; i < query_.required.size(); ++i) {
    const IndexedSkill& has = match.required[i];
    absl::StrAppend(&sentence, i == 0 ? "" : "; ", query_.required[i].skill, " level ", has.level,
                    " (asked ", query_.required[i].min_level, "+), ", has.years, " y");
  }
  return sentence;
}

std::string Explainer::NiceSentence(const SearchMatch& match, v1::CandidateMatch& out) const {
  if (query_.nice.empty()) return "no nice-to-have skills were asked";
  std::string has;
  std::string missing;
  for (size_t i = 0; i < query_.nice.size(); ++i) {
    const std::string& skill = query_.nice[i].skill;
    if (match.nice_met[i]) {
      absl::StrAppend(&has, has.empty() ? "" : ", ", skill);
    } else if (i < match.nice_through.size() && !match.nice_through[i].first.empty()) {
      // Counted, at a discount, through a skill that implies it: not missing.
      const auto& [through, weight] = match.nice_through[i];
      absl::StrAppend(&has, has.empty() ? "" : ", ", skill, " through ", through, " (counted at ",
                      std::lround(weight * 100), "%)");
    } else {
      absl::StrAppend(&missing, missing.empty() ? "" : ", ", skill);
      out.add_missing_skills(skill);
    }
  }
  if (missing.empty()) return absl::StrCat("has every nice-to-have: ", has);
  return absl::StrCat("missing ", missing, ", nice to have", has.empty() ? "" : "; has ", has);
}

const std::string& Explainer::UnitRate(double rate) {
  for (const auto& [value, text] : unit_rates_) {
    if (value == rate) return text;
  }
  return unit_rates_.emplace_back(rate, absl::StrFormat("%.4g", rate)).second;
}

std::string Explainer::RateSentence(const SearchMatch& match) {
  const IndexedCandidate& candidate = match.record;
  const absl::string_view currency(candidate.currency.data(), 3);
  if (!query_.budget_usd.has_value()) {
    return absl::StrCat("rate ", Thousands(candidate.rate_units), " ", currency,
                        "; no budget was given");
  }
  const double usd = match.rate_usd;
  // Compare in the budget's currency, naming the exchange rate when one was used.
  const double in_budget_currency = usd / budget_rate_usd_;
  const double diff = (*query_.budget_usd - usd) / *query_.budget_usd;
  const int percent = static_cast<int>(std::lround(std::abs(diff) * 100));
  std::string sentence = absl::StrCat("rate ", Thousands(candidate.rate_units), " ", currency);
  if (currency != query_.budget_currency) {
    absl::StrAppend(&sentence, " (", Thousands(std::llround(in_budget_currency)), " ",
                    query_.budget_currency, " at ",
                    UnitRate(usd / std::max<int64_t>(1, candidate.rate_units) / budget_rate_usd_),
                    " ", query_.budget_currency, "/", currency, ")");
  }
  if (percent == 0) {
    absl::StrAppend(&sentence, ", at budget");
  } else {
    absl::StrAppend(&sentence, ", ", percent, "% ", diff > 0 ? "under" : "over", " budget");
  }
  return sentence;
}

std::string Explainer::SenioritySentence(const IndexedCandidate& candidate) const {
  static const std::string kUnknown;
  if (query_.seniority == 0) return "no seniority was asked";
  if (candidate.seniority == 0) return "seniority not recorded";
  const std::string& name = FixedText(fixed_.seniority, candidate.seniority, kUnknown);
  if (candidate.seniority == query_.seniority) return absl::StrCat(name, ", as asked");
  return absl::StrCat(name, ", ", candidate.seniority < query_.seniority ? "below" : "above",
                      " the ", FixedText(fixed_.seniority, query_.seniority, kUnknown), " asked");
}

std::string Explainer::SoftSkillsSentence(const SearchMatch& match) const {
  if (query_.soft_skills.empty()) return "no soft skills were asked";
  std::string has;
  std::string lacks;
  for (size_t i = 0; i < query_.soft_skills.size(); ++i) {
    std::string& list = match.soft_skill_listed[i] ? has : lacks;
    absl::StrAppend(&list, list.empty() ? "" : ", ", query_.soft_skills[i]);
  }
  if (lacks.empty()) return absl::StrCat("lists every soft skill asked: ", has);
  return absl::StrCat("does not list ", lacks, has.empty() ? "" : "; lists ", has);
}

}  // namespace

void AppendMatches(const SearchResult& result, const SearchQuery& query,
                   google::protobuf::RepeatedPtrField<v1::CandidateMatch>& matches) {
  matches.Reserve(matches.size() + static_cast<int>(result.matches.size()));
  const bool full = query.explain;
  std::optional<Explainer> explainer;
  if (full) explainer.emplace(query);
  for (const SearchMatch& entry : result.matches) {
    const IndexedCandidate& record = entry.record;
    v1::CandidateMatch& match = *matches.Add();
    if (full) {
      FillSummary(record, result, *match.mutable_candidate());
    } else {
      match.mutable_candidate()->set_name(absl::StrCat("candidates/", record.id));
    }
    match.set_score(entry.score);
    match.set_overlap_hours_min(entry.overlap->min_hours);
    match.set_overlap_hours_max(entry.overlap->max_hours);
    match.set_in_other_process(record.state == v1::Candidate::INTERVIEWING);
    if (full) explainer->Explain(entry, match);
  }
}

}  // namespace meridian::talent
