// Where webhooks may go. In production a target must be an https:// URL whose host resolves
// only to public addresses: a private, loopback, link-local or otherwise special address would
// let a caller make the service reach inside its own network (server-side request forgery).
// The address is checked again on every connection (WebhookSender), so a name that resolves
// elsewhere later (DNS rebinding) is refused too. --webhook_allow_private_targets lifts both
// rules, for development against a local receiver.
//
//   if (absl::Status ok = CheckTargetUrl(url, /*allow_private=*/false); !ok.ok()) ...
#pragma once

#include <sys/socket.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace meridian {

// INVALID_ARGUMENT on `subscription.target_url` for a URL the rules refuse: not http(s), http
// without allow_private, no host, credentials in it, over 2000 characters, or a host that is a
// non-public address literal (names are checked when connecting).
absl::Status CheckTargetUrl(absl::string_view url, bool allow_private);

// True for a routable public IPv4 or IPv6 address; false for loopback, private (RFC 1918,
// fc00::/7), link-local, carrier-grade NAT, multicast, unspecified and reserved ranges, and
// IPv4-mapped IPv6 forms of those.
bool IsPublicAddress(const sockaddr* address);

}  // namespace meridian
