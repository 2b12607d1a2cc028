#include "common/config/tls_config.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/config/env_flags.h"

namespace meridian {
namespace {

// The listener's flags (defined in server_config.cc).
constexpr absl::string_view kCertFlag = "tls_cert_file";
constexpr absl::string_view kKeyFlag = "tls_key_file";
constexpr absl::string_view kClientCaFlag = "tls_client_ca_file";

// Larger than any certificate chain or key; a bigger file is a wrong path, not PEM.
constexpr size_t kMaxPemBytes = 1 << 20;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// OpenSSL queues an error per failed parse, per thread. Left there, a later TLS handshake on
// this thread (gRPC's) could read it as its own.
struct ClearOpenSslErrors {
  ~ClearOpenSslErrors() { ERR_clear_error(); }
};

Bio MemoryBio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Refuses a passphrase instead of asking for one on the terminal (OpenSSL's default for an
// encrypted key): a server has nobody to ask.
int NoPassphrase(char*, int, int, void*) { return -1; }

absl::StatusOr<std::string> ReadPemFile(absl::string_view flag, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return InvalidFlag(flag, absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::string contents;
  char buffer[4096];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    contents.append(buffer, read);
    if (contents.size() > kMaxPemBytes) break;
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return InvalidFlag(flag, absl::StrCat("cannot read ", path));
  if (contents.size() > kMaxPemBytes) {
    return InvalidFlag(flag, absl::StrCat(path, " is larger than a PEM file would be"));
  }
  return contents;
}

// The certificates in `pem`, in order; an error when there is none.
absl::StatusOr<std::vector<Cert>> ParseCertificates(absl::string_view flag, const std::string& path,
                                                    const std::string& pem) {
  ClearOpenSslErrors clear;
  Bio bio = MemoryBio(pem);
  std::vector<Cert> certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr)) {
    certs.emplace_back(cert);
  }
  if (certs.empty()) {
    return InvalidFlag(flag, absl::StrCat(path, " holds no PEM certificate"));
  }
  return certs;
}

absl::StatusOr<Pkey> ParsePrivateKey(absl::string_view flag, const std::string& path,
                                     const std::string& pem) {
  ClearOpenSslErrors clear;
  Bio bio = MemoryBio(pem);
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return InvalidFlag(flag, absl::StrCat(path, " holds no unencrypted PEM private key"));
  }
  return key;
}

// Reads a certificate chain and its key, and checks that the key is the first certificate's.
absl::Status ReadKeyPair(absl::string_view cert_flag, const std::string& cert_path,
                         absl::string_view key_flag, const std::string& key_path,
                         std::string* cert_chain, std::string* private_key) {
  absl::StatusOr<std::string> cert_pem = ReadPemFile(cert_flag, cert_path);
  if (!cert_pem.ok()) return cert_pem.status();
  absl::StatusOr<std::vector<Cert>> certs = ParseCertificates(cert_flag, cert_path, *cert_pem);
  if (!certs.ok()) return certs.status();
  absl::StatusOr<std::string> key_pem = ReadPemFile(key_flag, key_path);
  if (!key_pem.ok()) return key_pem.status();
  absl::StatusOr<Pkey> key = ParsePrivateKey(key_flag, key_path, *key_pem);
  if (!key.ok()) return key.status();
  ClearOpenSslErrors clear;
  if (X509_check_private_key(certs->front().get(), key->get()) != 1) {
    return InvalidFlag(key_flag, absl::StrCat(key_path, " is not the key of the certificate in ",
                                              cert_path, " (--", cert_flag, ")"));
  }
  *cert_chain = *std::move(cert_pem);
  *private_key = *std::move(key_pem);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadCaFile(absl::string_view flag, const std::string& path) {
  absl::StatusOr<std::string> pem = ReadPemFile(flag, path);
  if (!pem.ok()) return pem.status();
  if (absl::StatusOr<std::vector<Cert>> certs = ParseCertificates(flag, path, *pem); !certs.ok()) {
    return certs.status();
  }
  return pem;
}

// The rule for two settings that only work together, naming the one that is set.
absl::Status NeedsBoth(absl::string_view set_flag, absl::string_view missing_flag) {
  return InvalidFlag(set_flag, absl::StrCat("is set without --", missing_flag));
}

}  // namespace

absl::StatusOr<ServerTlsPem> ReadServerTls(const ServerTls& tls) {
  ServerTlsPem pem;
  if (!tls.enabled()) {
    if (!tls.client_ca_file.empty()) {
      return InvalidFlag(kClientCaFlag,
                         absl::StrCat("needs TLS: set --", kCertFlag, " and --", kKeyFlag, " too"));
    }
    return pem;
  }
  if (tls.cert_file.empty()) return NeedsBoth(kKeyFlag, kCertFlag);
  if (tls.key_file.empty()) return NeedsBoth(kCertFlag, kKeyFlag);
  if (absl::Status read = ReadKeyPair(kCertFlag, tls.cert_file, kKeyFlag, tls.key_file,
                                      &pem.cert_chain, &pem.private_key);
      !read.ok()) {
    return read;
  }
  if (!tls.client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadCaFile(kClientCaFlag, tls.client_ca_file);
    if (!ca.ok()) return ca.status();
    pem.client_ca = *std::move(ca);
  }
  return pem;
}

absl::StatusOr<ClientTlsPem> ReadClientTls(const ClientTls& tls, const ClientTlsFlags& flags) {
  ClientTlsPem pem;
  if (!tls.enabled()) return pem;
  if (!tls.server_name.empty() && flags.server_name.empty()) {
    return absl::InvalidArgumentError("a server name override has no flag here");
  }
  if (tls.ca_file.empty()) {
    const absl::string_view set = !tls.cert_file.empty()  ? flags.cert_file
                                  : !tls.key_file.empty() ? flags.key_file
                                                          : flags.server_name;
    return InvalidFlag(set, absl::StrCat("needs TLS: set --", flags.ca_file, " too"));
  }
  absl::StatusOr<std::string> ca = ReadCaFile(flags.ca_file, tls.ca_file);
  if (!ca.ok()) return ca.status();
  pem.ca = *std::move(ca);
  if (!tls.cert_file.empty() || !tls.key_file.empty()) {
    if (tls.cert_file.empty()) return NeedsBoth(flags.key_file, flags.cert_file);
    if (tls.key_file.empty()) return NeedsBoth(flags.cert_file, flags.key_file);
    if (absl::Status read = ReadKeyPair(flags.cert_file, tls.cert_file, flags.key_file,
                                        tls.key_file, &pem.cert_chain, &pem.private_key);
        !read.ok()) {
      return read;
    }
  }
  pem.server_name = tls.server_name;
  return pem;
}

}  // namespace meridian
