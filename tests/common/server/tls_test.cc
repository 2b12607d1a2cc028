// Transport security through a real ServiceHost serving the intake service and real channels:
// TLS and mTLS handshakes with certificates made for the test, the refusals (a plaintext client,
// a client that trusts another CA, a missing or untrusted client certificate), health in
// plaintext on its own port while the service port is TLS, and the channels to peers.
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/config/env_flags.h"
#include "common/db/pool.h"
#include "common/migrations/migrations.h"
#include "common/process/health_client.h"
#include "common/server/peer_channel.h"
#include "common/server/service_host.h"
#include "common/server/tls_credentials.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "services/intake/intake_grpc.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_certificates.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::testing::HasSubstr;
using HealthResponse = grpc::health::v1::HealthCheckResponse;

constexpr char kIntake[] = "meridian.intake.v1.IntakeService";
constexpr char kReflectionInfo[] = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
// A ServerReflectionRequest asking to list the services (field 7, an empty string).
constexpr char kListServices[] = "\x3a\x00";

class TlsTest : public ::testing::Test {
 protected:
  TlsTest() : pool_({.url = database_.url(), .size = 2}), gate_(pool_), service_(pool_, gate_) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_.url(), db::AllMigrations());
    if (!migrated.ok()) throw std::runtime_error(std::string(migrated.status().message()));
    admin_key_ = CreateTestKey(pool_, access::v1::ADMIN);
  }

  ~TlsTest() override {
    if (host_ != nullptr) host_->Shutdown();
    pool_.Close();
    // Other tests in this binary call their peers in plaintext.
    EXPECT_TRUE(SetPeerTls({}).ok());
  }

  // Starts the intake service with `tls` on 127.0.0.1 and a free port.
  absl::Status Start(const ServerTls& tls, const std::string& health_listen_address = "") {
    host_ = std::make_unique<ServiceHost>(
        ServiceHost::Options{.listen_address = "127.0.0.1:0",
                             .health_service_names = {kIntake},
                             .shutdown_grace = absl::Seconds(1),
                             .health_check_interval = absl::Milliseconds(100),
                             .tls = tls,
                             .health_listen_address = health_listen_address},
        std::vector<grpc::Service*>{&service_}, [this]() -> absl::Status {
          if (!ready_) return absl::UnavailableError("made unready by the test");
          return pool_.Ping(absl::Now() + absl::Seconds(1));
        });
    return host_->Start();
  }

  ServerTls ServerCertificate() const {
    return {.cert_file = certs_.server_cert(), .key_file = certs_.server_key()};
  }
  ServerTls ClientCertificatesRequired() const {
    return {.cert_file = certs_.server_cert(),
            .key_file = certs_.server_key(),
            .client_ca_file = certs_.ca_cert()};
  }

  std::string address() const { return absl::StrCat("127.0.0.1:", host_->port()); }
  std::string health_address() const { return absl::StrCat("127.0.0.1:", host_->health_port()); }

  // A channel to the service with `tls`, read the way the tools read theirs.
  std::shared_ptr<grpc::Channel> Channel(const ClientTls& tls) const {
    absl::StatusOr<ClientTlsPem> pem = ReadClientTls(tls, kToolTlsFlags);
    if (!pem.ok()) throw std::runtime_error(std::string(pem.status().message()));
    return CreateChannel(address(), *pem);
  }

  // A real RPC of the service (it reads the database): OK once the handshake worked.
  // `add_key` false for a channel that sends the key itself (a peer channel): a second
  // authorization header would be refused as ambiguous.
  grpc::Status ListClients(const std::shared_ptr<grpc::Channel>& channel,
                           bool add_key = true) const {
    grpc::ClientContext context;
    if (add_key) context.AddMetadata("authorization", "Bearer " + admin_key_);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    intake::v1::ListClientsResponse response;
    return intake::v1::IntakeService::NewStub(channel)->ListClients(
        &context, intake::v1::ListClientsRequest(), &response);
  }

  TestCertificates certs_;
  TestDatabase database_;
  db::ConnectionPool pool_;
  CallGate gate_;
  intake::IntakeGrpc service_;
  std::string admin_key_;
  std::atomic<bool> ready_{true};
  std::unique_ptr<ServiceHost> host_;
};

TEST_F(TlsTest, ATlsCallWorks) {
  ASSERT_TRUE(Start(ServerCertificate()).ok());
  const grpc::Status status = ListClients(Channel({.ca_file = certs_.ca_cert()}));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TlsTest, APlaintextClientIsRefusedByATlsListener) {
  ASSERT_TRUE(Start(ServerCertificate()).ok());
  EXPECT_EQ(
      ListClients(grpc::CreateChannel(address(), grpc::InsecureChannelCredentials())).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(HealthStatus(address(), "", absl::Seconds(5)), std::nullopt);
}

TEST_F(TlsTest, AClientThatTrustsAnotherCaIsRefused) {
  ASSERT_TRUE(Start(ServerCertificate()).ok());
  EXPECT_EQ(ListClients(Channel({.ca_file = certs_.other_ca_cert()})).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, TheServerNameOverrideIsWhatTheCertificateMustName) {
  ASSERT_TRUE(Start(ServerCertificate()).ok());
  // The certificate names localhost and 127.0.0.1; the address is 127.0.0.1 either way.
  EXPECT_TRUE(ListClients(Channel({.ca_file = certs_.ca_cert(), .server_name = "localhost"})).ok());
  EXPECT_EQ(ListClients(Channel({.ca_file = certs_.ca_cert(), .server_name = "talent.example"}))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsAcceptsOnlyAClientCertificateFromItsCa) {
  ASSERT_TRUE(Start(ClientCertificatesRequired()).ok());
  // No certificate.
  EXPECT_EQ(ListClients(Channel({.ca_file = certs_.ca_cert()})).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // A certificate from a CA the server does not trust.
  EXPECT_EQ(ListClients(Channel({.ca_file = certs_.ca_cert(),
                                 .cert_file = certs_.other_client_cert(),
                                 .key_file = certs_.other_client_key()}))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // A good one.
  const grpc::Status status = ListClients(Channel({.ca_file = certs_.ca_cert(),
                                                   .cert_file = certs_.client_cert(),
                                                   .key_file = certs_.client_key()}));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TlsTest, HealthAnswersInPlaintextOnTheHealthPortWhileTheServicePortIsTls) {
  ASSERT_TRUE(Start(ClientCertificatesRequired(), "127.0.0.1:0").ok());
  ASSERT_NE(host_->health_port(), 0);
  ASSERT_NE(host_->health_port(), host_->port());
  EXPECT_EQ(HealthStatus(health_address(), kIntake, absl::Seconds(5)), HealthResponse::SERVING);
  EXPECT_EQ(HealthStatus(health_address(), "", absl::Seconds(5)), HealthResponse::SERVING);
  // Health on the service port needs TLS (and here a client certificate) like everything else.
  EXPECT_EQ(HealthStatus(address(), "", absl::Seconds(5)), std::nullopt);

  // The statuses follow readiness on the health port too.
  ready_ = false;
  EXPECT_TRUE(WaitForHealth(health_address(), kIntake, HealthResponse::NOT_SERVING));
  EXPECT_EQ(HealthStatus(health_address(), "", absl::Seconds(5)), HealthResponse::SERVING);
  ready_ = true;
  EXPECT_TRUE(WaitForHealth(health_address(), kIntake, HealthResponse::SERVING));
}

TEST_F(TlsTest, TheHealthPortServesNothingButHealth) {
  ASSERT_TRUE(Start(ClientCertificatesRequired(), "127.0.0.1:0").ok());
  const auto health = grpc::CreateChannel(health_address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(CallWithBytes(health, "/meridian.intake.v1.IntakeService/ListClients", "").error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(CallWithBytes(health, kReflectionInfo, std::string(kListServices, 2)).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // Both are served on the service port, over mTLS.
  const auto service = Channel({.ca_file = certs_.ca_cert(),
                                .cert_file = certs_.client_cert(),
                                .key_file = certs_.client_key()});
  // The call reached the service (the handshake worked): it asks for an API key.
  EXPECT_EQ(
      CallWithBytes(service, "/meridian.intake.v1.IntakeService/ListClients", "").error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  std::string reflection;
  EXPECT_TRUE(
      CallWithBytes(service, kReflectionInfo, std::string(kListServices, 2), &reflection).ok());
  EXPECT_THAT(reflection, HasSubstr(kIntake));
}

// gRPC lets listeners share a port by default (SO_REUSEPORT); the health listener must not
// quietly take half of a service port's connections.
TEST_F(TlsTest, TheHealthListenerCannotShareAPortInUse) {
  ASSERT_TRUE(Start(ServerCertificate()).ok());
  const std::string taken = address();
  auto other =
      std::make_unique<ServiceHost>(ServiceHost::Options{.listen_address = "127.0.0.1:0",
                                                         .health_service_names = {kIntake},
                                                         .shutdown_grace = absl::Seconds(1),
                                                         .tls = ServerCertificate(),
                                                         .health_listen_address = taken},
                                    std::vector<grpc::Service*>{}, [] { return absl::OkStatus(); });
  const absl::Status started = other->Start();
  EXPECT_EQ(started.code(), absl::StatusCode::kUnavailable) << started;
  EXPECT_THAT(started.message(), HasSubstr(taken));
}

TEST_F(TlsTest, StartRefusesAMissingCertificateNamingTheFlag) {
  ServerTls tls = ServerCertificate();
  tls.cert_file = certs_.Path("missing.pem");
  const absl::Status started = Start(tls);
  EXPECT_EQ(started.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(started.message(), HasSubstr("--tls_cert_file"));
}

TEST_F(TlsTest, PeerChannelsCarryThePeerTlsSettings) {
  ASSERT_TRUE(Start(ClientCertificatesRequired()).ok());
  // Plaintext until SetPeerTls says otherwise.
  EXPECT_EQ(ListClients(CreatePeerChannel(address(), admin_key_), /*add_key=*/false).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  ASSERT_TRUE(SetPeerTls({.ca_file = certs_.ca_cert(),
                          .cert_file = certs_.client_cert(),
                          .key_file = certs_.client_key()})
                  .ok());
  const grpc::Status status =
      ListClients(CreatePeerChannel(address(), admin_key_), /*add_key=*/false);
  EXPECT_TRUE(status.ok()) << status.error_message();

  // A wrong setting is refused, naming its flag, and the one before stays.
  const absl::Status refused = SetPeerTls({.ca_file = certs_.Path("missing.pem")});
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("--peer_tls_ca_file"));
  EXPECT_TRUE(ListClients(CreatePeerChannel(address(), admin_key_), /*add_key=*/false).ok());

  // Trusting the server but presenting no certificate: the server refuses.
  ASSERT_TRUE(SetPeerTls({.ca_file = certs_.ca_cert()}).ok());
  EXPECT_EQ(ListClients(CreatePeerChannel(address(), admin_key_), /*add_key=*/false).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace meridian::testing
