// meridianctl interviews and scorecards: times both sides can make (propose), interviews of a
// submission (create, list, show, reschedule, cancel, complete), their calendar invites (invite)
// and the interviewers' scorecards (submit, list).
#include <cstdio>
#include <fstream>
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

// The interview as for `show`, then its outside-hours warnings on stderr, in bold yellow on a
// terminal: a time that suits only one side is allowed, and easy to miss in a list of fields.
int ShowInterview(Session& session, const talent::Interview& interview) {
  session.Show(interview);
  for (const std::string& line : OutsideHoursWarnings(interview)) {
    std::fputs(session.err().Bold(session.err().Yellow(line)).c_str(), stderr);
  }
  return kExitOk;
}

// The interview as it is now: its etag guards the change that follows.
grpc::Status ReadInterview(Session& session, const std::string& name,
                           talent::Interview* interview) {
  talent::GetInterviewRequest request;
  request.set_name(name);
  return session.interviews().GetInterview(session.Context().get(), request, interview);
}

}  // namespace

void Cli::AddInterviews() {
  CLI::App* group = Group("interviews",
                          "interviews of a submission: propose times, create, list, show, "
                          "reschedule, cancel, complete, invite");
  {
    struct Options {
      std::string submission;
      std::string duration = "60m";
      std::string earliest;
      std::string latest;
      int count = 0;
      std::vector<std::string> interviewers;
    };
    auto options = std::make_shared<Options>();
    CLI::App* propose =
        Leaf(group, "propose", "times inside the client's and the candidate's working hours",
             [options](Session& session) {
               talent::ProposeInterviewSlotsRequest request;
               request.set_submission(options->submission);
               auto minutes = ParseDurationMinutes(options->duration, "--duration");
               if (!minutes.ok()) return StatusError(minutes.status());
               request.set_duration_minutes(*minutes);
               if (!options->earliest.empty()) {
                 auto at = ParseTime(options->earliest, session.zone(), "--earliest");
                 if (!at.ok()) return StatusError(at.status());
                 *request.mutable_earliest_time() = *at;
               }
               if (!options->latest.empty()) {
                 auto at = ParseTime(options->latest, session.zone(), "--latest");
                 if (!at.ok()) return StatusError(at.status());
                 *request.mutable_latest_time() = *at;
               }
               request.set_count(options->count);
               for (const std::string& email : options->interviewers) {
                 request.add_interviewer_emails(email);
               }
               talent::ProposeInterviewSlotsResponse response;
               grpc::Status status = session.interviews().ProposeInterviewSlots(
                   session.Context().get(), request, &response);
               if (!status.ok()) return session.Fail(status);
               if (session.PrintForScripts(response)) return kExitOk;
               if (response.slots().empty()) {
                 // No time is an answer, not a failure: the reason says what would make one.
                 std::printf("no time fits both sides: %s\n", response.reason().c_str());
                 return kExitOk;
               }
               session.PrintTable(SlotTable(response.slots(), session.zone()));
               return kExitOk;
             });
    propose->add_option("submission", options->submission, "clients/ID/roles/ID/submissions/ID")
        ->required();
    propose->add_option("--duration", options->duration, "length: 60m (default), 1h30m, 45");
    propose->add_option("--earliest", options->earliest,
                        "first possible start (default now): RFC 3339 or \"YYYY-MM-DD HH:MM\" "
                        "(--tz)");
    propose->add_option("--latest", options->latest,
                        "every slot ends by then (default 14 days after --earliest)");
    propose->add_option("--count", options->count, "how many, 1 to 20 (default 5)");
    propose->add_option("--interviewer", options->interviewers,
                        "an interviewer's email whose other interviews to avoid (repeat)");
  }
  {
    struct Options {
      std::string submission;
      std::string kind;
      std::string title;
      std::vector<std::string> interviewers;
      std::string start;
      std::string duration = "60m";
      std::string location;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* create = Leaf(
        group, "create", "add an interview: PROPOSED, or SCHEDULED with --start",
        [options](Session& session) {
          talent::CreateInterviewRequest request;
          request.set_parent(options->submission);
          talent::Interview& interview = *request.mutable_interview();
          auto kind = ParseEnum(*talent::Interview::Kind_descriptor(), options->kind, "--kind");
          if (!kind.ok()) return StatusError(kind.status());
          interview.set_kind(static_cast<talent::Interview::Kind>(*kind));
          interview.set_title(options->title);
          for (const std::string& text : options->interviewers) {
            auto interviewer = ParseInterviewer(text);
            if (!interviewer.ok()) return StatusError(interviewer.status());
            *interview.add_interviewers() = *interviewer;
          }
          auto minutes = ParseDurationMinutes(options->duration, "--duration");
          if (!minutes.ok()) return StatusError(minutes.status());
          interview.set_duration_minutes(*minutes);
          if (!options->start.empty()) {
            auto at = ParseTime(options->start, session.zone(), "--start");
            if (!at.ok()) return StatusError(at.status());
            *interview.mutable_start_time() = *at;
          }
          interview.set_location(options->location);
          request.set_request_id(options->request_id);
          talent::Interview created;
          grpc::Status status =
              session.interviews().CreateInterview(session.Context().get(), request, &created);
          if (!status.ok()) return session.Fail(status);
          return ShowInterview(session, created);
        });
    create->add_option("submission", options->submission, "clients/ID/roles/ID/submissions/ID")
        ->required();
    create->add_option("--kind", options->kind, "SCREENING, TECHNICAL, CULTURE or FINAL")
        ->required();
    create->add_option("--title", options->title, "what it is, e.g. \"System design with the CTO\"")
        ->required();
    create
        ->add_option("--interviewer", options->interviewers,
                     "\"Name <email>\", side :client (default) or :agency after it (repeat)")
        ->required();
    create->add_option("--start", options->start,
                       "when: RFC 3339 or \"YYYY-MM-DD HH:MM\" (--tz); none: PROPOSED");
    create->add_option("--duration", options->duration, "length: 60m (default), 1h30m, 45");
    create->add_option("--link,--location", options->location, "a meeting link or a place");
    create->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string submission;
      std::string role;
      std::string candidate;
      std::string state;
      Paging paging;
    };
    auto options = std::make_shared<Options>();
    CLI::App* list =
        Leaf(group, "list", "interviews of a submission, a role or a candidate, oldest first",
             [options](Session& session) {
               const int given = !options->submission.empty() + !options->role.empty() +
                                 !options->candidate.empty();
               if (given != 1) return UsageError("name one of SUBMISSION, --role or --candidate");
               talent::ListInterviewsRequest request;
               std::vector<std::string> terms;
               if (!options->submission.empty()) {
                 request.set_parent(options->submission);
               } else if (!options->role.empty()) {
                 request.set_parent(absl::StrCat(options->role, "/submissions/-"));
               } else {
                 request.set_parent("clients/-/roles/-/submissions/-");
                 terms.push_back(
                     absl::StrCat("candidate = ", Qualify("candidates", options->candidate)));
               }
               if (!options->state.empty()) {
                 auto state =
                     ParseEnum(*talent::Interview::State_descriptor(), options->state, "--state");
                 if (!state.ok()) return StatusError(state.status());
                 terms.push_back(absl::StrCat(
                     "state = ", EnumName(talent::Interview::State_descriptor(), *state)));
               }
               request.set_filter(absl::StrJoin(terms, " AND "));
               request.set_page_size(options->paging.page_size);
               request.set_page_token(options->paging.page_token);
               talent::ListInterviewsResponse response;
               grpc::Status status =
                   session.interviews().ListInterviews(session.Context().get(), request, &response);
               if (!status.ok()) return session.Fail(status);
               if (session.PrintForScripts(response)) return kExitOk;
               session.PrintTable(InterviewTable(
                   response.interviews(), session.zone(),
                   [&session](absl::string_view state) { return session.State(state); }));
               session.MorePages(response.next_page_token());
               return kExitOk;
             });
    list->add_option("submission", options->submission, "clients/ID/roles/ID/submissions/ID");
    list->add_option("--role", options->role, "every interview of clients/ID/roles/ID");
    list->add_option("--candidate", options->candidate, "every interview of candidates/ID or ID");
    list->add_option("--state", options->state,
                     "only PROPOSED, SCHEDULED, COMPLETED, CANCELLED or NO_SHOW ones");
    AddPaging(list, options->paging);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* show = Leaf(group, "show", "show one interview", [name](Session& session) {
      talent::Interview interview;
      grpc::Status status = ReadInterview(session, *name, &interview);
      if (!status.ok()) return session.Fail(status);
      return ShowInterview(session, interview);
    });
    show->add_option("interview", *name, "clients/ID/roles/ID/submissions/ID/interviews/ID")
        ->required();
  }
  {
    struct Options {
      std::string name;
      std::string start;
      std::string duration;
      std::string location;
      std::string etag;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* reschedule =
        Leaf(group, "reschedule",
             "give an interview a (new) time, length or place; the invite keeps its UID",
             [options](Session& session) {
               talent::UpdateInterviewRequest request;
               talent::Interview& interview = *request.mutable_interview();
               interview.set_name(options->name);
               auto at = ParseTime(options->start, session.zone(), "--start");
               if (!at.ok()) return StatusError(at.status());
               *interview.mutable_start_time() = *at;
               AddPath(*request.mutable_update_mask(), "start_time");
               if (!options->duration.empty()) {
                 auto minutes = ParseDurationMinutes(options->duration, "--duration");
                 if (!minutes.ok()) return StatusError(minutes.status());
                 interview.set_duration_minutes(*minutes);
                 AddPath(*request.mutable_update_mask(), "duration_minutes");
               }
               if (!options->location.empty()) {
                 interview.set_location(options->location);
                 AddPath(*request.mutable_update_mask(), "location");
               }
               // Without --etag, the one just read: a change made meanwhile by someone else is then
               // refused (ABORTED) rather than overwritten.
               std::string etag = options->etag;
               if (etag.empty()) {
                 talent::Interview current;
                 grpc::Status status = ReadInterview(session, options->name, &current);
                 if (!status.ok()) return session.Fail(status);
                 etag = current.etag();
               }
               request.set_etag(etag);
               request.set_request_id(options->request_id);
               talent::Interview updated;
               grpc::Status status =
                   session.interviews().UpdateInterview(session.Context().get(), request, &updated);
               if (!status.ok()) return session.Fail(status);
               return ShowInterview(session, updated);
             });
    reschedule
        ->add_option("interview", options->name, "clients/ID/roles/ID/submissions/ID/interviews/ID")
        ->required();
    reschedule
        ->add_option("--start", options->start,
                     "the new start: RFC 3339 or \"YYYY-MM-DD HH:MM\" (--tz)")
        ->required();
    reschedule->add_option("--duration", options->duration, "a new length: 60m, 1h30m, 45");
    reschedule->add_option("--link,--location", options->location, "a new meeting link or place");
    reschedule->add_option("--etag", options->etag,
                           "refused if the interview changed since (default: as read now)");
    reschedule->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string name;
      std::string reason;
      std::string etag;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cancel = Leaf(group, "cancel",
                            "call an interview off; its invite becomes a "
                            "cancellation",
                            [options](Session& session) {
                              talent::CancelInterviewRequest request;
                              request.set_name(options->name);
                              request.set_reason(options->reason);
                              request.set_etag(options->etag);
                              request.set_request_id(options->request_id);
                              talent::Interview cancelled;
                              grpc::Status status = session.interviews().CancelInterview(
                                  session.Context().get(), request, &cancelled);
                              if (!status.ok()) return session.Fail(status);
                              return session.Show(cancelled);
                            });
    cancel
        ->add_option("interview", options->name, "clients/ID/roles/ID/submissions/ID/interviews/ID")
        ->required();
    cancel->add_option("--reason", options->reason, "why, kept with the interview")->required();
    cancel->add_option("--etag", options->etag, "refused if the interview changed since");
    cancel->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string name;
      bool no_show = false;
      std::string etag;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* complete =
        Leaf(group, "complete",
             "mark a SCHEDULED interview held before every scorecard is in (or --no-show)",
             [options](Session& session) {
               talent::CompleteInterviewRequest request;
               request.set_name(options->name);
               request.set_state(options->no_show ? talent::Interview::NO_SHOW
                                                  : talent::Interview::COMPLETED);
               request.set_etag(options->etag);
               request.set_request_id(options->request_id);
               talent::Interview completed;
               grpc::Status status = session.interviews().CompleteInterview(session.Context().get(),
                                                                            request, &completed);
               if (!status.ok()) return session.Fail(status);
               return session.Show(completed);
             });
    complete
        ->add_option("interview", options->name, "clients/ID/roles/ID/submissions/ID/interviews/ID")
        ->required();
    complete->add_flag("--no-show", options->no_show, "the candidate did not come");
    complete->add_option("--etag", options->etag, "refused if the interview changed since");
    complete->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string name;
      std::string file;
    };
    auto options = std::make_shared<Options>();
    CLI::App* invite =
        Leaf(group, "invite", "the calendar invite (.ics) of an interview with a time",
             [options](Session& session) {
               talent::GetInterviewInviteRequest request;
               request.set_name(options->name);
               talent::InterviewInvite invite;
               grpc::Status status = session.interviews().GetInterviewInvite(
                   session.Context().get(), request, &invite);
               if (!status.ok()) return session.Fail(status);
               if (options->file.empty() || options->file == "-") {
                 if (session.PrintForScripts(invite)) return kExitOk;
                 std::fputs(invite.ics().c_str(), stdout);  // as it is, CRLF line ends included
                 return kExitOk;
               }
               std::ofstream out(options->file, std::ios::binary | std::ios::trunc);
               out << invite.ics();
               out.close();
               if (!out) {
                 return StatusError(
                     absl::UnavailableError(absl::StrCat("cannot write ", options->file)));
               }
               if (session.PrintForScripts(invite)) return kExitOk;
               std::printf("wrote %s (%s, UID %s, SEQUENCE %d)\n", options->file.c_str(),
                           invite.content_type().c_str(), invite.uid().c_str(), invite.sequence());
               return kExitOk;
             });
    invite
        ->add_option("interview", options->name, "clients/ID/roles/ID/submissions/ID/interviews/ID")
        ->required();
    invite->add_option("-f,--file", options->file, "write the .ics there (default: stdout)");
  }
}

void Cli::AddScorecards() {
  CLI::App* group = Group("scorecards", "interviewers' ratings of an interview: submit, list");
  {
    struct Options {
      std::string interview;
      std::string interviewer;
      std::string recommendation;
      std::vector<std::string> ratings;
      std::string notes;
      std::string request_id;
    };
    auto options = std::make_shared<Options>();
    CLI::App* submit = Leaf(
        group, "submit", "one interviewer's scorecard; the last one in completes the interview",
        [options](Session& session) {
          talent::CreateScorecardRequest request;
          request.set_parent(options->interview);
          talent::Scorecard& scorecard = *request.mutable_scorecard();
          scorecard.set_interviewer_email(options->interviewer);
          auto overall =
              ParseEnum(*talent::Rating_descriptor(), options->recommendation, "--recommendation");
          if (!overall.ok()) return StatusError(overall.status());
          scorecard.set_overall(static_cast<talent::Rating>(*overall));
          for (const std::string& text : options->ratings) {
            auto rating = ParseSkillRating(text);
            if (!rating.ok()) return StatusError(rating.status());
            *scorecard.add_ratings() = *rating;
          }
          scorecard.set_notes(options->notes);
          request.set_request_id(options->request_id);
          talent::Scorecard created;
          grpc::Status status =
              session.interviews().CreateScorecard(session.Context().get(), request, &created);
          if (!status.ok()) return session.Fail(status);
          return session.Show(created);
        });
    submit
        ->add_option("interview", options->interview,
                     "clients/ID/roles/ID/submissions/ID/interviews/ID")
        ->required();
    submit->add_option("--interviewer", options->interviewer, "the interviewer's email")
        ->required();
    submit
        ->add_option("--recommendation", options->recommendation,
                     "overall: strong-no, no, yes or strong-yes")
        ->required();
    submit->add_option("--rating", options->ratings,
                       "SKILL=RATING for a skill of the role, e.g. go=strong-yes; "
                       "SKILL=- not assessed (repeat)");
    submit->add_option("--notes", options->notes, "what the interviewer saw");
    submit->add_option("--request-id", options->request_id, "makes a retry safe");
  }
  {
    struct Options {
      std::string interview;
      Paging paging;
    };
    auto options = std::make_shared<Options>();
    CLI::App* list = Leaf(
        group, "list", "an interview's scorecards, in the order they came",
        [options](Session& session) {
          talent::ListScorecardsRequest request;
          request.set_parent(options->interview);
          request.set_page_size(options->paging.page_size);
          request.set_page_token(options->paging.page_token);
          talent::ListScorecardsResponse response;
          grpc::Status status =
              session.interviews().ListScorecards(session.Context().get(), request, &response);
          if (!status.ok()) return session.Fail(status);
          if (session.PrintForScripts(response)) return kExitOk;
          Table table({"INTERVIEWER", "RECOMMENDATION", "RATINGS", "NOTES", "SENT"});
          table.SetMaxWidth(2, 40);
          table.SetMaxWidth(3, 40);
          for (const talent::Scorecard& scorecard : response.scorecards()) {
            std::vector<std::string> ratings;
            for (const auto& rating : scorecard.ratings()) {
              ratings.push_back(absl::StrCat(
                  rating.skill(), "=", EnumText(talent::Rating_descriptor(), rating.rating())));
            }
            table.AddRow({scorecard.interviewer_email(),
                          EnumText(talent::Rating_descriptor(), scorecard.overall()),
                          absl::StrJoin(ratings, " "), scorecard.notes(),
                          session.Time(scorecard.create_time())});
          }
          session.PrintTable(table);
          session.MorePages(response.next_page_token());
          return kExitOk;
        });
    list->add_option("interview", options->interview,
                     "clients/ID/roles/ID/submissions/ID/interviews/ID")
        ->required();
    AddPaging(list, options->paging);
  }
}

}  // namespace meridian::ctl
