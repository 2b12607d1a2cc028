#include "common/events/webhook_sender.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/events/webhook_target.h"

namespace meridian {
namespace {

// libcurl's global set-up, once per process, before any handle.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The response body is read and dropped: only the status matters.
size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

// Refuses a socket to a non-public address (CURL_SOCKET_BAD fails the attempt with
// CURLE_COULDNT_CONNECT, which the delivery log names).
curl_socket_t OpenPublicSocket(void* refused, curlsocktype, curl_sockaddr* address) {
  if (!IsPublicAddress(&address->addr)) {
    *static_cast<bool*>(refused) = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

CurlWebhookSender::CurlWebhookSender(Options options) : options_(options) { InitCurlOnce(); }

WebhookResponse CurlWebhookSender::Post(const std::string& url,
                                        const std::map<std::string, std::string>& headers,
                                        const std::string& body) {
  WebhookResponse response;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    response.error = "the HTTP client could not start";
    return response;
  }
  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : headers) {
    header_list = curl_slist_append(header_list, absl::StrCat(name, ": ", value).c_str());
  }
  header_list = curl_slist_append(header_list, "Content-Type: application/json");
  // No "Expect: 100-continue" round trip.
  header_list = curl_slist_append(header_list, "Expect:");
  bool refused = false;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, options_.allow_private ? "http,https" : "https");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "Meridian-Webhooks/1");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  if (!options_.allow_private) {
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, OpenPublicSocket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &refused);
  }
  const absl::Time start = absl::Now();
  const CURLcode code = curl_easy_perform(curl);
  response.latency = absl::Now() - start;
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status_code = static_cast<int>(status);
    if (!response.delivered()) response.error = absl::StrCat("HTTP status ", status);
  } else if (refused) {
    response.error = "refused: the target resolves to a private, loopback or link-local address";
  } else {
    response.error = curl_easy_strerror(code);
  }
  curl_slist_free_all(header_list);
  curl_easy_cleanup(curl);
  return response;
}

}  // namespace meridian
