// meridianctl placements: hires and their follow-up (create, list, show, check-in, end, trial),
// and the agenda of the check-ins due this week in the user's zone.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/output.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace placement = meridian::placement::v1;

namespace {

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

}  // namespace

void Cli::AddPlacements() {
  CLI::App* group = Group(
      "placements", "hires and their follow-up: create, list, show, agenda, check-in, end, trial");
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
  {
    auto args = std::make_shared<TrialOutcomeArgs>();
    CLI::App* trial = Leaf(group, "trial",
                           "record how the trial went: passed, extended (--new-end) or failed "
                           "(--reason; ends the placement)",
                           [args](Session& session) {
                             auto request = BuildTrialOutcomeRequest(*args);
                             if (!request.ok()) return StatusError(request.status());
                             placement::Placement recorded;
                             grpc::Status status = session.placement().RecordTrialOutcome(
                                 session.Context().get(), *request, &recorded);
                             if (!status.ok()) return session.Fail(status);
                             return session.Show(recorded);
                           });
    trial->add_option("placement", args->placement, "placements/ID or ID")->required();
    trial->add_option("--outcome", args->outcome, "passed, extended or failed")->required();
    trial->add_option("--new-end", args->new_end,
                      "with extended: the trial's new last day, YYYY-MM-DD");
    trial->add_option("--reason", args->reason,
                      "with failed: PERFORMANCE, CANDIDATE_LEFT, BUDGET, ROLE_CHANGED, "
                      "CONVERTED_TO_PAYROLL, CONTRACT_COMPLETED or OTHER");
    trial->add_option("--notes", args->notes, "what was decided and why");
    trial->add_option("--etag", args->etag, "refused if the placement changed since");
    trial->add_option("--request-id", args->request_id, "makes a retry safe");
  }
}

}  // namespace meridian::ctl
