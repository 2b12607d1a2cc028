// A search's plain results as CandidateMatch messages: the candidate's summary (nothing
// personal beyond the display name), the score, the overlap range and each factor with its
// points and a sentence a recruiter can read out ("missing kubernetes, nice to have"), written
// from the values the engine put in each SearchMatch. With the BASIC view, the name, score,
// overlap range and in_other_process alone (talent.proto, CandidateMatchView), which a query
// with `explain` false asks for: the engine then leaves the explanation inputs out, so the
// query alone says which view a result can be written in.
//
//   query.explain = view != v1::BASIC;
//   SearchResult result = index.Search(query);
//   AppendMatches(result, query, *response.mutable_matches());
//
// The messages are built in place, so a response on a protobuf arena gets its matches there
// too; what is the same for every match of a page (the rate of exchange as written, the names
// of levels) is written once per call.
#pragma once

#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/search/query.h"
#include "services/talent/search/search_result.h"

namespace meridian::talent {

// Appends the result's matches, in ranking order, to `matches`: in view FULL when
// `query.explain`, else BASIC.
void AppendMatches(const SearchResult& result, const SearchQuery& query,
                   google::protobuf::RepeatedPtrField<v1::CandidateMatch>& matches);

}  // namespace meridian::talent
