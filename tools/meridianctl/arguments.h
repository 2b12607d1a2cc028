// Reading the user's words on meridianctl's command line into what the services take: resource
// names, enum values by name, skill requirements, money, dates and times, and the end of the
// week the agenda reads up to. None of it needs a server.
//
//   std::string client = Qualify("clients", "7");                             // clients/7
//   absl::StatusOr<int> kind = ParseEnum(*common::v1::RoleKind_descriptor(), "backend-engineer",
//                                        "--kind");                           // BACKEND_ENGINEER
//   absl::StatusOr<common::v1::Money> budget = ParseMoney("9000 USD", "--budget");
//   absl::StatusOr<google::protobuf::Timestamp> at =
//       ParseTime("2027-03-08 10:00", absl::UTCTimeZone(), "--at");
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "meridian/common/v1/common.pb.h"

namespace meridian::ctl {

// `id` as a resource name: "clients/7" stays, "7" becomes "<collection>/7".
std::string Qualify(absl::string_view collection, absl::string_view id);

// An enum value by its name in any case ("senior" -> SENIOR; "backend-engineer" ->
// BACKEND_ENGINEER); INVALID_ARGUMENT naming `flag` and listing the values otherwise.
absl::StatusOr<int> ParseEnum(const google::protobuf::EnumDescriptor& type, absl::string_view text,
                              absl::string_view flag);

// "go", "go:4" or "go:4:3" (skill, minimum level, minimum years).
absl::StatusOr<common::v1::SkillRequirement> ParseSkillRequirement(absl::string_view text);

// "9000 USD" or "USD 9000".
absl::StatusOr<common::v1::Money> ParseMoney(absl::string_view text, absl::string_view flag);

// "2027-03-08".
absl::StatusOr<google::type::Date> ParseDate(absl::string_view text, absl::string_view flag);

// RFC 3339 ("2027-03-08T10:00:00Z"), or "2027-03-08 10:00" in `zone`.
absl::StatusOr<google::protobuf::Timestamp> ParseTime(absl::string_view text, absl::TimeZone zone,
                                                      absl::string_view flag);

// The end of the week `now` is in, in `zone`: next Monday 00:00 there.
absl::Time EndOfWeek(absl::Time now, absl::TimeZone zone);

}  // namespace meridian::ctl
