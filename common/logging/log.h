// Structured logging: one JSON object per line on stdout, so that any log pipeline can
// parse it without a custom format.
//
//   meridian::log::SetServiceName("intake");
//   meridian::log::Info("listening", {{"address", "127.0.0.1:50051"}});
//   meridian::log::Error("query failed", {{"method", "CreateClient"}, {"error", e.what()}});
//
// Every line has "time" (RFC 3339, UTC), "severity", "service" and "message"; fields are
// added as given. Never pass a secret (a database URL with a password, a token) or a full
// request body: log names, ids, codes and sizes.
#pragma once

#include <functional>
#include <string>

#include "absl/strings/string_view.h"

#include "nlohmann/json.hpp"

namespace meridian::log {

// Severity of a line; lines below the minimum set with SetMinSeverity are dropped.
enum class Severity {
  kDebug = 0,    // Detail for developers, off by default.
  kInfo = 1,     // Normal operation: start-up, one line per RPC.
  kWarning = 2,  // Something unexpected that the service survived.
  kError = 3,    // A failure someone should look at.
};

using Fields = nlohmann::json;

void SetServiceName(absl::string_view service);
void SetMinSeverity(Severity severity);
// Parses "debug", "info", "warning" or "error".
bool ParseSeverity(absl::string_view text, Severity* severity);

void Write(Severity severity, absl::string_view message, const Fields& fields = Fields::object());

inline void Debug(absl::string_view message, const Fields& fields = Fields::object()) {
  Write(Severity::kDebug, message, fields);
}
inline void Info(absl::string_view message, const Fields& fields = Fields::object()) {
  Write(Severity::kInfo, message, fields);
}
inline void Warning(absl::string_view message, const Fields& fields = Fields::object()) {
  Write(Severity::kWarning, message, fields);
}
inline void Error(absl::string_view message, const Fields& fields = Fields::object()) {
  Write(Severity::kError, message, fields);
}

// The trace id of the call the calling thread serves (the `x-request-id` of the RPC, passed on
// to every call it makes to another service), added to each of its lines as "trace_id" so
// that one action can be followed through intake, talent and placement. Empty outside a call.
const std::string& CurrentTraceId();

// Sets the calling thread's trace id for the scope's life, then restores the one before.
//
//   const log::ScopedTraceId trace(id);   // RunRpc does this for every call
class ScopedTraceId final {
 public:
  explicit ScopedTraceId(std::string id);
  ~ScopedTraceId();
  ScopedTraceId(const ScopedTraceId&) = delete;
  ScopedTraceId& operator=(const ScopedTraceId&) = delete;

 private:
  std::string previous_;
};

// Tests: every line goes to `sink` as well as stdout (an empty function stops that).
void SetSinkForTesting(std::function<void(const std::string& line)> sink);

// Removes the password from a PostgreSQL URL or key=value string before it is logged.
std::string RedactDatabaseUrl(absl::string_view url);

}  // namespace meridian::log
