// One run of meridianctl: the global options, the settings resolved from them, the config file
// and the environment, the stubs of the services (made on first use), and how an answer is
// printed (a table or a resource's fields for people, JSON or YAML for scripts).
//
//   Session session(globals);
//   if (auto failed = session.Init()) return *failed;     // config, zone, output format
//   if (auto failed = session.Connect()) return *failed;  // channels and stubs
//   intake::v1::Client client;
//   grpc::Status status = session.intake().GetClient(session.Context().get(), request, &client);
//   if (!status.ok()) return session.Fail(status);
//   return session.Show(client);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "meridian/access/v1/access.grpc.pb.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/interview.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "tools/meridianctl/config.h"
#include "tools/meridianctl/output.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

// The global options, before the config and environment are laid under them.
struct Globals {
  std::string output = "table";
  std::string tz;
  std::string context;
  Settings flags;
  double timeout_seconds = 30;
};

class Session final {
 public:
  explicit Session(const Globals& globals) : globals_(globals) {}

  // Resolves the config, the zone and the format. Usage errors come back as their exit status.
  std::optional<int> Init();

  // Channels are made on first use, so that `config view` needs no key.
  std::optional<int> Connect();

  // A context for one call, with the --timeout deadline unless `deadline` is false (a stream).
  std::unique_ptr<grpc::ClientContext> Context(bool deadline = true) const;

  // Prints a failed call and returns its exit status.
  int Fail(const grpc::Status& status) const;

  // A message for scripts (json, yaml); false in table mode.
  bool PrintForScripts(const google::protobuf::Message& message) const;

  // One resource: JSON or YAML for scripts, else its fields one a line for people.
  int Show(const google::protobuf::Message& message) const;

  void PrintTable(const Table& table) const;

  // The token of the next page, on stderr and dimmed, in table mode when there is one.
  void MorePages(const std::string& token) const;

  // A timestamp in the user's zone.
  std::string Time(const google::protobuf::Timestamp& timestamp) const;

  // A state or stage coloured by what it means for a person reading the list.
  std::string State(absl::string_view name) const;

  // The fields of a message one a line ("field: value"), times in the user's zone, dates as
  // YYYY-MM-DD, nested messages as one line of JSON.
  std::string DetailView(const google::protobuf::Message& message) const;

  OutputFormat format() const { return format_; }
  absl::TimeZone zone() const { return zone_; }
  const Style& out() const { return out_; }
  const Style& err() const { return err_; }
  const Settings& settings() const { return settings_; }
  intake::v1::IntakeService::Stub& intake() { return *intake_; }
  talent::v1::TalentService::Stub& talent() { return *talent_; }
  // Interviews and scorecards: the talent service's second service, on its channel.
  talent::v1::InterviewService::Stub& interviews() { return *interviews_; }
  placement::v1::PlacementService::Stub& placement() { return *placement_; }
  access::v1::AccessService::Stub& access() { return *access_; }
  events::v1::EventService::Stub& events() { return *events_; }

 private:
  std::string FieldValue(const google::protobuf::Message& message,
                         const google::protobuf::FieldDescriptor* field, int index) const;

  const Globals& globals_;
  OutputFormat format_ = OutputFormat::kTable;
  Settings settings_;
  absl::TimeZone zone_;
  Style out_{false};
  Style err_{false};
  bool connected_ = false;
  std::unique_ptr<intake::v1::IntakeService::Stub> intake_;
  std::unique_ptr<talent::v1::TalentService::Stub> talent_;
  std::unique_ptr<talent::v1::InterviewService::Stub> interviews_;
  std::unique_ptr<placement::v1::PlacementService::Stub> placement_;
  std::unique_ptr<access::v1::AccessService::Stub> access_;
  std::unique_ptr<events::v1::EventService::Stub> events_;
};

}  // namespace meridian::ctl
