#include "common/time/working_hours.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include <filesystem>
#include <functional>
#include <mutex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/skills/skill_catalog.h"

namespace meridian {
absl::StatusOr<int> ParseClockTime(absl::string_view text, bool allow_end_of_day) {
  const auto bad = [] {
    return absl::InvalidArgumentError("must be a 24-hour local time \"HH:MM\" such as \"09:30\"");
  };
  // "9:00" is how people write it: the same as "09:00".
  std::string padded;
  if (text.size() == 4 && text[1] == ':') {
    padded = absl::StrCat("0", text);
    text = padded;
  }
  if (text.size() != 5 || text[2] != ':') return bad();
  for (size_t i : {0, 1, 3, 4}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return bad();
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59) return bad();
  if (hours == 24 && minutes == 0 && allow_end_of_day) return 24 * 60;
  if (hours > 23) return bad();
  return hours * 60 + minutes;
}

namespace {

// True for "UTC" and Area/Location[/Sub] names made of letter-led segments. This refuses
// "localtime", bare abbreviations tzdata also carries ("EST", "MET"), Abseil's "file:"
// paths (which would read any file on the server) and tzdata's posix/ and right/ copies.
bool LooksLikeIanaName(absl::string_view name) {
  if (name == "UTC") return true;
  // The longest IANA name is ~30 characters. Abseil caches every name it is asked to load,
  // also unknown ones, so length and existence are checked before it sees the name.
  if (name.size() > 64) return false;
  const std::vector<absl::string_view> segments = absl::StrSplit(name, '/');
  if (segments.size() < 2 || segments.front() == "posix" || segments.front() == "right") {
    return false;
  }
  for (absl::string_view segment : segments) {
    if (segment.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(segment.front()))) {
      return false;
    }
    for (char c : segment) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+') {
        return false;
      }
    }
  }
  return true;
}

// True when tzdata has a zone file by that name (TZDIR as Abseil reads it). Names found are
// remembered (a few hundred at most: only names with a file): a search checks its client's
// zone on every call, and a stat of the file cost more than the rest of the check.
bool ZoneFileExists(absl::string_view name) {
  if (name == "UTC") return true;
  static std::mutex mutex;
  static auto* const found = new std::set<std::string, std::less<>>();
  {
    std::lock_guard lock(mutex);
    if (found->contains(name)) return true;
  }
  const char* tzdir = std::getenv("TZDIR");
  const std::string path =
      absl::StrCat(tzdir != nullptr && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo", "/", name);
  struct stat info;
  if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  std::lock_guard lock(mutex);
  found->emplace(name);
  return true;
}

// Every Area/Location zone name tzdata has (read once, on the first mistake).
const std::vector<std::string>& AllZoneNames() {
  static const std::vector<std::string>* names = [] {
    auto* found = new std::vector<std::string>;
    const char* tzdir = std::getenv("TZDIR");
    const std::filesystem::path root(tzdir != nullptr && *tzdir != '\0' ? tzdir
                                                                        : "/usr/share/zoneinfo");
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(root, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (!it->is_regular_file(error)) continue;
      const std::string name = it->path().lexically_relative(root).string();
      if (LooksLikeIanaName(name) && name != "UTC") found->push_back(name);
    }
    std::sort(found->begin(), found->end());
    return found;
  }();
  return *names;
}

}  // namespace

std::vector<std::string> SuggestTimeZones(absl::string_view name) {
  // "new york", "Lisbon": a city alone is compared with the last part of each name.
  const std::string wanted = absl::AsciiStrToLower(absl::StrReplaceAll(name, {{" ", "_"}}));
  const bool city_only = wanted.find('/') == std::string::npos;
  std::vector<std::pair<int, std::string>> scored;
  for (const std::string& zone : AllZoneNames()) {
    std::string key = absl::AsciiStrToLower(zone);
    if (city_only) key = key.substr(key.rfind('/') + 1);
    const int distance = EditDistance(wanted, key);
    if (distance <= std::max<int>(1, static_cast<int>(wanted.size()) / 4)) {
      scored.push_back({distance, zone});
    }
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> suggestions;
  for (const auto& [distance, zone] : scored) {
    if (suggestions.size() == 3) break;
    suggestions.push_back(zone);
  }
  return suggestions;
}

absl::StatusOr<absl::TimeZone> LoadIanaTimeZone(absl::string_view name) {
  absl::TimeZone zone;
  if (!LooksLikeIanaName(name) || !ZoneFileExists(name) ||
      !absl::LoadTimeZone(std::string(name), &zone)) {
    std::string message = absl::StrCat("must be an IANA time zone such as \"America/New_York\"; ",
                                       Quote(name), " is not one");
    if (name.size() <= 64) {
      const std::vector<std::string> near = SuggestTimeZones(name);
      if (!near.empty()) {
        absl::StrAppend(&message, "; did you mean ",
                        absl::StrJoin(near, " or ",
                                      [](std::string* out, const std::string& zone) {
                                        absl::StrAppend(out, "\"", zone, "\"");
                                      }),
                        "?");
      }
    }
    return absl::InvalidArgumentError(message);
  }
  return zone;
}

void ValidateWorkingHours(const common::v1::WorkingHours& hours, absl::string_view field,
                          FieldViolations& violations) {
  if (hours.time_zone().empty()) {
    violations.Add(absl::StrCat(field, ".time_zone"), "is required");
  } else if (auto zone = LoadIanaTimeZone(hours.time_zone()); !zone.ok()) {
    violations.Add(absl::StrCat(field, ".time_zone"), zone.status().message());
  }
  absl::StatusOr<int> start = ParseClockTime(hours.start());
  absl::StatusOr<int> end = ParseClockTime(hours.end(), /*allow_end_of_day=*/true);
  if (!start.ok()) violations.Add(absl::StrCat(field, ".start"), start.status().message());
  if (!end.ok()) violations.Add(absl::StrCat(field, ".end"), end.status().message());
  if (start.ok() && end.ok() && *start == *end) {
    violations.Add(absl::StrCat(field, ".end"), "must differ from start");
  }
  std::set<int> seen;
  for (int i = 0; i < hours.days_size(); ++i) {
    const int day = hours.days(i);
    if (day == common::v1::WEEKDAY_UNSPECIFIED || !common::v1::Weekday_IsValid(day)) {
      violations.Add(absl::StrCat(field, ".days[", i, "]"), "must be MONDAY to SUNDAY");
    } else if (!seen.insert(day).second) {
      violations.Add(absl::StrCat(field, ".days[", i, "]"), "must not repeat a day");
    }
  }
}

void NormalizeWorkingHours(common::v1::WorkingHours& hours) {
  if (hours.days().empty()) {
    for (int day = common::v1::MONDAY; day <= common::v1::FRIDAY; ++day) {
      hours.add_days(static_cast<common::v1::Weekday>(day));
    }
  }
  std::sort(hours.mutable_days()->begin(), hours.mutable_days()->end());
  // "9:00" is stored as "09:00", the form every reader expects.
  for (std::string* time : {hours.mutable_start(), hours.mutable_end()}) {
    if (time->size() == 4 && (*time)[1] == ':') *time = absl::StrCat("0", *time);
  }
}

}  // namespace meridian
