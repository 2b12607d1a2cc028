// One page of the search index's bulk load: searchable candidates read from the narrow table a
// trigger keeps (migration 0018), as the index takes them in (CandidateInput). The inputs are
// views into the rows PostgreSQL sent, which the page keeps, so nothing of a row is copied or
// put into a protobuf message before the index interns it.
//
//   SearchablePage page;  // reused page after page: its buffers stay warm
//   int64_t last_seq = 0;
//   const int read = page.Read(tx, after, through, 10000, last_seq);
//   for (const CandidateInput& input : page.inputs()) builder.Add(input);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "pqxx/pqxx"
#include "services/talent/index_load/json_list.h"
#include "services/talent/search/indexed_candidate.h"

namespace meridian::talent {

class SearchablePage final {
 public:
  // Replaces the page with the searchable candidates (AVAILABLE or INTERVIEWING, not erased)
  // with `after` < seq <= `through`, in seq order, at most `limit`, with the fields search
  // reads, exactly as InputOf gives them from the stored candidate. Sets `last_seq` to the last
  // row's position; returns how many rows were read. The rows stay readable after `tx` ends.
  int Read(pqxx::work& tx, int64_t after, int64_t through, int limit, int64_t& last_seq);

  // Lets go of the rows (and so of every view into them); the buffers stay for the next Read.
  void Release();

  // The page's candidates, valid until the next Read, Release or the page's end.
  std::span<const CandidateInput> inputs() const { return {inputs_.data(), count_}; }

 private:
  // Fills inputs_[r] from row r, its days to the end of days_.
  void ParseRow(const pqxx::row& row, CandidateInput& input);

  pqxx::result rows_;  // the text the inputs' views point into
  // The first count_ are this page's; all keep their lists' buffers for the next page.
  std::vector<CandidateInput> inputs_;
  size_t count_ = 0;
  std::vector<int> days_;         // every candidate's days, one after the other
  std::vector<size_t> day_ends_;  // where each candidate's days end in days_
  JsonDecoded decoded_;           // the strings JSON escaped, decoded
};

}  // namespace meridian::talent
