#include "common/config/tool_tls_flags.h"

#include <string>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA certificates the services' certificates must chain to: when set, calls go "
          "over TLS; empty: plaintext");
ABSL_FLAG(std::string, tls_client_cert_file, "",
          "PEM client certificate to present, for services that require mTLS (with "
          "--tls_client_key_file and --tls_ca_file)");
ABSL_FLAG(std::string, tls_client_key_file, "",
          "unencrypted PEM private key of --tls_client_cert_file; never printed");
ABSL_FLAG(std::string, tls_server_name, "",
          "name the services' certificates must carry instead of the address's host (e.g. "
          "when calling through a port-forward to 127.0.0.1); needs --tls_ca_file");

namespace meridian {

ClientTls ToolTlsFromFlags() {
  return {.ca_file = absl::GetFlag(FLAGS_tls_ca_file),
          .cert_file = absl::GetFlag(FLAGS_tls_client_cert_file),
          .key_file = absl::GetFlag(FLAGS_tls_client_key_file),
          .server_name = absl::GetFlag(FLAGS_tls_server_name)};
}

}  // namespace meridian
