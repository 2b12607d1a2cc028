#include "tools/meridianctl/interview_views.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "meridian/common/v1/error_reason.pb.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/output.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace talent = meridian::talent::v1;

namespace {

// "the candidate's", "the client's".
std::string Whose(talent::OutsideWorkingHours::Side side) {
  switch (side) {
    case talent::OutsideWorkingHours::CLIENT:
      return "the client's";
    case talent::OutsideWorkingHours::CANDIDATE:
      return "the candidate's";
    default:
      return "someone's";
  }
}

std::string Count(int value) { return value == 0 ? "." : absl::StrCat(value); }

}  // namespace

Table SlotTable(const pb::RepeatedPtrField<talent::InterviewSlot>& slots, absl::TimeZone zone) {
  Table table({"START", "END", "BOTH SIDES"});
  for (const talent::InterviewSlot& slot : slots) {
    table.AddRow({FormatTimestamp(slot.start_time(), zone), FormatTimestamp(slot.end_time(), zone),
                  slot.description()});
  }
  return table;
}

Table InterviewTable(const pb::RepeatedPtrField<talent::Interview>& interviews, absl::TimeZone zone,
                     const std::function<std::string(absl::string_view)>& state) {
  Table table(
      {"NAME", "KIND", "TITLE", "STATE", "START", "MINUTES", "SCORECARDS", "OUTSIDE HOURS"});
  table.SetMaxWidth(2, 32);
  table.AlignRight(5);
  table.AlignRight(6);
  for (const talent::Interview& interview : interviews) {
    std::vector<std::string> sides;
    for (const talent::OutsideWorkingHours& outside : interview.outside_working_hours()) {
      sides.push_back(EnumText(talent::OutsideWorkingHours::Side_descriptor(), outside.side()));
    }
    table.AddRow(
        {interview.name(), EnumText(talent::Interview::Kind_descriptor(), interview.kind()),
         interview.title(),
         state ? state(talent::Interview::State_Name(interview.state()))
               : talent::Interview::State_Name(interview.state()),
         FormatTimestamp(interview.start_time(), zone), absl::StrCat(interview.duration_minutes()),
         absl::StrCat(interview.scorecard_count(), "/", interview.interviewers_size()),
         sides.empty() ? "-" : absl::StrJoin(sides, ", ")});
  }
  return table;
}

std::vector<std::string> OutsideHoursWarnings(const talent::Interview& interview) {
  std::vector<std::string> lines;
  for (const talent::OutsideWorkingHours& outside : interview.outside_working_hours()) {
    lines.push_back(absl::StrCat("warning: outside ", Whose(outside.side()),
                                 " working hours: ", outside.local_time(), "\n"));
  }
  return lines;
}

std::string SummaryView(const talent::InterviewSummary& summary) {
  const talent::InterviewSummary::RatingCounts& overall = summary.overall();
  std::string out = absl::StrCat(
      "submission:      ", summary.submission(), "\n",
      "interviews:      ", summary.interviews_completed(), " completed, ",
      summary.interviews_upcoming(), " to come, ", summary.interviews_not_held(), " not held\n",
      "scorecards:      ", summary.scorecards(), "\n", "recommendations: ", overall.strong_yes(),
      " strong yes, ", overall.yes(), " yes, ", overall.no(), " no, ", overall.strong_no(),
      " strong no\n", "offer:           ",
      summary.ready_for_offer()
          ? "ready (a completed interview with a scorecard)"
          : "needs a completed interview with a scorecard, or --override-reason",
      "\n");
  if (summary.skills().empty()) return out;
  Table table({"SKILL", "STRONG NO", "NO", "YES", "STRONG YES", "NOT ASSESSED"});
  for (size_t column = 1; column <= 5; ++column) table.AlignRight(column);
  for (const talent::InterviewSummary::SkillRatings& skill : summary.skills()) {
    const talent::InterviewSummary::RatingCounts& r = skill.ratings();
    table.AddRow({skill.soft_skill() ? absl::StrCat(skill.skill(), " (soft)") : skill.skill(),
                  Count(r.strong_no()), Count(r.no()), Count(r.yes()), Count(r.strong_yes()),
                  Count(r.not_assessed())});
  }
  absl::StrAppend(&out, "\n", table.Render());
  return out;
}

std::string InterviewRequiredHint(absl::string_view serialized_details,
                                  absl::string_view submission) {
  google::rpc::Status status;
  if (serialized_details.empty() ||
      !status.ParseFromArray(serialized_details.data(),
                             static_cast<int>(serialized_details.size()))) {
    return "";
  }
  for (const auto& any : status.details()) {
    google::rpc::ErrorInfo info;
    if (!any.UnpackTo(&info) ||
        info.reason() != common::v1::ErrorReason_Name(common::v1::INTERVIEW_REQUIRED))
      continue;
    return absl::StrCat(
        "An offer needs a COMPLETED interview with at least one scorecard:\n"
        "  meridianctl interviews list ",
        submission, "\n",
        "  meridianctl scorecards submit INTERVIEW --interviewer EMAIL --recommendation yes\n",
        "  meridianctl submissions summary ", submission, "\n",
        "or say why it goes ahead without one: --override-reason \"...\"\n");
  }
  return "";
}

}  // namespace meridian::ctl
