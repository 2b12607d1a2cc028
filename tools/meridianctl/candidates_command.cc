// meridianctl candidates: the talent pool (create, list, show, update, erase), and import, which
// adds many people from CSV or JSON lines and can be interrupted and resumed (import.h).
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/csv_reader.h"
#include "tools/meridianctl/import.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace talent = meridian::talent::v1;
namespace common_v1 = meridian::common::v1;

namespace {

std::string SkillsText(const talent::Candidate& candidate) {
  std::vector<std::string> skills;
  for (const auto& skill : candidate.skills()) {
    skills.push_back(absl::StrCat(skill.skill(), ":", skill.level()));
  }
  return absl::StrJoin(skills, " ");
}

void PrintCandidates(Session& session, const pb::RepeatedPtrField<talent::Candidate>& candidates) {
  Table table({"NAME", "DISPLAY NAME", "COUNTRY", "STATE", "SENIORITY", "RATE", "SKILLS"});
  table.SetMaxWidth(1, 32);
  table.SetMaxWidth(6, 48);
  for (const talent::Candidate& candidate : candidates) {
    table.AddRow({candidate.name(), candidate.display_name(), candidate.country(),
                  session.State(talent::Candidate::State_Name(candidate.state())),
                  EnumText(common_v1::Seniority_descriptor(), candidate.seniority()),
                  MoneyText(candidate.monthly_rate()), SkillsText(candidate)});
  }
  session.PrintTable(table);
}

struct CandidateOptions {
  std::string file;
  std::string display_name;
  std::string email;
  std::string phone;
  std::string country;
  std::vector<std::string> skills;
  std::vector<std::string> kinds;
  std::string seniority;
  std::string english;
  std::string rate;
  std::string available_from;
  std::string state;
  std::string source;
  std::string notes;
  std::vector<std::string> soft_skills;
  HoursOptions hours;
  std::string request_id;
  bool validate_only = false;
};

void AddCandidateFields(CLI::App* command, CandidateOptions& options) {
  command->add_option("-f,--file", options.file,
                      "the candidate as JSON (protobuf's mapping; - for stdin)");
  command->add_option("--name,--display-name", options.display_name, "the person's name");
  command->add_option("--email", options.email, "email, unique in the pool");
  command->add_option("--phone", options.phone, "phone, unique in the pool");
  command->add_option("--country", options.country, "ISO 3166-1 alpha-2, e.g. PT");
  command->add_option("--skill", options.skills, "SKILL[:LEVEL[:YEARS]] (repeat), e.g. go:4:5");
  command->add_option("--kind", options.kinds, "a role kind the person fits (repeat)");
  command->add_option("--seniority", options.seniority, "JUNIOR ... PRINCIPAL");
  command->add_option("--english", options.english, "CEFR level, A1 ... C2");
  command->add_option("--rate", options.rate, "monthly rate, e.g. \"5000 EUR\"");
  command->add_option("--available-from", options.available_from, "YYYY-MM-DD");
  command->add_option("--state", options.state, "AVAILABLE or INACTIVE");
  command->add_option("--source", options.source, "who brought the person in");
  command->add_option("--notes", options.notes, "what recruiters learned");
  command->add_option("--soft-skill", options.soft_skills, "a soft skill (repeat)");
  AddHours(command, options.hours, "the person's");
}

absl::Status ApplyCandidate(const CandidateOptions& options, talent::Candidate& candidate,
                            pb::FieldMask& mask) {
  if (!options.file.empty()) {
    if (absl::Status status = ReadJsonFile(options.file, &candidate); !status.ok()) return status;
  }
  auto set_string = [&](const std::string& value,
                        void (talent::Candidate::*setter)(const std::string&),
                        absl::string_view path) {
    if (value.empty()) return;
    (candidate.*setter)(value);
    AddPath(mask, path);
  };
  set_string(options.display_name, &talent::Candidate::set_display_name, "display_name");
  set_string(options.email, &talent::Candidate::set_email, "email");
  set_string(options.phone, &talent::Candidate::set_phone, "phone");
  set_string(absl::AsciiStrToUpper(options.country), &talent::Candidate::set_country, "country");
  set_string(options.source, &talent::Candidate::set_source, "source");
  set_string(options.notes, &talent::Candidate::set_notes, "notes");
  if (!options.skills.empty()) {
    candidate.clear_skills();
    for (const auto& text : options.skills) {
      auto requirement = ParseSkillRequirement(text);
      if (!requirement.ok()) return requirement.status();
      talent::CandidateSkill& skill = *candidate.add_skills();
      skill.set_skill(requirement->skill());
      skill.set_level(requirement->min_level());
      skill.set_years(requirement->min_years());
    }
    AddPath(mask, "skills");
  }
  if (!options.kinds.empty()) {
    candidate.clear_kinds();
    for (const auto& text : options.kinds) {
      auto kind = ParseEnum(*common_v1::RoleKind_descriptor(), text, "--kind");
      if (!kind.ok()) return kind.status();
      candidate.add_kinds(static_cast<common_v1::RoleKind>(*kind));
    }
    AddPath(mask, "kinds");
  }
  if (!options.seniority.empty()) {
    auto value = ParseEnum(*common_v1::Seniority_descriptor(), options.seniority, "--seniority");
    if (!value.ok()) return value.status();
    candidate.set_seniority(static_cast<common_v1::Seniority>(*value));
    AddPath(mask, "seniority");
  }
  if (!options.english.empty()) {
    auto value = ParseEnum(*talent::EnglishLevel_descriptor(), options.english, "--english");
    if (!value.ok()) return value.status();
    candidate.set_english_level(static_cast<talent::EnglishLevel>(*value));
    AddPath(mask, "english_level");
  }
  if (!options.rate.empty()) {
    auto money = ParseMoney(options.rate, "--rate");
    if (!money.ok()) return money.status();
    *candidate.mutable_monthly_rate() = *money;
    AddPath(mask, "monthly_rate");
  }
  if (!options.available_from.empty()) {
    auto date = ParseDate(options.available_from, "--available-from");
    if (!date.ok()) return date.status();
    *candidate.mutable_available_from() = *date;
    AddPath(mask, "available_from");
  }
  if (!options.state.empty()) {
    auto value = ParseEnum(*talent::Candidate::State_descriptor(), options.state, "--state");
    if (!value.ok()) return value.status();
    candidate.set_state(static_cast<talent::Candidate::State>(*value));
    AddPath(mask, "state");
  }
  if (!options.soft_skills.empty()) {
    candidate.clear_soft_skills();
    for (const auto& skill : options.soft_skills) candidate.add_soft_skills(skill);
    AddPath(mask, "soft_skills");
  }
  auto hours = BuildHours(options.hours);
  if (!hours.ok()) return hours.status();
  if (hours->has_value()) {
    *candidate.mutable_working_hours() = **hours;
    AddPath(mask, "working_hours");
  }
  return absl::OkStatus();
}

// Set by SIGINT/SIGTERM during an import: the row in flight finishes, the state is saved, and
// the import stops, to be resumed by running it again.
volatile std::sig_atomic_t import_interrupted = 0;
extern "C" void OnImportSignal(int) { import_interrupted = 1; }

struct ImportOptions {
  std::string input;
  std::string format;
  std::string state_file;
  bool restart = false;
  bool quiet = false;
};

// One row read from the input: its line, its text, and the candidate or why it is not one.
struct InputRow {
  int line = 0;
  std::string raw;
  absl::StatusOr<talent::Candidate> candidate = absl::UnknownError("unread");
};

absl::StatusOr<std::vector<InputRow>> ReadRows(const std::string& path, ImportFormat format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  std::vector<InputRow> rows;
  if (format == ImportFormat::kCsv) {
    CsvReader reader(in);
    CsvRecord record;
    auto more = reader.Next(&record);
    if (!more.ok()) return more.status();
    if (!*more) return rows;
    const std::vector<std::string> header = record.fields;
    if (absl::Status status = CheckCsvHeader(header); !status.ok()) return status;
    while (true) {
      more = reader.Next(&record);
      if (!more.ok()) return more.status();
      if (!*more) break;
      rows.push_back({record.line, record.raw, CandidateFromCsv(header, record.fields)});
    }
    return rows;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    rows.push_back({number, line, CandidateFromJsonLine(line)});
  }
  return rows;
}

int RunImport(Session& session, const ImportOptions& options) {
  auto format = DetectImportFormat(options.input, options.format);
  if (!format.ok()) return UsageError(format.status().message());
  auto rows = ReadRows(options.input, *format);
  if (!rows.ok()) return UsageError(rows.status().message());
  const std::string state_path =
      options.state_file.empty() ? DefaultStatePath(options.input) : options.state_file;
  ImportState state{.input = options.input};
  if (!options.restart) {
    auto loaded = LoadImportState(state_path);
    if (!loaded.ok()) return UsageError(loaded.status().message());
    if (loaded->has_value()) {
      if ((*loaded)->input != options.input) {
        return UsageError(absl::StrCat(state_path, " is the state of an import of ",
                                       (*loaded)->input, "; use --state-file or --restart"));
      }
      state = **loaded;
      if (state.finished) {
        std::fprintf(stderr, "%s was imported already: %s (--restart to run it again)\n",
                     options.input.c_str(), ImportSummary(state).c_str());
        return state.rejected > 0 ? kExitInvalid : kExitOk;
      }
      if (state.last_line > 0) {
        std::fprintf(stderr, "resuming after line %d (%s)\n", state.last_line,
                     ImportSummary(state).c_str());
      }
    }
  }
  const bool progress = !options.quiet && isatty(STDERR_FILENO) != 0;
  const int total = static_cast<int>(rows->size());
  int done = 0;
  for (const InputRow& row : *rows) {
    if (!ShouldImport(state, row.line)) ++done;
  }
  std::signal(SIGINT, OnImportSignal);
  std::signal(SIGTERM, OnImportSignal);
  auto clear_progress = [&] {
    if (progress) std::fputs("\r\x1b[K", stderr);
  };
  for (const InputRow& row : *rows) {
    if (!ShouldImport(state, row.line)) continue;
    if (import_interrupted != 0) break;
    RowOutcome outcome = RowOutcome::kCreated;
    if (!row.candidate.ok()) {
      clear_progress();
      std::fprintf(stderr, "line %d: %s\n", row.line,
                   std::string(row.candidate.status().message()).c_str());
      outcome = RowOutcome::kRejected;
    } else {
      talent::CreateCandidateRequest request;
      *request.mutable_candidate() = *row.candidate;
      request.set_request_id(ImportRequestId(options.input, row.line, row.raw));
      talent::Candidate created;
      grpc::Status status =
          session.talent().CreateCandidate(session.Context().get(), request, &created);
      if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        outcome = RowOutcome::kExisting;
      } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                 status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
                 status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
                 status.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
                 status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        // Not the row's fault: stop here, so that running again carries on from this row.
        clear_progress();
        std::fprintf(stderr, "line %d: stopped: ", row.line);
        const int code = session.Fail(status);
        (void)SaveImportState(state, state_path);
        std::fprintf(stderr, "%s; run the same command again to resume after line %d\n",
                     ImportSummary(state).c_str(), state.last_line);
        return code;
      } else if (!status.ok()) {
        clear_progress();
        std::fprintf(
            stderr, "line %d: %s: %s\n%s", row.line,
            absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())).c_str(),
            status.error_message().c_str(), FormatFieldViolations(status.error_details()).c_str());
        outcome = RowOutcome::kRejected;
      }
    }
    RecordRow(state, row.line, outcome);
    ++done;
    if (absl::Status saved = SaveImportState(state, state_path); !saved.ok()) {
      return StatusError(saved);
    }
    if (progress) {
      std::fprintf(stderr, "\r%s  %d rejected", ProgressBar(done, total, 30).c_str(),
                   state.rejected);
      std::fflush(stderr);
    }
  }
  clear_progress();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (import_interrupted != 0) {
    std::fprintf(stderr, "interrupted after line %d: %s; run the same command again to resume\n",
                 state.last_line, ImportSummary(state).c_str());
    return kExitUnavailable;
  }
  state.finished = true;
  if (absl::Status saved = SaveImportState(state, state_path); !saved.ok())
    return StatusError(saved);
  std::printf("%s: %s\n", options.input.c_str(), ImportSummary(state).c_str());
  return state.rejected > 0 ? kExitInvalid : kExitOk;
}

}  // namespace

void Cli::AddCandidates() {
  CLI::App* group =
      Group("candidates", "the talent pool: create, list, show, update, erase, import");
  {
    auto options = std::make_shared<CandidateOptions>();
    CLI::App* create =
        Leaf(group, "create", "add a person to the pool", [options](Session& session) {
          talent::CreateCandidateRequest request;
          pb::FieldMask mask;
          MERIDIANCTL_RETURN_IF_ERROR(ApplyCandidate(*options, *request.mutable_candidate(), mask));
          request.set_request_id(options->request_id);
          request.set_validate_only(options->validate_only);
          talent::Candidate candidate;
          grpc::Status status =
              session.talent().CreateCandidate(session.Context().get(), request, &candidate);
          if (!status.ok()) return session.Fail(status);
          return session.Show(candidate);
        });
    AddCandidateFields(create, *options);
    create->add_option("--request-id", options->request_id, "makes a retry safe");
    create->add_flag("--validate-only", options->validate_only, "check, create nothing");
  }
  {
    auto paging = std::make_shared<Paging>();
    auto filter = std::make_shared<std::string>();
    CLI::App* list = Leaf(group, "list", "list candidates", [paging, filter](Session& session) {
      talent::ListCandidatesRequest request;
      request.set_page_size(paging->page_size);
      request.set_page_token(paging->page_token);
      request.set_filter(*filter);
      talent::ListCandidatesResponse response;
      grpc::Status status =
          session.talent().ListCandidates(session.Context().get(), request, &response);
      if (!status.ok()) return session.Fail(status);
      if (session.PrintForScripts(response)) return kExitOk;
      PrintCandidates(session, response.candidates());
      session.MorePages(response.next_page_token());
      return kExitOk;
    });
    list->add_option("--filter", *filter,
                     "e.g. \"state = AVAILABLE AND skill = go AND country = PT\"");
    AddPaging(list, *paging);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* show = Leaf(group, "show", "show one candidate", [name](Session& session) {
      talent::GetCandidateRequest request;
      request.set_name(Qualify("candidates", *name));
      talent::Candidate candidate;
      grpc::Status status =
          session.talent().GetCandidate(session.Context().get(), request, &candidate);
      if (!status.ok()) return session.Fail(status);
      return session.Show(candidate);
    });
    show->add_option("candidate", *name, "candidates/ID or ID")->required();
  }
  {
    auto name = std::make_shared<std::string>();
    auto options = std::make_shared<CandidateOptions>();
    CLI::App* update =
        Leaf(group, "update", "change the fields given", [name, options](Session& session) {
          talent::UpdateCandidateRequest request;
          MERIDIANCTL_RETURN_IF_ERROR(ApplyCandidate(*options, *request.mutable_candidate(),
                                                     *request.mutable_update_mask()));
          if (!options->file.empty()) request.clear_update_mask();
          request.mutable_candidate()->set_name(Qualify("candidates", *name));
          talent::Candidate candidate;
          grpc::Status status =
              session.talent().UpdateCandidate(session.Context().get(), request, &candidate);
          if (!status.ok()) return session.Fail(status);
          return session.Show(candidate);
        });
    update->add_option("candidate", *name, "candidates/ID or ID")->required();
    AddCandidateFields(update, *options);
  }
  {
    auto name = std::make_shared<std::string>();
    auto yes = std::make_shared<bool>(false);
    CLI::App* erase = Leaf(
        group, "erase", "erase a person's personal data for good", [name, yes](Session& session) {
          if (!*yes) return UsageError("erasing cannot be undone: add --yes to erase");
          talent::DeleteCandidateRequest request;
          request.set_name(Qualify("candidates", *name));
          pb::Empty empty;
          grpc::Status status =
              session.talent().DeleteCandidate(session.Context().get(), request, &empty);
          if (!status.ok()) return session.Fail(status);
          if (!session.PrintForScripts(empty)) std::printf("erased %s\n", request.name().c_str());
          return kExitOk;
        });
    erase->add_option("candidate", *name, "candidates/ID or ID")->required();
    erase->add_flag("--yes", *yes, "yes, erase (it cannot be undone)");
  }
  {
    auto options = std::make_shared<ImportOptions>();
    CLI::App* import = Leaf(group, "import",
                            "add many people from CSV or JSON lines; resumable, safe to run again",
                            [options](Session& session) { return RunImport(session, *options); });
    import->add_option("file", options->input, "a .csv with a header row, or .jsonl")->required();
    import->add_option("--format", options->format, "csv or jsonl (default: by the file's name)");
    import->add_option("--state-file", options->state_file,
                       "where progress is kept (default: FILE.import-state)");
    import->add_flag(
        "--restart", options->restart,
        "ignore the state file and go through every row again (nothing is created twice)");
    import->add_flag("-q,--quiet", options->quiet, "no progress bar");
    import->footer(
        absl::StrCat("CSV columns (header row, any order): ", absl::StrJoin(CsvColumns(), ","),
                     "\nLists are separated by ';', skills are name:level:years, hours "
                     "09:00-17:00, monthly_rate \"5000 EUR\"."));
  }
}

}  // namespace meridian::ctl
