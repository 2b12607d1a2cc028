// A talent.v1 Candidate as the search engine takes it in (CandidateInput): the proto side of
// the index's input, so that the engine itself reads no protobuf.
//
//   index.Upsert(InputOf(candidate));                    // `candidate` outlives the call
//   index.Apply(InputsOf(upserts), removed_ids);
//   SearchIndex::Builder builder;
//   CandidateInput input;
//   for (const v1::Candidate& c : page) { FillInput(c, input); builder.Add(input); }
#pragma once

#include <optional>
#include <vector>

#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/search/indexed_candidate.h"

namespace meridian::talent {

// Points `input` into `candidate` (which must outlive its use); reuses input's buffers.
void FillInput(const v1::Candidate& candidate, CandidateInput& input);
// The weekly hours of a candidate's working hours, nullopt when they do not load (an unknown
// zone): what every CandidateInput's `load_hours` points to.
std::optional<WeeklyHours> LoadWeeklyHours(const CandidateInput::Hours& hours);
CandidateInput InputOf(const v1::Candidate& candidate);
std::vector<CandidateInput> InputsOf(const std::vector<v1::Candidate>& candidates);

}  // namespace meridian::talent
