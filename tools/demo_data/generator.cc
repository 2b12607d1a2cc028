#include "tools/demo_data/generator.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/util/random_choices.h"

namespace meridian::demo_data {
namespace {

// Random choices. One generator per candidate, seeded from (seed, index), so that candidate
// i is the same whatever --candidates and --concurrency are. RandomChoices avoids the standard
// distributions, whose results differ between standard libraries.
using Rng = RandomChoices<std::mt19937_64>;

Rng RngFor(uint64_t seed, uint64_t index) {
  std::seed_seq sequence{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                         static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32)};
  return Rng(std::mt19937_64(sequence));
}

// A name as lower-case ASCII letters and digits, for an email address: "João" is "joao",
// "El-Sayed" is "elsayed".
std::string EmailPart(absl::string_view name) {
  static constexpr std::pair<absl::string_view, absl::string_view> kLetters[] = {
      {"á", "a"}, {"ã", "a"}, {"é", "e"}, {"ê", "e"}, {"í", "i"}, {"ó", "o"},
      {"ú", "u"}, {"ć", "c"}, {"ś", "s"}, {"ñ", "n"}, {"ç", "c"}};
  std::string out;
  while (!name.empty()) {
    bool replaced = false;
    for (const auto& [utf8, ascii] : kLetters) {
      if (absl::ConsumePrefix(&name, utf8)) {
        out.append(ascii.data(), ascii.size());
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    const auto c = static_cast<unsigned char>(name.front());
    if (absl::ascii_isalnum(c)) out.push_back(absl::ascii_tolower(c));
    name.remove_prefix(1);  // anything else (spaces, hyphens, other bytes) is left out
  }
  return out;
}

// Nobody has more years of a technology than it has existed in industry.
int MaxYears(absl::string_view skill) {
  static constexpr std::pair<absl::string_view, int> kYoung[] = {
      {"kotlin", 9}, {"grpc", 9},          {"kubernetes", 10}, {"graphql", 10},
      {"react", 12}, {"vue", 11},          {"typescript", 12}, {"docker", 12},
      {"go", 13},    {"microservices", 12}};
  for (const auto& [name, years] : kYoung) {
    if (name == skill) return years;
  }
  return 50;
}

void AddSkill(talent::Candidate& candidate, const std::string& skill, int level, int years) {
  talent::CandidateSkill* out = candidate.add_skills();
  out->set_skill(skill);
  out->set_level(std::clamp(level, 2, 5));
  out->set_years(std::clamp(years, 1, MaxYears(skill)));
}

bool HasSkill(const talent::Candidate& candidate, absl::string_view skill) {
  return std::any_of(candidate.skills().begin(), candidate.skills().end(),
                     [&](const talent::CandidateSkill& s) { return s.skill() == skill; });
}

void AddNeeds(const std::vector<Need>& needs,
              google::protobuf::RepeatedPtrField<common::SkillRequirement>& out) {
  for (const Need& need : needs) {
    common::SkillRequirement& requirement = *out.Add();
    requirement.set_skill(need.skill);
    requirement.set_min_level(need.min_level);
    requirement.set_min_years(need.min_years);
  }
}

}  // namespace

talent::CreateCandidateRequest MakeCandidate(uint64_t seed, int index, absl::CivilDay today) {
  Rng rng = RngFor(seed, static_cast<uint64_t>(index));
  talent::CreateCandidateRequest request;
  request.set_request_id(absl::StrCat("demo-", seed, "-candidate-", index));
  talent::Candidate& candidate = *request.mutable_candidate();

  const Region& region = rng.Weighted(Regions());
  const Country& country = rng.Weighted(region.countries);
  const char* first = rng.Pick(region.first_names);
  const char* last = rng.Pick(region.last_names);
  candidate.set_display_name(absl::StrCat(first, " ", last));
  candidate.set_email(
      absl::StrCat(EmailPart(first), ".", EmailPart(last), ".", index, "@example.com"));
  if (rng.Chance(0.9)) {
    // Eight digits, unique within a seed: i -> (a * i + b) mod 10^8 is one-to-one for an
    // `a` coprime with 10.
    constexpr uint64_t kRange = 100000000;
    const uint64_t number =
        (48271 * static_cast<uint64_t>(index) + SplitMix64(seed) % kRange) % kRange;
    candidate.set_phone(absl::StrFormat("%s %s %04d %04d", country.calling_code,
                                        country.mobile_prefix, number / 10000, number % 10000));
  }
  candidate.set_country(country.code);

  common::WorkingHours& hours = *candidate.mutable_working_hours();
  hours.set_time_zone(country.zone);
  const Hours& day = rng.Chance(region.shifted_percent / 100.0) ? rng.Weighted(region.shifted_hours)
                                                                : rng.Weighted(StandardHours());
  hours.set_start(day.start);
  hours.set_end(day.end);
  if (rng.Chance(0.07)) {
    for (int weekday = common::MONDAY; weekday <= common::SATURDAY; ++weekday) {
      hours.add_days(static_cast<common::Weekday>(weekday));
    }
  }

  const SeniorityOdds& seniority = rng.Weighted(Seniorities());
  candidate.set_seniority(seniority.seniority);
  const int career = rng.Uniform(seniority.min_years, seniority.max_years);
  const Archetype& archetype = rng.Weighted(Archetypes());
  int main_level = seniority.level;
  if (seniority.seniority == common::JUNIOR && rng.Chance(0.3)) main_level = 3;
  if (seniority.seniority == common::MID && rng.Chance(0.2)) main_level = 4;
  if (seniority.seniority == common::STAFF && rng.Chance(0.5)) main_level = 5;
  bool main_skill = true;
  for (absl::string_view entry : absl::StrSplit(archetype.skills, ' ', absl::SkipEmpty())) {
    const std::pair<std::string, std::string> odds = absl::StrSplit(entry, ':');
    double probability = 1;
    if (!odds.second.empty() && !absl::SimpleAtod(odds.second, &probability)) probability = 0;
    if (main_skill) {
      AddSkill(candidate, odds.first, main_level, career - rng.Uniform(0, 1));
      main_skill = false;
    } else if (probability >= 1) {
      AddSkill(candidate, odds.first, main_level - (rng.Chance(0.35) ? 1 : 0),
               rng.Uniform(std::max(1, career / 2), career));
    } else if (rng.Chance(probability)) {
      AddSkill(candidate, odds.first, main_level - 1 - (rng.Chance(0.3) ? 1 : 0),
               rng.Uniform(1, career));
    }
  }

  std::vector<common::RoleKind> kinds;
  if (archetype.backend) {
    const bool senior_architect = seniority.seniority >= common::STAFF ||
                                  (seniority.seniority == common::SENIOR && rng.Chance(0.4));
    if (seniority.seniority < common::STAFF || rng.Chance(0.5)) {
      kinds.push_back(archetype.main_kind);
    }
    if (senior_architect) kinds.push_back(common::BACKEND_ENGINEER);
  } else {
    kinds.push_back(archetype.main_kind);
  }
  if (archetype.extra_kind != common::ROLE_KIND_UNSPECIFIED &&
      (archetype.extra_skill != nullptr ? HasSkill(candidate, archetype.extra_skill)
                                        : rng.Chance(archetype.extra_probability))) {
    kinds.push_back(archetype.extra_kind);
  }
  for (common::RoleKind kind : kinds) candidate.add_kinds(kind);

  const talent::EnglishLevel english = rng.Weighted(EnglishLevels()).level;
  candidate.set_english_level(english);
  if (rng.Chance(english >= talent::C1 ? 0.7 : 0.3)) {
    candidate.add_soft_skills("clear written English");
  }
  if (rng.Chance(0.35)) candidate.add_soft_skills("async communication");
  if (rng.Chance(0.35)) candidate.add_soft_skills("ownership");
  if (rng.Chance(seniority.seniority >= common::SENIOR ? 0.5 : 0.05)) {
    candidate.add_soft_skills("mentoring");
  }
  if (rng.Chance(seniority.seniority >= common::STAFF    ? 0.6
                 : seniority.seniority == common::SENIOR ? 0.2
                                                         : 0.02)) {
    candidate.add_soft_skills("stakeholder management");
  }

  const int* range = region.rates[seniority.seniority - common::JUNIOR];
  const int usd = rng.Uniform(range[0] / 100, range[1] / 100) * 100;
  common::Money& rate = *candidate.mutable_monthly_rate();
  rate.set_currency_code("USD");
  rate.set_units(usd);
  if (country.local_currency != nullptr && rng.Chance(country.local_currency_percent / 100.0)) {
    for (const LocalCurrency& local : kLocalCurrencies) {
      if (absl::string_view(local.code) != country.local_currency) continue;
      const auto units = static_cast<int64_t>(usd / local.usd_per_unit / local.step + 0.5);
      rate.set_currency_code(local.code);
      rate.set_units(units * local.step);
    }
  }

  if (rng.Chance(0.2)) {
    const absl::CivilDay from = today + 7 * rng.Uniform(1, 8);
    candidate.mutable_available_from()->set_year(static_cast<int32_t>(from.year()));
    candidate.mutable_available_from()->set_month(from.month());
    candidate.mutable_available_from()->set_day(from.day());
  }
  candidate.set_state(rng.Chance(0.05) ? talent::Candidate::INACTIVE
                                       : talent::Candidate::AVAILABLE);
  candidate.set_source("demo-data");
  candidate.set_notes(absl::StrCat("Demo data from meridian_demo_data (seed ", seed, ", ",
                                   region.name, ", ", archetype.name, "); not a real person."));
  return request;
}

intake::CreateClientRequest MakeClient(const ClientSpec& spec, size_t index) {
  intake::CreateClientRequest request;
  request.set_request_id(absl::StrCat("demo-client-", index));
  intake::Client& client = *request.mutable_client();
  client.set_display_name(spec.display_name);
  client.set_mission(spec.mission);
  for (const char* value : spec.culture_values) client.add_culture_values(value);
  client.set_website(spec.website);
  client.set_team_size(spec.team_size);
  client.mutable_working_hours()->set_time_zone(spec.zone);
  client.mutable_working_hours()->set_start(spec.start);
  client.mutable_working_hours()->set_end(spec.end);
  client.set_notes(spec.notes);
  for (const ContactSpec& contact : spec.contacts) {
    intake::Contact& out = *client.add_contacts();
    out.set_display_name(contact.name);
    out.set_title(contact.title);
    out.set_email(contact.email);
    out.set_phone(contact.phone);
  }
  return request;
}

intake::CreateRoleRequest MakeRole(const RoleSpec& spec, size_t client_index, size_t index) {
  intake::CreateRoleRequest request;
  request.set_request_id(absl::StrCat("demo-client-", client_index, "-role-", index));
  intake::Role& role = *request.mutable_role();
  role.set_title(spec.title);
  role.set_kind(spec.kind);
  role.set_seniority(spec.seniority);
  AddNeeds(spec.required, *role.mutable_required_skills());
  AddNeeds(spec.nice, *role.mutable_nice_to_have_skills());
  for (const char* soft : spec.soft_skills) role.add_soft_skills(soft);
  role.set_min_overlap_hours(spec.min_overlap_hours);
  role.mutable_monthly_budget()->set_currency_code(spec.currency);
  role.mutable_monthly_budget()->set_units(spec.budget);
  role.set_headcount(spec.headcount);
  if (spec.answers) {
    intake::RoleKindAnswers& answers = *role.mutable_kind_answers();
    answers.set_architecture_owner(spec.answers->owner);
    if (spec.answers->has_technical_lead) {
      answers.set_has_technical_lead(*spec.answers->has_technical_lead);
    }
    if (spec.answers->works_with_leadership) {
      answers.set_works_with_leadership(*spec.answers->works_with_leadership);
    }
    answers.set_system_stage(spec.answers->stage);
    if (spec.answers->team_size) answers.set_engineering_team_size(*spec.answers->team_size);
  }
  return request;
}

}  // namespace meridian::demo_data
