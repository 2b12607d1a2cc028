// Drafting a role from the client's own words: a job post, an email or call notes become an
// unsaved v1::Role, with the evidence for every field it filled (the span of the text and a
// sentence) and the questions it could not answer. Pure: no database, no gRPC; the skills are
// resolved through the shared SkillCatalog and the kind through RecommendRoleKind's advisor.
//
//   absl::StatusOr<v1::RoleDraft> draft = DraftRoleFromText(
//       "Senior Go developer. Must have 5+ years of Go and Postgres; Kafka is a plus.",
//       catalog, &client);
//   draft->role().required_skills(0).skill();   // "go", min_level 4, min_years 5
//   draft->evidence(1).sentence();               // "required: '5+ years of Go' -> go, ..."
//
// How it reads (hand scanning, linear in the text; no regular expressions; the cutting,
// tokens, skill mentions and years are common/text/draft_text.h, shared with DraftCandidate):
//   - The text is cut into units: lines, sentences (". ", "; ", "! ", "? ") and HTML tags.
//     A short line ending in ':' (or starting with '#') is a heading; its cue ("Nice to
//     have:", "Requirements:") holds for the units below it until the next heading.
//   - A skill is a run of up to three words the catalog resolves. A word that is also an
//     ordinary word ("go", "rust", "react") counts only in context: next to another skill in
//     a list, before "developer", "engineer", "experience"..., after "years of", "in", "with"
//     and the like, or alone on a bullet. "no Java" and "not PHP" are skipped.
//   - Required or nice to have: the nearest cue in the unit ("must", "required", "strong",
//     "you have" against "nice to have", "a plus", "bonus", "familiarity with"), a comma
//     between them counting as three words; then the heading's; a skill with no cue at all
//     is required when the text marks no skill as required, else nice to have.
//   - Levels (1-5) from "expert" (5), "senior"/"strong"/"deep" (4), "proficient"/"hands-on"
//     (3), "working knowledge"/"familiarity" (2) and from years (8+: 5, 4+: 4, 2+: 3, 1: 2).
//   - Zones: EST/EDT/ET -> America/New_York, CST -> America/Chicago, MST -> America/Denver,
//     PST/PDT/PT and San Francisco -> America/Los_Angeles, CET/CEST -> Europe/Berlin (Paris,
//     Madrid and Amsterdam keep the same offsets and daylight rules: any gives the same hours),
//     GMT/BST/UK -> Europe/London, IST -> Asia/Kolkata, and a few dozen cities. Only in a unit
//     that talks about hours or overlap. A zone with no window gets 09:00-17:00 ("business
//     hours"), "until 1pm" starts at 09:00; each assumption is said in the evidence.
//   - Budgets: a currency ($, €, £, USD, EUR, "euros"...) next to an amount ("6,000",
//     "70k"), in a unit about pay or with a period; yearly amounts are divided by 12, hourly
//     ones multiplied by 160; with no period, 20,000 or more is taken as a year's.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/skills/skill_catalog.h"
#include "common/text/draft_text.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {

// The longest text DraftRoleFromText reads, in bytes (the same for every drafter).
using text::kMaxDraftTextBytes;

// INVALID_ARGUMENT on `field` when `text` is empty (or only white space) or longer than
// kMaxDraftTextBytes. Any other bytes give a draft. `client`, when given, fills the working
// hours the text does not name, as CreateRole would, and says so in the evidence.
absl::StatusOr<v1::RoleDraft> DraftRoleFromText(absl::string_view text, const SkillCatalog& catalog,
                                                const v1::Client* client = nullptr,
                                                absl::string_view field = "text");

// INVALID_ARGUMENT on `field` when `text` is empty (or only white space) or longer than
// kMaxDraftTextBytes: what DraftRoleFromText checks first, for callers that want to refuse
// before they read anything else.
absl::Status CheckDraftText(absl::string_view text, absl::string_view field);

// The soft skills a draft recognises, as it writes them into Role.soft_skills ("clear written
// English", "mentoring", ...). Role.soft_skills is free text for CreateRole (short, at most
// 50); this is the vocabulary drafts use, so that drafted roles name soft skills alike.
const std::vector<std::string>& DraftSoftSkills();

}  // namespace meridian::intake
