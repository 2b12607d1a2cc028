// Tests for common/config/tls_config and the TLS settings of ServerConfig: each wrong or
// half-given setting is refused with a message naming its flag and variable, and nothing of a
// key ever reaches a message. The certificates are real (tests/support/test_certificates.h).
#include "common/config/tls_config.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/config/env_flags.h"
#include "common/config/server_config.h"
#include "common/process/subprocess.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_certificates.h"

namespace meridian {
namespace {

using ::meridian::testing::TestCertificates;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

void ExpectNamesFlag(const absl::Status& status, absl::string_view flag) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr(absl::StrCat("--", flag, " (")));
  EXPECT_THAT(status.message(), HasSubstr(EnvironmentVariableFor(flag)));
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path) << contents;
}

// The base64 body of a PEM key, a line of which must never show up in a message.
std::string KeyLine(const std::string& key_path) {
  const std::string pem = ReadFile(key_path);
  const size_t start = pem.find('\n') + 1;
  return pem.substr(start, 40);
}

class TlsConfigTest : public ::testing::Test {
 protected:
  ServerTls GoodServer() const {
    return {.cert_file = certs_.server_cert(), .key_file = certs_.server_key()};
  }
  ClientTls GoodClient() const {
    return {.ca_file = certs_.ca_cert(),
            .cert_file = certs_.client_cert(),
            .key_file = certs_.client_key()};
  }

  TestCertificates certs_;
};

TEST_F(TlsConfigTest, NothingSetIsPlaintext) {
  absl::StatusOr<ServerTlsPem> server = ReadServerTls({});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_FALSE(server->enabled());
  absl::StatusOr<ClientTlsPem> client = ReadClientTls({}, kPeerTlsFlags);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_FALSE(client->enabled());
}

TEST_F(TlsConfigTest, ReadsGoodServerFilesWithAndWithoutClientCa) {
  absl::StatusOr<ServerTlsPem> tls = ReadServerTls(GoodServer());
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_TRUE(tls->enabled());
  EXPECT_EQ(tls->cert_chain, ReadFile(certs_.server_cert()));
  EXPECT_EQ(tls->private_key, ReadFile(certs_.server_key()));
  EXPECT_TRUE(tls->client_ca.empty());

  ServerTls mutual = GoodServer();
  mutual.client_ca_file = certs_.ca_cert();
  tls = ReadServerTls(mutual);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ(tls->client_ca, ReadFile(certs_.ca_cert()));
}

TEST_F(TlsConfigTest, ReadsGoodClientFiles) {
  ClientTls settings = GoodClient();
  settings.server_name = "localhost";
  absl::StatusOr<ClientTlsPem> tls = ReadClientTls(settings, kToolTlsFlags);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ(tls->ca, ReadFile(certs_.ca_cert()));
  EXPECT_EQ(tls->cert_chain, ReadFile(certs_.client_cert()));
  EXPECT_EQ(tls->private_key, ReadFile(certs_.client_key()));
  EXPECT_EQ(tls->server_name, "localhost");
  // A CA alone: TLS without a client certificate.
  tls = ReadClientTls({.ca_file = certs_.ca_cert()}, kPeerTlsFlags);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_TRUE(tls->enabled());
  EXPECT_TRUE(tls->cert_chain.empty());
}

TEST_F(TlsConfigTest, AKeyWithoutACertificateOrTheReverseIsRefused) {
  ExpectNamesFlag(ReadServerTls({.key_file = certs_.server_key()}).status(), "tls_key_file");
  ExpectNamesFlag(ReadServerTls({.cert_file = certs_.server_cert()}).status(), "tls_cert_file");
  ClientTls client = GoodClient();
  client.cert_file.clear();
  ExpectNamesFlag(ReadClientTls(client, kPeerTlsFlags).status(), "peer_tls_key_file");
  client = GoodClient();
  client.key_file.clear();
  ExpectNamesFlag(ReadClientTls(client, kToolTlsFlags).status(), "tls_client_cert_file");
}

TEST_F(TlsConfigTest, MutualTlsWithoutTlsIsRefused) {
  ExpectNamesFlag(ReadServerTls({.client_ca_file = certs_.ca_cert()}).status(),
                  "tls_client_ca_file");
}

TEST_F(TlsConfigTest, ClientSettingsWithoutACaFileAreRefused) {
  ExpectNamesFlag(
      ReadClientTls({.cert_file = certs_.client_cert(), .key_file = certs_.client_key()},
                    kPeerTlsFlags)
          .status(),
      "peer_tls_cert_file");
  ExpectNamesFlag(ReadClientTls({.server_name = "localhost"}, kToolTlsFlags).status(),
                  "tls_server_name");
}

TEST_F(TlsConfigTest, AMissingFileIsRefusedNamingTheFlagAndThePath) {
  const std::string missing = certs_.Path("missing.pem");
  ServerTls server = GoodServer();
  server.cert_file = missing;
  absl::Status status = ReadServerTls(server).status();
  ExpectNamesFlag(status, "tls_cert_file");
  EXPECT_THAT(status.message(), AllOf(HasSubstr(missing), HasSubstr("No such file")));

  server = GoodServer();
  server.client_ca_file = missing;
  ExpectNamesFlag(ReadServerTls(server).status(), "tls_client_ca_file");
  ExpectNamesFlag(ReadClientTls({.ca_file = missing}, kPeerTlsFlags).status(), "peer_tls_ca_file");
  ClientTls client = GoodClient();
  client.key_file = missing;
  ExpectNamesFlag(ReadClientTls(client, kToolTlsFlags).status(), "tls_client_key_file");
}

TEST_F(TlsConfigTest, AFileWithoutWhatItShouldHoldIsRefused) {
  const std::string garbage = certs_.Path("garbage.pem");
  WriteFile(garbage, "not a certificate\n");
  ServerTls server = GoodServer();
  server.cert_file = garbage;
  ExpectNamesFlag(ReadServerTls(server).status(), "tls_cert_file");
  server = GoodServer();
  server.key_file = garbage;
  ExpectNamesFlag(ReadServerTls(server).status(), "tls_key_file");
  // A certificate where the key should be, and a key where the CA should be.
  server.key_file = certs_.server_cert();
  ExpectNamesFlag(ReadServerTls(server).status(), "tls_key_file");
  ExpectNamesFlag(ReadClientTls({.ca_file = certs_.client_key()}, kPeerTlsFlags).status(),
                  "peer_tls_ca_file");
}

TEST_F(TlsConfigTest, AKeyOfAnotherCertificateIsRefused) {
  ServerTls server = GoodServer();
  server.key_file = certs_.client_key();
  const absl::Status status = ReadServerTls(server).status();
  ExpectNamesFlag(status, "tls_key_file");
  EXPECT_THAT(status.message(), HasSubstr("is not the key of the certificate"));
  ClientTls client = GoodClient();
  client.key_file = certs_.other_client_key();
  ExpectNamesFlag(ReadClientTls(client, kPeerTlsFlags).status(), "peer_tls_key_file");
}

// A server has nobody to type a passphrase: an encrypted key is refused, not asked about.
TEST_F(TlsConfigTest, AnEncryptedKeyIsRefused) {
  const std::string pem = ReadFile(certs_.server_key());
  BIO* in = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO_free(in);
  ASSERT_NE(key, nullptr);
  const std::string encrypted = certs_.Path("encrypted.key");
  BIO* out = BIO_new_file(encrypted.c_str(), "w");
  char passphrase[] = "correct horse";
  ASSERT_EQ(PEM_write_bio_PrivateKey(out, key, EVP_aes_256_cbc(), nullptr, 0, nullptr, passphrase),
            1);
  BIO_free(out);
  EVP_PKEY_free(key);
  ASSERT_THAT(ReadFile(encrypted), HasSubstr("ENCRYPTED"));

  ServerTls server = GoodServer();
  server.key_file = encrypted;
  const absl::Status status = ReadServerTls(server).status();
  ExpectNamesFlag(status, "tls_key_file");
  EXPECT_THAT(status.message(), HasSubstr("unencrypted"));
}

TEST_F(TlsConfigTest, NoMessageHoldsKeyMaterial) {
  // The key given as the certificate and the CA: the messages name the file, never quote it.
  const std::string key_line = KeyLine(certs_.server_key());
  ServerTls server = GoodServer();
  server.cert_file = certs_.server_key();
  EXPECT_THAT(ReadServerTls(server).status().message(),
              AllOf(Not(HasSubstr(key_line)), Not(HasSubstr("PRIVATE KEY"))));
  server = GoodServer();
  server.client_ca_file = certs_.server_key();
  EXPECT_THAT(ReadServerTls(server).status().message(),
              AllOf(Not(HasSubstr(key_line)), Not(HasSubstr("PRIVATE KEY"))));
  server = GoodServer();
  server.key_file = certs_.client_key();
  EXPECT_THAT(ReadServerTls(server).status().message(),
              AllOf(Not(HasSubstr(KeyLine(certs_.client_key()))), Not(HasSubstr(key_line))));
}

// The same rules through ServerConfig, where the services read them.
class ServerConfigTlsTest : public TlsConfigTest {
 protected:
  ServerConfig GoodConfig() const {
    ServerConfig config;
    config.listen_address = "127.0.0.1:50051";
    config.database_url = "postgresql://meridian@127.0.0.1:5432/meridian";
    config.tls = GoodServer();
    config.tls.client_ca_file = certs_.ca_cert();
    config.health_listen_address = "0.0.0.0:8081";
    config.peer_tls = GoodClient();
    return config;
  }
};

TEST_F(ServerConfigTlsTest, AcceptsTlsMutualTlsAHealthAddressAndPeerTls) {
  EXPECT_TRUE(ValidateServerConfig(GoodConfig()).ok()) << ValidateServerConfig(GoodConfig());
}

TEST_F(ServerConfigTlsTest, RefusesEachWrongSettingNamingItsFlag) {
  ServerConfig config = GoodConfig();
  config.tls.cert_file.clear();
  ExpectNamesFlag(ValidateServerConfig(config), "tls_key_file");

  config = GoodConfig();
  config.tls.cert_file = certs_.Path("missing.pem");
  ExpectNamesFlag(ValidateServerConfig(config), "tls_cert_file");

  config = GoodConfig();
  config.tls = {.client_ca_file = certs_.ca_cert()};
  ExpectNamesFlag(ValidateServerConfig(config), "tls_client_ca_file");

  config = GoodConfig();
  config.peer_tls.ca_file.clear();
  ExpectNamesFlag(ValidateServerConfig(config), "peer_tls_cert_file");

  config = GoodConfig();
  config.peer_tls.ca_file = certs_.Path("missing.pem");
  ExpectNamesFlag(ValidateServerConfig(config), "peer_tls_ca_file");
}

TEST_F(ServerConfigTlsTest, RefusesABadOrSharedHealthAddress) {
  for (const char* address : {"nohost", "host:99999", ":8081"}) {
    ServerConfig config = GoodConfig();
    config.health_listen_address = address;
    SCOPED_TRACE(address);
    ExpectNamesFlag(ValidateServerConfig(config), "health_listen_address");
  }
  ServerConfig config = GoodConfig();
  config.health_listen_address = config.listen_address;
  ExpectNamesFlag(ValidateServerConfig(config), "health_listen_address");
}

}  // namespace
}  // namespace meridian
