#include "services/talent/pipeline/stages.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors/errors.h"

namespace meridian::talent {

bool IsOpenStage(Stage stage) {
  return stage >= v1::Submission::SOURCED && stage <= v1::Submission::OFFER;
}

std::vector<Stage> AllowedStageMoves(Stage from) {
  std::vector<Stage> moves;
  if (!IsOpenStage(from)) return moves;
  for (int next = from + 1; next <= v1::Submission::HIRED; ++next) {
    moves.push_back(static_cast<Stage>(next));
  }
  moves.push_back(v1::Submission::REJECTED);
  moves.push_back(v1::Submission::WITHDRAWN);
  return moves;
}

absl::Status CheckStageMove(Stage from, Stage to) {
  const std::vector<Stage> allowed = AllowedStageMoves(from);
  if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) return absl::OkStatus();
  std::vector<std::string> names;
  for (Stage stage : allowed) names.push_back(v1::Submission::Stage_Name(stage));
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "a submission cannot move from ", v1::Submission::Stage_Name(from), " to ",
          v1::Submission::Stage_Name(to), "; allowed from ", v1::Submission::Stage_Name(from), ": ",
          names.empty() ? "none (final stage)" : absl::StrJoin(names, ", "))),
      common::v1::ILLEGAL_STATE_TRANSITION,
      {{"from", v1::Submission::Stage_Name(from)}, {"to", v1::Submission::Stage_Name(to)}});
}

}  // namespace meridian::talent
