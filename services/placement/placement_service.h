// The placement service's business logic, free of gRPC: placements made from hired
// submissions, their check-ins and health, and their ending. One transaction per call; work
// that spans the other services (fill or reopen the role, release the candidate, build a
// replacement shortlist) is committed as a durable task in the same transaction and carried
// out by the FollowUpWorker.
//
// Health depends on the time of the request (a check-in becomes overdue by itself), so every
// read works it out against the injected clock.
//
//   PlacementService placements(pool, gateway, absl::Now);
//   absl::StatusOr<v1::Placement> placement = placements.CreatePlacement(request, call);
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "meridian/placement/v1/placement.pb.h"
#include "services/placement/follow_up_gateway.h"
#include "services/placement/placement_store.h"

namespace meridian::placement {

class PlacementService final {
 public:
  using Clock = std::function<absl::Time()>;

  PlacementService(db::ConnectionPool& pool, FollowUpGateway& gateway, Clock clock = absl::Now)
      : pool_(pool), gateway_(gateway), clock_(std::move(clock)) {}

  // The changes append their events (placement.created, check_in.recorded,
  // check_in.rescheduled, placement.ended, placement.trial_recorded and, for a FAILED trial,
  // placement.ended too) in their transactions.
  absl::StatusOr<v1::Placement> CreatePlacement(const v1::CreatePlacementRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::Placement> GetPlacement(const v1::GetPlacementRequest& request,
                                             absl::Time deadline);
  absl::StatusOr<v1::ListPlacementsResponse> ListPlacements(
      const v1::ListPlacementsRequest& request, absl::Time deadline);
  absl::StatusOr<v1::ListCheckInsResponse> ListCheckIns(const v1::ListCheckInsRequest& request,
                                                        absl::Time deadline);
  absl::StatusOr<v1::CheckIn> RecordCheckIn(const v1::RecordCheckInRequest& request,
                                            const CallContext& call);
  absl::StatusOr<v1::CheckIn> RescheduleCheckIn(const v1::RescheduleCheckInRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::Placement> EndPlacement(const v1::EndPlacementRequest& request,
                                             const CallContext& call);
  // PASSED or EXTENDED change the trial; FAILED also ends the placement as EndPlacement does.
  absl::StatusOr<v1::Placement> RecordTrialOutcome(const v1::RecordTrialOutcomeRequest& request,
                                                   const CallContext& call);

  // The periodic pass (TransitionWatch): puts on the event feed, once each, every placement
  // that became AT_RISK (placement.at_risk) or stopped being (placement.back_to_active) as of
  // the clock's now, and every check-in that became overdue (check_in.overdue). Each placement
  // is its own transaction; rows another replica's pass holds are skipped. It also sets the
  // placement gauges (placements by state, open and overdue check-ins, outbox tasks). Returns
  // how many events it wrote.
  absl::StatusOr<int> ReportTransitions(absl::Time deadline);

 private:
  // The placement with its state and health worked out as of now.
  v1::Placement WithHealth(pqxx::work& tx, StoredPlacement stored) const;

  db::ConnectionPool& pool_;
  FollowUpGateway& gateway_;
  Clock clock_;
};

}  // namespace meridian::placement
