// Which moves a submission may make through a client's hiring pipeline.
//
//   SOURCED -> SHORTLISTED -> CLIENT_INTERVIEW -> OFFER -> HIRED   (forward only; skipping is
//                                                                   fine)
//   any open stage -> REJECTED (with a reason) | WITHDRAWN
//   HIRED, REJECTED and WITHDRAWN are final.
//
//   absl::Status allowed = CheckStageMove(Submission::SOURCED, Submission::OFFER);  // OK
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::talent {

using Stage = v1::Submission::Stage;

// True for SOURCED to OFFER.
bool IsOpenStage(Stage stage);

std::vector<Stage> AllowedStageMoves(Stage from);

// OK for an allowed move; FAILED_PRECONDITION naming the allowed moves otherwise (a move to
// the same stage is not a move).
absl::Status CheckStageMove(Stage from, Stage to);

}  // namespace meridian::talent
