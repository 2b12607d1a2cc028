// The pure parts of `meridianctl candidates import`: rows of a CSV file or of JSON lines turned
// into candidates, the request_id each row is created with, and the state file that lets an
// interrupted import carry on where it stopped.
//
// A row's request_id comes from the file's path, the row's line and the row's text, so a run
// again over the same file (after an interruption, or by mistake) sends the same ids and the
// service returns the candidates it created the first time instead of creating them twice;
// a row fixed after a rejection gets a new id. The state file records the last line done, so
// that a resumed run skips what was done without calling for it.
//
//   CSV: a header row naming the columns (any order, case-insensitive):
//     display_name,email,phone,country,time_zone,hours,days,skills,kinds,seniority,
//     english_level,monthly_rate,available_from,source,notes,soft_skills
//   e.g. Ana Lima,ana@example.com,,PT,Europe/Lisbon,09:00-17:00,,go:4:5;postgresql:3,
//        BACKEND_ENGINEER,SENIOR,C1,5000 EUR,,referral,,mentoring
//   JSON lines: one Candidate per line in protobuf's JSON mapping.
//
//   ImportState state = LoadImportState(path).value_or(ImportState{.input = input});
//   if (!ShouldImport(state, row.line)) continue;
//   request.set_request_id(ImportRequestId(input, row.line, row.raw));
//   RecordRow(state, row.line, RowOutcome::kCreated);
//   SaveImportState(state, path);
#pragma once

#include <optional>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::ctl {

enum class ImportFormat { kCsv, kJsonLines };

// `flag` ("csv", "jsonl") when given, else the file's extension (.csv; .jsonl, .ndjson, .json).
// INVALID_ARGUMENT when neither says.
absl::StatusOr<ImportFormat> DetectImportFormat(absl::string_view path, absl::string_view flag);

// The CSV columns a header may name.
const std::vector<std::string>& CsvColumns();

// Checks a CSV header: INVALID_ARGUMENT naming an unknown or repeated column, or a missing
// display_name.
absl::Status CheckCsvHeader(const std::vector<std::string>& header);

// One CSV row as a candidate. Lists (days, skills, kinds, soft_skills) are separated by ";";
// a skill is name[:level[:years]]; hours are "09:00-17:00"; monthly_rate is "5000 EUR";
// enum values are their names in any case. INVALID_ARGUMENT naming the column otherwise.
absl::StatusOr<talent::v1::Candidate> CandidateFromCsv(const std::vector<std::string>& header,
                                                       const std::vector<std::string>& fields);

// One JSON line as a candidate (protobuf's JSON mapping; unknown fields refused).
absl::StatusOr<talent::v1::Candidate> CandidateFromJsonLine(absl::string_view line);

// "import-" and 40 hex digits of SHA-256 over the file's path, the line and the row's text.
std::string ImportRequestId(absl::string_view input_path, int line, absl::string_view raw);

// How a row ended.
enum class RowOutcome {
  kCreated,   // created now (or by an earlier run with the same request_id)
  kExisting,  // ALREADY_EXISTS: the person is in the pool already
  kRejected,  // refused; reported with its line and field violations
};

// Where an import of one file is.
struct ImportState {
  // The input's path, as given to the first run (a state file of another input is refused).
  std::string input = {};
  // The last line done (of any outcome); a resumed run starts after it.
  int last_line = 0;
  int created = 0;
  int existing = 0;
  int rejected = 0;
  // The lines of the rejected rows, for the summary.
  std::vector<int> rejected_lines = {};
  // Every row was done.
  bool finished = false;
};

// `<input>.import-state`, beside the input.
std::string DefaultStatePath(absl::string_view input);

// nullopt when there is no state file; INVALID_ARGUMENT when it cannot be read as one.
absl::StatusOr<std::optional<ImportState>> LoadImportState(const std::string& path);

// Writes the state (replaced atomically, so an interruption leaves the old or the new one).
absl::Status SaveImportState(const ImportState& state, const std::string& path);

// Whether the row on `line` is still to do.
inline bool ShouldImport(const ImportState& state, int line) { return line > state.last_line; }

// Counts the row's outcome and moves last_line on to it.
void RecordRow(ImportState& state, int line, RowOutcome outcome);

// "12 created, 3 already in the pool, 2 rejected (lines 4, 9)".
std::string ImportSummary(const ImportState& state);

// A progress bar of `width` cells for `done` of `total`: "[#####.....]  50% 500/1000".
std::string ProgressBar(int done, int total, int width);

}  // namespace meridian::ctl
