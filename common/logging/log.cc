#include "common/logging/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <regex>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace meridian::log {
namespace {

std::mutex& OutputMutex() {
  static std::mutex mutex;
  return mutex;
}

std::string& ServiceName() {
  static std::string name = "meridian";
  return name;
}

std::atomic<int> min_severity{static_cast<int>(Severity::kInfo)};

thread_local std::string current_trace_id;

std::function<void(const std::string&)>& TestSink() {
  static std::function<void(const std::string&)> sink;
  return sink;
}

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kDebug:
      return "DEBUG";
    case Severity::kInfo:
      return "INFO";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kError:
      return "ERROR";
  }
  return "INFO";
}

}  // namespace

void SetServiceName(absl::string_view service) {
  std::lock_guard lock(OutputMutex());
  ServiceName() = std::string(service);
}

void SetMinSeverity(Severity severity) { min_severity = static_cast<int>(severity); }

bool ParseSeverity(absl::string_view text, Severity* severity) {
  if (text == "debug")
    *severity = Severity::kDebug;
  else if (text == "info")
    *severity = Severity::kInfo;
  else if (text == "warning")
    *severity = Severity::kWarning;
  else if (text == "error")
    *severity = Severity::kError;
  else
    return false;
  return true;
}

void Write(Severity severity, absl::string_view message, const Fields& fields) {
  if (static_cast<int>(severity) < min_severity.load(std::memory_order_relaxed)) return;
  // Ordered, so that every line starts with time, severity and message.
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line["time"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  line["severity"] = SeverityName(severity);
  line["message"] = std::string(message);
  {
    std::lock_guard lock(OutputMutex());
    line["service"] = ServiceName();
  }
  if (!current_trace_id.empty()) line["trace_id"] = current_trace_id;
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      // A field never overwrites the standard keys every log reader relies on.
      if (!line.contains(it.key())) line[it.key()] = it.value();
    }
  }
  // Replace invalid UTF-8 rather than throw: a log line must never take the process down.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(OutputMutex());
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
  if (TestSink()) TestSink()(text);
}

const std::string& CurrentTraceId() { return current_trace_id; }

ScopedTraceId::ScopedTraceId(std::string id) : previous_(std::move(current_trace_id)) {
  current_trace_id = std::move(id);
}

ScopedTraceId::~ScopedTraceId() { current_trace_id = std::move(previous_); }

void SetSinkForTesting(std::function<void(const std::string& line)> sink) {
  std::lock_guard lock(OutputMutex());
  TestSink() = std::move(sink);
}

std::string RedactDatabaseUrl(absl::string_view url) {
  static const std::regex uri_password(R"(^(postgres(?:ql)?://[^:/@]*:)[^@]*@)");
  // libpq lets key=value passwords escape quotes and spaces with a backslash.
  static const std::regex keyword_password(
      R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|(?:[^\s\\]|\\.)+))");
  std::string text(url);
  text = std::regex_replace(text, uri_password, "$1***@");
  return std::regex_replace(text, keyword_password, "$1***");
}

}  // namespace meridian::log
