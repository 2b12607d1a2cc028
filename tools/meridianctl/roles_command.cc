// meridianctl roles: a client's openings (create, list, show, update, hold, reopen, cancel),
// and recommend-kind, which says from the client's answers which kind of role to open.
#include <cstdio>
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

}  // namespace

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

}  // namespace meridian::ctl
