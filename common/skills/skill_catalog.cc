#include "common/skills/skill_catalog.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "absl/strings/ascii.h"

namespace meridian {

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
  std::vector<int> previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

SkillCatalog::SkillCatalog(std::unordered_map<std::string, std::string> aliases)
    : aliases_(std::move(aliases)) {}

std::optional<std::string> SkillCatalog::Resolve(absl::string_view text) const {
  auto it = aliases_.find(NormalizeSkillKey(text));
  if (it == aliases_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> SkillCatalog::Suggest(absl::string_view text, size_t limit) const {
  const std::string key = NormalizeSkillKey(text);
  // Best distance per canonical id over all of its aliases.
  std::map<std::string, int> best;
  for (const auto& [alias, id] : aliases_) {
    int distance = EditDistance(key, alias);
    // A typed prefix ("kube") is a near miss too.
    if (!key.empty() && alias.rfind(key, 0) == 0) distance = std::min(distance, 1);
    auto [it, inserted] = best.emplace(id, distance);
    if (!inserted) it->second = std::min(it->second, distance);
  }
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [id, distance] : best) ranked.emplace_back(distance, id);
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> suggestions;
  for (const auto& [distance, id] : ranked) {
    if (suggestions.size() == limit) break;
    suggestions.push_back(id);
  }
  return suggestions;
}

SkillCatalog LoadSkillCatalog(pqxx::transaction_base& tx) {
  std::unordered_map<std::string, std::string> aliases;
  for (const auto& row : tx.exec("SELECT alias, skill_id FROM shared.skill_aliases")) {
    aliases.emplace(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return SkillCatalog(std::move(aliases));
}

}  // namespace meridian
