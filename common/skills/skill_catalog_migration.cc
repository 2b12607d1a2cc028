#include "common/skills/skill_catalog_migration.h"

#include <string>
#include <utility>

namespace meridian {

std::optional<SkillCatalog> SkillCatalogFromMigration(absl::string_view sql) {
  // The ('alias', 'skill', true|false) rows; relation rows end in a weight and are skipped.
  SkillCatalogData data;
  size_t at = sql.find("INSERT INTO shared.skill_aliases");
  while (at != absl::string_view::npos) {
    at = sql.find("('", at);
    if (at == absl::string_view::npos) break;
    const size_t alias_end = sql.find('\'', at + 2);
    if (alias_end == absl::string_view::npos) break;
    const std::string alias(sql.substr(at + 2, alias_end - at - 2));
    at = alias_end + 1;
    if (sql.substr(at, 3) != ", '") continue;
    const size_t id_end = sql.find('\'', at + 3);
    if (id_end == absl::string_view::npos) break;
    const std::string id(sql.substr(at + 3, id_end - at - 3));
    at = id_end + 1;
    bool ambiguous;
    if (sql.substr(at, 7) == ", true)") {
      ambiguous = true;
    } else if (sql.substr(at, 8) == ", false)") {
      ambiguous = false;
    } else {
      continue;
    }
    data.aliases[alias] = id;
    data.aliases[id] = id;
    if (ambiguous) data.ambiguous_aliases.insert(alias);
  }
  if (data.aliases.empty()) return std::nullopt;
  return SkillCatalog(std::move(data));
}

}  // namespace meridian
