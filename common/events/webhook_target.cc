#include "common/events/webhook_target.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/errors/errors.h"

namespace meridian {
namespace {

constexpr absl::string_view kField = "subscription.target_url";

bool IsPublicIpv4(uint32_t host_order) {
  const auto in = [&](uint32_t network, int bits) {
    const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (host_order & mask) == network;
  };
  return !(in(0x00000000, 8) ||   // "this" network
           in(0x0A000000, 8) ||   // 10/8
           in(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
           in(0x7F000000, 8) ||   // loopback
           in(0xA9FE0000, 16) ||  // link-local (cloud metadata lives here)
           in(0xAC100000, 12) ||  // 172.16/12
           in(0xC0000000, 24) ||  // 192.0.0/24 protocol assignments
           in(0xC0000200, 24) ||  // TEST-NET-1
           in(0xC0A80000, 16) ||  // 192.168/16
           in(0xC6120000, 15) ||  // benchmarking
           in(0xC6336400, 24) ||  // TEST-NET-2
           in(0xCB007100, 24) ||  // TEST-NET-3
           in(0xE0000000, 4) ||   // multicast
           in(0xF0000000, 4));    // reserved and broadcast
}

bool IsPublicIpv6(const in6_addr& address) {
  const uint8_t* b = address.s6_addr;
  if (IN6_IS_ADDR_V4MAPPED(&address)) {
    uint32_t v4;
    std::memcpy(&v4, b + 12, 4);
    return IsPublicIpv4(ntohl(v4));
  }
  if (IN6_IS_ADDR_UNSPECIFIED(&address) || IN6_IS_ADDR_LOOPBACK(&address) ||
      IN6_IS_ADDR_LINKLOCAL(&address) || IN6_IS_ADDR_SITELOCAL(&address) ||
      IN6_IS_ADDR_MULTICAST(&address)) {
    return false;
  }
  if ((b[0] & 0xFE) == 0xFC) return false;  // fc00::/7 unique local
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return false;  // docs
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) return false;  // NAT64
  return (b[0] & 0xE0) == 0x20;  // global unicast 2000::/3
}

}  // namespace

bool IsPublicAddress(const sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return IsPublicIpv4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    return IsPublicIpv6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  }
  return false;
}

absl::Status CheckTargetUrl(absl::string_view url, bool allow_private) {
  if (url.empty() || url.size() > 2000) {
    return InvalidArgument(kField, "is required, at most 2000 characters");
  }
  for (char c : url) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c)) || c == ' ') {
      return InvalidArgument(kField, "must not contain spaces or control characters");
    }
  }
  absl::string_view rest = url;
  const bool https = absl::ConsumePrefix(&rest, "https://");
  const bool http = !https && absl::ConsumePrefix(&rest, "http://");
  if (!https && !http) return InvalidArgument(kField, "must be an https:// URL");
  if (http && !allow_private) {
    return InvalidArgument(kField,
                           "must be an https:// URL (http:// only for development, with "
                           "--webhook_allow_private_targets)");
  }
  const absl::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (absl::StrContains(authority, "@")) {
    return InvalidArgument(kField, "must not carry credentials (user@host)");
  }
  std::string host(authority);
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string::npos) return InvalidArgument(kField, "has an unclosed [");
    host = host.substr(1, close - 1);
  } else if (const size_t colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  if (host.empty()) return InvalidArgument(kField, "must name a host");
  if (allow_private) return absl::OkStatus();
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  bool literal = false;
  bool is_public = true;
  if (inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    literal = true;
    is_public = IsPublicAddress(reinterpret_cast<const sockaddr*>(&v4));
  } else if (inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    literal = true;
    is_public = IsPublicAddress(reinterpret_cast<const sockaddr*>(&v6));
  }
  if (absl::EqualsIgnoreCase(host, "localhost") || absl::EndsWithIgnoreCase(host, ".localhost") ||
      (literal && !is_public)) {
    return InvalidArgument(kField, "must not point at a private, loopback or link-local address");
  }
  return absl::OkStatus();
}

}  // namespace meridian
