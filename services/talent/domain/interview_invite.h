// The iCalendar (RFC 5545) invite of an interview, made with libical: one VEVENT whose UID stays
// the same across reschedules while SEQUENCE grows, so Google Calendar and Outlook update the
// event they have instead of adding another; a cancelled interview is a METHOD:CANCEL of the
// same UID.
//
//   InterviewInvite invite{.uid = "3f2a...@meridian", .sequence = 2, .start = start,
//                          .end = start + absl::Hours(1), .stamp = absl::Now(),
//                          .summary = "Technical interview: Ana Lima for Backend Engineer", ...};
//   absl::StatusOr<std::string> ics = BuildInterviewInvite(invite);   // "BEGIN:VCALENDAR..."
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace meridian::talent {

// A person on an invite.
struct InvitePerson {
  std::string name;
  std::string email;
};

struct InterviewInvite {
  // Stable for the interview's life ("<interview id>@meridian").
  std::string uid;
  // 0 for the first version; every change of time, place or state raises it.
  int sequence = 0;
  absl::Time start;
  absl::Time end;
  // When this version was made (DTSTAMP).
  absl::Time stamp;
  std::string summary;
  // Free text: the agenda and both local times. Any characters; libical escapes them.
  std::string description;
  // The meeting link or the place; empty for none.
  std::string location;
  // Who sends it (the agency's recruiter); the attendees are every interviewer and the
  // candidate.
  InvitePerson organizer;
  std::vector<InvitePerson> attendees;
  // METHOD:CANCEL and STATUS:CANCELLED instead of a request.
  bool cancelled = false;
};

// The .ics text (CRLF line ends, long lines folded). INVALID_ARGUMENT when the uid is empty,
// the end is not after the start, or a person has no email.
absl::StatusOr<std::string> BuildInterviewInvite(const InterviewInvite& invite);

}  // namespace meridian::talent
