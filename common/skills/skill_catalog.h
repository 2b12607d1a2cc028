// The canonical skill vocabulary shared by every service (shared.skills and
// shared.skill_aliases). Input such as "NodeJS", "node.js" or "Node" resolves to the
// canonical id "nodejs"; an unknown name comes with the nearest known ones to suggest.
//
//   SkillCatalog catalog = LoadSkillCatalog(tx);                   // throws like any query
//   std::optional<std::string> id = catalog.Resolve("ReactJS");    // "react"
//   std::vector<std::string> near = catalog.Suggest("Kubernets");  // {"kubernetes", ...}
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>
#include "absl/strings/string_view.h"

#include "pqxx/pqxx"

namespace meridian {

// Lower case, trimmed, runs of white space folded to one space: the key aliases are stored
// under.
std::string NormalizeSkillKey(absl::string_view text);

// Edit distance between two strings (insertions, deletions, substitutions).
int EditDistance(absl::string_view a, absl::string_view b);

class SkillCatalog final {
 public:
  // `aliases` maps normalised aliases to canonical ids; every id is its own alias too.
  explicit SkillCatalog(std::unordered_map<std::string, std::string> aliases);

  // The canonical id for a name or alias, if known.
  std::optional<std::string> Resolve(absl::string_view text) const;

  // Up to `limit` canonical ids whose aliases are closest to `text`, nearest first.
  std::vector<std::string> Suggest(absl::string_view text, size_t limit = 3) const;

 private:
  std::unordered_map<std::string, std::string> aliases_;
};

// Reads the catalog inside the caller's transaction.
SkillCatalog LoadSkillCatalog(pqxx::transaction_base& tx);

}  // namespace meridian
