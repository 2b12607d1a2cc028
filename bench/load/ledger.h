// The ledger of a load run: one JSON line per acknowledged write (the server answered OK), so
// that a later check (verify.h) can find every one of them in the database exactly once.
//
//   Ledger ledger;
//   absl::Status opened = ledger.Open("/tmp/load.ledger");
//   ledger.Append({.rpc = "CreateCandidate", .request_id = "load-1-c-7",
//                  .name = "candidates/42", .fields = {{"email", "a@example.com"}}});
//   absl::StatusOr<std::vector<LedgerEntry>> entries = ReadLedger("/tmp/load.ledger");
//
// A line: {"rpc", "request_id", "name", "key" (which API key sent it), "fields" (what was
// written, as the check compares it), "etag", "update_time" (RFC 3339), "request" (a create's
// whole request as proto JSON, so that it can be sent again with the same request_id),
// "outcome" ("acknowledged", or "unknown": a write sent, maybe more than once with its
// request_id, that was never answered OK: it may be in the database, at most once; it has no
// name, and keeps its request for the check), "attempts"}.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"

namespace meridian::bench::load {

struct LedgerEntry {
  std::string rpc;
  std::string request_id;
  std::string name;
  std::string key;
  nlohmann::json fields = nlohmann::json::object();
  std::string etag = {};
  std::string update_time = {};
  // Creates only: the request as sent (proto JSON), for the replay check.
  std::string request = {};
  // Never answered OK (see the top): the check allows it at most once.
  bool unknown = false;
  int attempts = 1;

  nlohmann::json ToJson() const;
  static LedgerEntry FromJson(const nlohmann::json& line);
};

class Ledger final {
 public:
  Ledger() = default;
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Creates (truncates) the file.
  absl::Status Open(const std::string& path);
  // Thread-safe; the line is written before the call returns (buffered; Close flushes).
  void Append(const LedgerEntry& entry);
  absl::Status Close();
  int64_t size() const;

 private:
  mutable absl::Mutex mutex_;
  std::FILE* file_ ABSL_GUARDED_BY(mutex_) = nullptr;
  int64_t lines_ ABSL_GUARDED_BY(mutex_) = 0;
};

absl::StatusOr<std::vector<LedgerEntry>> ReadLedger(const std::string& path);

}  // namespace meridian::bench::load
