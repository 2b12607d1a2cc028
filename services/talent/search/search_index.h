// The talent pool in memory, for SearchCandidates: compact candidate records, a posting
// list per skill, and candidates grouped by working hours (zone, window, days) so that the
// daylight-saving overlap is computed once per group and query, not once per candidate.
//
// Readers share a lock; the change-feed follower takes it exclusively for the few
// microseconds one upsert needs.
//
//   SearchIndex index;
//   index.Upsert(candidate);           // from the database, via the change feed
//   SearchResult result = index.Search(query);
#pragma once

#include <map>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/domain/overlap.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/search_query.h"

namespace meridian::talent {

struct SearchResult {
  std::vector<v1::CandidateMatch> matches;  // one page, in ranking order
  int total_size = 0;                       // candidates that met the hard filters
  std::optional<SearchCursor> next;         // set when another page follows
};

class SearchIndex final {
 public:
  // Adds or replaces the candidate; one that is not searchable (PLACED, INACTIVE) is removed.
  void Upsert(const v1::Candidate& candidate);
  // Removes the candidate with this id ({candidate} part of the name), if present.
  void Remove(const std::string& id);

  size_t size() const;
  // Approximate bytes held per candidate (records, postings, names).
  size_t ApproximateBytes() const;

  SearchResult Search(const SearchQuery& query) const;

 private:
  using GroupKey = std::tuple<std::string, std::string, std::string, uint32_t>;

  void RemoveLocked(const std::string& id);
  uint32_t InternGroup(const common::v1::WorkingHours& hours);
  static uint32_t Intern(std::unordered_map<std::string, uint32_t>& dictionary,
                         std::vector<std::string>& names, const std::string& value);
  v1::Candidate Summary(const IndexedCandidate& record) const;

  mutable std::shared_mutex mutex_;
  std::vector<IndexedCandidate> records_;  // slots; an empty id is a free slot
  std::vector<uint32_t> free_slots_;
  std::unordered_map<std::string, uint32_t> slot_by_id_;
  std::vector<std::vector<uint32_t>> postings_;  // per interned skill: slots, unsorted
  std::unordered_map<std::string, uint32_t> skill_ids_;
  std::vector<std::string> skill_names_;
  std::unordered_map<std::string, uint32_t> soft_skill_ids_;
  std::vector<std::string> soft_skill_names_;
  std::map<GroupKey, uint32_t> group_ids_;
  std::vector<WeeklyHours> groups_;
  std::vector<common::v1::WorkingHours> group_hours_;
};

}  // namespace meridian::talent
