// Certificates for TLS tests, made with OpenSSL when the test runs (nothing checked in, nothing
// that expires in the repository): a CA; a server certificate it signs for localhost and
// 127.0.0.1 (subjectAltName); a client certificate it signs; and a second CA, trusted by
// nobody, with a client certificate of its own. PEM files in a new directory, deleted again.
//
//   TestCertificates certs;
//   ServerTls tls{.cert_file = certs.server_cert(), .key_file = certs.server_key(),
//                 .client_ca_file = certs.ca_cert()};
//   ClientTls client{.ca_file = certs.ca_cert(), .cert_file = certs.client_cert(),
//                    .key_file = certs.client_key()};
#pragma once

#include <string>

namespace meridian::testing {

class TestCertificates final {
 public:
  // Generates every file (EC P-256 keys, SHA-256 signatures, valid from an hour ago for a
  // day); throws std::runtime_error when OpenSSL fails.
  TestCertificates();
  ~TestCertificates();
  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;

  // The directory the files are in (tests may put files of their own there).
  const std::string& directory() const { return directory_; }

  // Paths of PEM files.
  std::string ca_cert() const { return Path("ca.pem"); }
  std::string server_cert() const { return Path("server.pem"); }
  std::string server_key() const { return Path("server.key"); }
  std::string client_cert() const { return Path("client.pem"); }
  std::string client_key() const { return Path("client.key"); }
  std::string other_ca_cert() const { return Path("other-ca.pem"); }
  std::string other_client_cert() const { return Path("other-client.pem"); }
  std::string other_client_key() const { return Path("other-client.key"); }

  // `file` in directory().
  std::string Path(const std::string& file) const;

 private:
  std::string directory_;
};

}  // namespace meridian::testing
