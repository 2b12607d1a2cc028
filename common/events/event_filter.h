// The event feed's filter (a subset of AIP-160): equalities on `type` and `resource`, several
// values of one field joined by OR, the fields joined by AND (OR binds tighter, as in AIP-160).
// A type may end in ".*" for every type of one resource kind.
//
//   absl::StatusOr<EventSelection> selection = ParseEventFilter(
//       "type = \"submission.*\" OR type = candidate.erased AND resource = candidates/123");
//   // selection->type_prefixes == {"submission."}, ->types == {"candidate.erased"},
//   // ->resources == {"candidates/123"}
//
// Every error is INVALID_ARGUMENT on `filter`: a term that is not `field = value`, another
// field, a field in two AND clauses, an OR between different fields, a malformed type, an empty
// or over-long value, or a filter over 1000 characters.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/events/event_log.h"

namespace meridian {

absl::StatusOr<EventSelection> ParseEventFilter(absl::string_view filter);

// The types of a webhook subscription (exact, or "kind.*"), checked as the filter checks a
// type; INVALID_ARGUMENT on `field`[i] for one it refuses.
absl::StatusOr<EventSelection> SelectionOfTypes(const std::vector<std::string>& types,
                                                absl::string_view field);

// The selection written out canonically (sorted), for page-token fingerprints.
std::string CanonicalSelection(const EventSelection& selection);

}  // namespace meridian
