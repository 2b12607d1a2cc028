#include "services/intake/domain/role_draft.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/errors/errors.h"
#include "services/intake/domain/role_kind_advisor.h"

namespace meridian::intake {
namespace {

using common::v1::RoleKind;
using common::v1::Seniority;

using text::AddEvidence;
using text::Clean;
using text::FindPhrases;
using text::Hit;
using text::IsAlnum;
using text::kFar;
using text::kNearBytes;
using text::kNoToken;
using text::LeadingNumber;
using text::LevelFromYears;
using text::LevelWord;
using text::LevelWords;
using text::Mention;
using text::Quoted;
using text::SmallNumberWord;
using text::Unit;
using text::Years;

enum class Cue { kNone, kRequired, kNice };

struct SkillFound {
  std::string skill;
  Cue cue = Cue::kNone;
  int level = 0;
  int years = 0;
  size_t begin = 0;
  size_t end = 0;
  std::string how;  // what decided required or nice
};

// The phrase lists. Each is matched at word boundaries in the lower-cased text.
const std::vector<absl::string_view>& NiceCues() {
  static const auto* cues = new std::vector<absl::string_view>{
      "nice to have",  "nice-to-have",  "nice to haves",  "bonus",         "a plus",
      "big plus",      "plus if",       "preferred",      "preferably",    "familiarity",
      "familiar with", "exposure to",   "would be great", "would be nice", "ideally",
      "optional",      "not required",  "good to have",   "desirable",     "an advantage",
      "advantageous",  "not a must",    "helpful",        "nice if",       "extra points",
      "love to see",   "great if",      "not mandatory",  "is welcome",    "are welcome",
      "also welcome",  "wouldn't hurt", "would help",     "not essential", "plus:"};
  return *cues;
}

// "must", "required" and the like, as against cues that mostly say a level ("strong").
bool IsExplicitRequiredCue(int index);

const std::vector<absl::string_view>& RequiredCues() {
  static const auto* cues = new std::vector<absl::string_view>{
      "must",        "required",       "requirement",    "requirements",   "you have",
      "you bring",   "you'll need",    "you will need",  "we need",        "need",
      "needs",       "essential",      "mandatory",      "strong",         "solid",
      "proficient",  "proficiency",    "expert",         "expertise",      "deep",
      "looking for", "qualifications", "at least",       "minimum",        "you know",
      "hands-on",    "years",          "non-negotiable", "what you bring", "about you",
      "you are",     "you're",         "we expect",      "expected"};
  return *cues;
}

bool IsExplicitRequiredCue(int index) {
  static const auto* explicit_cues = new std::set<absl::string_view>{
      "must",           "required", "requirement", "requirements", "mandatory",   "essential",
      "non-negotiable", "need",     "needs",       "we need",      "you'll need", "you will need"};
  return explicit_cues->count(RequiredCues()[static_cast<size_t>(index)]) > 0;
}

struct ZoneWord {
  absl::string_view phrase;
  bool upper_case;  // an abbreviation: only when written in capitals
  absl::string_view zone;
};

// Abbreviations name the zone that observes them, daylight time included (EST and EDT are
// both New York's). CET/CEST: Europe/Berlin (see the header).
const std::vector<ZoneWord>& ZoneWords() {
  static const auto* words =
      new std::vector<ZoneWord>{{"est", true, "America/New_York"},
                                {"edt", true, "America/New_York"},
                                {"et", true, "America/New_York"},
                                {"eastern time", false, "America/New_York"},
                                {"us eastern", false, "America/New_York"},
                                {"new york", false, "America/New_York"},
                                {"nyc", false, "America/New_York"},
                                {"boston", false, "America/New_York"},
                                {"miami", false, "America/New_York"},
                                {"toronto", false, "America/Toronto"},
                                {"cst", true, "America/Chicago"},
                                {"cdt", true, "America/Chicago"},
                                {"central time", false, "America/Chicago"},
                                {"chicago", false, "America/Chicago"},
                                {"austin", false, "America/Chicago"},
                                {"mst", true, "America/Denver"},
                                {"mdt", true, "America/Denver"},
                                {"mountain time", false, "America/Denver"},
                                {"denver", false, "America/Denver"},
                                {"pst", true, "America/Los_Angeles"},
                                {"pdt", true, "America/Los_Angeles"},
                                {"pt", true, "America/Los_Angeles"},
                                {"pacific time", false, "America/Los_Angeles"},
                                {"san francisco", false, "America/Los_Angeles"},
                                {"sf", true, "America/Los_Angeles"},
                                {"bay area", false, "America/Los_Angeles"},
                                {"los angeles", false, "America/Los_Angeles"},
                                {"seattle", false, "America/Los_Angeles"},
                                {"vancouver", false, "America/Vancouver"},
                                {"cet", true, "Europe/Berlin"},
                                {"cest", true, "Europe/Berlin"},
                                {"central european", false, "Europe/Berlin"},
                                {"berlin", false, "Europe/Berlin"},
                                {"munich", false, "Europe/Berlin"},
                                {"paris", false, "Europe/Paris"},
                                {"amsterdam", false, "Europe/Amsterdam"},
                                {"madrid", false, "Europe/Madrid"},
                                {"barcelona", false, "Europe/Madrid"},
                                {"warsaw", false, "Europe/Warsaw"},
                                {"stockholm", false, "Europe/Stockholm"},
                                {"zurich", false, "Europe/Zurich"},
                                {"vienna", false, "Europe/Vienna"},
                                {"prague", false, "Europe/Prague"},
                                {"gmt", true, "Europe/London"},
                                {"bst", true, "Europe/London"},
                                {"uk", true, "Europe/London"},
                                {"london", false, "Europe/London"},
                                {"dublin", false, "Europe/Dublin"},
                                {"lisbon", false, "Europe/Lisbon"},
                                {"wet", true, "Europe/Lisbon"},
                                {"eet", true, "Europe/Athens"},
                                {"kyiv", false, "Europe/Kyiv"},
                                {"athens", false, "Europe/Athens"},
                                {"utc", true, "UTC"},
                                {"ist", true, "Asia/Kolkata"},
                                {"india", false, "Asia/Kolkata"},
                                {"bangalore", false, "Asia/Kolkata"},
                                {"bengaluru", false, "Asia/Kolkata"},
                                {"singapore", false, "Asia/Singapore"},
                                {"sgt", true, "Asia/Singapore"},
                                {"jst", true, "Asia/Tokyo"},
                                {"tokyo", false, "Asia/Tokyo"},
                                {"aest", true, "Australia/Sydney"},
                                {"sydney", false, "Australia/Sydney"},
                                {"melbourne", false, "Australia/Melbourne"},
                                {"brt", true, "America/Sao_Paulo"},
                                {"sao paulo", false, "America/Sao_Paulo"},
                                {"são paulo", false, "America/Sao_Paulo"},
                                {"buenos aires", false, "America/Argentina/Buenos_Aires"},
                                {"mexico city", false, "America/Mexico_City"},
                                {"dubai", false, "Asia/Dubai"},
                                {"tel aviv", false, "Asia/Jerusalem"}};
  return *words;
}

struct SoftSkillPhrase {
  absl::string_view phrase;
  absl::string_view skill;
};

const std::vector<SoftSkillPhrase>& SoftSkillPhrases() {
  static const auto* phrases =
      new std::vector<SoftSkillPhrase>{{"written english", "clear written English"},
                                       {"written communication", "clear written English"},
                                       {"fluent english", "fluent English"},
                                       {"english fluency", "fluent English"},
                                       {"fluent in english", "fluent English"},
                                       {"excellent english", "fluent English"},
                                       {"communication skills", "communication"},
                                       {"communicator", "communication"},
                                       {"communicate clearly", "communication"},
                                       {"mentoring", "mentoring"},
                                       {"mentor", "mentoring"},
                                       {"mentorship", "mentoring"},
                                       {"ownership", "ownership"},
                                       {"team player", "collaboration"},
                                       {"collaborative", "collaboration"},
                                       {"collaboration", "collaboration"},
                                       {"problem solving", "problem solving"},
                                       {"problem-solving", "problem solving"},
                                       {"problem solver", "problem solving"},
                                       {"self-starter", "autonomy"},
                                       {"self starter", "autonomy"},
                                       {"autonomous", "autonomy"},
                                       {"autonomously", "autonomy"},
                                       {"independently", "autonomy"},
                                       {"self-directed", "autonomy"},
                                       {"leadership skills", "leadership"},
                                       {"leadership experience", "leadership"},
                                       {"attention to detail", "attention to detail"},
                                       {"detail-oriented", "attention to detail"},
                                       {"asynchronous communication", "async communication"},
                                       {"async communication", "async communication"},
                                       {"async-first", "async communication"},
                                       {"pragmatic", "pragmatism"},
                                       {"product mindset", "product mindset"},
                                       {"product-minded", "product mindset"},
                                       {"customer focus", "product mindset"}};
  return *phrases;
}

// The role noun a title must contain.
const std::vector<absl::string_view>& RoleNouns() {
  static const auto* nouns = new std::vector<absl::string_view>{
      "developer", "engineer", "programmer", "architect", "sre",        "devops",    "tech lead",
      "scientist", "analyst",  "tester",     "qa",        "developers", "engineers", "programmers"};
  return *nouns;
}

class Drafter final : public text::TextScan {
 public:
  Drafter(absl::string_view text, const SkillCatalog& catalog, const v1::Client* client)
      : TextScan(text, catalog), client_(client) {}

  v1::RoleDraft Run() {
    Scan();
    FindTitle();
    FindSkills();
    FindKind();
    FindSeniority();
    FindSoftSkills();
    FindHours();
    FindBudget();
    FindHeadcount();
    Assemble();
    return std::move(draft_);
  }

 private:
  // A heading's cue holds for the units below it: "Nice to have:", "Requirements:", "About
  // you:".
  int HeadingScope(absl::string_view heading) const override {
    Cue scope = !FindPhrases(heading, NiceCues(), 0).empty()       ? Cue::kNice
                : !FindPhrases(heading, RequiredCues(), 0).empty() ? Cue::kRequired
                                                                   : Cue::kNone;
    if (scope == Cue::kNone &&
        (absl::StrContains(heading, "you") || absl::StrContains(heading, "qualification") ||
         absl::StrContains(heading, "skills"))) {
      scope = Cue::kRequired;
    }
    return static_cast<int>(scope);
  }
  static Cue ScopeOf(const Unit& unit) { return static_cast<Cue>(unit.scope); }

  // ---- title ----------------------------------------------------------------------------

  static bool HasRoleNoun(absl::string_view lower) {
    return !FindPhrases(lower, RoleNouns(), 0).empty();
  }

  void SetTitle(size_t begin, size_t end, absl::string_view how) {
    while (begin < end && (absl::ascii_isspace(static_cast<unsigned char>(text_[begin])) ||
                           text_[begin] == '#' || text_[begin] == '*' || text_[begin] == '-')) {
      ++begin;
    }
    while (end > begin &&
           (absl::ascii_isspace(static_cast<unsigned char>(text_[end - 1])) ||
            text_[end - 1] == ':' || text_[end - 1] == '.' || text_[end - 1] == '!' ||
            text_[end - 1] == '*' || text_[end - 1] == ',')) {
      --end;
    }
    if (end <= begin) return;
    if (end - begin > 200) {
      end = begin + 200;
      // Not inside a multibyte character.
      while (end > begin && (static_cast<unsigned char>(text_[end]) & 0xc0) == 0x80) --end;
    }
    if (end <= begin) return;
    std::string title = Clean(Span(begin, end));
    title[0] = absl::ascii_toupper(static_cast<unsigned char>(title[0]));
    title_begin_ = begin;
    title_end_ = end;
    draft_.mutable_role()->set_title(title);
    AddEvidence(title_evidence_, "title", begin, end,
                absl::StrCat("title: ", Quoted(Span(begin, end)), " (", how, ")"));
  }

  // "looking for a senior Go developer": the words from after the article to the role noun.
  bool TitleFromPhrase(size_t begin, size_t end) {
    static const auto* verbs = new std::vector<absl::string_view>{
        "looking for",      "hiring",     "hire",       "need",   "searching for", "seeking",
        "recruiting",       "join us as", "wants a",    "want a", "wants an",      "want an",
        "join our team as", "role of",    "position of"};
    for (const Hit& hit : FindPhrases(Lower(begin, end), *verbs, begin)) {
      size_t t = TokenAt(hit.end);
      size_t words = 0;
      size_t first = kNoToken;
      for (; t < tokens_.size() && tokens_[t].begin < end && words < 8; ++t) {
        if (!tokens_[t].word) {
          if (first != kNoToken && lower_[tokens_[t].begin] != '-' &&
              lower_[tokens_[t].begin] != '/')
            break;
          continue;
        }
        const absl::string_view word = LowerToken(t);
        if (first == kNoToken) {
          if (word == "a" || word == "an" || word == "the" || word == "our" || word == "one" ||
              SmallNumberWord(word) || LeadingNumber(word)) {
            continue;
          }
          first = t;
        }
        ++words;
        if (HasRoleNoun(word) || word == "lead") {
          size_t stop = tokens_[t].end;
          // "developers" in "hiring two backend developers": the title is singular.
          if (absl::EndsWith(word, "s") && word != "devops" && word != "sres") --stop;
          SetTitle(tokens_[first].begin, stop, "the role the text asks for");
          return true;
        }
      }
    }
    return false;
  }

  void FindTitle() {
    static const auto* labels = new std::vector<absl::string_view>{
        "job title:", "title:", "role:", "position:", "opening:", "subject:", "re:"};
    // A labelled line first.
    for (const Unit& unit : units_) {
      const absl::string_view lower = Lower(unit.begin, unit.end);
      for (absl::string_view label : *labels) {
        if (absl::StartsWith(lower, label)) {
          const size_t rest = unit.begin + label.size();
          if (label == "subject:" || label == "re:") {
            if (TitleFromPhrase(rest, unit.end)) return;
            if (HasRoleNoun(Lower(rest, unit.end)) && unit.end - rest <= 80) {
              SetTitle(rest, unit.end, "the email's subject");
              return;
            }
            continue;
          }
          SetTitle(rest, unit.end,
                   absl::StrCat("the line labelled ", Quoted(Span(unit.begin, rest))));
          if (!draft_.role().title().empty()) return;
        }
      }
    }
    // The first line, when it is short and names a role.
    // (Or its first sentence: "Go developer wanted. Required: ...".)
    if (!units_.empty()) {
      const Unit& unit = units_[0];
      const absl::string_view lower = Lower(unit.begin, unit.end);
      if (lower.size() <= 80 && HasRoleNoun(lower) &&
          FindPhrases(lower, {"looking for", "hiring", "hire", "need", "we are", "we're"}, 0)
              .empty()) {
        SetTitle(unit.begin, unit.end, "the text's first line");
        return;
      }
    }
    // Else a phrase anywhere.
    for (const Unit& unit : units_) {
      if (TitleFromPhrase(unit.begin, unit.end)) return;
    }
  }

  // ---- skills ---------------------------------------------------------------------------

  void FindSkills() {
    const std::vector<Mention> mentions = FindMentions();
    const std::vector<Years> years = FindYears();
    std::vector<std::vector<Hit>> nice(units_.size()), required(units_.size()),
        levels(units_.size());
    std::vector<bool> read(units_.size(), false);
    std::vector<absl::string_view> level_phrases;
    for (const LevelWord& word : LevelWords()) level_phrases.push_back(word.phrase);

    std::map<std::string, SkillFound> by_skill;
    std::vector<std::string> order;
    bool any_required_cue = false;
    for (const Mention& mention : mentions) {
      const Unit& unit = units_[mention.unit];
      if (!read[mention.unit]) {
        read[mention.unit] = true;
        nice[mention.unit] = FindInUnit(unit, NiceCues());
        std::vector<Hit> must = FindInUnit(unit, RequiredCues());
        // "not required" and "not a must" are nice-to-have cues, not required ones.
        std::erase_if(must, [&](const Hit& hit) {
          for (const Hit& n : nice[mention.unit]) {
            if (hit.begin < n.end && n.begin < hit.end) return true;
          }
          return false;
        });
        required[mention.unit] = std::move(must);
        levels[mention.unit] = FindInUnit(unit, level_phrases);
      }
      SkillFound found;
      found.skill = mention.skill;
      found.begin = mention.begin;
      found.end = mention.end;
      // The nearest cue in the unit, then the heading's. Under a "Nice to have:" heading only
      // an explicit "must" or "required" makes a skill required: "strong" is a level there.
      int best = kFar;
      Cue best_cue = Cue::kNone;
      const size_t at = mention.first_token;
      const auto distance_to = [&](const Hit& hit) {
        const size_t cue_token = TokenAt(hit.begin);
        return cue_token <= at ? Distance(cue_token, at) : Distance(mention.last_token, cue_token);
      };
      const auto near = [&](const std::vector<Hit>& hits) {
        auto it = std::lower_bound(hits.begin(), hits.end(),
                                   mention.begin > kNearBytes ? mention.begin - kNearBytes : 0,
                                   [](const Hit& hit, size_t pos) { return hit.begin < pos; });
        auto stop = it;
        while (stop != hits.end() && stop->begin < mention.end + kNearBytes) ++stop;
        return std::pair{it, stop};
      };
      for (const auto& [hits, cue] : {std::pair{&required[mention.unit], Cue::kRequired},
                                      std::pair{&nice[mention.unit], Cue::kNice}}) {
        const auto [from, to] = near(*hits);
        for (auto hit = from; hit != to; ++hit) {
          if (cue == Cue::kRequired && ScopeOf(unit) == Cue::kNice &&
              !IsExplicitRequiredCue(hit->value)) {
            continue;
          }
          const int distance = distance_to(*hit);
          if (distance < best || (distance == best && cue == Cue::kNice)) {
            best = distance;
            best_cue = cue;
          }
        }
      }
      if (best_cue != Cue::kNone) {
        found.cue = best_cue;
        // The span takes in every cue of that kind close by: "must have 5+ years of Go".
        const auto [from, to] =
            near(best_cue == Cue::kNice ? nice[mention.unit] : required[mention.unit]);
        for (auto hit = from; hit != to; ++hit) {
          if (distance_to(*hit) <= std::max(best, 6)) {
            found.begin = std::min(found.begin, hit->begin);
            found.end = std::max(found.end, hit->end);
          }
        }
        found.how = found.cue == Cue::kNice ? "nice to have" : "required";
      } else if (mention.begin >= title_begin_ && mention.end <= title_end_) {
        found.cue = Cue::kRequired;
        found.how = "required (named in the title)";
      } else if (ScopeOf(unit) != Cue::kNone) {
        found.cue = ScopeOf(unit);
        const Unit& heading = units_[unit.scope_heading];
        found.how =
            absl::StrCat(ScopeOf(unit) == Cue::kNice ? "nice to have" : "required",
                         " (under the heading ", Quoted(Span(heading.begin, heading.end)), ")");
      }
      any_required_cue = any_required_cue || found.cue == Cue::kRequired;
      // Years and level words near it, in its unit.
      auto first_years = std::lower_bound(
          years.begin(), years.end(), mention.begin > kNearBytes ? mention.begin - kNearBytes : 0,
          [&](const Years& y, size_t pos) { return tokens_[y.first].begin < pos; });
      for (auto y_it = first_years;
           y_it != years.end() && tokens_[y_it->first].begin < mention.end + kNearBytes; ++y_it) {
        const Years& y = *y_it;
        if (tokens_[y.first].unit != mention.unit) continue;
        const int distance =
            y.first <= at ? Distance(y.last, at) : Distance(mention.last_token, y.first);
        if (distance <= 6) {
          found.years = std::max(found.years, y.years);
          found.begin = std::min(found.begin, tokens_[y.first].begin);
          found.end = std::max(found.end, tokens_[y.last].end);
        }
      }
      // The nearest level word: "expert Rust and strong Kafka" is Kafka at 4.
      const Hit* level_hit = nullptr;
      int level_distance = 6;
      for (const Hit& hit : levels[mention.unit]) {
        if (hit.begin + kNearBytes < mention.begin || hit.begin > mention.end + kNearBytes)
          continue;
        const size_t level_token = TokenAt(hit.begin);
        const int distance = level_token <= at ? Distance(level_token, at)
                                               : Distance(mention.last_token, level_token);
        if (distance < level_distance) {
          level_distance = distance;
          level_hit = &hit;
        }
      }
      if (level_hit != nullptr) {
        found.level = LevelWords()[static_cast<size_t>(level_hit->value)].level;
        found.begin = std::min(found.begin, level_hit->begin);
        found.end = std::max(found.end, level_hit->end);
      }
      found.level = std::max(found.level, LevelFromYears(found.years));

      auto [it, inserted] = by_skill.try_emplace(found.skill, found);
      if (inserted) {
        order.push_back(found.skill);
        continue;
      }
      // Mentioned again: required wins over nice, the larger level and years are kept.
      SkillFound& kept = it->second;
      const bool stronger = found.cue == Cue::kRequired && kept.cue != Cue::kRequired;
      const bool more = found.years > kept.years || found.level > kept.level;
      if (stronger || (more && found.cue == kept.cue)) {
        found.level = std::max(found.level, kept.level);
        found.years = std::max(found.years, kept.years);
        kept = found;
      }
    }
    for (const std::string& skill : order) {
      SkillFound& found = by_skill[skill];
      if (found.cue == Cue::kNone) {
        // No cue anywhere near: a text that marks its musts makes the rest extras.
        found.cue = any_required_cue ? Cue::kNice : Cue::kRequired;
        found.how = any_required_cue
                        ? "nice to have (mentioned without a cue, while other skills are marked "
                          "required)"
                        : "required (mentioned without a cue, and nothing is marked required)";
      }
      const bool is_required = found.cue == Cue::kRequired;
      auto* list = is_required ? draft_.mutable_role()->mutable_required_skills()
                               : draft_.mutable_role()->mutable_nice_to_have_skills();
      if (list->size() >= 50) continue;
      common::v1::SkillRequirement& requirement = *list->Add();
      requirement.set_skill(skill);
      requirement.set_min_level(std::max(found.level, 1));
      requirement.set_min_years(found.years);
      std::string said = absl::StrCat(skill, ", level ", requirement.min_level());
      if (found.level == 0) absl::StrAppend(&said, " (no level stated)");
      if (found.years > 0)
        absl::StrAppend(&said, ", ", found.years, found.years == 1 ? " year" : " years");
      AddEvidence(
          is_required ? required_evidence_ : nice_evidence_,
          absl::StrCat(is_required ? "required_skills[" : "nice_to_have_skills[", list->size() - 1,
                       "]"),
          found.begin, found.end,
          absl::StrCat(found.how, ": ", Quoted(Span(found.begin, found.end)), " -> ", said));
    }
    if (draft_.role().required_skills().empty()) {
      questions_.push_back("no required skills found: which skills must the hire have?");
    }
  }

  // ---- kind -----------------------------------------------------------------------------

  struct KindCue {
    absl::string_view phrase;
    int answer;
  };

  // The first unit hit of any of `cues` outside the title, or nullopt.
  std::optional<std::pair<Hit, int>> FirstCue(const std::vector<KindCue>& cues) const {
    std::vector<absl::string_view> phrases;
    for (const KindCue& cue : cues) phrases.push_back(cue.phrase);
    for (const Unit& unit : units_) {
      for (const Hit& hit : FindInUnit(unit, phrases)) {
        if (hit.begin >= title_begin_ && hit.end <= title_end_) continue;
        return std::pair{hit, cues[static_cast<size_t>(hit.value)].answer};
      }
    }
    return std::nullopt;
  }

  void KindEvidence(absl::string_view field, const Hit& hit, absl::string_view meaning) {
    AddEvidence(kind_evidence_, absl::StrCat("kind_answers.", field), hit.begin, hit.end,
                absl::StrCat(field, ": ", Quoted(Span(hit.begin, hit.end)), " -> ", meaning));
  }

  void FindKindAnswers(v1::RoleKindAnswers& answers) {
    static const auto* owner =
        new std::vector<KindCue>{{"no tech lead", v1::THE_HIRE},
                                 {"own the architecture", v1::THE_HIRE},
                                 {"owning the architecture", v1::THE_HIRE},
                                 {"own our architecture", v1::THE_HIRE},
                                 {"design the architecture", v1::THE_HIRE},
                                 {"architect the", v1::THE_HIRE},
                                 {"design the system", v1::THE_HIRE},
                                 {"design our", v1::THE_HIRE},
                                 {"define the architecture", v1::THE_HIRE},
                                 {"drive the architecture", v1::THE_HIRE},
                                 {"architecture decisions", v1::THE_HIRE},
                                 {"technical decisions", v1::THE_HIRE},
                                 {"set the technical direction", v1::THE_HIRE},
                                 {"lead the design", v1::THE_HIRE},
                                 {"shape the architecture", v1::THE_HIRE},
                                 {"own the backend", v1::THE_HIRE},
                                 {"own the design", v1::THE_HIRE},
                                 {"architecture is set", v1::EXISTING_TEAM},
                                 {"architecture is defined", v1::EXISTING_TEAM},
                                 {"cto owns", v1::EXISTING_TEAM},
                                 {"lead owns", v1::EXISTING_TEAM},
                                 {"architect owns", v1::EXISTING_TEAM},
                                 {"architecture is owned", v1::EXISTING_TEAM},
                                 {"established architecture", v1::EXISTING_TEAM},
                                 {"existing architecture", v1::EXISTING_TEAM},
                                 {"designed by our", v1::EXISTING_TEAM},
                                 {"follow the architecture", v1::EXISTING_TEAM},
                                 {"agency owns", v1::EXTERNAL},
                                 {"parent company owns", v1::EXTERNAL},
                                 {"external architect", v1::EXTERNAL}};
    if (auto cue = FirstCue(*owner)) {
      answers.set_architecture_owner(static_cast<v1::ArchitectureOwner>(cue->second));
      KindEvidence("architecture_owner", cue->first,
                   v1::ArchitectureOwner_Name(static_cast<v1::ArchitectureOwner>(cue->second)));
    }
    static const auto* lead = new std::vector<KindCue>{{"no tech lead", 0},
                                                       {"no technical lead", 0},
                                                       {"first engineer", 0},
                                                       {"first backend", 0},
                                                       {"first technical hire", 0},
                                                       {"first engineering hire", 0},
                                                       {"no cto", 0},
                                                       {"tech lead", 1},
                                                       {"technical lead", 1},
                                                       {"team lead", 1},
                                                       {"lead engineer", 1},
                                                       {"engineering manager", 1},
                                                       {"report to our", 1},
                                                       {"reporting to our", 1}};
    if (auto cue = FirstCue(*lead)) {
      answers.set_has_technical_lead(cue->second == 1);
      KindEvidence("has_technical_lead", cue->first, cue->second == 1 ? "true" : "false");
    }
    static const auto* leadership = new std::vector<KindCue>{{"cto", 1},
                                                             {"ceo", 1},
                                                             {"founder", 1},
                                                             {"founders", 1},
                                                             {"co-founder", 1},
                                                             {"cofounder", 1},
                                                             {"with leadership", 1},
                                                             {"vp of engineering", 1},
                                                             {"head of engineering", 1},
                                                             {"c-level", 1},
                                                             {"executives", 1}};
    if (auto cue = FirstCue(*leadership)) {
      answers.set_works_with_leadership(true);
      KindEvidence("works_with_leadership", cue->first, "true");
    }
    static const auto* stage =
        new std::vector<KindCue>{{"greenfield", v1::GREENFIELD},
                                 {"green field", v1::GREENFIELD},
                                 {"from scratch", v1::GREENFIELD},
                                 {"from the ground up", v1::GREENFIELD},
                                 {"zero to one", v1::GREENFIELD},
                                 {"0 to 1", v1::GREENFIELD},
                                 {"0-to-1", v1::GREENFIELD},
                                 {"brand new", v1::GREENFIELD},
                                 {"new product", v1::GREENFIELD},
                                 {"new platform", v1::GREENFIELD},
                                 {"mvp", v1::GREENFIELD},
                                 {"first version", v1::GREENFIELD},
                                 {"existing system", v1::EXISTING_SYSTEM},
                                 {"existing codebase", v1::EXISTING_SYSTEM},
                                 {"existing platform", v1::EXISTING_SYSTEM},
                                 {"existing product", v1::EXISTING_SYSTEM},
                                 {"existing code", v1::EXISTING_SYSTEM},
                                 {"legacy", v1::EXISTING_SYSTEM},
                                 {"mature", v1::EXISTING_SYSTEM},
                                 {"established codebase", v1::EXISTING_SYSTEM},
                                 {"established product", v1::EXISTING_SYSTEM},
                                 {"build features", v1::EXISTING_SYSTEM},
                                 {"building features", v1::EXISTING_SYSTEM},
                                 {"ship features", v1::EXISTING_SYSTEM},
                                 {"new features", v1::EXISTING_SYSTEM},
                                 {"maintain", v1::EXISTING_SYSTEM},
                                 {"maintaining", v1::EXISTING_SYSTEM}};
    if (auto cue = FirstCue(*stage)) {
      answers.set_system_stage(static_cast<v1::SystemStage>(cue->second));
      KindEvidence("system_stage", cue->first,
                   v1::SystemStage_Name(static_cast<v1::SystemStage>(cue->second)));
    }
    // "a team of 6 engineers", "we are 4 developers".
    for (const Unit& unit : units_) {
      if (answers.has_engineering_team_size()) break;
      for (const Hit& hit : FindInUnit(unit, {"team of", "we are", "we have", "currently"})) {
        size_t t = TokenAt(hit.end);
        if (t >= unit.last_token || !tokens_[t].word) continue;
        std::optional<int64_t> number = LeadingNumber(LowerToken(t));
        if (!number) {
          if (auto small = SmallNumberWord(LowerToken(t)); small && *small > 1) number = *small;
        }
        if (!number || *number > 100000) continue;
        const auto is_people = [&](size_t k) {
          const absl::string_view w = LowerToken(k);
          return absl::StartsWith(w, "engineer") || absl::StartsWith(w, "developer") ||
                 w == "people" || w == "devs";
        };
        size_t noun = t + 1;
        while (noun < unit.last_token && noun <= t + 2 && tokens_[noun].word && !is_people(noun)) {
          ++noun;
        }
        const bool named =
            noun < unit.last_token && noun <= t + 2 && tokens_[noun].word && is_people(noun);
        if (!named && hit.value != 0) continue;  // "we are 3" alone says nothing
        const size_t end = named ? tokens_[noun].end : tokens_[t].end;
        answers.set_engineering_team_size(static_cast<int32_t>(*number));
        Hit span{hit.begin, end, 0};
        KindEvidence("engineering_team_size", span, absl::StrCat(*number));
        break;
      }
    }
  }

  // A kind the title (or failing that the text) names outright: frontend, mobile, ...
  std::optional<std::pair<RoleKind, Hit>> KindFromWords() const {
    const std::vector<text::KindWord>& named = text::TitleKindWords();
    std::vector<absl::string_view> phrases;
    for (const text::KindWord& n : named) phrases.push_back(n.phrase);
    if (title_end_ > title_begin_) {
      std::vector<Hit> hits = FindPhrases(Lower(title_begin_, title_end_), phrases, title_begin_);
      // The earliest listed phrase wins ("full stack" before "frontend").
      if (!hits.empty()) {
        const Hit* best = &hits[0];
        for (const Hit& hit : hits) {
          if (hit.value < best->value) best = &hit;
        }
        return std::pair{named[static_cast<size_t>(best->value)].kind, *best};
      }
    }
    return std::nullopt;
  }

  void FindKind() {
    v1::RoleKindAnswers answers;
    FindKindAnswers(answers);
    v1::Role& role = *draft_.mutable_role();
    if (HasAnyAnswer(answers)) *role.mutable_kind_answers() = answers;
    if (auto named = KindFromWords()) {
      role.set_kind(named->first);
      AddEvidence(kind_evidence_, "kind", named->second.begin, named->second.end,
                  absl::StrCat("kind: ", Quoted(Span(named->second.begin, named->second.end)),
                               " in the title -> ", common::v1::RoleKind_Name(named->first)));
      std::rotate(kind_evidence_.begin(), kind_evidence_.end() - 1, kind_evidence_.end());
      return;
    }
    if (HasAnyAnswer(answers)) {
      absl::StatusOr<v1::RoleKindRecommendation> advice = RecommendRoleKind(answers);
      if (advice.ok()) {
        role.set_kind(advice->kind());
        // The span of the first cue: a span over every cue would say nothing.
        const auto begin = static_cast<size_t>(kind_evidence_.front().begin());
        const auto end = static_cast<size_t>(kind_evidence_.front().end());
        AddEvidence(kind_evidence_, "kind", begin, end,
                    absl::StrCat("kind: ", common::v1::RoleKind_Name(advice->kind()),
                                 ", as RecommendRoleKind advises from the answers below (",
                                 advice->engineer_points(), " points for the engineer, ",
                                 advice->developer_points(),
                                 " for the developer): ", absl::StrJoin(advice->reasons(), " ")));
        std::rotate(kind_evidence_.begin(), kind_evidence_.end() - 1, kind_evidence_.end());
        return;
      }
    }
    // No cue for the advisor: the title's own word, said as such.
    if (title_end_ > title_begin_) {
      std::vector<Hit> hits = FindPhrases(Lower(title_begin_, title_end_),
                                          {"engineer", "developer", "programmer"}, title_begin_);
      if (!hits.empty()) {
        const RoleKind kind =
            hits[0].value == 0 ? common::v1::BACKEND_ENGINEER : common::v1::BACKEND_DEVELOPER;
        role.set_kind(kind);
        AddEvidence(kind_evidence_, "kind", hits[0].begin, hits[0].end,
                    absl::StrCat("kind: ", Quoted(Span(hits[0].begin, hits[0].end)),
                                 " in the title -> ", common::v1::RoleKind_Name(kind),
                                 " (the text has no cue the advisor weighs)"));
        questions_.push_back(
            "kind taken from the title's word only: will the hire own the architecture, work "
            "with the founders or CTO, start something new or join an existing system?");
        return;
      }
    }
    questions_.push_back(
        "no role kind found: is it a backend engineer (owns the design) or a backend developer "
        "(builds features in an existing design), or another kind?");
  }

  // ---- seniority ------------------------------------------------------------------------

  void FindSeniority() {
    struct Level {
      absl::string_view phrase;
      Seniority seniority;
    };
    static const auto* levels = new std::vector<Level>{{"junior", common::v1::JUNIOR},
                                                       {"jr", common::v1::JUNIOR},
                                                       {"entry level", common::v1::JUNIOR},
                                                       {"entry-level", common::v1::JUNIOR},
                                                       {"graduate", common::v1::JUNIOR},
                                                       {"mid-level", common::v1::MID},
                                                       {"mid level", common::v1::MID},
                                                       {"midlevel", common::v1::MID},
                                                       {"intermediate", common::v1::MID},
                                                       {"middle", common::v1::MID},
                                                       {"mid-senior", common::v1::SENIOR},
                                                       {"senior", common::v1::SENIOR},
                                                       {"sr", common::v1::SENIOR},
                                                       {"staff engineer", common::v1::STAFF},
                                                       {"staff software", common::v1::STAFF},
                                                       {"staff backend", common::v1::STAFF},
                                                       {"staff", common::v1::STAFF},
                                                       {"principal", common::v1::PRINCIPAL}};
    std::vector<absl::string_view> phrases;
    for (const Level& level : *levels) phrases.push_back(level.phrase);
    const auto set = [&](const Hit& hit, absl::string_view where) {
      const Seniority seniority = (*levels)[static_cast<size_t>(hit.value)].seniority;
      draft_.mutable_role()->set_seniority(seniority);
      AddEvidence(seniority_evidence_, "seniority", hit.begin, hit.end,
                  absl::StrCat("seniority: ", Quoted(Span(hit.begin, hit.end)), where, " -> ",
                               common::v1::Seniority_Name(seniority)));
    };
    if (title_end_ > title_begin_) {
      std::vector<Hit> hits = FindPhrases(Lower(title_begin_, title_end_), phrases, title_begin_);
      if (!hits.empty()) return set(hits[0], " in the title");
    }
    // "staff" alone is too common a word outside a title.
    for (const Unit& unit : units_) {
      for (const Hit& hit : FindInUnit(unit, phrases)) {
        if (Lower(hit.begin, hit.end) == "staff" || Lower(hit.begin, hit.end) == "middle") continue;
        return set(hit, "");
      }
    }
    if (max_years_ > 0) {
      const Seniority seniority = max_years_ >= 5   ? common::v1::SENIOR
                                  : max_years_ >= 2 ? common::v1::MID
                                                    : common::v1::JUNIOR;
      draft_.mutable_role()->set_seniority(seniority);
      AddEvidence(
          seniority_evidence_, "seniority", max_years_evidence_.first, max_years_evidence_.second,
          absl::StrCat(
              "seniority: ", Quoted(Span(max_years_evidence_.first, max_years_evidence_.second)),
              " -> ", common::v1::Seniority_Name(seniority),
              " (from the most years asked for: 5+ senior, 2-4 mid, less junior)"));
      return;
    }
    questions_.push_back("no seniority mentioned: junior, mid, senior, staff or principal?");
  }

  // ---- soft skills ----------------------------------------------------------------------

  void FindSoftSkills() {
    std::vector<absl::string_view> phrases;
    for (const SoftSkillPhrase& p : SoftSkillPhrases()) phrases.push_back(p.phrase);
    std::set<absl::string_view> seen;
    for (const Unit& unit : units_) {
      for (const Hit& hit : FindInUnit(unit, phrases)) {
        const absl::string_view skill = SoftSkillPhrases()[static_cast<size_t>(hit.value)].skill;
        if (!seen.insert(skill).second) continue;
        draft_.mutable_role()->add_soft_skills(std::string(skill));
        AddEvidence(soft_evidence_,
                    absl::StrCat("soft_skills[", draft_.role().soft_skills_size() - 1, "]"),
                    hit.begin, hit.end,
                    absl::StrCat("soft skill: ", Quoted(Span(hit.begin, hit.end)), " -> ", skill));
      }
    }
  }

  // ---- working hours --------------------------------------------------------------------

  struct Clock {
    int minutes = 0;
    bool strong = false;  // had am/pm or minutes: not a bare number
    bool meridiem = false;
    bool pm = false;
    size_t begin = 0;
    size_t end = 0;
  };

  // A time at token t: "9", "9am", "9:30", "13:00", "1 pm", "noon".
  std::optional<Clock> ClockAt(size_t t, size_t unit_end) const {
    if (!tokens_[t].word) return std::nullopt;
    const absl::string_view word = LowerToken(t);
    Clock clock;
    clock.begin = tokens_[t].begin;
    clock.end = tokens_[t].end;
    if (word == "noon" || word == "midday") {
      clock.minutes = 12 * 60;
      clock.strong = true;
      return clock;
    }
    size_t i = 0;
    int hours = 0;
    while (i < word.size() && i < 2 && absl::ascii_isdigit(static_cast<unsigned char>(word[i]))) {
      hours = hours * 10 + (word[i] - '0');
      ++i;
    }
    if (i == 0 || hours > 24) return std::nullopt;
    int minutes = 0;
    absl::string_view rest = word.substr(i);
    if (!rest.empty() && (rest[0] == ':' || rest[0] == '.') && rest.size() >= 3 &&
        absl::ascii_isdigit(static_cast<unsigned char>(rest[1])) &&
        absl::ascii_isdigit(static_cast<unsigned char>(rest[2]))) {
      minutes = (rest[1] - '0') * 10 + (rest[2] - '0');
      if (minutes > 59) return std::nullopt;
      clock.strong = true;
      rest = rest.substr(3);
    }
    // "9:00" is a word; "9:00" can also come as "9", ":", "00" when ':' ends a word.
    if (!clock.strong && t + 2 < tokens_.size() && tokens_[t + 1].begin == tokens_[t].end &&
        lower_[tokens_[t + 1].begin] == ':' && tokens_[t + 2].begin == tokens_[t + 1].end) {
      const absl::string_view mm = LowerToken(t + 2);
      if (mm.size() >= 2 && absl::ascii_isdigit(static_cast<unsigned char>(mm[0])) &&
          absl::ascii_isdigit(static_cast<unsigned char>(mm[1]))) {
        minutes = (mm[0] - '0') * 10 + (mm[1] - '0');
        clock.strong = true;
        rest = mm.substr(2);
        clock.end = tokens_[t + 2].end;
      }
    }
    absl::string_view meridiem = rest;
    if (meridiem.empty() && t + 1 < tokens_.size() && tokens_[t + 1].begin < unit_end) {
      const absl::string_view next = LowerToken(t + 1);
      if (next == "am" || next == "pm" || next == "a.m" || next == "p.m") {
        meridiem = next;
        clock.end = tokens_[t + 1].end;
        if (clock.end < text_.size() && text_[clock.end] == '.') ++clock.end;
      }
    }
    if (meridiem == "am" || meridiem == "a.m" || meridiem == "pm" || meridiem == "p.m") {
      if (hours == 0 || hours > 12) return std::nullopt;
      clock.meridiem = true;
      clock.pm = meridiem[0] == 'p';
      clock.strong = true;
      hours = hours % 12 + (clock.pm ? 12 : 0);
    } else if (!meridiem.empty() && meridiem != "h") {
      return std::nullopt;  // "5k", "3rd"...
    }
    clock.minutes = hours * 60 + minutes;
    if (clock.minutes > 24 * 60) return std::nullopt;
    return clock;
  }

  static std::string HhMm(int minutes) {
    return absl::StrFormat("%02d:%02d", minutes / 60 % 25, minutes % 60);
  }

  void FindHours() {
    static const auto* context = new std::vector<absl::string_view>{
        "overlap",    "hours",   "time zone", "timezone",  "business hours", "working hours",
        "core hours", "until",   "till",      "available", "availability",   "am",
        "pm",         "between", "work with", "standups",  "stand-ups",      "meetings"};
    std::vector<absl::string_view> zone_phrases;
    for (const ZoneWord& zone : ZoneWords()) zone_phrases.push_back(zone.phrase);
    v1::Role& role = *draft_.mutable_role();
    for (const Unit& unit : units_) {
      // A unit about hours, or one naming a zone and a window ("they work EST 9am to 5pm").
      const bool about_hours = !FindInUnit(unit, *context).empty();
      // The zone.
      std::optional<Hit> zone;
      for (const Hit& hit : FindInUnit(unit, zone_phrases)) {
        const ZoneWord& word = ZoneWords()[static_cast<size_t>(hit.value)];
        if (word.upper_case) {
          bool upper = true;
          for (size_t b = hit.begin; b < hit.end; ++b) {
            upper = upper && !absl::ascii_islower(static_cast<unsigned char>(text_[b]));
          }
          if (!upper) continue;
        }
        zone = hit;
        break;
      }
      // The window: "9am-5pm", "9:00 to 17:00", "between 10 and 2", "until 1pm".
      std::optional<Clock> start, end;
      size_t window_begin = 0, window_end = 0;
      std::string assumed;
      for (size_t t = unit.first_token; t < unit.last_token && !end; ++t) {
        std::optional<Clock> first = ClockAt(t, unit.end);
        if (!first) continue;
        size_t after = TokenAt(first->end);
        const absl::string_view joiner = after < unit.last_token ? LowerToken(after) : "";
        if (joiner == "-" || joiner == "\xe2\x80\x93" || joiner == "\xe2\x80\x94" ||
            joiner == "to" || joiner == "and" || joiner == "until" || joiner == "till") {
          if (after + 1 < unit.last_token) {
            std::optional<Clock> second = ClockAt(after + 1, unit.end);
            if (second && (first->strong || second->strong)) {
              // "9-5": the end is in the afternoon; "10am-2" too.
              if (!second->meridiem && second->minutes <= first->minutes && second->minutes < 720)
                second->minutes += 720;
              if (!first->meridiem && second->meridiem && second->pm &&
                  first->minutes + 720 < second->minutes && first->minutes < 720 &&
                  first->minutes >= 12 * 60 - 720 && first->minutes < 6 * 60) {
                first->minutes += 720;  // "1-5pm"
              }
              start = first;
              end = second;
              window_begin = first->begin;
              window_end = second->end;
              break;
            }
          }
        }
        if (first->strong) {
          const size_t prev = PrevWord(t, unit.first_token);
          const absl::string_view before = prev != kNoToken ? LowerToken(prev) : "";
          if (before == "until" || before == "till" || before == "by" || before == "before") {
            Clock nine;
            nine.minutes = 9 * 60;
            start = nine;
            end = first;
            window_begin = tokens_[prev].begin;
            window_end = first->end;
            assumed = "the start is taken as 09:00, the usual start of the day";
          } else if (before == "from" || before == "after") {
            start = first;
            Clock later;
            later.minutes = std::min(first->minutes + 8 * 60, 24 * 60);
            end = later;
            window_begin = tokens_[prev].begin;
            window_end = first->end;
            assumed = "the end is taken as 8 hours after the start";
          }
        }
      }
      // "4 hours of overlap", "a 3-hour overlap".
      std::optional<std::pair<int, Hit>> overlap;
      const bool says_overlap = !FindInUnit(unit, {"overlap", "with"}).empty();
      for (size_t t = unit.first_token; t < unit.last_token && says_overlap; ++t) {
        if (!tokens_[t].word) continue;
        const absl::string_view word = LowerToken(t);
        std::optional<int64_t> number = LeadingNumber(word);
        if (!number) {
          if (auto small = SmallNumberWord(word); small && word != "a" && word != "an")
            number = *small;
        }
        if (!number || *number < 1 || *number > 12) continue;
        const bool fused = absl::EndsWith(word, "-hour") || absl::EndsWith(word, "h");
        const size_t next = t + 1;
        const bool unit_word =
            fused ||
            (next < unit.last_token && (LowerToken(next) == "hours" || LowerToken(next) == "hour" ||
                                        LowerToken(next) == "hrs" || LowerToken(next) == "h"));
        if (!unit_word) continue;
        const absl::string_view rest = Lower(tokens_[t].end, unit.end);
        if (absl::StrContains(rest.substr(0, 16), "week") ||
            absl::StrContains(rest.substr(0, 16), "day")) {
          continue;  // "40 hours a week"
        }
        overlap = std::pair{static_cast<int>(*number),
                            Hit{tokens_[t].begin, fused ? tokens_[t].end : tokens_[next].end, 0}};
        break;
      }
      if (!about_hours && !(zone && start)) continue;
      if (!zone && !start) continue;  // an overlap with no zone or window says too little
      common::v1::WorkingHours hours;
      std::string from;
      if (zone) {
        hours.set_time_zone(std::string(ZoneWords()[static_cast<size_t>(zone->value)].zone));
      } else if (client_ != nullptr && client_->has_working_hours()) {
        hours.set_time_zone(client_->working_hours().time_zone());
        from = " (zone: the client's)";
      } else {
        questions_.push_back("working hours found but no time zone: which zone are they in?");
        continue;
      }
      if (start && end) {
        hours.set_start(HhMm(start->minutes));
        hours.set_end(HhMm(end->minutes));
      } else {
        hours.set_start("09:00");
        hours.set_end("17:00");
        assumed = "no hours given: business hours 09:00-17:00 are taken";
      }
      if (hours.start() == hours.end()) continue;
      size_t begin = unit.end, stop = unit.begin;
      for (const auto& [b, e] :
           {std::pair{zone ? zone->begin : unit.end, zone ? zone->end : unit.begin},
            std::pair{start ? window_begin : unit.end, start ? window_end : unit.begin},
            std::pair{overlap ? overlap->second.begin : unit.end,
                      overlap ? overlap->second.end : unit.begin}}) {
        begin = std::min(begin, b);
        stop = std::max(stop, e);
      }
      *role.mutable_working_hours() = hours;
      AddEvidence(hours_evidence_, "working_hours", begin, stop,
                  absl::StrCat("working hours: ", Quoted(Span(begin, stop)), " -> ", hours.start(),
                               "-", hours.end(), " ", hours.time_zone(), from,
                               assumed.empty() ? "" : absl::StrCat("; ", assumed)));
      if (overlap) {
        role.set_min_overlap_hours(overlap->first);
        AddEvidence(
            hours_evidence_, "min_overlap_hours", overlap->second.begin, overlap->second.end,
            absl::StrCat("overlap: ", Quoted(Span(overlap->second.begin, overlap->second.end)),
                         " -> ", overlap->first, " hours"));
      } else if (start && end) {
        // "overlap with EST until 1pm": the whole window is the overlap asked for.
        const int length = (end->minutes - start->minutes + 24 * 60) % (24 * 60);
        if (length > 0 && length < 8 * 60 && !FindInUnit(unit, {"overlap"}).empty()) {
          role.set_min_overlap_hours(length / 60.0);
          AddEvidence(hours_evidence_, "min_overlap_hours", window_begin, window_end,
                      absl::StrCat("overlap: ", Quoted(Span(window_begin, window_end)),
                                   " -> the window's ", length / 60.0, " hours"));
        }
      }
      return;
    }
    if (client_ != nullptr && client_->has_working_hours()) {
      *role.mutable_working_hours() = client_->working_hours();
      AddEvidence(
          hours_evidence_, "working_hours", 0, 0,
          absl::StrCat("working hours: none in the text; the client's ",
                       client_->working_hours().start(), "-", client_->working_hours().end(), " ",
                       client_->working_hours().time_zone(), ", as CreateRole would"));
    }
    questions_.push_back(
        "no working hours or time zone mentioned: which hours must the hire overlap with?");
  }

  // ---- budget ---------------------------------------------------------------------------

  struct Amount {
    double value = 0;
    std::string currency;
    size_t begin = 0;
    size_t end = 0;
  };

  // The currency named at byte `at` in lower_ ("$", "€", "usd", "eur"...), and its length.
  std::optional<std::pair<std::string, size_t>> CurrencyAt(size_t at) const {
    const absl::string_view rest = absl::string_view(lower_).substr(at);
    static const auto* symbols = new std::vector<std::pair<absl::string_view, absl::string_view>>{
        {"us$", "USD"}, {"ca$", "CAD"}, {"c$", "CAD"},           {"a$", "AUD"},
        {"r$", "BRL"},  {"$", "USD"},   {"\xe2\x82\xac", "EUR"}, {"\xc2\xa3", "GBP"}};
    for (const auto& [symbol, code] : *symbols) {
      if (absl::StartsWith(rest, symbol) &&
          (symbol.size() == 1 || symbol[0] == '\xe2' || symbol[0] == '\xc2' || at == 0 ||
           !IsAlnum(lower_[at - 1]))) {
        return std::pair{std::string(code), symbol.size()};
      }
    }
    static const auto* codes = new std::vector<std::pair<absl::string_view, absl::string_view>>{
        {"usd", "USD"}, {"eur", "EUR"},   {"gbp", "GBP"},  {"cad", "CAD"},     {"aud", "AUD"},
        {"brl", "BRL"}, {"chf", "CHF"},   {"pln", "PLN"},  {"inr", "INR"},     {"mxn", "MXN"},
        {"sek", "SEK"}, {"euros", "EUR"}, {"euro", "EUR"}, {"dollars", "USD"}, {"pounds", "GBP"}};
    for (const auto& [word, code] : *codes) {
      if (absl::StartsWith(rest, word) && (at == 0 || !IsAlnum(lower_[at - 1])) &&
          (word.size() >= rest.size() || !IsAlnum(rest[word.size()]))) {
        return std::pair{std::string(code), word.size()};
      }
    }
    return std::nullopt;
  }

  bool DigitAt(size_t at) const {
    return at < lower_.size() && absl::ascii_isdigit(static_cast<unsigned char>(lower_[at]));
  }

  // A number at byte `at`: "6,000", "6000", "70k", "5.5k", "90 k"; its value and end.
  std::optional<std::pair<double, size_t>> NumberAt(size_t at) const {
    size_t i = at;
    double value = 0;
    int digits = 0;
    while (i < lower_.size()) {
      const char c = lower_[i];
      if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        value = value * 10 + (c - '0');
        ++digits;
        ++i;
      } else if (c == ',' && digits > 0 && i + 3 < lower_.size() && DigitAt(i + 1) &&
                 DigitAt(i + 2) && DigitAt(i + 3) && !DigitAt(i + 4)) {
        ++i;  // a thousands separator, as in 6,000
      } else {
        break;
      }
      if (digits > 12) return std::nullopt;
    }
    if (digits == 0) return std::nullopt;
    if (i + 1 < lower_.size() && lower_[i] == '.' &&
        absl::ascii_isdigit(static_cast<unsigned char>(lower_[i + 1]))) {
      double scale = 0.1;
      ++i;
      while (i < lower_.size() && absl::ascii_isdigit(static_cast<unsigned char>(lower_[i]))) {
        value += scale * (lower_[i] - '0');
        scale /= 10;
        ++i;
      }
    }
    size_t j = i;
    while (j < lower_.size() && lower_[j] == ' ' && j - i < 1) ++j;
    if (j < lower_.size() && lower_[j] == 'k' &&
        (j + 1 >= lower_.size() || !IsAlnum(lower_[j + 1]))) {
      return std::pair{value * 1000, j + 1};
    }
    if (j < lower_.size() &&
        (lower_[j] == 'm' || absl::StartsWith(absl::string_view(lower_).substr(j), "million")) &&
        (j + 1 >= lower_.size() ||
         !absl::ascii_isalpha(static_cast<unsigned char>(lower_[j + 1])) ||
         absl::StartsWith(absl::string_view(lower_).substr(j), "million"))) {
      return std::nullopt;  // millions are funding, not a budget
    }
    if (i < lower_.size() && IsAlnum(lower_[i])) return std::nullopt;
    return std::pair{value, i};
  }

  std::optional<Amount> AmountAt(size_t at, size_t limit) const {
    // "$6,000", "EUR 70k", "€ 5k".
    if (auto currency = CurrencyAt(at)) {
      size_t i = at + currency->second;
      while (i < limit && lower_[i] == ' ') ++i;
      if (auto number = NumberAt(i); number && number->second <= limit) {
        return Amount{number->first, currency->first, at, number->second};
      }
      return std::nullopt;
    }
    // "6000 USD", "90k USD", "70,000 euros".
    if (!absl::ascii_isdigit(static_cast<unsigned char>(lower_[at])) ||
        (at > 0 && (IsAlnum(lower_[at - 1]) || lower_[at - 1] == '.' || lower_[at - 1] == ','))) {
      return std::nullopt;
    }
    auto number = NumberAt(at);
    if (!number) return std::nullopt;
    size_t i = number->second;
    while (i < limit && lower_[i] == ' ') ++i;
    if (i < limit) {
      if (auto currency = CurrencyAt(i); currency && i + currency->second <= limit) {
        return Amount{number->first, currency->first, at, i + currency->second};
      }
    }
    return std::nullopt;
  }

  void FindBudget() {
    static const auto* pay = new std::vector<absl::string_view>{
        "budget",   "pay",      "paying", "salary",  "compensation", "rate",    "up to",
        "offer",    "range",    "max",    "maximum", "per month",    "a month", "monthly",
        "/month",   "per year", "a year", "annual",  "annually",     "yearly",  "/year",
        "per hour", "an hour",  "hourly", "/hour",   "/mo",          "/yr",     "/hr",
        "gross",    "net",      "ctc",    "k a year"};
    static const auto* not_pay = new std::vector<absl::string_view>{
        "raised",  "funding",   "series a",   "series b", "series c",
        "revenue", "valuation", "seed round", "arr",      "customers"};
    for (const Unit& unit : units_) {
      if (FindInUnit(unit, *pay).empty() || !FindInUnit(unit, *not_pay).empty()) continue;
      std::optional<Amount> best;
      for (size_t at = unit.begin; at < unit.end; ++at) {
        std::optional<Amount> amount = AmountAt(at, unit.end);
        if (!amount) continue;
        if (!best || amount->value > best->value) {
          // A range ("$5,000-$7,000") keeps its top: the most the client pays.
          if (best) amount->begin = best->begin;
          best = amount;
        }
        at = amount->end - 1;
      }
      if (!best || best->value < 1) continue;
      // The period, after the amount or anywhere in the unit.
      const absl::string_view after = Lower(best->end, std::min(unit.end, best->end + 24));
      const absl::string_view whole = Lower(unit.begin, unit.end);
      const auto says = [&](absl::string_view where,
                            std::initializer_list<absl::string_view> words) {
        return !FindPhrases(where, std::vector<absl::string_view>(words), 0).empty();
      };
      const std::initializer_list<absl::string_view> monthly = {
          "/month", "per month", "a month", "monthly", "/mo", "month", "/ month", "pm", "p.m"};
      const std::initializer_list<absl::string_view> yearly = {
          "/year", "per year", "a year", "annually",  "annual", "yearly",
          "/yr",   "year",     "p.a",    "per annum", "/ year"};
      const std::initializer_list<absl::string_view> hourly = {
          "/hour", "per hour", "an hour", "hourly", "/hr", "/h", "hour"};
      double monthly_value = best->value;
      std::string period;
      size_t stop = best->end;
      if (says(after, monthly)) {
        period = "a month";
      } else if (says(after, yearly)) {
        period = "a year, divided by 12";
        monthly_value = best->value / 12;
      } else if (says(after, hourly)) {
        period = "an hour, times 160 hours a month";
        monthly_value = best->value * 160;
      } else if (says(whole, {"monthly", "per month", "a month", "/month"})) {
        period = "a month";
      } else if (says(whole, {"annual", "annually", "yearly", "per year", "a year", "/year"})) {
        period = "a year, divided by 12";
        monthly_value = best->value / 12;
      } else if (best->value >= 20000) {
        period = "no period stated; an amount this large is taken as a year's, divided by 12";
        monthly_value = best->value / 12;
      } else {
        period = "no period stated; taken as a month's";
      }
      // Stretch the span over the period words right after the amount ("/month").
      for (absl::string_view word :
           {"/month", "/mo", "/year", "/yr", "/hour", "/hr", " per month", " a month", " per year",
            " a year", " per hour", " an hour", " monthly", " annually", " yearly"}) {
        if (absl::StartsWith(Lower(best->end, unit.end), word)) {
          stop = best->end + word.size();
          break;
        }
      }
      const int64_t units = std::llround(monthly_value);
      if (units < 1 || units > 1'000'000'000'000) continue;
      common::v1::Money& money = *draft_.mutable_role()->mutable_monthly_budget();
      money.set_currency_code(best->currency);
      money.set_units(units);
      AddEvidence(budget_evidence_, "monthly_budget", best->begin, stop,
                  absl::StrCat("budget: ", Quoted(Span(best->begin, stop)), " -> ", units, " ",
                               best->currency, " a month (", period, ")"));
      return;
    }
    questions_.push_back("no budget mentioned: what is the most the client pays a month?");
  }

  // ---- headcount ------------------------------------------------------------------------

  void FindHeadcount() {
    static const auto* verbs = new std::vector<absl::string_view>{
        "hiring",     "hire",      "looking for", "need",     "seeking", "searching for",
        "recruiting", "headcount", "positions",   "openings", "seats"};
    for (const Unit& unit : units_) {
      if (FindInUnit(unit, *verbs).empty()) continue;
      for (size_t t = unit.first_token; t < unit.last_token; ++t) {
        if (!tokens_[t].word) continue;
        const absl::string_view word = LowerToken(t);
        std::optional<int64_t> number = LeadingNumber(word);
        if (number && absl::string_view(word).size() != std::to_string(*number).size()) continue;
        if (!number) {
          if (auto small = SmallNumberWord(word); small && word != "a" && word != "an")
            number = *small;
        }
        if (!number || *number < 1 || *number > 100) continue;
        const size_t prev = PrevWord(t, unit.first_token);
        if (prev != kNoToken &&
            (LowerToken(prev) == "of" || LowerToken(prev) == "have" || LowerToken(prev) == "are")) {
          continue;  // "a team of 5 engineers" is the team, not the hires
        }
        if (prev != kNoToken && LowerToken(prev) == "headcount") {
          Set(*number, tokens_[prev].begin, tokens_[t].end);
          return;
        }
        for (size_t k = t + 1; k < unit.last_token && k <= t + 4; ++k) {
          if (!tokens_[k].word) break;
          const absl::string_view noun = LowerToken(k);
          if (noun == "years" || noun == "year" || noun == "hours") break;
          static const auto* plurals = new std::set<std::string, std::less<>>{
              "engineers", "developers", "devs",  "programmers", "people",
              "hires",     "positions",  "roles", "openings",    "seats",
              "testers",   "architects", "sres",  "contractors"};
          if (plurals->count(noun) > 0) {
            Set(*number, tokens_[t].begin, tokens_[k].end);
            return;
          }
        }
      }
    }
    questions_.push_back("headcount not mentioned: how many hires? (CreateRole assumes 1)");
  }

  void Set(int64_t headcount, size_t begin, size_t end) {
    draft_.mutable_role()->set_headcount(static_cast<int32_t>(headcount));
    AddEvidence(headcount_evidence_, "headcount", begin, end,
                absl::StrCat("headcount: ", Quoted(Span(begin, end)), " -> ", headcount));
  }

  // ---- the draft ------------------------------------------------------------------------

  void Assemble() {
    if (draft_.role().title().empty()) {
      questions_.insert(questions_.begin(),
                        "no title found: what is the role called (e.g. \"Senior backend "
                        "engineer\")?");
    }
    for (auto* group : {&title_evidence_, &kind_evidence_, &seniority_evidence_,
                        &required_evidence_, &nice_evidence_, &soft_evidence_, &hours_evidence_,
                        &budget_evidence_, &headcount_evidence_}) {
      for (v1::FieldEvidence& evidence : *group) *draft_.add_evidence() = std::move(evidence);
    }
    for (std::string& question : questions_) draft_.add_questions(std::move(question));
  }

  const v1::Client* client_;
  size_t title_begin_ = 0;
  size_t title_end_ = 0;
  v1::RoleDraft draft_;
  std::vector<std::string> questions_;
  std::vector<v1::FieldEvidence> title_evidence_, kind_evidence_, seniority_evidence_,
      required_evidence_, nice_evidence_, soft_evidence_, hours_evidence_, budget_evidence_,
      headcount_evidence_;
};

}  // namespace

absl::Status CheckDraftText(absl::string_view text, absl::string_view field) {
  return text::CheckDraftText(text, field, "the job post, email or call notes");
}

absl::StatusOr<v1::RoleDraft> DraftRoleFromText(absl::string_view text, const SkillCatalog& catalog,
                                                const v1::Client* client, absl::string_view field) {
  if (absl::Status valid = CheckDraftText(text, field); !valid.ok()) return valid;
  return Drafter(text, catalog, client).Run();
}

const std::vector<std::string>& DraftSoftSkills() {
  static const auto* skills = [] {
    auto* list = new std::vector<std::string>;
    for (const SoftSkillPhrase& phrase : SoftSkillPhrases()) {
      if (std::find(list->begin(), list->end(), phrase.skill) == list->end()) {
        list->emplace_back(phrase.skill);
      }
    }
    return list;
  }();
  return *skills;
}

}  // namespace meridian::intake
