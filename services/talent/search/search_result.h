// What a search returns, as plain values: one page of matches in ranking order, each with its
// score, its points by factor and the values an explanation is written from (the service
// turns them into CandidateMatch messages, search_proto/explain.h), how many candidates met
// the hard filters, and where the next page starts.
//
//   SearchResult result = index.Search(query);
//   for (const SearchMatch& match : result.matches) {
//     Use(match.record.id, match.score, match.parts.ByFactor(), result.SkillName(skill));
//   }
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "services/talent/domain/overlap.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/query.h"
#include "services/talent/search/scoring.h"

namespace meridian::talent {
namespace index {
struct Dictionaries;
struct WindowOverlaps;
}  // namespace index

struct SearchMatch {
  // The candidate (its id, display name and state alone when the query does not explain).
  MatchedRecord record;
  double score = 0;  // the sum of `parts`, to a tenth
  ScoreParts parts;  // the points of each factor, to a tenth
  // The values the explanations are written from (a few per query, held inline).
  const Overlap* overlap = nullptr;   // over the query's horizon; lives as long as the result
  std::string_view overlap_sentence;  // DescribeOverlap's; lives as long as the result
  double rate_usd = -1;               // the monthly rate in US dollars; negative without a rate
  absl::InlinedVector<IndexedSkill, 4> required;  // by query.required: the skill as held
  absl::InlinedVector<bool, 4> nice_met;  // by query.nice: held at the level and years asked
  // By query.nice: the related skill that counted toward it (its name in the index's
  // dictionary, empty when none did) and its weight.
  absl::InlinedVector<std::pair<std::string_view, double>, 4> nice_through;
  absl::InlinedVector<bool, 4> soft_skill_listed;  // by query.soft_skills
};

struct SearchResult {
  // One page, in ranking order. (A deque, so that each match is an allocation of its own:
  // one block for a page of matches is large enough for malloc to tidy its free lists first,
  // which costs more than building the page.)
  std::deque<SearchMatch> matches;
  int total_size = 0;  // candidates that met the hard filters
  // Whether total_size is an estimate from a sample (see SearchTuning::estimate_total_from):
  // then within a few percent, and never below the matches found.
  bool total_size_estimated = false;
  // Base candidates the search read past its skill filters: a measure of its work (benchmarks).
  size_t read = 0;
  std::optional<SearchCursor> next;  // set when another page follows

  // The names the matches' records refer to by number.
  const std::string& SkillName(uint16_t skill) const;
  const WorkingHoursSpec& HoursOf(const MatchedRecord& record) const;

  // What the matches point into (set by the search).
  std::shared_ptr<const index::Dictionaries> dictionaries;
  std::shared_ptr<const index::WindowOverlaps> overlaps;
  // The parts of the index the matches' records view (index::Base and index::Delta), kept for
  // as long as the result whatever writers publish meanwhile.
  std::shared_ptr<const void> viewed_base;
  std::shared_ptr<const void> viewed_delta;
};

}  // namespace meridian::talent
