// How meridianctl shows interviews to a person: the slots both sides can make, a list of
// interviews, the warnings when a time falls outside someone's working hours, a submission's
// interview summary, and what to do when an offer needs an interview. Times are shown in the
// user's zone; nothing here calls a service.
//
//   Table slots = SlotTable(response.slots(), session.zone());
//   // START                  END                    BOTH SIDES
//   // 2027-03-09 14:00 WET   2027-03-09 15:00 WET   Tue 9 Mar 2027, 09:00-10:00 in New York ...
//   for (const std::string& line : OutsideHoursWarnings(interview)) std::fputs(line.c_str(),
//   stderr); std::string summary = SummaryView(summary_response, /*colour=*/false);
#pragma once

#include <functional>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "meridian/talent/v1/interview.pb.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

// START, END (in `zone`) and BOTH SIDES (the service's sentence with both local times).
Table SlotTable(const google::protobuf::RepeatedPtrField<talent::v1::InterviewSlot>& slots,
                absl::TimeZone zone);

// NAME, KIND, TITLE, STATE, START (in `zone`), MINUTES, SCORECARDS ("1/2") and OUTSIDE HOURS
// naming the sides whose working hours the time falls outside of. `state` colours the state
// (Session::State); plain when left out.
Table InterviewTable(const google::protobuf::RepeatedPtrField<talent::v1::Interview>& interviews,
                     absl::TimeZone zone,
                     const std::function<std::string(absl::string_view)>& state = {});

// One line for each side whose working hours the interview's time falls outside of ("warning:
// outside the candidate's working hours: Sat 14 Mar 2026 20:00 in Lisbon (Europe/Lisbon)\n");
// none when the time suits both.
std::vector<std::string> OutsideHoursWarnings(const talent::v1::Interview& interview);

// The summary for a person: the interviews and scorecards in numbers, the overall
// recommendations counted, whether an offer needs an override, then a table of the ratings per
// skill (SKILL, STRONG NO, NO, YES, STRONG YES, NOT ASSESSED; soft skills marked).
std::string SummaryView(const talent::v1::InterviewSummary& summary);

// When a failed call's details (a google.rpc.Status, serialized) carry reason
// INTERVIEW_REQUIRED: what gets the submission to OFFER, naming `submission`; else empty.
std::string InterviewRequiredHint(absl::string_view serialized_details,
                                  absl::string_view submission);

}  // namespace meridian::ctl
