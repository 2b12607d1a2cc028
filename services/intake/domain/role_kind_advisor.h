// Backend engineer or backend developer? The distinction clients care most about.
//
// A backend engineer designs the system's structure, decides how data is stored and
// secured, and works with the company's leaders to turn business needs into a plan. A
// backend developer builds features and APIs inside a structure someone else designed, as
// one member of a team. Each answer adds points to one side; the reasons say which answers
// weighed in. A tie goes to the engineer: an engineer can also build features, while a
// developer cannot be expected to own a design.
//
//   absl::StatusOr<RoleKindRecommendation> advice = RecommendRoleKind(answers);
#pragma once

#include "absl/status/statusor.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {

// INVALID_ARGUMENT on `field` when no answer is given.
absl::StatusOr<v1::RoleKindRecommendation> RecommendRoleKind(const v1::RoleKindAnswers& answers,
                                                             absl::string_view field = "answers");

// True when at least one answer is set.
bool HasAnyAnswer(const v1::RoleKindAnswers& answers);

}  // namespace meridian::intake
