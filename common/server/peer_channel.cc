#include "common/server/peer_channel.h"

#include <mutex>
#include <utility>

#include "common/server/tls_credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace meridian {
namespace {

// Process-wide, like the flags it comes from: set once at start-up, before the services
// that call their peers exist.
struct PeerTls {
  std::mutex mutex;
  ClientTlsPem pem;
};

PeerTls& Peers() {
  static PeerTls* const peers = new PeerTls();
  return *peers;
}

}  // namespace

absl::Status SetPeerTls(const ClientTls& tls) {
  absl::StatusOr<ClientTlsPem> pem = ReadClientTls(tls, kPeerTlsFlags);
  if (!pem.ok()) return pem.status();
  std::lock_guard lock(Peers().mutex);
  Peers().pem = *std::move(pem);
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> CreatePeerChannel(const std::string& target,
                                                 const std::string& key) {
  ClientTlsPem pem;
  {
    std::lock_guard lock(Peers().mutex);
    pem = Peers().pem;
  }
  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(kPeerServiceConfig);
  return CreateChannel(target, pem, {.key = key}, std::move(arguments));
}

}  // namespace meridian
