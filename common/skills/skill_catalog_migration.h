// The skill catalog without a database: read from the text of the migration that defines it
// (common/migrations/sql/0012_skill_catalog.sql), with the same aliases and ambiguity flags
// LoadSkillCatalog reads, for the tools that measure the drafters (role_draft_eval,
// meridian_draft_bench).
//
//   std::optional<SkillCatalog> catalog = SkillCatalogFromMigration(ReadFile(path));
//   catalog->Resolve("golang");  // "go"
#pragma once

#include <optional>

#include "absl/strings/string_view.h"
#include "common/skills/skill_catalog.h"

namespace meridian {

// The catalog from the migration's alias rows ('alias', 'skill', true|false); nullopt when
// the text has none.
std::optional<SkillCatalog> SkillCatalogFromMigration(absl::string_view sql);

}  // namespace meridian
