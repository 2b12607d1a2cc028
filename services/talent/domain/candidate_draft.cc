#include "services/talent/domain/candidate_draft.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/text/city_zones.h"
#include "common/text/draft_text.h"

namespace meridian::talent {
namespace {

using common::v1::RoleKind;
using common::v1::Seniority;
using text::AddEvidence;
using text::FindPhrases;
using text::Hit;
using text::kNoToken;
using text::LeadingNumber;
using text::Quoted;
using text::Unit;

constexpr int kSkillsScope = 1;  // a heading listing skills ("Skills:", "Tech stack:")

// The CV's sections, from a line that is only a section's name. Dated ranges count as
// experience outside any section and in the experience one; not under education (studies),
// skills or the others (projects, interests...).
enum class Section { kNone, kExperience, kEducation, kSkills, kOther };

bool IsUpper(char c) { return absl::ascii_isupper(static_cast<unsigned char>(c)); }
bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }

// Months since year 0, for intervals of experience.
int MonthIndex(int64_t year, int month) { return static_cast<int>(year * 12 + (month - 1)); }

std::optional<int> MonthNamed(absl::string_view word) {
  static const auto* months = new std::map<std::string, int, std::less<>>{
      {"jan", 1},  {"january", 1},  {"feb", 2},    {"february", 2},  {"mar", 3},  {"march", 3},
      {"apr", 4},  {"april", 4},    {"may", 5},    {"jun", 6},       {"june", 6}, {"jul", 7},
      {"july", 7}, {"aug", 8},      {"august", 8}, {"sep", 9},       {"sept", 9}, {"september", 9},
      {"oct", 10}, {"october", 10}, {"nov", 11},   {"november", 11}, {"dec", 12}, {"december", 12}};
  auto it = months->find(word);
  if (it == months->end()) return std::nullopt;
  return it->second;
}

// What a CV title's noun says, after the words that name a kind outright
// (text::TitleKindWords): on a CV "engineer" is the backend engineer, "developer" the developer.
const std::vector<text::KindWord>& KindWords() {
  static const auto* words = [] {
    auto* all = new std::vector<text::KindWord>(text::TitleKindWords());
    all->insert(all->end(), {{"architect", common::v1::BACKEND_ENGINEER},
                             {"tech lead", common::v1::BACKEND_ENGINEER},
                             {"technical lead", common::v1::BACKEND_ENGINEER},
                             {"engineer", common::v1::BACKEND_ENGINEER},
                             {"developer", common::v1::BACKEND_DEVELOPER},
                             {"programmer", common::v1::BACKEND_DEVELOPER},
                             {"dev", common::v1::BACKEND_DEVELOPER}});
    return all;
  }();
  return *words;
}

struct SeniorityWord {
  absl::string_view phrase;
  Seniority seniority;
};

const std::vector<SeniorityWord>& SeniorityWords() {
  static const auto* words =
      new std::vector<SeniorityWord>{{"junior", common::v1::JUNIOR},
                                     {"jr", common::v1::JUNIOR},
                                     {"intern", common::v1::JUNIOR},
                                     {"trainee", common::v1::JUNIOR},
                                     {"graduate", common::v1::JUNIOR},
                                     {"entry-level", common::v1::JUNIOR},
                                     {"mid-level", common::v1::MID},
                                     {"mid level", common::v1::MID},
                                     {"intermediate", common::v1::MID},
                                     {"middle", common::v1::MID},
                                     {"mid", common::v1::MID},
                                     {"senior", common::v1::SENIOR},
                                     {"sr", common::v1::SENIOR},
                                     {"lead", common::v1::SENIOR},
                                     {"staff", common::v1::STAFF},
                                     {"principal", common::v1::PRINCIPAL},
                                     {"distinguished", common::v1::PRINCIPAL}};
  return *words;
}

// The words every title has one of.
const std::vector<absl::string_view>& TitleNouns() {
  static const auto* nouns = new std::vector<absl::string_view>{
      "developer", "engineer", "programmer", "architect", "sre", "devops",
      "tech lead", "tester",   "qa",         "sdet",      "dev"};
  return *nouns;
}

struct EnglishWord {
  absl::string_view phrase;
  v1::EnglishLevel level;
};

// Longer phrases first: "upper-intermediate" before "intermediate".
const std::vector<EnglishWord>& EnglishWords() {
  static const auto* words = new std::vector<EnglishWord>{{"native", v1::C2},
                                                          {"mother tongue", v1::C2},
                                                          {"bilingual", v1::C2},
                                                          {"full professional", v1::C1},
                                                          {"fluent", v1::C1},
                                                          {"fluently", v1::C1},
                                                          {"fluency", v1::C1},
                                                          {"advanced", v1::C1},
                                                          {"proficient", v1::C1},
                                                          {"excellent", v1::C1},
                                                          {"upper-intermediate", v1::B2},
                                                          {"upper intermediate", v1::B2},
                                                          {"professional working", v1::B2},
                                                          {"good", v1::B2},
                                                          {"conversational", v1::B1},
                                                          {"intermediate", v1::B1},
                                                          {"pre-intermediate", v1::A2},
                                                          {"basic", v1::A2},
                                                          {"elementary", v1::A2},
                                                          {"beginner", v1::A1}};
  return *words;
}

struct Entry {
  size_t date_unit = 0;   // the unit with the range
  size_t first_unit = 0;  // [first_unit, last_unit): the units whose skills get the months
  size_t last_unit = 0;
  int begin_month = 0;  // MonthIndex, end exclusive
  int end_month = 0;
  size_t range_begin = 0;  // the range's bytes
  size_t range_end = 0;
  bool to_present = false;
};

struct SkillSeen {
  std::string skill;
  int stated_years = 0;
  int level = 0;
  size_t begin = 0;
  size_t end = 0;
  std::string how;                          // what the years and level came from
  std::vector<std::pair<int, int>> months;  // the entries' intervals
  size_t entry_begin = 0;                   // the first entry's range, for the evidence
  size_t entry_end = 0;
};

class CvDrafter final : public text::TextScan {
 public:
  CvDrafter(absl::string_view text, const SkillCatalog& catalog, absl::CivilDay today)
      : TextScan(text, catalog), today_(today) {}

  v1::CandidateDraft Run() {
    Scan();
    FindContacts();
    FindName();
    FindEntries();
    FindHeadline();
    FindSkills();
    FindLocation();
    FindEnglish();
    FindKinds();
    FindSeniority();
    Assemble();
    return std::move(draft_);
  }

 private:
  // Under a heading about skills ("Tech stack:"), an ambiguous word alone on a line is the
  // skill.
  int HeadingScope(absl::string_view heading) const override {
    for (absl::string_view word : {"skill", "stack", "technolog", "tools", "competenc"}) {
      if (absl::StrContains(heading, word)) return kSkillsScope;
    }
    return 0;
  }

  // The section a unit starts, when it is a section's name alone ("Work Experience",
  // "## Education", "SKILLS:"), else kNoSection.
  Section SectionStartedBy(const Unit& unit) const {
    if (unit.end - unit.begin > 48) return Section::kNone;
    std::string name;
    for (char c : Lower(unit.begin, unit.end)) {
      if (absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '&' || c == ' ') {
        if (c == ' ' && (name.empty() || name.back() == ' ')) continue;
        name.push_back(c);
      } else if (c != '#' && c != '*' && c != ':' && c != '=' && c != '_' && c != '-' && c != '|' &&
                 c != '.') {
        return Section::kNone;
      }
    }
    while (!name.empty() && name.back() == ' ') name.pop_back();
    absl::StrReplaceAll({{" and ", " & "}}, &name);
    static const auto* sections = new std::map<std::string, Section, std::less<>>{
        {"experience", Section::kExperience},
        {"work experience", Section::kExperience},
        {"professional experience", Section::kExperience},
        {"relevant experience", Section::kExperience},
        {"employment", Section::kExperience},
        {"employment history", Section::kExperience},
        {"work history", Section::kExperience},
        {"career", Section::kExperience},
        {"career history", Section::kExperience},
        {"experience & projects", Section::kExperience},
        {"positions", Section::kExperience},
        {"education", Section::kEducation},
        {"studies", Section::kEducation},
        {"academic background", Section::kEducation},
        {"education & certifications", Section::kEducation},
        {"certifications", Section::kEducation},
        {"certificates", Section::kEducation},
        {"courses", Section::kEducation},
        {"training", Section::kEducation},
        {"skills", Section::kSkills},
        {"technical skills", Section::kSkills},
        {"key skills", Section::kSkills},
        {"core skills", Section::kSkills},
        {"skills & tools", Section::kSkills},
        {"tech stack", Section::kSkills},
        {"stack", Section::kSkills},
        {"technologies", Section::kSkills},
        {"tools", Section::kSkills},
        {"competencies", Section::kSkills},
        {"expertise", Section::kSkills},
        {"summary", Section::kOther},
        {"profile", Section::kOther},
        {"professional summary", Section::kOther},
        {"about", Section::kOther},
        {"about me", Section::kOther},
        {"projects", Section::kOther},
        {"personal projects", Section::kOther},
        {"side projects", Section::kOther},
        {"open source", Section::kOther},
        {"interests", Section::kOther},
        {"hobbies", Section::kOther},
        {"contact", Section::kOther},
        {"contacts", Section::kOther},
        {"references", Section::kOther},
        {"publications", Section::kOther},
        {"awards", Section::kOther},
        {"volunteering", Section::kOther},
        {"languages", Section::kOther},
        {"spoken languages", Section::kOther}};
    auto it = sections->find(name);
    return it == sections->end() ? Section::kNone : it->second;
  }

  v1::Candidate& candidate() { return *draft_.mutable_candidate(); }

  // The words of [begin, stop), split on white space, up to `max` and up to a byte that ends a
  // phrase (',', '|', '(', ')', ';', ':', '/', a middle dot, a dash or bullet): byte spans, so
  // that "São Paulo" and "García" are whole words (tokens split at non-ASCII letters).
  std::vector<std::pair<size_t, size_t>> Words(size_t begin, size_t stop, size_t max) const {
    std::vector<std::pair<size_t, size_t>> words;
    const auto ends_phrase = [&](size_t at) {
      const char c = text_[at];
      if (c == ',' || c == '|' || c == '(' || c == ')' || c == ';' || c == ':' || c == '/' ||
          c == '\n' || c == '<' || c == '>' || c == '*') {
        return true;
      }
      const absl::string_view rest = text_.substr(at, 3);
      return absl::StartsWith(rest, "\xc2\xb7") || rest == "\xe2\x80\x94" ||
             rest == "\xe2\x80\x93" || rest == "\xe2\x80\xa2" ||
             (c == '-' && at + 1 < stop && text_[at + 1] == ' ');
    };
    size_t at = begin;
    while (words.size() < max) {
      while (at < stop && (text_[at] == ' ' || text_[at] == '\t')) ++at;
      if (at >= stop || ends_phrase(at)) break;
      const size_t word_begin = at;
      while (at < stop && text_[at] != ' ' && text_[at] != '\t' && !ends_phrase(at)) {
        // No name or place is a word this long: stop reading, so that a text of one huge word
        // costs nothing per start.
        if (++at - word_begin > 64) return words;
      }
      size_t word_end = at;
      bool sentence_end = false;
      while (word_end > word_begin && (text_[word_end - 1] == '.' || text_[word_end - 1] == '!' ||
                                       text_[word_end - 1] == '?')) {
        --word_end;
        sentence_end = true;
      }
      if (word_end > word_begin) words.emplace_back(word_begin, word_end);
      if (sentence_end) break;
    }
    return words;
  }

  bool StartsUpper(size_t at) const {
    return IsUpper(text_[at]) || static_cast<unsigned char>(text_[at]) >= 0x80;
  }

  // ---- email and phone -------------------------------------------------------------------

  static bool EmailLocalChar(char c) {
    return text::IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
  static bool EmailDomainChar(char c) { return text::IsAlnum(c) || c == '.' || c == '-'; }

  void FindContacts() {
    // The email: the first '@' with a name before it and a dotted domain after it.
    for (size_t at = text_.find('@'); at != absl::string_view::npos && email_end_ == 0;
         at = text_.find('@', at + 1)) {
      size_t begin = at;
      while (begin > 0 && at - begin < 64 && EmailLocalChar(text_[begin - 1])) --begin;
      size_t end = at + 1;
      while (end < text_.size() && end - at < 255 && EmailDomainChar(text_[end])) ++end;
      while (end > at + 1 && (text_[end - 1] == '.' || text_[end - 1] == '-')) --end;
      const absl::string_view domain = text_.substr(at + 1, end - at - 1);
      if (begin == at || domain.find('.') == absl::string_view::npos || domain.front() == '.') {
        continue;
      }
      email_begin_ = begin;
      email_end_ = end;
      candidate().set_email(std::string(Span(begin, end)));
      // The evidence never quotes it: evidence sentences are the kind of text that ends up in
      // notes and logs.
      AddEvidence(contact_evidence_, "email", begin, end, "email: the address in the text");
    }
    if (email_end_ == 0) questions_.push_back("no email found: how do we reach the candidate?");
    // The phone: 9-15 digits with spaces, dashes, dots or brackets between them, starting with
    // '+' or on a line that says it is a phone.
    static const auto* cues = new std::vector<absl::string_view>{
        "phone", "mobile", "tel", "tel.", "cell", "whatsapp", "telephone", "mob"};
    for (const Unit& unit : units_) {
      const bool cued = !FindInUnit(unit, *cues).empty();
      for (size_t at = unit.begin; at < unit.end; ++at) {
        const char c = text_[at];
        if (!(c == '+' || (cued && (IsDigit(c) || c == '(')))) continue;
        if (at > 0 && (text::IsAlnum(text_[at - 1]) || text_[at - 1] == '@')) continue;
        if (at >= email_begin_ && at < email_end_) continue;
        size_t end = at + 1;
        int digits = IsDigit(c) ? 1 : 0;
        while (end < unit.end && (IsDigit(text_[end]) || text_[end] == ' ' || text_[end] == '-' ||
                                  text_[end] == '.' || text_[end] == '(' || text_[end] == ')')) {
          digits += IsDigit(text_[end]) ? 1 : 0;
          ++end;
          if (digits > 15) break;
        }
        const size_t run_end = end;
        while (end > at && !IsDigit(text_[end - 1])) --end;
        if (digits >= 9 && digits <= 15 && (end >= unit.end || !text::IsAlnum(text_[end]))) {
          candidate().set_phone(std::string(Span(at, end)));
          AddEvidence(contact_evidence_, "phone", at, end, "phone: the number in the text");
          return;
        }
        // A start inside the run read nothing new: on after it (linear in "( ( ( (...").
        at = std::max(at, run_end - 1);
      }
    }
  }

  // ---- name ------------------------------------------------------------------------------

  // Whether [begin, end) reads as a person's name: 2-4 capitalised words, letters only.
  bool LooksLikeName(size_t begin, size_t end) const {
    const std::vector<std::pair<size_t, size_t>> words = Words(begin, end, 5);
    if (words.empty() ||
        Lower(words.back().second, end).find_first_not_of(" \t.") != absl::string_view::npos) {
      return false;  // something else on the line: a comma, a bar, more words
    }
    for (const auto& [word_begin, word_end] : words) {
      const absl::string_view word = Span(word_begin, word_end);
      if (!StartsUpper(word_begin)) {
        const absl::string_view lower = Lower(word_begin, word_end);
        // "Maria da Silva", "Ludwig van Beethoven".
        if (lower != "da" && lower != "de" && lower != "van" && lower != "von" && lower != "dos" &&
            lower != "del" && lower != "di" && lower != "la" && lower != "le") {
          return false;
        }
      }
      for (char c : word) {
        if (IsDigit(c) || c == '@' || c == '+' || c == '#' || c == '&' || c == '=') return false;
      }
    }
    const size_t count = words.size();
    if (count < 2 || count > 4) return false;
    const absl::string_view lower = Lower(begin, end);
    if (!FindPhrases(lower, TitleNouns(), 0).empty()) return false;
    for (absl::string_view word :
         {"curriculum", "resume", "résumé", "vitae", "profile", "summary", "contact", "experience",
          "skills", "education", "based", "about", "dear", "hello", "hi"}) {
      if (!FindPhrases(lower, {word}, 0).empty()) return false;
    }
    for (const Hit& hit : FindPhrases(lower, {"based in", "located in"}, 0)) {
      (void)hit;
      return false;
    }
    // A city or country alone ("Lisbon, Portugal") is not a name.
    if (text::CountryCodeNamed(lower).has_value() || !text::CitiesNamed(lower).empty()) {
      return false;
    }
    return true;
  }

  void SetName(size_t begin, size_t end, absl::string_view how) {
    while (begin < end && absl::ascii_isspace(static_cast<unsigned char>(text_[begin]))) ++begin;
    while (end > begin && (absl::ascii_isspace(static_cast<unsigned char>(text_[end - 1])) ||
                           text_[end - 1] == ',' || text_[end - 1] == '.')) {
      --end;
    }
    if (end <= begin || end - begin > 200) return;
    // A name is made of words: control characters alone (cleaned to spaces) are not one, and
    // then no token starts at or after `begin` either.
    const size_t token = TokenAt(begin);
    const std::string name = text::Clean(Span(begin, end));
    if (token >= tokens_.size() || absl::StripAsciiWhitespace(name).empty()) return;
    name_unit_ = tokens_[token].unit;
    candidate().set_display_name(name);
    AddEvidence(name_evidence_, "display_name", begin, end,
                absl::StrCat("display name: ", Quoted(Span(begin, end)), " (", how, ")"));
  }

  void FindName() {
    for (const Unit& unit : units_) {
      const absl::string_view lower = Lower(unit.begin, unit.end);
      for (absl::string_view label : {"name:", "full name:"}) {
        if (absl::StartsWith(lower, label)) {
          return SetName(unit.begin + label.size(), unit.end, "the line labelled name");
        }
      }
      for (const Hit& hit : FindPhrases(lower, {"my name is", "i'm", "i am", "this is"}, 0)) {
        // "My name is Ana Lima and ...": the capitalised words after it.
        std::vector<std::pair<size_t, size_t>> words = Words(unit.begin + hit.end, unit.end, 4);
        size_t capitalised = 0;
        while (capitalised < words.size() && StartsUpper(words[capitalised].first)) ++capitalised;
        if (capitalised >= 2 && LooksLikeName(words.front().first, words[capitalised - 1].second)) {
          return SetName(words.front().first, words[capitalised - 1].second,
                         "as the CV introduces them");
        }
      }
    }
    // The first lines: a name alone, or a name before " - ", " | ", ", " and a title.
    for (size_t u = 0; u < units_.size() && u < 3; ++u) {
      const Unit& unit = units_[u];
      if (LooksLikeName(unit.begin, unit.end))
        return SetName(unit.begin, unit.end, "the first line");
      for (absl::string_view separator : {" - ", " | ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", ", "}) {
        const size_t cut = Span(unit.begin, unit.end).find(separator);
        if (cut != absl::string_view::npos && LooksLikeName(unit.begin, unit.begin + cut)) {
          return SetName(unit.begin, unit.begin + cut, "the first line");
        }
      }
      const absl::string_view lower = Lower(unit.begin, unit.end);
      const bool preamble = lower == "cv" || lower == "resume" || lower == "curriculum vitae" ||
                            absl::StartsWith(lower, "cv ") || absl::StartsWith(lower, "resume");
      if (!preamble) break;
    }
    questions_.push_back("no name found: what is the candidate called?");
  }

  // ---- experience entries ----------------------------------------------------------------

  // A date at token t: "2019", "Mar 2019", "03/2019", "2019-03" is not read (taken as 2019).
  struct DateAt {
    int month_index = 0;
    size_t begin = 0;
    size_t next = 0;  // the token after it
    bool present = false;
    bool month_given = false;
  };

  std::optional<DateAt> DateAtToken(size_t t, size_t stop) const {
    if (t >= stop || !tokens_[t].word) return std::nullopt;
    const absl::string_view word = LowerToken(t);
    for (absl::string_view now :
         {"present", "now", "current", "today", "ongoing", "currently", "date"}) {
      if (word == now) {
        return DateAt{MonthIndex(today_.year(), today_.month()), tokens_[t].begin, t + 1, true,
                      true};
      }
    }
    int month = 1;
    bool month_given = false;
    size_t year_token = t;
    if (std::optional<int> named = MonthNamed(word)) {
      month = *named;
      month_given = true;
      year_token = t + 1;
      if (year_token < stop && !tokens_[year_token].word && LowerToken(year_token) == ",") {
        ++year_token;
      }
    } else if (std::optional<int64_t> number = LeadingNumber(word);
               number && *number >= 1 && *number <= 12 && word.size() <= 2 && t + 2 < stop &&
               LowerToken(t + 1) == "/") {
      month = static_cast<int>(*number);
      month_given = true;
      year_token = t + 2;
    }
    if (year_token >= stop || !tokens_[year_token].word) return std::nullopt;
    const absl::string_view year_word = LowerToken(year_token);
    if (year_word.size() != 4) return std::nullopt;
    std::optional<int64_t> year = LeadingNumber(year_word);
    if (!year || *year < 1960 || *year > today_.year()) return std::nullopt;
    return DateAt{MonthIndex(*year, month), tokens_[t].begin, year_token + 1, false, month_given};
  }

  // A range in unit u: a date, a dash, "to", "until" or "-", and a date or "present".
  std::optional<Entry> RangeIn(size_t u) const {
    const Unit& unit = units_[u];
    for (size_t t = unit.first_token; t < unit.last_token; ++t) {
      std::optional<DateAt> from = DateAtToken(t, unit.last_token);
      if (!from || from->present) continue;
      size_t k = from->next;
      bool joined = false;
      while (k < unit.last_token && k < from->next + 2) {
        const absl::string_view joiner = LowerToken(k);
        if (joiner == "-" || joiner == "to" || joiner == "until" || joiner == "till" ||
            joiner == "\xe2\x80\x93" || joiner == "\xe2\x80\x94" || joiner == "/") {
          joined = true;
          ++k;
        } else {
          break;
        }
      }
      if (!joined) continue;
      std::optional<DateAt> to = DateAtToken(k, unit.last_token);
      if (!to) continue;
      Entry entry;
      entry.date_unit = u;
      entry.begin_month = from->month_index;
      // A year alone ends in its own January only when the start was in it too ("2019 -
      // 2019" is a year's work); "2016 - 2019" is three years.
      // "Dec 2021" ends with December; a year alone ends as it starts ("2016 - 2019" is three
      // years from January to January).
      entry.end_month = to->present || to->month_given ? to->month_index + 1 : to->month_index;
      if (!to->present && !to->month_given && entry.end_month <= entry.begin_month) {
        entry.end_month = entry.begin_month + 12;
      }
      if (entry.end_month <= entry.begin_month) continue;
      entry.to_present = to->present;
      entry.range_begin = from->begin;
      entry.range_end = tokens_[to->next - 1].end;
      return entry;
    }
    return std::nullopt;
  }

  void FindEntries() {
    sections_.assign(units_.size(), Section::kNone);
    section_starts_.assign(units_.size(), false);
    Section section = Section::kNone;
    for (size_t u = 0; u < units_.size(); ++u) {
      const Section started = SectionStartedBy(units_[u]);
      if (started != Section::kNone) {
        section = started;
        section_starts_[u] = true;
        if (first_section_ == kNoToken) first_section_ = u;
      }
      sections_[u] = section;
    }
    // For each unit, the next one that starts a section (or the end).
    std::vector<size_t> next_section(units_.size(), units_.size());
    for (size_t u = units_.size(); u-- > 1;) {
      next_section[u - 1] = section_starts_[u] ? u : next_section[u];
    }
    for (size_t u = 0; u < units_.size(); ++u) {
      if (sections_[u] != Section::kNone && sections_[u] != Section::kExperience) continue;
      std::optional<Entry> entry = RangeIn(u);
      if (!entry) continue;
      entry->first_unit = u;
      // The entry runs on to the next range or section.
      entry->last_unit = next_section[u];
      entries_.push_back(*entry);
    }
    // Entries end where the next one's range is (a title line just above a range belongs to
    // the range below it; skills are rarely in a title).
    for (size_t e = 0; e + 1 < entries_.size(); ++e) {
      entries_[e].last_unit = std::min(entries_[e].last_unit, entries_[e + 1].date_unit);
    }
    std::vector<std::pair<int, int>> all;
    for (const Entry& entry : entries_) all.emplace_back(entry.begin_month, entry.end_month);
    experience_years_ = MonthsOf(all) / 12;
  }

  // Where the CV's header ends: the first section or dated entry.
  size_t HeaderEnd() const {
    size_t end = std::min(units_.size(), first_section_);
    if (!entries_.empty()) end = std::min(end, entries_.front().date_unit);
    return end;
  }

  // The months an interval list covers, overlaps counted once.
  static int MonthsOf(std::vector<std::pair<int, int>> intervals) {
    std::sort(intervals.begin(), intervals.end());
    int months = 0;
    int covered_to = -1;
    for (const auto& [begin, end] : intervals) {
      const int from = std::max(begin, covered_to);
      if (end > from) months += end - from;
      covered_to = std::max(covered_to, end);
    }
    return months;
  }

  // ---- headline and titles ---------------------------------------------------------------

  bool HasTitleNoun(size_t begin, size_t end) const {
    return !FindPhrases(Lower(begin, end), TitleNouns(), 0).empty();
  }

  // The title under the name (or after it on its line), before any section or entry.
  void FindHeadline() {
    for (size_t u = 0; u < HeaderEnd() && u < 8; ++u) {
      const Unit& unit = units_[u];
      if (unit.end - unit.begin > 120 || !HasTitleNoun(unit.begin, unit.end)) continue;
      headline_begin_ = unit.begin;
      headline_end_ = unit.end;
      return;
    }
  }

  // The current (or latest) entry's title: the range's unit, or a short line just above it.
  std::pair<size_t, size_t> CurrentTitle() const {
    const Entry* current = nullptr;
    for (const Entry& entry : entries_) {
      if (current == nullptr || entry.end_month > current->end_month) current = &entry;
    }
    if (current == nullptr) return {0, 0};
    const Unit& unit = units_[current->date_unit];
    if (HasTitleNoun(unit.begin, unit.end)) return {unit.begin, unit.end};
    for (size_t back = 1; back <= 2 && back <= current->date_unit; ++back) {
      const Unit& above = units_[current->date_unit - back];
      if (above.end - above.begin <= 100 && HasTitleNoun(above.begin, above.end)) {
        return {above.begin, above.end};
      }
    }
    // Or the line just below ("2019 - present\nBackend developer at Acme").
    if (current->date_unit + 1 < units_.size()) {
      const Unit& below = units_[current->date_unit + 1];
      if (below.end - below.begin <= 100 && HasTitleNoun(below.begin, below.end)) {
        return {below.begin, below.end};
      }
    }
    return {0, 0};
  }

  // ---- skills ----------------------------------------------------------------------------

  void FindSkills() {
    const std::vector<text::Mention> mentions = FindMentions();
    const std::vector<text::Years> years = FindYears();
    std::vector<absl::string_view> level_phrases;
    for (const text::LevelWord& word : text::LevelWords()) level_phrases.push_back(word.phrase);
    std::map<std::string, SkillSeen> by_skill;
    std::vector<std::string> order;
    std::vector<std::vector<Hit>> levels(units_.size());
    std::vector<bool> read(units_.size(), false);
    for (const text::Mention& mention : mentions) {
      auto [it, inserted] = by_skill.try_emplace(mention.skill);
      SkillSeen& seen = it->second;
      if (inserted) {
        order.push_back(mention.skill);
        seen.skill = mention.skill;
        seen.begin = mention.begin;
        seen.end = mention.end;
      }
      // Years stated next to it ("5 years of Python", "Python (5 yrs)").
      for (const text::Years& y : years) {
        if (tokens_[y.first].unit != mention.unit ||
            tokens_[y.first].begin + text::kNearBytes < mention.begin ||
            tokens_[y.first].begin > mention.end + text::kNearBytes) {
          continue;
        }
        const int distance = y.first <= mention.first_token ? Distance(y.last, mention.first_token)
                                                            : Distance(mention.last_token, y.first);
        if (distance <= 6 && y.years > seen.stated_years) {
          seen.stated_years = y.years;
          seen.begin = std::min(mention.begin, tokens_[y.first].begin);
          seen.end = std::max(mention.end, tokens_[y.last].end);
          seen.how = "stated";
        }
      }
      // The nearest level word.
      if (!read[mention.unit]) {
        read[mention.unit] = true;
        levels[mention.unit] = FindInUnit(units_[mention.unit], level_phrases);
      }
      int nearest = 5;
      for (const Hit& hit : levels[mention.unit]) {
        if (hit.begin + text::kNearBytes < mention.begin ||
            hit.begin > mention.end + text::kNearBytes) {
          continue;
        }
        const size_t level_token = TokenAt(hit.begin);
        const int distance = level_token <= mention.first_token
                                 ? Distance(level_token, mention.first_token)
                                 : Distance(mention.last_token, level_token);
        if (distance < nearest) {
          nearest = distance;
          const int level = text::LevelWords()[static_cast<size_t>(hit.value)].level;
          if (level > seen.level) {
            seen.level = level;
            if (seen.how.empty()) {
              seen.begin = std::min(mention.begin, hit.begin);
              seen.end = std::max(mention.end, hit.end);
            }
          }
        }
      }
      // The experience entry it is named in.
      for (const Entry& entry : entries_) {
        if (mention.unit < entry.first_unit || mention.unit >= entry.last_unit) continue;
        seen.months.emplace_back(entry.begin_month, entry.end_month);
        if (seen.entry_end == 0) {
          seen.entry_begin = entry.range_begin;
          seen.entry_end = entry.range_end;
        }
      }
    }
    for (const std::string& skill : order) {
      const SkillSeen& seen = by_skill[skill];
      const int months = MonthsOf(seen.months);
      const int dated_years = months == 0 ? 0 : std::max(1, months / 12);
      // A statement next to the skill says more than the entries it is named in ("I have 3
      // years of Kafka" inside a ten-year job): the entries count only when nothing is stated.
      const int years = std::min(50, seen.stated_years > 0 ? seen.stated_years : dated_years);
      int level = std::max(seen.level, text::LevelFromYears(years));
      std::string said = absl::StrCat(skill, ", level ");
      if (level == 0) {
        level = 2;
        absl::StrAppend(&said, level, " (listed; no level or years stated)");
      } else {
        absl::StrAppend(&said, level);
      }
      size_t begin = seen.begin;
      size_t end = seen.end;
      std::string from = "named";
      if (years > 0) {
        absl::StrAppend(&said, ", ", years, years == 1 ? " year" : " years");
        if (seen.stated_years == 0) {
          absl::StrAppend(&said, " from the dated experience it is named in (",
                          seen.months.size() == 1 ? "one entry" : "entries overlapping once",
                          ", to today where it says present)");
          from =
              absl::StrCat("experience ", Quoted(Span(seen.entry_begin, seen.entry_end)), " and");
        }
      }
      if (candidate().skills_size() >= 100) break;
      v1::CandidateSkill& added = *candidate().add_skills();
      added.set_skill(skill);
      added.set_level(level);
      added.set_years(years);
      AddEvidence(skill_evidence_, absl::StrCat("skills[", candidate().skills_size() - 1, "]"),
                  begin, end,
                  absl::StrCat("skill: ", from, " ", Quoted(Span(begin, end)), " -> ", said));
    }
    if (candidate().skills().empty()) {
      questions_.push_back("no skills found: which technologies has the candidate worked with?");
    }
  }

  // ---- location --------------------------------------------------------------------------

  struct Place {
    size_t begin = 0;
    size_t end = 0;
    std::vector<text::CityZone> cities;
    std::optional<std::string> country;  // a country named after the city, or alone
    size_t country_end = 0;
  };

  // The country an element at `at` names ("Poland", "the USA", "United States"), with its end.
  std::optional<std::pair<std::string, size_t>> CountryAt(size_t at, size_t stop) const {
    std::vector<std::pair<size_t, size_t>> words = Words(at, stop, 4);
    if (!words.empty() && Lower(words.front().first, words.front().second) == "the") {
      words.erase(words.begin());
    }
    for (size_t length = std::min<size_t>(3, words.size()); length >= 1; --length) {
      const absl::string_view name = Lower(words.front().first, words[length - 1].second);
      if (std::optional<std::string> code = text::CountryCodeNamed(name)) {
        return std::pair{*code, words[length - 1].second};
      }
    }
    return std::nullopt;
  }

  // The place named at byte `at` (a capitalised word), before `stop`: the longest run of up to
  // four words that is a city, then its country ("Kraków, Poland", "Austin, TX, United
  // States", "Lisbon (Portugal)"); or a country alone ("the USA").
  std::optional<Place> PlaceAt(size_t at, size_t stop) const {
    std::vector<std::pair<size_t, size_t>> words = Words(at, stop, 4);
    if (words.empty() || !StartsUpper(words.front().first)) return std::nullopt;
    for (size_t length = words.size(); length >= 1; --length) {
      const size_t end = words[length - 1].second;
      const absl::string_view name = Lower(words.front().first, end);
      if (name.size() > 60) continue;
      std::vector<text::CityZone> cities = text::CitiesNamed(name);
      if (cities.empty()) {
        if (std::optional<std::string> code = text::CountryCodeNamed(name)) {
          return Place{words.front().first, end, {}, code, end};
        }
        continue;
      }
      Place place{words.front().first, end, std::move(cities), {}, 0};
      // The country: the next element, or the one after a region ("TX", "Ontario").
      size_t next = end;
      for (int element = 0; element < 2 && next < stop; ++element) {
        while (next < stop && (text_[next] == ' ' || text_[next] == ',' || text_[next] == '(' ||
                               text_[next] == '-')) {
          ++next;
        }
        if (std::optional<std::pair<std::string, size_t>> country = CountryAt(next, stop)) {
          place.country = country->first;
          place.country_end = country->second;
          break;
        }
        const std::vector<std::pair<size_t, size_t>> region = Words(next, stop, 3);
        // A region is followed by a comma; one that ends the text (or the unit) is not one.
        if (region.empty() || region.back().second >= stop || text_[region.back().second] != ',') {
          break;
        }
        next = region.back().second;
      }
      return place;
    }
    return std::nullopt;
  }

  void FindLocation() {
    static const auto* cues = new std::vector<absl::string_view>{
        "based in",     "located in",  "living in",    "lives in",     "live in",  "location:",
        "location -",   "address:",    "residing in",  "resident in",  "city:",    "home:",
        "based out of", "remote from", "working from", "relocated to", "moved to", "from"};
    std::optional<Place> place;
    std::string how;
    for (const Unit& unit : units_) {
      for (const Hit& hit : FindInUnit(unit, *cues)) {
        size_t t = TokenAt(hit.end);
        // "Location: - Lisbon", "based in the UK".
        while (t < unit.last_token && (!tokens_[t].word || LowerToken(t) == "the")) ++t;
        if (t >= unit.last_token) continue;
        // "from" is too common a word: only "from Lisbon" with a city right after it.
        const bool weak = (*cues)[static_cast<size_t>(hit.value)] == "from";
        std::optional<Place> at = PlaceAt(tokens_[t].begin, unit.end);
        if (!at || (weak && at->cities.empty())) continue;
        place = at;
        how = absl::StrCat("after ", Quoted(Span(hit.begin, hit.end)));
        break;
      }
      if (place) break;
    }
    if (!place) {
      // "City, Country" in the header, before the first section or entry.
      for (size_t u = 0; u < HeaderEnd() && u < 10 && !place; ++u) {
        const Unit& unit = units_[u];
        for (size_t t = unit.first_token; t < unit.last_token; ++t) {
          if (!tokens_[t].word || (t > unit.first_token && tokens_[t - 1].word &&
                                   tokens_[t - 1].end == tokens_[t].begin)) {
            continue;  // inside a word ("Paulo" of "São Paulo" is read from "São")
          }
          std::optional<Place> at = PlaceAt(tokens_[t].begin, unit.end);
          if (!at || at->cities.empty() || !at->country) continue;
          const bool matches = std::any_of(
              at->cities.begin(), at->cities.end(),
              [&](const text::CityZone& city) { return city.country_code == *at->country; });
          if (!matches) continue;
          place = at;
          how = "the city and country in the CV's header";
          break;
        }
      }
    }
    if (!place) {
      questions_.push_back(
          "no location found: which country and time zone does the candidate work from?");
      return;
    }
    const size_t end = std::max(place->end, place->country_end);
    if (!place->cities.empty()) {
      const text::CityZone* city = &place->cities.front();
      for (const text::CityZone& c : place->cities) {
        if (place->country && c.country_code == *place->country) {
          city = &c;
          break;
        }
      }
      const std::string which = place->cities.size() > 1 && !place->country
                                    ? absl::StrCat("; ", place->cities.size(),
                                                   " cities have that name, the most "
                                                   "populous taken")
                                    : "";
      candidate().set_country(std::string(city->country_code));
      AddEvidence(location_evidence_, "country", place->begin, end,
                  absl::StrCat("country: ", Quoted(Span(place->begin, end)), " (", how, ") -> ",
                               city->name, ", ", city->country, " -> ", city->country_code, which));
      SetZone(std::string(city->zone), place->begin, end,
              absl::StrCat("zone: ", Quoted(Span(place->begin, end)), " -> ", city->zone,
                           " (npm's city-timezones", which, ")"));
      return;
    }
    candidate().set_country(*place->country);
    AddEvidence(location_evidence_, "country", place->begin, end,
                absl::StrCat("country: ", Quoted(Span(place->begin, end)), " (", how, ") -> ",
                             *place->country));
    const std::vector<std::string> zones = text::ZonesOfCountry(*place->country);
    if (zones.size() == 1) {
      SetZone(zones.front(), place->begin, end,
              absl::StrCat("zone: ", Quoted(Span(place->begin, end)), " -> ", zones.front(),
                           " (the country's only zone)"));
      return;
    }
    questions_.push_back(absl::StrCat("only the country is stated and ", *place->country,
                                      " has several time zones: which city or zone?"));
  }

  void SetZone(std::string zone, size_t begin, size_t end, std::string sentence) {
    common::v1::WorkingHours& hours = *candidate().mutable_working_hours();
    hours.set_time_zone(std::move(zone));
    hours.set_start("09:00");
    hours.set_end("17:00");
    AddEvidence(location_evidence_, "working_hours.time_zone", begin, end, std::move(sentence));
    AddEvidence(location_evidence_, "working_hours", begin, begin,
                "working hours: 09:00-17:00 in that zone, assumed (the CV states no hours)");
    questions_.push_back(
        "working hours assumed 09:00-17:00 in the candidate's zone: which hours will they work?");
  }

  // ---- English ---------------------------------------------------------------------------

  void FindEnglish() {
    std::vector<absl::string_view> phrases;
    for (const EnglishWord& word : EnglishWords()) phrases.push_back(word.phrase);
    for (const Unit& unit : units_) {
      const std::vector<Hit> englishes = FindInUnit(unit, {"english"});
      if (englishes.empty()) continue;
      // Read once a unit: "english english ..." must stay linear.
      const std::vector<Hit> hits = FindInUnit(unit, phrases);
      for (const Hit& english : englishes) {
        // A CEFR code near it ("English: C1", "English (B2)", "C1 English").
        const size_t at = TokenAt(english.begin);
        for (size_t t = at > unit.first_token + 3 ? at - 3 : unit.first_token;
             t < unit.last_token && t <= at + 4; ++t) {
          if (!tokens_[t].word) continue;
          const absl::string_view word = LowerToken(t);
          if (word.size() == 2 && (word[0] == 'a' || word[0] == 'b' || word[0] == 'c') &&
              word[1] >= '1' && word[1] <= '2') {
            const int level = (word[0] - 'a') * 2 + (word[1] - '0');
            return SetEnglish(static_cast<v1::EnglishLevel>(level),
                              std::min(english.begin, tokens_[t].begin),
                              std::max(english.end, tokens_[t].end));
          }
        }
        // Else the nearest level word within a few words.
        const Hit* best = nullptr;
        int best_distance = 5;
        for (const Hit& hit : hits) {
          if (hit.begin < english.end && english.begin < hit.end) continue;
          if (hit.begin + 200 < english.begin || hit.begin > english.end + 200) continue;
          const size_t t = TokenAt(hit.begin);
          const int distance = t <= at ? Distance(t, at) : Distance(at + 1, t);
          // "upper-intermediate" also holds "intermediate": the longer one, found first.
          if (distance < best_distance || (best != nullptr && distance == best_distance &&
                                           hit.end - hit.begin > best->end - best->begin)) {
            best_distance = distance;
            best = &hit;
          }
        }
        if (best != nullptr) {
          return SetEnglish(EnglishWords()[static_cast<size_t>(best->value)].level,
                            std::min(english.begin, best->begin), std::max(english.end, best->end));
        }
      }
    }
    questions_.push_back("no English level stated: how well does the candidate speak English?");
  }

  void SetEnglish(v1::EnglishLevel level, size_t begin, size_t end) {
    candidate().set_english_level(level);
    AddEvidence(
        english_evidence_, "english_level", begin, end,
        absl::StrCat("English: ", Quoted(Span(begin, end)), " -> ", v1::EnglishLevel_Name(level)));
  }

  // ---- kinds and seniority ---------------------------------------------------------------

  // The title the kinds and seniority come from: the headline, else the current entry's.
  std::pair<size_t, size_t> Title(std::string& where) const {
    if (headline_end_ > headline_begin_) {
      where = "the headline";
      return {headline_begin_, headline_end_};
    }
    where = "the current position";
    return CurrentTitle();
  }

  void FindKinds() {
    std::string where;
    const auto [begin, end] = Title(where);
    if (end <= begin) {
      questions_.push_back("no title found: which kinds of role does the candidate fit?");
      return;
    }
    std::vector<absl::string_view> phrases;
    for (const text::KindWord& word : KindWords()) phrases.push_back(word.phrase);
    std::vector<Hit> hits = FindPhrases(Lower(begin, end), phrases, begin);
    // Each kind once, the more specific phrase deciding: a phrase inside a longer one that
    // was found ("engineer" in "data engineer") says nothing more.
    std::sort(hits.begin(), hits.end(),
              [](const Hit& a, const Hit& b) { return a.value < b.value; });
    std::vector<Hit> used;
    std::set<int> kinds;
    for (const Hit& hit : hits) {
      const bool inside = std::any_of(used.begin(), used.end(), [&](const Hit& u) {
        return hit.begin < u.end && u.begin < hit.end;
      });
      if (inside) continue;
      const RoleKind kind = KindWords()[static_cast<size_t>(hit.value)].kind;
      // A generic noun after a specific kind adds nothing ("Frontend developer").
      const bool generic =
          kind == common::v1::BACKEND_ENGINEER || kind == common::v1::BACKEND_DEVELOPER;
      if (generic && !kinds.empty() && !IsBackendTitle(begin, end)) continue;
      used.push_back(hit);
      if (!kinds.insert(kind).second) continue;
      if (candidate().kinds_size() >= 3) break;
      candidate().add_kinds(kind);
      AddEvidence(kind_evidence_, absl::StrCat("kinds[", candidate().kinds_size() - 1, "]"),
                  hit.begin, hit.end,
                  absl::StrCat("kind: ", Quoted(Span(hit.begin, hit.end)), " in ", where, " ",
                               Quoted(Span(begin, end)), " -> ", common::v1::RoleKind_Name(kind)));
    }
    if (candidate().kinds().empty()) {
      questions_.push_back(
          "the title names no role kind: which kinds of role does the candidate fit?");
    }
  }

  bool IsBackendTitle(size_t begin, size_t end) const {
    return !FindPhrases(Lower(begin, end), {"backend", "back-end", "back end", "server-side"}, 0)
                .empty();
  }

  void FindSeniority() {
    std::string where;
    const auto [begin, end] = Title(where);
    if (end > begin) {
      std::vector<absl::string_view> phrases;
      for (const SeniorityWord& word : SeniorityWords()) phrases.push_back(word.phrase);
      std::vector<Hit> hits = FindPhrases(Lower(begin, end), phrases, begin);
      if (!hits.empty()) {
        const Seniority seniority = SeniorityWords()[static_cast<size_t>(hits[0].value)].seniority;
        candidate().set_seniority(seniority);
        AddEvidence(seniority_evidence_, "seniority", hits[0].begin, hits[0].end,
                    absl::StrCat("seniority: ", Quoted(Span(hits[0].begin, hits[0].end)), " in ",
                                 where, " -> ", common::v1::Seniority_Name(seniority)));
        return;
      }
    }
    // From the years: the dated entries', or the most stated ("8 years of experience").
    const int years = std::max(experience_years_, max_years_);
    if (years == 0 && entries_.empty()) {
      questions_.push_back("no seniority in a title and no years of experience: which level?");
      return;
    }
    const Seniority seniority = years >= 5   ? common::v1::SENIOR
                                : years >= 2 ? common::v1::MID
                                             : common::v1::JUNIOR;
    candidate().set_seniority(seniority);
    const bool stated = max_years_ > experience_years_;
    const size_t span_begin = stated ? max_years_evidence_.first : 0;
    const size_t span_end = stated ? max_years_evidence_.second : 0;
    AddEvidence(
        seniority_evidence_, "seniority", span_begin, span_end,
        absl::StrCat("seniority: ", years, years == 1 ? " year" : " years",
                     stated ? absl::StrCat(" as stated ", Quoted(Span(span_begin, span_end)))
                            : std::string(" of dated experience"),
                     " -> ", common::v1::Seniority_Name(seniority),
                     " (5+ senior, 2-4 mid, less junior; no title word says it)"));
  }

  // ---- the draft -------------------------------------------------------------------------

  void Assemble() {
    questions_.push_back("no monthly rate found: what does the candidate ask per month?");
    for (auto* group : {&name_evidence_, &contact_evidence_, &location_evidence_, &skill_evidence_,
                        &kind_evidence_, &seniority_evidence_, &english_evidence_}) {
      for (v1::CandidateFieldEvidence& evidence : *group) {
        *draft_.add_evidence() = std::move(evidence);
      }
    }
    for (std::string& question : questions_) draft_.add_questions(std::move(question));
  }

  absl::CivilDay today_;
  std::vector<Entry> entries_;
  std::vector<Section> sections_;  // per unit
  std::vector<bool> section_starts_;
  size_t first_section_ = kNoToken;
  int experience_years_ = 0;
  size_t name_unit_ = kNoToken;
  size_t email_begin_ = 0;
  size_t email_end_ = 0;
  size_t headline_begin_ = 0;
  size_t headline_end_ = 0;
  v1::CandidateDraft draft_;
  std::vector<std::string> questions_;
  std::vector<v1::CandidateFieldEvidence> name_evidence_, contact_evidence_, location_evidence_,
      skill_evidence_, kind_evidence_, seniority_evidence_, english_evidence_;
};

}  // namespace

absl::Status CheckCandidateDraftText(absl::string_view text, absl::string_view field) {
  return text::CheckDraftText(text, field, "the CV");
}

absl::StatusOr<v1::CandidateDraft> DraftCandidateFromText(absl::string_view text,
                                                          const SkillCatalog& catalog,
                                                          absl::CivilDay today,
                                                          absl::string_view field) {
  if (absl::Status valid = CheckCandidateDraftText(text, field); !valid.ok()) return valid;
  return CvDrafter(text, catalog, today).Run();
}

}  // namespace meridian::talent
