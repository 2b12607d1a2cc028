// gRPC credentials from checked TLS settings (common/config/tls_config.h): what a listener
// serves with, and what a channel to a Meridian service connects with. Plaintext when the
// settings are empty, so that local runs need no certificates.
//
//   absl::StatusOr<ClientTlsPem> tls = ReadClientTls(settings, kToolTlsFlags);
//   if (!tls.ok()) { /* message names the flag */ }
//   std::shared_ptr<grpc::Channel> channel = CreateChannel("talent.example:50052", *tls);
//
//   builder.AddListeningPort(address, MakeServerCredentials(*server_pem), &port);
#pragma once

#include <memory>
#include <string>

#include "common/client/keyed_channel.h"
#include "common/config/tls_config.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace meridian {

// TLS with `tls`'s certificate and key; clients must present a certificate that chains to
// `tls.client_ca` when it is set (mTLS). Insecure when TLS is off.
std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(const ServerTlsPem& tls);

// TLS trusting `tls.ca` only (not the system's roots: a deployment's CA is its own),
// presenting `tls`'s certificate when it has one. Insecure when TLS is off.
std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(const ClientTlsPem& tls);

// A channel to `target` with MakeChannelCredentials(tls); the server's certificate must name
// `tls.server_name` when it is set, else the host in `target`. Every call carries `identity`'s
// API key (and on-behalf-of) when it has one. `arguments` are the channel's other settings
// (CreatePeerChannel's load balancing, say).
std::shared_ptr<grpc::Channel> CreateChannel(const std::string& target, const ClientTlsPem& tls,
                                             const CallIdentity& identity = {},
                                             grpc::ChannelArguments arguments = {});

}  // namespace meridian
