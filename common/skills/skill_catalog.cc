#include "common/skills/skill_catalog.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace meridian {
namespace {

// How close an alias is to what someone typed; lower is closer.
struct Closeness {
  int edits = 0;      // 0 exact, 1 for a typed prefix, else the edit distance
  bool typo = false;  // a typo, not a prefix: "nod" is node before it is ood
  int remainder = 0;  // characters the alias has beyond (or short of) the text

  auto Key() const { return std::tie(edits, typo, remainder); }
};

// The most typos a name may be from the text and still be "close": one in four characters
// of the longer, counting a swap of neighbours as one ("djnago"). Names of three characters
// or fewer are close only when typed exactly or as a prefix: one typo there is a third of
// the word ("sql" is not "sqs").
int EditBound(size_t longer) { return static_cast<int>(longer / 4); }

bool IsWordChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }

// True when `part` occurs in `whole` as whole words ("react" in "senior react developer", not
// "go" in "django").
bool ContainsAsWords(absl::string_view whole, absl::string_view part) {
  for (size_t at = whole.find(part); at != absl::string_view::npos; at = whole.find(part, at + 1)) {
    const size_t end = at + part.size();
    if ((at == 0 || !IsWordChar(whole[at - 1])) &&
        (end == whole.size() || !IsWordChar(whole[end]))) {
      return true;
    }
  }
  return false;
}

// Whether a person would call `alias` close to `key` (both normalised), and how close.
std::optional<Closeness> Compare(absl::string_view key, absl::string_view alias) {
  const int remainder = std::abs(static_cast<int>(alias.size()) - static_cast<int>(key.size()));
  if (key == alias) return Closeness{0, false, 0};
  if (key.size() >= 2 && alias.substr(0, key.size()) == key) return Closeness{1, false, remainder};
  const int bound = EditBound(std::max(key.size(), alias.size()));
  // Lengths further apart than the bound cannot be within it: skip the table.
  if (remainder <= bound) {
    const int edits = EditDistance(key, alias);
    if (edits <= bound) return Closeness{std::max(edits, 1), true, remainder};
  }
  // A shared whole word of three characters or more: after every typo match.
  constexpr size_t kMinWord = 3;
  if ((alias.size() >= kMinWord && ContainsAsWords(key, alias)) ||
      (key.size() >= kMinWord && ContainsAsWords(alias, key))) {
    return Closeness{bound + 1, true, remainder};
  }
  return std::nullopt;
}

const std::vector<SkillRelation>& NoRelations() {
  static const std::vector<SkillRelation>* const kNone = new std::vector<SkillRelation>();
  return *kNone;
}

}  // namespace

std::string NormalizeSkillKey(absl::string_view text) {
  std::string key;
  key.reserve(text.size());
  bool pending_space = false;
  for (char c : absl::StripAsciiWhitespace(text)) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      pending_space = true;
      continue;
    }
    if (pending_space) key.push_back(' ');
    pending_space = false;
    key.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

int EditDistance(absl::string_view a, absl::string_view b) {
  // Three rows of the table: a swap looks two rows back.
  std::vector<int> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

struct SkillCatalog::Data {
  std::unordered_map<std::string, std::string> aliases;
  std::unordered_set<std::string> ambiguous;
  std::unordered_map<std::string, std::string> categories;
  std::unordered_map<std::string, std::vector<SkillRelation>> implies;
  std::unordered_map<std::string, std::vector<SkillRelation>> implying;
};

SkillCatalog::SkillCatalog(std::unordered_map<std::string, std::string> aliases)
    : SkillCatalog(SkillCatalogData{.aliases = std::move(aliases)}) {}

SkillCatalog::SkillCatalog(SkillCatalogData data) {
  auto built = std::make_shared<Data>();
  built->aliases = std::move(data.aliases);
  built->ambiguous = std::move(data.ambiguous_aliases);
  built->categories = std::move(data.categories);
  auto& implies = built->implies;
  auto& implying_by_target = built->implying;
  std::unordered_map<std::string, std::vector<const SkillRelation*>> into;
  for (const SkillRelation& relation : data.relations) {
    implies[relation.skill].push_back(relation);
    into[relation.implied].push_back(&relation);
  }
  for (auto& [id, relations] : implies) {
    std::sort(relations.begin(), relations.end(), [](const auto& a, const auto& b) {
      return std::tie(b.weight, a.implied) < std::tie(a.weight, b.implied);
    });
  }
  // For each implied skill, the best chain from every skill that leads to it. A chain only
  // grows while it beats the best one known, so even a cycle in bad data ends (weights <= 1).
  for (const auto& [target, direct] : into) {
    std::unordered_map<std::string, double> best;
    std::vector<std::pair<std::string, double>> open = {{target, 1.0}};
    while (!open.empty()) {
      const auto [node, so_far] = open.back();
      open.pop_back();
      auto edges = into.find(node);
      if (edges == into.end()) continue;
      for (const SkillRelation* edge : edges->second) {
        if (edge->skill == target) continue;
        const double weight = so_far * edge->weight;
        auto [it, inserted] = best.emplace(edge->skill, weight);
        if (!inserted) {
          if (weight <= it->second) continue;
          it->second = weight;
        }
        open.emplace_back(edge->skill, weight);
      }
    }
    std::vector<SkillRelation>& implying = implying_by_target[target];
    for (const auto& [skill, weight] : best) implying.push_back({skill, target, weight});
    std::sort(implying.begin(), implying.end(), [](const auto& a, const auto& b) {
      return std::tie(b.weight, a.skill) < std::tie(a.weight, b.skill);
    });
  }
  data_ = std::move(built);
}

std::optional<std::string> SkillCatalog::Resolve(absl::string_view text) const {
  auto it = data_->aliases.find(NormalizeSkillKey(text));
  if (it == data_->aliases.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> SkillCatalog::Suggest(absl::string_view text, size_t limit) const {
  const std::string key = NormalizeSkillKey(text);
  if (key.empty() || limit == 0) return {};
  // Best closeness per canonical id over all of its aliases.
  std::unordered_map<std::string, Closeness> best;
  for (const auto& [alias, id] : data_->aliases) {
    std::optional<Closeness> closeness = Compare(key, alias);
    if (!closeness) continue;
    auto [it, inserted] = best.emplace(id, *closeness);
    if (!inserted && closeness->Key() < it->second.Key()) it->second = *closeness;
  }
  // Ties go to the skills more others build on: "pyt" is python before pytest.
  auto builders = [this](const std::string& id) {
    auto it = data_->implying.find(id);
    return it == data_->implying.end() ? 0 : static_cast<int>(it->second.size());
  };
  std::vector<std::tuple<int, bool, int, int, std::string>> ranked;
  ranked.reserve(best.size());
  for (const auto& [id, closeness] : best) {
    ranked.emplace_back(closeness.edits, closeness.typo, closeness.remainder, -builders(id), id);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> suggestions;
  for (auto& entry : ranked) {
    if (suggestions.size() == limit) break;
    suggestions.push_back(std::move(std::get<4>(entry)));
  }
  return suggestions;
}

std::string SkillCatalog::DidYouMean(absl::string_view text) const {
  const std::vector<std::string> suggestions = Suggest(text);
  if (suggestions.empty()) return "";
  return absl::StrCat("; did you mean ", absl::StrJoin(suggestions, ", "), "?");
}

bool SkillCatalog::IsAmbiguous(absl::string_view text) const {
  return data_->ambiguous.contains(NormalizeSkillKey(text));
}

std::optional<std::string> SkillCatalog::Category(absl::string_view id) const {
  auto it = data_->categories.find(std::string(id));
  if (it == data_->categories.end()) return std::nullopt;
  return it->second;
}

const std::vector<SkillRelation>& SkillCatalog::Implies(absl::string_view id) const {
  auto it = data_->implies.find(std::string(id));
  return it == data_->implies.end() ? NoRelations() : it->second;
}

const std::vector<SkillRelation>& SkillCatalog::Implying(absl::string_view id) const {
  auto it = data_->implying.find(std::string(id));
  return it == data_->implying.end() ? NoRelations() : it->second;
}

namespace {

// The catalog this process read last and the fingerprint it was read under. Services read one
// database; tests switch between many, and each switch reads again.
struct LastRead {
  std::mutex mutex;
  std::string fingerprint;
  std::optional<SkillCatalog> catalog;
};

LastRead& Last() {
  static LastRead* const kLast = new LastRead();
  return *kLast;
}

// Changes whenever a row of the catalog's tables is added, changed or removed: a new row or
// row version carries a newer transaction id, a removal lowers a count. Migrations and
// CreateSkill are the only writers.
constexpr const char* kFingerprint =
    "SELECT concat_ws(' ', current_database(), "
    "(SELECT count(*) || '/' || coalesce(max(xmin::text::bigint), 0) FROM shared.skills), "
    "(SELECT count(*) || '/' || coalesce(max(xmin::text::bigint), 0) "
    "FROM shared.skill_aliases), "
    "(SELECT count(*) || '/' || coalesce(max(xmin::text::bigint), 0) "
    "FROM shared.skill_relations))";

// Aliases, categories and relations in one round trip.
SkillCatalog ReadSkillCatalog(pqxx::transaction_base& tx) {
  SkillCatalogData data;
  for (const auto& row :
       tx.exec("SELECT 'a', alias, skill_id, ambiguous::int::float8 FROM shared.skill_aliases "
               "UNION ALL SELECT 'c', id, category, 0 FROM shared.skills "
               "UNION ALL SELECT 'r', skill_id, implies_id, weight::float8 "
               "FROM shared.skill_relations")) {
    const char kind = row[0].c_str()[0];
    std::string first = row[1].as<std::string>();
    std::string second = row[2].as<std::string>();
    const double number = row[3].as<double>();
    switch (kind) {
      case 'a':
        if (number != 0) data.ambiguous_aliases.insert(first);
        data.aliases.emplace(std::move(first), std::move(second));
        break;
      case 'c':
        data.categories.emplace(std::move(first), std::move(second));
        break;
      default:
        data.relations.push_back({std::move(first), std::move(second), number});
        break;
    }
  }
  return SkillCatalog(std::move(data));
}

}  // namespace

SkillCatalog LoadSkillCatalog(pqxx::transaction_base& tx) {
  // Taken first: the catalog read after it is at least as new, so a fingerprint never vouches
  // for a catalog older than the data it describes.
  std::string fingerprint = tx.exec1(kFingerprint)[0].as<std::string>();
  LastRead& last = Last();
  {
    std::lock_guard lock(last.mutex);
    if (last.catalog && last.fingerprint == fingerprint) return *last.catalog;
  }
  SkillCatalog catalog = ReadSkillCatalog(tx);
  std::lock_guard lock(last.mutex);
  last.fingerprint = std::move(fingerprint);
  last.catalog = catalog;
  return catalog;
}

}  // namespace meridian
