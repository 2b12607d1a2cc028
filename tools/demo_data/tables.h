// The demo data's tables: the world the talent pool is drawn from (regions, their countries,
// names, hours and rates; what people do, how senior they are, their English), the hiring
// companies with their roles, and how each company's hire is followed up. Data only: the
// generator (generator.h) and the loader (demo_data.h) read them.
//
//   const Region& region = rng.Weighted(Regions());
//   for (const ClientSpec& client : Clients()) ...
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "meridian/common/v1/common.pb.h"
#include "meridian/intake/v1/intake.pb.h"
#include "meridian/placement/v1/placement.pb.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::demo_data {

namespace common = meridian::common::v1;
namespace intake = meridian::intake::v1;
namespace placement = meridian::placement::v1;
namespace talent = meridian::talent::v1;

// ---------------------------------------------------------------------------------------
// The world: regions, their countries, names, hours and rates.

struct Country {
  const char* code;          // ISO 3166-1 alpha-2
  const char* zone;          // IANA time zone
  const char* calling_code;  // "+55"
  const char* mobile_prefix;
  int weight;
  // A currency some candidates here quote in instead of USD, and how many percent do.
  const char* local_currency = nullptr;
  int local_currency_percent = 0;
};

struct Hours {
  const char* start;
  const char* end;
  int weight;
};

struct Region {
  const char* name;
  int weight;
  std::vector<Country> countries;
  // Names as people write them; emails use their ASCII transliteration.
  std::vector<const char*> first_names;
  std::vector<const char*> last_names;
  // Monthly USD by seniority, JUNIOR to PRINCIPAL: {low, high}.
  int rates[5][2];
  // Percent of people who shift their day to overlap with clients elsewhere, and the
  // hours they keep then (their local time).
  int shifted_percent;
  std::vector<Hours> shifted_hours;
};

const std::vector<Region>& Regions();
// The usual office day, in the candidate's own zone.
const std::vector<Hours>& StandardHours();

// US dollars per unit, as in the exchange rates the database is seeded with, and the step
// local amounts are rounded to.
struct LocalCurrency {
  const char* code;
  double usd_per_unit;
  int64_t step;
};
inline constexpr LocalCurrency kLocalCurrencies[] = {
    {"EUR", 1.08, 50}, {"BRL", 0.20, 500}, {"INR", 0.012, 5000}};

// ---------------------------------------------------------------------------------------
// What people do: archetypes with their skills and the role kinds they fit.

struct Archetype {
  const char* name;
  int weight;
  // Canonical skill ids (common/migrations/sql/0001_shared_reference.sql), the one the
  // person is known for first; "redis:0.5" when only half of them have it.
  const char* skills;
  common::RoleKind main_kind;
  // Backend archetypes: BACKEND_DEVELOPER, and BACKEND_ENGINEER for senior architects.
  bool backend;
  // Another kind some fit: those with `extra_skill`, or (nullptr) a share of them.
  common::RoleKind extra_kind = common::ROLE_KIND_UNSPECIFIED;
  const char* extra_skill = nullptr;
  double extra_probability = 0;
};

const std::vector<Archetype>& Archetypes();

struct SeniorityOdds {
  common::Seniority seniority;
  int weight;
  int min_years, max_years;  // years in the profession
  int level;                 // usual level of their main skill
};
const std::vector<SeniorityOdds>& Seniorities();

struct EnglishOdds {
  talent::EnglishLevel level;
  int weight;
};
const std::vector<EnglishOdds>& EnglishLevels();

// ---------------------------------------------------------------------------------------
// Clients and their roles. The same for every seed: another seed adds people to the pool,
// not more copies of these companies.

struct Need {
  const char* skill;
  int min_level;
  int min_years;
};

struct KindAnswers {
  intake::ArchitectureOwner owner;
  std::optional<bool> has_technical_lead;
  std::optional<bool> works_with_leadership;
  intake::SystemStage stage;
  std::optional<int> team_size;
};

struct RoleSpec {
  const char* title;
  // ROLE_KIND_UNSPECIFIED when `answers` decide.
  common::RoleKind kind;
  common::Seniority seniority;
  std::vector<Need> required;
  std::vector<Need> nice;
  std::vector<const char*> soft_skills;
  double min_overlap_hours;
  const char* currency;
  int64_t budget;
  int headcount;
  std::optional<KindAnswers> answers = std::nullopt;
};

struct ContactSpec {
  const char* name;
  const char* title;
  const char* email;
  const char* phone;
};

struct ClientSpec {
  const char* display_name;
  const char* mission;
  std::vector<const char*> culture_values;
  const char* website;
  int team_size;
  const char* zone;
  const char* start;
  const char* end;
  const char* notes;
  std::vector<ContactSpec> contacts;
  std::vector<RoleSpec> roles;
};

const std::vector<ClientSpec>& Clients();

// ---------------------------------------------------------------------------------------
// How each client's hire is followed up.

// What a recorded check-in said.
struct CheckInNote {
  int client_rating;
  int candidate_rating;
  std::vector<placement::Concern> concerns = {};
  const char* notes;
  const char* next_steps;
};

// How one client's hire is followed up. Check-ins are numbered in due order from 0; with the
// default cadence (weeks 1, 2, 4, 8 and 12, then every 4) check-in n is on the day
// start_days_ago - 7 * week(n) days before today (UTC), at 10:00 in the client's zone, a
// Saturday or Sunday moving to the Monday. The start days put every check-in's day at least
// 4 days before today or 10 after it, so each is more than a day away from now whatever the
// weekday, the hour and the zone: which check-ins are past does not depend on when the
// loader runs on a given day.
struct FollowUpPlan {
  int start_days_ago;
  // Every check-in due by now is recorded, except this one (-1: none).
  int unrecorded;
  // What check-in n said; later ones get SteadyNote().
  std::vector<CheckInNote> notes;
};

const CheckInNote& SteadyNote();
// By client index (the clients of Clients()).
const std::vector<FollowUpPlan>& FollowUpPlans();

}  // namespace meridian::demo_data
