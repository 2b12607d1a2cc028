// The process's Prometheus metrics (prometheus-cpp): one registry, and the metrics Meridian
// records in it, named by Prometheus conventions (`meridian_` prefix, base units, `_total`
// counters, `_seconds` histograms). The RPC layer records every call (RecordRpc), the database
// pool its connections and transactions, the search index its size, load time and lag, the webhook
// worker its deliveries; RunServer serves them on --metrics_listen_address
// (common/server/metrics_endpoint.h).
//
//   RecordRpc("CreateClient", absl::StatusCode::kOk, absl::Milliseconds(3));
//   Metrics().db_connections_in_use.Increment();
#pragma once

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace meridian {

struct MeridianMetrics {
  // RPCs by method and status code name (`meridian_rpc_requests_total`).
  prometheus::Family<prometheus::Counter>& rpc_requests;
  // RPC latency by method, in seconds (`meridian_rpc_duration_seconds`).
  prometheus::Family<prometheus::Histogram>& rpc_duration;
  // RPCs being served now (`meridian_rpc_in_flight`).
  prometheus::Gauge& rpc_in_flight;
  // Database connections lent out now (`meridian_db_connections_in_use`).
  prometheus::Gauge& db_connections_in_use;
  // How long a call waited for a database connection (`meridian_db_connection_wait_seconds`).
  prometheus::Histogram& db_connection_wait;
  // How long a call's database work took, from BEGIN to COMMIT or ROLLBACK, by outcome:
  // `commit`, `rollback` (the work refused, e.g. a validation or a lost race it detected) or
  // `error` (the database failed the transaction) (`meridian_db_transaction_duration_seconds`).
  // Each RPC is one transaction, so this is the query latency a call sees, pool wait excluded.
  prometheus::Family<prometheus::Histogram>& db_transaction_duration;
  // Candidates the search index holds (`meridian_search_index_candidates`).
  prometheus::Gauge& search_index_candidates;
  // Changes committed but not yet applied to the index (`meridian_search_index_lag_changes`).
  prometheus::Gauge& search_index_lag;
  // Bytes the search index holds, measured from its arrays (`meridian_search_index_bytes`).
  prometheus::Gauge& search_index_bytes;
  // How long the last full load of the search index took, in seconds; 0 until it loaded
  // (`meridian_search_index_load_seconds`). The startup probe's budget follows from it.
  prometheus::Gauge& search_index_load_seconds;
  // New-match alerts: seconds from a candidate change's commit to its matches being recorded
  // (`meridian_role_match_lag_seconds`), and the change-feed positions the search index has
  // applied but matching has not yet got to (`meridian_role_match_backlog_changes`).
  prometheus::Histogram& role_match_lag;
  prometheus::Gauge& role_match_backlog;
  // Placements by state: ACTIVE, AT_RISK (as the last transition pass saw it) and ENDED
  // (`meridian_placements`).
  prometheus::Family<prometheus::Gauge>& placements;
  // Check-ins not yet recorded, and those of them past due, of ACTIVE placements
  // (`meridian_check_ins_open`, `meridian_check_ins_overdue`).
  prometheus::Gauge& check_ins_open;
  prometheus::Gauge& check_ins_overdue;
  // Durable follow-up tasks waiting, and the age of the oldest, in seconds
  // (`meridian_outbox_tasks_pending`, `meridian_outbox_oldest_task_age_seconds`).
  prometheus::Gauge& outbox_tasks_pending;
  prometheus::Gauge& outbox_oldest_task_age;
  // Webhook delivery attempts by outcome, delivered or failed
  // (`meridian_webhook_deliveries_total`).
  prometheus::Family<prometheus::Counter>& webhook_deliveries;
};

// The registry every metric of the process is in.
std::shared_ptr<prometheus::Registry> MetricsRegistry();

// Meridian's metrics, made in MetricsRegistry() on first use.
MeridianMetrics& Metrics();

// Records one transaction's duration; `outcome` is "commit", "rollback" or "error".
void RecordTransaction(absl::string_view outcome, absl::Duration duration);

// Counts one RPC and its latency.
void RecordRpc(absl::string_view method, absl::StatusCode code, absl::Duration latency);

// The registry in Prometheus' text format, as /metrics serves it.
std::string MetricsText();

}  // namespace meridian
