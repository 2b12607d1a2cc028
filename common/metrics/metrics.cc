#include "common/metrics/metrics.h"

#include <string>

#include "prometheus/text_serializer.h"

namespace meridian {
namespace {

// RPC latencies: 1 ms to 10 s.
const prometheus::Histogram::BucketBoundaries& RpcBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *buckets;
}

}  // namespace

std::shared_ptr<prometheus::Registry> MetricsRegistry() {
  static const auto* registry =
      new std::shared_ptr<prometheus::Registry>(std::make_shared<prometheus::Registry>());
  return *registry;
}

MeridianMetrics& Metrics() {
  static MeridianMetrics* const metrics = [] {
    prometheus::Registry& registry = *MetricsRegistry();
    return new MeridianMetrics{
        .rpc_requests = prometheus::BuildCounter()
                            .Name("meridian_rpc_requests_total")
                            .Help("RPCs served, by method and gRPC status code")
                            .Register(registry),
        .rpc_duration = prometheus::BuildHistogram()
                            .Name("meridian_rpc_duration_seconds")
                            .Help("Time to serve an RPC, by method")
                            .Register(registry),
        .rpc_in_flight = prometheus::BuildGauge()
                             .Name("meridian_rpc_in_flight")
                             .Help("RPCs being served now")
                             .Register(registry)
                             .Add({}),
        .db_connections_in_use = prometheus::BuildGauge()
                                     .Name("meridian_db_connections_in_use")
                                     .Help("Database connections lent out now")
                                     .Register(registry)
                                     .Add({}),
        .db_connection_wait =
            prometheus::BuildHistogram()
                .Name("meridian_db_connection_wait_seconds")
                .Help("Time a call waited for a database connection")
                .Register(registry)
                .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.001, 0.005, 0.01, 0.05,
                                                                 0.1, 0.5, 1, 5}),
        .db_transaction_duration =
            prometheus::BuildHistogram()
                .Name("meridian_db_transaction_duration_seconds")
                .Help("Time from BEGIN to COMMIT or ROLLBACK of a call's transaction, by outcome")
                .Register(registry),
        .search_index_candidates = prometheus::BuildGauge()
                                       .Name("meridian_search_index_candidates")
                                       .Help("Candidates the search index holds")
                                       .Register(registry)
                                       .Add({}),
        .search_index_lag = prometheus::BuildGauge()
                                .Name("meridian_search_index_lag_changes")
                                .Help("Committed candidate changes the index has not applied")
                                .Register(registry)
                                .Add({}),
        .search_index_bytes = prometheus::BuildGauge()
                                  .Name("meridian_search_index_bytes")
                                  .Help("Bytes the search index holds, measured from its arrays")
                                  .Register(registry)
                                  .Add({}),
        .search_index_load_seconds = prometheus::BuildGauge()
                                         .Name("meridian_search_index_load_seconds")
                                         .Help("Duration of the last full load of the search index")
                                         .Register(registry)
                                         .Add({}),
        .role_match_lag =
            prometheus::BuildHistogram()
                .Name("meridian_role_match_lag_seconds")
                .Help("Time from a candidate change's commit to its new matches "
                      "being recorded")
                .Register(registry)
                .Add({}, prometheus::Histogram::BucketBoundaries{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10,
                                                                 30, 60, 300}),
        .role_match_backlog =
            prometheus::BuildGauge()
                .Name("meridian_role_match_backlog_changes")
                .Help("Change-feed positions the search index applied that alerts have not matched")
                .Register(registry)
                .Add({}),
        .placements = prometheus::BuildGauge()
                          .Name("meridian_placements")
                          .Help("Placements by state (AT_RISK as of the last transition pass)")
                          .Register(registry),
        .check_ins_open = prometheus::BuildGauge()
                              .Name("meridian_check_ins_open")
                              .Help("Check-ins of ACTIVE placements not yet recorded")
                              .Register(registry)
                              .Add({}),
        .check_ins_overdue = prometheus::BuildGauge()
                                 .Name("meridian_check_ins_overdue")
                                 .Help("Open check-ins of ACTIVE placements past their due time")
                                 .Register(registry)
                                 .Add({}),
        .outbox_tasks_pending = prometheus::BuildGauge()
                                    .Name("meridian_outbox_tasks_pending")
                                    .Help("Durable follow-up tasks waiting to run")
                                    .Register(registry)
                                    .Add({}),
        .outbox_oldest_task_age = prometheus::BuildGauge()
                                      .Name("meridian_outbox_oldest_task_age_seconds")
                                      .Help("Age of the oldest follow-up task waiting")
                                      .Register(registry)
                                      .Add({}),
        .webhook_deliveries = prometheus::BuildCounter()
                                  .Name("meridian_webhook_deliveries_total")
                                  .Help("Webhook delivery attempts, by outcome")
                                  .Register(registry),
    };
  }();
  return *metrics;
}

void RecordTransaction(absl::string_view outcome, absl::Duration duration) {
  // 100 us to 10 s: a point lookup to a statement at the pool's timeout.
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 10};
  Metrics()
      .db_transaction_duration.Add({{"outcome", std::string(outcome)}}, *buckets)
      .Observe(absl::ToDoubleSeconds(duration));
}

void RecordRpc(absl::string_view method, absl::StatusCode code, absl::Duration latency) {
  MeridianMetrics& metrics = Metrics();
  const std::string name(method);
  metrics.rpc_requests.Add({{"method", name}, {"code", absl::StatusCodeToString(code)}})
      .Increment();
  metrics.rpc_duration.Add({{"method", name}}, RpcBuckets())
      .Observe(absl::ToDoubleSeconds(latency));
}

std::string MetricsText() {
  return prometheus::TextSerializer().Serialize(MetricsRegistry()->Collect());
}

}  // namespace meridian
