#include "tools/meridian_call/method_lookup.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/skills/skill_catalog.h"

namespace meridian::call {
namespace {

namespace pb = google::protobuf;

// Close enough to suggest: a third of the longer name, and at least two edits.
bool Close(absl::string_view wanted, absl::string_view name) {
  const int distance = EditDistance(absl::AsciiStrToLower(wanted), absl::AsciiStrToLower(name));
  const int allowed = std::max<int>(2, static_cast<int>(std::max(wanted.size(), name.size())) / 3);
  return distance <= allowed;
}

std::string FullName(const pb::MethodDescriptor& method) {
  return absl::StrCat(method.service()->full_name(), "/", method.name());
}

// The port a --service names: access and events are served on intake's.
std::string PortNamed(absl::string_view port) {
  return port == "access" || port == "events" ? "intake" : std::string(port);
}

}  // namespace

std::string PortOf(const pb::ServiceDescriptor& service) {
  const std::string& package = service.file()->package();
  if (absl::StartsWith(package, "meridian.talent.")) return "talent";
  if (absl::StartsWith(package, "meridian.placement.")) return "placement";
  return "intake";  // intake, access and events
}

std::vector<const pb::ServiceDescriptor*> ServicesOf(
    const std::vector<const pb::ServiceDescriptor*>& services, absl::string_view port) {
  std::vector<const pb::ServiceDescriptor*> served = services;
  if (port.empty()) return served;
  const std::string wanted = PortNamed(port);
  std::erase_if(served, [&](const pb::ServiceDescriptor* s) { return PortOf(*s) != wanted; });
  return served;
}

absl::StatusOr<const pb::MethodDescriptor*> FindMethod(
    const std::vector<const pb::ServiceDescriptor*>& services, absl::string_view name,
    absl::string_view port) {
  absl::ConsumePrefix(&name, "/");
  std::vector<const pb::MethodDescriptor*> matches;
  if (name.find_first_of("/.") != absl::string_view::npos) {
    std::string full(name);
    if (const size_t slash = full.rfind('/'); slash != std::string::npos) full[slash] = '.';
    for (const pb::ServiceDescriptor* service : services) {
      if (const pb::MethodDescriptor* m = service->file()->pool()->FindMethodByName(full);
          m != nullptr && m->service() == service) {
        matches.push_back(m);
      }
    }
  } else {
    for (const pb::ServiceDescriptor* service : services) {
      if (const pb::MethodDescriptor* m = service->FindMethodByName(std::string(name))) {
        matches.push_back(m);
      }
    }
  }
  // Those the port serves.
  std::vector<const pb::MethodDescriptor*> here;
  for (const pb::MethodDescriptor* m : matches) {
    if (port.empty() || PortOf(*m->service()) == PortNamed(port)) here.push_back(m);
  }
  if (here.size() == 1) return here.front();
  if (here.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("method ", name, " is ambiguous; name one of: ",
                     absl::StrJoin(here, ", ", [](std::string* out, const pb::MethodDescriptor* m) {
                       absl::StrAppend(out, FullName(*m));
                     })));
  }
  if (!matches.empty()) {
    const pb::MethodDescriptor& elsewhere = *matches.front();
    return absl::NotFoundError(absl::StrCat(name, " is a method of ",
                                            elsewhere.service()->full_name(), ", served by ",
                                            PortOf(*elsewhere.service()), ": ./meridian call ",
                                            PortOf(*elsewhere.service()), " ", elsewhere.name()));
  }
  const absl::string_view bare = name.substr(name.find_last_of("/.") + 1);
  // The nearest names only, when near enough.
  std::vector<std::string> near;
  int best = 1 << 20;
  for (const pb::ServiceDescriptor* service : ServicesOf(services, port)) {
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string& candidate = service->method(i)->name();
      if (!Close(bare, candidate)) continue;
      const int distance =
          EditDistance(absl::AsciiStrToLower(bare), absl::AsciiStrToLower(candidate));
      if (distance < best) {
        best = distance;
        near.clear();
      }
      if (distance == best) near.push_back(candidate);
    }
  }
  std::string message = absl::StrCat("unknown method ", name);
  if (!port.empty()) absl::StrAppend(&message, " on ", port);
  if (!near.empty()) absl::StrAppend(&message, "; did you mean ", absl::StrJoin(near, " or "), "?");
  absl::StrAppend(&message, " (--list shows every method",
                  port.empty() ? "" : absl::StrCat(" of ", port), ")");
  return absl::NotFoundError(message);
}

}  // namespace meridian::call
