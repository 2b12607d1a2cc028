#include "services/talent/domain/interview_invite.h"

#include <cstdlib>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "libical/ical.h"

namespace meridian::talent {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

icaltimetype UtcTime(absl::Time t) {
  return icaltime_from_timet_with_zone(absl::ToTimeT(t), 0, icaltimezone_get_utc_timezone());
}

// ORGANIZER or ATTENDEE: "mailto:" the email, the name as CN.
icalproperty* WithPerson(icalproperty* property, const InvitePerson& person) {
  if (!person.name.empty())
    icalproperty_add_parameter(property, icalparameter_new_cn(person.name.c_str()));
  return property;
}

}  // namespace

absl::StatusOr<std::string> BuildInterviewInvite(const InterviewInvite& invite) {
  if (invite.uid.empty()) return absl::InvalidArgumentError("invite uid: must not be empty");
  if (invite.end <= invite.start) {
    return absl::InvalidArgumentError("invite end: must be after the start");
  }
  if (invite.organizer.email.empty()) {
    return absl::InvalidArgumentError("invite organizer: must have an email");
  }
  for (const InvitePerson& person : invite.attendees) {
    if (person.email.empty())
      return absl::InvalidArgumentError("invite attendee: must have an email");
  }

  Component calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(),
                             icalproperty_new_prodid("-//Meridian//Interviews//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(
      calendar.get(),
      icalproperty_new_method(invite.cancelled ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST));

  icalcomponent* event = icalcomponent_new_vevent();  // owned by `calendar` once added
  icalcomponent_add_component(calendar.get(), event);
  icalcomponent_add_property(event, icalproperty_new_uid(invite.uid.c_str()));
  icalcomponent_add_property(event, icalproperty_new_sequence(invite.sequence));
  icalcomponent_add_property(event, icalproperty_new_dtstamp(UtcTime(invite.stamp)));
  icalcomponent_add_property(event, icalproperty_new_dtstart(UtcTime(invite.start)));
  icalcomponent_add_property(event, icalproperty_new_dtend(UtcTime(invite.end)));
  icalcomponent_add_property(event, icalproperty_new_summary(invite.summary.c_str()));
  if (!invite.description.empty()) {
    icalcomponent_add_property(event, icalproperty_new_description(invite.description.c_str()));
  }
  if (!invite.location.empty()) {
    icalcomponent_add_property(event, icalproperty_new_location(invite.location.c_str()));
  }
  icalcomponent_add_property(
      event,
      icalproperty_new_status(invite.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  icalcomponent_add_property(
      event, WithPerson(icalproperty_new_organizer(
                            absl::StrCat("mailto:", invite.organizer.email).c_str()),
                        invite.organizer));
  for (const InvitePerson& person : invite.attendees) {
    icalproperty* attendee = WithPerson(
        icalproperty_new_attendee(absl::StrCat("mailto:", person.email).c_str()), person);
    icalproperty_add_parameter(attendee, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(attendee, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
    icalproperty_add_parameter(attendee, icalparameter_new_rsvp(ICAL_RSVP_TRUE));
    icalcomponent_add_property(event, attendee);
  }

  char* text = icalcomponent_as_ical_string_r(calendar.get());
  if (text == nullptr) return absl::InternalError("the invite could not be written");
  std::string ics(text);
  std::free(text);
  return ics;
}

}  // namespace meridian::talent
