// The /metrics endpoint through a real HTTP scrape: after a few calls to a real intake server,
// the RPC counters and latency histogram for those methods and codes have moved, and the
// database pool's metrics are there.
#include <curl/curl.h>

#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/server/metrics_endpoint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::HasSubstr;

size_t Append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// GET http://127.0.0.1:<port>/metrics.
std::string Scrape(int port) {
  std::string body;
  CURL* curl = curl_easy_init();
  const std::string url = absl::StrCat("http://127.0.0.1:", port, "/metrics");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
  return body;
}

// The value of the sample `name{labels}` in a scrape (labels as serialised), or 0.
double Sample(const std::string& scrape, const std::string& series) {
  const size_t at = scrape.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  const size_t start = at + series.size() + 2;
  double value = 0;
  (void)absl::SimpleAtod(scrape.substr(start, scrape.find('\n', start) - start), &value);
  return value;
}

TEST(MetricsApi, RpcCountersAndLatenciesMoveWhenTheServiceIsUsed) {
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint = MetricsEndpoint::Start("127.0.0.1:0");
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  const int port = (*endpoint)->port();
  ASSERT_GT(port, 0);

  TestDatabase database;
  IntakeTestServer intake(database.url());
  auto stub = intake.NewStub();
  const std::string ok_series = "meridian_rpc_requests_total{code=\"OK\",method=\"CreateClient\"}";
  const std::string missing_series =
      "meridian_rpc_requests_total{code=\"NOT_FOUND\",method=\"GetClient\"}";
  const std::string latency_series = "meridian_rpc_duration_seconds_count{method=\"CreateClient\"}";
  const std::string before = Scrape(port);

  for (int i = 0; i < 3; ++i) {
    intake::v1::CreateClientRequest create;
    *create.mutable_client() = ValidClient();
    intake::v1::Client client;
    ASSERT_TRUE(stub->CreateClient(Context().get(), create, &client).ok());
  }
  intake::v1::GetClientRequest get;
  get.set_name("clients/00000000-0000-4000-8000-000000000000");
  intake::v1::Client client;
  ASSERT_EQ(stub->GetClient(Context().get(), get, &client).error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::string after = Scrape(port);
  EXPECT_EQ(Sample(after, ok_series) - Sample(before, ok_series), 3) << after;
  EXPECT_EQ(Sample(after, missing_series) - Sample(before, missing_series), 1);
  EXPECT_EQ(Sample(after, latency_series) - Sample(before, latency_series), 3);
  // The pool lent connections for those calls, and has them back.
  EXPECT_GT(Sample(after, "meridian_db_connection_wait_seconds_count"),
            Sample(before, "meridian_db_connection_wait_seconds_count"));
  EXPECT_THAT(after, HasSubstr("# TYPE meridian_db_connections_in_use gauge"));
  EXPECT_THAT(after, HasSubstr("# TYPE meridian_rpc_in_flight gauge"));
}

TEST(MetricsApi, AnAddressThatCannotBeBoundIsRefused) {
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> first = MetricsEndpoint::Start("127.0.0.1:0");
  ASSERT_TRUE(first.ok());
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> second =
      MetricsEndpoint::Start(absl::StrCat("127.0.0.1:", (*first)->port()));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace meridian::testing
