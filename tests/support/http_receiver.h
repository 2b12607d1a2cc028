// A tiny HTTP/1.1 server on 127.0.0.1 for webhook tests: it records every request (headers
// and body) and answers each with the next behaviour queued (a status, or no answer at all for
// a while), then with a default status.
//
//   HttpReceiver receiver;                       // binds port 0
//   receiver.QueueStatus(500);                   // the first request fails
//   // ... deliveries to receiver.url("/hooks") ...
//   WaitUntil([&] { return receiver.requests().size() >= 2; }, absl::Seconds(20));
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace meridian::testing {

class HttpReceiver final {
 public:
  struct Request {
    std::string method;
    std::string path;
    // Header names in lower case.
    std::map<std::string, std::string> headers;
    std::string body;
    // The status it was answered with; 0 when it was left without an answer.
    int answered = 0;
  };

  HttpReceiver();
  ~HttpReceiver();
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  // "http://127.0.0.1:<port><path>".
  std::string url(const std::string& path = "/") const;

  // The next request is answered with `status`.
  void QueueStatus(int status);
  // The next request gets no answer for `delay` (the connection then closes).
  void QueueSilence(absl::Duration delay);
  // The next request is answered with `status` after `delay` (a slow receiver).
  void QueueSlowStatus(absl::Duration delay, int status);
  // What requests get once the queue is empty (200 to begin with).
  void SetDefaultStatus(int status);

  std::vector<Request> requests() const;
  // Requests read so far, answered or not yet (requests() lists a slow one once answered).
  int arrived() const { return arrived_.load(); }

 private:
  struct Behaviour {
    int status = 200;
    absl::Duration silence = absl::ZeroDuration();
    // Before the answer (with a status).
    absl::Duration delay = absl::ZeroDuration();
  };
  void Serve();
  void Handle(int connection);

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> arrived_{0};
  mutable std::mutex mutex_;
  std::deque<Behaviour> queue_;
  int default_status_ = 200;
  std::vector<Request> requests_;
  std::thread thread_;
};

}  // namespace meridian::testing
