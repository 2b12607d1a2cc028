// Hostile requests on every RPC, through real servers of all three services over one
// database (issue 16): requests over the size limit, huge repeated fields, invalid UTF-8, control
// characters and SQL in strings, forged, tampered and foreign page tokens, malformed metadata,
// deadlines already expired and enum numbers no version knows. The methods come from the access
// policy's table (every served RPC has a row, call_gate_api_test checks) and the requests are
// built from their descriptors, so a new RPC is covered without editing this file. Where a
// method has a valid baseline request (Baseline(): the creates of clients, roles, candidates,
// submissions, placements, interviews, scorecards, agencies and keys, RecordCheckIn, the gets
// and the lists) the hostile value is put into it, so that the refusal has to be about that
// value and name its field, and an accepted value reaches storage: CreateSubmission and
// CreatePlacement run with validate_only (the whole create, rolled back, so the fixture stays
// free), RecordCheckIn records the placement's next pending check-in each time. The methods
// without one (the moves, updates and deletes of one named resource) still get every case, and
// must still never answer INTERNAL or UNKNOWN. Free text with SQL, quotes, a right-to-left
// override and emoji comes back verbatim from clients, roles, candidates, interviews,
// scorecards and check-ins; page tokens only work for the list, query and tenant they were
// issued for.
//
// Across every case no answer is INTERNAL or UNKNOWN, no message shows SQL or internals, and
// after each case every server still answers health and a plain call.
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/auth/access_policy.h"
#include "common/auth/authenticator.h"
#include "common/client/trace_metadata.h"
#include "common/process/health_client.h"
#include "common/server/call_gate.h"
#include "google/api/field_behavior.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/interview.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "tests/common/server/gate_test_services.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"

namespace meridian::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;
using google::protobuf::Reflection;

// What a hostile string field gets: SQL that would drop a table if it were ever executed.
constexpr absl::string_view kSqlText = "Robert'); DROP TABLE talent.candidates; --";
// More than gRPC's default 4 MB receive limit, which the servers keep.
constexpr size_t kOversizeBytes = (4 << 20) + 1024;
constexpr int kHugeRepeated = 100000;
constexpr int kUnknownEnum = 9999;
// A well-formed id nothing has: for the parents of lists whose resources the test does not make.
constexpr absl::string_view kNoSuchId = "00000000-0000-4000-8000-000000000000";
// A response to a huge request that was accepted (a set of enum values, say) stays small: the
// 100k elements were not stored.
constexpr size_t kMaxAcceptedResponseBytes = 64 << 10;

// One served RPC: its descriptor, its path and a channel whose key's role may call it.
struct Target {
  const MethodDescriptor* method = nullptr;
  std::string path;  // "/meridian.intake.v1.IntakeService/CreateClient"
  std::string full;  // "meridian.intake.v1.IntakeService/CreateClient"
  std::shared_ptr<grpc::Channel> channel;
  bool mutates = false;  // the access policy's word: it changes data
};

struct Outcome {
  grpc::Status status;
  std::string response;  // The (last) response message's bytes when OK.
  std::multimap<grpc::string_ref, grpc::string_ref> initial_metadata;
  std::string trace_id;  // x-request-id from the server's initial metadata.
};

struct CallOptions {
  absl::Duration timeout = absl::Seconds(20);
  // Metadata added to the call, next to whatever the channel adds.
  std::vector<std::pair<std::string, std::string>> metadata;
};

std::string Bytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices)
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

// Sends `bytes` as the request of `target` on `channel`. A server-streaming method is read
// until it ends; one still open after `options.timeout` ends DEADLINE_EXCEEDED, which for a
// stream means it accepted the request.
Outcome Send(const std::shared_ptr<grpc::Channel>& channel, const Target& target,
             const std::string& bytes, const CallOptions& options = {}) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
  for (const auto& [key, value] : options.metadata) context.AddMetadata(key, value);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  Outcome outcome;
  if (target.method->server_streaming()) {
    std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
        grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
            channel.get(),
            grpc::internal::RpcMethod(target.path.c_str(),
                                      grpc::internal::RpcMethod::SERVER_STREAMING),
            &context, request));
    grpc::ByteBuffer message;
    while (reader->Read(&message)) outcome.response = Bytes(message);
    outcome.status = reader->Finish();
  } else {
    grpc::ByteBuffer reply;
    outcome.status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
        channel.get(),
        grpc::internal::RpcMethod(target.path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC),
        &context, request, &reply);
    if (outcome.status.ok()) outcome.response = Bytes(reply);
  }
  for (const auto& [key, value] : context.GetServerInitialMetadata()) {
    if (absl::string_view(key.data(), key.size()) == kTraceIdMetadata)
      outcome.trace_id.assign(value.data(), value.size());
  }
  return outcome;
}

// The generated prototype's new instance for `type` (every Meridian message is linked).
std::unique_ptr<Message> NewMessage(const Descriptor* type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// A chain of fields from a request down to one field: client -> contacts -> display_name.
using FieldChain = std::vector<const FieldDescriptor*>;

std::string ChainName(const FieldChain& chain) {
  std::vector<std::string> names;
  for (const FieldDescriptor* field : chain) names.push_back(field->name());
  return absl::StrJoin(names, ".");
}

// Whether the server ignores the field on input: OUTPUT_ONLY or IDENTIFIER (a create's name) in
// the contract, anywhere along the chain.
bool Ignored(const FieldChain& chain) {
  for (const FieldDescriptor* field : chain) {
    const google::protobuf::FieldOptions& options = field->options();
    for (int i = 0; i < options.ExtensionSize(google::api::field_behavior); ++i) {
      const google::api::FieldBehavior behavior =
          options.GetExtension(google::api::field_behavior, i);
      if (behavior == google::api::OUTPUT_ONLY || behavior == google::api::IDENTIFIER) return true;
    }
  }
  return false;
}

// The enum fields of `message`, nested ones included, that hold a number their enum does not
// declare, as "path=number".
void CollectUnknownEnums(const Message& message, const std::string& path,
                         std::vector<std::string>& out) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string at = absl::StrCat(path, field->name());
    const int size = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < size; ++i) {
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        const int number = field->is_repeated()
                               ? reflection->GetRepeatedEnumValue(message, field, i)
                               : reflection->GetEnumValue(message, field);
        if (field->enum_type()->FindValueByNumber(number) == nullptr) {
          out.push_back(absl::StrCat(at, "=", number));
        }
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        const Message& nested = field->is_repeated()
                                    ? reflection->GetRepeatedMessage(message, field, i)
                                    : reflection->GetMessage(message, field);
        CollectUnknownEnums(nested, at + ".", out);
      }
    }
  }
}

// Every field reachable from `type` through message fields, at most `depth` levels down, with
// no type inside itself. Well-known types are leaves, except FieldMask's paths.
void CollectChains(const Descriptor* type, int depth, FieldChain& prefix,
                   std::set<const Descriptor*>& open, std::vector<FieldChain>& out) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    prefix.push_back(field);
    out.push_back(prefix);
    if (field->type() == FieldDescriptor::TYPE_MESSAGE && depth > 1) {
      const Descriptor* nested = field->message_type();
      const bool well_known = absl::StartsWith(nested->full_name(), "google.protobuf.") &&
                              nested->full_name() != "google.protobuf.FieldMask";
      if (!well_known && !nested->options().map_entry() && !open.count(nested)) {
        open.insert(nested);
        CollectChains(nested, depth - 1, prefix, open, out);
        open.erase(nested);
      }
    }
    prefix.pop_back();
  }
}

std::vector<FieldChain> ChainsOf(const Descriptor* type) {
  std::vector<FieldChain> out;
  FieldChain prefix;
  std::set<const Descriptor*> open = {type};
  CollectChains(type, 4, prefix, open, out);
  return out;
}

// The message that holds the last field of `chain` inside `root`, made on the way (a repeated
// message field gets its first element, made when there is none).
Message* HolderOf(Message& root, const FieldChain& chain) {
  Message* at = &root;
  for (size_t i = 0; i + 1 < chain.size(); ++i) {
    const Reflection* reflection = at->GetReflection();
    if (chain[i]->is_repeated()) {
      at = reflection->FieldSize(*at, chain[i]) > 0
               ? reflection->MutableRepeatedMessage(at, chain[i], 0)
               : reflection->AddMessage(at, chain[i]);
    } else {
      at = reflection->MutableMessage(at, chain[i]);
    }
  }
  return at;
}

// Sets the string field at the end of `chain` (a repeated one gets the value as its first
// element, replacing it).
void SetString(Message& root, const FieldChain& chain, const std::string& value) {
  Message* holder = HolderOf(root, chain);
  const FieldDescriptor* field = chain.back();
  const Reflection* reflection = holder->GetReflection();
  if (!field->is_repeated()) {
    reflection->SetString(holder, field, value);
  } else if (reflection->FieldSize(*holder, field) > 0) {
    reflection->SetRepeatedString(holder, field, 0, value);
  } else {
    reflection->AddString(holder, field, value);
  }
}

// Whether the status, its message or its field violations name `field` (its proto name).
bool Names(const grpc::Status& status, const FieldDescriptor* field) {
  if (absl::StrContains(status.error_message(), field->name())) return true;
  for (const auto& [path, rule] : ViolationsOf(status)) {
    if (absl::StrContains(path, field->name())) return true;
  }
  return false;
}

// A readable line about one call for failure messages.
std::string Describe(const Target& target, absl::string_view what, const grpc::Status& status) {
  return absl::StrCat(target.full, " [", what, "]: ", static_cast<int>(status.error_code()), " ",
                      status.error_message().substr(0, 300));
}

class HostileRequestApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ = new GateTestServices();
    MakeFixtures();
    MakeTargets();
  }
  static void TearDownTestSuite() {
    std::string counts;
    for (const auto& [name, count] : sent_) absl::StrAppend(&counts, "\n  ", name, ": ", count);
    std::cout << "hostile requests sent, by case:" << counts << std::endl;
    delete services_;
    services_ = nullptr;
  }

  // Every test ends with every server still serving (health and a plain call each).
  void TearDown() override { ExpectStillServing(); }

  // A key of `role` whose own rate limit the thousands of calls here never reach.
  static TestKey UnlimitedKey(access::v1::Role role, const std::string& agency = "") {
    access::v1::RateLimit limit;
    limit.set_requests_per_second(100000);
    limit.set_burst(100000);
    return services_->MakeKey(role, agency, &limit);
  }

  // The first pending check-in of the fixture placement: recording one schedules the next, so
  // every RecordCheckIn baseline has one not yet recorded.
  static std::string PendingCheckIn() {
    auto placement = placement::v1::PlacementService::NewStub(
        services_->ChannelFor("meridian.placement.v1.PlacementService", admin_->key));
    placement::v1::ListCheckInsRequest list;
    list.set_parent(placement_);
    placement::v1::ListCheckInsResponse response;
    if (!placement->ListCheckIns(Context().get(), list, &response).ok()) return "";
    for (const placement::v1::CheckIn& check_in : response.check_ins()) {
      if (!check_in.has_complete_time()) return check_in.name();
    }
    return "";
  }

  static google::type::Date Today() {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    google::type::Date date;
    date.set_year(static_cast<int32_t>(today.year()));
    date.set_month(today.month());
    date.set_day(today.day());
    return date;
  }

  // A valid interview: two interviewers, an hour, no time yet (PROPOSED) unless `start`.
  static talent::v1::Interview ValidInterview(std::optional<absl::Time> start = std::nullopt) {
    talent::v1::Interview interview;
    interview.set_kind(talent::v1::Interview::TECHNICAL);
    interview.set_title("Fixture interview");
    interview.set_duration_minutes(60);
    interview.set_location("https://meet.example.com/fixture");
    for (int i = 0; i < 2; ++i) {
      talent::v1::Interviewer* person = interview.add_interviewers();
      person->set_display_name(absl::StrCat("Fixture interviewer ", i));
      person->set_email(absl::StrCat("interviewer", i, "@example.com"));
      person->set_side(i == 0 ? talent::v1::Interviewer::CLIENT : talent::v1::Interviewer::AGENCY);
    }
    if (start) interview.mutable_start_time()->set_seconds(absl::ToUnixSeconds(*start));
    return interview;
  }

  // A client, two roles, four candidates, two submissions, a hired submission, a placement and
  // a SCHEDULED interview: the parents and names the baseline requests use.
  static void MakeFixtures() {
    admin_ = new TestKey(UnlimitedKey(access::v1::ADMIN));
    auto intake = intake::v1::IntakeService::NewStub(
        services_->ChannelFor("meridian.intake.v1.IntakeService", admin_->key));
    auto talent = talent::v1::TalentService::NewStub(
        services_->ChannelFor("meridian.talent.v1.TalentService", admin_->key));
    auto check = [](const grpc::Status& status, absl::string_view what) {
      if (!status.ok()) {
        throw std::runtime_error(absl::StrCat(what, ": ", status.error_message()));
      }
    };
    for (int i = 0; i < 2; ++i) {
      intake::v1::CreateClientRequest request;
      *request.mutable_client() = ValidClient(absl::StrCat("Fixture client ", i));
      intake::v1::Client client;
      check(intake->CreateClient(Context().get(), request, &client), "CreateClient");
      clients_.push_back(client.name());
    }
    for (int i = 0; i < 2; ++i) {
      intake::v1::CreateRoleRequest request;
      request.set_parent(clients_[0]);
      *request.mutable_role() = ValidRole();
      intake::v1::Role role;
      check(intake->CreateRole(Context().get(), request, &role), "CreateRole");
      roles_.push_back(role.name());
    }
    for (int i = 0; i < 2; ++i) {
      talent::v1::CreateCandidateRequest request;
      *request.mutable_candidate() =
          Candidate(absl::StrCat("Fixture candidate ", i),
                    absl::StrCat("fixture", i, "@example.com"), "PL", "Europe/Warsaw");
      talent::v1::Candidate candidate;
      check(talent->CreateCandidate(Context().get(), request, &candidate), "CreateCandidate");
      candidates_.push_back(candidate.name());
    }
    for (int i = 0; i < 2; ++i) {
      talent::v1::CreateSubmissionRequest request;
      request.set_parent(roles_[0]);
      request.mutable_submission()->set_candidate(candidates_[i]);
      talent::v1::Submission submission;
      check(talent->CreateSubmission(Context().get(), request, &submission), "CreateSubmission");
      submissions_.push_back(submission.name());
    }
    for (int i = 0; i < 2; ++i) services_->MakeAgency(absl::StrCat("Fixture agency ", i));

    // Two candidates hired for the second role: one for the CreatePlacement baseline (validated
    // only, so it stays unplaced), one placed for the RecordCheckIn baseline.
    std::vector<std::string> hired;
    for (int i = 2; i < 4; ++i) {
      talent::v1::CreateCandidateRequest create;
      *create.mutable_candidate() =
          Candidate(absl::StrCat("Fixture candidate ", i),
                    absl::StrCat("fixture", i, "@example.com"), "PL", "Europe/Warsaw");
      talent::v1::Candidate candidate;
      check(talent->CreateCandidate(Context().get(), create, &candidate), "CreateCandidate");
      candidates_.push_back(candidate.name());
      talent::v1::CreateSubmissionRequest submit;
      submit.set_parent(roles_[1]);
      submit.mutable_submission()->set_candidate(candidate.name());
      talent::v1::Submission submission;
      check(talent->CreateSubmission(Context().get(), submit, &submission), "CreateSubmission");
      for (auto stage :
           {talent::v1::Submission::SHORTLISTED, talent::v1::Submission::CLIENT_INTERVIEW,
            talent::v1::Submission::OFFER, talent::v1::Submission::HIRED}) {
        talent::v1::AdvanceSubmissionRequest advance;
        advance.set_name(submission.name());
        advance.set_stage(stage);
        if (stage == talent::v1::Submission::OFFER) {
          advance.set_override_reason("Fixture: interviewed outside the records.");
        }
        check(talent->AdvanceSubmission(Context().get(), advance, &submission),
              "AdvanceSubmission");
      }
      hired.push_back(submission.name());
    }
    hired_ = hired[0];
    auto placement = placement::v1::PlacementService::NewStub(
        services_->ChannelFor("meridian.placement.v1.PlacementService", admin_->key));
    placement::v1::CreatePlacementRequest place;
    place.mutable_placement()->set_submission(hired[1]);
    *place.mutable_placement()->mutable_start_date() = Today();
    placement::v1::Placement placed;
    check(placement->CreatePlacement(Context().get(), place, &placed), "CreatePlacement");
    placement_ = placed.name();
    if (PendingCheckIn().empty()) throw std::runtime_error("the placement has no check-in");

    auto interviews = talent::v1::InterviewService::NewStub(
        services_->ChannelFor("meridian.talent.v1.InterviewService", admin_->key));
    talent::v1::CreateInterviewRequest interview;
    interview.set_parent(submissions_[1]);
    *interview.mutable_interview() = ValidInterview(
        absl::FromUnixSeconds((absl::ToUnixSeconds(absl::Now() + absl::Hours(48)) / 3600) * 3600));
    talent::v1::Interview scheduled;
    check(interviews->CreateInterview(Context().get(), interview, &scheduled), "CreateInterview");
    interview_ = scheduled.name();
  }

  // One target per row of the access policy, on a channel with a key its role may use.
  static void MakeTargets() {
    std::map<access::v1::Role, TestKey> keys;
    keys.emplace(access::v1::ADMIN, *admin_);
    const access::v1::Role preference[] = {access::v1::ADMIN, access::v1::RECRUITER,
                                           access::v1::TALENT_SERVICE,
                                           access::v1::PLACEMENT_SERVICE};
    for (const MethodRule& rule : AllMethodRules()) {
      const std::string full(rule.method);
      const std::string service = full.substr(0, full.find('/'));
      Target target;
      target.full = full;
      target.path = absl::StrCat("/", full);
      target.mutates = rule.mutates;
      target.method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrCat(service, ".", full.substr(full.find('/') + 1)));
      ASSERT_NE(target.method, nullptr) << full;
      std::optional<access::v1::Role> role;
      for (access::v1::Role candidate : preference) {
        if (rule.Allows(candidate)) {
          role = candidate;
          break;
        }
      }
      ASSERT_TRUE(role.has_value()) << full << " allows none of the staff or service roles";
      if (!keys.count(*role)) keys.emplace(*role, UnlimitedKey(*role));
      target.channel = services_->ChannelFor(service, keys.at(*role).key);
      targets_->push_back(target);
    }
  }

  // A valid request of `target`, when the test knows one: the hostile value goes into it.
  static std::unique_ptr<Message> Baseline(const Target& target) {
    std::unique_ptr<Message> request = NewMessage(target.method->input_type());
    const std::string& method = target.method->name();
    const std::string unique = absl::StrCat(++made_);
    if (method == "CreateClient") {
      auto* typed = static_cast<intake::v1::CreateClientRequest*>(request.get());
      *typed->mutable_client() = ValidClient(absl::StrCat("Baseline client ", unique));
    } else if (method == "CreateRole") {
      auto* typed = static_cast<intake::v1::CreateRoleRequest*>(request.get());
      typed->set_parent(clients_[1]);
      *typed->mutable_role() = ValidRole();
    } else if (method == "CreateCandidate") {
      auto* typed = static_cast<talent::v1::CreateCandidateRequest*>(request.get());
      *typed->mutable_candidate() =
          Candidate(absl::StrCat("Baseline candidate ", unique),
                    absl::StrCat("baseline", unique, "@example.com"), "PT", "Europe/Lisbon");
    } else if (method == "CreateSubmission") {
      // Validated only: every variant goes through the whole create, in a transaction rolled
      // back, and the candidate stays free for the next one.
      auto* typed = static_cast<talent::v1::CreateSubmissionRequest*>(request.get());
      typed->set_parent(roles_[1]);
      typed->mutable_submission()->set_candidate(candidates_[0]);
      typed->set_validate_only(true);
    } else if (method == "CreatePlacement") {
      auto* typed = static_cast<placement::v1::CreatePlacementRequest*>(request.get());
      typed->mutable_placement()->set_submission(hired_);
      *typed->mutable_placement()->mutable_start_date() = Today();
      typed->set_validate_only(true);
    } else if (method == "RecordCheckIn") {
      auto* typed = static_cast<placement::v1::RecordCheckInRequest*>(request.get());
      typed->set_name(PendingCheckIn());
      typed->set_client_rating(4);
      typed->set_candidate_rating(4);
      typed->set_notes(absl::StrCat("Baseline notes ", unique));
    } else if (method == "CreateInterview") {
      auto* typed = static_cast<talent::v1::CreateInterviewRequest*>(request.get());
      typed->set_parent(submissions_[0]);
      *typed->mutable_interview() = ValidInterview();
    } else if (method == "CreateScorecard") {
      // One per interviewer: the first valid one is kept, the later ones ALREADY_EXISTS after
      // their fields passed.
      auto* typed = static_cast<talent::v1::CreateScorecardRequest*>(request.get());
      typed->set_parent(interview_);
      typed->mutable_scorecard()->set_interviewer_email("interviewer0@example.com");
      typed->mutable_scorecard()->set_overall(talent::v1::YES);
    } else if (method == "ListRoles") {
      static_cast<intake::v1::ListRolesRequest*>(request.get())->set_parent(clients_[0]);
    } else if (method == "ListSubmissions") {
      static_cast<talent::v1::ListSubmissionsRequest*>(request.get())->set_parent(roles_[0]);
    } else if (method == "ListRoleMatches") {
      static_cast<talent::v1::ListRoleMatchesRequest*>(request.get())->set_parent(roles_[0]);
    } else if (method == "ListCheckIns") {
      static_cast<placement::v1::ListCheckInsRequest*>(request.get())->set_parent("placements/-");
    } else if (method == "ListInterviews") {
      SetByName(*request, "parent", absl::StrCat(roles_[0], "/submissions/-"));
    } else if (method == "ListScorecards") {
      SetByName(*request, "parent", interview_);
    } else if (method == "ListWebhookDeliveries") {
      SetByName(*request, "parent", absl::StrCat("webhookSubscriptions/", kNoSuchId));
    } else if (method == "SearchCandidates") {
      SetByName(*request, "role", roles_[0]);
    } else if (method == "CreateAgency") {
      auto* typed = static_cast<access::v1::CreateAgencyRequest*>(request.get());
      typed->mutable_agency()->set_display_name(absl::StrCat("Baseline agency ", unique));
    } else if (method == "CreateApiKey") {
      auto* typed = static_cast<access::v1::CreateApiKeyRequest*>(request.get());
      typed->mutable_api_key()->set_display_name(absl::StrCat("Baseline key ", unique));
      typed->mutable_api_key()->set_role(access::v1::RECRUITER);
    } else if (method == "GetClient") {
      SetByName(*request, "name", clients_[0]);
    } else if (method == "GetRole") {
      SetByName(*request, "name", roles_[0]);
    } else if (method == "GetCandidate") {
      SetByName(*request, "name", candidates_[0]);
    } else if (method == "GetSubmission") {
      SetByName(*request, "name", submissions_[0]);
    }
    return request;
  }

  static bool HasBaseline(const Target& target) {
    const std::unique_ptr<Message> baseline = Baseline(target);
    return (baseline->ByteSizeLong() > 0 && target.method->name() != "ListWebhookDeliveries") ||
           (absl::StartsWith(target.method->name(), "List") &&
            target.method->input_type()->FindFieldByName("parent") == nullptr);
  }

  // Whether the hostile value at `chain` went into a valid request, so that the refusal has to
  // be about it: the method has a baseline, the field is not ignored on input, and it does not
  // switch a oneof away from the member the baseline uses.
  static bool Strict(const Target& target, const FieldChain& chain) {
    if (!HasBaseline(target) || target.method->server_streaming() || Ignored(chain)) return false;
    const google::protobuf::OneofDescriptor* oneof = chain.front()->containing_oneof();
    if (oneof == nullptr) return true;
    const std::unique_ptr<Message> baseline = Baseline(target);
    const FieldDescriptor* set =
        baseline->GetReflection()->GetOneofFieldDescriptor(*baseline, oneof);
    return set == nullptr || set == chain.front();
  }

  // An accepted hostile request left nothing no version knows in the answer.
  static void ExpectNoUnknownEnums(const Target& target, absl::string_view what,
                                   const Outcome& outcome) {
    if (!outcome.status.ok() || outcome.response.empty()) return;
    std::unique_ptr<Message> response = NewMessage(target.method->output_type());
    ASSERT_TRUE(response->ParseFromString(outcome.response)) << target.full;
    std::vector<std::string> unknown;
    CollectUnknownEnums(*response, "", unknown);
    EXPECT_TRUE(unknown.empty()) << target.full << " [" << what << "] answered "
                                 << absl::StrJoin(unknown, ", ");
  }

  static void SetByName(Message& message, absl::string_view field, const std::string& value) {
    const FieldDescriptor* found = message.GetDescriptor()->FindFieldByName(std::string(field));
    ASSERT_NE(found, nullptr) << field;
    message.GetReflection()->SetString(&message, found, value);
  }

  // The checks every answer passes, whatever the case: never INTERNAL, UNKNOWN or
  // UNIMPLEMENTED, and no SQL, driver or C++ text in the message.
  static void ExpectSane(const Target& target, absl::string_view what, const Outcome& outcome,
                         bool deadline_expected = false) {
    const grpc::Status& status = outcome.status;
    const std::string line = Describe(target, what, status);
    EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL) << line;
    EXPECT_NE(status.error_code(), grpc::StatusCode::UNKNOWN) << line;
    EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << line;
    EXPECT_NE(status.error_code(), grpc::StatusCode::DATA_LOSS) << line;
    EXPECT_NE(status.error_code(), grpc::StatusCode::UNAVAILABLE) << line;
    if (!deadline_expected && !target.method->server_streaming()) {
      EXPECT_NE(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << line;
    }
    for (absl::string_view internal : {"pqxx", "ERROR:", "SELECT", "INSERT INTO", "std::", "what()",
                                       "syntax error", "violates", "relation \""}) {
      EXPECT_FALSE(absl::StrContains(status.error_message(), internal)) << line;
    }
    ++sent_[std::string(what.substr(0, what.find(' ')))];
  }

  static void ExpectStillServing() {
    for (const std::string& address : {services_->intake().address(), services_->talent().address(),
                                       services_->placement().in_process().address()}) {
      EXPECT_EQ(HealthStatus(address, "", absl::Seconds(5)),
                grpc::health::v1::HealthCheckResponse::SERVING)
          << address;
    }
    auto intake = intake::v1::IntakeService::NewStub(
        services_->ChannelFor("meridian.intake.v1.IntakeService", admin_->key));
    intake::v1::ListClientsResponse clients;
    EXPECT_TRUE(intake->ListClients(Context().get(), {}, &clients).ok());
    auto talent = talent::v1::TalentService::NewStub(
        services_->ChannelFor("meridian.talent.v1.TalentService", admin_->key));
    talent::v1::ListCandidatesResponse candidates;
    EXPECT_TRUE(talent->ListCandidates(Context().get(), {}, &candidates).ok());
    auto placement = placement::v1::PlacementService::NewStub(
        services_->ChannelFor("meridian.placement.v1.PlacementService", admin_->key));
    placement::v1::ListPlacementsResponse placements;
    EXPECT_TRUE(placement->ListPlacements(Context().get(), {}, &placements).ok());
  }

  // Streams stay open on a request they accept: a short wait is enough to tell.
  static CallOptions OptionsFor(const Target& target) {
    CallOptions options;
    if (target.method->server_streaming()) options.timeout = absl::Seconds(1);
    return options;
  }

  static GateTestServices* services_;
  static TestKey* admin_;
  static std::vector<Target>* targets_;
  static std::vector<std::string> clients_, roles_, candidates_, submissions_;
  // A HIRED submission not placed, a placement and a SCHEDULED interview.
  static std::string hired_, placement_, interview_;
  static std::map<std::string, int> sent_;
  static int made_;
};

GateTestServices* HostileRequestApiTest::services_ = nullptr;
TestKey* HostileRequestApiTest::admin_ = nullptr;
std::vector<Target>* HostileRequestApiTest::targets_ = new std::vector<Target>();
std::vector<std::string> HostileRequestApiTest::clients_, HostileRequestApiTest::roles_,
    HostileRequestApiTest::candidates_, HostileRequestApiTest::submissions_;
std::string HostileRequestApiTest::hired_, HostileRequestApiTest::placement_,
    HostileRequestApiTest::interview_;
std::map<std::string, int> HostileRequestApiTest::sent_;
int HostileRequestApiTest::made_ = 0;

// The table this test walks is the whole API: every method of every service is in it.
TEST_F(HostileRequestApiTest, EveryServedMethodIsATarget) {
  EXPECT_EQ(targets_->size(), AllMethodRules().size());
  EXPECT_GE(targets_->size(), 60u);
}

// Every baseline is a request the server accepts as it is, so that a refusal of the same
// request with one hostile value is about that value.
TEST_F(HostileRequestApiTest, EveryBaselineIsAccepted) {
  int checked = 0;
  for (const Target& target : *targets_) {
    if (!HasBaseline(target) || target.method->server_streaming()) continue;
    Outcome outcome = Send(target.channel, target, Baseline(target)->SerializeAsString());
    ExpectSane(target, "baseline", outcome);
    EXPECT_TRUE(outcome.status.ok()) << Describe(target, "baseline", outcome.status);
    ++checked;
  }
  EXPECT_GE(checked, 32);
}

TEST_F(HostileRequestApiTest, ARequestOverTheSizeLimitIsResourceExhausted) {
  const std::string oversize(kOversizeBytes, '\x01');
  for (const Target& target : *targets_) {
    Outcome outcome = Send(target.channel, target, oversize);
    ExpectSane(target, "oversize", outcome);
    EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << Describe(target, "oversize", outcome.status);
  }
}

// 100k elements in one repeated field at a time. Put into a valid request, the refusal names
// that field; on an empty request it is at least no crash, hang or INTERNAL.
TEST_F(HostileRequestApiTest, HugeRepeatedFieldsAreRefusedNamingTheField) {
  for (const Target& target : *targets_) {
    for (const FieldChain& chain : ChainsOf(target.method->input_type())) {
      const FieldDescriptor* field = chain.back();
      if (!field->is_repeated() || field->is_map()) continue;
      std::unique_ptr<Message> request = Baseline(target);
      Message* holder = HolderOf(*request, chain);
      const Reflection* reflection = holder->GetReflection();
      reflection->ClearField(holder, field);
      for (int i = 0; i < kHugeRepeated; ++i) {
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_STRING:
            reflection->AddString(holder, field, absl::StrCat("x", i));
            break;
          case FieldDescriptor::CPPTYPE_MESSAGE:
            reflection->AddMessage(holder, field);
            break;
          case FieldDescriptor::CPPTYPE_ENUM:
            reflection->AddEnumValue(holder, field, 1);
            break;
          case FieldDescriptor::CPPTYPE_INT32:
            reflection->AddInt32(holder, field, 1);
            break;
          case FieldDescriptor::CPPTYPE_INT64:
            reflection->AddInt64(holder, field, 1);
            break;
          case FieldDescriptor::CPPTYPE_DOUBLE:
            reflection->AddDouble(holder, field, 1);
            break;
          case FieldDescriptor::CPPTYPE_BOOL:
            reflection->AddBool(holder, field, true);
            break;
          default:
            FAIL() << "no filler for " << ChainName(chain);
        }
      }
      const std::string what = absl::StrCat("huge_repeated ", ChainName(chain));
      Outcome outcome =
          Send(target.channel, target, request->SerializeAsString(), OptionsFor(target));
      ExpectSane(target, what, outcome);
      // Accepted only as a set that collapses (100k times the same enum value), never stored
      // whole: the answer stays small.
      EXPECT_LT(outcome.response.size(), kMaxAcceptedResponseBytes)
          << Describe(target, what, outcome.status);
      if (Strict(target, chain) && !outcome.status.ok()) {
        EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
            << Describe(target, what, outcome.status);
        EXPECT_TRUE(Names(outcome.status, field)) << Describe(target, what, outcome.status);
      }
      if (Strict(target, chain) && field->cpp_type() != FieldDescriptor::CPPTYPE_ENUM) {
        EXPECT_FALSE(outcome.status.ok()) << Describe(target, what, outcome.status);
      }
    }
  }
}

// proto3 refuses a string that is not UTF-8 when it parses: INVALID_ARGUMENT, never the
// INTERNAL gRPC's generated code would answer.
TEST_F(HostileRequestApiTest, InvalidUtf8InEveryStringFieldIsInvalidArgument) {
  for (const Target& target : *targets_) {
    for (const FieldChain& chain : ChainsOf(target.method->input_type())) {
      if (chain.back()->type() != FieldDescriptor::TYPE_STRING) continue;
      std::unique_ptr<Message> request = Baseline(target);
      const std::string marker = "Q7marker7Q";
      SetString(*request, chain, marker);
      std::string bytes = request->SerializeAsString();
      const size_t at = bytes.find(marker);
      ASSERT_NE(at, std::string::npos);
      bytes[at + 1] = '\xff';
      const std::string what = absl::StrCat("invalid_utf8 ", ChainName(chain));
      Outcome outcome = Send(target.channel, target, bytes, OptionsFor(target));
      ExpectSane(target, what, outcome);
      EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << Describe(target, what, outcome.status);
      EXPECT_TRUE(Names(outcome.status, chain.back())) << Describe(target, what, outcome.status);
    }
  }
}

// NUL and other control characters in any string are refused naming the field; SQL and a
// right-to-left override are plain text. Nothing reaches PostgreSQL as anything but a value.
TEST_F(HostileRequestApiTest, ControlCharactersAndSqlInEveryStringFieldAreHarmless) {
  const std::map<std::string, std::string> values = {
      {"nul", std::string("a\0b", 3)},
      {"control", "a\x01\x1b[31mb"},
      {"sql", std::string(kSqlText)},
      {"rlo", "abc\u202egpj.exe"},
  };
  for (const Target& target : *targets_) {
    for (const FieldChain& chain : ChainsOf(target.method->input_type())) {
      if (chain.back()->type() != FieldDescriptor::TYPE_STRING) continue;
      const bool strict = Strict(target, chain);
      for (const auto& [label, value] : values) {
        std::unique_ptr<Message> request = Baseline(target);
        SetString(*request, chain, value);
        const std::string what = absl::StrCat("text_", label, " ", ChainName(chain));
        Outcome outcome =
            Send(target.channel, target, request->SerializeAsString(), OptionsFor(target));
        ExpectSane(target, what, outcome);
        if (label == "nul" || label == "control") {
          // Control characters are never stored: refused, or (in a field the server ignores or
          // cleans, like a create's name or a draft's text) not in the answer.
          EXPECT_FALSE(absl::StrContains(outcome.response, value))
              << Describe(target, what, outcome.status);
          // (A create ignores the etag, AIP-154: nothing of it is kept.)
          if (strict && chain.back()->name() != "etag") {
            EXPECT_FALSE(outcome.status.ok()) << Describe(target, what, outcome.status);
          }
        }
        if (strict && outcome.status.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
            label != "sql") {
          EXPECT_TRUE(Names(outcome.status, chain.back()))
              << Describe(target, what, outcome.status);
        }
      }
    }
  }
  // Every table is still there: the SQL was never executed.
  pqxx::connection connection(services_->database().url());
  pqxx::work tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_tables WHERE schemaname = 'talent' AND "
                     "tablename = 'candidates'")[0]
                .as<int>(),
            1);
}

// SQL, quotes and a right-to-left override in the free text of the creates are stored and
// returned verbatim by the matching Get or List: clients, roles, candidates, interviews,
// scorecards and check-ins.
TEST_F(HostileRequestApiTest, SqlAndUnicodeInFreeTextAreStoredVerbatim) {
  const std::vector<std::string> texts = {std::string(kSqlText), "O'Brien \"quoted\" \\ %_ $1",
                                          "abc\u202egpj.exe", "emoji \xF0\x9F\x98\x80 and ΣΩ"};
  auto intake = intake::v1::IntakeService::NewStub(
      services_->ChannelFor("meridian.intake.v1.IntakeService", admin_->key));
  auto talent = talent::v1::TalentService::NewStub(
      services_->ChannelFor("meridian.talent.v1.TalentService", admin_->key));
  int n = 0;
  for (const std::string& text : texts) {
    ++n;
    intake::v1::CreateClientRequest create_client;
    *create_client.mutable_client() = ValidClient(absl::StrCat(text, " ", n));
    create_client.mutable_client()->set_mission(text);
    intake::v1::Client client;
    grpc::Status status = intake->CreateClient(Context().get(), create_client, &client);
    ASSERT_TRUE(status.ok()) << text << ": " << status.error_message();
    intake::v1::GetClientRequest get_client;
    get_client.set_name(client.name());
    intake::v1::Client read_client;
    ASSERT_TRUE(intake->GetClient(Context().get(), get_client, &read_client).ok());
    EXPECT_EQ(read_client.display_name(), absl::StrCat(text, " ", n));
    EXPECT_EQ(read_client.mission(), text);

    intake::v1::CreateRoleRequest create_role;
    create_role.set_parent(client.name());
    *create_role.mutable_role() = ValidRole();
    create_role.mutable_role()->set_title(text);
    intake::v1::Role role;
    status = intake->CreateRole(Context().get(), create_role, &role);
    ASSERT_TRUE(status.ok()) << text << ": " << status.error_message();
    intake::v1::GetRoleRequest get_role;
    get_role.set_name(role.name());
    intake::v1::Role read_role;
    ASSERT_TRUE(intake->GetRole(Context().get(), get_role, &read_role).ok());
    EXPECT_EQ(read_role.title(), text);

    talent::v1::CreateCandidateRequest create_candidate;
    *create_candidate.mutable_candidate() =
        Candidate(text, absl::StrCat("verbatim", n, "@example.com"), "ES", "Europe/Madrid");
    talent::v1::Candidate candidate;
    status = talent->CreateCandidate(Context().get(), create_candidate, &candidate);
    ASSERT_TRUE(status.ok()) << text << ": " << status.error_message();
    talent::v1::GetCandidateRequest get_candidate;
    get_candidate.set_name(candidate.name());
    talent::v1::Candidate read_candidate;
    ASSERT_TRUE(talent->GetCandidate(Context().get(), get_candidate, &read_candidate).ok());
    EXPECT_EQ(read_candidate.display_name(), text);

    // An interview at a time of its own (the candidate's interviews must not overlap), and a
    // scorecard for it.
    auto interviews = talent::v1::InterviewService::NewStub(
        services_->ChannelFor("meridian.talent.v1.InterviewService", admin_->key));
    talent::v1::CreateInterviewRequest create_interview;
    create_interview.set_parent(submissions_[0]);
    *create_interview.mutable_interview() = ValidInterview(absl::FromUnixSeconds(
        (absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * (5 + n))) / 3600) * 3600));
    create_interview.mutable_interview()->set_title(text);
    create_interview.mutable_interview()->set_location(text);
    talent::v1::Interview interview;
    status = interviews->CreateInterview(Context().get(), create_interview, &interview);
    ASSERT_TRUE(status.ok()) << text << ": " << status.error_message();
    talent::v1::GetInterviewRequest get_interview;
    get_interview.set_name(interview.name());
    talent::v1::Interview read_interview;
    ASSERT_TRUE(interviews->GetInterview(Context().get(), get_interview, &read_interview).ok());
    EXPECT_EQ(read_interview.title(), text);
    EXPECT_EQ(read_interview.location(), text);
    talent::v1::CreateScorecardRequest create_scorecard;
    create_scorecard.set_parent(interview.name());
    create_scorecard.mutable_scorecard()->set_interviewer_email("interviewer1@example.com");
    create_scorecard.mutable_scorecard()->set_overall(talent::v1::YES);
    create_scorecard.mutable_scorecard()->set_notes(text);
    talent::v1::Scorecard scorecard;
    status = interviews->CreateScorecard(Context().get(), create_scorecard, &scorecard);
    ASSERT_TRUE(status.ok()) << text << ": " << status.error_message();
    talent::v1::ListScorecardsRequest list_scorecards;
    list_scorecards.set_parent(interview.name());
    talent::v1::ListScorecardsResponse scorecards;
    ASSERT_TRUE(interviews->ListScorecards(Context().get(), list_scorecards, &scorecards).ok());
    ASSERT_EQ(scorecards.scorecards_size(), 1);
    EXPECT_EQ(scorecards.scorecards(0).notes(), text);

    auto placement = placement::v1::PlacementService::NewStub(
        services_->ChannelFor("meridian.placement.v1.PlacementService", admin_->key));
    placement::v1::RecordCheckInRequest record;
    record.set_name(PendingCheckIn());
    record.set_client_rating(3);
    record.set_candidate_rating(5);
    record.set_notes(text);
    record.set_next_steps(text);
    placement::v1::CheckIn recorded;
    status = placement->RecordCheckIn(Context().get(), record, &recorded);
    ASSERT_TRUE(status.ok()) << text << ": " << status.error_message();
    placement::v1::ListCheckInsRequest list_check_ins;
    list_check_ins.set_parent(placement_);
    placement::v1::ListCheckInsResponse check_ins;
    ASSERT_TRUE(placement->ListCheckIns(Context().get(), list_check_ins, &check_ins).ok());
    bool found = false;
    for (const placement::v1::CheckIn& check_in : check_ins.check_ins()) {
      if (check_in.name() != record.name()) continue;
      found = true;
      EXPECT_EQ(check_in.notes(), text);
      EXPECT_EQ(check_in.next_steps(), text);
    }
    EXPECT_TRUE(found) << record.name();
  }
  pqxx::connection connection(services_->database().url());
  pqxx::work tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_tables WHERE schemaname = 'talent' AND "
                     "tablename = 'candidates'")[0]
                .as<int>(),
            1);
}

// The next_page_token of a response, read through its descriptor.
std::string NextPageToken(const Target& target, const std::string& response) {
  std::unique_ptr<Message> message = NewMessage(target.method->output_type());
  if (!message->ParseFromString(response)) return "";
  const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName("next_page_token");
  return field == nullptr ? "" : message->GetReflection()->GetString(*message, field);
}

// Forged, garbage, tampered and foreign tokens on every List: INVALID_ARGUMENT on page_token.
TEST_F(HostileRequestApiTest, ForgedTamperedAndForeignPageTokensAreInvalidArgument) {
  std::vector<const Target*> lists;
  std::map<std::string, std::string> real;  // method -> a token it issued
  for (const Target& target : *targets_) {
    const FieldDescriptor* token = target.method->input_type()->FindFieldByName("page_token");
    if (token == nullptr) continue;
    lists.push_back(&target);
    std::unique_ptr<Message> request = Baseline(target);
    const FieldDescriptor* size = request->GetDescriptor()->FindFieldByName("page_size");
    if (size != nullptr) request->GetReflection()->SetInt32(request.get(), size, 1);
    Outcome first = Send(target.channel, target, request->SerializeAsString());
    if (first.status.ok()) {
      const std::string next = NextPageToken(target, first.response);
      if (!next.empty()) real[target.full] = next;
    }
  }
  EXPECT_GE(lists.size(), 15u);
  // At least these have a second page with the fixtures made above.
  for (const char* method : {"meridian.intake.v1.IntakeService/ListClients",
                             "meridian.intake.v1.IntakeService/ListRoles",
                             "meridian.talent.v1.TalentService/ListCandidates",
                             "meridian.talent.v1.TalentService/ListSubmissions",
                             "meridian.access.v1.AccessService/ListAgencies",
                             "meridian.access.v1.AccessService/ListApiKeys"}) {
    EXPECT_TRUE(real.count(method)) << method << " gave no second page";
  }

  std::mt19937 random(16);
  std::string forged_raw(16, '\0');
  for (char& c : forged_raw) c = static_cast<char>(random());
  for (const Target* target : lists) {
    std::map<std::string, std::string> tokens = {
        {"forged", absl::WebSafeBase64Escape(forged_raw)},
        {"not_base64", "!!not a token!!"},
        {"huge", std::string(100000, 'A')},
        {"nul", std::string("AAAA\0AAAA", 9)},
    };
    if (real.count(target->full)) {
      std::string raw;
      ASSERT_TRUE(absl::WebSafeBase64Unescape(real[target->full], &raw));
      for (size_t i : {size_t{0}, raw.size() / 2, raw.size() - 1}) {
        std::string tampered = raw;
        tampered[i] ^= 0x01;
        tokens[absl::StrCat("tampered_", i)] = absl::WebSafeBase64Escape(tampered);
      }
    }
    for (const auto& [method, token] : real) {
      if (method != target->full) tokens["foreign " + method] = token;
    }
    for (const auto& [label, token] : tokens) {
      std::unique_ptr<Message> request = Baseline(*target);
      SetByName(*request, "page_token", token);
      const std::string what = absl::StrCat("page_token ", label);
      Outcome outcome = Send(target->channel, *target, request->SerializeAsString());
      ExpectSane(*target, what, outcome);
      EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << Describe(*target, what, outcome.status);
      EXPECT_TRUE(absl::StrContains(outcome.status.error_message(), "page_token"))
          << Describe(*target, what, outcome.status);
    }
  }

  // The same List with another parent or filter does not take the token either.
  const Target* list_roles = nullptr;
  for (const Target* target : lists) {
    if (target->method->name() == "ListRoles") list_roles = target;
  }
  ASSERT_NE(list_roles, nullptr);
  ASSERT_TRUE(real.count(list_roles->full));
  for (const std::string& parent : {std::string("clients/-"), clients_[1]}) {
    intake::v1::ListRolesRequest request;
    request.set_parent(parent);
    request.set_page_token(real[list_roles->full]);
    Outcome outcome = Send(list_roles->channel, *list_roles, request.SerializeAsString());
    ExpectSane(*list_roles, "page_token other_parent", outcome);
    EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << parent;
    EXPECT_TRUE(absl::StrContains(outcome.status.error_message(), "page_token")) << parent;
  }
}

// List tokens are bound to the caller's tenant: a PARTNER's token reads on for that PARTNER only,
// not for another agency's key nor for staff (ListCandidates and ListSubmissions here;
// ListWebhookSubscriptions in webhook_api_test, whose server can sign).
TEST_F(HostileRequestApiTest, APartnersPageTokenWorksForNoOtherTenant) {
  const std::string acme = services_->MakeAgency("Token tenant A");
  const std::string globex = services_->MakeAgency("Token tenant B");
  auto stub = [](const TestKey& key) {
    return talent::v1::TalentService::NewStub(
        services_->ChannelFor("meridian.talent.v1.TalentService", key.key));
  };
  auto own = stub(UnlimitedKey(access::v1::PARTNER, acme));
  for (int i = 0; i < 2; ++i) {
    talent::v1::CreateCandidateRequest create;
    *create.mutable_candidate() =
        Candidate(absl::StrCat("Tenant candidate ", i), absl::StrCat("tenant", i, "@example.com"),
                  "PL", "Europe/Warsaw");
    talent::v1::Candidate created;
    grpc::Status status = own->CreateCandidate(Context().get(), create, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    // The partner puts each forward: two submissions of its own, for a second page.
    talent::v1::CreateSubmissionRequest submit;
    submit.set_parent(roles_[0]);
    submit.mutable_submission()->set_candidate(created.name());
    talent::v1::Submission submission;
    status = own->CreateSubmission(Context().get(), submit, &submission);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  talent::v1::ListCandidatesRequest list;
  list.set_page_size(1);
  talent::v1::ListCandidatesResponse page;
  ASSERT_TRUE(own->ListCandidates(Context().get(), list, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  EXPECT_TRUE(own->ListCandidates(Context().get(), list, &page).ok());
  for (const TestKey& other : {UnlimitedKey(access::v1::PARTNER, globex), *admin_}) {
    grpc::Status status = stub(other)->ListCandidates(Context().get(), list, &page);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << other.name();
    EXPECT_TRUE(absl::StrContains(status.error_message(), "page_token")) << other.name();
    ++sent_["page_token"];
  }

  // The same for a role's submissions: the partner's token reads on for it alone, and staff's
  // token (over every agency's submissions) does not read on for the partner.
  talent::v1::ListSubmissionsRequest submissions;
  submissions.set_parent(roles_[0]);
  submissions.set_page_size(1);
  talent::v1::ListSubmissionsResponse submitted;
  ASSERT_TRUE(own->ListSubmissions(Context().get(), submissions, &submitted).ok());
  ASSERT_EQ(submitted.submissions_size(), 1);
  ASSERT_FALSE(submitted.next_page_token().empty());
  submissions.set_page_token(submitted.next_page_token());
  ASSERT_TRUE(own->ListSubmissions(Context().get(), submissions, &submitted).ok());
  EXPECT_EQ(submitted.submissions_size(), 1);
  for (const TestKey& other : {UnlimitedKey(access::v1::PARTNER, globex), *admin_}) {
    grpc::Status status = stub(other)->ListSubmissions(Context().get(), submissions, &submitted);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << other.name();
    EXPECT_TRUE(absl::StrContains(status.error_message(), "page_token")) << other.name();
    ++sent_["page_token"];
  }
  talent::v1::ListSubmissionsRequest staff_list;
  staff_list.set_parent(roles_[0]);
  staff_list.set_page_size(1);
  talent::v1::ListSubmissionsResponse staff_page;
  ASSERT_TRUE(stub(*admin_)->ListSubmissions(Context().get(), staff_list, &staff_page).ok());
  ASSERT_FALSE(staff_page.next_page_token().empty());
  staff_list.set_page_token(staff_page.next_page_token());
  grpc::Status status = own->ListSubmissions(Context().get(), staff_list, &staff_page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "page_token"));
}

// Broken authorization metadata gets the one UNAUTHENTICATED answer on every method; garbage in
// the other metadata the servers read is refused (on-behalf-of) or replaced (x-request-id).
TEST_F(HostileRequestApiTest, MalformedMetadataIsUnauthenticatedOrIgnored) {
  const std::string good = "Bearer " + admin_->key;
  const std::map<std::string, std::vector<std::pair<std::string, std::string>>> bad = {
      {"garbage", {{"authorization", "Bearer %%%' OR 1=1 --"}}},
      {"no_scheme", {{"authorization", admin_->key}}},
      {"bearer_only", {{"authorization", "Bearer "}}},
      {"big", {{"authorization", "Bearer " + std::string(6000, 'k')}}},
      {"binary", {{"authorization-bin", std::string("\x00\xff\x01 key", 7)}}},
      {"two_headers_bad_first", {{"authorization", "Bearer nope"}, {"authorization", good}}},
      {"two_headers_good_first", {{"authorization", good}, {"authorization", "Bearer nope"}}},
      {"two_headers_same", {{"authorization", good}, {"authorization", good}}},
  };
  for (const Target& target : *targets_) {
    auto bare = grpc::CreateChannel(services_->ServerOf(target.full).address(),
                                    grpc::InsecureChannelCredentials());
    const std::string request = Baseline(target)->SerializeAsString();
    for (const auto& [label, metadata] : bad) {
      CallOptions options = OptionsFor(target);
      options.metadata = metadata;
      const std::string what = absl::StrCat("metadata ", label);
      Outcome outcome = Send(bare, target, request, options);
      ExpectSane(target, what, outcome);
      EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << Describe(target, what, outcome.status);
      EXPECT_EQ(outcome.status.error_message(), kUnauthenticatedMessage)
          << Describe(target, what, outcome.status);
    }
    // A huge authorization header is past what gRPC takes in metadata (8 KB): gRPC's own
    // refusal, still not INTERNAL. gRPC may drop the connection with it, so it has one of its
    // own.
    {
      CallOptions options = OptionsFor(target);
      options.metadata = {{"authorization", "Bearer " + std::string(16000, 'k')}};
      grpc::ChannelArguments arguments;
      arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      auto own = grpc::CreateCustomChannel(services_->ServerOf(target.full).address(),
                                           grpc::InsecureChannelCredentials(), arguments);
      Outcome outcome = Send(own, target, request, options);
      ExpectSane(target, "metadata huge", outcome);
      EXPECT_NE(outcome.status.error_code(), grpc::StatusCode::OK);
    }
    // on-behalf-of that is not printable ASCII or too long: INVALID_ARGUMENT naming it.
    // (Only printable values: gRPC's client aborts on others in text metadata.)
    for (const std::string& acting : {std::string(300, 'a'), std::string(201, '~')}) {
      CallOptions options = OptionsFor(target);
      options.metadata = {{"authorization", good}, {std::string(kOnBehalfOfMetadata), acting}};
      Outcome outcome = Send(bare, target, request, options);
      ExpectSane(target, "metadata on_behalf_of", outcome);
      EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << Describe(target, "on_behalf_of", outcome.status);
      EXPECT_TRUE(absl::StrContains(outcome.status.error_message(), kOnBehalfOfMetadata))
          << Describe(target, "on_behalf_of", outcome.status);
    }
    // A garbage trace id is not echoed back: the server makes its own.
    {
      CallOptions options = OptionsFor(target);
      const std::string garbage = "../../etc/passwd' OR '1'='1" + std::string(3000, 'x');
      options.metadata = {{"authorization", good}, {std::string(kTraceIdMetadata), garbage}};
      Outcome outcome = Send(bare, target, request, options);
      ExpectSane(target, "metadata x_request_id", outcome);
      if (!target.method->server_streaming()) {
        EXPECT_FALSE(outcome.trace_id.empty()) << target.full;
        EXPECT_NE(outcome.trace_id, garbage) << target.full;
        EXPECT_TRUE(IsUsableTraceId(outcome.trace_id)) << target.full;
      }
    }
  }
}

// A call whose deadline has passed is DEADLINE_EXCEEDED and writes nothing; one a microsecond
// from its deadline writes at most once.
TEST_F(HostileRequestApiTest, ADeadlineAlreadyExpiredIsDeadlineExceededAndWritesNothing) {
  std::map<bool, int> expired;  // DEADLINE_EXCEEDED or not -> calls
  for (const Target& target : *targets_) {
    for (absl::Duration timeout : {-absl::Seconds(1), absl::Microseconds(1)}) {
      std::unique_ptr<Message> request = Baseline(target);
      // The creates get a name of their own, looked for below: a deadline gone before the
      // call is "Expired deadline"; one a microsecond away is "Deadline within a millisecond".
      for (const char* parent : {"client", "candidate"}) {
        const FieldDescriptor* holder = request->GetDescriptor()->FindFieldByName(parent);
        if (holder == nullptr || holder->type() != FieldDescriptor::TYPE_MESSAGE) continue;
        const FieldDescriptor* name = holder->message_type()->FindFieldByName("display_name");
        if (name != nullptr) {
          SetString(*request, {holder, name},
                    timeout < absl::ZeroDuration() ? "Expired deadline"
                                                   : "Deadline within a millisecond");
        }
      }
      CallOptions options;
      options.timeout = timeout;
      Outcome outcome = Send(target.channel, target, request->SerializeAsString(), options);
      ExpectSane(target, "deadline expired", outcome, /*deadline_expected=*/true);
      // gRPC tells the server what is left of the deadline rounded up to a millisecond, so an
      // answer the server makes within it (a malformed name refused, a read served from
      // memory) may still arrive first; anything else is DEADLINE_EXCEEDED, and no change
      // whose deadline had passed succeeds.
      if (target.mutates && timeout < absl::ZeroDuration()) {
        EXPECT_FALSE(outcome.status.ok()) << Describe(target, "deadline", outcome.status);
      }
      if (outcome.status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
          !outcome.status.ok()) {
        EXPECT_TRUE(outcome.status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
                    outcome.status.error_code() == grpc::StatusCode::NOT_FOUND ||
                    outcome.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION)
            << Describe(target, "deadline", outcome.status);
      }
      ++expired[outcome.status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED];
    }
  }
  std::cout << "expired deadlines: " << expired[true] << " DEADLINE_EXCEEDED, " << expired[false]
            << " refused by the server first" << std::endl;
  // A call whose deadline had passed never started. One with a microsecond left reaches the
  // server with a millisecond (gRPC rounds up), in which a create may commit: the caller then
  // sees DEADLINE_EXCEEDED for a write that happened, as after any timeout (the outcome is
  // unknown; a retry with the same request_id returns it). It happened once at most.
  pqxx::connection connection(services_->database().url());
  pqxx::work tx(connection);
  for (const char* table : {"intake.clients", "talent.candidates"}) {
    const auto count = [&](const std::string& name) {
      return tx
          .exec_params1(absl::StrCat("SELECT count(*) FROM ", table, " WHERE body::text LIKE $1"),
                        absl::StrCat("%", name, "%"))[0]
          .as<int>();
    };
    EXPECT_EQ(count("Expired deadline"), 0) << table;
    EXPECT_LE(count("Deadline within a millisecond"), 1) << table;
  }
}

// 9999 in every enum field: INVALID_ARGUMENT naming it in a valid request, never stored as a
// state no version knows.
TEST_F(HostileRequestApiTest, EnumNumbersNoVersionKnowsAreRefusedNamingTheField) {
  for (const Target& target : *targets_) {
    for (const FieldChain& chain : ChainsOf(target.method->input_type())) {
      const FieldDescriptor* field = chain.back();
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_ENUM) continue;
      std::unique_ptr<Message> request = Baseline(target);
      Message* holder = HolderOf(*request, chain);
      const Reflection* reflection = holder->GetReflection();
      if (!field->is_repeated()) {
        reflection->SetEnumValue(holder, field, kUnknownEnum);
      } else if (reflection->FieldSize(*holder, field) > 0) {
        reflection->SetRepeatedEnumValue(holder, field, 0, kUnknownEnum);
      } else {
        reflection->AddEnumValue(holder, field, kUnknownEnum);
      }
      const std::string what = absl::StrCat("unknown_enum ", ChainName(chain));
      Outcome outcome =
          Send(target.channel, target, request->SerializeAsString(), OptionsFor(target));
      ExpectSane(target, what, outcome);
      ExpectNoUnknownEnums(target, what, outcome);
      if (Strict(target, chain)) {
        EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
            << Describe(target, what, outcome.status);
        EXPECT_TRUE(Names(outcome.status, field)) << Describe(target, what, outcome.status);
      }
    }
  }
}

}  // namespace
}  // namespace meridian::testing
