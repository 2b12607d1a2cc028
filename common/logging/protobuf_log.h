// Sends protobuf's own log lines through our JSON logger (common/logging/log.h).
//
// Protobuf logs with GOOGLE_LOG, by default as a plain-text "[libprotobuf ERROR ...]" line on
// stderr: for example "String field 'meridian.intake.v1.Client.display_name' contains invalid
// UTF-8 data when parsing a protocol buffer" whenever a caller sends such bytes. A plain-text
// line breaks log pipelines that parse one JSON object per line, so each server routes them
// here first thing at start-up.
//
//   meridian::log::SetServiceName("intake");
//   meridian::log::RouteProtobufLog();
#pragma once

#include <cstddef>
#include <string>

#include "google/protobuf/stubs/logging.h"

namespace meridian::log {

// A protobuf message is cut to this many bytes: it may quote caller data.
inline constexpr size_t kMaxProtobufLogMessage = 1000;

// Installs HandleProtobufLog as protobuf's log handler. Not thread-safe (protobuf's
// SetLogHandler is not): call it before any thread that uses protobuf starts.
void RouteProtobufLog();

// Writes one protobuf log line as JSON: severity mapped (INFO, WARNING, ERROR; FATAL as
// ERROR, protobuf then aborts by itself), message bounded, and "source": "protobuf" with
// the file and line protobuf reported. Exposed for tests.
void HandleProtobufLog(google::protobuf::LogLevel level, const char* filename, int line,
                       const std::string& message);

}  // namespace meridian::log
