#include "services/talent/search_proto/explain.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/descriptor.h"
#include "services/talent/search/dcheck.h"
#include "services/talent/search/factor_weights.h"
#include "services/talent/search_proto/wire_writer.h"

namespace meridian::talent {
namespace {

static_assert(kStateAvailable == v1::Candidate::AVAILABLE &&
                  kStateInterviewing == v1::Candidate::INTERVIEWING,
              "the engine's searchable states are talent.v1.Candidate.State's");

using Match = v1::CandidateMatch;
using Summary = v1::Candidate;

// 1,234,567 appended to `out` (written backwards into a buffer first).
void AppendThousands(int64_t value, std::string& out) {
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
  out.append(at, end);
}

absl::CivilDay DayOf(int32_t days) { return absl::CivilDay(1970, 1, 1) + days; }

// 2027-04-12 appended to `out`, as absl::FormatCivilTime writes a day, without its general
// formatter.
void AppendDay(absl::CivilDay day, std::string& out) {
  if (day.year() < 1000 || day.year() > 9999) {
    out.append(absl::FormatCivilTime(day));
    return;
  }
  absl::StrAppend(&out, day.year(), "-", absl::Dec(day.month(), absl::kZeroPad2), "-",
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

// "candidates/{id}", the summary's field 1.
void WriteName(const MatchedRecord& record, WireWriter& out) {
  const WireWriter::Mark name = out.Begin(Summary::kNameFieldNumber);
  out.Text("candidates/");
  out.Text(record.id);
  out.End(name, WireWriter::kDropEmpty);
}

// The candidate's summary (nothing personal beyond the display name), as the match's field 1.
void WriteSummary(const MatchedRecord& record, const SearchResult& result, WireWriter& out) {
  const WireWriter::Mark summary = out.Begin(Match::kCandidateFieldNumber);
  WriteName(record, out);
  out.String(Summary::kDisplayNameFieldNumber, record.display_name);
  out.String(Summary::kCountryFieldNumber, std::string_view(record.country.data(), 2));
  const WorkingHoursSpec& hours = result.HoursOf(record);
  const WireWriter::Mark working_hours = out.Begin(Summary::kWorkingHoursFieldNumber);
  out.String(common::v1::WorkingHours::kTimeZoneFieldNumber, hours.time_zone);
  out.String(common::v1::WorkingHours::kStartFieldNumber, hours.start);
  out.String(common::v1::WorkingHours::kEndFieldNumber, hours.end);
  const WireWriter::Mark days = out.Begin(common::v1::WorkingHours::kDaysFieldNumber);
  for (int day : hours.days) out.PackedVarint(day);
  out.End(days, WireWriter::kDropEmpty);
  out.End(working_hours, WireWriter::kKeepEmpty);
  for (const IndexedSkill& skill : record.skills) {
    const WireWriter::Mark held = out.Begin(Summary::kSkillsFieldNumber);
    out.String(v1::CandidateSkill::kSkillFieldNumber, result.SkillName(skill.skill));
    out.Int32(v1::CandidateSkill::kLevelFieldNumber, skill.level);
    out.Int32(v1::CandidateSkill::kYearsFieldNumber, skill.years);
    out.End(held, WireWriter::kKeepEmpty);
  }
  const WireWriter::Mark kinds = out.Begin(Summary::kKindsFieldNumber);
  for (int kind = 1; kind < 32; ++kind) {
    if (record.kinds_mask & (1u << kind)) out.PackedVarint(kind);
  }
  out.End(kinds, WireWriter::kDropEmpty);
  out.Enum(Summary::kSeniorityFieldNumber, record.seniority);
  out.Enum(Summary::kEnglishLevelFieldNumber, record.english);
  const WireWriter::Mark rate = out.Begin(Summary::kMonthlyRateFieldNumber);
  out.String(common::v1::Money::kCurrencyCodeFieldNumber,
             std::string_view(record.currency.data(), 3));
  out.Int64(common::v1::Money::kUnitsFieldNumber, record.rate_units);
  out.End(rate, WireWriter::kKeepEmpty);
  if (record.available_day != INT32_MIN) {
    const absl::CivilDay day = DayOf(record.available_day);
    const WireWriter::Mark from = out.Begin(Summary::kAvailableFromFieldNumber);
    out.Int32(google::type::Date::kYearFieldNumber, static_cast<int32_t>(day.year()));
    out.Int32(google::type::Date::kMonthFieldNumber, day.month());
    out.Int32(google::type::Date::kDayFieldNumber, day.day());
    out.End(from, WireWriter::kKeepEmpty);
  }
  out.Enum(Summary::kStateFieldNumber, record.state);
  out.End(summary, WireWriter::kKeepEmpty);
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

  // The factors with their sentences, in kFactorWeights' order (the match's field 3); the
  // nice-to-have skills the candidate lacks are kept for WriteMissingSkills.
  void WriteFactors(const SearchMatch& match, WireWriter& out);
  // The nice-to-have skills the last match written lacks (the match's field 6).
  void WriteMissingSkills(WireWriter& out) const;

 private:
  // One factor: its name, points and maximum, and its sentence.
  void WriteFactor(WireWriter& out, Factor which, double points, std::string_view sentence);

  // Each sentence is a text of its own or written into sentence_, which it then views.
  std::string_view SkillsSentence(const SearchMatch& match);
  std::string_view NiceSentence(const SearchMatch& match);
  std::string_view RateSentence(const SearchMatch& match);
  std::string_view SenioritySentence(const MatchedRecord& candidate);
  std::string_view AvailabilitySentence(const MatchedRecord& candidate);
  std::string_view EnglishSentence(const MatchedRecord& candidate) const;
  std::string_view SoftSkillsSentence(const SearchMatch& match);
  // "1.08": one unit of the candidate's currency in the budget's, as "%.4g" writes it; the
  // same few values recur on a page (one a currency), so each is formatted once.
  const std::string& UnitRate(double rate);

  const SearchQuery& query_;
  const FixedTexts& fixed_;
  const int32_t reference_day_;
  const double budget_rate_usd_;
  std::vector<std::pair<double, std::string>> unit_rates_;
  std::vector<const std::string*> missing_;  // the last match's, by query.nice
  std::string sentence_;                     // the sentence being written
  std::string has_;                          // and its two lists, where it has them
  std::string lacks_;
};

void Explainer::WriteFactor(WireWriter& out, Factor which, double points,
                            std::string_view sentence) {
  const WireWriter::Mark factor = out.Begin(Match::kFactorsFieldNumber);
  out.String(v1::ScoreFactor::kFactorFieldNumber, NameOf(which));
  out.Double(v1::ScoreFactor::kPointsFieldNumber, std::round(points * 10) / 10);
  out.Double(v1::ScoreFactor::kMaxPointsFieldNumber, MaxPoints(which));
  out.String(v1::ScoreFactor::kExplanationFieldNumber, sentence);
  out.End(factor, WireWriter::kKeepEmpty);
}

void Explainer::WriteFactors(const SearchMatch& match, WireWriter& out) {
  const MatchedRecord& candidate = match.record;
  const ScoreParts& parts = match.parts;
  WriteFactor(out, Factor::kSkills, parts.skills, SkillsSentence(match));
  WriteFactor(out, Factor::kNiceToHave, parts.nice, NiceSentence(match));
  WriteFactor(out, Factor::kOverlap, parts.overlap, match.overlap_sentence);
  WriteFactor(out, Factor::kRate, parts.rate, RateSentence(match));
  WriteFactor(out, Factor::kSeniority, parts.seniority, SenioritySentence(candidate));
  WriteFactor(out, Factor::kAvailability, parts.availability, AvailabilitySentence(candidate));
  WriteFactor(out, Factor::kEnglish, parts.english, EnglishSentence(candidate));
  WriteFactor(out, Factor::kSoftSkills, parts.soft_skills, SoftSkillsSentence(match));
}

void Explainer::WriteMissingSkills(WireWriter& out) const {
  for (const std::string* skill : missing_) out.String(Match::kMissingSkillsFieldNumber, *skill);
}

std::string_view Explainer::SkillsSentence(const SearchMatch& match) {
  if (query_.required.empty()) return "no required skills were asked";
  sentence_ = "has every required skill: ";
  for (size_t i = 0; i < query_.required.size(); ++i) {
    const IndexedSkill& has = match.required[i];
    absl::StrAppend(&sentence_, i == 0 ? "" : "; ", query_.required[i].skill, " level ", has.level,
                    " (asked ", query_.required[i].min_level, "+), ", has.years, " y");
  }
  return sentence_;
}

std::string_view Explainer::NiceSentence(const SearchMatch& match) {
  missing_.clear();
  if (query_.nice.empty()) return "no nice-to-have skills were asked";
  has_.clear();
  lacks_.clear();
  for (size_t i = 0; i < query_.nice.size(); ++i) {
    const std::string& skill = query_.nice[i].skill;
    if (match.nice_met[i]) {
      absl::StrAppend(&has_, has_.empty() ? "" : ", ", skill);
    } else if (i < match.nice_through.size() && !match.nice_through[i].first.empty()) {
      // Counted, at a discount, through a skill that implies it: not missing.
      const auto& [through, weight] = match.nice_through[i];
      absl::StrAppend(&has_, has_.empty() ? "" : ", ", skill, " through ",
                      absl::string_view(through.data(), through.size()), " (counted at ",
                      std::lround(weight * 100), "%)");
    } else {
      absl::StrAppend(&lacks_, lacks_.empty() ? "" : ", ", skill);
      missing_.push_back(&skill);
    }
  }
  if (lacks_.empty()) {
    sentence_ = "has every nice-to-have: ";
    sentence_.append(has_);
  } else {
    sentence_ = "missing ";
    absl::StrAppend(&sentence_, lacks_, ", nice to have", has_.empty() ? "" : "; has ", has_);
  }
  return sentence_;
}

const std::string& Explainer::UnitRate(double rate) {
  for (const auto& [value, text] : unit_rates_) {
    if (value == rate) return text;
  }
  return unit_rates_.emplace_back(rate, absl::StrFormat("%.4g", rate)).second;
}

std::string_view Explainer::RateSentence(const SearchMatch& match) {
  const MatchedRecord& candidate = match.record;
  const absl::string_view currency(candidate.currency.data(), 3);
  sentence_ = "rate ";
  AppendThousands(candidate.rate_units, sentence_);
  absl::StrAppend(&sentence_, " ", currency);
  if (!query_.budget_usd.has_value()) {
    sentence_.append("; no budget was given");
    return sentence_;
  }
  const double usd = match.rate_usd;
  // Compare in the budget's currency, naming the exchange rate when one was used.
  const double in_budget_currency = usd / budget_rate_usd_;
  const double diff = (*query_.budget_usd - usd) / *query_.budget_usd;
  const int percent = static_cast<int>(std::lround(std::abs(diff) * 100));
  if (currency != query_.budget_currency) {
    sentence_.append(" (");
    AppendThousands(std::llround(in_budget_currency), sentence_);
    absl::StrAppend(&sentence_, " ", query_.budget_currency, " at ",
                    UnitRate(usd / std::max<int64_t>(1, candidate.rate_units) / budget_rate_usd_),
                    " ", query_.budget_currency, "/", currency, ")");
  }
  if (percent == 0) {
    sentence_.append(", at budget");
  } else {
    absl::StrAppend(&sentence_, ", ", percent, "% ", diff > 0 ? "under" : "over", " budget");
  }
  return sentence_;
}

std::string_view Explainer::SenioritySentence(const MatchedRecord& candidate) {
  static const std::string kUnknown;
  if (query_.seniority == 0) return "no seniority was asked";
  if (candidate.seniority == 0) return "seniority not recorded";
  const std::string& name = FixedText(fixed_.seniority, candidate.seniority, kUnknown);
  if (candidate.seniority == query_.seniority) {
    sentence_ = name;
    sentence_.append(", as asked");
  } else {
    sentence_ = name;
    absl::StrAppend(&sentence_, ", ", candidate.seniority < query_.seniority ? "below" : "above",
                    " the ", FixedText(fixed_.seniority, query_.seniority, kUnknown), " asked");
  }
  return sentence_;
}

std::string_view Explainer::AvailabilitySentence(const MatchedRecord& candidate) {
  if (candidate.available_day == INT32_MIN || candidate.available_day <= reference_day_) {
    return "available now";
  }
  sentence_ = "available from ";
  AppendDay(DayOf(candidate.available_day), sentence_);
  return sentence_;
}

std::string_view Explainer::EnglishSentence(const MatchedRecord& candidate) const {
  static const std::string kUnknownEnglish = "English ";
  if (candidate.english == 0) return "English level not recorded";
  return FixedText(fixed_.english, candidate.english, kUnknownEnglish);
}

std::string_view Explainer::SoftSkillsSentence(const SearchMatch& match) {
  if (query_.soft_skills.empty()) return "no soft skills were asked";
  has_.clear();
  lacks_.clear();
  for (size_t i = 0; i < query_.soft_skills.size(); ++i) {
    std::string& list = match.soft_skill_listed[i] ? has_ : lacks_;
    absl::StrAppend(&list, list.empty() ? "" : ", ", query_.soft_skills[i]);
  }
  if (lacks_.empty()) {
    sentence_ = "lists every soft skill asked: ";
    sentence_.append(has_);
  } else {
    sentence_ = "does not list ";
    absl::StrAppend(&sentence_, lacks_, has_.empty() ? "" : "; lists ", has_);
  }
  return sentence_;
}

}  // namespace

namespace {

void WriteMatches(const SearchResult& result, const SearchQuery& query, WireWriter& writer) {
  const bool full = query.explain;
  std::optional<Explainer> explainer;
  if (full) explainer.emplace(query);
  for (const SearchMatch& entry : result.matches) {
    const MatchedRecord& record = entry.record;
    const WireWriter::Mark match = writer.Begin(v1::SearchCandidatesResponse::kMatchesFieldNumber);
    if (full) {
      WriteSummary(record, result, writer);
    } else {
      const WireWriter::Mark summary = writer.Begin(Match::kCandidateFieldNumber);
      WriteName(record, writer);
      writer.End(summary, WireWriter::kKeepEmpty);
    }
    writer.Double(Match::kScoreFieldNumber, entry.score);
    if (full) explainer->WriteFactors(entry, writer);
    writer.Double(Match::kOverlapHoursMinFieldNumber, entry.overlap->min_hours);
    writer.Double(Match::kOverlapHoursMaxFieldNumber, entry.overlap->max_hours);
    if (full) explainer->WriteMissingSkills(writer);
    writer.Bool(Match::kInOtherProcessFieldNumber, record.state == v1::Candidate::INTERVIEWING);
    writer.End(match, WireWriter::kKeepEmpty);
  }
}

// About 800 bytes an explained match and 80 a basic one: room for the page at once.
void ReserveFor(const SearchResult& result, const SearchQuery& query, std::string& out) {
  out.reserve(out.size() + result.matches.size() * (query.explain ? 1024 : 96) + 64);
}

}  // namespace

void EncodeMatches(const SearchResult& result, const SearchQuery& query, std::string& out) {
  ReserveFor(result, query, out);
  WireWriter writer(out);
  WriteMatches(result, query, writer);
}

void EncodeSearchPage(const SearchResult& result, const SearchQuery& query,
                      std::string_view next_page_token, std::string& out) {
  ReserveFor(result, query, out);
  WireWriter writer(out);
  WriteMatches(result, query, writer);
  writer.String(v1::SearchCandidatesResponse::kNextPageTokenFieldNumber, next_page_token);
  writer.Int32(v1::SearchCandidatesResponse::kTotalSizeFieldNumber, result.total_size);
  writer.Bool(v1::SearchCandidatesResponse::kTotalSizeEstimatedFieldNumber,
              result.total_size_estimated);
}

void AppendMatches(const SearchResult& result, const SearchQuery& query,
                   google::protobuf::RepeatedPtrField<v1::CandidateMatch>& matches) {
  std::string encoded;
  EncodeMatches(result, query, encoded);
  v1::SearchCandidatesResponse page;
  const bool parsed = page.ParseFromString(encoded);
  MERIDIAN_DCHECK(parsed, "EncodeMatches wrote a valid SearchCandidatesResponse");
  matches.Reserve(matches.size() + page.matches_size());
  for (v1::CandidateMatch& match : *page.mutable_matches()) matches.Add(std::move(match));
}

}  // namespace meridian::talent
