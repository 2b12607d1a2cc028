// The rules a candidate must meet, with defaults filled in and skills resolved to their
// canonical ids. Every broken rule is reported at once as a BadRequest field violation.
//
//   v1::Candidate candidate = request.candidate();
//   ClearOutputOnlyFields(candidate);
//   if (absl::Status ok = PrepareCandidate(candidate, "candidate", catalog); !ok.ok()) ...
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/skills/skill_catalog.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::talent {

absl::Status PrepareCandidate(v1::Candidate& candidate, absl::string_view field,
                              const SkillCatalog& catalog);

// Clears name, timestamps, etag and owner, which callers may not set.
void ClearOutputOnlyFields(v1::Candidate& candidate);

// True for the states a search may return.
inline bool IsSearchable(v1::Candidate::State state) {
  return state == v1::Candidate::AVAILABLE || state == v1::Candidate::INTERVIEWING;
}

}  // namespace meridian::talent
