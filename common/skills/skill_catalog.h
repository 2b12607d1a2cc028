// The canonical skill vocabulary shared by every service (shared.skills, shared.skill_aliases,
// shared.skill_relations; the data and its sources are in tools/skill_catalog/). Input such
// as "NodeJS", "node.js" or "Node" resolves to the canonical id "nodejs"; an unknown name
// comes with the known ones a person would call close; each skill has a category, and some
// imply others (whoever has Django has some Python).
//
//   SkillCatalog catalog = LoadSkillCatalog(tx);                   // throws like any query
//   std::optional<std::string> id = catalog.Resolve("ReactJS");    // "react"
//   std::vector<std::string> near = catalog.Suggest("Kubernets");  // {"kubernetes"}
//   catalog.IsAmbiguous("Go");                                     // true: also a verb
//   catalog.Implying("python");  // {django 0.8, flask 0.8, ..., django-rest-framework 0.64}
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include "absl/strings/string_view.h"

#include "pqxx/pqxx"

namespace meridian {

// Lower case, trimmed, runs of white space folded to one space: the key aliases are stored
// under.
std::string NormalizeSkillKey(absl::string_view text);

// Edit distance between two strings: insertions, deletions, substitutions, and swaps of two
// adjacent characters ("djnago"), each one edit (optimal string alignment).
int EditDistance(absl::string_view a, absl::string_view b);

// `skill` implies `implied`: `weight` (0-1] of a level in `skill` counts toward `implied`.
struct SkillRelation {
  std::string skill;
  std::string implied;
  double weight = 0;

  friend bool operator==(const SkillRelation&, const SkillRelation&) = default;
};

// Everything the catalog knows, as LoadSkillCatalog reads it (tests build it by hand, with
// designated initializers: every member has a default).
struct SkillCatalogData {
  // Normalised alias -> canonical id; every id is its own alias too.
  std::unordered_map<std::string, std::string> aliases = {};
  // The aliases that are also ordinary words ("go", "swift", "rest").
  std::unordered_set<std::string> ambiguous_aliases = {};
  // Canonical id -> category ("language", "backend", ...).
  std::unordered_map<std::string, std::string> categories = {};
  // Direct relations, as stored in shared.skill_relations.
  std::vector<SkillRelation> relations = {};
};

// Immutable once built, and cheap to copy (copies share the data).
class SkillCatalog final {
 public:
  // `aliases` maps normalised aliases to canonical ids; no categories or relations.
  explicit SkillCatalog(std::unordered_map<std::string, std::string> aliases);
  explicit SkillCatalog(SkillCatalogData data);

  // The canonical id for a name or alias, if known.
  std::optional<std::string> Resolve(absl::string_view text) const;

  // Up to `limit` canonical ids a person would call close to `text`, nearest first: names that
  // start with it ("kube"), are a typo or two from it (one in four characters: "postgress",
  // "djnago"; never "redux" for "redis"), or share a whole word with it ("react developer").
  // Among equally close ones, skills others build on come first ("pyt": python before
  // pytest). Nothing when nothing is close.
  std::vector<std::string> Suggest(absl::string_view text, size_t limit = 3) const;

  // "; did you mean kubernetes, kustomize?" for an error message about `text`, or "" when
  // nothing is close.
  std::string DidYouMean(absl::string_view text) const;

  // True when `text` is a known alias that is also an ordinary word: a parser of free text
  // should take it for the skill only in context.
  bool IsAmbiguous(absl::string_view text) const;

  // The category of a canonical id, if the catalog has one.
  std::optional<std::string> Category(absl::string_view id) const;

  // The skills `id` implies directly (empty for an unknown id).
  const std::vector<SkillRelation>& Implies(absl::string_view id) const;

  // Every skill whose level counts toward `id`, directly or through a chain (Next.js counts
  // toward JavaScript through React), with the best chain's product of weights as `weight`;
  // heaviest first, then by id. `implied` is `id` in each.
  const std::vector<SkillRelation>& Implying(absl::string_view id) const;

 private:
  struct Data;
  std::shared_ptr<const Data> data_;
};

// The catalog as the caller's transaction sees it. Every write validates skills against the
// catalog, so the process keeps the last one it read and checks with one small query (the row
// counts and newest transaction ids of the catalog's tables, and the database's name) that it
// is still what the database holds; it reads the catalog again only when not. Throws like any
// query.
SkillCatalog LoadSkillCatalog(pqxx::transaction_base& tx);

}  // namespace meridian
