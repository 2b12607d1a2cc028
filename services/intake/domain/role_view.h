// What a partner agency sees of a role: only OPEN roles, as a job description without what
// the client told the agency alone (the budget, and the answers behind the role's kind).
// Staff and the services see every role whole.
//
//   if (!MaySeeRole(call.caller, role)) return NotFound(role.name());
//   ShowRoleTo(call.caller, role);
#pragma once

#include "common/auth/caller.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {

// True when `caller` may see `role`: a PARTNER only OPEN roles, everyone else all.
bool MaySeeRole(const Caller& caller, const v1::Role& role);

// For a PARTNER: clears monthly_budget, kind_answers and kind_recommendation.
void ShowRoleTo(const Caller& caller, v1::Role& role);

}  // namespace meridian::intake
