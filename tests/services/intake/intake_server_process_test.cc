// The intake_server binary as operators run it: configuration from flags and environment,
// migrations when replicas start together, health and reflection over the wire, TLS and mTLS
// with health in plaintext on a port of its own, JSON logs, and a clean exit on SIGTERM.
#include <signal.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/process/health_client.h"
#include "common/process/subprocess.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "pqxx/pqxx"
#include "tests/support/postgres_cluster.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_certificates.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

constexpr char kServerPath[] = INTAKE_SERVER_PATH;

std::string LogPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/", name, "-", getpid(), ".log");
}

// A real intake_server on a free port, its log in a file of its own.
struct RunningServer {
  std::string log;
  std::string address;
  std::unique_ptr<Subprocess> process;
  // The ADMIN key the server made on its new database (read once it serves).
  std::string Key() const { return ReadBootstrapKey(absl::StrCat(log, ".key")); }
};

RunningServer StartServer(const TestDatabase& database, const std::string& name,
                          absl::string_view shutdown_grace) {
  RunningServer server;
  server.log = LogPath(name);
  server.address = absl::StrCat("127.0.0.1:", PickFreePort());
  server.process = std::make_unique<Subprocess>(
      std::vector<std::string>{kServerPath, absl::StrCat("--listen_address=", server.address),
                               absl::StrCat("--shutdown_grace=", shutdown_grace),
                               absl::StrCat("--bootstrap_admin_key_file=", server.log, ".key")},
      std::map<std::string, std::string>{{"MERIDIAN_DATABASE_URL", database.url()}}, server.log);
  return server;
}

TEST(IntakeServerProcess, TwoReplicasStartingTogetherApplyEachMigrationOnce) {
  TestDatabase database;
  Subprocess first({kServerPath, "--migrate_only"}, {{"MERIDIAN_DATABASE_URL", database.url()}},
                   LogPath("migrate-1"));
  Subprocess second({kServerPath, "--migrate_only"}, {{"MERIDIAN_DATABASE_URL", database.url()}},
                    LogPath("migrate-2"));
  EXPECT_EQ(first.Wait(absl::Seconds(60)), 0) << ReadFile(LogPath("migrate-1"));
  EXPECT_EQ(second.Wait(absl::Seconds(60)), 0) << ReadFile(LogPath("migrate-2"));

  pqxx::connection connection(database.url());
  pqxx::read_transaction tx(connection);
  const auto versions = tx.exec(
      "SELECT version, count(*) OVER (PARTITION BY version) FROM meridian.schema_migrations");
  ASSERT_FALSE(versions.empty());
  for (const auto& row : versions) EXPECT_EQ(row[1].as<int>(), 1);
  // Between them, the two processes reported each migration applied exactly once.
  const std::string logs = ReadFile(LogPath("migrate-1")) + ReadFile(LogPath("migrate-2"));
  int applied = 0;
  for (absl::string_view line : absl::StrSplit(logs, '\n')) {
    if (line.find("\"migration applied\"") != absl::string_view::npos) ++applied;
  }
  EXPECT_EQ(applied, static_cast<int>(versions.size()));
}

TEST(IntakeServerProcess, ServesHealthAndReflectionAndStopsCleanlyOnSigterm) {
  TestDatabase database;
  // Shutdown waits for connected clients (this test keeps its channel) up to the grace.
  RunningServer running = StartServer(database, "serve", "2s");
  Subprocess& server = *running.process;
  const std::string& log = running.log;
  const std::string& address = running.address;
  ASSERT_TRUE(WaitForHealth(address, "meridian.intake.v1.IntakeService")) << ReadFile(log);
  EXPECT_TRUE(WaitForHealth(address, ""));
  auto channel = KeyedChannel(address, running.Key());

  // Reflection lists the service and describes every RPC.
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.insert(service.name());
  }
  EXPECT_THAT(services,
              IsSupersetOf({"meridian.intake.v1.IntakeService", "grpc.health.v1.Health"}));

  request.set_file_containing_symbol("meridian.intake.v1.IntakeService");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> methods;
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    for (const auto& service : file.service()) {
      if (service.name() != "IntakeService") continue;
      for (const auto& method : service.method()) methods.insert(method.name());
    }
  }
  EXPECT_EQ(methods, (std::set<std::string>{"CreateClient", "GetClient", "ListClients",
                                            "UpdateClient", "CreateRole", "GetRole", "ListRoles",
                                            "UpdateRole", "HoldRole", "ReopenRole", "CancelRole",
                                            "FillRole", "RecommendRoleKind", "DraftRole"}));
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());

  // A call goes through and is logged as one JSON line with method, code and latency.
  auto intake = intake::v1::IntakeService::NewStub(channel);
  grpc::ClientContext get_context;
  intake::v1::GetClientRequest get;
  get.set_name("clients/00000000-0000-4000-8000-000000000000");
  intake::v1::Client client;
  EXPECT_EQ(intake->GetClient(&get_context, get, &client).error_code(),
            grpc::StatusCode::NOT_FOUND);

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << ReadFile(log);

  bool saw_rpc_line = false;
  for (absl::string_view line : absl::StrSplit(ReadFile(log), '\n', absl::SkipEmpty())) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(entry.is_object()) << "not a JSON line: " << line;
    EXPECT_TRUE(entry.contains("time") && entry.contains("severity") && entry.contains("message") &&
                entry.contains("service"))
        << line;
    if (entry.value("method", "") == "GetClient") {
      saw_rpc_line = true;
      EXPECT_EQ(entry.value("code", ""), "NOT_FOUND");
      EXPECT_TRUE(entry.contains("latency_ms"));
    }
  }
  EXPECT_TRUE(saw_rpc_line);
}

TEST(IntakeServerProcess, BadConfigurationStopsWithAMessageNamingTheSetting) {
  const std::string log = LogPath("bad-config");
  Subprocess pool({kServerPath, "--db_pool_size=0", "--database_url=postgresql://x@127.0.0.1/x"},
                  {}, log);
  EXPECT_EQ(pool.Wait(absl::Seconds(30)), 2);
  EXPECT_THAT(ReadFile(log), HasSubstr("--db_pool_size"));

  Subprocess address({kServerPath, "--database_url=postgresql://x@127.0.0.1/x"},
                     {{"MERIDIAN_LISTEN_ADDRESS", "no-port-here"}}, log);
  EXPECT_EQ(address.Wait(absl::Seconds(30)), 2);
  EXPECT_THAT(ReadFile(log), HasSubstr("MERIDIAN_LISTEN_ADDRESS"));

  Subprocess missing({kServerPath}, {{"MERIDIAN_DATABASE_URL", ""}}, log);
  EXPECT_EQ(missing.Wait(absl::Seconds(30)), 2);
  EXPECT_THAT(ReadFile(log), HasSubstr("--database_url"));
}

// TLS settings from flags and from the environment, end to end: the service port speaks only
// mTLS, health answers in plaintext on --health_listen_address (what Kubernetes probes), and
// the log says so without a byte of the key.
TEST(IntakeServerProcess, ServesMutualTlsWithHealthInPlaintextOnItsOwnPort) {
  TestDatabase database;
  TestCertificates certs;
  const std::string log = LogPath("tls");
  const std::string address = absl::StrCat("127.0.0.1:", PickFreePort());
  const std::string health_address = absl::StrCat("127.0.0.1:", PickFreePort());
  Subprocess server(
      {kServerPath, absl::StrCat("--listen_address=", address),
       absl::StrCat("--tls_cert_file=", certs.server_cert()),
       absl::StrCat("--health_listen_address=", health_address), "--shutdown_grace=1s"},
      {{"MERIDIAN_DATABASE_URL", database.url()},
       {"MERIDIAN_TLS_KEY_FILE", certs.server_key()},
       {"MERIDIAN_TLS_CLIENT_CA_FILE", certs.ca_cert()}},
      log);
  ASSERT_TRUE(WaitForHealth(health_address, "meridian.intake.v1.IntakeService")) << ReadFile(log);
  EXPECT_EQ(HealthStatus(address, "", absl::Seconds(5)), std::nullopt);

  intake::v1::GetClientRequest get;
  get.set_name("clients/00000000-0000-4000-8000-000000000000");
  const auto get_client = [&](const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    intake::v1::Client client;
    return intake::v1::IntakeService::NewStub(grpc::CreateChannel(address, credentials))
        ->GetClient(&context, get, &client)
        .error_code();
  };
  // Through to the service (which asks for an API key) with a certificate from the CA.
  EXPECT_EQ(get_client(grpc::SslCredentials({.pem_root_certs = ReadFile(certs.ca_cert()),
                                             .pem_private_key = ReadFile(certs.client_key()),
                                             .pem_cert_chain = ReadFile(certs.client_cert())})),
            grpc::StatusCode::UNAUTHENTICATED);
  // Refused: plaintext, and TLS without a client certificate.
  EXPECT_EQ(get_client(grpc::InsecureChannelCredentials()), grpc::StatusCode::UNAVAILABLE);
  grpc::SslCredentialsOptions no_certificate;
  no_certificate.pem_root_certs = ReadFile(certs.ca_cert());
  EXPECT_EQ(get_client(grpc::SslCredentials(no_certificate)), grpc::StatusCode::UNAVAILABLE);

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << ReadFile(log);
  const std::string logged = ReadFile(log);
  EXPECT_THAT(logged, HasSubstr(absl::StrCat("\"health_listen_address\":\"", health_address)));
  EXPECT_THAT(logged, HasSubstr("\"mtls\":true"));
  const std::string key = ReadFile(certs.server_key());
  const std::string key_body = key.substr(key.find('\n') + 1, 40);
  EXPECT_THAT(logged, Not(HasSubstr(key_body)));
  EXPECT_THAT(logged, Not(HasSubstr("PRIVATE KEY")));
}

TEST(IntakeServerProcess, BadTlsSettingsStopWithAMessageNamingTheFlag) {
  TestCertificates certs;
  const std::string log = LogPath("bad-tls");
  const std::string database_url = "--database_url=postgresql://x@127.0.0.1/x";
  const auto expect_refused = [&](std::vector<std::string> flags,
                                  const std::map<std::string, std::string>& environment,
                                  absl::string_view named) {
    flags.insert(flags.begin(), {kServerPath, database_url});
    Subprocess server(flags, environment, log);
    EXPECT_EQ(server.Wait(absl::Seconds(30)), 2) << named;
    EXPECT_THAT(ReadFile(log), HasSubstr(named));
  };
  // A key without a certificate; mTLS without TLS; a file that is not there.
  expect_refused({absl::StrCat("--tls_key_file=", certs.server_key())}, {}, "--tls_key_file");
  expect_refused({}, {{"MERIDIAN_TLS_CLIENT_CA_FILE", certs.ca_cert()}},
                 "MERIDIAN_TLS_CLIENT_CA_FILE");
  expect_refused({absl::StrCat("--tls_cert_file=", certs.Path("missing.pem")),
                  absl::StrCat("--tls_key_file=", certs.server_key())},
                 {}, "--tls_cert_file");
  // The settings for calls to other services are checked at start too.
  expect_refused({absl::StrCat("--peer_tls_cert_file=", certs.client_cert()),
                  absl::StrCat("--peer_tls_key_file=", certs.client_key())},
                 {}, "--peer_tls_cert_file");
  expect_refused({absl::StrCat("--health_listen_address=no-port")}, {}, "--health_listen_address");
}

TEST(IntakeServerProcess, PasswordsNeverReachTheLog) {
  PostgresCluster cluster;
  const std::string log = LogPath("password");
  // The password is wrong for nobody (trust auth), but it must still not be printed.
  Subprocess server(
      {kServerPath, "--migrate_only"},
      {{"MERIDIAN_DATABASE_URL", absl::StrCat("postgresql://postgres:hunter2-secret@127.0.0.1:",
                                              cluster.port(), "/postgres")}},
      log);
  EXPECT_EQ(server.Wait(absl::Seconds(60)), 0) << ReadFile(log);
  EXPECT_THAT(ReadFile(log), Not(HasSubstr("hunter2-secret")));
  EXPECT_THAT(ReadFile(log), HasSubstr("postgres:***@"));
}

// A caller's broken bytes are its own mistake: INVALID_ARGUMENT naming the request type, where
// gRPC answered INTERNAL with an empty message. Protobuf's complaint about them reaches the log
// as JSON like every other line (it was a plain-text "[libprotobuf ERROR ...]" line on stderr).
TEST(IntakeServerProcess, BadRequestBytesAreInvalidArgumentAndTheLogStaysJson) {
  TestDatabase database;
  RunningServer running = StartServer(database, "bad-bytes", "1s");
  Subprocess& server = *running.process;
  const std::string& log = running.log;
  const std::string& address = running.address;
  ASSERT_TRUE(WaitForHealth(address, "meridian.intake.v1.IntakeService")) << ReadFile(log);
  auto channel = KeyedChannel(address, running.Key());

  intake::v1::CreateClientRequest create;
  create.mutable_client()->set_display_name("Acme Robotics");
  grpc::Status status = CallWithBytes(channel, "/meridian.intake.v1.IntakeService/CreateClient",
                                      WithInvalidUtf8(create, "Acme"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "request is not a valid meridian.intake.v1.CreateClientRequest message: "
            "client.display_name is not valid UTF-8");
  // Field 1, length-delimited, announces 5 bytes; only 2 follow.
  status = CallWithBytes(channel, "/meridian.intake.v1.IntakeService/GetClient",
                         std::string("\x0a\x05"
                                     "ab",
                                     4));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "request is not a valid meridian.intake.v1.GetClientRequest message");

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << ReadFile(log);

  bool saw_protobuf_line = false;
  std::set<std::string> rejected;
  for (absl::string_view line : absl::StrSplit(ReadFile(log), '\n', absl::SkipEmpty())) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(entry.is_object()) << "not a JSON line: " << line;
    EXPECT_TRUE(entry.contains("time") && entry.contains("severity") && entry.contains("message") &&
                entry.contains("service"))
        << line;
    if (entry.value("source", "") == "protobuf") {
      saw_protobuf_line = true;
      EXPECT_EQ(entry.value("severity", ""), "ERROR") << line;
      EXPECT_THAT(entry.value("message", ""), HasSubstr("invalid UTF-8")) << line;
    }
    if (entry.value("code", "") == "INVALID_ARGUMENT") rejected.insert(entry.value("method", ""));
  }
  EXPECT_TRUE(saw_protobuf_line);
  // Each refused call still has its access log line.
  EXPECT_EQ(rejected, (std::set<std::string>{"CreateClient", "GetClient"}));
}

}  // namespace
}  // namespace meridian::testing
