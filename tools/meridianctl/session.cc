#include "tools/meridianctl/session.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/auth/bootstrap.h"
#include "common/config/tls_config.h"
#include "common/server/tls_credentials.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/type/date.pb.h"
#include "meridian/common/v1/common.pb.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/rpc_error.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace intake = meridian::intake::v1;
namespace talent = meridian::talent::v1;
namespace placement = meridian::placement::v1;
namespace access = meridian::access::v1;
namespace events = meridian::events::v1;
namespace common_v1 = meridian::common::v1;

namespace {

constexpr ClientTlsFlags kCtlTlsFlags{.ca_file = "tls-ca-file",
                                      .cert_file = "tls-client-cert-file",
                                      .key_file = "tls-client-key-file",
                                      .server_name = "tls-server-name"};

}  // namespace

std::optional<int> Session::Init() {
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

std::optional<int> Session::Connect() {
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
  auto placement_channel = CreateChannel(AddressOf(settings_, Service::kPlacement), *tls, identity);
  intake_ = intake::IntakeService::NewStub(intake_channel);
  access_ = access::AccessService::NewStub(intake_channel);
  events_ = events::EventService::NewStub(intake_channel);
  talent_ = talent::TalentService::NewStub(talent_channel);
  interviews_ = talent::InterviewService::NewStub(talent_channel);
  placement_ = placement::PlacementService::NewStub(placement_channel);
  connected_ = true;
  return std::nullopt;
}

std::unique_ptr<grpc::ClientContext> Session::Context(bool deadline) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (deadline) {
    context->set_deadline(
        absl::ToChronoTime(absl::Now() + absl::Seconds(globals_.timeout_seconds)));
  }
  return context;
}

int Session::Fail(const grpc::Status& status) const {
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  std::fputs(
      FormatRpcError(code, status.error_message(), status.error_details(), err_.enabled()).c_str(),
      stderr);
  return ExitCodeFor(code);
}

bool Session::PrintForScripts(const pb::Message& message) const {
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

int Session::Show(const pb::Message& message) const {
  if (!PrintForScripts(message)) std::fputs(DetailView(message).c_str(), stdout);
  return kExitOk;
}

void Session::PrintTable(const Table& table) const {
  std::fputs(table.Render(out_.enabled()).c_str(), stdout);
}

void Session::MorePages(const std::string& token) const {
  if (token.empty() || format_ != OutputFormat::kTable) return;
  std::fprintf(stderr, "%s\n", err_.Dim(absl::StrCat("more: --page-token ", token)).c_str());
}

std::string Session::Time(const pb::Timestamp& timestamp) const {
  return FormatTimestamp(timestamp, zone_);
}

std::string Session::State(absl::string_view name) const {
  static const std::set<absl::string_view> good = {
      "OPEN", "ACTIVE", "AVAILABLE", "HIRED", "OFFER", "DONE", "SCHEDULED", "COMPLETED", "PASSED"};
  static const std::set<absl::string_view> watch = {
      "ON_HOLD", "AT_RISK", "INTERVIEWING", "PENDING", "CLIENT_INTERVIEW", "PROPOSED", "EXTENDED"};
  static const std::set<absl::string_view> gone = {"CANCELLED", "ENDED",  "REJECTED", "WITHDRAWN",
                                                   "DISABLED",  "FAILED", "NO_SHOW"};
  if (good.contains(name)) return out_.Green(name);
  if (watch.contains(name)) return out_.Yellow(name);
  if (gone.contains(name)) return out_.Red(name);
  return std::string(name);
}

std::string Session::DetailView(const pb::Message& message) const {
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

std::string Session::FieldValue(const pb::Message& message, const pb::FieldDescriptor* field,
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

}  // namespace meridian::ctl
