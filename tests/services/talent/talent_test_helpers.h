// Candidates and calls shared by the talent integration tests.
#pragma once

#include <string>

#include "meridian/talent/v1/talent.pb.h"

namespace meridian::testing {

// A valid backend developer candidate: Node.js 4 (6 y), PostgreSQL 3 (4 y), 09:00-17:00 in
// `zone`, 4,500 USD a month, C1 English.
inline talent::v1::Candidate Candidate(const std::string& display_name, const std::string& email,
                                       const std::string& country, const std::string& zone,
                                       const std::string& start = "09:00",
                                       const std::string& end = "17:00") {
  talent::v1::Candidate candidate;
  candidate.set_display_name(display_name);
  candidate.set_email(email);
  candidate.set_country(country);
  candidate.mutable_working_hours()->set_time_zone(zone);
  candidate.mutable_working_hours()->set_start(start);
  candidate.mutable_working_hours()->set_end(end);
  auto* node = candidate.add_skills();
  node->set_skill("nodejs");
  node->set_level(4);
  node->set_years(6);
  auto* postgres = candidate.add_skills();
  postgres->set_skill("postgresql");
  postgres->set_level(3);
  postgres->set_years(4);
  candidate.add_kinds(common::v1::BACKEND_DEVELOPER);
  candidate.set_seniority(common::v1::SENIOR);
  candidate.set_english_level(talent::v1::C1);
  candidate.mutable_monthly_rate()->set_currency_code("USD");
  candidate.mutable_monthly_rate()->set_units(4500);
  candidate.add_soft_skills("async communication");
  return candidate;
}

}  // namespace meridian::testing
