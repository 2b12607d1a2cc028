// Request builders shared by the intake integration tests (and the others that need a client
// or a role).
#pragma once

#include <string>

#include "meridian/intake/v1/intake.pb.h"

namespace meridian::testing {

// A valid client: a New York company working 09:00-17:00.
inline intake::v1::Client ValidClient(const std::string& display_name = "Acme Robotics") {
  intake::v1::Client client;
  client.set_display_name(display_name);
  client.set_mission("Robots that sort recycling");
  client.add_culture_values("async-first");
  client.set_website("https://acme.example.com");
  client.set_team_size(40);
  client.mutable_working_hours()->set_time_zone("America/New_York");
  client.mutable_working_hours()->set_start("09:00");
  client.mutable_working_hours()->set_end("17:00");
  auto* contact = client.add_contacts();
  contact->set_display_name("Dana Smith");
  contact->set_title("CTO");
  contact->set_email("dana@acme.example.com");
  return client;
}

// A valid backend role with required skills given by aliases.
inline intake::v1::Role ValidRole() {
  intake::v1::Role role;
  role.set_title("Senior backend engineer");
  role.set_kind(common::v1::BACKEND_ENGINEER);
  role.set_seniority(common::v1::SENIOR);
  auto* node = role.add_required_skills();
  node->set_skill("NodeJS");
  node->set_min_level(4);
  node->set_min_years(3);
  auto* postgres = role.add_required_skills();
  postgres->set_skill("Postgres");
  postgres->set_min_level(3);
  role.add_nice_to_have_skills()->set_skill("k8s");
  role.add_soft_skills("clear written English");
  role.mutable_monthly_budget()->set_currency_code("USD");
  role.mutable_monthly_budget()->set_units(6000);
  return role;
}

// A backend developer role the Candidate() of talent_test_helpers.h meets: Node.js level 3
// or more, two hours of overlap with the client.
inline intake::v1::Role BackendDeveloperRole() {
  intake::v1::Role role;
  role.set_title("Backend developer");
  role.set_kind(common::v1::BACKEND_DEVELOPER);
  auto* node = role.add_required_skills();
  node->set_skill("nodejs");
  node->set_min_level(3);
  role.set_min_overlap_hours(2);
  return role;
}

}  // namespace meridian::testing
