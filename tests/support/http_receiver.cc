#include "tests/support/http_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace meridian::testing {

HttpReceiver::HttpReceiver() {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener_, 16) != 0) {
    throw std::runtime_error("bind or listen failed");
  }
  socklen_t length = sizeof(address);
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

HttpReceiver::~HttpReceiver() {
  stopping_ = true;
  thread_.join();
  close(listener_);
}

std::string HttpReceiver::url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port_, path);
}

void HttpReceiver::QueueStatus(int status) {
  std::lock_guard lock(mutex_);
  queue_.push_back({.status = status});
}

void HttpReceiver::QueueSilence(absl::Duration delay) {
  std::lock_guard lock(mutex_);
  queue_.push_back({.status = 0, .silence = delay});
}

void HttpReceiver::QueueSlowStatus(absl::Duration delay, int status) {
  std::lock_guard lock(mutex_);
  queue_.push_back({.status = status, .delay = delay});
}

void HttpReceiver::SetDefaultStatus(int status) {
  std::lock_guard lock(mutex_);
  default_status_ = status;
}

std::vector<HttpReceiver::Request> HttpReceiver::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void HttpReceiver::Serve() {
  while (!stopping_) {
    pollfd ready{.fd = listener_, .events = POLLIN, .revents = 0};
    if (poll(&ready, 1, 50) <= 0) continue;
    const int connection = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    Handle(connection);
    close(connection);
  }
}

void HttpReceiver::Handle(int connection) {
  std::string data;
  char buffer[4096];
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (absl::Now() < give_up) {
    pollfd ready{.fd = connection, .events = POLLIN, .revents = 0};
    if (poll(&ready, 1, 50) <= 0) continue;
    const ssize_t got = read(connection, buffer, sizeof(buffer));
    if (got <= 0) return;
    data.append(buffer, static_cast<size_t>(got));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      for (absl::string_view line : absl::StrSplit(data.substr(0, header_end), "\r\n")) {
        const size_t colon = line.find(':');
        if (colon == absl::string_view::npos) continue;
        if (absl::AsciiStrToLower(line.substr(0, colon)) == "content-length") {
          (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(colon + 1)),
                                 &content_length);
        }
      }
    }
    if (data.size() >= header_end + 4 + content_length) break;
  }
  if (header_end == std::string::npos) return;
  Request request;
  std::vector<std::string> lines = absl::StrSplit(data.substr(0, header_end), "\r\n");
  std::vector<std::string> first = absl::StrSplit(lines[0], ' ');
  if (first.size() >= 2) {
    request.method = first[0];
    request.path = first[1];
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    request.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
  }
  request.body = data.substr(header_end + 4, content_length);
  ++arrived_;
  Behaviour behaviour;
  {
    std::lock_guard lock(mutex_);
    if (!queue_.empty()) {
      behaviour = queue_.front();
      queue_.pop_front();
    } else {
      behaviour.status = default_status_;
    }
  }
  if (behaviour.silence > absl::ZeroDuration()) {
    const absl::Time until = absl::Now() + behaviour.silence;
    while (!stopping_ && absl::Now() < until) absl::SleepFor(absl::Milliseconds(10));
    request.answered = 0;
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
  } else {
    const absl::Time until = absl::Now() + behaviour.delay;
    while (!stopping_ && absl::Now() < until) absl::SleepFor(absl::Milliseconds(10));
    // Recorded before the reply goes out: once the sender has its answer (and moves on), a
    // test that reads the requests must find this one.
    request.answered = behaviour.status;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(request));
    }
    const std::string reply = absl::StrCat(
        "HTTP/1.1 ", behaviour.status, " X\r\nContent-Length: 0\r\n", "Connection: close\r\n\r\n");
    (void)write(connection, reply.data(), reply.size());
  }
}

}  // namespace meridian::testing
