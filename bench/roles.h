// The OPEN roles the new-match alerts benchmark watches, one generator for both benches that
// time alerts: the search bench serves them to talent_server (BenchIntake, bench/alerts.h) and
// the engine bench matches against them in process (--alert_roles), so both measure the same
// roles.
//
//   std::vector<BenchRole> roles = GenerateBenchRoles(pool.vocabulary(), /*seed=*/42, 1000,
//                                                     RoleShape::kOpenings);
//   intake::v1::Role role = ToIntakeRole(roles[0], pool.vocabulary(), 0);
//
// Every role has a client window in one of 15 zones (08:00-16:00, 09:00-17:00 or
// 10:00-18:00, Monday to Friday) and the default alert_min_score (80).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/pool.h"
#include "bench/queries.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::bench {

enum class RoleShape {
  // Roles as agencies open them: one of the ten most popular skills at level 3+, one of the
  // other canonical skills at level 2+, in half the roles a long-tail skill at level 2+; 3 or
  // 4 hours of overlap; a monthly budget in 70% of them. The default.
  kOpenings,
  // The search mix's query shapes made into roles (60% selective, 30% mid, 10% unselective):
  // a stress case, since one popular skill at any level (an unselective query) is met at 80 or
  // more by a large share of the pool, so every update becomes dozens of new matches.
  kSearchMix,
};

// "openings" or "search_mix"; false for anything else.
bool ParseRoleShape(const std::string& text, RoleShape* shape);

struct BenchRole {
  BenchQuery query;  // required skills, overlap, budget (the window is below, not `client`)
  const char* zone = "";
  const char* start = "";
  const char* end = "";
};

// `count` roles of `shape`, deterministic for `seed`.
std::vector<BenchRole> GenerateBenchRoles(const SkillVocabulary& vocabulary, uint64_t seed,
                                          int count, RoleShape shape);

// The role as intake serves it: OPEN, named clients/{c}/roles/{r} with UUID-shaped ids (the
// worker parses them), `index` making the name unique.
intake::v1::Role ToIntakeRole(const BenchRole& role, const SkillVocabulary& vocabulary, int index);

}  // namespace meridian::bench
