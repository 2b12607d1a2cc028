#include "tools/meridianctl/import.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "yaml-cpp/yaml.h"

namespace meridian::ctl {
namespace {

using nlohmann::json;

std::vector<std::string> SplitList(absl::string_view text) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    items.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return items;
}

absl::Status ColumnError(absl::string_view column, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(column, ": ", problem));
}

// "09:00-17:00" into start and end.
absl::Status ParseHours(absl::string_view text, json& hours) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  if (parts.size() != 2) return ColumnError("hours", "expected HH:MM-HH:MM, e.g. 09:00-17:00");
  hours["start"] = std::string(absl::StripAsciiWhitespace(parts[0]));
  hours["end"] = std::string(absl::StripAsciiWhitespace(parts[1]));
  return absl::OkStatus();
}

absl::Status ParseSkill(absl::string_view text, json& skill) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.empty() || parts.size() > 3 || parts[0].empty()) {
    return ColumnError("skills", absl::StrCat("'", text, "' is not name[:level[:years]]"));
  }
  skill["skill"] = parts[0];
  int number = 0;
  if (parts.size() >= 2) {
    if (!absl::SimpleAtoi(parts[1], &number)) {
      return ColumnError("skills", absl::StrCat("'", text, "': the level is not a number"));
    }
    skill["level"] = number;
  }
  if (parts.size() == 3) {
    if (!absl::SimpleAtoi(parts[2], &number)) {
      return ColumnError("skills", absl::StrCat("'", text, "': the years are not a number"));
    }
    skill["years"] = number;
  }
  return absl::OkStatus();
}

// "5000 EUR" (or "EUR 5000").
absl::Status ParseMoney(absl::string_view column, absl::string_view text, json& money) {
  std::vector<std::string> parts = absl::StrSplit(text, ' ', absl::SkipWhitespace());
  if (parts.size() == 2) {
    std::int64_t units = 0;
    if (absl::SimpleAtoi(parts[0], &units)) {
      money["units"] = units;
      money["currency_code"] = absl::AsciiStrToUpper(parts[1]);
      return absl::OkStatus();
    }
    if (absl::SimpleAtoi(parts[1], &units)) {
      money["units"] = units;
      money["currency_code"] = absl::AsciiStrToUpper(parts[0]);
      return absl::OkStatus();
    }
  }
  return ColumnError(column,
                     absl::StrCat("'", text, "' is not an amount and a currency, e.g. 5000 EUR"));
}

absl::Status ParseDate(absl::string_view column, absl::string_view text, json& date) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) || !absl::SimpleAtoi(parts[2], &day)) {
    return ColumnError(column, absl::StrCat("'", text, "' is not a date YYYY-MM-DD"));
  }
  date = json{{"year", year}, {"month", month}, {"day", day}};
  return absl::OkStatus();
}

std::string Upper(absl::string_view text) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
}

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string out;
  for (std::size_t i = 0; i < size; ++i) absl::StrAppendFormat(&out, "%02x", bytes[i]);
  return out;
}

}  // namespace

absl::StatusOr<ImportFormat> DetectImportFormat(absl::string_view path, absl::string_view flag) {
  const std::string format = absl::AsciiStrToLower(flag);
  if (format == "csv") return ImportFormat::kCsv;
  if (format == "jsonl" || format == "json") return ImportFormat::kJsonLines;
  if (!format.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--format ", flag, ": csv or jsonl"));
  }
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".csv")) return ImportFormat::kCsv;
  if (absl::EndsWith(lower, ".jsonl") || absl::EndsWith(lower, ".ndjson") ||
      absl::EndsWith(lower, ".json")) {
    return ImportFormat::kJsonLines;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": cannot tell the format from the name; say --format csv or --format jsonl"));
}

const std::vector<std::string>& CsvColumns() {
  static const auto* columns = new std::vector<std::string>{
      "display_name",   "email",  "phone", "country",    "time_zone",     "hours",
      "days",           "skills", "kinds", "seniority",  "english_level", "monthly_rate",
      "available_from", "source", "notes", "soft_skills"};
  return *columns;
}

absl::Status CheckCsvHeader(const std::vector<std::string>& header) {
  std::vector<std::string> seen;
  for (const std::string& raw : header) {
    const std::string column = absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw));
    if (std::find(CsvColumns().begin(), CsvColumns().end(), column) == CsvColumns().end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line 1: unknown column '", raw, "' (columns: ", absl::StrJoin(CsvColumns(), ", "), ")"));
    }
    if (std::find(seen.begin(), seen.end(), column) != seen.end()) {
      return absl::InvalidArgumentError(absl::StrCat("line 1: column '", raw, "' appears twice"));
    }
    seen.push_back(column);
  }
  if (std::find(seen.begin(), seen.end(), "display_name") == seen.end()) {
    return absl::InvalidArgumentError("line 1: the header has no display_name column");
  }
  return absl::OkStatus();
}

absl::StatusOr<talent::v1::Candidate> CandidateFromCsv(const std::vector<std::string>& header,
                                                       const std::vector<std::string>& fields) {
  if (fields.size() != header.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the row has ", fields.size(), " fields, the header ", header.size()));
  }
  json candidate = json::object();
  json hours = json::object();
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string column = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
    const std::string value(absl::StripAsciiWhitespace(fields[i]));
    if (value.empty()) continue;
    if (column == "display_name" || column == "email" || column == "phone" || column == "source" ||
        column == "notes") {
      candidate[column] = value;
    } else if (column == "country") {
      candidate["country"] = Upper(value);
    } else if (column == "time_zone") {
      hours["time_zone"] = value;
    } else if (column == "hours") {
      if (absl::Status status = ParseHours(value, hours); !status.ok()) return status;
    } else if (column == "days") {
      json days = json::array();
      for (const std::string& day : SplitList(value)) days.push_back(Upper(day));
      hours["days"] = days;
    } else if (column == "skills") {
      json skills = json::array();
      for (const std::string& text : SplitList(value)) {
        json skill;
        if (absl::Status status = ParseSkill(text, skill); !status.ok()) return status;
        skills.push_back(skill);
      }
      candidate["skills"] = skills;
    } else if (column == "kinds") {
      json kinds = json::array();
      for (const std::string& kind : SplitList(value)) kinds.push_back(Upper(kind));
      candidate["kinds"] = kinds;
    } else if (column == "seniority" || column == "english_level") {
      candidate[column] = Upper(value);
    } else if (column == "monthly_rate") {
      json money;
      if (absl::Status status = ParseMoney(column, value, money); !status.ok()) return status;
      candidate["monthly_rate"] = money;
    } else if (column == "available_from") {
      json date;
      if (absl::Status status = ParseDate(column, value, date); !status.ok()) return status;
      candidate["available_from"] = date;
    } else if (column == "soft_skills") {
      candidate["soft_skills"] = SplitList(value);
    }
  }
  if (!hours.empty()) candidate["working_hours"] = hours;
  talent::v1::Candidate out;
  const auto parsed = google::protobuf::util::JsonStringToMessage(candidate.dump(), &out);
  if (!parsed.ok()) return absl::InvalidArgumentError(parsed.message().ToString());
  return out;
}

absl::StatusOr<talent::v1::Candidate> CandidateFromJsonLine(absl::string_view line) {
  talent::v1::Candidate out;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &out);
  if (!parsed.ok()) return absl::InvalidArgumentError(parsed.message().ToString());
  return out;
}

std::string ImportRequestId(absl::string_view input_path, int line, absl::string_view raw) {
  const std::string text = absl::StrCat(input_path, "\n", line, "\n", raw);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::StrCat("import-", Hex(digest, 20));
}

std::string DefaultStatePath(absl::string_view input) {
  return absl::StrCat(input, ".import-state");
}

absl::StatusOr<std::optional<ImportState>> LoadImportState(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  try {
    const YAML::Node root = YAML::LoadFile(path);
    ImportState state;
    state.input = root["input"].as<std::string>("");
    state.last_line = root["last_line"].as<int>(0);
    state.created = root["created"].as<int>(0);
    state.existing = root["existing"].as<int>(0);
    state.rejected = root["rejected"].as<int>(0);
    if (root["rejected_lines"])
      state.rejected_lines = root["rejected_lines"].as<std::vector<int>>();
    state.finished = root["finished"].as<bool>(false);
    return state;
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not an import state file (", e.what(), "); remove it to start over"));
  }
}

absl::Status SaveImportState(const ImportState& state, const std::string& path) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "input" << YAML::Value << state.input;
  out << YAML::Key << "last_line" << YAML::Value << state.last_line;
  out << YAML::Key << "created" << YAML::Value << state.created;
  out << YAML::Key << "existing" << YAML::Value << state.existing;
  out << YAML::Key << "rejected" << YAML::Value << state.rejected;
  out << YAML::Key << "rejected_lines" << YAML::Value << YAML::Flow << state.rejected_lines;
  out << YAML::Key << "finished" << YAML::Value << state.finished;
  out << YAML::EndMap;
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << out.c_str() << "\n";
    if (!file.flush()) return absl::InternalError(absl::StrCat("cannot write ", temporary));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot replace ", path));
  }
  return absl::OkStatus();
}

void RecordRow(ImportState& state, int line, RowOutcome outcome) {
  switch (outcome) {
    case RowOutcome::kCreated:
      ++state.created;
      break;
    case RowOutcome::kExisting:
      ++state.existing;
      break;
    case RowOutcome::kRejected:
      ++state.rejected;
      state.rejected_lines.push_back(line);
      break;
  }
  state.last_line = std::max(state.last_line, line);
}

std::string ImportSummary(const ImportState& state) {
  std::string out = absl::StrCat(state.created, " created, ", state.existing,
                                 " already in the pool, ", state.rejected, " rejected");
  if (!state.rejected_lines.empty()) {
    absl::StrAppend(&out, " (line", state.rejected_lines.size() == 1 ? " " : "s ",
                    absl::StrJoin(state.rejected_lines, ", "), ")");
  }
  return out;
}

std::string ProgressBar(int done, int total, int width) {
  if (total <= 0) total = 1;
  done = std::clamp(done, 0, total);
  const int filled = static_cast<int>(static_cast<long long>(done) * width / total);
  return absl::StrFormat("[%s%s] %3d%% %d/%d", std::string(filled, '#'),
                         std::string(width - filled, '.'),
                         static_cast<int>(static_cast<long long>(done) * 100 / total), done, total);
}

}  // namespace meridian::ctl
