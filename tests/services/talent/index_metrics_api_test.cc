// The talent service's own metrics, read from the process's registry after real calls to a
// real server: the search index's candidates, bytes and load time follow the pool, and every
// call's transaction is timed by outcome (committed, or rolled back by the work's refusal).
#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "common/metrics/metrics.h"
#include "gtest/gtest.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

namespace v1 = talent::v1;

// The value of the sample `series` (name and labels as serialised) in the registry, or -1.
double Sample(const std::string& series) {
  const std::string text = "\n" + MetricsText();
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  const size_t start = at + series.size() + 2;
  double value = -1;
  (void)absl::SimpleAtod(text.substr(start, text.find('\n', start) - start), &value);
  return value;
}

grpc::Status Create(v1::TalentService::Stub& stub, const v1::Candidate& candidate) {
  v1::CreateCandidateRequest request;
  *request.mutable_candidate() = candidate;
  v1::Candidate created;
  return stub.CreateCandidate(Context().get(), request, &created);
}

TEST(IndexMetricsApi, TheIndexGaugesFollowThePoolAndTransactionsAreTimedByOutcome) {
  TestDatabase database;
  TalentTestServer server(database.url());
  auto stub = server.NewStub();
  server.WaitForIndex();
  // The initial load (of an empty pool) has been timed.
  EXPECT_GE(Sample("meridian_search_index_load_seconds"), 0);
  const double bytes_empty = Sample("meridian_search_index_bytes");
  const std::string committed =
      "meridian_db_transaction_duration_seconds_count{outcome=\"commit\"}";
  const std::string refused =
      "meridian_db_transaction_duration_seconds_count{outcome=\"rollback\"}";
  const double committed_before = std::max(0.0, Sample(committed));
  const double refused_before = std::max(0.0, Sample(refused));

  ASSERT_TRUE(
      Create(*stub, Candidate("Ana Lima", "ana@example.com", "BR", "America/Sao_Paulo")).ok());
  ASSERT_TRUE(Create(*stub, Candidate("Ben Okafor", "ben@example.com", "NG", "Africa/Lagos")).ok());
  // The same email again: the work refuses it and its transaction rolls back.
  ASSERT_EQ(Create(*stub, Candidate("Ana Again", "ana@example.com", "BR", "America/Sao_Paulo"))
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  server.WaitForIndex();

  EXPECT_EQ(Sample("meridian_search_index_candidates"), 2);
  EXPECT_GT(Sample("meridian_search_index_bytes"), bytes_empty);
  EXPECT_GE(Sample(committed) - committed_before, 2);
  EXPECT_GE(Sample(refused) - refused_before, 1);
}

}  // namespace
}  // namespace meridian::testing
