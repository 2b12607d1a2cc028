// meridianctl clients: hiring companies (create, list, show, update), from flags or -f JSON.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace intake = meridian::intake::v1;
namespace common_v1 = meridian::common::v1;

namespace {

std::string HoursText(const common_v1::WorkingHours& hours) {
  if (hours.start().empty()) return "-";
  return absl::StrCat(hours.start(), "-", hours.end());
}

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

}  // namespace

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

}  // namespace meridian::ctl
