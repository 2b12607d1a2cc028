#include "tools/meridianctl/cli.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/auth/bootstrap.h"
#include "common/config/tls_config.h"
#include "common/server/tls_credentials.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "meridian/access/v1/access.grpc.pb.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "tools/meridianctl/config.h"
#include "tools/meridianctl/csv_reader.h"
#include "tools/meridianctl/import.h"
#include "tools/meridianctl/output.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace intake = meridian::intake::v1;
namespace talent = meridian::talent::v1;
namespace placement = meridian::placement::v1;
namespace access = meridian::access::v1;
namespace events = meridian::events::v1;
namespace common_v1 = meridian::common::v1;

// ---------------------------------------------------------------------------------------
// Parsing the user's words

std::string Qualify(absl::string_view collection, absl::string_view id) {
  if (id.find('/') != absl::string_view::npos) return std::string(id);
  return absl::StrCat(collection, "/", id);
}

absl::StatusOr<int> ParseEnum(const pb::EnumDescriptor& type, absl::string_view text,
                              absl::string_view flag) {
  const std::string wanted = absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  std::vector<std::string> allowed;
  for (int i = 0; i < type.value_count(); ++i) {
    const pb::EnumValueDescriptor* value = type.value(i);
    if (value->number() == 0) continue;  // *_UNSPECIFIED is never something to ask for
    if (value->name() == wanted) return value->number();
    allowed.push_back(value->name());
  }
  return absl::InvalidArgumentError(
      absl::StrCat(flag, " ", text, ": not one of ", absl::StrJoin(allowed, ", ")));
}

absl::StatusOr<common_v1::SkillRequirement> ParseSkillRequirement(absl::string_view text) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  common_v1::SkillRequirement skill;
  int number = 0;
  if (parts.empty() || parts.size() > 3 || parts[0].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--skill ", text, ": expected SKILL[:MIN_LEVEL[:MIN_YEARS]], e.g. go:4:3"));
  }
  skill.set_skill(parts[0]);
  if (parts.size() >= 2) {
    if (!absl::SimpleAtoi(parts[1], &number)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--skill ", text, ": the level is not a number"));
    }
    skill.set_min_level(number);
  }
  if (parts.size() == 3) {
    if (!absl::SimpleAtoi(parts[2], &number)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--skill ", text, ": the years are not a number"));
    }
    skill.set_min_years(number);
  }
  return skill;
}

absl::StatusOr<common_v1::Money> ParseMoney(absl::string_view text, absl::string_view flag) {
  std::vector<std::string> parts = absl::StrSplit(text, ' ', absl::SkipWhitespace());
  common_v1::Money money;
  std::int64_t units = 0;
  if (parts.size() == 2 && absl::SimpleAtoi(parts[0], &units)) {
    money.set_units(units);
    money.set_currency_code(absl::AsciiStrToUpper(parts[1]));
    return money;
  }
  if (parts.size() == 2 && absl::SimpleAtoi(parts[1], &units)) {
    money.set_units(units);
    money.set_currency_code(absl::AsciiStrToUpper(parts[0]));
    return money;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(flag, " ", text, ": expected an amount and a currency, e.g. \"9000 USD\""));
}

absl::StatusOr<google::type::Date> ParseDate(absl::string_view text, absl::string_view flag) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " ", text, ": expected YYYY-MM-DD"));
  }
  google::type::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::StatusOr<pb::Timestamp> ParseTime(absl::string_view text, absl::TimeZone zone,
                                        absl::string_view flag) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    absl::CivilMinute minute;
    if (!absl::ParseCivilTime(absl::StrReplaceAll(text, {{" ", "T"}}), &minute)) {
      return absl::InvalidArgumentError(absl::StrCat(
          flag, " ", text, ": expected RFC 3339 (2027-03-08T10:00:00Z) or \"2027-03-08 10:00\""));
    }
    time = absl::FromCivil(minute, zone);
  }
  pb::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  return timestamp;
}

absl::Time EndOfWeek(absl::Time now, absl::TimeZone zone) {
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  // Days to next Monday: Monday -> 7, Sunday -> 1.
  const int weekday = static_cast<int>(absl::GetWeekday(today));  // Monday is 0
  return absl::FromCivil(today + (7 - weekday), zone);
}

namespace {

// ---------------------------------------------------------------------------------------
// The settings of one run and the calls

constexpr ClientTlsFlags kCtlTlsFlags{.ca_file = "tls-ca-file",
                                      .cert_file = "tls-client-cert-file",
                                      .key_file = "tls-client-key-file",
                                      .server_name = "tls-server-name"};

// The global options, before the config and environment are laid under them.
struct Globals {
  std::string output = "table";
  std::string tz;
  std::string context;
  Settings flags;
  double timeout_seconds = 30;
};

// A usage error of ours: the message, and exit status 2.
int UsageError(absl::string_view message) {
  std::fprintf(stderr, "meridianctl: %s\n", std::string(message).c_str());
  return kExitUsage;
}

int StatusError(const absl::Status& status) {
  std::fprintf(stderr, "meridianctl: %s\n", std::string(status.message()).c_str());
  return status.code() == absl::StatusCode::kInvalidArgument ||
                 status.code() == absl::StatusCode::kNotFound
             ? kExitUsage
             : kExitFailed;
}

class Session final {
 public:
  explicit Session(const Globals& globals) : globals_(globals) {}

  // Resolves the config, the zone and the format. Usage errors come back as their exit status.
  std::optional<int> Init() {
    auto format = ParseOutputFormat(globals_.output);
    if (!format.ok()) return UsageError(format.status().message());
    format_ = *format;
    auto config = LoadConfig(ConfigPath(GetEnv));
    if (!config.ok()) return StatusError(config.status());
    auto settings = ResolveSettings(*config, globals_.context, globals_.flags, GetEnv);
    if (!settings.ok()) return StatusError(settings.status());
    settings_ = *settings;
    auto zone = ResolveTimeZone(!globals_.tz.empty() ? globals_.tz : settings_.tz);
    if (!zone.ok()) return UsageError(zone.status().message());
    zone_ = *zone;
    out_ = Style(ColourWanted(STDOUT_FILENO) && format_ == OutputFormat::kTable);
    err_ = Style(ColourWanted(STDERR_FILENO));
    return std::nullopt;
  }

  // Channels are made on first use, so that `config view` needs no key.
  std::optional<int> Connect() {
    if (connected_) return std::nullopt;
    auto tls = ReadClientTls(ClientTls{.ca_file = settings_.tls_ca_file,
                                       .cert_file = settings_.tls_client_cert_file,
                                       .key_file = settings_.tls_client_key_file,
                                       .server_name = settings_.tls_server_name},
                             kCtlTlsFlags);
    if (!tls.ok()) return UsageError(tls.status().message());
    CallIdentity identity{.key = settings_.key, .on_behalf_of = settings_.on_behalf_of};
    if (identity.key.empty() && !settings_.key_file.empty()) {
      auto key = ReadKeyFile(settings_.key_file);
      if (!key.ok()) {
        return UsageError(
            absl::StrCat("key file ", settings_.key_file, ": ", key.status().message()));
      }
      identity.key = *key;
    }
    auto intake_channel = CreateChannel(AddressOf(settings_, Service::kIntake), *tls, identity);
    auto talent_channel = CreateChannel(AddressOf(settings_, Service::kTalent), *tls, identity);
    auto placement_channel =
        CreateChannel(AddressOf(settings_, Service::kPlacement), *tls, identity);
    intake_ = intake::IntakeService::NewStub(intake_channel);
    access_ = access::AccessService::NewStub(intake_channel);
    events_ = events::EventService::NewStub(intake_channel);
    talent_ = talent::TalentService::NewStub(talent_channel);
    placement_ = placement::PlacementService::NewStub(placement_channel);
    connected_ = true;
    return std::nullopt;
  }

  std::unique_ptr<grpc::ClientContext> Context(bool deadline = true) const {
    auto context = std::make_unique<grpc::ClientContext>();
    if (deadline) {
      context->set_deadline(
          absl::ToChronoTime(absl::Now() + absl::Seconds(globals_.timeout_seconds)));
    }
    return context;
  }

  // Prints a failed call and returns its exit status.
  int Fail(const grpc::Status& status) const {
    const auto code = static_cast<absl::StatusCode>(status.error_code());
    std::fputs(FormatRpcError(code, status.error_message(), status.error_details(), err_.enabled())
                   .c_str(),
               stderr);
    return ExitCodeFor(code);
  }

  // A message for scripts (json, yaml); false in table mode.
  bool PrintForScripts(const pb::Message& message) const {
    if (format_ == OutputFormat::kJson) {
      std::fputs(MessageToJson(message).c_str(), stdout);
      return true;
    }
    if (format_ == OutputFormat::kYaml) {
      std::fputs(MessageToYaml(message).c_str(), stdout);
      return true;
    }
    return false;
  }

  // One resource: JSON or YAML for scripts, else its fields one a line for people.
  int Show(const pb::Message& message) const {
    if (!PrintForScripts(message)) std::fputs(DetailView(message).c_str(), stdout);
    return kExitOk;
  }

  void PrintTable(const Table& table) const {
    std::fputs(table.Render(out_.enabled()).c_str(), stdout);
  }

  void MorePages(const std::string& token) const {
    if (token.empty() || format_ != OutputFormat::kTable) return;
    std::fprintf(stderr, "%s\n", err_.Dim(absl::StrCat("more: --page-token ", token)).c_str());
  }

  std::string Time(const pb::Timestamp& timestamp) const {
    return FormatTimestamp(timestamp, zone_);
  }

  // A state or stage coloured by what it means for a person reading the list.
  std::string State(absl::string_view name) const {
    static const std::set<absl::string_view> good = {"OPEN",  "ACTIVE", "AVAILABLE",
                                                     "HIRED", "OFFER",  "DONE"};
    static const std::set<absl::string_view> watch = {"ON_HOLD", "AT_RISK", "INTERVIEWING",
                                                      "PENDING", "CLIENT_INTERVIEW"};
    static const std::set<absl::string_view> gone = {"CANCELLED", "ENDED",    "REJECTED",
                                                     "WITHDRAWN", "DISABLED", "FAILED"};
    if (good.contains(name)) return out_.Green(name);
    if (watch.contains(name)) return out_.Yellow(name);
    if (gone.contains(name)) return out_.Red(name);
    return std::string(name);
  }

  // The fields of a message one a line ("field: value"), times in the user's zone, dates as
  // YYYY-MM-DD, nested messages as one line of JSON.
  std::string DetailView(const pb::Message& message) const {
    Table table({"FIELD", "VALUE"});
    const pb::Reflection* reflection = message.GetReflection();
    std::vector<const pb::FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const pb::FieldDescriptor* field : fields) {
      std::vector<std::string> values;
      const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
      for (int i = 0; i < count; ++i) values.push_back(FieldValue(message, field, i));
      table.AddRow({field->name(), absl::StrJoin(values, field->is_map() ? ", " : "; ")});
    }
    table.SetMaxWidth(1, 0);
    return table.Render(out_.enabled());
  }

  OutputFormat format() const { return format_; }
  absl::TimeZone zone() const { return zone_; }
  const Style& out() const { return out_; }
  const Style& err() const { return err_; }
  const Settings& settings() const { return settings_; }
  intake::IntakeService::Stub& intake() { return *intake_; }
  talent::TalentService::Stub& talent() { return *talent_; }
  placement::PlacementService::Stub& placement() { return *placement_; }
  access::AccessService::Stub& access() { return *access_; }
  events::EventService::Stub& events() { return *events_; }

 private:
  std::string FieldValue(const pb::Message& message, const pb::FieldDescriptor* field,
                         int index) const {
    const pb::Reflection* reflection = message.GetReflection();
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
        const pb::Message& value = repeated ? reflection->GetRepeatedMessage(message, field, index)
                                            : reflection->GetMessage(message, field);
        if (const auto* ts = dynamic_cast<const pb::Timestamp*>(&value)) return Time(*ts);
        if (const auto* date = dynamic_cast<const google::type::Date*>(&value)) {
          return FormatDate(*date);
        }
        if (const auto* money = dynamic_cast<const common_v1::Money*>(&value)) {
          return absl::StrCat(money->units(), " ", money->currency_code());
        }
        std::string json;
        pb::util::JsonPrintOptions options;
        options.preserve_proto_field_names = true;
        (void)pb::util::MessageToJsonString(value, &json, options);
        return json;
      }
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const pb::EnumValueDescriptor* value =
            repeated ? reflection->GetRepeatedEnum(message, field, index)
                     : reflection->GetEnum(message, field);
        return State(value->name());
      }
      default: {
        std::string text;
        if (repeated) {
          pb::TextFormat::PrintFieldValueToString(message, field, index, &text);
        } else {
          pb::TextFormat::PrintFieldValueToString(message, field, -1, &text);
        }
        if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && text.size() >= 2) {
          text = repeated ? reflection->GetRepeatedString(message, field, index)
                          : reflection->GetString(message, field);
        }
        return text;
      }
    }
  }

  const Globals& globals_;
  OutputFormat format_ = OutputFormat::kTable;
  Settings settings_;
  absl::TimeZone zone_;
  Style out_{false};
  Style err_{false};
  bool connected_ = false;
  std::unique_ptr<intake::IntakeService::Stub> intake_;
  std::unique_ptr<talent::TalentService::Stub> talent_;
  std::unique_ptr<placement::PlacementService::Stub> placement_;
  std::unique_ptr<access::AccessService::Stub> access_;
  std::unique_ptr<events::EventService::Stub> events_;
};

std::string EnumName(const pb::EnumDescriptor* type, int value) {
  const pb::EnumValueDescriptor* found = type->FindValueByNumber(value);
  return found == nullptr ? absl::StrCat(value) : found->name();
}

// An enum value's name for a table; "-" for the *_UNSPECIFIED value (not answered).
template <typename Enum>
std::string EnumText(const pb::EnumDescriptor* type, Enum value) {
  if (static_cast<int>(value) == 0) return "-";
  return EnumName(type, static_cast<int>(value));
}

std::string MoneyText(const common_v1::Money& money) {
  if (money.currency_code().empty()) return "-";
  return absl::StrCat(money.units(), " ", money.currency_code());
}

std::string HoursText(const common_v1::WorkingHours& hours) {
  if (hours.start().empty()) return "-";
  return absl::StrCat(hours.start(), "-", hours.end());
}

// Reads a message of type M from a JSON file ("-": stdin), for -f.
template <typename M>
absl::Status ReadJsonFile(const std::string& path, M* message) {
  std::string text;
  if (path == "-") {
    std::stringstream buffer;
    buffer << std::cin.rdbuf();
    text = buffer.str();
  } else {
    std::ifstream in(path);
    if (!in) return absl::InvalidArgumentError(absl::StrCat("-f ", path, ": cannot read"));
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  const auto parsed = pb::util::JsonStringToMessage(text, message);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("-f ", path, ": ", parsed.message().ToString()));
  }
  return absl::OkStatus();
}

}  // namespace

namespace {

using Action = std::function<int(Session&)>;

// Options several commands share.
struct Paging {
  int page_size = 0;
  std::string page_token;
};

void AddPaging(CLI::App* command, Paging& paging) {
  command->add_option("--page-size", paging.page_size,
                      "results per page (0: the service's default)");
  command->add_option("--page-token", paging.page_token,
                      "the page to read, from the previous list");
}

// Working hours from --time-zone, --hours and --days; nullopt when none of them is given.
struct HoursOptions {
  std::string time_zone;
  std::string hours;
  std::vector<std::string> days;
};

void AddHours(CLI::App* command, HoursOptions& options, absl::string_view whose) {
  command->add_option("--time-zone", options.time_zone,
                      absl::StrCat("IANA time zone of ", whose, " hours, e.g. Europe/Lisbon"));
  command->add_option("--hours", options.hours, "working hours, HH:MM-HH:MM (default 09:00-17:00)");
  command->add_option("--days", options.days, "working days (MONDAY ...; default Monday to Friday)")
      ->delimiter(',');
}

absl::StatusOr<std::optional<common_v1::WorkingHours>> BuildHours(const HoursOptions& options) {
  if (options.time_zone.empty() && options.hours.empty() && options.days.empty()) {
    return std::nullopt;
  }
  common_v1::WorkingHours hours;
  hours.set_time_zone(options.time_zone);
  const std::string text = options.hours.empty() ? "09:00-17:00" : options.hours;
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat("--hours ", text, ": expected HH:MM-HH:MM"));
  }
  hours.set_start(parts[0]);
  hours.set_end(parts[1]);
  for (const std::string& day : options.days) {
    auto value = ParseEnum(*common_v1::Weekday_descriptor(), day, "--days");
    if (!value.ok()) return value.status();
    hours.add_days(static_cast<common_v1::Weekday>(*value));
  }
  return hours;
}

// The field mask of an update: the flags that were given.
void AddPath(pb::FieldMask& mask, absl::string_view path) { mask.add_paths(std::string(path)); }

#define MERIDIANCTL_RETURN_IF_ERROR(expr)               \
  do {                                                  \
    if (absl::Status _status = (expr); !_status.ok()) { \
      return StatusError(_status);                      \
    }                                                   \
  } while (false)

class Cli final {
 public:
  Cli()
      : app_(std::make_unique<CLI::App>(
            "meridianctl: the recruiter's command line for Meridian (clients, roles, "
            "candidates, search, submissions, placements, events, keys)",
            "meridianctl")) {
    CLI::App& app = *app_;
    app.fallthrough();
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "every command and option");
    app.add_option("-o,--output", globals_.output, "table (default), json or yaml");
    app.add_option("--tz", globals_.tz,
                   "time zone to show times in (default: the context's tz, $TZ or the machine's)");
    app.add_option("--context", globals_.context, "the config context to use (default: current)");
    app.add_option("--address", globals_.flags.address,
                   "host of the services on their default ports, or host:port ($MERIDIAN_ADDRESS)");
    app.add_option("--intake-address", globals_.flags.intake_address, "host:port of intake");
    app.add_option("--talent-address", globals_.flags.talent_address, "host:port of talent");
    app.add_option("--placement-address", globals_.flags.placement_address,
                   "host:port of placement");
    app.add_option("--key-file", globals_.flags.key_file,
                   "file holding the API key, mode 0600 ($MERIDIAN_KEY_FILE)");
    app.add_option("--tls-ca-file", globals_.flags.tls_ca_file, "CA of the servers (turns TLS on)");
    app.add_option("--tls-client-cert-file", globals_.flags.tls_client_cert_file,
                   "client certificate for mTLS");
    app.add_option("--tls-client-key-file", globals_.flags.tls_client_key_file,
                   "client key for mTLS");
    app.add_option("--tls-server-name", globals_.flags.tls_server_name,
                   "name the servers' certificates carry");
    app.add_option("--on-behalf-of", globals_.flags.on_behalf_of,
                   "the person the key acts for (audit log)");
    app.add_option("--timeout", globals_.timeout_seconds,
                   "seconds each call may take (default 30)");
    AddClients();
    AddRoles();
    AddRecommendKind();
    AddCandidates();
    AddSearch();
    AddSubmissions();
    AddPlacements();
    AddEvents();
    AddKeys();
    AddAgencies();
    AddConfig();
    AddCompletion();
  }

  CLI::App& app() { return *app_; }

  int Execute(int argc, char** argv) {
    try {
      app_->parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int code = app_->exit(e);
      return code == 0 ? kExitOk : kExitUsage;
    }
    if (!action_) return UsageError("nothing to do; see meridianctl --help");
    Session session(globals_);
    if (auto failed = session.Init()) return *failed;
    if (needs_server_) {
      if (auto failed = session.Connect()) return *failed;
    }
    return action_(session);
  }

 private:
  // A subcommand that runs `run` (calling the services unless `server` is false).
  CLI::App* Leaf(CLI::App* parent, const std::string& name, const std::string& description,
                 Action run, bool server = true) {
    CLI::App* command = parent->add_subcommand(name, description);
    command->callback([this, run = std::move(run), server] {
      action_ = run;
      needs_server_ = server;
    });
    return command;
  }

  CLI::App* Group(const std::string& name, const std::string& description) {
    CLI::App* group = app_->add_subcommand(name, description);
    group->require_subcommand(1);
    return group;
  }

  void AddClients();
  void AddRoles();
  void AddRecommendKind();
  void AddCandidates();
  void AddSearch();
  void AddSubmissions();
  void AddPlacements();
  void AddEvents();
  void AddKeys();
  void AddAgencies();
  void AddConfig();
  void AddCompletion();

  Globals globals_;
  std::unique_ptr<CLI::App> app_;
  Action action_;
  bool needs_server_ = true;
};

// ---------------------------------------------------------------------------------------
// clients

void PrintClients(Session& session, const std::vector<const intake::Client*>& clients) {
  Table table({"NAME", "DISPLAY NAME", "TIME ZONE", "HOURS", "CREATED"});
  for (const intake::Client* client : clients) {
    table.AddRow({client->name(), client->display_name(), client->working_hours().time_zone(),
                  HoursText(client->working_hours()), session.Time(client->create_time())});
  }
  session.PrintTable(table);
}

struct ClientOptions {
  std::string file;
  std::string display_name;
  std::string mission;
  std::string website;
  std::string notes;
  int team_size = -1;
  std::vector<std::string> culture;
  HoursOptions hours;
  std::string request_id;
  bool validate_only = false;
};

void AddClientFields(CLI::App* command, ClientOptions& options) {
  command->add_option("-f,--file", options.file,
                      "the client as JSON (protobuf's mapping; - for stdin)");
  command->add_option("--name,--display-name", options.display_name, "the company's name");
  command->add_option("--mission", options.mission, "what the company is for");
  command->add_option("--website", options.website, "http(s) URL of its site");
  command->add_option("--notes", options.notes, "what the recruiter learned");
  command->add_option("--team-size", options.team_size, "people at the company");
  command->add_option("--culture", options.culture, "a culture value (repeat)");
  AddHours(command, options.hours, "the company's");
}

// Applies the flags to `client`, naming each in `mask`.
absl::Status ApplyClient(const ClientOptions& options, intake::Client& client,
                         pb::FieldMask& mask) {
  if (!options.file.empty()) {
    if (absl::Status status = ReadJsonFile(options.file, &client); !status.ok()) return status;
  }
  if (!options.display_name.empty()) {
    client.set_display_name(options.display_name);
    AddPath(mask, "display_name");
  }
  if (!options.mission.empty()) {
    client.set_mission(options.mission);
    AddPath(mask, "mission");
  }
  if (!options.website.empty()) {
    client.set_website(options.website);
    AddPath(mask, "website");
  }
  if (!options.notes.empty()) {
    client.set_notes(options.notes);
    AddPath(mask, "notes");
  }
  if (options.team_size >= 0) {
    client.set_team_size(options.team_size);
    AddPath(mask, "team_size");
  }
  if (!options.culture.empty()) {
    client.clear_culture_values();
    for (const auto& value : options.culture) client.add_culture_values(value);
    AddPath(mask, "culture_values");
  }
  auto hours = BuildHours(options.hours);
  if (!hours.ok()) return hours.status();
  if (hours->has_value()) {
    *client.mutable_working_hours() = **hours;
    AddPath(mask, "working_hours");
  }
  return absl::OkStatus();
}

void Cli::AddClients() {
  CLI::App* group = Group("clients", "hiring companies: create, list, show, update");
  {
    auto options = std::make_shared<ClientOptions>();
    CLI::App* create = Leaf(group, "create", "create a client", [options](Session& session) {
      intake::CreateClientRequest request;
      pb::FieldMask mask;
      MERIDIANCTL_RETURN_IF_ERROR(ApplyClient(*options, *request.mutable_client(), mask));
      request.set_request_id(options->request_id);
      request.set_validate_only(options->validate_only);
      intake::Client client;
      grpc::Status status =
          session.intake().CreateClient(session.Context().get(), request, &client);
      if (!status.ok()) return session.Fail(status);
      return session.Show(client);
    });
    AddClientFields(create, *options);
    create->add_option("--request-id", options->request_id, "makes a retry safe");
    create->add_flag("--validate-only", options->validate_only, "check, create nothing");
  }
  {
    auto paging = std::make_shared<Paging>();
    auto newest = std::make_shared<bool>(false);
    CLI::App* list = Leaf(group, "list", "list clients", [paging, newest](Session& session) {
      intake::ListClientsRequest request;
      request.set_page_size(paging->page_size);
      request.set_page_token(paging->page_token);
      if (*newest) request.set_order_by("create_time desc");
      intake::ListClientsResponse response;
      grpc::Status status =
          session.intake().ListClients(session.Context().get(), request, &response);
      if (!status.ok()) return session.Fail(status);
      if (session.PrintForScripts(response)) return kExitOk;
      std::vector<const intake::Client*> clients;
      for (const auto& client : response.clients()) clients.push_back(&client);
      PrintClients(session, clients);
      session.MorePages(response.next_page_token());
      return kExitOk;
    });
    AddPaging(list, *paging);
    list->add_flag("--newest", *newest, "newest first");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* show = Leaf(group, "show", "show one client", [name](Session& session) {
      intake::GetClientRequest request;
      request.set_name(Qualify("clients", *name));
      intake::Client client;
      grpc::Status status = session.intake().GetClient(session.Context().get(), request, &client);
      if (!status.ok()) return session.Fail(status);
      return session.Show(client);
    });
    show->add_option("client", *name, "clients/ID or ID")->required();
  }
  {
    auto name = std::make_shared<std::string>();
    auto options = std::make_shared<ClientOptions>();
    CLI::App* update =
        Leaf(group, "update", "change the fields given", [name, options](Session& session) {
          intake::UpdateClientRequest request;
          MERIDIANCTL_RETURN_IF_ERROR(
              ApplyClient(*options, *request.mutable_client(), *request.mutable_update_mask()));
          if (!options->file.empty()) request.clear_update_mask();  // every field the file sets
          request.mutable_client()->set_name(Qualify("clients", *name));
          intake::Client client;
          grpc::Status status =
              session.intake().UpdateClient(session.Context().get(), request, &client);
          if (!status.ok()) return session.Fail(status);
          return session.Show(client);
        });
    update->add_option("client", *name, "clients/ID or ID")->required();
    AddClientFields(update, *options);
  }
}

// ---------------------------------------------------------------------------------------
// roles

void PrintRoles(Session& session, const pb::RepeatedPtrField<intake::Role>& roles) {
  Table table({"NAME", "TITLE", "KIND", "SENIORITY", "STATE", "SEATS", "BUDGET", "CREATED"});
  table.SetMaxWidth(1, 40);
  for (const intake::Role& role : roles) {
    table.AddRow(
        {role.name(), role.title(), EnumText(common_v1::RoleKind_descriptor(), role.kind()),
         EnumText(common_v1::Seniority_descriptor(), role.seniority()),
         session.State(intake::Role::State_Name(role.state())), absl::StrCat(role.headcount()),
         MoneyText(role.monthly_budget()), session.Time(role.create_time())});
  }
  table.AlignRight(5);
  session.PrintTable(table);
}

struct RoleOptions {
  std::string file;
  std::string title;
  std::string kind;
  std::string seniority;
  std::vector<std::string> skills;
  std::vector<std::string> nice;
  std::vector<std::string> soft_skills;
  std::string budget;
  double min_overlap = -1;
  int headcount = 0;
  std::string start_by;
  int alert_min_score = 0;
  HoursOptions hours;
  std::string request_id;
  bool validate_only = false;
};

void AddRoleFields(CLI::App* command, RoleOptions& options) {
  command->add_option("-f,--file", options.file,
                      "the role as JSON (protobuf's mapping; - for stdin)");
  command->add_option("--title", options.title, "the role's title");
  command->add_option("--kind", options.kind, "BACKEND_ENGINEER, BACKEND_DEVELOPER, ...");
  command->add_option("--seniority", options.seniority, "JUNIOR, MID, SENIOR, STAFF, PRINCIPAL");
  command->add_option("--skill", options.skills,
                      "a required skill SKILL[:MIN_LEVEL[:MIN_YEARS]] (repeat)");
  command->add_option("--nice", options.nice, "a nice-to-have skill, same form (repeat)");
  command->add_option("--soft-skill", options.soft_skills, "a soft skill the role needs (repeat)");
  command->add_option("--budget", options.budget,
                      "most the client pays a month, e.g. \"9000 USD\"");
  command->add_option("--min-overlap", options.min_overlap, "minimum daily overlap, hours");
  command->add_option("--headcount", options.headcount, "seats to fill");
  command->add_option("--start-by", options.start_by, "latest start, YYYY-MM-DD");
  command->add_option("--alert-min-score", options.alert_min_score, "score of a new match (1-100)");
  AddHours(command, options.hours, "the role's");
}

absl::Status ApplyRole(const RoleOptions& options, intake::Role& role, pb::FieldMask& mask) {
  if (!options.file.empty()) {
    if (absl::Status status = ReadJsonFile(options.file, &role); !status.ok()) return status;
  }
  if (!options.title.empty()) {
    role.set_title(options.title);
    AddPath(mask, "title");
  }
  if (!options.kind.empty()) {
    auto kind = ParseEnum(*common_v1::RoleKind_descriptor(), options.kind, "--kind");
    if (!kind.ok()) return kind.status();
    role.set_kind(static_cast<common_v1::RoleKind>(*kind));
    AddPath(mask, "kind");
  }
  if (!options.seniority.empty()) {
    auto seniority =
        ParseEnum(*common_v1::Seniority_descriptor(), options.seniority, "--seniority");
    if (!seniority.ok()) return seniority.status();
    role.set_seniority(static_cast<common_v1::Seniority>(*seniority));
    AddPath(mask, "seniority");
  }
  if (!options.skills.empty()) {
    role.clear_required_skills();
    for (const auto& text : options.skills) {
      auto skill = ParseSkillRequirement(text);
      if (!skill.ok()) return skill.status();
      *role.add_required_skills() = *skill;
    }
    AddPath(mask, "required_skills");
  }
  if (!options.nice.empty()) {
    role.clear_nice_to_have_skills();
    for (const auto& text : options.nice) {
      auto skill = ParseSkillRequirement(text);
      if (!skill.ok()) return skill.status();
      *role.add_nice_to_have_skills() = *skill;
    }
    AddPath(mask, "nice_to_have_skills");
  }
  if (!options.soft_skills.empty()) {
    role.clear_soft_skills();
    for (const auto& skill : options.soft_skills) role.add_soft_skills(skill);
    AddPath(mask, "soft_skills");
  }
  if (!options.budget.empty()) {
    auto money = ParseMoney(options.budget, "--budget");
    if (!money.ok()) return money.status();
    *role.mutable_monthly_budget() = *money;
    AddPath(mask, "monthly_budget");
  }
  if (options.min_overlap >= 0) {
    role.set_min_overlap_hours(options.min_overlap);
    AddPath(mask, "min_overlap_hours");
  }
  if (options.headcount > 0) {
    role.set_headcount(options.headcount);
    AddPath(mask, "headcount");
  }
  if (!options.start_by.empty()) {
    auto date = ParseDate(options.start_by, "--start-by");
    if (!date.ok()) return date.status();
    *role.mutable_start_by() = *date;
    AddPath(mask, "start_by");
  }
  if (options.alert_min_score > 0) {
    role.set_alert_min_score(options.alert_min_score);
    AddPath(mask, "alert_min_score");
  }
  auto hours = BuildHours(options.hours);
  if (!hours.ok()) return hours.status();
  if (hours->has_value()) {
    *role.mutable_working_hours() = **hours;
    AddPath(mask, "working_hours");
  }
  return absl::OkStatus();
}

// hold, reopen and cancel: the same request shape, a different method.
template <typename Request>
using RoleMove = grpc::Status (intake::IntakeService::Stub::*)(grpc::ClientContext*, const Request&,
                                                               intake::Role*);

void Cli::AddRoles() {
  CLI::App* group =
      Group("roles", "a client's openings: create, list, show, update, hold, reopen, cancel");
  {
    auto parent = std::make_shared<std::string>();
    auto options = std::make_shared<RoleOptions>();
    CLI::App* create =
        Leaf(group, "create", "create a role under a client", [parent, options](Session& session) {
          intake::CreateRoleRequest request;
          request.set_parent(Qualify("clients", *parent));
          pb::FieldMask mask;
          MERIDIANCTL_RETURN_IF_ERROR(ApplyRole(*options, *request.mutable_role(), mask));
          request.set_request_id(options->request_id);
          request.set_validate_only(options->validate_only);
          intake::Role role;
          grpc::Status status =
              session.intake().CreateRole(session.Context().get(), request, &role);
          if (!status.ok()) return session.Fail(status);
          return session.Show(role);
        });
    create->add_option("client", *parent, "clients/ID or ID")->required();
    AddRoleFields(create, *options);
    create->add_option("--request-id", options->request_id, "makes a retry safe");
    create->add_flag("--validate-only", options->validate_only, "check, create nothing");
  }
  {
    auto parent = std::make_shared<std::string>();
    auto paging = std::make_shared<Paging>();
    auto filter = std::make_shared<std::string>();
    CLI::App* list =
        Leaf(group, "list", "list roles (of one client, or every client's)",
             [parent, paging, filter](Session& session) {
               intake::ListRolesRequest request;
               request.set_parent(parent->empty() ? "clients/-" : Qualify("clients", *parent));
               request.set_page_size(paging->page_size);
               request.set_page_token(paging->page_token);
               request.set_filter(*filter);
               intake::ListRolesResponse response;
               grpc::Status status =
                   session.intake().ListRoles(session.Context().get(), request, &response);
               if (!status.ok()) return session.Fail(status);
               if (session.PrintForScripts(response)) return kExitOk;
               PrintRoles(session, response.roles());
               session.MorePages(response.next_page_token());
               return kExitOk;
             });
    list->add_option("client", *parent, "clients/ID or ID (default: every client)");
    list->add_option("--filter", *filter, "e.g. \"state = OPEN AND kind = BACKEND_ENGINEER\"");
    AddPaging(list, *paging);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* show = Leaf(group, "show", "show one role", [name](Session& session) {
      intake::GetRoleRequest request;
      request.set_name(*name);
      intake::Role role;
      grpc::Status status = session.intake().GetRole(session.Context().get(), request, &role);
      if (!status.ok()) return session.Fail(status);
      return session.Show(role);
    });
    show->add_option("role", *name, "clients/ID/roles/ID")->required();
  }
  {
    auto name = std::make_shared<std::string>();
    auto options = std::make_shared<RoleOptions>();
    CLI::App* update =
        Leaf(group, "update", "change the fields given", [name, options](Session& session) {
          intake::UpdateRoleRequest request;
          MERIDIANCTL_RETURN_IF_ERROR(
              ApplyRole(*options, *request.mutable_role(), *request.mutable_update_mask()));
          if (!options->file.empty()) request.clear_update_mask();
          request.mutable_role()->set_name(*name);
          intake::Role role;
          grpc::Status status =
              session.intake().UpdateRole(session.Context().get(), request, &role);
          if (!status.ok()) return session.Fail(status);
          return session.Show(role);
        });
    update->add_option("role", *name, "clients/ID/roles/ID")->required();
    AddRoleFields(update, *options);
  }
  auto add_move = [&](const std::string& verb, const std::string& description, auto method,
                      auto request_prototype) {
    using Request = decltype(request_prototype);
    auto name = std::make_shared<std::string>();
    auto etag = std::make_shared<std::string>();
    CLI::App* move = Leaf(group, verb, description, [name, etag, method](Session& session) {
      Request request;
      request.set_name(*name);
      request.set_etag(*etag);
      intake::Role role;
      grpc::Status status = (session.intake().*method)(session.Context().get(), request, &role);
      if (!status.ok()) return session.Fail(status);
      return session.Show(role);
    });
    move->add_option("role", *name, "clients/ID/roles/ID")->required();
    move->add_option("--etag", *etag, "the etag you read: refused if the role changed since");
  };
  add_move("hold", "pause an OPEN role (ON_HOLD)", &intake::IntakeService::Stub::HoldRole,
           intake::HoldRoleRequest());
  add_move("reopen", "open an ON_HOLD or FILLED role again",
           &intake::IntakeService::Stub::ReopenRole, intake::ReopenRoleRequest());
  add_move("cancel", "close an OPEN or ON_HOLD role for good",
           &intake::IntakeService::Stub::CancelRole, intake::CancelRoleRequest());
}

// ---------------------------------------------------------------------------------------
// recommend-kind

void Cli::AddRecommendKind() {
  struct Options {
    std::string architecture_owner;
    std::string system_stage;
    std::string has_technical_lead;
    std::string works_with_leadership;
    int team_size = -1;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = Leaf(
      app_.get(), "recommend-kind",
      "backend engineer or backend developer, from the client's answers",
      [options](Session& session) {
        intake::RecommendRoleKindRequest request;
        intake::RoleKindAnswers& answers = *request.mutable_answers();
        if (!options->architecture_owner.empty()) {
          auto value = ParseEnum(*intake::ArchitectureOwner_descriptor(),
                                 options->architecture_owner, "--architecture-owner");
          if (!value.ok()) return StatusError(value.status());
          answers.set_architecture_owner(static_cast<intake::ArchitectureOwner>(*value));
        }
        if (!options->system_stage.empty()) {
          auto value =
              ParseEnum(*intake::SystemStage_descriptor(), options->system_stage, "--system-stage");
          if (!value.ok()) return StatusError(value.status());
          answers.set_system_stage(static_cast<intake::SystemStage>(*value));
        }
        if (!options->has_technical_lead.empty()) {
          answers.set_has_technical_lead(options->has_technical_lead == "true");
        }
        if (!options->works_with_leadership.empty()) {
          answers.set_works_with_leadership(options->works_with_leadership == "true");
        }
        if (options->team_size >= 0) answers.set_engineering_team_size(options->team_size);
        intake::RoleKindRecommendation recommendation;
        grpc::Status status =
            session.intake().RecommendRoleKind(session.Context().get(), request, &recommendation);
        if (!status.ok()) return session.Fail(status);
        if (session.PrintForScripts(recommendation)) return kExitOk;
        std::printf("%s  (engineer %d points, developer %d points)\n",
                    session.out().Bold(common_v1::RoleKind_Name(recommendation.kind())).c_str(),
                    recommendation.engineer_points(), recommendation.developer_points());
        for (const auto& reason : recommendation.reasons()) std::printf("  - %s\n", reason.c_str());
        return kExitOk;
      });
  command->add_option("--architecture-owner", options->architecture_owner,
                      "THE_HIRE, EXISTING_TEAM or EXTERNAL");
  command->add_option("--system-stage", options->system_stage, "GREENFIELD or EXISTING_SYSTEM");
  command->add_option("--has-technical-lead", options->has_technical_lead, "true or false")
      ->check(CLI::IsMember({"true", "false"}));
  command->add_option("--works-with-leadership", options->works_with_leadership, "true or false")
      ->check(CLI::IsMember({"true", "false"}));
  command->add_option("--team-size", options->team_size, "engineers on the client's team today");
}

// ---------------------------------------------------------------------------------------
// candidates

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

// ---------------------------------------------------------------------------------------
// search

// The match's reasons a person reads first: the explanations of the factors that gave the
// most points, leaving out those that gave full points only because nothing was asked of them
// ("no nice-to-have skills were asked"): they say nothing about the person.
std::string TopReasons(const talent::CandidateMatch& match, std::size_t count) {
  std::vector<const talent::ScoreFactor*> factors;
  for (const auto& factor : match.factors()) {
    const std::string& why = factor.explanation();
    if (absl::StrContains(why, "was asked") || absl::StrContains(why, "were asked")) continue;
    factors.push_back(&factor);
  }
  std::stable_sort(factors.begin(), factors.end(),
                   [](const auto* a, const auto* b) { return a->points() > b->points(); });
  std::vector<std::string> reasons;
  for (std::size_t i = 0; i < factors.size() && i < count; ++i) {
    reasons.push_back(factors[i]->explanation());
  }
  return absl::StrJoin(reasons, "; ");
}

struct SearchOptions {
  std::string role;
  std::vector<std::string> skills;
  std::vector<std::string> nice;
  HoursOptions hours;
  double min_overlap = -1;
  std::string budget;
  std::string seniority;
  std::vector<std::string> kinds;
  std::vector<std::string> countries;
  std::vector<std::string> excluded_countries;
  std::string english;
  double tolerance = 0;
  int horizon_days = 0;
  int page_size = 20;
  std::string page_token;
  bool explain = false;
};

absl::Status BuildSearch(const SearchOptions& options, talent::SearchCandidatesRequest& request) {
  request.set_budget_tolerance_percent(options.tolerance);
  request.set_horizon_days(options.horizon_days);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  if (!options.role.empty()) {
    request.set_role(options.role);
    return absl::OkStatus();
  }
  talent::SearchCriteria& criteria = *request.mutable_criteria();
  for (const auto& text : options.skills) {
    auto skill = ParseSkillRequirement(text);
    if (!skill.ok()) return skill.status();
    *criteria.add_required_skills() = *skill;
  }
  for (const auto& text : options.nice) {
    auto skill = ParseSkillRequirement(text);
    if (!skill.ok()) return skill.status();
    *criteria.add_nice_to_have_skills() = *skill;
  }
  auto hours = BuildHours(options.hours);
  if (!hours.ok()) return hours.status();
  if (hours->has_value()) *criteria.mutable_working_hours() = **hours;
  if (options.min_overlap >= 0) criteria.set_min_overlap_hours(options.min_overlap);
  if (!options.budget.empty()) {
    auto money = ParseMoney(options.budget, "--budget");
    if (!money.ok()) return money.status();
    *criteria.mutable_monthly_budget() = *money;
  }
  if (!options.seniority.empty()) {
    auto value = ParseEnum(*common_v1::Seniority_descriptor(), options.seniority, "--seniority");
    if (!value.ok()) return value.status();
    criteria.set_seniority(static_cast<common_v1::Seniority>(*value));
  }
  for (const auto& text : options.kinds) {
    auto kind = ParseEnum(*common_v1::RoleKind_descriptor(), text, "--kind");
    if (!kind.ok()) return kind.status();
    criteria.add_kinds(static_cast<common_v1::RoleKind>(*kind));
  }
  for (const auto& country : options.countries)
    criteria.add_countries(absl::AsciiStrToUpper(country));
  for (const auto& country : options.excluded_countries) {
    criteria.add_excluded_countries(absl::AsciiStrToUpper(country));
  }
  if (!options.english.empty()) {
    auto value = ParseEnum(*talent::EnglishLevel_descriptor(), options.english, "--min-english");
    if (!value.ok()) return value.status();
    criteria.set_min_english_level(static_cast<talent::EnglishLevel>(*value));
  }
  return absl::OkStatus();
}

int RunSearch(Session& session, const SearchOptions& options) {
  talent::SearchCandidatesRequest request;
  if (absl::Status status = BuildSearch(options, request); !status.ok()) return StatusError(status);
  talent::SearchCandidatesResponse response;
  grpc::Status status =
      session.talent().SearchCandidates(session.Context().get(), request, &response);
  if (!status.ok()) return session.Fail(status);
  if (session.PrintForScripts(response)) return kExitOk;
  // Rates in US dollars too, at the rates search itself uses; without them, the currency only.
  std::map<std::string, double> usd_per_unit;
  {
    talent::ListExchangeRatesResponse rates;
    if (session.talent()
            .ListExchangeRates(session.Context().get(), talent::ListExchangeRatesRequest(), &rates)
            .ok()) {
      for (const auto& rate : rates.rates())
        usd_per_unit[rate.currency_code()] = rate.usd_per_unit();
    }
  }
  Table table({"SCORE", "CANDIDATE", "COUNTRY", "OVERLAP", "RATE", "USD", "TOP REASONS"});
  table.AlignRight(0);
  table.AlignRight(5);
  table.SetMaxWidth(1, 28);
  table.SetMaxWidth(6, 70);
  for (const auto& match : response.matches()) {
    const talent::Candidate& candidate = match.candidate();
    const common_v1::Money& rate = candidate.monthly_rate();
    std::string usd = "-";
    if (auto found = usd_per_unit.find(rate.currency_code()); found != usd_per_unit.end()) {
      usd = absl::StrFormat("%.0f", static_cast<double>(rate.units()) * found->second);
    }
    std::string name = candidate.display_name();
    if (match.in_other_process()) name = absl::StrCat(name, " *");
    table.AddRow(
        {absl::StrFormat("%.1f", match.score()), name, candidate.country(),
         absl::StrFormat("%.1f-%.1fh", match.overlap_hours_min(), match.overlap_hours_max()),
         MoneyText(rate), usd, TopReasons(match, 2)});
  }
  session.PrintTable(table);
  const bool any_elsewhere =
      std::any_of(response.matches().begin(), response.matches().end(),
                  [](const talent::CandidateMatch& match) { return match.in_other_process(); });
  std::fprintf(stderr, "%s\n",
               session.err()
                   .Dim(absl::StrCat(
                       response.total_size(),
                       response.total_size() == 1 ? " candidate meets" : " candidates meet",
                       " the hard filters", any_elsewhere ? "; * in another client's process" : ""))
                   .c_str());
  session.MorePages(response.next_page_token());
  if (options.explain) {
    for (const auto& match : response.matches()) {
      std::printf(
          "\n%s  %s (%s)  %.1f\n", session.out().Bold(match.candidate().display_name()).c_str(),
          match.candidate().name().c_str(), match.candidate().country().c_str(), match.score());
      Table factors({"FACTOR", "POINTS", "MAX", "WHY"});
      factors.AlignRight(1);
      factors.AlignRight(2);
      for (const auto& factor : match.factors()) {
        factors.AddRow({factor.factor(), absl::StrFormat("%.1f", factor.points()),
                        absl::StrFormat("%.0f", factor.max_points()), factor.explanation()});
      }
      std::fputs(factors.Render(false).c_str(), stdout);
      if (!match.missing_skills().empty()) {
        std::printf("missing nice-to-have: %s\n",
                    absl::StrJoin(match.missing_skills(), ", ").c_str());
      }
    }
  }
  return kExitOk;
}

void Cli::AddSearch() {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* search =
      Leaf(app_.get(), "search", "candidates for a role (or for criteria given here), best first",
           [options](Session& session) { return RunSearch(session, *options); });
  search->add_option("role", options->role, "clients/ID/roles/ID; without it, the criteria below");
  search->add_option("--skill", options->skills, "required SKILL[:MIN_LEVEL[:MIN_YEARS]] (repeat)");
  search->add_option("--nice", options->nice, "nice-to-have skill, same form (repeat)");
  AddHours(search, options->hours, "the client's");
  search->add_option("--min-overlap", options->min_overlap,
                     "minimum daily overlap, hours (default 4)");
  search->add_option("--budget", options->budget,
                     "most the client pays a month, e.g. \"9000 USD\"");
  search->add_option("--seniority", options->seniority, "scored: JUNIOR ... PRINCIPAL");
  search->add_option("--kind", options->kinds, "a role kind the candidate must fit (repeat)");
  search->add_option("--country", options->countries, "only these countries (repeat)");
  search->add_option("--exclude-country", options->excluded_countries, "not these (repeat)");
  search->add_option("--min-english", options->english, "CEFR level at least, e.g. B2");
  search->add_option("--budget-tolerance", options->tolerance, "percent above the budget allowed");
  search->add_option("--horizon-days", options->horizon_days, "days of the overlap horizon");
  search->add_option("--limit,--page-size", options->page_size, "matches to show (default 20)");
  search->add_option("--page-token", options->page_token, "the page to read");
  search->add_flag("--explain", options->explain, "every factor of every score, with its reason");
}

// ---------------------------------------------------------------------------------------
// submissions

void PrintSubmissions(Session& session,
                      const pb::RepeatedPtrField<talent::Submission>& submissions) {
  Table table({"NAME", "CANDIDATE", "ROLE", "STAGE", "SCORE", "UPDATED"});
  table.SetMaxWidth(1, 28);
  table.SetMaxWidth(2, 32);
  table.AlignRight(4);
  for (const auto& submission : submissions) {
    table.AddRow({submission.name(), submission.candidate_display_name(), submission.role_title(),
                  session.State(talent::Submission::Stage_Name(submission.stage())),
                  absl::StrFormat("%.1f", submission.match_score()),
                  session.Time(submission.update_time())});
  }
  session.PrintTable(table);
}

void Cli::AddSubmissions() {
  CLI::App* group =
      Group("submissions", "candidates put forward for roles: create, advance, list, show");
  {
    struct Options {
      std::string role;
      std::string candidate;
      std::string stage;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* create =
        Leaf(group, "create", "put a candidate forward for a role", [options](Session& session) {
          talent::CreateSubmissionRequest request;
          request.set_parent(options->role);
          request.mutable_submission()->set_candidate(Qualify("candidates", options->candidate));
          if (!options->stage.empty()) {
            auto stage =
                ParseEnum(*talent::Submission::Stage_descriptor(), options->stage, "--stage");
            if (!stage.ok()) return StatusError(stage.status());
            request.mutable_submission()->set_stage(static_cast<talent::Submission::Stage>(*stage));
          }
          request.set_request_id(options->request_id);
          talent::Submission submission;
          grpc::Status status =
              session.talent().CreateSubmission(session.Context().get(), request, &submission);
          if (!status.ok()) return session.Fail(status);
          return session.Show(submission);
        });
    create->add_option("--role", options->role, "clients/ID/roles/ID")->required();
    create->add_option("--candidate", options->candidate, "candidates/ID or ID")->required();
    create->add_option("--stage", options->stage, "first stage, SOURCED (default) to OFFER");
    create->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string name;
      std::string stage;
      std::string note;
      std::string rejection_reason;
      std::string override_reason;
      std::string etag;
    };
    auto options = std::make_shared<Options>();
    CLI::App* advance = Leaf(group, "advance", "move a submission to a stage (or close it)",
                             [options](Session& session) {
                               talent::AdvanceSubmissionRequest request;
                               request.set_name(options->name);
                               auto stage = ParseEnum(*talent::Submission::Stage_descriptor(),
                                                      options->stage, "--stage");
                               if (!stage.ok()) return StatusError(stage.status());
                               request.set_stage(static_cast<talent::Submission::Stage>(*stage));
                               request.set_note(options->note);
                               request.set_rejection_reason(options->rejection_reason);
                               request.set_override_reason(options->override_reason);
                               request.set_etag(options->etag);
                               talent::Submission submission;
                               grpc::Status status = session.talent().AdvanceSubmission(
                                   session.Context().get(), request, &submission);
                               if (!status.ok()) return session.Fail(status);
                               return session.Show(submission);
                             });
    advance->add_option("submission", options->name, "clients/ID/roles/ID/submissions/ID")
        ->required();
    advance
        ->add_option("--stage", options->stage,
                     "SHORTLISTED, CLIENT_INTERVIEW, OFFER, HIRED, REJECTED or WITHDRAWN")
        ->required();
    advance->add_option("--note", options->note, "why, for the history");
    advance->add_option("--rejection-reason", options->rejection_reason, "required for REJECTED");
    advance->add_option("--override-reason", options->override_reason,
                        "OFFER without a completed, scored interview: why");
    advance->add_option("--etag", options->etag, "refused if the submission moved since");
  }
  {
    struct Options {
      std::string role;
      std::string candidate;
      std::string stage;
      Paging paging;
    };
    auto options = std::make_shared<Options>();
    CLI::App* list =
        Leaf(group, "list", "submissions of a role, or across roles", [options](Session& session) {
          talent::ListSubmissionsRequest request;
          request.set_parent(options->role.empty() ? "clients/-/roles/-" : options->role);
          std::vector<std::string> terms;
          if (!options->candidate.empty()) {
            terms.push_back(
                absl::StrCat("candidate = ", Qualify("candidates", options->candidate)));
          }
          if (!options->stage.empty()) {
            auto stage =
                ParseEnum(*talent::Submission::Stage_descriptor(), options->stage, "--stage");
            if (!stage.ok()) return StatusError(stage.status());
            terms.push_back(
                absl::StrCat("stage = ", EnumName(talent::Submission::Stage_descriptor(), *stage)));
          }
          request.set_filter(absl::StrJoin(terms, " AND "));
          request.set_page_size(options->paging.page_size);
          request.set_page_token(options->paging.page_token);
          talent::ListSubmissionsResponse response;
          grpc::Status status =
              session.talent().ListSubmissions(session.Context().get(), request, &response);
          if (!status.ok()) return session.Fail(status);
          if (session.PrintForScripts(response)) return kExitOk;
          PrintSubmissions(session, response.submissions());
          session.MorePages(response.next_page_token());
          return kExitOk;
        });
    list->add_option("--role", options->role, "clients/ID/roles/ID (default: every role)");
    list->add_option("--candidate", options->candidate, "only this candidate's");
    list->add_option("--stage", options->stage, "only at this stage");
    AddPaging(list, options->paging);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* show =
        Leaf(group, "show", "show one submission with its history", [name](Session& session) {
          talent::GetSubmissionRequest request;
          request.set_name(*name);
          talent::Submission submission;
          grpc::Status status =
              session.talent().GetSubmission(session.Context().get(), request, &submission);
          if (!status.ok()) return session.Fail(status);
          return session.Show(submission);
        });
    show->add_option("submission", *name, "clients/ID/roles/ID/submissions/ID")->required();
  }
}

// ---------------------------------------------------------------------------------------
// placements

void PrintPlacements(Session& session,
                     const pb::RepeatedPtrField<placement::Placement>& placements) {
  Table table({"NAME", "CANDIDATE", "ROLE", "STATE", "HEALTH", "START", "GUARANTEE END"});
  table.SetMaxWidth(1, 28);
  table.SetMaxWidth(2, 32);
  table.AlignRight(4);
  for (const auto& p : placements) {
    table.AddRow({p.name(), p.candidate_display_name(), p.role_title(),
                  session.State(placement::Placement::State_Name(p.state())),
                  absl::StrCat(p.health().score()), FormatDate(p.start_date()),
                  FormatDate(p.guarantee_end())});
  }
  session.PrintTable(table);
}

int RunAgenda(Session& session, bool all, const Paging& paging) {
  placement::ListCheckInsRequest request;
  request.set_parent("placements/-");
  std::vector<std::string> terms = {"completed = false"};
  if (!all) {
    // This week in the user's zone, and whatever is overdue from before.
    terms.push_back(absl::StrCat(
        "due_before = ", absl::FormatTime(absl::RFC3339_sec, EndOfWeek(absl::Now(), session.zone()),
                                          absl::UTCTimeZone())));
  }
  request.set_filter(absl::StrJoin(terms, " AND "));
  request.set_page_size(paging.page_size);
  request.set_page_token(paging.page_token);
  placement::ListCheckInsResponse response;
  grpc::Status status =
      session.placement().ListCheckIns(session.Context().get(), request, &response);
  if (!status.ok()) return session.Fail(status);
  if (session.PrintForScripts(response)) return kExitOk;
  // Who each check-in is about: its placement's candidate and role, read once per placement.
  std::map<std::string, placement::Placement> placements;
  for (const auto& check_in : response.check_ins()) {
    const std::string parent = check_in.name().substr(0, check_in.name().find("/checkIns/"));
    if (placements.contains(parent)) continue;
    placement::GetPlacementRequest get;
    get.set_name(parent);
    placement::Placement found;
    if (session.placement().GetPlacement(session.Context().get(), get, &found).ok()) {
      placements[parent] = found;
    } else {
      placements[parent] = placement::Placement();
    }
  }
  Table table({"DUE", "CLIENT'S TIME", "CANDIDATE", "ROLE", "CHECK-IN"});
  table.SetMaxWidth(2, 28);
  table.SetMaxWidth(3, 32);
  for (const auto& check_in : response.check_ins()) {
    const std::string parent = check_in.name().substr(0, check_in.name().find("/checkIns/"));
    const placement::Placement& p = placements[parent];
    std::string due = session.Time(check_in.due_time());
    if (check_in.overdue()) due = session.out().Red(absl::StrCat(due, " overdue"));
    table.AddRow({due, check_in.due_local_time(), p.candidate_display_name(), p.role_title(),
                  check_in.name()});
  }
  session.PrintTable(table);
  if (response.check_ins().empty()) {
    std::fprintf(stderr, "%s\n", session.err().Dim("no check-ins due this week").c_str());
  }
  session.MorePages(response.next_page_token());
  return kExitOk;
}

void Cli::AddPlacements() {
  CLI::App* group =
      Group("placements", "hires and their follow-up: create, list, show, agenda, check-in, end");
  {
    struct Options {
      std::string submission;
      std::string start_date;
      std::string trial_end;
      int guarantee_days = 0;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* create =
        Leaf(group, "create", "start following up a HIRED submission", [options](Session& session) {
          placement::CreatePlacementRequest request;
          placement::Placement& p = *request.mutable_placement();
          p.set_submission(options->submission);
          auto start = ParseDate(options->start_date, "--start-date");
          if (!start.ok()) return StatusError(start.status());
          *p.mutable_start_date() = *start;
          if (!options->trial_end.empty()) {
            auto trial = ParseDate(options->trial_end, "--trial-end");
            if (!trial.ok()) return StatusError(trial.status());
            *p.mutable_trial_end() = *trial;
          }
          p.set_guarantee_days(options->guarantee_days);
          request.set_request_id(options->request_id);
          placement::Placement created;
          grpc::Status status =
              session.placement().CreatePlacement(session.Context().get(), request, &created);
          if (!status.ok()) return session.Fail(status);
          return session.Show(created);
        });
    create->add_option("--submission", options->submission, "the HIRED submission")->required();
    create->add_option("--start-date", options->start_date, "the hire's first day, YYYY-MM-DD")
        ->required();
    create->add_option("--trial-end", options->trial_end, "last day of a trial, YYYY-MM-DD");
    create->add_option("--guarantee-days", options->guarantee_days,
                       "days of guarantee (default 90)");
    create->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string state;
      std::string client;
      bool at_risk = false;
      Paging paging;
    };
    auto options = std::make_shared<Options>();
    CLI::App* list = Leaf(group, "list", "placements, newest first", [options](Session& session) {
      placement::ListPlacementsRequest request;
      std::vector<std::string> terms;
      if (!options->state.empty()) {
        auto state =
            ParseEnum(*placement::Placement::State_descriptor(), options->state, "--state");
        if (!state.ok()) return StatusError(state.status());
        terms.push_back(
            absl::StrCat("state = ", EnumName(placement::Placement::State_descriptor(), *state)));
      }
      if (!options->client.empty()) {
        terms.push_back(absl::StrCat("client = ", Qualify("clients", options->client)));
      }
      if (options->at_risk) terms.push_back("at_risk = true");
      request.set_filter(absl::StrJoin(terms, " AND "));
      request.set_page_size(options->paging.page_size);
      request.set_page_token(options->paging.page_token);
      placement::ListPlacementsResponse response;
      grpc::Status status =
          session.placement().ListPlacements(session.Context().get(), request, &response);
      if (!status.ok()) return session.Fail(status);
      if (session.PrintForScripts(response)) return kExitOk;
      PrintPlacements(session, response.placements());
      session.MorePages(response.next_page_token());
      return kExitOk;
    });
    list->add_option("--state", options->state, "ACTIVE, AT_RISK or ENDED");
    list->add_option("--client", options->client, "only this client's");
    list->add_flag("--at-risk", options->at_risk, "only those at risk");
    AddPaging(list, options->paging);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* show =
        Leaf(group, "show", "show one placement with its health", [name](Session& session) {
          placement::GetPlacementRequest request;
          request.set_name(Qualify("placements", *name));
          placement::Placement p;
          grpc::Status status =
              session.placement().GetPlacement(session.Context().get(), request, &p);
          if (!status.ok()) return session.Fail(status);
          return session.Show(p);
        });
    show->add_option("placement", *name, "placements/ID or ID")->required();
  }
  {
    auto all = std::make_shared<bool>(false);
    auto paging = std::make_shared<Paging>();
    CLI::App* agenda =
        Leaf(group, "agenda", "check-ins due this week (and overdue ones), by due time",
             [all, paging](Session& session) { return RunAgenda(session, *all, *paging); });
    agenda->add_flag("--all", *all, "every check-in not yet recorded, not only this week's");
    AddPaging(agenda, *paging);
  }
  {
    struct Options {
      std::string name;
      int client_rating = 0;
      int candidate_rating = 0;
      std::vector<std::string> concerns;
      std::string notes;
      std::string next_steps;
      std::string at;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* check_in =
        Leaf(group, "check-in", "record how a check-in went", [options](Session& session) {
          placement::RecordCheckInRequest request;
          request.set_name(options->name);
          request.set_client_rating(options->client_rating);
          request.set_candidate_rating(options->candidate_rating);
          for (const auto& text : options->concerns) {
            auto concern = ParseEnum(*placement::Concern_descriptor(), text, "--concern");
            if (!concern.ok()) return StatusError(concern.status());
            request.add_concerns(static_cast<placement::Concern>(*concern));
          }
          request.set_notes(options->notes);
          request.set_next_steps(options->next_steps);
          if (!options->at.empty()) {
            auto at = ParseTime(options->at, session.zone(), "--at");
            if (!at.ok()) return StatusError(at.status());
            *request.mutable_complete_time() = *at;
          }
          request.set_request_id(options->request_id);
          placement::CheckIn recorded;
          grpc::Status status =
              session.placement().RecordCheckIn(session.Context().get(), request, &recorded);
          if (!status.ok()) return session.Fail(status);
          return session.Show(recorded);
        });
    check_in->add_option("check-in", options->name, "placements/ID/checkIns/ID")->required();
    check_in->add_option("--client-rating", options->client_rating, "1 (not at all) to 5 (very)")
        ->required();
    check_in->add_option("--candidate-rating", options->candidate_rating, "1 to 5")->required();
    check_in->add_option("--concern", options->concerns,
                         "COMMUNICATION, TIME_ZONE_OVERLAP, SKILLS, ENGAGEMENT, COMPENSATION, "
                         "OTHER_CONCERN (repeat)");
    check_in->add_option("--notes", options->notes, "what was said");
    check_in->add_option("--next-steps", options->next_steps, "what happens next");
    check_in->add_option("--at", options->at,
                         "when it happened, if not now: RFC 3339 or \"YYYY-MM-DD HH:MM\" (--tz)");
    check_in->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string name;
      std::string reason;
      std::string note;
      std::string etag;
    };
    auto options = std::make_shared<Options>();
    CLI::App* end = Leaf(group, "end", "end a placement", [options](Session& session) {
      placement::EndPlacementRequest request;
      request.set_name(Qualify("placements", options->name));
      auto reason = ParseEnum(*placement::EndReason_descriptor(), options->reason, "--reason");
      if (!reason.ok()) return StatusError(reason.status());
      request.set_reason(static_cast<placement::EndReason>(*reason));
      request.set_note(options->note);
      request.set_etag(options->etag);
      placement::Placement ended;
      grpc::Status status =
          session.placement().EndPlacement(session.Context().get(), request, &ended);
      if (!status.ok()) return session.Fail(status);
      return session.Show(ended);
    });
    end->add_option("placement", options->name, "placements/ID or ID")->required();
    end->add_option("--reason", options->reason,
                    "PERFORMANCE, CANDIDATE_LEFT, BUDGET, ROLE_CHANGED, CONVERTED_TO_PAYROLL, "
                    "CONTRACT_COMPLETED or OTHER")
        ->required();
    end->add_option("--note", options->note, "what happened");
    end->add_option("--etag", options->etag, "refused if the placement changed since");
  }
}

// ---------------------------------------------------------------------------------------
// events

void Cli::AddEvents() {
  CLI::App* group = Group("events", "the event feed: follow it, or list a page");
  {
    struct Options {
      std::int64_t after = 0;
      std::string filter;
      int limit = 0;
    };
    auto options = std::make_shared<Options>();
    CLI::App* follow = Leaf(
        group, "follow", "print events as they happen, until Ctrl-C", [options](Session& session) {
          events::StreamEventsRequest request;
          request.set_after_position(options->after);
          request.set_filter(options->filter);
          auto context = session.Context(/*deadline=*/false);
          auto reader = session.events().StreamEvents(context.get(), request);
          events::Event event;
          int seen = 0;
          while (reader->Read(&event)) {
            if (session.format() == OutputFormat::kJson) {
              // One line per event (JSON lines), so that a script can read the stream as it comes.
              std::string json;
              pb::util::JsonPrintOptions print;
              print.preserve_proto_field_names = true;
              (void)pb::util::MessageToJsonString(event, &json, print);
              std::printf("%s\n", json.c_str());
            } else if (session.format() == OutputFormat::kYaml) {
              std::printf("---\n%s", MessageToYaml(event).c_str());
            } else {
              std::printf("%s  %6lld  %-26s %s\n", session.Time(event.time()).c_str(),
                          static_cast<long long>(event.position()), event.type().c_str(),
                          event.resource().c_str());
            }
            std::fflush(stdout);
            if (options->limit > 0 && ++seen >= options->limit) {
              context->TryCancel();
              break;
            }
          }
          grpc::Status status = reader->Finish();
          if (!status.ok() && !(options->limit > 0 && seen >= options->limit))
            return session.Fail(status);
          return kExitOk;
        });
    follow->add_option("--after", options->after,
                       "start after this position (default 0: from the oldest event kept)");
    follow->add_option("--filter", options->filter, "e.g. \"type = submission.advanced\"");
    follow->add_option("--limit", options->limit, "stop after this many events");
  }
  {
    auto filter = std::make_shared<std::string>();
    auto paging = std::make_shared<Paging>();
    CLI::App* list = Leaf(
        group, "list", "a page of past events, oldest first", [filter, paging](Session& session) {
          events::ListEventsRequest request;
          request.set_filter(*filter);
          request.set_page_size(paging->page_size);
          request.set_page_token(paging->page_token);
          events::ListEventsResponse response;
          grpc::Status status =
              session.events().ListEvents(session.Context().get(), request, &response);
          if (!status.ok()) return session.Fail(status);
          if (session.PrintForScripts(response)) return kExitOk;
          Table table({"POSITION", "TIME", "TYPE", "RESOURCE"});
          table.AlignRight(0);
          for (const auto& event : response.events()) {
            table.AddRow({absl::StrCat(event.position()), session.Time(event.time()), event.type(),
                          event.resource()});
          }
          session.PrintTable(table);
          session.MorePages(response.next_page_token());
          return kExitOk;
        });
    list->add_option("--filter", *filter, "e.g. \"type = submission.advanced\"");
    AddPaging(list, *paging);
  }
}

// ---------------------------------------------------------------------------------------
// keys and agencies (admins)

void Cli::AddKeys() {
  CLI::App* group = Group("keys", "API keys (admins): create, list, revoke");
  {
    struct Options {
      std::string display_name;
      std::string role;
      std::string agency;
      std::string expire;
    };
    auto options = std::make_shared<Options>();
    CLI::App* create =
        Leaf(group, "create", "make a key; it is shown once", [options](Session& session) {
          access::CreateApiKeyRequest request;
          access::ApiKey& key = *request.mutable_api_key();
          key.set_display_name(options->display_name);
          auto role = ParseEnum(*access::Role_descriptor(), options->role, "--role");
          if (!role.ok()) return StatusError(role.status());
          key.set_role(static_cast<access::Role>(*role));
          if (!options->agency.empty()) key.set_agency(Qualify("agencies", options->agency));
          if (!options->expire.empty()) {
            auto expire = ParseTime(options->expire, session.zone(), "--expire");
            if (!expire.ok()) return StatusError(expire.status());
            *key.mutable_expire_time() = *expire;
          }
          access::CreateApiKeyResponse response;
          grpc::Status status =
              session.access().CreateApiKey(session.Context().get(), request, &response);
          if (!status.ok()) return session.Fail(status);
          if (session.PrintForScripts(response)) return kExitOk;
          std::printf("%s  %s  %s\n", response.api_key().name().c_str(),
                      access::Role_Name(response.api_key().role()).c_str(),
                      response.api_key().display_name().c_str());
          std::printf("key (shown once; keep it in a file with mode 0600):\n%s\n",
                      response.key().c_str());
          return kExitOk;
        });
    create->add_option("--name,--display-name", options->display_name, "who or what the key is for")
        ->required();
    create->add_option("--role", options->role, "ADMIN, RECRUITER or PARTNER")->required();
    create->add_option("--agency", options->agency, "agencies/ID, for a PARTNER key");
    create->add_option("--expire", options->expire, "when the key stops working");
  }
  {
    auto paging = std::make_shared<Paging>();
    CLI::App* list =
        Leaf(group, "list", "list keys (never the keys themselves)", [paging](Session& session) {
          access::ListApiKeysRequest request;
          request.set_page_size(paging->page_size);
          request.set_page_token(paging->page_token);
          access::ListApiKeysResponse response;
          grpc::Status status =
              session.access().ListApiKeys(session.Context().get(), request, &response);
          if (!status.ok()) return session.Fail(status);
          if (session.PrintForScripts(response)) return kExitOk;
          Table table(
              {"NAME", "DISPLAY NAME", "ROLE", "AGENCY", "CREATED", "LAST USED", "REVOKED"});
          for (const auto& key : response.api_keys()) {
            table.AddRow({key.name(), key.display_name(), access::Role_Name(key.role()),
                          key.agency().empty() ? "-" : key.agency(),
                          session.Time(key.create_time()), session.Time(key.last_use_time()),
                          key.revoked() ? session.out().Red("revoked") : "-"});
          }
          session.PrintTable(table);
          session.MorePages(response.next_page_token());
          return kExitOk;
        });
    AddPaging(list, *paging);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* revoke = Leaf(group, "revoke", "stop a key from working", [name](Session& session) {
      access::RevokeApiKeyRequest request;
      request.set_name(Qualify("apiKeys", *name));
      access::ApiKey key;
      grpc::Status status = session.access().RevokeApiKey(session.Context().get(), request, &key);
      if (!status.ok()) return session.Fail(status);
      return session.Show(key);
    });
    revoke->add_option("key", *name, "apiKeys/ID or ID")->required();
  }
}

void Cli::AddAgencies() {
  CLI::App* group = Group("agencies", "partner agencies (admins): create, list, show, disable");
  auto show = [](Session& session, const access::Agency& agency) { return session.Show(agency); };
  {
    auto display_name = std::make_shared<std::string>();
    CLI::App* create =
        Leaf(group, "create", "add a partner agency", [display_name, show](Session& session) {
          access::CreateAgencyRequest request;
          request.mutable_agency()->set_display_name(*display_name);
          access::Agency agency;
          grpc::Status status =
              session.access().CreateAgency(session.Context().get(), request, &agency);
          if (!status.ok()) return session.Fail(status);
          return show(session, agency);
        });
    create->add_option("--name,--display-name", *display_name, "the agency's name")->required();
  }
  {
    auto paging = std::make_shared<Paging>();
    CLI::App* list = Leaf(group, "list", "list agencies", [paging](Session& session) {
      access::ListAgenciesRequest request;
      request.set_page_size(paging->page_size);
      request.set_page_token(paging->page_token);
      access::ListAgenciesResponse response;
      grpc::Status status =
          session.access().ListAgencies(session.Context().get(), request, &response);
      if (!status.ok()) return session.Fail(status);
      if (session.PrintForScripts(response)) return kExitOk;
      Table table({"NAME", "DISPLAY NAME", "STATE", "CREATED"});
      for (const auto& agency : response.agencies()) {
        table.AddRow({agency.name(), agency.display_name(),
                      session.State(access::Agency::State_Name(agency.state())),
                      session.Time(agency.create_time())});
      }
      session.PrintTable(table);
      session.MorePages(response.next_page_token());
      return kExitOk;
    });
    AddPaging(list, *paging);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* get = Leaf(group, "show", "show one agency", [name, show](Session& session) {
      access::GetAgencyRequest request;
      request.set_name(Qualify("agencies", *name));
      access::Agency agency;
      grpc::Status status = session.access().GetAgency(session.Context().get(), request, &agency);
      if (!status.ok()) return session.Fail(status);
      return show(session, agency);
    });
    get->add_option("agency", *name, "agencies/ID or ID")->required();
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* disable =
        Leaf(group, "disable", "turn an agency's keys off", [name, show](Session& session) {
          access::DisableAgencyRequest request;
          request.set_name(Qualify("agencies", *name));
          access::Agency agency;
          grpc::Status status =
              session.access().DisableAgency(session.Context().get(), request, &agency);
          if (!status.ok()) return session.Fail(status);
          return show(session, agency);
        });
    disable->add_option("agency", *name, "agencies/ID or ID")->required();
  }
}

// ---------------------------------------------------------------------------------------
// config and completion (no server)

void Cli::AddConfig() {
  CLI::App* group = Group("config", "contexts in the config file: set-context, use-context, view");
  {
    struct Options {
      std::string name;
      bool key_from_stdin = false;
      bool use = false;
    };
    auto options = std::make_shared<Options>();
    // The context's settings are the global options (--address, --key-file, --tls-ca-file,
    // --tz ...), given after the name as anywhere else.
    CLI::App* set = Leaf(
        group, "set-context", "make or change a context from the global options given",
        [options, this](Session&) {
          const std::string path = ConfigPath(GetEnv);
          auto config = LoadConfig(path);
          if (!config.ok()) return StatusError(config.status());
          Settings changes = globals_.flags;
          changes.tz = globals_.tz;
          if (options->key_from_stdin) {
            std::string key;
            std::getline(std::cin, key);
            changes.key = std::string(absl::StripAsciiWhitespace(key));
            if (changes.key.empty()) return UsageError("--key-from-stdin: no key on stdin");
            changes.key_file.clear();
          }
          SetContext(*config, options->name, changes);
          if (options->use || config->current_context.empty())
            config->current_context = options->name;
          if (absl::Status saved = SaveConfig(*config, path); !saved.ok())
            return StatusError(saved);
          std::printf("context %s set in %s%s\n", options->name.c_str(), path.c_str(),
                      config->current_context == options->name ? " (current)" : "");
          return kExitOk;
        },
        /*server=*/false);
    set->add_option("name", options->name, "the context's name")->required();
    set->add_flag("--key-from-stdin", options->key_from_stdin,
                  "store the API key read from stdin in the context (the file is mode 0600)");
    set->add_flag("--use", options->use, "make it the current context");
    set->footer(
        "e.g. meridianctl config set-context prod --address meridian.example.com "
        "--key-file ~/.meridian/prod.key --tls-ca-file ca.pem --tz Europe/Lisbon --use");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* use = Leaf(
        group, "use-context", "make a context the current one",
        [name](Session&) {
          const std::string path = ConfigPath(GetEnv);
          auto config = LoadConfig(path);
          if (!config.ok()) return StatusError(config.status());
          if (absl::Status used = UseContext(*config, *name); !used.ok()) return StatusError(used);
          if (absl::Status saved = SaveConfig(*config, path); !saved.ok())
            return StatusError(saved);
          std::printf("current context: %s\n", name->c_str());
          return kExitOk;
        },
        /*server=*/false);
    use->add_option("name", *name, "the context")->required();
  }
  Leaf(
      group, "view", "print the config (keys never in full)",
      [](Session&) {
        auto config = LoadConfig(ConfigPath(GetEnv));
        if (!config.ok()) return StatusError(config.status());
        std::fputs(ViewConfig(*config).c_str(), stdout);
        return kExitOk;
      },
      /*server=*/false);
  Leaf(
      group, "current-context", "print the context in use and where each service is called",
      [](Session& session) {
        auto config = LoadConfig(ConfigPath(GetEnv));
        if (!config.ok()) return StatusError(config.status());
        std::printf("context: %s\nintake: %s\ntalent: %s\nplacement: %s\nkey: %s\n",
                    config->current_context.empty() ? "(none)" : config->current_context.c_str(),
                    AddressOf(session.settings(), Service::kIntake).c_str(),
                    AddressOf(session.settings(), Service::kTalent).c_str(),
                    AddressOf(session.settings(), Service::kPlacement).c_str(),
                    !session.settings().key.empty()        ? MaskKey(session.settings().key).c_str()
                    : !session.settings().key_file.empty() ? session.settings().key_file.c_str()
                                                           : "(none)");
        return kExitOk;
      },
      /*server=*/false);
}

void Cli::AddCompletion() {
  CLI::App* group = Group("completion", "shell completion scripts");
  Leaf(
      group, "bash", "bash completion: source <(meridianctl completion bash)",
      [this](Session&) {
        std::fputs(BashCompletion(*app_).c_str(), stdout);
        return kExitOk;
      },
      /*server=*/false);
}

#undef MERIDIANCTL_RETURN_IF_ERROR

// Every command path ("clients create") with the words that may follow it.
void CollectCompletions(CLI::App& app, const std::string& path,
                        std::vector<std::pair<std::string, std::string>>& out) {
  std::vector<std::string> words;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    words.push_back(sub->get_name());
  }
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) words.push_back("--" + name);
    for (const std::string& name : option->get_snames()) words.push_back("-" + name);
  }
  out.emplace_back(path, absl::StrJoin(words, " "));
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    CollectCompletions(
        *sub, path.empty() ? sub->get_name() : absl::StrCat(path, " ", sub->get_name()), out);
  }
}

}  // namespace

std::string BashCompletion(CLI::App& app) {
  std::vector<std::pair<std::string, std::string>> paths;
  CollectCompletions(app, "", paths);
  std::string script =
      "# bash completion for meridianctl: source <(meridianctl completion bash)\n"
      "_meridianctl() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" word i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    word=\"${COMP_WORDS[i]}\"\n"
      "    [[ $word == -* ]] && continue\n"
      "    case \"${path:+$path }$word\" in\n";
  std::vector<std::string> known;
  for (const auto& [path, words] : paths) {
    if (!path.empty()) known.push_back(absl::StrCat("\"", path, "\""));
  }
  absl::StrAppend(&script, "      ", absl::StrJoin(known, " | "), ")\n",
                  "        path=\"${path:+$path }$word\" ;;\n"
                  "    esac\n"
                  "  done\n"
                  "  local words=\"\"\n"
                  "  case \"$path\" in\n");
  for (const auto& [path, words] : paths) {
    absl::StrAppend(&script, "    \"", path, "\") words=\"", words, "\" ;;\n");
  }
  absl::StrAppend(&script,
                  "  esac\n"
                  "  mapfile -t COMPREPLY < <(compgen -W \"$words\" -- \"$cur\")\n"
                  "}\n"
                  "complete -F _meridianctl meridianctl\n");
  return script;
}

CLI::App& CommandTree() {
  static auto* cli = new Cli();
  return cli->app();
}

int Run(int argc, char** argv) {
  Cli cli;
  return cli.Execute(argc, argv);
}

}  // namespace meridian::ctl
