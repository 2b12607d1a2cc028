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
//   absl::StatusOr<v1::Placement> placement = placements.CreatePlacement(request, deadline);
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
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

  absl::StatusOr<v1::Placement> CreatePlacement(const v1::CreatePlacementRequest& request,
                                                absl::Time deadline);
  absl::StatusOr<v1::Placement> GetPlacement(const v1::GetPlacementRequest& request,
                                             absl::Time deadline);
  absl::StatusOr<v1::ListPlacementsResponse> ListPlacements(
      const v1::ListPlacementsRequest& request, absl::Time deadline);
  absl::StatusOr<v1::ListCheckInsResponse> ListCheckIns(const v1::ListCheckInsRequest& request,
                                                        absl::Time deadline);
  absl::StatusOr<v1::CheckIn> RecordCheckIn(const v1::RecordCheckInRequest& request,
                                            absl::Time deadline);
  absl::StatusOr<v1::CheckIn> RescheduleCheckIn(const v1::RescheduleCheckInRequest& request,
                                                absl::Time deadline);
  absl::StatusOr<v1::Placement> EndPlacement(const v1::EndPlacementRequest& request,
                                             absl::Time deadline);

 private:
  // The placement with its state and health worked out as of now.
  v1::Placement WithHealth(pqxx::work& tx, StoredPlacement stored) const;

  db::ConnectionPool& pool_;
  FollowUpGateway& gateway_;
  Clock clock_;
};

}  // namespace meridian::placement
