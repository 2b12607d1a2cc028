#include "common/text/draft_text.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"

namespace meridian::text {
namespace {

// Words after an ambiguous alias that say it is the technology ("Go developer").
const std::set<std::string, std::less<>>& TechNounsAfter() {
  static const auto* words = new std::set<std::string, std::less<>>{
      "developer",   "developers",  "engineer",   "engineers",    "programmer", "programmers",
      "dev",         "devs",        "code",       "codebase",     "services",   "microservices",
      "backend",     "backends",    "frontend",   "experience",   "skills",     "programming",
      "language",    "stack",       "apps",       "applications", "knowledge",  "expertise",
      "proficiency", "development", "ecosystem",  "modules",      "sdk",        "libraries",
      "projects",    "background",  "components", "hooks",        "apis",       "api",
      "server",      "servers",     "service",    "tooling",      "1.21",       "1.22",
      "generics",    "concurrency"};
  return *words;
}

// Words before an ambiguous alias that say it is the technology ("years of Go").
const std::set<std::string, std::less<>>& TechWordsBefore() {
  static const auto* words = new std::set<std::string, std::less<>>{
      "of",        "in",     "with",       "using",  "strong", "senior",   "junior",
      "idiomatic", "modern", "proficient", "expert", "write",  "writing",  "written",
      "know",      "knows",  "knowing",    "solid",  "deep",   "advanced", "experienced",
      "mid-level", "lead",   "principal",  "staff",  "fluent", "fluency",  "program"};
  return *words;
}

const std::set<std::string, std::less<>>& Negations() {
  static const auto* words =
      new std::set<std::string, std::less<>>{"no", "not", "without", "never", "nor"};
  return *words;
}

}  // namespace

absl::Status CheckDraftText(absl::string_view text, absl::string_view field,
                            absl::string_view what) {
  if (text.size() > kMaxDraftTextBytes) {
    return InvalidArgument(field, absl::StrCat("must be at most ", kMaxDraftTextBytes,
                                               " bytes (got ", text.size(), ")"));
  }
  if (absl::StripAsciiWhitespace(text).empty()) {
    return InvalidArgument(field, absl::StrCat("is required: ", what, " to draft from"));
  }
  return absl::OkStatus();
}

bool IsAlnum(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }

// The length of the well-formed UTF-8 sequence `text` starts with, or 0. The ranges are RFC
// 3629's (its table 3-7 in Unicode): no overlong forms, no surrogates, nothing past U+10FFFF,
// which is exactly what protobuf refuses in a string field.
size_t Utf8SequenceLength(absl::string_view text) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(0);
  size_t length = 0;
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) second_low = 0xa0;   // below is overlong
    if (lead == 0xed) second_high = 0x9f;  // above is a surrogate
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) second_low = 0x90;   // below is overlong
    if (lead == 0xf4) second_high = 0x8f;  // above is past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < second_low || byte(1) > second_high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((byte(k) & 0xc0) != 0x80) return 0;
  }
  return length;
}

// The text with control characters as spaces and bytes that are not UTF-8 as '?', so that a
// quote of any input can go into a protobuf string.
std::string Clean(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text.substr(i));
    const bool valid = length > 0;
    if (valid) {
      out.append(text.substr(i, length).data(), length);
      i += length;
    } else {
      out.push_back('?');
      ++i;
    }
  }
  return out;
}

// The span quoted for a sentence: cleaned, white space folded, cut at kMaxQuoted.
std::string Quoted(absl::string_view text) {
  std::string folded;
  for (char c : Clean(text)) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && (folded.empty() || folded.back() == ' ')) continue;
    folded.push_back(c);
  }
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  if (folded.size() > kMaxQuoted) {
    size_t cut = kMaxQuoted;
    while (cut > 0 && (static_cast<unsigned char>(folded[cut]) & 0xc0) == 0x80) --cut;
    folded.resize(cut);
    folded += "...";
  }
  return absl::StrCat("'", folded, "'");
}

const std::vector<LevelWord>& LevelWords() {
  static const auto* words = new std::vector<LevelWord>{{"expert", 5},
                                                        {"expertise", 5},
                                                        {"mastery", 5},
                                                        {"deep", 4},
                                                        {"senior", 4},
                                                        {"strong", 4},
                                                        {"advanced", 4},
                                                        {"extensive", 4},
                                                        {"solid", 4},
                                                        {"proficient", 3},
                                                        {"proficiency", 3},
                                                        {"hands-on", 3},
                                                        {"production experience", 3},
                                                        {"good knowledge", 3},
                                                        {"working knowledge", 2},
                                                        {"familiarity", 2},
                                                        {"familiar", 2},
                                                        {"basic", 2},
                                                        {"exposure", 2},
                                                        {"some experience", 2},
                                                        {"basics", 2}};
  return *words;
}

std::optional<int> SmallNumberWord(absl::string_view word) {
  static const auto* numbers = new std::map<std::string, int, std::less<>>{
      {"one", 1},     {"two", 2},   {"three", 3}, {"four", 4}, {"five", 5},
      {"six", 6},     {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10},
      {"twelve", 12}, {"a", 1},     {"an", 1}};
  auto it = numbers->find(word);
  if (it == numbers->end()) return std::nullopt;
  return it->second;
}

// Leading digits of `word` as a number ("5+" -> 5, "3-5" -> 3), or nullopt.
std::optional<int64_t> LeadingNumber(absl::string_view word) {
  int64_t value = 0;
  size_t i = 0;
  while (i < word.size() && absl::ascii_isdigit(static_cast<unsigned char>(word[i])) && i < 12) {
    value = value * 10 + (word[i] - '0');
    ++i;
  }
  if (i == 0) return std::nullopt;
  return value;
}
// ---- units and tokens ------------------------------------------------------------------

TextScan::TextScan(absl::string_view text, const SkillCatalog& catalog)
    : text_(text), lower_(absl::AsciiStrToLower(text)), catalog_(catalog) {}

void TextScan::Scan() {
  CutUnits();
  Tokenize();
}

int TextScan::HeadingScope(absl::string_view /*heading*/) const { return 0; }

// The end of an HTML-like tag starting at `i` ('<'), or npos when it is not one.
size_t TextScan::TagEnd(size_t i) const {
  if (i + 1 >= lower_.size()) return std::string::npos;
  const char next = lower_[i + 1];
  if (!absl::ascii_isalpha(static_cast<unsigned char>(next)) && next != '/' && next != '!') {
    return std::string::npos;
  }
  const size_t close = lower_.find('>', i);
  if (close == std::string::npos || close - i > 300) return std::string::npos;
  return close + 1;
}

// A line's leading bullet ("- ", "* ", "• ", "1. ", "2) "): its length, or 0.
size_t TextScan::BulletLength(size_t at, size_t line_end) const {
  if (at >= line_end) return 0;
  const char c = text_[at];
  if ((c == '-' || c == '*' || c == '+' || c == '>') && at + 1 < line_end && text_[at + 1] == ' ') {
    return 2;
  }
  if (text_.substr(at, 3) == "\xe2\x80\xa2" || text_.substr(at, 3) == "\xe2\x80\x93") return 3;
  if (text_.substr(at, 2) == "\xc2\xb7") return 2;
  size_t i = at;
  while (i < line_end && i - at < 3 && absl::ascii_isdigit(static_cast<unsigned char>(text_[i])))
    ++i;
  if (i > at && i + 1 < line_end && (text_[i] == '.' || text_[i] == ')') && text_[i + 1] == ' ')
    return i + 2 - at;
  return 0;
}

void TextScan::AddUnit(size_t begin, size_t end, bool bullet, bool heading) {
  while (begin < end && absl::ascii_isspace(static_cast<unsigned char>(text_[begin]))) ++begin;
  while (end > begin && absl::ascii_isspace(static_cast<unsigned char>(text_[end - 1]))) --end;
  if (begin >= end) return;
  Unit unit;
  unit.begin = begin;
  unit.end = end;
  unit.bullet = bullet;
  unit.heading = heading;
  units_.push_back(unit);
}

void TextScan::CutUnits() {
  size_t line_begin = 0;
  while (line_begin < text_.size()) {
    size_t line_end = text_.find('\n', line_begin);
    if (line_end == std::string::npos) line_end = text_.size();
    size_t at = line_begin;
    while (at < line_end && absl::ascii_isspace(static_cast<unsigned char>(text_[at]))) ++at;
    const size_t bullet = BulletLength(at, line_end);
    at += bullet;
    size_t last = line_end;
    while (last > at && absl::ascii_isspace(static_cast<unsigned char>(text_[last - 1]))) --last;
    const absl::string_view line = Span(at, last);
    bool heading = false;
    if (!line.empty() && line.size() <= 80 && TagEnd(at) == std::string::npos) {
      heading = line.back() == ':' || line.front() == '#';
      if (!heading && line.size() >= 4) {
        bool any_lower = false;
        int letters = 0;
        for (char c : line) {
          any_lower = any_lower || absl::ascii_islower(static_cast<unsigned char>(c));
          letters += absl::ascii_isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
        }
        heading = !any_lower && letters >= 4;
      }
    }
    if (heading) {
      AddUnit(at, last, bullet > 0, true);
    } else {
      // Sentences within the line, and tags as breaks.
      size_t start = at;
      size_t i = at;
      while (i < last) {
        const char c = text_[i];
        if (c == '<') {
          const size_t tag_end = TagEnd(i);
          if (tag_end != std::string::npos) {
            AddUnit(start, i, bullet > 0, false);
            start = i = std::min(tag_end, last);
            continue;
          }
        }
        if ((c == '.' || c == '!' || c == '?' || c == ';') &&
            (i + 1 >= last || absl::ascii_isspace(static_cast<unsigned char>(text_[i + 1])))) {
          AddUnit(start, i + 1, bullet > 0, false);
          start = i + 1;
        }
        ++i;
      }
      AddUnit(start, last, bullet > 0, false);
    }
    line_begin = line_end + 1;
  }
  // Headings scope the units below them.
  int scope = 0;
  size_t scope_heading = kNoToken;
  for (size_t u = 0; u < units_.size(); ++u) {
    if (units_[u].heading) {
      scope = HeadingScope(Lower(units_[u].begin, units_[u].end));
      scope_heading = u;
    }
    units_[u].scope = scope;
    units_[u].scope_heading = scope_heading;
  }
}

void TextScan::Tokenize() {
  if (units_.empty()) return;  // only tags
  size_t u = 0;
  const auto unit_of = [&](size_t at) {
    while (u + 1 < units_.size() && units_[u].end <= at) ++u;
    return u;
  };
  size_t i = 0;
  const size_t n = lower_.size();
  while (i < n) {
    const char c = lower_[i];
    const bool starts_word =
        IsAlnum(c) || (c == '.' && i + 1 < n && absl::ascii_isalpha(lower_[i + 1]) &&
                       (i == 0 || !IsAlnum(lower_[i - 1])));
    if (c == '<') {
      const size_t tag_end = TagEnd(i);
      if (tag_end != std::string::npos) {
        i = tag_end;
        continue;
      }
    }
    if (starts_word) {
      size_t j = i + 1;
      while (j < n) {
        const char d = lower_[j];
        if (IsAlnum(d) || d == '+' || d == '#') {
          ++j;
        } else if ((d == '.' || d == '-' || d == '_' || d == '/' || d == '\'') && j + 1 < n &&
                   IsAlnum(lower_[j + 1]) &&
                   !(d == '-' && absl::ascii_isdigit(static_cast<unsigned char>(lower_[j + 1])))) {
          // "9-5" and "3-5 years" are two numbers; "node.js", "ci/cd", "you've" one word.
          ++j;
        } else {
          break;
        }
      }
      AddWord(i, j, unit_of(i));
      i = j;
      continue;
    }
    if (c == '\xe2' && i + 2 < n && lower_[i + 1] == '\x80' &&
        (lower_[i + 2] == '\x93' || lower_[i + 2] == '\x94')) {
      tokens_.push_back({i, i + 3, false, unit_of(i)});  // an en or em dash
      i += 3;
      continue;
    }
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '/' || c == '-' ||
        c == '&' || c == '$') {
      tokens_.push_back({i, i + 1, false, unit_of(i)});
    }
    ++i;
  }
  for (Unit& unit : units_) unit.first_token = unit.last_token = tokens_.size();
  for (size_t t = 0; t < tokens_.size(); ++t) {
    Unit& unit = units_[tokens_[t].unit];
    if (unit.first_token == tokens_.size()) unit.first_token = t;
    unit.last_token = t + 1;
  }
}

// A word; one with '/' that is not itself a skill ("CI/CD" is) becomes its parts
// ("Go/Python").
void TextScan::AddWord(size_t begin, size_t end, size_t unit) {
  const absl::string_view word = Lower(begin, end);
  if (absl::StrContains(word, '/') && word.size() <= kMaxTokenBytes &&
      !catalog_.Resolve(word).has_value()) {
    size_t part = begin;
    for (size_t k = begin; k <= end; ++k) {
      if (k == end || lower_[k] == '/') {
        if (k > part) tokens_.push_back({part, k, true, unit});
        if (k < end) tokens_.push_back({k, k + 1, false, unit});
        part = k + 1;
      }
    }
    return;
  }
  tokens_.push_back({begin, end, true, unit});
}

// Every occurrence of each phrase in `haystack` at word boundaries; `offset` is added to
// the positions. `value` is the phrase's index.
std::vector<Hit> FindPhrases(absl::string_view haystack,
                             const std::vector<absl::string_view>& phrases, size_t offset) {
  std::vector<Hit> hits;
  for (size_t p = 0; p < phrases.size(); ++p) {
    const absl::string_view phrase = phrases[p];
    size_t from = 0;
    while (true) {
      const size_t at = haystack.find(phrase, from);
      if (at == absl::string_view::npos) break;
      const size_t end = at + phrase.size();
      // A phrase that starts or ends with punctuation ("/month") needs no boundary there.
      const bool left = at == 0 || !IsAlnum(haystack[at - 1]) || !IsAlnum(phrase.front());
      const bool right =
          end >= haystack.size() || !IsAlnum(haystack[end]) || !IsAlnum(phrase.back());
      if (left && right) hits.push_back({offset + at, offset + end, static_cast<int>(p)});
      from = at + 1;
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
  return hits;
}

std::vector<Hit> TextScan::FindInUnit(const Unit& unit,
                                      const std::vector<absl::string_view>& phrases) const {
  return FindPhrases(Lower(unit.begin, unit.end), phrases, unit.begin);
}

// The token that contains byte `at`, or the next one.
size_t TextScan::TokenAt(size_t at) const {
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), at,
                             [](const Token& token, size_t pos) { return token.end <= pos; });
  return static_cast<size_t>(it - tokens_.begin());
}

// Words between two token positions, a comma counting three.
int TextScan::Distance(size_t a, size_t b) const {
  if (a > b) std::swap(a, b);
  int distance = 0;
  // Capped: only near cues matter, and a long sentence must not make this quadratic.
  for (size_t t = a; t < b && t < tokens_.size() && distance < kFar; ++t) {
    if (!tokens_[t].word && (lower_[tokens_[t].begin] == ',' || lower_[tokens_[t].begin] == ':' ||
                             lower_[tokens_[t].begin] == '(')) {
      distance += 3;
    } else {
      distance += 1;
    }
  }
  return distance;
}

size_t TextScan::PrevWord(size_t t, size_t first) const {
  while (t > first) {
    --t;
    if (tokens_[t].word) return t;
  }
  return kNoToken;
}

// The skill a run of tokens [t, t + length) names, if the words are adjacent.
std::optional<std::string> TextScan::ResolveRun(size_t t, size_t length, std::string& key) const {
  if (t + length > tokens_.size()) return std::nullopt;
  key.clear();
  for (size_t k = t; k < t + length; ++k) {
    if (!tokens_[k].word || tokens_[k].unit != tokens_[t].unit) return std::nullopt;
    if (k > t) {
      // Only white space between the words of one alias.
      for (size_t b = tokens_[k - 1].end; b < tokens_[k].begin; ++b) {
        if (!absl::ascii_isspace(static_cast<unsigned char>(text_[b]))) return std::nullopt;
      }
      key.push_back(' ');
    }
    key.append(LowerToken(k).data(), LowerToken(k).size());
    if (key.size() > kMaxTokenBytes) return std::nullopt;
  }
  return catalog_.Resolve(key);
}

bool TextScan::IsPlainSkillWord(size_t t) const {
  if (t >= tokens_.size() || !tokens_[t].word) return false;
  const absl::string_view word = LowerToken(t);
  if (word.size() > kMaxTokenBytes) return false;
  return catalog_.Resolve(word).has_value() && !catalog_.IsAmbiguous(word);
}

// Whether an ambiguous alias at [first, last) is meant as the technology here.
bool TextScan::AmbiguousInContext(size_t first, size_t last,
                                  const std::vector<Mention>& so_far) const {
  const Token& token = tokens_[first];
  const Unit& unit = units_[token.unit];
  // Written with a capital inside a sentence ("we build in Go"), or in capitals ("REST").
  const size_t prev = PrevWord(first, unit.first_token);
  if (prev != kNoToken && absl::ascii_isupper(static_cast<unsigned char>(text_[token.begin])) &&
      (first == 0 || tokens_[first - 1].word)) {
    return true;
  }
  if (prev != kNoToken && TechWordsBefore().count(LowerToken(prev)) > 0) return true;
  size_t next = last;
  while (next < unit.last_token && !tokens_[next].word) ++next;
  if (next < unit.last_token && TechNounsAfter().count(LowerToken(next)) > 0) return true;
  // In a list with another skill: "Go, Python", "Rust or C++".
  const auto separator = [&](size_t t) {
    if (t >= tokens_.size()) return false;
    const absl::string_view s = LowerToken(t);
    return s == "," || s == "/" || s == "and" || s == "or" || s == "&";
  };
  if (last < unit.last_token && separator(last) && IsPlainSkillWord(last + 1)) return true;
  if (first > unit.first_token && separator(first - 1) && !so_far.empty() &&
      so_far.back().last_token + 1 == first) {
    return true;
  }
  // Alone on its line or bullet (apart from years): "- Go (3+ years)".
  if (unit.last_token - unit.first_token > 12) return false;
  size_t words = 0;
  for (size_t t = unit.first_token; t < unit.last_token; ++t) {
    if (tokens_[t].word && !LeadingNumber(LowerToken(t)) && LowerToken(t) != "years" &&
        LowerToken(t) != "year")
      ++words;
  }
  return words == last - first && (unit.bullet || unit.scope != 0);
}

std::vector<Mention> TextScan::FindMentions() const {
  std::vector<Mention> mentions;
  std::string key;
  size_t t = 0;
  while (t < tokens_.size()) {
    if (!tokens_[t].word) {
      ++t;
      continue;
    }
    bool found = false;
    for (size_t length = 3; length >= 1 && !found; --length) {
      std::optional<std::string> id = ResolveRun(t, length, key);
      if (!id.has_value()) continue;
      if (length == 1 && LeadingNumber(key)) continue;  // "5+" is never a skill
      const size_t prev = PrevWord(t, units_[tokens_[t].unit].first_token);
      if (prev != kNoToken && Negations().count(LowerToken(prev)) > 0) {
        found = true;  // "no Java": skipped, and its words are not read again
        t += length;
        break;
      }
      if (catalog_.IsAmbiguous(key) && !AmbiguousInContext(t, t + length, mentions)) continue;
      mentions.push_back(
          {*id, tokens_[t].begin, tokens_[t + length - 1].end, t, t + length, tokens_[t].unit});
      t += length;
      found = true;
    }
    if (!found) ++t;
  }
  return mentions;
}

// Years phrases ("5+ years", "3-5 yrs", "two years") as [token of the number, token of
std::vector<Years> TextScan::FindYears() const {
  std::vector<Years> found;
  for (size_t t = 0; t + 1 < tokens_.size(); ++t) {
    if (!tokens_[t].word) continue;
    const absl::string_view word = LowerToken(t);
    std::optional<int64_t> number = LeadingNumber(word);
    if (!number.has_value()) {
      if (std::optional<int> small = SmallNumberWord(word); small && word != "a" && word != "an")
        number = *small;
    }
    if (!number.has_value() || *number > 50) continue;
    // "5+ years", "5 + years", "3 - 5 years".
    size_t next = t + 1;
    while (next < tokens_.size() && next - t <= 3 && tokens_[next].unit == tokens_[t].unit &&
           (!tokens_[next].word || LeadingNumber(LowerToken(next)).has_value() ||
            LowerToken(next) == "+" || LowerToken(next) == "to" || LowerToken(next) == "plus")) {
      ++next;
    }
    if (next >= tokens_.size() || tokens_[next].unit != tokens_[t].unit) continue;
    const absl::string_view unit_word = LowerToken(next);
    if (unit_word == "years" || unit_word == "year" || unit_word == "yrs" || unit_word == "yr" ||
        unit_word == "years'" || unit_word == "year's") {
      found.push_back({t, next, static_cast<int>(*number)});
      max_years_ = std::max(max_years_, static_cast<int>(*number));
      if (max_years_evidence_.first == max_years_evidence_.second ||
          static_cast<int>(*number) >= max_years_) {
        max_years_evidence_ = {tokens_[t].begin, tokens_[next].end};
      }
    }
  }
  return found;
}

const std::vector<KindWord>& TitleKindWords() {
  static const auto* words =
      new std::vector<KindWord>{{"full stack", common::v1::FULLSTACK_DEVELOPER},
                                {"full-stack", common::v1::FULLSTACK_DEVELOPER},
                                {"fullstack", common::v1::FULLSTACK_DEVELOPER},
                                {"react native", common::v1::MOBILE_DEVELOPER},
                                {"flutter", common::v1::MOBILE_DEVELOPER},
                                {"angular", common::v1::FRONTEND_DEVELOPER},
                                {"vue", common::v1::FRONTEND_DEVELOPER},
                                {"react", common::v1::FRONTEND_DEVELOPER},
                                {"front end", common::v1::FRONTEND_DEVELOPER},
                                {"front-end", common::v1::FRONTEND_DEVELOPER},
                                {"frontend", common::v1::FRONTEND_DEVELOPER},
                                {"mobile", common::v1::MOBILE_DEVELOPER},
                                {"ios", common::v1::MOBILE_DEVELOPER},
                                {"android", common::v1::MOBILE_DEVELOPER},
                                {"devops", common::v1::DEVOPS_ENGINEER},
                                {"sre", common::v1::DEVOPS_ENGINEER},
                                {"site reliability", common::v1::DEVOPS_ENGINEER},
                                {"platform engineer", common::v1::DEVOPS_ENGINEER},
                                {"infrastructure engineer", common::v1::DEVOPS_ENGINEER},
                                {"cloud engineer", common::v1::DEVOPS_ENGINEER},
                                {"systems administrator", common::v1::DEVOPS_ENGINEER},
                                {"data engineer", common::v1::DATA_ENGINEER},
                                {"analytics engineer", common::v1::DATA_ENGINEER},
                                {"etl developer", common::v1::DATA_ENGINEER},
                                {"qa", common::v1::QA_ENGINEER},
                                {"test automation", common::v1::QA_ENGINEER},
                                {"sdet", common::v1::QA_ENGINEER},
                                {"quality assurance", common::v1::QA_ENGINEER},
                                {"tester", common::v1::QA_ENGINEER}};
  return *words;
}

int LevelFromYears(int years) {
  if (years >= 8) return 5;
  if (years >= 4) return 4;
  if (years >= 2) return 3;
  if (years >= 1) return 2;
  return 0;
}
}  // namespace meridian::text
