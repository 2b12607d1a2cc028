#include "common/db/ordered_reads.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/text_array.h"

namespace meridian::db {
namespace {

std::atomic<int64_t> readable_wait_us{200'000};

}  // namespace

void SetReadableWait(absl::Duration wait) { readable_wait_us = absl::ToInt64Microseconds(wait); }

absl::Duration ReadableWait() { return absl::Microseconds(readable_wait_us.load()); }

int64_t WritersLockKey(std::string_view table) {
  // FNV-1a, 64 bits, of "meridian writers " + the table: stable across builds and processes.
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : std::string("meridian writers ") + std::string(table)) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return static_cast<int64_t>(hash);
}

void JoinOrderedWriters(pqxx::work& tx, std::string_view table) {
  tx.exec_params("SELECT pg_advisory_xact_lock_shared($1)", WritersLockKey(table));
}

std::optional<int64_t> ReadableThrough(pqxx::work& tx, std::string_view table,
                                       std::string_view column, absl::Duration wait) {
  // Statement 1: the newest position taken, committed or not (NULL: never taken).
  const int64_t last =
      tx.exec_params1(
            "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass), 0)",
            std::string(table), std::string(column))[0]
          .as<int64_t>();
  // Statement 2: the writers in flight now (a bigint advisory key is classid = its high half,
  // objid = its low half, objsubid = 1), this transaction left out. pg_locks is read live, not
  // from a snapshot.
  const uint64_t key = static_cast<uint64_t>(WritersLockKey(table));
  const std::string high = absl::StrCat(key >> 32);
  const std::string low = absl::StrCat(key & 0xffffffffULL);
  constexpr const char* kWriters =
      "SELECT virtualtransaction FROM pg_locks WHERE locktype = 'advisory' "
      "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "AND classid = $1::oid AND objid = $2::oid AND objsubid = 1 AND granted "
      "AND pid <> pg_backend_pid()";
  std::vector<std::string> in_flight;
  for (const pqxx::row& row : tx.exec_params(kWriters, high, low)) {
    in_flight.push_back(row[0].as<std::string>());
  }
  if (in_flight.empty()) return last;
  const absl::Time give_up = absl::Now() + wait;
  absl::Duration pause = absl::Microseconds(500);
  while (true) {
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(5));
    // Ended when none of them holds the lock any more (its commit is visible by then).
    if (tx.exec_params1(absl::StrCat("SELECT NOT EXISTS (", kWriters,
                                     " AND virtualtransaction = ANY($3::text[])) "
                                     "/* meridian: waiting for the writers in flight */"),
                        high, low, TextArray(in_flight))[0]
            .as<bool>()) {
      return last;
    }
    if (absl::Now() >= give_up) return std::nullopt;
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
