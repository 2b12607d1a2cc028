// Transport security settings: the certificate files a listener serves TLS with (and the CA
// its clients' certificates must chain to, for mTLS), and the files a client trusts and
// presents. Here they are paths, checked and read into PEM text; common/server/tls_credentials.h
// turns the PEM text into gRPC credentials. No gRPC in this file, so that configuration stays
// framework-free.
//
//   ServerTls tls{.cert_file = "server.pem", .key_file = "server.key"};
//   absl::StatusOr<ServerTlsPem> pem = ReadServerTls(tls);   // errors name --tls_* flags
//
//   ClientTls peer{.ca_file = "ca.pem"};
//   absl::StatusOr<ClientTlsPem> trust = ReadClientTls(peer, kPeerTlsFlags);
//
// Key material is read into memory only: it never appears in an error or a log line (errors
// name the flag and the file, never what the file holds).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meridian {

// What a listener serves. Nothing set: plaintext.
struct ServerTls {
  // PEM certificate chain (the server's certificate first) and its unencrypted PEM private
  // key: both set turns TLS on.
  std::string cert_file = {};
  std::string key_file = {};
  // PEM CA certificates: when set, every client must present a certificate that chains to
  // one of them (mTLS). Needs TLS.
  std::string client_ca_file = {};

  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

// What a client trusts and presents. Nothing set: plaintext.
struct ClientTls {
  // PEM CA certificates the server's certificate must chain to: set turns TLS on.
  std::string ca_file = {};
  // A client certificate chain and its unencrypted private key, for a server that requires
  // mTLS: both or neither.
  std::string cert_file = {};
  std::string key_file = {};
  // The name the server's certificate must carry, instead of the host of the address (for
  // an address by IP, or through a tunnel).
  std::string server_name = {};

  bool enabled() const {
    return !ca_file.empty() || !cert_file.empty() || !key_file.empty() || !server_name.empty();
  }
};

// The flags a ClientTls is read from, so that an error names the one to fix. An empty name:
// the setting has no flag (and must stay empty).
struct ClientTlsFlags {
  absl::string_view ca_file = {};
  absl::string_view cert_file = {};
  absl::string_view key_file = {};
  absl::string_view server_name = {};
};

// The services' calls to each other (--peer_tls_*, see server_config.h). No server name
// override: a peer's certificate must name the host its address uses.
inline constexpr ClientTlsFlags kPeerTlsFlags{.ca_file = "peer_tls_ca_file",
                                              .cert_file = "peer_tls_cert_file",
                                              .key_file = "peer_tls_key_file"};

// The tools that call a deployment (meridian_call, meridian_demo_data; see
// client_tls_flags.h). Named apart from the servers' --tls_cert_file, so that one shell's
// MERIDIAN_* variables cannot hand a server's certificate to a client.
inline constexpr ClientTlsFlags kToolTlsFlags{.ca_file = "tls_ca_file",
                                              .cert_file = "tls_client_cert_file",
                                              .key_file = "tls_client_key_file",
                                              .server_name = "tls_server_name"};

// The files of a ServerTls, read and checked. Empty strings: plaintext. `private_key` is
// secret: never log it.
struct ServerTlsPem {
  std::string cert_chain = {};
  std::string private_key = {};
  std::string client_ca = {};

  bool enabled() const { return !cert_chain.empty(); }
};

// The files of a ClientTls, read and checked. Empty `ca`: plaintext. `private_key` is secret:
// never log it.
struct ClientTlsPem {
  std::string ca = {};
  std::string cert_chain = {};
  std::string private_key = {};
  std::string server_name = {};

  bool enabled() const { return !ca.empty(); }
};

// Reads and checks a listener's files: each readable and holding what it should (PEM
// certificates, one unencrypted PEM private key that belongs to the first certificate); a
// key without a certificate, a certificate without a key, or a client CA without TLS are
// refused. INVALID_ARGUMENT naming the flag (--tls_cert_file, --tls_key_file,
// --tls_client_ca_file) and its MERIDIAN_* variable.
absl::StatusOr<ServerTlsPem> ReadServerTls(const ServerTls& tls);

// The same for a client: a certificate, key or server name without a CA file, or a
// certificate without its key (or the reverse), are refused. Errors name `flags`.
absl::StatusOr<ClientTlsPem> ReadClientTls(const ClientTls& tls, const ClientTlsFlags& flags);

}  // namespace meridian
