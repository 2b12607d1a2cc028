// A search's plain results as CandidateMatch messages: the candidate's summary (nothing
// personal beyond the display name), the score, the overlap range and each factor with its
// points and a sentence a recruiter can read out ("missing kubernetes, nice to have"), written
// from the values the engine put in each SearchMatch. With the BASIC view, the name, score,
// overlap range and in_other_process alone (talent.proto, CandidateMatchView), which a query
// with `explain` false asks for: the engine then leaves the explanation inputs out, so the
// query alone says which view a result can be written in.
//
// The matches are written straight into the bytes of a SearchCandidatesResponse (wire_writer.h),
// the bytes protobuf's serializer would write for the same messages: a page of 50 explained
// matches is about a thousand small messages and strings, which cost several times more to
// build, measure, check and encode than to write. What is the same for every match of a page
// (the rate of exchange as written, the names of levels) is written once per call.
//
//   query.explain = view != v1::BASIC;
//   SearchResult result = index.Search(query);
//   std::string bytes;
//   EncodeSearchPage(result, query, next_page_token, bytes);  // a SearchCandidatesResponse
//
// AppendMatches gives the same matches as messages, for callers that keep or inspect them.
#pragma once

#include <string>
#include <string_view>

#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/search/query.h"
#include "services/talent/search/search_result.h"

namespace meridian::talent {

// Appends the result's matches, in ranking order, to `out` as the `matches` field (1) of a
// talent.v1.SearchCandidatesResponse: in view FULL when `query.explain`, else BASIC.
void EncodeMatches(const SearchResult& result, const SearchQuery& query, std::string& out);

// The whole page as a talent.v1.SearchCandidatesResponse, appended to `out`: the matches, then
// `next_page_token`, the result's total_size and whether it is estimated.
void EncodeSearchPage(const SearchResult& result, const SearchQuery& query,
                      std::string_view next_page_token, std::string& out);

// The same matches as messages, appended to `matches`.
void AppendMatches(const SearchResult& result, const SearchQuery& query,
                   google::protobuf::RepeatedPtrField<v1::CandidateMatch>& matches);

}  // namespace meridian::talent
