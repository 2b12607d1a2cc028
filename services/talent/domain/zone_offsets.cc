#include "services/talent/domain/zone_offsets.h"

#include <algorithm>

namespace meridian::talent {
namespace {

constexpr int64_t kSecondsPerDay = 24 * 60 * 60;
// Offsets change by a day at the most (Pacific/Apia skipped 30 December 2011): answers this
// close to either end of the stretch could depend on a change outside it, so absl gives them.
constexpr int64_t kEdgeSeconds = 2 * kSecondsPerDay;
// More changes than any zone has had in a year, in case the zone data is odd.
constexpr int kMaxChanges = 64;

const absl::CivilSecond kEpochSecond(1970, 1, 1, 0, 0, 0);
const absl::CivilDay kEpochDay(1970, 1, 1);

int64_t FloorDiv(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return quotient * divisor > value ? quotient - 1 : quotient;
}

}  // namespace

ZoneOffsets::ZoneOffsets(const absl::TimeZone& zone, absl::Time from, absl::Time to)
    : zone_(zone),
      from_(absl::ToUnixSeconds(from)),
      to_(std::max(absl::ToUnixSeconds(to), from_)),
      trusted_from_(from_ + kEdgeSeconds),
      trusted_to_(to_ - kEdgeSeconds) {
  segments_.push_back({from_, zone.At(from).offset});
  absl::Time cursor = from;
  absl::TimeZone::CivilTransition transition;
  int changes = 0;
  while (zone.NextTransition(cursor, &transition)) {
    // The instant of the change: for a repeated hour the civil time the clocks go back to
    // names two instants, and `trans` is the change between them.
    const absl::Time at = zone.At(transition.to).trans;
    if (absl::ToUnixSeconds(at) >= to_ || at <= cursor) break;
    if (++changes > kMaxChanges) {
      // Past this the table would not be complete: trust it only well before the change.
      trusted_to_ = std::min(trusted_to_, absl::ToUnixSeconds(cursor) - kEdgeSeconds);
      break;
    }
    segments_.push_back({absl::ToUnixSeconds(at), zone.At(at).offset});
    cursor = at;
  }
}

int64_t ZoneOffsets::EndOf(size_t segment) const {
  return segment + 1 < segments_.size() ? segments_[segment + 1].begin : to_;
}

absl::Time ZoneOffsets::FromCivil(absl::CivilSecond civil) const {
  return absl::FromUnixSeconds(RealFromLocal(civil - kEpochSecond));
}

absl::CivilDay ZoneOffsets::ToCivilDay(absl::Time t) const {
  if (t == absl::InfiniteFuture() || t == absl::InfinitePast()) return absl::ToCivilDay(t, zone_);
  // Unix seconds round down, as the local day does.
  return kEpochDay + LocalDayOf(absl::ToUnixSeconds(t));
}

int64_t ZoneOffsets::RealFromLocal(int64_t local) const {
  for (size_t i = 0; i < segments_.size(); ++i) {
    // Read with this segment's offset, does the local time fall inside it? The first segment
    // in which it does gives the earliest instant showing it: a repeated time's first
    // occurrence.
    const int64_t real = local - segments_[i].offset;
    if (real >= segments_[i].begin && real < EndOf(i)) {
      if (real >= trusted_from_ && real < trusted_to_) return real;
      break;
    }
    // Past this segment's end with its offset, before the next one's start with the next
    // offset: the clocks skipped this local time, and absl names the instant of the change.
    if (i + 1 < segments_.size() && real >= EndOf(i) &&
        local - segments_[i + 1].offset < segments_[i + 1].begin) {
      const int64_t change = segments_[i + 1].begin;
      if (change >= trusted_from_ && change < trusted_to_) return change;
      break;
    }
  }
  return absl::ToUnixSeconds(absl::FromCivil(kEpochSecond + local, zone_));
}

int64_t ZoneOffsets::LocalDayOf(int64_t real) const {
  if (real < trusted_from_ || real >= trusted_to_) {
    return absl::ToCivilDay(absl::FromUnixSeconds(real), zone_) - kEpochDay;
  }
  size_t segment = segments_.size() - 1;
  while (segments_[segment].begin > real) --segment;  // the first begins at from_ < real
  return FloorDiv(real + segments_[segment].offset, kSecondsPerDay);
}

}  // namespace meridian::talent
