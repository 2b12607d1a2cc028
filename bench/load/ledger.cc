#include "bench/load/ledger.h"

#include <fstream>

#include "absl/strings/str_cat.h"

namespace meridian::bench::load {

nlohmann::json LedgerEntry::ToJson() const {
  nlohmann::json line = {
      {"rpc", rpc},   {"request_id", request_id},  {"name", name}, {"key", key}, {"fields", fields},
      {"etag", etag}, {"update_time", update_time}};
  if (!request.empty()) line["request"] = request;
  line["outcome"] = unknown ? "unknown" : "acknowledged";
  if (attempts != 1) line["attempts"] = attempts;
  return line;
}

LedgerEntry LedgerEntry::FromJson(const nlohmann::json& line) {
  LedgerEntry entry;
  entry.rpc = line.value("rpc", "");
  entry.request_id = line.value("request_id", "");
  entry.name = line.value("name", "");
  entry.key = line.value("key", "");
  entry.fields = line.value("fields", nlohmann::json::object());
  entry.etag = line.value("etag", "");
  entry.update_time = line.value("update_time", "");
  entry.request = line.value("request", "");
  entry.unknown = line.value("outcome", "acknowledged") == "unknown";
  entry.attempts = line.value("attempts", 1);
  return entry;
}

Ledger::~Ledger() { Close().IgnoreError(); }

absl::Status Ledger::Open(const std::string& path) {
  absl::MutexLock lock(&mutex_);
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

void Ledger::Append(const LedgerEntry& entry) {
  const std::string line = entry.ToJson().dump() + "\n";
  absl::MutexLock lock(&mutex_);
  if (file_ == nullptr) return;
  std::fwrite(line.data(), 1, line.size(), file_);
  ++lines_;
}

absl::Status Ledger::Close() {
  absl::MutexLock lock(&mutex_);
  if (file_ == nullptr) return absl::OkStatus();
  const bool ok = std::fclose(file_) == 0;
  file_ = nullptr;
  return ok ? absl::OkStatus() : absl::InternalError("cannot finish writing the ledger");
}

int64_t Ledger::size() const {
  absl::MutexLock lock(&mutex_);
  return lines_;
}

absl::StatusOr<std::vector<LedgerEntry>> ReadLedger(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<LedgerEntry> entries;
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) {
      return absl::DataLossError(absl::StrCat(path, ":", number, " is not a JSON object"));
    }
    entries.push_back(LedgerEntry::FromJson(parsed));
  }
  return entries;
}

}  // namespace meridian::bench::load
