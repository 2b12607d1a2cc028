// The reading both drafters share (DraftRole in intake, DraftCandidate in talent): pasted
// text cut into units (lines, sentences, HTML tags as breaks) and tokens, skills found through
// the shared SkillCatalog's aliases (a word that is also an ordinary word, such as "go" or
// "rust", only in context), years phrases ("5+ years"), level words ("expert", "working
// knowledge"), and the cleaning and quoting of any bytes for evidence sentences. Pure: no
// database, no protobuf. Hand scanning, linear in the text; no regular expressions.
//
//   class CvReader final : public text::TextScan {
//    public:
//     CvReader(absl::string_view text, const SkillCatalog& catalog) : TextScan(text, catalog) {}
//     void Run() {
//       Scan();                                              // units_ and tokens_
//       for (const text::Mention& m : FindMentions()) ...   // "golang" -> go, with its span
//     }
//   };
//   text::Quoted("must have\n5+ years of Go");  // "'must have 5+ years of Go'"
//
// A drafter derives from TextScan (its units_ and tokens_ are what it reads) and may give the
// headings a meaning of its own (HeadingScope: "Nice to have:" for roles, "Skills:" for CVs);
// an ambiguous word alone on a unit under such a heading counts as the skill.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/skills/skill_catalog.h"
#include "meridian/common/v1/common.pb.h"

namespace meridian::text {

// The longest text a drafter reads, in bytes.
inline constexpr size_t kMaxDraftTextBytes = 20000;
inline constexpr size_t kMaxQuoted = 120;     // bytes of the text quoted in an evidence sentence
inline constexpr size_t kMaxTokenBytes = 60;  // longer words are never skills
inline constexpr size_t kNoToken = static_cast<size_t>(-1);
inline constexpr int kFar = 40;            // a distance in words beyond which nothing is related
inline constexpr size_t kNearBytes = 300;  // cues further than this from a skill are not read

// INVALID_ARGUMENT on `field` when `text` is empty (or only white space) or longer than
// kMaxDraftTextBytes; `what` names what the field should hold ("the CV").
absl::Status CheckDraftText(absl::string_view text, absl::string_view field,
                            absl::string_view what);

bool IsAlnum(char c);

// The length of the well-formed UTF-8 sequence `text` starts with, or 0. The ranges are RFC
// 3629's (its table 3-7 in Unicode): no overlong forms, no surrogates, nothing past U+10FFFF,
// which is exactly what protobuf refuses in a string field.
size_t Utf8SequenceLength(absl::string_view text);

// The text with control characters as spaces and bytes that are not UTF-8 as '?', so that a
// quote of any input can go into a protobuf string.
std::string Clean(absl::string_view text);

// The span quoted for a sentence: cleaned, white space folded, cut at kMaxQuoted.
std::string Quoted(absl::string_view text);

// Leading digits of `word` as a number ("5+" -> 5, "3-5" -> 3), or nullopt.
std::optional<int64_t> LeadingNumber(absl::string_view word);

// "one" to "twelve" (and "a", "an" as 1), or nullopt.
std::optional<int> SmallNumberWord(absl::string_view word);

// A level word and the level (1-5) it says.
struct LevelWord {
  absl::string_view phrase;
  int level;
};

// "expert" (5), "senior"/"strong"/"deep" (4), "proficient"/"hands-on" (3), "working
// knowledge"/"familiarity" (2)...
const std::vector<LevelWord>& LevelWords();

// The level years of use say: 8+: 5, 4+: 4, 2+: 3, 1: 2, else 0.
int LevelFromYears(int years);

// A word in a title and the role kind it names.
struct KindWord {
  absl::string_view phrase;
  common::v1::RoleKind kind;
};

// The title words that name a kind outright ("full-stack", "react native", "devops", "data
// engineer", "qa"...), the more specific first: a reader takes the earliest listed that
// matches. "engineer" and "developer" alone are not in it: what they say differs between a
// job post and a CV.
const std::vector<KindWord>& TitleKindWords();

// Appends the evidence for a drafted field to `into` (a drafter's FieldEvidence or
// CandidateFieldEvidence list).
template <typename Evidence>
void AddEvidence(std::vector<Evidence>& into, std::string field, size_t begin, size_t end,
                 std::string sentence) {
  Evidence& evidence = into.emplace_back();
  evidence.set_field(std::move(field));
  evidence.set_begin(static_cast<int32_t>(begin));
  evidence.set_end(static_cast<int32_t>(end));
  evidence.set_sentence(std::move(sentence));
}

struct Token {
  size_t begin = 0;
  size_t end = 0;
  bool word = false;  // else one punctuation byte
  size_t unit = 0;
};

struct Unit {
  size_t begin = 0;
  size_t end = 0;
  size_t first_token = 0;  // [first_token, last_token)
  size_t last_token = 0;
  bool heading = false;
  bool bullet = false;
  int scope = 0;                    // what the heading above means (HeadingScope); 0: nothing
  size_t scope_heading = kNoToken;  // index of that heading unit
};

// A phrase found in a unit: its bytes and its index in the phrase list (or another value).
struct Hit {
  size_t begin = 0;
  size_t end = 0;
  int value = 0;
};

// A skill named in the text.
struct Mention {
  std::string skill;  // the canonical id
  size_t begin = 0;
  size_t end = 0;
  size_t first_token = 0;
  size_t last_token = 0;  // exclusive
  size_t unit = 0;
};

// A years phrase ("5+ years", "3-5 yrs", "two years"): the number's token, the "years" token
// and the number.
struct Years {
  size_t first = 0;
  size_t last = 0;
  int years = 0;
};

// Every occurrence of each phrase in `haystack` at word boundaries; `offset` is added to the
// positions and each hit's value is the phrase's index. Sorted by position.
std::vector<Hit> FindPhrases(absl::string_view haystack,
                             const std::vector<absl::string_view>& phrases, size_t offset);

// The units and tokens of one text, and what can be found in them.
class TextScan {
 public:
  TextScan(absl::string_view text, const SkillCatalog& catalog);
  virtual ~TextScan() = default;
  TextScan(const TextScan&) = delete;
  TextScan& operator=(const TextScan&) = delete;

 protected:
  // Cuts the units and the tokens: call first.
  void Scan();

  // What a heading (lower case) means to the drafter, stored in the units below it until the
  // next heading; 0 (the default) for nothing.
  virtual int HeadingScope(absl::string_view heading) const;

  absl::string_view Span(size_t begin, size_t end) const {
    return text_.substr(begin, end - begin);
  }
  absl::string_view Lower(size_t begin, size_t end) const {
    return absl::string_view(lower_).substr(begin, end - begin);
  }
  absl::string_view LowerToken(size_t t) const { return Lower(tokens_[t].begin, tokens_[t].end); }

  std::vector<Hit> FindInUnit(const Unit& unit,
                              const std::vector<absl::string_view>& phrases) const;
  // The token that contains byte `at`, or the next one.
  size_t TokenAt(size_t at) const;
  // Words between two token positions, a comma counting three; capped at kFar.
  int Distance(size_t a, size_t b) const;
  // The word before token `t` from `first` on, or kNoToken.
  size_t PrevWord(size_t t, size_t first) const;

  // The skills the text names, in order: runs of up to three words the catalog resolves,
  // ambiguous ones only in context, negated ones ("no Java") left out.
  std::vector<Mention> FindMentions() const;
  // The years phrases; also keeps the most years named (max_years_) and its span.
  std::vector<Years> FindYears() const;

  // The end of an HTML-like tag starting at `i` ('<'), or npos when it is not one.
  size_t TagEnd(size_t i) const;

  absl::string_view text_;
  std::string lower_;  // text_ with ASCII letters in lower case: same offsets
  const SkillCatalog& catalog_;
  std::vector<Unit> units_;
  std::vector<Token> tokens_;
  mutable int max_years_ = 0;
  mutable std::pair<size_t, size_t> max_years_evidence_ = {0, 0};

 private:
  size_t BulletLength(size_t at, size_t line_end) const;
  void AddUnit(size_t begin, size_t end, bool bullet, bool heading);
  void CutUnits();
  void Tokenize();
  void AddWord(size_t begin, size_t end, size_t unit);
  std::optional<std::string> ResolveRun(size_t t, size_t length, std::string& key) const;
  bool IsPlainSkillWord(size_t t) const;
  bool AmbiguousInContext(size_t first, size_t last, const std::vector<Mention>& so_far) const;
};

}  // namespace meridian::text
