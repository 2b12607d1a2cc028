// Freshness: how long after a committed candidate update search finds the new state, under a
// steady stream of updates.
//
// The pool holds `probes` extra candidates with a marker skill no one else has ("bench-probe")
// and a rate above the probe search's budget. Update u (at `rate` per second, on schedule) goes
// to probe u mod probes and alternately moves its rate below the budget (the probe becomes
// visible to the probe search) and back above it (invisible) — exactly as the talent service
// writes: UPDATE talent.candidates (body, version, update_time), pg_advisory_xact_lock on the
// change-feed lock, INSERT INTO talent.candidate_changes, COMMIT. Each update flips what the
// probe search returns for that probe, so the first search response that shows the flipped state
// proves the update reached the index. Meanwhile one client repeats the probe search
// (required skill bench-probe, budget 5,000 USD, page_size 200) back to back.
//
// Freshness of an update = arrival of the first search response showing it - return of its
// COMMIT. It overstates the truth by up to one probe search round trip (reported as
// poll_p50_us). An update whose probe is updated again before it was seen (more than
// probes / rate seconds later) is "superseded" and not measured; one still unseen 5 s after the
// last update is "unseen".
#pragma once

#include <string>

#include "bench/pool.h"
#include "nlohmann/json.hpp"

namespace meridian::bench {

struct FreshnessOptions {
  double rate = 200;    // updates per second
  double seconds = 10;  // how long the stream runs
  int probes = 200;     // at most 200: the probe search returns them on one page
};

// {p50_ms, p99_ms, max_ms, updates, measured, superseded, unseen, update_rate_per_s, ...}
nlohmann::json MeasureFreshness(const std::string& database_url, const std::string& address,
                                const PoolGenerator& pool, const FreshnessOptions& options);

}  // namespace meridian::bench
