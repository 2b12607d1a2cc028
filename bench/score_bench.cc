// meridian_score_bench: the cost of scoring one candidate who passed the hard filters
// (Score() in services/talent/search/scoring.h), with three nice-to-haves, for instruction
// counts under callgrind: the engine scores a few hundred candidates a search exactly, and
// everything a nice-to-have may add (related skills) happens there.
//
//   valgrind --tool=callgrind --toggle-collect='*ScoreAll*' build/bench/meridian_score_bench
//   valgrind --tool=callgrind --toggle-collect='*ScoreAll*' build/bench/meridian_score_bench
//       --related=8   (each nice-to-have with 8 related skills)
//
// Instructions a candidate = the collected total / (--candidates x --rounds).
#include <cstdint>
#include <cstdio>
#include <random>
#include <set>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "meridian/common/v1/common.pb.h"
#include "services/talent/search/scoring.h"

ABSL_FLAG(int, candidates, 20000, "candidates scored each round");
ABSL_FLAG(int, rounds, 10, "rounds over every candidate");
ABSL_FLAG(int, related, 0, "related skills given to each nice-to-have (0: none, the common case)");

namespace meridian::talent {
namespace {

// Out of line, so that callgrind can count exactly this (--toggle-collect).
[[gnu::noinline]] double ScoreAll(const std::vector<CandidateView>& views, const SearchQuery& query,
                                  const ResolvedNeeds& needs, const Overlap& overlap, int rounds) {
  double sum = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const CandidateView& view : views) sum += Score(view, query, needs, overlap).total();
  }
  return sum;
}

int Run() {
  common::v1::WorkingHours hours;
  hours.set_time_zone("UTC");
  hours.set_start("09:00");
  hours.set_end("17:00");
  SearchQuery query(*WeeklyHours::From(hours));
  // One required skill everyone holds (a hard filter), three nice-to-haves some hold.
  query.required.push_back({"s0", 2, 1});
  for (const char* nice : {"s5", "s9", "s13"}) query.nice.push_back({nice, 2, 0});
  ResolvedNeeds needs;
  needs.required = {0};
  needs.nice = {5, 9, 13};
  const int related = absl::GetFlag(FLAGS_related);
  if (related > 0) {
    for (size_t i = 0; i < query.nice.size(); ++i) {
      std::vector<ResolvedNeeds::Related>& skills = needs.nice_related.emplace_back();
      for (int r = 0; r < related; ++r) {
        skills.push_back({20 + static_cast<int>(i) * related + r, 0.6});
      }
    }
  }
  const int count = absl::GetFlag(FLAGS_candidates);
  std::mt19937 rng(42);
  std::vector<std::vector<IndexedSkill>> skills(static_cast<size_t>(count));
  std::vector<CandidateView> views(static_cast<size_t>(count));
  for (size_t c = 0; c < views.size(); ++c) {
    std::set<int> held = {0};
    const size_t size = std::uniform_int_distribution<size_t>(3, 8)(rng);
    while (held.size() < size) held.insert(std::uniform_int_distribution<int>(1, 60)(rng));
    for (const int skill : held) {
      skills[c].push_back({static_cast<uint16_t>(skill),
                           static_cast<uint8_t>(std::uniform_int_distribution<int>(1, 5)(rng)),
                           static_cast<uint8_t>(std::uniform_int_distribution<int>(0, 10)(rng))});
    }
    views[c].skills = skills[c].data();
    views[c].skill_count = skills[c].size();
    views[c].seniority = 3;
    views[c].english = 4;
    views[c].available_day = INT32_MIN;
    views[c].rate_usd = 4000;
  }
  Overlap overlap;
  overlap.min_hours = overlap.max_hours = 6;
  const int rounds = absl::GetFlag(FLAGS_rounds);
  std::printf("%d scores, checksum %.1f\n", count * rounds,
              ScoreAll(views, query, needs, overlap, rounds));
  return 0;
}

}  // namespace
}  // namespace meridian::talent

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return meridian::talent::Run();
}
