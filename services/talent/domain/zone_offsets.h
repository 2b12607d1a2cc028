// One time zone's UTC offsets over a stretch of time, read once so that converting between
// local and real time inside it is a lookup in a handful of segments instead of a search of the
// zone's whole history. The overlap of a client's window with a candidate group's converts
// some fourteen local times a day of its horizon (overlap.cc); through absl each conversion
// costs about as much as the rest of that day's work together.
//
//   ZoneOffsets offsets(zone, absl::FromUnixSeconds(from), absl::FromUnixSeconds(to));
//   absl::Time start = offsets.FromCivil(absl::CivilSecond(2027, 3, 14, 2, 30, 0));
//   // == absl::FromCivil(absl::CivilSecond(2027, 3, 14, 2, 30, 0), zone), always
//   absl::CivilDay day = offsets.ToCivilDay(start);  // == absl::ToCivilDay(start, zone)
//
// Both answer exactly what absl answers for every input: inside the stretch from the table
// (a skipped local time is the instant of the change, a repeated one its first occurrence,
// as absl::FromCivil has them), outside it (or within two days of either end, where a change
// just outside could matter) by asking absl.
#pragma once

#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace meridian::talent {

class ZoneOffsets final {
 public:
  // The zone's offsets from `from` to `to`. Costs one lookup and one per change of offset in
  // between (a few a year at most).
  ZoneOffsets(const absl::TimeZone& zone, absl::Time from, absl::Time to);

  // absl::FromCivil(civil, zone).
  absl::Time FromCivil(absl::CivilSecond civil) const;
  // absl::ToCivilDay(t, zone).
  absl::CivilDay ToCivilDay(absl::Time t) const;

  // The same in plain numbers, for loops that would otherwise spend more on normalising civil
  // times than on converting them: `local` is the local time as seconds since 1970-01-01
  // 00:00:00 (CivilSecond minus that), the result Unix seconds; and the local day of `real`
  // Unix seconds, as days since 1970-01-01.
  int64_t RealFromLocal(int64_t local) const;
  int64_t LocalDayOf(int64_t real) const;

 private:
  // From `begin` (Unix seconds) to the next segment's begin (or to_), local time is real time
  // plus `offset` seconds.
  struct Segment {
    int64_t begin;
    int64_t offset;
  };

  int64_t EndOf(size_t segment) const;

  absl::TimeZone zone_;
  // The stretch the segments cover, and within it the part whose answers come from them.
  int64_t from_;
  int64_t to_;
  int64_t trusted_from_;
  int64_t trusted_to_;
  absl::InlinedVector<Segment, 4> segments_;  // ascending begin; the first begins at from_
};

}  // namespace meridian::talent
