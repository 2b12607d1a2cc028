#include "services/talent/search_proto/candidate_input.h"

#include <climits>

#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "services/talent/search/query.h"

namespace meridian::talent {

static_assert(kMaxMoneyUnits <= kMaxIndexedRateUnits,
              "every rate the API accepts must fit the index's rate field exactly");

std::optional<WeeklyHours> LoadWeeklyHours(const CandidateInput::Hours& hours) {
  common::v1::WorkingHours proto;
  proto.set_time_zone(std::string(hours.time_zone));
  proto.set_start(std::string(hours.start));
  proto.set_end(std::string(hours.end));
  for (size_t i = 0; i < hours.day_count; ++i) {
    proto.add_days(static_cast<common::v1::Weekday>(hours.days[i]));
  }
  absl::StatusOr<WeeklyHours> weekly = WeeklyHours::From(proto);
  if (!weekly.ok()) return std::nullopt;
  return *std::move(weekly);
}

void FillInput(const v1::Candidate& candidate, CandidateInput& input) {
  const std::string& name = candidate.name();
  input.id = std::string_view(name).substr(name.rfind('/') + 1);
  input.display_name = candidate.display_name();
  input.country = candidate.country();
  input.currency_code = candidate.monthly_rate().currency_code();
  input.rate_units = candidate.monthly_rate().units();
  input.state = candidate.state();
  input.seniority = candidate.seniority();
  input.english = candidate.english_level();
  input.kinds_mask = 0;
  for (int kind : candidate.kinds()) input.kinds_mask |= 1u << kind;
  input.available_day = candidate.has_available_from()
                            ? DaysSinceEpoch(absl::CivilDay(candidate.available_from().year(),
                                                            candidate.available_from().month(),
                                                            candidate.available_from().day()))
                            : INT32_MIN;
  const common::v1::WorkingHours& hours = candidate.working_hours();
  input.hours = {hours.time_zone(), hours.start(), hours.end(), hours.days().data(),
                 static_cast<size_t>(hours.days_size())};
  input.load_hours = &LoadWeeklyHours;
  input.skills.clear();
  for (const auto& skill : candidate.skills()) {
    input.skills.push_back({skill.skill(), skill.level(), skill.years()});
  }
  input.soft_skills.assign(candidate.soft_skills().begin(), candidate.soft_skills().end());
}

CandidateInput InputOf(const v1::Candidate& candidate) {
  CandidateInput input;
  FillInput(candidate, input);
  return input;
}

std::vector<CandidateInput> InputsOf(const std::vector<v1::Candidate>& candidates) {
  std::vector<CandidateInput> inputs(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) FillInput(candidates[i], inputs[i]);
  return inputs;
}

}  // namespace meridian::talent
