// meridianctl submissions: candidates put forward for roles (create, advance, list, show) and
// what their interviews add up to before an offer (summary).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/interview_views.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace talent = meridian::talent::v1;

namespace {

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

}  // namespace

void Cli::AddSubmissions() {
  CLI::App* group = Group("submissions",
                          "candidates put forward for roles: create, advance, list, show, summary");
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
    CLI::App* advance =
        Leaf(group, "advance", "move a submission to a stage (or close it)",
             [options](Session& session) {
               talent::AdvanceSubmissionRequest request;
               request.set_name(options->name);
               auto stage =
                   ParseEnum(*talent::Submission::Stage_descriptor(), options->stage, "--stage");
               if (!stage.ok()) return StatusError(stage.status());
               request.set_stage(static_cast<talent::Submission::Stage>(*stage));
               request.set_note(options->note);
               request.set_rejection_reason(options->rejection_reason);
               request.set_override_reason(options->override_reason);
               request.set_etag(options->etag);
               talent::Submission submission;
               grpc::Status status = session.talent().AdvanceSubmission(session.Context().get(),
                                                                        request, &submission);
               if (!status.ok()) {
                 const int exit_status = session.Fail(status);
                 // The OFFER rule: say what would meet it.
                 std::fputs(InterviewRequiredHint(status.error_details(), options->name).c_str(),
                            stderr);
                 return exit_status;
               }
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
  {
    auto name = std::make_shared<std::string>();
    CLI::App* summary = Leaf(
        group, "summary", "interviews held, scorecards in, recommendations and ratings per skill",
        [name](Session& session) {
          talent::GetInterviewSummaryRequest request;
          request.set_submission(*name);
          talent::InterviewSummary response;
          grpc::Status status =
              session.interviews().GetInterviewSummary(session.Context().get(), request, &response);
          if (!status.ok()) return session.Fail(status);
          if (session.PrintForScripts(response)) return kExitOk;
          std::fputs(SummaryView(response).c_str(), stdout);
          return kExitOk;
        });
    summary->add_option("submission", *name, "clients/ID/roles/ID/submissions/ID")->required();
  }
}

}  // namespace meridian::ctl
