// Interview times both sides can make: start times inside the client's working window and the
// candidate's on the same real instant, correct across daylight-saving changes in either zone
// (the windows are those of overlap.h, so a slot and the search's overlap always agree), clear
// of the busy times given, earliest first and spread over days; each with the sentence a
// recruiter pastes into an email. Pure logic: the talent service adds the busy times from the
// database and the RPC around it.
//
//   SlotRequest request{.duration = absl::Minutes(60), .earliest = now, .latest = now + 14 days,
//                       .count = 5};
//   SlotProposal proposal = ProposeInterviewSlots(*client_hours, *candidate_hours, busy, request);
//   proposal.slots[0].sentence;
//   // "Tue 10 Mar 2026, 10:00-11:00 in New York (America/New_York) = 14:00-15:00 in Lisbon
//   //  (Europe/Lisbon)"
//   proposal.reason;  // when no slot: "no time of 60 minutes that both sides work between ..."
//
// Rules, which are the contract:
// - A slot is [start, start + duration). It lies inside one client window and one candidate
//   window (a window as overlap.h defines it: on a working day of that side, from its local
//   start to its local end, real elapsed time across a clock change), inside
//   [earliest, latest], and overlaps no busy interval (touching one is fine).
// - Starts are on the quarter hour (every zone in use today is offset from UTC by a multiple
//   of 15 minutes, so a UTC quarter hour is a local one on both sides).
// - Spread: the earliest possible slot of each client working day first, day by day, then a
//   second slot on each day (the next free start after the first slot ends), and so on, until
//   `count`; the result is in time order.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/talent/domain/overlap.h"

namespace meridian::talent {

// A time one of the people is already taken (another interview), with what takes it.
struct BusyInterval {
  absl::Time start;
  absl::Time end;
  // Shown in no sentence; the caller's own reference (an interview's name).
  std::string label;
};

struct SlotRequest {
  absl::Duration duration = absl::Minutes(60);
  // Slots lie inside [earliest, latest].
  absl::Time earliest;
  absl::Time latest;
  // At most this many slots.
  int count = 5;
};

// One proposed time.
struct ProposedSlot {
  absl::Time start;
  absl::Time end;
  // Both local times, client first: "Tue 10 Mar 2026, 10:00-11:00 in New York
  // (America/New_York) = 14:00-15:00 in Lisbon (Europe/Lisbon)". The candidate's date is
  // named when it differs from the client's, and "(+1 day)" marks an end after local midnight.
  std::string sentence;
};

struct SlotProposal {
  // In time order; empty when no time fits.
  std::vector<ProposedSlot> slots;
  // Why there is no slot, when `slots` is empty: the longest common free time there is, and
  // on how many days.
  std::string reason;
};

// The slots described in the file comment. `busy` may be in any order and may overlap.
SlotProposal ProposeInterviewSlots(const WeeklyHours& client, const WeeklyHours& candidate,
                                   const std::vector<BusyInterval>& busy,
                                   const SlotRequest& request);

// Whether [start, end) lies inside one of `hours`' windows; when not, `local_time` (if given)
// gets the local time at `start` for the message ("Sat 14 Mar 2026 20:00 in Lisbon").
bool InsideWorkingWindow(const WeeklyHours& hours, absl::Time start, absl::Time end,
                         std::string* local_time = nullptr);

// The both-sides sentence of a slot (see ProposedSlot::sentence).
std::string DescribeSlot(const WeeklyHours& client, const WeeklyHours& candidate, absl::Time start,
                         absl::Time end);

// The place a zone names, for people: "America/Argentina/Buenos_Aires" -> "Buenos Aires",
// "UTC" -> "UTC".
std::string ZoneCity(absl::string_view zone_name);

}  // namespace meridian::talent
