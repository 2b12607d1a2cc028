#include "services/intake/domain/role_view.h"

namespace meridian::intake {

bool MaySeeRole(const Caller& caller, const v1::Role& role) {
  return !caller.is_partner() || role.state() == v1::Role::OPEN;
}

void ShowRoleTo(const Caller& caller, v1::Role& role) {
  if (!caller.is_partner()) return;
  role.clear_monthly_budget();
  role.clear_kind_answers();
  role.clear_kind_recommendation();
}

}  // namespace meridian::intake
