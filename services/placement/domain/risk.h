// Whether a placement is at risk, worked out from its check-ins and its trial as of a given
// moment, with a sentence per risk a follow-up team can read out.
//
//   std::vector<CheckInFacts> check_ins = ...;  // ordered by due time
//   TrialFacts trial{.trial_end = absl::CivilDay(2027, 3, 12)};  // no outcome yet
//   RiskAssessment risk = AssessRisk(check_ins, now, zone, trial);  // now: 15 March
//   // risk.at_risk == true, risk.score == 50, risk.reasons ==
//   //   {"the client rated the last check-in 2/5", "trial ended 3 days ago with no outcome"}
//
// The rules (each reason takes 25 points off a score of 100, never below 0):
//  1. A side's latest rating is 2 or lower: "the client rated the last check-in 2/5",
//     "the candidate rated the last check-in 1/5".
//  2. A side's rating fell by 2 or more from its previous rating to its latest:
//     "the client's rating fell from 5 to 3".
//  3. A concern raised at both of the two most recent completed check-ins, one reason per
//     concern: "communication raised at two check-ins in a row", "time-zone overlap raised at
//     two check-ins in a row".
//  4. A check-in not completed whose due time is MORE than 7 days before `now`, one reason per
//     check-in: "the check-in due 3 March 2027 is 9 days overdue" (the date in `zone`, whole
//     days rounded down). Exactly 7 days overdue is not yet a risk.
//  5. A trial whose last day (trial_end) is MORE than 2 days before today, today being `now`'s
//     date in `zone`, and that has no final outcome (PASSED or FAILED; EXTENDED moved
//     trial_end instead): "trial ended 3 days ago with no outcome" (calendar days in `zone`).
//     Two days after the last day is not yet a risk: an outcome is usually recorded on or just
//     after the last day, and a trial that ends on a Friday shows up on the Monday rather than
//     over the weekend.
//
// Only completed check-ins (complete_time set) count for rules 1-3, in the order given. A
// side's ratings are the 1-5 ratings it gave at completed check-ins; a rating outside 1-5 (0:
// not given) is skipped. So a risk goes away when its cause does: a later completed check-in
// with a good rating clears rules 1 and 2, one without the concern clears rule 3, recording
// the overdue check-in clears rule 4, and recording the trial's outcome (PASSED, or EXTENDED to
// a later end) clears rule 5.
//
// Reasons come in rule order: rule 1 client then candidate, rule 2 client then candidate,
// rule 3 in Concern enum order, rule 4 in the order of `check_ins`, then rule 5.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace meridian::placement {

// What is known about one check-in.
struct CheckInFacts {
  absl::Time due_time;
  // Set once the check-in is recorded.
  std::optional<absl::Time> complete_time;
  // 1-5 when completed; 0 when not given.
  int client_rating = 0;
  int candidate_rating = 0;
  // placement.v1.Concern values; CONCERN_UNSPECIFIED and repeats are ignored.
  std::vector<int> concerns;
};

// What is known about the placement's trial (rule 5).
struct TrialFacts {
  // The trial's last day as it stands (after any extension); nullopt: no trial.
  std::optional<absl::CivilDay> trial_end;
  // True once PASSED or FAILED was recorded.
  bool decided = false;
};

struct RiskAssessment {
  // True when any rule holds (reasons is not empty).
  bool at_risk = false;
  // max(0, 100 - 25 * reasons.size()).
  int score = 100;
  // One sentence per risk, as described in the file comment.
  std::vector<std::string> reasons;
};

// Applies the rules in the file comment to `check_ins` (ordered by due time) and `trial` as
// of `now`; dates in rule 4's sentences, and rule 5's today, are in `zone` (the client's,
// ideally). No check-ins and no trial: not at risk, score 100. Never reads the clock.
RiskAssessment AssessRisk(const std::vector<CheckInFacts>& check_ins, absl::Time now,
                          const absl::TimeZone& zone = absl::UTCTimeZone(),
                          const TrialFacts& trial = {});

}  // namespace meridian::placement
