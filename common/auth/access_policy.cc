#include "common/auth/access_policy.h"

#include "absl/container/flat_hash_map.h"

namespace meridian {
namespace {

using access::v1::Role;

constexpr uint32_t Bit(Role role) { return 1u << role; }
constexpr uint32_t kAdmin = Bit(access::v1::ADMIN);
constexpr uint32_t kRecruiter = Bit(access::v1::RECRUITER);
constexpr uint32_t kPartner = Bit(access::v1::PARTNER);
constexpr uint32_t kTalentService = Bit(access::v1::TALENT_SERVICE);
constexpr uint32_t kPlacementService = Bit(access::v1::PLACEMENT_SERVICE);
// The agency's own people: ADMIN can do everything a RECRUITER can.
constexpr uint32_t kStaff = kAdmin | kRecruiter;

constexpr bool kMutates = true;
constexpr bool kReads = false;

constexpr PartnerScope kDenied = PartnerScope::kDenied;
constexpr PartnerScope kOwnCandidates = PartnerScope::kOwnCandidates;
constexpr PartnerScope kOpenRoles = PartnerScope::kOpenRolesRedacted;
constexpr PartnerScope kOwnSubmissions = PartnerScope::kOwnSubmissions;

// One row per RPC. Keep it in the order of the .proto files. A new RPC without a row fails the
// access policy tests and stops its service at start-up. The cores apply a PARTNER's scope
// (common/tenancy/partner_view.h, common/tenancy/partner_view.h).
const std::vector<MethodRule>& Table() {
  static const auto* table = new std::vector<MethodRule>{
      // meridian.intake.v1.IntakeService
      {"meridian.intake.v1.IntakeService/CreateClient", kMutates, kStaff, kDenied},
      {"meridian.intake.v1.IntakeService/GetClient", kReads, kStaff, kDenied},
      {"meridian.intake.v1.IntakeService/ListClients", kReads, kStaff, kDenied},
      {"meridian.intake.v1.IntakeService/UpdateClient", kMutates, kStaff, kDenied},
      {"meridian.intake.v1.IntakeService/CreateRole", kMutates, kStaff, kDenied},
      // Talent reads roles for search and the pipeline; placement for hires.
      {"meridian.intake.v1.IntakeService/GetRole", kReads,
       kStaff | kPartner | kTalentService | kPlacementService, kOpenRoles},
      // Talent lists the OPEN roles for new-match alerts.
      {"meridian.intake.v1.IntakeService/ListRoles", kReads, kStaff | kPartner | kTalentService,
       kOpenRoles},
      {"meridian.intake.v1.IntakeService/UpdateRole", kMutates, kStaff, kDenied},
      {"meridian.intake.v1.IntakeService/HoldRole", kMutates, kStaff, kDenied},
      // Placement reopens a role for a replacement, and fills it once its headcount is placed.
      {"meridian.intake.v1.IntakeService/ReopenRole", kMutates, kStaff | kPlacementService,
       kDenied},
      {"meridian.intake.v1.IntakeService/CancelRole", kMutates, kStaff, kDenied},
      {"meridian.intake.v1.IntakeService/FillRole", kMutates, kStaff | kPlacementService, kDenied},
      {"meridian.intake.v1.IntakeService/RecommendRoleKind", kReads, kStaff, kDenied},
      // Drafts from the client's words and saves nothing; partners never see client texts.
      {"meridian.intake.v1.IntakeService/DraftRole", kReads, kStaff, kDenied},

      // meridian.talent.v1.TalentService
      {"meridian.talent.v1.TalentService/CreateCandidate", kMutates, kStaff | kPartner,
       kOwnCandidates},
      {"meridian.talent.v1.TalentService/GetCandidate", kReads, kStaff | kPartner, kOwnCandidates},
      {"meridian.talent.v1.TalentService/ListCandidates", kReads, kStaff | kPartner,
       kOwnCandidates},
      {"meridian.talent.v1.TalentService/LookupCandidate", kReads, kStaff | kPartner,
       kOwnCandidates},
      {"meridian.talent.v1.TalentService/UpdateCandidate", kMutates, kStaff | kPartner,
       kOwnCandidates},
      {"meridian.talent.v1.TalentService/DeleteCandidate", kMutates, kStaff | kPartner,
       kOwnCandidates},
      // The placement service follows erasures and releases candidates whose placement ended:
      // internal, so no RECRUITER either.
      {"meridian.talent.v1.TalentService/ListCandidateErasures", kReads, kAdmin | kPlacementService,
       kDenied},
      {"meridian.talent.v1.TalentService/ReleaseCandidate", kMutates, kAdmin | kPlacementService,
       kDenied},
      // Drafts from a CV and saves nothing: the agency's own sourcers only.
      {"meridian.talent.v1.TalentService/DraftCandidate", kReads, kStaff, kDenied},
      {"meridian.talent.v1.TalentService/ListSkills", kReads, kStaff | kPartner,
       PartnerScope::kReferenceData},
      {"meridian.talent.v1.TalentService/CreateSkill", kMutates, kStaff, kDenied},
      {"meridian.talent.v1.TalentService/ListExchangeRates", kReads, kStaff | kPartner,
       PartnerScope::kReferenceData},
      {"meridian.talent.v1.TalentService/UpdateExchangeRate", kMutates, kStaff, kDenied},
      // Placement searches for a replacement's shortlist.
      {"meridian.talent.v1.TalentService/SearchCandidates", kReads, kStaff | kPlacementService,
       kDenied},
      // New matches weigh the budget (the rate factor) and cover every agency's candidates:
      // the agency's own people only, as for search.
      {"meridian.talent.v1.TalentService/ListRoleMatches", kReads, kStaff, kDenied},
      {"meridian.talent.v1.TalentService/CreateSubmission", kMutates,
       kStaff | kPartner | kPlacementService, kOwnSubmissions},
      {"meridian.talent.v1.TalentService/GetSubmission", kReads,
       kStaff | kPartner | kPlacementService, kOwnSubmissions},
      {"meridian.talent.v1.TalentService/ListSubmissions", kReads, kStaff | kPartner,
       kOwnSubmissions},
      {"meridian.talent.v1.TalentService/AdvanceSubmission", kMutates, kStaff, kDenied},
      // meridian.talent.v1.InterviewService: the agency's staff only (interviewers' emails
      // and notes are not a partner's to read).
      {"meridian.talent.v1.InterviewService/CreateInterview", kMutates, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/GetInterview", kReads, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/ListInterviews", kReads, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/UpdateInterview", kMutates, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/CancelInterview", kMutates, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/CompleteInterview", kMutates, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/ProposeInterviewSlots", kReads, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/GetInterviewInvite", kReads, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/CreateScorecard", kMutates, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/ListScorecards", kReads, kStaff, kDenied},
      {"meridian.talent.v1.InterviewService/GetInterviewSummary", kReads, kStaff, kDenied},

      // meridian.placement.v1.PlacementService
      {"meridian.placement.v1.PlacementService/CreatePlacement", kMutates, kStaff, kDenied},
      {"meridian.placement.v1.PlacementService/GetPlacement", kReads, kStaff, kDenied},
      {"meridian.placement.v1.PlacementService/ListPlacements", kReads, kStaff, kDenied},
      {"meridian.placement.v1.PlacementService/ListCheckIns", kReads, kStaff, kDenied},
      {"meridian.placement.v1.PlacementService/RecordCheckIn", kMutates, kStaff, kDenied},
      {"meridian.placement.v1.PlacementService/RescheduleCheckIn", kMutates, kStaff, kDenied},
      {"meridian.placement.v1.PlacementService/EndPlacement", kMutates, kStaff, kDenied},
      {"meridian.placement.v1.PlacementService/RecordTrialOutcome", kMutates, kStaff, kDenied},

      // meridian.events.v1.EventService
      {"meridian.events.v1.EventService/ListEvents", kReads, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/StreamEvents", kReads, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/CreateWebhookSubscription", kMutates, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/GetWebhookSubscription", kReads, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/ListWebhookSubscriptions", kReads, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/UpdateWebhookSubscription", kMutates, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/DeleteWebhookSubscription", kMutates, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/ListWebhookDeliveries", kReads, kStaff | kPartner,
       PartnerScope::kOwnEvents},
      {"meridian.events.v1.EventService/RedeliverEvent", kMutates, kStaff | kPartner,
       PartnerScope::kOwnEvents},

      // meridian.access.v1.AccessService: keys, agencies and the audit log are ADMIN's alone.
      {"meridian.access.v1.AccessService/CreateAgency", kMutates, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/GetAgency", kReads, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/ListAgencies", kReads, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/DisableAgency", kMutates, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/CreateApiKey", kMutates, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/GetApiKey", kReads, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/ListApiKeys", kReads, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/RevokeApiKey", kMutates, kAdmin, kDenied},
      {"meridian.access.v1.AccessService/ListAuditRecords", kReads, kAdmin, kDenied},
  };
  return *table;
}

}  // namespace

const std::vector<MethodRule>& AllMethodRules() { return Table(); }

const MethodRule* FindMethodRule(absl::string_view method) {
  static const auto* index = [] {
    auto* map = new absl::flat_hash_map<absl::string_view, const MethodRule*>();
    for (const MethodRule& rule : Table()) map->emplace(rule.method, &rule);
    return map;
  }();
  auto it = index->find(method);
  return it == index->end() ? nullptr : it->second;
}

std::string RoleName(access::v1::Role role) { return access::v1::Role_Name(role); }

}  // namespace meridian
