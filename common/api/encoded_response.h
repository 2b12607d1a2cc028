// A response a core writes as bytes itself, in its message's wire format, for a response worth
// encoding by hand (a page of search matches: services/talent/search_proto/explain.h). The gRPC
// adapter (RawRequestService::ServeEncoded) sends the bytes as they are; the type says which
// message they are.
//
//   absl::Status SearchCandidatesEncoded(const v1::SearchCandidatesRequest& request,
//                                        absl::Time deadline,
//                                        EncodedResponse<v1::SearchCandidatesResponse>& response);
#pragma once

#include <string>

namespace meridian {

template <typename Message>
struct EncodedResponse {
  std::string bytes;  // an encoding of a Message
};

}  // namespace meridian
