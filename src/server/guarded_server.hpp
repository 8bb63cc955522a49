// httplib::Server with the limits cpp-httplib 0.11 lacks. Each connection is served
// through a stream that refuses more than `max_head` bytes of request line and
// headers (httplib caps each header line, not their number, so a client could grow
// a request's headers without bound), more than `max_request` bytes in all for one
// request, and a request whose bytes take longer than `request_timeout` to arrive (a
// client trickling a byte now and then would otherwise keep its worker for good).
// It closes the connection after an answer that asked for it, and closes gently:
// what the client still sends is read and dropped for a moment, so an early answer
// (413 before the body) is not lost to a reset. And it keeps glibc from holding on to
// the memory of large requests in every worker's arena.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace replylint::server {

// Why reading the current request stopped (for the answer's status).
enum class ReadStop { none, idle, deadline, head_too_large, too_large };

class GuardedServer : public httplib::Server {
 public:
  GuardedServer();

  struct Limits {
    size_t max_head = 64 * 1024;
    size_t max_request = 3 * 1024 * 1024;
    std::chrono::milliseconds request_timeout{30000};
  };
  void set_limits(const Limits& limits) { limits_ = limits; }
  const Limits& limits() const { return limits_; }

  // On the worker thread serving a request: why its reading stopped, and asking
  // for the connection to close after the answer.
  static ReadStop read_stop();
  static void close_after_answer();

 private:
  bool process_and_close_socket(socket_t sock) override;

  Limits limits_;
};

}  // namespace replylint::server
