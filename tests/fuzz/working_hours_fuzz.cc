// Working hours from callers (text format of meridian.common.v1.WorkingHours for the client,
// 0x1F, the candidate's): validation agrees with WeeklyHours::From, and for two valid sides the
// overlap stays within the day and every proposed interview slot lies inside both windows.
#include <string>

#include "common/errors/errors.h"
#include "common/time/working_hours.h"
#include "services/talent/domain/interview_slots.h"
#include "services/talent/domain/overlap.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::vector<std::string> parts = fuzz::SplitInput(data, size, 2);
  common::v1::WorkingHours client_proto, candidate_proto;
  if (!fuzz::ParseText(parts[0], &client_proto) || !fuzz::ParseText(parts[1], &candidate_proto)) {
    return 0;
  }
  FieldViolations violations;
  ValidateWorkingHours(client_proto, "client.working_hours", violations);
  absl::StatusOr<talent::WeeklyHours> client = talent::WeeklyHours::From(client_proto);
  FUZZ_CHECK(client.ok() == violations.empty(), "ValidateWorkingHours and WeeklyHours disagree");
  absl::StatusOr<talent::WeeklyHours> candidate = talent::WeeklyHours::From(candidate_proto);
  if (!client.ok() || !candidate.ok()) return 0;

  const talent::Overlap overlap =
      talent::ComputeOverlap(*client, *candidate, absl::CivilDay(2026, 3, 2), 35);
  for (const talent::DayOverlap& day : overlap.days) {
    FUZZ_CHECK(day.hours >= 0 && day.hours <= 25, "a day's overlap out of range");
  }
  const absl::Time earliest = absl::FromCivil(absl::CivilDay(2026, 3, 2), absl::UTCTimeZone());
  const talent::SlotProposal proposal =
      talent::ProposeInterviewSlots(*client, *candidate, {},
                                    {.duration = absl::Minutes(45),
                                     .earliest = earliest,
                                     .latest = earliest + absl::Hours(24 * 35),
                                     .count = 8});
  for (const talent::ProposedSlot& slot : proposal.slots) {
    FUZZ_CHECK(talent::InsideWorkingWindow(*client, slot.start, slot.end),
               "a slot outside the client's window");
    FUZZ_CHECK(talent::InsideWorkingWindow(*candidate, slot.start, slot.end),
               "a slot outside the candidate's window");
  }
  FUZZ_CHECK(!proposal.slots.empty() || !proposal.reason.empty(), "no slot and no reason");
  return 0;
}
