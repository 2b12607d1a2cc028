#include "common/logging/protobuf_log.h"

#include "common/logging/log.h"

namespace meridian::log {

void HandleProtobufLog(google::protobuf::LogLevel level, const char* filename, int line,
                       const std::string& message) {
  Severity severity = Severity::kError;
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO:
      severity = Severity::kInfo;
      break;
    case google::protobuf::LOGLEVEL_WARNING:
      severity = Severity::kWarning;
      break;
    default:
      severity = Severity::kError;
      break;
  }
  // Write() replaces invalid UTF-8, so a cut inside a character stays valid JSON.
  Write(severity, absl::string_view(message).substr(0, kMaxProtobufLogMessage),
        {{"source", "protobuf"}, {"file", filename == nullptr ? "" : filename}, {"line", line}});
}

void RouteProtobufLog() { google::protobuf::SetLogHandler(&HandleProtobufLog); }

}  // namespace meridian::log
