// meridian_call as `./meridian call` runs it: a real intake_server on a free port, the tool
// as a subprocess, and its exit code and output (stdout and stderr together) checked.
#include <sys/stat.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/process/health_client.h"
#include "common/process/subprocess.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_certificates.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kServerPath[] = INTAKE_SERVER_PATH;
constexpr char kToolPath[] = MERIDIAN_CALL_PATH;

std::string LogPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/meridian-call-", name, "-", getpid(), ".log");
}

struct Result {
  int exit_code;
  std::string output;
};

// Runs meridian_call with `flags` (and `environment`) and returns its exit code and output.
Result RunTool(const std::vector<std::string>& flags,
               const std::map<std::string, std::string>& environment = {}) {
  std::vector<std::string> argv = {kToolPath};
  argv.insert(argv.end(), flags.begin(), flags.end());
  const std::string log = LogPath("tool");
  Subprocess tool(argv, environment, log);
  const int exit_code = tool.Wait(absl::Seconds(30));
  return {exit_code, ReadFile(log)};
}

class MeridianCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    address_ = absl::StrCat("127.0.0.1:", PickFreePort());
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{kServerPath, absl::StrCat("--listen_address=", address_),
                                 absl::StrCat("--bootstrap_admin_key_file=", key_file_)},
        std::map<std::string, std::string>{{"MERIDIAN_DATABASE_URL", database_.url()}},
        server_log_);
    ASSERT_TRUE(WaitForHealth(address_, "")) << ReadFile(server_log_);
  }

  Result Call(const std::string& method, const std::string& json) {
    return RunTool({absl::StrCat("--address=", address_), absl::StrCat("--method=", method),
                    absl::StrCat("--json=", json), absl::StrCat("--key_file=", key_file_)});
  }

  TestDatabase database_;
  std::string address_;
  const std::string server_log_ = LogPath("server");
  // Where the server writes the ADMIN key it makes on the new database.
  const std::string key_file_ = absl::StrCat(server_log_, ".key");
  std::unique_ptr<Subprocess> server_;
};

TEST_F(MeridianCallTest, WithoutAKeyTheCallIsUnauthenticated) {
  const Result result = RunTool({absl::StrCat("--address=", address_), "--method=ListClients"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("UNAUTHENTICATED"));
}

TEST_F(MeridianCallTest, AKeyFileOthersCanReadIsRefusedNamingTheFlag) {
  ASSERT_EQ(chmod(key_file_.c_str(), 0644), 0);
  const Result result = Call("ListClients", "{}");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("--key_file"));
}

TEST_F(MeridianCallTest, CreateClientPrintsTheNewClientAsJson) {
  const Result result = Call("CreateClient", R"({"client": {"display_name": "Acme",
      "working_hours": {"time_zone": "Europe/Lisbon", "start": "09:00", "end": "17:00"}}})");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr(R"("name": "clients/)"));
  EXPECT_THAT(result.output, HasSubstr(R"("display_name": "Acme")"));
}

TEST_F(MeridianCallTest, FullMethodNameWorksToo) {
  const Result result = Call("meridian.intake.v1.IntakeService/ListClients", "{}");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("{"));
}

TEST_F(MeridianCallTest, GetOfAMissingClientPrintsTheCodeAndReason) {
  const Result result =
      Call("GetClient", R"({"name": "clients/3f1c9a52-7d4e-4b8a-9c61-0e2f5a7b8d93"})");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(result.output, HasSubstr("RESOURCE_NOT_FOUND"));
}

TEST_F(MeridianCallTest, InvalidRequestPrintsTheFieldViolation) {
  const Result result = Call("CreateClient", R"({"client": {"display_name": "Acme",
      "working_hours": {"time_zone": "Mars/Olympus_Mons", "start": "09:00", "end": "17:00"}}})");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(result.output, HasSubstr("  client.working_hours.time_zone: "));
}

// The name in a response printed by the tool ("name": "clients/...").
std::string NameIn(const std::string& output) {
  const std::string key = R"("name": ")";
  const size_t start = output.find(key);
  if (start == std::string::npos) return "";
  const size_t begin = start + key.size();
  return output.substr(begin, output.find('"', begin) - begin);
}

// The lines of `output` that are JSON objects (a stream's messages, one a line).
std::vector<std::string> JsonLines(const std::string& output) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (absl::StartsWith(line, "{")) lines.emplace_back(line);
  }
  return lines;
}

// The events service, served on intake's port, is reached like the others: its feed as JSON,
// and its live stream as one JSON line per event until --limit or the deadline.
TEST_F(MeridianCallTest, TheEventServiceIsListedAndFollowedLive) {
  const std::string client = NameIn(Call("CreateClient", R"({"client": {"display_name": "Acme",
      "working_hours": {"time_zone": "Europe/Lisbon", "start": "09:00", "end": "17:00"}}})")
                                        .output);
  ASSERT_FALSE(client.empty());
  for (const char* title : {"Backend engineer", "Backend developer"}) {
    const Result role = Call(
        "CreateRole", absl::StrCat(R"({"parent": ")", client, R"(", "role": {"title": ")", title,
                                   R"(", "kind": "BACKEND_ENGINEER",
        "required_skills": [{"skill": "nodejs", "min_level": 3}]}})"));
    ASSERT_EQ(role.exit_code, 0) << role.output;
  }
  const std::string roles_only = R"({"filter": "type = \"role.created\""})";

  const Result listed = Call("ListEvents", roles_only);
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr(R"("type": "role.created")"));
  EXPECT_THAT(listed.output, HasSubstr(R"("title": "Backend developer")"));

  const std::vector<std::string> stream = {
      absl::StrCat("--address=", address_), "--service=events", "--method=StreamEvents",
      absl::StrCat("--json=", roles_only), absl::StrCat("--key_file=", key_file_)};
  // Stopped after one event.
  std::vector<std::string> flags = stream;
  flags.insert(flags.end(), {"--limit=1", "--timeout=60s"});
  Result followed = RunTool(flags);
  EXPECT_EQ(followed.exit_code, 0) << followed.output;
  std::vector<std::string> lines = JsonLines(followed.output);
  ASSERT_THAT(lines, SizeIs(1)) << followed.output;
  EXPECT_THAT(lines[0], HasSubstr(R"("type":"role.created")"));
  EXPECT_THAT(lines[0], HasSubstr(R"("title":"Backend engineer")"));

  // Followed until the deadline: both events, oldest first, and no error.
  flags = stream;
  flags.push_back("--timeout=3s");
  followed = RunTool(flags);
  EXPECT_EQ(followed.exit_code, 0) << followed.output;
  lines = JsonLines(followed.output);
  ASSERT_THAT(lines, SizeIs(2)) << followed.output;
  EXPECT_THAT(lines[1], HasSubstr(R"("title":"Backend developer")"));
  EXPECT_THAT(followed.output, HasSubstr("followed for 3s (--timeout); 2 messages"));

  // A stream the server refuses is an error like any call's.
  flags = stream;
  flags[3] = R"(--json={"filter": "colour = \"red\""})";
  followed = RunTool(flags);
  EXPECT_EQ(followed.exit_code, 1) << followed.output;
  EXPECT_THAT(followed.output, HasSubstr("INVALID_ARGUMENT"));
}

// `./meridian call` against a deployment that serves mTLS: the tool's TLS settings come from
// flags or from MERIDIAN_* variables (which `./meridian call` passes through).
class MeridianCallTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    address_ = absl::StrCat("127.0.0.1:", PickFreePort());
    const std::string health_address = absl::StrCat("127.0.0.1:", PickFreePort());
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{kServerPath, absl::StrCat("--listen_address=", address_),
                                 absl::StrCat("--health_listen_address=", health_address),
                                 absl::StrCat("--tls_cert_file=", certs_.server_cert()),
                                 absl::StrCat("--tls_key_file=", certs_.server_key()),
                                 absl::StrCat("--tls_client_ca_file=", certs_.ca_cert()),
                                 absl::StrCat("--bootstrap_admin_key_file=", key_file_)},
        std::map<std::string, std::string>{{"MERIDIAN_DATABASE_URL", database_.url()}},
        server_log_);
    ASSERT_TRUE(WaitForHealth(health_address, "")) << ReadFile(server_log_);
  }

  Result List(std::vector<std::string> flags,
              const std::map<std::string, std::string>& environment = {}) {
    flags.insert(flags.end(), {absl::StrCat("--address=", address_), "--method=ListClients",
                               absl::StrCat("--key_file=", key_file_)});
    return RunTool(flags, environment);
  }

  TestCertificates certs_;
  TestDatabase database_;
  std::string address_;
  const std::string server_log_ = LogPath("tls-server");
  const std::string key_file_ = absl::StrCat(server_log_, ".key");
  std::unique_ptr<Subprocess> server_;
};

TEST_F(MeridianCallTlsTest, CallsWithTheCaAndAClientCertificateFromFlags) {
  const Result result = List({absl::StrCat("--tls_ca_file=", certs_.ca_cert()),
                              absl::StrCat("--tls_client_cert_file=", certs_.client_cert()),
                              absl::StrCat("--tls_client_key_file=", certs_.client_key())});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("{"));
}

TEST_F(MeridianCallTlsTest, CallsWithTheSettingsFromTheEnvironment) {
  const Result result = List({}, {{"MERIDIAN_TLS_CA_FILE", certs_.ca_cert()},
                                  {"MERIDIAN_TLS_CLIENT_CERT_FILE", certs_.client_cert()},
                                  {"MERIDIAN_TLS_CLIENT_KEY_FILE", certs_.client_key()},
                                  // The certificate names localhost as well as 127.0.0.1.
                                  {"MERIDIAN_TLS_SERVER_NAME", "localhost"}});
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_F(MeridianCallTlsTest, IsRefusedInPlaintextOrWithoutAClientCertificate) {
  Result result = List({});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("UNAVAILABLE"));
  result = List({absl::StrCat("--tls_ca_file=", certs_.ca_cert())});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("UNAVAILABLE"));
  // A server name its certificate does not carry.
  result = List({absl::StrCat("--tls_ca_file=", certs_.ca_cert()),
                 absl::StrCat("--tls_client_cert_file=", certs_.client_cert()),
                 absl::StrCat("--tls_client_key_file=", certs_.client_key()),
                 "--tls_server_name=intake.example"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
}

// Bad usage is caught before any call, so these need no server.
TEST(MeridianCallUsage, BadTlsSettingsExitWithUsageErrorNamingTheFlag) {
  TestCertificates certs;
  Result result = RunTool({"--address=127.0.0.1:1", "--method=ListClients",
                           absl::StrCat("--tls_ca_file=", certs.Path("missing.pem"))});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("--tls_ca_file"));
  result = RunTool({"--address=127.0.0.1:1", "--method=ListClients"},
                   {{"MERIDIAN_TLS_CLIENT_KEY_FILE", certs.client_key()}});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("MERIDIAN_TLS_CLIENT_KEY_FILE"));
}

TEST(MeridianCallUsage, UnknownMethodExitsWithUsageError) {
  const Result result = RunTool({"--address=127.0.0.1:1", "--method=FireEveryone", "--json={}"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("unknown method FireEveryone"));
}

TEST(MeridianCallUsage, MalformedJsonExitsWithUsageErrorNamingTheField) {
  Result result =
      RunTool({"--address=127.0.0.1:1", "--method=CreateClient", R"(--json={"client": )"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("meridian.intake.v1.CreateClientRequest"));

  result = RunTool(
      {"--address=127.0.0.1:1", "--method=CreateClient", R"(--json={"client": {"colour": 1}})"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("colour"));
}

TEST(MeridianCallUsage, DescribeNeedsNoServerAndAnUnknownMethodGetsTheNearest) {
  Result result = RunTool({"--service=talent", "--method=ProposeInterviewSlots", "--describe"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("  duration_minutes: int32, required\n"));
  EXPECT_THAT(result.output, HasSubstr("./meridian call talent ProposeInterviewSlots '{"));
  result = RunTool({"--address=127.0.0.1:1", "--service=talent", "--method=CreateCandidat"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("did you mean CreateCandidate?"));
  result = RunTool({"--address=127.0.0.1:1", "--method=CreateInterview",
                    R"(--json={"interview": {"kind": "TECNICAL", "titel": "x"}})"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("allowed: SCREENING, TECHNICAL, CULTURE, FINAL"));
  EXPECT_THAT(result.output, HasSubstr("did you mean title?"));
}

TEST(MeridianCallUsage, DescribeKnowsTheEventServiceWithItsComments) {
  const Result result = RunTool({"--service=events", "--method=StreamEvents", "--describe"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("meridian.events.v1.EventService/StreamEvents\n"));
  EXPECT_THAT(result.output, HasSubstr("  after_position: "));
  EXPECT_THAT(result.output, HasSubstr("response (a stream of) meridian.events.v1.Event"));
  // The comments are compiled in: no descriptor set is named.
  EXPECT_THAT(result.output, HasSubstr("Every event after"));
}

TEST(MeridianCallUsage, ListNamesEveryIntakeMethod) {
  const Result result = RunTool({"--list"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output,
              HasSubstr("meridian.intake.v1.IntakeService (./meridian call intake ...)\n"));
  EXPECT_THAT(result.output,
              HasSubstr("  CreateClient(meridian.intake.v1.CreateClientRequest) returns "
                        "(meridian.intake.v1.Client)"));
  // Every service, the events service's stream included.
  EXPECT_THAT(result.output,
              HasSubstr("meridian.events.v1.EventService (./meridian call intake ...)\n"));
  EXPECT_THAT(result.output,
              HasSubstr("  StreamEvents(meridian.events.v1.StreamEventsRequest) returns (stream "
                        "meridian.events.v1.Event)"));
  EXPECT_THAT(result.output, HasSubstr("meridian.placement.v1.PlacementService"));
}

}  // namespace
}  // namespace meridian::testing
