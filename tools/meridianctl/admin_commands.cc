// meridianctl keys and agencies, for admins: API keys (create, list, revoke) and partner agencies
// (create, list, show, disable).
#include <cstdio>
#include <memory>
#include <string>

#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace access = meridian::access::v1;

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

}  // namespace meridian::ctl
