#include "tests/support/test_certificates.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace meridian::testing {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void Check(bool ok, const char* what) {
  if (ok) return;
  ERR_clear_error();
  throw std::runtime_error(absl::StrCat("TestCertificates: ", what, " failed"));
}

Key NewKey() {
  Key key(EVP_EC_gen("P-256"));
  Check(key != nullptr, "EC key generation");
  return key;
}

struct Extension {
  int nid;
  const char* value;
};

// A certificate for `key` named `common_name`, signed by `issuer` with `issuer_key` (itself
// and `key` when `issuer` is null: a self-signed CA).
Cert NewCertificate(const char* common_name, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                    const std::vector<Extension>& extensions) {
  static std::atomic<long> serial{1};
  Cert cert(X509_new());
  Check(cert != nullptr, "X509_new");
  Check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  Check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++) == 1, "serial");
  Check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "notBefore");
  Check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) != nullptr, "notAfter");
  Check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  Check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("Meridian tests"), -1, -1,
                                   0) == 1,
        "subject O");
  Check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                                   0) == 1,
        "subject CN");
  X509* signer = issuer != nullptr ? issuer : cert.get();
  Check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1, "issuer");
  X509V3_CTX context;
  X509V3_set_ctx(&context, signer, cert.get(), nullptr, nullptr, 0);
  for (const Extension& extension : extensions) {
    X509_EXTENSION* made = X509V3_EXT_conf_nid(nullptr, &context, extension.nid, extension.value);
    Check(made != nullptr, extension.value);
    const int added = X509_add_ext(cert.get(), made, -1);
    X509_EXTENSION_free(made);
    Check(added == 1, "X509_add_ext");
  }
  Check(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0,
        "X509_sign");
  return cert;
}

Cert NewCa(const char* common_name, EVP_PKEY* key) {
  return NewCertificate(common_name, key, nullptr, nullptr,
                        {{NID_basic_constraints, "critical,CA:TRUE"},
                         {NID_key_usage, "critical,keyCertSign,cRLSign"},
                         {NID_subject_key_identifier, "hash"}});
}

Cert NewLeaf(const char* common_name, EVP_PKEY* key, X509* ca, EVP_PKEY* ca_key,
             const char* extended_usage, const char* alt_names) {
  std::vector<Extension> extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                                       {NID_key_usage, "critical,digitalSignature"},
                                       {NID_ext_key_usage, extended_usage},
                                       {NID_subject_key_identifier, "hash"},
                                       {NID_authority_key_identifier, "keyid:always"}};
  if (alt_names != nullptr) extensions.push_back({NID_subject_alt_name, alt_names});
  return NewCertificate(common_name, key, ca, ca_key, extensions);
}

std::unique_ptr<BIO, BioFree> OpenForWriting(const std::string& path) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "w"));
  Check(bio != nullptr, "opening a PEM file for writing");
  return bio;
}

void WriteCert(const std::string& path, X509* cert) {
  auto bio = OpenForWriting(path);
  Check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
}

void WriteKey(const std::string& path, EVP_PKEY* key) {
  auto bio = OpenForWriting(path);
  Check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey");
}

}  // namespace

TestCertificates::TestCertificates() {
  static std::atomic<int> count{0};
  directory_ = absl::StrCat(::testing::TempDir(), "/meridian-certs-", getpid(), "-", count++);
  std::filesystem::remove_all(directory_);
  std::filesystem::create_directories(directory_);

  const Key ca_pkey = NewKey();
  const Cert ca = NewCa("Meridian test CA", ca_pkey.get());
  const Key server_pkey = NewKey();
  const Cert server = NewLeaf("localhost", server_pkey.get(), ca.get(), ca_pkey.get(), "serverAuth",
                              "DNS:localhost,IP:127.0.0.1");
  const Key client_pkey = NewKey();
  const Cert client = NewLeaf("meridian-test-client", client_pkey.get(), ca.get(), ca_pkey.get(),
                              "clientAuth", nullptr);
  const Key other_ca_pkey = NewKey();
  const Cert other_ca = NewCa("Untrusted test CA", other_ca_pkey.get());
  const Key other_client_pkey = NewKey();
  const Cert other_client = NewLeaf("untrusted-client", other_client_pkey.get(), other_ca.get(),
                                    other_ca_pkey.get(), "clientAuth", nullptr);

  WriteCert(ca_cert(), ca.get());
  WriteCert(server_cert(), server.get());
  WriteKey(server_key(), server_pkey.get());
  WriteCert(client_cert(), client.get());
  WriteKey(client_key(), client_pkey.get());
  WriteCert(other_ca_cert(), other_ca.get());
  WriteCert(other_client_cert(), other_client.get());
  WriteKey(other_client_key(), other_client_pkey.get());
}

TestCertificates::~TestCertificates() {
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string TestCertificates::Path(const std::string& file) const {
  return absl::StrCat(directory_, "/", file);
}

}  // namespace meridian::testing
