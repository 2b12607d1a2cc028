// The rules a client and a role must meet, with defaults filled in. Every rule that fails
// is reported at once, as BadRequest field violations naming the field and the rule.
//
//   v1::Client client = request.client();
//   if (absl::Status valid = ValidateClient(client, "client"); !valid.ok()) return valid;
//   v1::Role role = request.role();
//   if (absl::Status valid = PrepareRole(role, "role", catalog, parent_client); ...
#pragma once

#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "common/skills/skill_catalog.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {

// Validates the client and normalises it (working-hours days, trimmed names).
absl::Status ValidateClient(v1::Client& client, absl::string_view field);

// Validates the role and fills what the role leaves to defaults: skills resolved to
// canonical ids, min_level 1, headcount 1, min_overlap_hours 4, the client's working hours,
// and the kind recommended from kind_answers (also stored on the role).
absl::Status PrepareRole(v1::Role& role, absl::string_view field, const SkillCatalog& catalog,
                         const v1::Client& client);

// Clears what callers may not set (name, timestamps, etag, and the given extra fields).
void ClearOutputOnlyFields(v1::Client& client);
void ClearOutputOnlyFields(v1::Role& role);

}  // namespace meridian::intake
