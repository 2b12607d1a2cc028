// Tests for services/talent/domain/interview_invite.h: the .ics of an interview, parsed back
// with libical (the same library calendar servers' parsers agree with), line by line where
// RFC 5545 says how the text must look.
#include "services/talent/domain/interview_invite.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libical/ical.h"

namespace meridian::talent {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Time Utc(int y, int m, int d, int hh, int mm = 0) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), absl::UTCTimeZone());
}

InterviewInvite Invite() {
  return InterviewInvite{
      .uid = "7d0c2f1e-7a59-4c1e-9b1e-2f3a4b5c6d7e@meridian",
      .sequence = 0,
      .start = Utc(2026, 3, 10, 14),
      .end = Utc(2026, 3, 10, 15),
      .stamp = Utc(2026, 3, 2, 9, 30),
      .summary = "Technical interview: Ana Lima for Backend Engineer",
      .description =
          "Tue 10 Mar 2026, 10:00-11:00 in New York = 14:00-15:00 in Lisbon;\n"
          "agenda: system design, Q&A, \"why us\" — São Paulo",
      .location = "https://meet.example.com/abc-defg-hij",
      .organizer = {"Rita Recruiter", "rita@agency.example"},
      .attendees = {{"Ana Lima", "ana@example.com"}, {"Sam CTO, Acme", "sam@acme.example"}},
  };
}

struct Parsed {
  std::unique_ptr<icalcomponent, void (*)(icalcomponent*)> calendar{nullptr, icalcomponent_free};
  icalcomponent* event = nullptr;
};

Parsed Parse(const std::string& ics) {
  Parsed parsed;
  parsed.calendar.reset(icalparser_parse_string(ics.c_str()));
  EXPECT_NE(parsed.calendar, nullptr);
  if (parsed.calendar == nullptr) return parsed;
  parsed.event = icalcomponent_get_first_component(parsed.calendar.get(), ICAL_VEVENT_COMPONENT);
  EXPECT_NE(parsed.event, nullptr);
  return parsed;
}

TEST(InterviewInvite, ParsesBackWithEveryField) {
  absl::StatusOr<std::string> ics = BuildInterviewInvite(Invite());
  ASSERT_TRUE(ics.ok()) << ics.status();
  Parsed parsed = Parse(*ics);
  ASSERT_NE(parsed.event, nullptr);
  EXPECT_EQ(icalcomponent_get_method(parsed.calendar.get()), ICAL_METHOD_REQUEST);
  EXPECT_STREQ(icalcomponent_get_uid(parsed.event), Invite().uid.c_str());
  EXPECT_EQ(icalcomponent_get_sequence(parsed.event), 0);
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtstart(parsed.event)),
            absl::ToTimeT(Utc(2026, 3, 10, 14)));
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtend(parsed.event)),
            absl::ToTimeT(Utc(2026, 3, 10, 15)));
  EXPECT_TRUE(icaltime_is_utc(icalcomponent_get_dtstart(parsed.event)));
  EXPECT_STREQ(icalcomponent_get_summary(parsed.event), Invite().summary.c_str());
  // Commas, semicolons, quotes, a new line and non-ASCII text survive the escaping.
  EXPECT_STREQ(icalcomponent_get_description(parsed.event), Invite().description.c_str());
  EXPECT_STREQ(icalcomponent_get_location(parsed.event), Invite().location.c_str());
  EXPECT_EQ(icalcomponent_get_status(parsed.event), ICAL_STATUS_CONFIRMED);

  icalproperty* organizer = icalcomponent_get_first_property(parsed.event, ICAL_ORGANIZER_PROPERTY);
  ASSERT_NE(organizer, nullptr);
  EXPECT_STREQ(icalproperty_get_organizer(organizer), "mailto:rita@agency.example");
  std::vector<std::string> attendees;
  for (icalproperty* p = icalcomponent_get_first_property(parsed.event, ICAL_ATTENDEE_PROPERTY);
       p != nullptr; p = icalcomponent_get_next_property(parsed.event, ICAL_ATTENDEE_PROPERTY)) {
    icalparameter* cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
    attendees.push_back(std::string(icalproperty_get_attendee(p)) + " " +
                        (cn ? icalparameter_get_cn(cn) : ""));
  }
  EXPECT_THAT(attendees, ElementsAre("mailto:ana@example.com Ana Lima",
                                     "mailto:sam@acme.example Sam CTO, Acme"));
}

TEST(InterviewInvite, ARescheduleKeepsTheUidAndRaisesTheSequence) {
  InterviewInvite first = Invite();
  InterviewInvite moved = Invite();
  moved.sequence = 1;
  moved.start = Utc(2026, 3, 11, 15);
  moved.end = Utc(2026, 3, 11, 16);
  moved.stamp = Utc(2026, 3, 3, 8);
  Parsed a = Parse(*BuildInterviewInvite(first));
  Parsed b = Parse(*BuildInterviewInvite(moved));
  ASSERT_NE(a.event, nullptr);
  ASSERT_NE(b.event, nullptr);
  EXPECT_STREQ(icalcomponent_get_uid(a.event), icalcomponent_get_uid(b.event));
  EXPECT_GT(icalcomponent_get_sequence(b.event), icalcomponent_get_sequence(a.event));
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtstart(b.event)),
            absl::ToTimeT(Utc(2026, 3, 11, 15)));
}

TEST(InterviewInvite, ACancellationIsACancelOfTheSameEvent) {
  InterviewInvite cancelled = Invite();
  cancelled.sequence = 2;
  cancelled.cancelled = true;
  Parsed parsed = Parse(*BuildInterviewInvite(cancelled));
  ASSERT_NE(parsed.event, nullptr);
  EXPECT_EQ(icalcomponent_get_method(parsed.calendar.get()), ICAL_METHOD_CANCEL);
  EXPECT_EQ(icalcomponent_get_status(parsed.event), ICAL_STATUS_CANCELLED);
  EXPECT_STREQ(icalcomponent_get_uid(parsed.event), Invite().uid.c_str());
}

TEST(InterviewInvite, LinesEndInCrlfAndAreFoldedAt75Octets) {
  InterviewInvite invite = Invite();
  invite.description = std::string(400, 'x');
  absl::StatusOr<std::string> ics = BuildInterviewInvite(invite);
  ASSERT_TRUE(ics.ok());
  EXPECT_THAT(*ics, HasSubstr("BEGIN:VCALENDAR\r\n"));
  for (absl::string_view line : absl::StrSplit(*ics, "\r\n")) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), absl::string_view::npos);
  }
}

TEST(InterviewInvite, BadInputIsRefusedNamingThePart) {
  InterviewInvite no_uid = Invite();
  no_uid.uid.clear();
  EXPECT_THAT(BuildInterviewInvite(no_uid).status().message(), HasSubstr("uid"));
  InterviewInvite backwards = Invite();
  backwards.end = backwards.start;
  EXPECT_THAT(BuildInterviewInvite(backwards).status().message(), HasSubstr("end"));
  InterviewInvite no_email = Invite();
  no_email.attendees.push_back({"Nobody", ""});
  EXPECT_EQ(BuildInterviewInvite(no_email).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace meridian::talent
