// Interviews through real gRPC servers of intake and talent over a real PostgreSQL: from a
// shortlist to an offer (slots both sides can make across New York's and Lisbon's different
// clock changes, scheduling, the invite across a reschedule, scorecards, the summary, the OFFER
// rule), double bookings, times outside working hours, busy interviewers, the write rules, and
// erasure.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::SizeIs;
namespace tv1 = talent::v1;
namespace iv1 = intake::v1;
namespace ev1 = events::v1;

const absl::TimeZone& NewYork() {
  static const absl::TimeZone* zone = [] {
    auto* z = new absl::TimeZone;
    absl::LoadTimeZone("America/New_York", z);
    return z;
  }();
  return *zone;
}

const absl::TimeZone& Lisbon() {
  static const absl::TimeZone* zone = [] {
    auto* z = new absl::TimeZone;
    absl::LoadTimeZone("Europe/Lisbon", z);
    return z;
  }();
  return *zone;
}

google::protobuf::Timestamp At(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

class InterviewApiTest : public ::testing::Test {
 protected:
  InterviewApiTest()
      : intake_(database_.url()),
        talent_(database_.url(), intake_.address()),
        intake_stub_(intake_.NewStub()),
        stub_(talent_.NewStub()),
        interviews_(talent_.NewInterviewStub()) {
    // Monday 2 March 2026, noon in New York: the week before the US moves its clocks
    // (8 March), three before Portugal does (29 March).
    talent_.SetNow(absl::FromCivil(absl::CivilSecond(2026, 3, 2, 12, 0, 0), NewYork()));
    iv1::CreateClientRequest request;
    *request.mutable_client() = ValidClient();  // New York, 09:00-17:00
    EXPECT_TRUE(intake_stub_->CreateClient(Context().get(), request, &client_).ok());
  }

  iv1::Role CreateRole() {
    iv1::CreateRoleRequest request;
    request.set_parent(client_.name());
    *request.mutable_role() = BackendDeveloperRole();
    request.mutable_role()->add_soft_skills("clear written English");
    iv1::Role created;
    EXPECT_TRUE(intake_stub_->CreateRole(Context().get(), request, &created).ok());
    return created;
  }

  tv1::Candidate AddCandidate(const std::string& email) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = Candidate("Ana Lima", email, "PT", "Europe/Lisbon");
    tv1::Candidate created;
    EXPECT_TRUE(stub_->CreateCandidate(Context().get(), request, &created).ok());
    talent_.WaitForIndex();
    return created;
  }

  std::string Submit(const iv1::Role& role, const tv1::Candidate& candidate) {
    tv1::CreateSubmissionRequest request;
    request.set_parent(role.name());
    request.mutable_submission()->set_candidate(candidate.name());
    tv1::Submission created;
    grpc::Status status = stub_->CreateSubmission(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }

  // A technical interview with the client's CTO and the agency's recruiter.
  static tv1::Interview Technical(std::optional<absl::Time> start, int minutes = 60) {
    tv1::Interview interview;
    interview.set_kind(tv1::Interview::TECHNICAL);
    interview.set_title("System design with the CTO");
    interview.set_duration_minutes(minutes);
    interview.set_location("https://meet.example.com/abc-defg-hij");
    tv1::Interviewer* cto = interview.add_interviewers();
    cto->set_display_name("Dana Smith");
    cto->set_email("dana@acme.example.com");
    cto->set_side(tv1::Interviewer::CLIENT);
    tv1::Interviewer* recruiter = interview.add_interviewers();
    recruiter->set_display_name("Rui Costa");
    recruiter->set_email("rui@agency.example.com");
    recruiter->set_side(tv1::Interviewer::AGENCY);
    if (start) *interview.mutable_start_time() = At(*start);
    return interview;
  }

  grpc::Status Create(const std::string& submission, const tv1::Interview& interview,
                      tv1::Interview* created, const std::string& request_id = "") {
    tv1::CreateInterviewRequest request;
    request.set_parent(submission);
    *request.mutable_interview() = interview;
    request.set_request_id(request_id);
    return interviews_->CreateInterview(Context().get(), request, created);
  }

  grpc::Status Scorecard(const std::string& interview, const std::string& email,
                         tv1::Rating overall, tv1::Scorecard* created,
                         const std::string& skill = "nodejs") {
    tv1::CreateScorecardRequest request;
    request.set_parent(interview);
    request.mutable_scorecard()->set_interviewer_email(email);
    request.mutable_scorecard()->set_overall(overall);
    request.mutable_scorecard()->set_notes("Clear about trade-offs; asked good questions.");
    tv1::Scorecard::SkillRating* rating = request.mutable_scorecard()->add_ratings();
    rating->set_skill(skill);
    rating->set_rating(tv1::STRONG_YES);
    return interviews_->CreateScorecard(Context().get(), request, created);
  }

  grpc::Status Offer(const std::string& submission, const std::string& override_reason = "") {
    tv1::AdvanceSubmissionRequest request;
    request.set_name(submission);
    request.set_stage(tv1::Submission::OFFER);
    request.set_override_reason(override_reason);
    tv1::Submission moved;
    return stub_->AdvanceSubmission(Context().get(), request, &moved);
  }

  tv1::Interview Get(const std::string& name) {
    tv1::GetInterviewRequest request;
    request.set_name(name);
    tv1::Interview found;
    EXPECT_TRUE(interviews_->GetInterview(Context().get(), request, &found).ok());
    return found;
  }

  tv1::InterviewInvite Invite(const std::string& name) {
    tv1::GetInterviewInviteRequest request;
    request.set_name(name);
    tv1::InterviewInvite invite;
    grpc::Status status = interviews_->GetInterviewInvite(Context().get(), request, &invite);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return invite;
  }

  TestDatabase database_;
  IntakeTestServer intake_;
  TalentTestServer talent_;
  std::unique_ptr<iv1::IntakeService::Stub> intake_stub_;
  std::unique_ptr<tv1::TalentService::Stub> stub_;
  std::unique_ptr<tv1::InterviewService::Stub> interviews_;
  iv1::Client client_;
};

TEST_F(InterviewApiTest, FromShortlistToOfferAcrossTwoClockChanges) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("ana@example.com");
  const std::string submission = Submit(role, candidate);

  // Slots from Friday 6 March: that Friday New York is on EST (UTC-5) and Lisbon on WET
  // (UTC+0), so the common window is 09:00-12:00 in New York = 14:00-17:00 in Lisbon. From
  // Monday 9 March New York is on EDT (UTC-4) while Lisbon has not moved: 09:00-13:00 in New
  // York = 13:00-17:00 in Lisbon.
  tv1::ProposeInterviewSlotsRequest propose;
  propose.set_submission(submission);
  propose.set_duration_minutes(60);
  *propose.mutable_earliest_time() =
      At(absl::FromCivil(absl::CivilSecond(2026, 3, 6, 0, 0, 0), absl::UTCTimeZone()));
  propose.set_count(2);
  tv1::ProposeInterviewSlotsResponse slots;
  grpc::Status status = interviews_->ProposeInterviewSlots(Context().get(), propose, &slots);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(slots.slots(), SizeIs(2));
  const absl::Time friday = absl::FromCivil(absl::CivilSecond(2026, 3, 6, 9, 0, 0), NewYork());
  const absl::Time monday = absl::FromCivil(absl::CivilSecond(2026, 3, 9, 9, 0, 0), NewYork());
  // Checked the other way round: the same instants in Lisbon.
  EXPECT_EQ(friday, absl::FromCivil(absl::CivilSecond(2026, 3, 6, 14, 0, 0), Lisbon()));
  EXPECT_EQ(monday, absl::FromCivil(absl::CivilSecond(2026, 3, 9, 13, 0, 0), Lisbon()));
  EXPECT_EQ(TimeOf(slots.slots(0).start_time()), friday);
  EXPECT_EQ(TimeOf(slots.slots(0).end_time()), friday + absl::Hours(1));
  EXPECT_EQ(slots.slots(0).description(),
            "Fri 6 Mar 2026, 09:00-10:00 in New York (America/New_York) = 14:00-15:00 in Lisbon "
            "(Europe/Lisbon)");
  EXPECT_EQ(TimeOf(slots.slots(1).start_time()), monday);
  EXPECT_EQ(slots.slots(1).description(),
            "Mon 9 Mar 2026, 09:00-10:00 in New York (America/New_York) = 13:00-14:00 in Lisbon "
            "(Europe/Lisbon)");

  // Scheduled at the first slot: inside both windows, so nothing is flagged.
  tv1::Interview interview;
  status = Create(submission, Technical(friday), &interview);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(interview.name(), HasSubstr(submission + "/interviews/"));
  EXPECT_EQ(interview.state(), tv1::Interview::SCHEDULED);
  EXPECT_EQ(interview.candidate(), candidate.name());
  EXPECT_THAT(interview.outside_working_hours(), SizeIs(0));
  EXPECT_EQ(interview.invite_sequence(), 0);

  tv1::InterviewInvite first = Invite(interview.name());
  EXPECT_EQ(first.uid(), interview.invite_uid());
  EXPECT_EQ(first.sequence(), 0);
  EXPECT_EQ(first.content_type(), "text/calendar; method=REQUEST");
  EXPECT_THAT(first.ics(), HasSubstr("METHOD:REQUEST"));
  EXPECT_THAT(first.ics(), HasSubstr(absl::StrCat("UID:", interview.invite_uid())));
  EXPECT_THAT(first.ics(), HasSubstr("DTSTART:20260306T140000Z"));
  EXPECT_THAT(first.ics(), HasSubstr("Technical interview: Ana Lima for Backend developer"));
  EXPECT_THAT(first.ics(), HasSubstr("ana@example.com"));

  // Rescheduled to the second slot: the same calendar event, a later version.
  tv1::UpdateInterviewRequest move;
  *move.mutable_interview()->mutable_start_time() = At(monday);
  move.mutable_interview()->set_name(interview.name());
  move.mutable_update_mask()->add_paths("start_time");
  move.set_etag(interview.etag());
  tv1::Interview moved;
  status = interviews_->UpdateInterview(Context().get(), move, &moved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(moved.invite_sequence(), 1);
  EXPECT_EQ(moved.title(), "System design with the CTO");
  tv1::InterviewInvite second = Invite(interview.name());
  EXPECT_EQ(second.uid(), first.uid());
  EXPECT_EQ(second.sequence(), 1);
  EXPECT_THAT(second.ics(), HasSubstr("SEQUENCE:1"));
  EXPECT_THAT(second.ics(), HasSubstr("DTSTART:20260309T130000Z"));
  // The old etag is stale now.
  EXPECT_EQ(interviews_->UpdateInterview(Context().get(), move, &moved).error_code(),
            grpc::StatusCode::ABORTED);

  // No offer before a held, scored interview.
  status = Offer(submission);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::INTERVIEW_REQUIRED));

  // Scorecards: one per interviewer; the interview is held once both are in.
  tv1::Scorecard card;
  status = Scorecard(interview.name(), "Dana@Acme.example.com", tv1::STRONG_YES, &card);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(card.name(), HasSubstr(interview.name() + "/scorecards/"));
  EXPECT_EQ(card.interviewer_email(), "dana@acme.example.com");
  EXPECT_EQ(Get(interview.name()).state(), tv1::Interview::SCHEDULED);
  status = Scorecard(interview.name(), "dana@acme.example.com", tv1::NO, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::SCORECARD_EXISTS));
  status = Scorecard(interview.name(), "someone@else.example.com", tv1::YES, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("scorecard.interviewer_email")));
  status = Scorecard(interview.name(), "rui@agency.example.com", tv1::YES, &card,
                     "clear written english");
  ASSERT_TRUE(status.ok()) << status.error_message();
  const tv1::Interview held = Get(interview.name());
  EXPECT_EQ(held.state(), tv1::Interview::COMPLETED);
  EXPECT_EQ(held.scorecard_count(), 2);

  tv1::GetInterviewSummaryRequest ask;
  ask.set_submission(submission);
  tv1::InterviewSummary summary;
  ASSERT_TRUE(interviews_->GetInterviewSummary(Context().get(), ask, &summary).ok());
  EXPECT_EQ(summary.interviews_completed(), 1);
  EXPECT_EQ(summary.interviews_upcoming(), 0);
  EXPECT_EQ(summary.scorecards(), 2);
  EXPECT_EQ(summary.overall().strong_yes(), 1);
  EXPECT_EQ(summary.overall().yes(), 1);
  EXPECT_TRUE(summary.ready_for_offer());
  ASSERT_THAT(summary.skills(), SizeIs(2));
  EXPECT_EQ(summary.skills(0).skill(), "nodejs");
  EXPECT_EQ(summary.skills(0).ratings().strong_yes(), 1);
  EXPECT_EQ(summary.skills(0).ratings().not_assessed(), 1);
  EXPECT_EQ(summary.skills(1).skill(), "clear written English");
  EXPECT_TRUE(summary.skills(1).soft_skill());
  EXPECT_EQ(summary.skills(1).ratings().strong_yes(), 1);

  status = Offer(submission);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(InterviewApiTest, AnOfferWithoutAnInterviewSaysWhyInTheHistory) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("bo@example.com");
  const std::string submission = Submit(role, candidate);
  // A hire straight from SOURCED makes the offer too.
  tv1::AdvanceSubmissionRequest hire;
  hire.set_name(submission);
  hire.set_stage(tv1::Submission::HIRED);
  tv1::Submission moved;
  grpc::Status status = stub_->AdvanceSubmission(Context().get(), hire, &moved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::INTERVIEW_REQUIRED));

  // A cancelled interview and a held one without scorecards are not enough either.
  tv1::Interview interview;
  ASSERT_TRUE(Create(submission,
                     Technical(absl::FromCivil(absl::CivilSecond(2026, 3, 4, 10, 0, 0), NewYork())),
                     &interview)
                  .ok());
  tv1::CompleteInterviewRequest complete;
  complete.set_name(interview.name());
  complete.set_state(tv1::Interview::COMPLETED);
  tv1::Interview completed;
  ASSERT_TRUE(interviews_->CompleteInterview(Context().get(), complete, &completed).ok());
  EXPECT_EQ(completed.state(), tv1::Interview::COMPLETED);
  // Held changes no calendar: the invite's SEQUENCE stays.
  EXPECT_EQ(completed.invite_sequence(), interview.invite_sequence());
  EXPECT_EQ(Offer(submission).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  hire.set_override_reason("The client's CTO interviewed her at a conference.");
  status = stub_->AdvanceSubmission(Context().get(), hire, &moved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(moved.history().rbegin()->override_reason(),
            "The client's CTO interviewed her at a conference.");

  // A reason on a move that makes no offer is a mistake, said as such.
  const std::string other = Submit(CreateRole(), AddCandidate("cy@example.com"));
  tv1::AdvanceSubmissionRequest shortlist;
  shortlist.set_name(other);
  shortlist.set_stage(tv1::Submission::SHORTLISTED);
  shortlist.set_override_reason("no reason needed");
  status = stub_->AdvanceSubmission(Context().get(), shortlist, &moved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("override_reason")));
}

TEST_F(InterviewApiTest, ACandidateIsNeverBookedTwiceAndOddHoursAreFlagged) {
  const tv1::Candidate candidate = AddCandidate("di@example.com");
  const std::string first = Submit(CreateRole(), candidate);
  const std::string second = Submit(CreateRole(), candidate);
  const absl::Time wednesday = absl::FromCivil(absl::CivilSecond(2026, 3, 4, 9, 0, 0), NewYork());

  tv1::Interview booked;
  ASSERT_TRUE(Create(first, Technical(wednesday), &booked).ok());
  // Overlapping by half an hour, for another role: refused, naming the other interview.
  tv1::Interview clash;
  grpc::Status status = Create(second, Technical(wednesday + absl::Minutes(30)), &clash);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::INTERVIEW_CONFLICT));
  EXPECT_EQ(ErrorMetadataOf(status)["conflicting_interview"], booked.name());
  EXPECT_THAT(status.error_message(), HasSubstr(booked.name()));
  // Back to back is fine.
  ASSERT_TRUE(Create(second, Technical(wednesday + absl::Hours(1)), &clash).ok());

  // 03:00 in Lisbon is 22:00 the evening before in New York: allowed, flagged on both sides.
  tv1::Interview late;
  const absl::Time night = absl::FromCivil(absl::CivilSecond(2026, 3, 5, 3, 0, 0), Lisbon());
  status = Create(second, Technical(night, 30), &late);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(late.outside_working_hours(), SizeIs(2));
  EXPECT_EQ(late.outside_working_hours(0).side(), tv1::OutsideWorkingHours::CLIENT);
  EXPECT_THAT(late.outside_working_hours(0).local_time(), HasSubstr("Wed 4 Mar 2026 22:00"));
  EXPECT_EQ(late.outside_working_hours(1).side(), tv1::OutsideWorkingHours::CANDIDATE);
  EXPECT_THAT(late.outside_working_hours(1).local_time(), HasSubstr("Thu 5 Mar 2026 03:00"));

  // Slots that day avoid both interviews of the candidate (09:00-11:00 in New York).
  tv1::ProposeInterviewSlotsRequest propose;
  propose.set_submission(first);
  propose.set_duration_minutes(60);
  *propose.mutable_earliest_time() = At(wednesday);
  propose.set_count(1);
  tv1::ProposeInterviewSlotsResponse slots;
  ASSERT_TRUE(interviews_->ProposeInterviewSlots(Context().get(), propose, &slots).ok());
  ASSERT_THAT(slots.slots(), SizeIs(1));
  EXPECT_EQ(TimeOf(slots.slots(0).start_time()), wednesday + absl::Hours(2));

  // An interviewer's other interview (another candidate) is avoided when they are named.
  const tv1::Candidate other = AddCandidate("eli@example.com");
  const std::string others = Submit(CreateRole(), other);
  tv1::Interview taken;
  ASSERT_TRUE(Create(others, Technical(wednesday + absl::Hours(2)), &taken).ok());
  propose.add_interviewer_emails("DANA@acme.example.com");
  ASSERT_TRUE(interviews_->ProposeInterviewSlots(Context().get(), propose, &slots).ok());
  ASSERT_THAT(slots.slots(), SizeIs(1));
  // Dana is taken 11:00-12:00, and from 12:00 an hour would end after 17:00 in Lisbon: the
  // first time is Thursday's 09:00 in New York.
  EXPECT_EQ(TimeOf(slots.slots(0).start_time()), wednesday + absl::Hours(24));

  // No common hour of the length asked: no slot, and why.
  propose.set_duration_minutes(300);
  ASSERT_TRUE(interviews_->ProposeInterviewSlots(Context().get(), propose, &slots).ok());
  EXPECT_THAT(slots.slots(), SizeIs(0));
  EXPECT_THAT(slots.reason(), HasSubstr("300 minutes"));
}

TEST_F(InterviewApiTest, WritesFollowTheRules) {
  const std::string submission = Submit(CreateRole(), AddCandidate("fa@example.com"));

  // Every wrong field at once.
  tv1::Interview bad =
      Technical(absl::FromCivil(absl::CivilSecond(2025, 1, 1, 9, 0, 0), NewYork()), 7);
  bad.set_kind(tv1::Interview::KIND_UNSPECIFIED);
  bad.set_title(" ");
  bad.mutable_interviewers(1)->set_email("DANA@acme.example.com");
  tv1::Interview created;
  grpc::Status status = Create(submission, bad, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto violations = ViolationsOf(status);
  for (const char* field : {"interview.kind", "interview.title", "interview.duration_minutes",
                            "interview.start_time", "interview.interviewers[1].email"}) {
    EXPECT_THAT(violations, Contains(Key(field))) << field;
  }

  // A retry with the same request_id gets the first interview back, and no second one.
  const std::string request_id = "0b0c6f2e-7a1d-4c55-9a63-1f2e3d4c5b6a";
  tv1::Interview proposed;
  ASSERT_TRUE(Create(submission, Technical(std::nullopt), &proposed, request_id).ok());
  EXPECT_EQ(proposed.state(), tv1::Interview::PROPOSED);
  tv1::Interview again;
  ASSERT_TRUE(Create(submission, Technical(std::nullopt), &again, request_id).ok());
  EXPECT_EQ(again.name(), proposed.name());
  tv1::ListInterviewsRequest list;
  list.set_parent(submission);
  tv1::ListInterviewsResponse listed;
  ASSERT_TRUE(interviews_->ListInterviews(Context().get(), list, &listed).ok());
  EXPECT_THAT(listed.interviews(), SizeIs(1));

  // A PROPOSED interview has no invite yet.
  tv1::GetInterviewInviteRequest invite;
  invite.set_name(proposed.name());
  tv1::InterviewInvite ics;
  EXPECT_EQ(interviews_->GetInterviewInvite(Context().get(), invite, &ics).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Scheduled, then cancelled: the invite becomes a cancellation of the same event.
  tv1::UpdateInterviewRequest schedule;
  schedule.mutable_interview()->set_name(proposed.name());
  *schedule.mutable_interview()->mutable_start_time() =
      At(absl::FromCivil(absl::CivilSecond(2026, 3, 5, 10, 0, 0), NewYork()));
  schedule.mutable_update_mask()->add_paths("start_time");
  tv1::Interview scheduled;
  ASSERT_TRUE(interviews_->UpdateInterview(Context().get(), schedule, &scheduled).ok());
  EXPECT_EQ(scheduled.state(), tv1::Interview::SCHEDULED);
  EXPECT_EQ(scheduled.invite_sequence(), 0);
  tv1::CancelInterviewRequest cancel;
  cancel.set_name(proposed.name());
  tv1::Interview cancelled;
  status = interviews_->CancelInterview(Context().get(), cancel, &cancelled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("reason")));
  cancel.set_reason("The client's CTO is ill.");
  ASSERT_TRUE(interviews_->CancelInterview(Context().get(), cancel, &cancelled).ok());
  EXPECT_EQ(cancelled.state(), tv1::Interview::CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "The client's CTO is ill.");
  EXPECT_EQ(cancelled.invite_sequence(), 1);
  ASSERT_TRUE(interviews_->GetInterviewInvite(Context().get(), invite, &ics).ok());
  EXPECT_EQ(ics.content_type(), "text/calendar; method=CANCEL");
  EXPECT_THAT(ics.ics(), HasSubstr("METHOD:CANCEL"));
  EXPECT_EQ(ics.uid(), scheduled.invite_uid());

  // A cancelled interview changes no more, and takes no scorecard.
  EXPECT_EQ(interviews_->UpdateInterview(Context().get(), schedule, &scheduled).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  tv1::Scorecard card;
  EXPECT_EQ(Scorecard(proposed.name(), "dana@acme.example.com", tv1::YES, &card).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Unknown interviews are NOT_FOUND; malformed names INVALID_ARGUMENT.
  tv1::GetInterviewRequest get;
  get.set_name(absl::StrCat(submission, "/interviews/00000000-0000-4000-8000-000000000000"));
  tv1::Interview found;
  EXPECT_EQ(interviews_->GetInterview(Context().get(), get, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_name("interviews/1");
  EXPECT_EQ(interviews_->GetInterview(Context().get(), get, &found).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(InterviewApiTest, ListsAcrossARoleAndACandidateAndErasureTakesTheFreeText) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("gil@example.com");
  const std::string submission = Submit(role, candidate);
  const std::string elsewhere = Submit(CreateRole(), candidate);
  tv1::Interview one;
  tv1::Interview two;
  const absl::Time start = absl::FromCivil(absl::CivilSecond(2026, 3, 4, 9, 0, 0), NewYork());
  ASSERT_TRUE(Create(submission, Technical(start), &one).ok());
  ASSERT_TRUE(Create(elsewhere, Technical(start + absl::Hours(2)), &two).ok());
  tv1::Scorecard card;
  ASSERT_TRUE(Scorecard(one.name(), "dana@acme.example.com", tv1::YES, &card).ok());

  tv1::ListInterviewsRequest list;
  list.set_parent(absl::StrCat(role.name(), "/submissions/-"));
  tv1::ListInterviewsResponse listed;
  ASSERT_TRUE(interviews_->ListInterviews(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.interviews(), SizeIs(1));
  EXPECT_EQ(listed.interviews(0).name(), one.name());
  list.set_parent("clients/-/roles/-/submissions/-");
  list.set_filter(absl::StrCat("candidate = ", candidate.name(), " AND state = SCHEDULED"));
  list.set_page_size(1);
  ASSERT_TRUE(interviews_->ListInterviews(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.interviews(), SizeIs(1));
  EXPECT_EQ(listed.interviews(0).name(), one.name());
  list.set_page_token(listed.next_page_token());
  ASSERT_TRUE(interviews_->ListInterviews(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.interviews(), SizeIs(1));
  EXPECT_EQ(listed.interviews(0).name(), two.name());
  EXPECT_EQ(listed.next_page_token(), "");

  tv1::DeleteCandidateRequest erase;
  erase.set_name(candidate.name());
  google::protobuf::Empty empty;
  grpc::Status status = stub_->DeleteCandidate(Context().get(), erase, &empty);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const tv1::Interview kept = Get(one.name());
  EXPECT_EQ(kept.title(), "");
  EXPECT_EQ(kept.location(), "");
  EXPECT_EQ(kept.kind(), tv1::Interview::TECHNICAL);
  EXPECT_EQ(TimeOf(kept.start_time()), start);
  tv1::ListScorecardsRequest cards;
  cards.set_parent(one.name());
  tv1::ListScorecardsResponse scorecards;
  ASSERT_TRUE(interviews_->ListScorecards(Context().get(), cards, &scorecards).ok());
  ASSERT_THAT(scorecards.scorecards(), SizeIs(1));
  EXPECT_EQ(scorecards.scorecards(0).notes(), "");
  EXPECT_EQ(scorecards.scorecards(0).overall(), tv1::YES);
  // The submission no longer names the person either.
  tv1::GetSubmissionRequest get;
  get.set_name(submission);
  tv1::Submission kept_submission;
  ASSERT_TRUE(stub_->GetSubmission(Context().get(), get, &kept_submission).ok());
  EXPECT_EQ(kept_submission.candidate_display_name(), "");
  EXPECT_EQ(kept_submission.role_title(), "Backend developer");
}

// Integrators hear of every change: each interview change is an event in the same transaction
// (created, updated, state_changed) and each scorecard one; they are staff's, never in a
// partner's feed; an erasure takes their free text out of the events too.
TEST_F(InterviewApiTest, EachChangeIsAnEventForStaffAndErasureTakesTheFreeTextFromThem) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("ines@example.com");
  const std::string submission = Submit(role, candidate);
  tv1::Interview proposed;
  ASSERT_TRUE(Create(submission, Technical(std::nullopt), &proposed).ok());
  ASSERT_EQ(proposed.state(), tv1::Interview::PROPOSED);

  const absl::Time start = absl::FromCivil(absl::CivilSecond(2026, 3, 4, 9, 0, 0), NewYork());
  tv1::UpdateInterviewRequest update;
  update.mutable_interview()->set_name(proposed.name());
  *update.mutable_interview()->mutable_start_time() = At(start);
  update.mutable_update_mask()->add_paths("start_time");
  tv1::Interview scheduled;
  grpc::Status status = interviews_->UpdateInterview(Context().get(), update, &scheduled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  update.mutable_interview()->clear_start_time();
  update.mutable_interview()->set_location("Office, 5th floor");
  update.mutable_update_mask()->set_paths(0, "location");
  tv1::Interview moved;
  status = interviews_->UpdateInterview(Context().get(), update, &moved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  tv1::Scorecard first;
  tv1::Scorecard last;
  ASSERT_TRUE(Scorecard(moved.name(), "dana@acme.example.com", tv1::YES, &first).ok());
  ASSERT_TRUE(Scorecard(moved.name(), "rui@agency.example.com", tv1::STRONG_YES, &last).ok());

  auto events = ev1::EventService::NewStub(intake_.channel());
  const auto read = [&](ev1::EventService::Stub& stub) {
    ev1::ListEventsRequest request;
    request.set_filter("type = interview.* OR type = scorecard.*");
    request.set_page_size(100);
    ev1::ListEventsResponse response;
    grpc::Status listed = stub.ListEvents(Context().get(), request, &response);
    EXPECT_TRUE(listed.ok()) << listed.error_message();
    return std::vector<ev1::Event>(response.events().begin(), response.events().end());
  };
  std::vector<ev1::Event> seen = read(*events);
  std::vector<std::pair<std::string, std::string>> types;
  for (const ev1::Event& event : seen) types.emplace_back(event.type(), event.resource());
  EXPECT_THAT(types, ::testing::ElementsAre(std::pair{"interview.created", proposed.name()},
                                            std::pair{"interview.state_changed", proposed.name()},
                                            std::pair{"interview.updated", proposed.name()},
                                            std::pair{"scorecard.created", first.name()},
                                            std::pair{"scorecard.created", last.name()},
                                            std::pair{"interview.state_changed", proposed.name()}));
  ASSERT_THAT(seen, SizeIs(6));
  EXPECT_EQ(seen[0].interview().state(), tv1::Interview::PROPOSED);
  EXPECT_EQ(seen[1].interview().state(), tv1::Interview::SCHEDULED);
  EXPECT_EQ(seen[2].interview().location(), "Office, 5th floor");
  EXPECT_EQ(seen[3].scorecard().notes(), "Clear about trade-offs; asked good questions.");
  EXPECT_EQ(seen[5].interview().state(), tv1::Interview::COMPLETED);
  EXPECT_EQ(seen[5].interview().scorecard_count(), 2);

  // A partner agency's feed has none of them.
  auto partner = ev1::EventService::NewStub(intake_.in_process().ChannelWithKey(
      CreateTestKey(database_.url(), access::v1::PARTNER, "agencies/acme")));
  EXPECT_THAT(read(*partner), SizeIs(0));

  tv1::DeleteCandidateRequest erase;
  erase.set_name(candidate.name());
  google::protobuf::Empty empty;
  status = stub_->DeleteCandidate(Context().get(), erase, &empty);
  ASSERT_TRUE(status.ok()) << status.error_message();
  seen = read(*events);
  ASSERT_THAT(seen, SizeIs(6));
  for (const ev1::Event& event : seen) {
    EXPECT_EQ(event.interview().title(), "") << event.type();
    EXPECT_EQ(event.interview().location(), "") << event.type();
    EXPECT_EQ(event.scorecard().notes(), "") << event.type();
  }
  EXPECT_EQ(seen[1].interview().kind(), tv1::Interview::TECHNICAL);
  EXPECT_EQ(TimeOf(seen[1].interview().start_time()), start);
  EXPECT_EQ(seen[4].scorecard().overall(), tv1::STRONG_YES);
}

// A request that does not parse is the caller's mistake on every method, never an outage.
TEST_F(InterviewApiTest, MalformedRequestBytesAreInvalidArgumentOnEveryMethod) {
  ExpectEveryMethodRefusesMalformedBytes(talent_.channel(), "meridian.talent.v1.InterviewService",
                                         11);
}

}  // namespace
}  // namespace meridian::testing
