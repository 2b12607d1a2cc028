// A search's plain results as CandidateMatch messages: the candidate's summary (nothing
// personal beyond the display name), the score, the overlap range and each factor with its
// points and a sentence a recruiter can read out ("missing kubernetes, nice to have"), written
// from the values the engine put in each SearchMatch.
//
//   SearchResult result = index.Search(query);
//   AppendMatches(result, query, *response.mutable_matches());
#pragma once

#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/search/query.h"
#include "services/talent/search/search_result.h"

namespace meridian::talent {

// Appends the result's matches, in ranking order, to `matches`.
void AppendMatches(const SearchResult& result, const SearchQuery& query,
                   google::protobuf::RepeatedPtrField<v1::CandidateMatch>& matches);

}  // namespace meridian::talent
