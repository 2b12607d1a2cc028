#include "services/placement/domain/risk.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "meridian/placement/v1/placement.pb.h"

namespace meridian::placement {
namespace {

constexpr int kLowRating = 2;   // a latest rating at or below this is a risk
constexpr int kRatingDrop = 2;  // a fall of at least this is a risk
constexpr int kPointsPerRisk = 25;
constexpr absl::Duration kOverdueGrace = absl::Hours(7 * 24);
// Rule 5: calendar days after the trial's last day before a missing outcome is a risk.
constexpr int kTrialGraceDays = 2;

constexpr absl::string_view kMonths[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

bool IsRating(int rating) { return rating >= 1 && rating <= 5; }

// The concern as a recruiter says it, lower case.
std::string ConcernName(int concern) {
  switch (concern) {
    case v1::COMMUNICATION:
      return "communication";
    case v1::TIME_ZONE_OVERLAP:
      return "time-zone overlap";
    case v1::SKILLS:
      return "skills";
    case v1::ENGAGEMENT:
      return "engagement";
    case v1::COMPENSATION:
      return "compensation";
    case v1::OTHER_CONCERN:
      return "another concern";
    default:
      return absl::StrCat("concern ", concern);  // a value newer than this code
  }
}

// "3 March 2027".
std::string FormatDate(absl::CivilDay day) {
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1], " ", day.year());
}

// Adds rules 1 and 2 for one side, given its ratings in order.
void AssessRatings(absl::string_view side, const std::vector<int>& ratings,
                   std::vector<std::string>& low, std::vector<std::string>& falls) {
  if (ratings.empty()) return;
  const int latest = ratings.back();
  if (latest <= kLowRating) {
    low.push_back(absl::StrCat("the ", side, " rated the last check-in ", latest, "/5"));
  }
  if (ratings.size() >= 2) {
    const int previous = ratings[ratings.size() - 2];
    if (previous - latest >= kRatingDrop) {
      falls.push_back(absl::StrCat("the ", side, "'s rating fell from ", previous, " to ", latest));
    }
  }
}

std::set<int> ConcernsOf(const CheckInFacts& check_in) {
  std::set<int> concerns;
  for (int concern : check_in.concerns) {
    if (concern != v1::CONCERN_UNSPECIFIED) concerns.insert(concern);
  }
  return concerns;
}

}  // namespace

RiskAssessment AssessRisk(const std::vector<CheckInFacts>& check_ins, absl::Time now,
                          const absl::TimeZone& zone, const TrialFacts& trial) {
  std::vector<int> client_ratings;
  std::vector<int> candidate_ratings;
  const CheckInFacts* latest = nullptr;
  const CheckInFacts* previous = nullptr;
  for (const CheckInFacts& check_in : check_ins) {
    if (!check_in.complete_time.has_value()) continue;
    if (IsRating(check_in.client_rating)) client_ratings.push_back(check_in.client_rating);
    if (IsRating(check_in.candidate_rating)) {
      candidate_ratings.push_back(check_in.candidate_rating);
    }
    previous = latest;
    latest = &check_in;
  }

  RiskAssessment result;
  std::vector<std::string> falls;
  // Rule 1 goes straight into the result, rule 2 after it.
  AssessRatings("client", client_ratings, result.reasons, falls);
  AssessRatings("candidate", candidate_ratings, result.reasons, falls);
  result.reasons.insert(result.reasons.end(), falls.begin(), falls.end());

  // Rule 3: std::set keeps the enum order.
  if (latest != nullptr && previous != nullptr) {
    const std::set<int> before = ConcernsOf(*previous);
    for (int concern : ConcernsOf(*latest)) {
      if (before.count(concern) > 0) {
        result.reasons.push_back(
            absl::StrCat(ConcernName(concern), " raised at two check-ins in a row"));
      }
    }
  }

  // Rule 4.
  for (const CheckInFacts& check_in : check_ins) {
    if (check_in.complete_time.has_value()) continue;
    const absl::Duration late = now - check_in.due_time;
    if (late <= kOverdueGrace) continue;
    const int64_t days = late / absl::Hours(24);  // whole days: late is positive
    result.reasons.push_back(absl::StrCat("the check-in due ",
                                          FormatDate(absl::ToCivilDay(check_in.due_time, zone)),
                                          " is ", days, " days overdue"));
  }

  // Rule 5: calendar days in the client's zone, so the count moves at their midnight.
  if (trial.trial_end.has_value() && !trial.decided) {
    const int64_t days = absl::ToCivilDay(now, zone) - *trial.trial_end;
    if (days > kTrialGraceDays) {
      result.reasons.push_back(absl::StrCat("trial ended ", days, " days ago with no outcome"));
    }
  }

  const int risks = static_cast<int>(result.reasons.size());
  result.at_risk = risks > 0;
  result.score = std::max(0, 100 - kPointsPerRisk * risks);
  return result;
}

}  // namespace meridian::placement
