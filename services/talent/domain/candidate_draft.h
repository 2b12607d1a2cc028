// Drafting a candidate from a CV pasted as plain text: an unsaved v1::Candidate with the
// evidence for every field it filled (the span of the text and a sentence) and the questions it
// could not answer. Pure: no database, no gRPC, no clock (today is given); skills are resolved
// through the shared SkillCatalog, locations through npm's city-timezones
// (common/text/city_zones.h).
//
//   absl::StatusOr<v1::CandidateDraft> draft = DraftCandidateFromText(
//       "Ana Lima\nBased in Lisbon, Portugal\n2019 - present: backend developer, Go, PostgreSQL",
//       catalog, absl::CivilDay(2026, 11, 30));
//   draft->candidate().skills(0);                 // go, level 4, 7 years (2019 to today)
//   draft->candidate().working_hours().time_zone();  // "Europe/Lisbon"
//
// How it reads (the units, tokens, skill mentions and years phrases are
// common/text/draft_text.h, as DraftRole's):
//   - Name: a "Name:" line, "my name is ...", or the first line when it reads as a name (two to
//     four capitalised words, no digits; "Ana Lima - Backend developer" keeps "Ana Lima").
//   - Email and phone: an address with '@' and a dotted domain; a number of 9-15 digits that
//     starts with '+' or sits on a line saying phone, mobile or tel. Returned, never logged.
//   - Location: a city of the data set after "based in", "located in", "living in", "lives
//     in", "location:", "address:" (a capitalised name, the longest that matches), or "City,
//     Country" near the top; a city in several countries is the one the text's country names,
//     else the most populous. The country alone ("based in Portugal") fills the zone only when
//     the country has one. The hours are then 09:00-17:00 in that zone, said as an assumption.
//   - Experience entries: a line with a date range ("2019 - present", "Mar 2018 – Jan 2021",
//     "06/2017 - 2019") starts an entry that runs to the next one or to a section heading
//     ("Education", "Skills"...); ranges under an education heading are not experience. A skill
//     named in an entry gets the entry's months (overlapping entries count once), in whole years
//     (at least one); "to present" counts to today.
//   - Skills: every mention, with years from a statement next to it ("5 years of Python"),
//     else from the entries it is named in; the level from a word next to it ("expert") or from
//     the years (8+: 5, 4+: 4, 2+: 3, 1: 2), else 2 (listed, no level stated).
//   - English: a CEFR level on a line about English ("English: C1"), or words ("native" C2,
//     "fluent"/"advanced" C1, "upper-intermediate" B2, "intermediate" B1, "basic" A2).
//   - Kinds and seniority: from the headline (the title under the name), else the current
//     entry's title ("Senior Backend Engineer" is BACKEND_ENGINEER, SENIOR); seniority failing
//     a title word from the years of experience (5+ senior, 2-4 mid, less junior).
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/skills/skill_catalog.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::talent {

// INVALID_ARGUMENT on `field` when `text` is empty (or only white space) or longer than
// 20,000 bytes (text::kMaxDraftTextBytes). Any other bytes give a draft. `today` is the day
// "present" in an experience entry means.
absl::StatusOr<v1::CandidateDraft> DraftCandidateFromText(absl::string_view text,
                                                          const SkillCatalog& catalog,
                                                          absl::CivilDay today,
                                                          absl::string_view field = "text");

// What DraftCandidateFromText checks first, for callers that want to refuse before they read
// anything else.
absl::Status CheckCandidateDraftText(absl::string_view text, absl::string_view field);

}  // namespace meridian::talent
