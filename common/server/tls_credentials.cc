#include "common/server/tls_credentials.h"

#include "grpcpp/create_channel.h"

namespace meridian {

std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(const ServerTlsPem& tls) {
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      tls.client_ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = tls.client_ca;
  options.pem_key_cert_pairs.push_back(
      {.private_key = tls.private_key, .cert_chain = tls.cert_chain});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(const ClientTlsPem& tls) {
  if (!tls.enabled()) return grpc::InsecureChannelCredentials();
  return grpc::SslCredentials({.pem_root_certs = tls.ca,
                               .pem_private_key = tls.private_key,
                               .pem_cert_chain = tls.cert_chain});
}

std::shared_ptr<grpc::Channel> CreateChannel(const std::string& target, const ClientTlsPem& tls,
                                             const CallIdentity& identity,
                                             grpc::ChannelArguments arguments) {
  if (!tls.server_name.empty()) arguments.SetSslTargetNameOverride(tls.server_name);
  return CreateKeyedChannel(target, MakeChannelCredentials(tls), identity, arguments);
}

}  // namespace meridian
