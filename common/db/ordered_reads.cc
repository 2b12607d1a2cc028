#include "common/db/ordered_reads.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <string>

#include "absl/time/clock.h"

namespace meridian::db {
namespace {

std::atomic<int64_t> readable_wait_us{200'000};

}  // namespace

void SetReadableWait(absl::Duration wait) { readable_wait_us = absl::ToInt64Microseconds(wait); }

absl::Duration ReadableWait() { return absl::Microseconds(readable_wait_us.load()); }

void JoinOrderedWriters(pqxx::work& tx) { tx.exec("SELECT pg_current_xact_id()"); }

std::optional<int64_t> ReadableThrough(pqxx::work& tx, std::string_view table,
                                       std::string_view column, absl::Duration wait) {
  // Statement 1: the newest position taken, committed or not (NULL: never taken).
  const int64_t last =
      tx.exec_params1(
            "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass), 0)",
            std::string(table), std::string(column))[0]
          .as<int64_t>();
  // Statement 2, a later snapshot: its xmax is above the id of every taker of a position up
  // to `last`; when nothing is running (its running ids are empty), they have all ended.
  const pqxx::row snapshot = tx.exec1(
      "SELECT pg_snapshot_xmax(s)::text, NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(s)) "
      "FROM pg_current_snapshot() s");
  if (snapshot[1].as<bool>()) return last;
  const std::string xmax = snapshot[0].as<std::string>();
  const absl::Time give_up = absl::Now() + wait;
  absl::Duration pause = absl::Microseconds(500);
  while (true) {
    // Ended when no transaction below that xmax is running any more.
    if (tx.exec_params1("SELECT NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()) "
                        "x WHERE x < $1::xid8)",
                        xmax)[0]
            .as<bool>()) {
      return last;
    }
    if (absl::Now() >= give_up) return std::nullopt;
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(5));
  }
}

std::optional<int64_t> ReadableThrough(pqxx::work& tx, std::string_view table,
                                       std::string_view column) {
  return ReadableThrough(tx, table, column, ReadableWait());
}

int64_t ListHorizon(pqxx::work& tx, std::string_view table, std::string_view column) {
  return ReadableThrough(tx, table, column).value_or(std::numeric_limits<int64_t>::max());
}

}  // namespace meridian::db
