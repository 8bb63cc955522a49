#include "server/guarded_server.hpp"

#include <arpa/inet.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace replylint::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kTrimAfterBytes = 256 * 1024;

thread_local ReadStop t_read_stop = ReadStop::none;
thread_local bool t_close = false;

milliseconds to_ms(time_t sec, time_t usec) {
  return milliseconds(static_cast<int64_t>(sec) * 1000 + static_cast<int64_t>(usec) / 1000);
}

// Waits up to `timeout` for `events`; false on timeout or error.
bool wait_for(int sock, short events, milliseconds timeout) {
  pollfd p{sock, events, 0};
  while (true) {
    const int n = ::poll(&p, 1, static_cast<int>(std::max<int64_t>(timeout.count(), 0)));
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  ip = text;
}

// A connection's socket as httplib reads and writes it, with the limits per request.
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(int sock, const GuardedServer::Limits& limits, milliseconds read_timeout,
                milliseconds write_timeout)
      : sock_(sock), limits_(limits), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  // The limits and the deadline start again.
  void begin_request() {
    deadline_ = Clock::now() + limits_.request_timeout;
    head_ = body_ = lines_ = line_chars_ = 0;
    in_head_ = true;
    t_read_stop = ReadStop::none;
    t_close = false;
  }
  bool has_buffered() const { return pos_ < end_; }
  size_t request_bytes() const { return head_ + body_; }

  bool is_readable() const override {
    if (pos_ < end_) return true;
    const auto left = std::chrono::duration_cast<milliseconds>(deadline_ - Clock::now());
    if (left.count() <= 0) {
      t_read_stop = ReadStop::deadline;
      return false;
    }
    if (wait_for(sock_, POLLIN, std::min(left, read_timeout_))) return true;
    t_read_stop = left <= read_timeout_ ? ReadStop::deadline : ReadStop::idle;
    return false;
  }

  bool is_writable() const override { return wait_for(sock_, POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (t_read_stop != ReadStop::none) return -1;
    if (pos_ == end_) {
      if (!is_readable()) return -1;
      ssize_t n;
      do {
        n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      pos_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, end_ - pos_);
    if (!account(buffer_.data() + pos_, n)) return -1;
    std::memcpy(ptr, buffer_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      address_of(addr, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      address_of(addr, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  // Counts `n` bytes about to be handed out: the head ends at the first empty line.
  bool account(const char* data, size_t n) {
    size_t head = 0;
    for (; head < n && in_head_; ++head) {
      const char c = data[head];
      if (c == '\n') {
        if (line_chars_ == 0 && lines_ > 0) in_head_ = false;
        ++lines_;
        line_chars_ = 0;
      } else if (c != '\r') {
        ++line_chars_;
      }
    }
    head_ += head;
    body_ += n - head;
    if (head_ > limits_.max_head) {
      t_read_stop = ReadStop::head_too_large;
      return false;
    }
    if (head_ + body_ > limits_.max_request) {
      t_read_stop = ReadStop::too_large;
      return false;
    }
    return true;
  }

  int sock_;
  const GuardedServer::Limits& limits_;
  milliseconds read_timeout_, write_timeout_;
  std::array<char, 4096> buffer_{};
  size_t pos_ = 0, end_ = 0;
  Clock::time_point deadline_ = Clock::time_point::max();
  size_t head_ = 0, body_ = 0;  // bytes of this request's head and of what follows
  bool in_head_ = true;
  size_t lines_ = 0, line_chars_ = 0;  // head lines so far, characters in the current one
};

}  // namespace

GuardedServer::GuardedServer() {
#ifdef __GLIBC__
  // glibc raises its mmap and trim thresholds after a large block is freed (up to
  // 32 MB), and from then on keeps that much free memory in every worker's arena:
  // each worker would hold the high-water mark of the largest answer it made.
  // Fixed thresholds keep large blocks in mmap and give freed memory back.
  static const bool set = [] {
    ::mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
    return true;
  }();
  (void)set;
#endif
}

ReadStop GuardedServer::read_stop() {
  return t_read_stop;
}

void GuardedServer::close_after_answer() {
  t_close = true;
}

// As httplib's own, with the guarded stream: up to keep_alive_max_count requests
// while the client keeps sending within the keep-alive timeout and the server runs.
bool GuardedServer::process_and_close_socket(socket_t sock) {
  GuardedStream stream(sock, limits_, to_ms(read_timeout_sec_, read_timeout_usec_),
                       to_ms(write_timeout_sec_, write_timeout_usec_));
  auto next_request = [&] {
    if (stream.has_buffered()) return true;
    const auto until = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET) {  // check now and then whether the server stops
      const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
      if (left.count() <= 0) return false;
      if (wait_for(sock, POLLIN, std::min(left, milliseconds(50)))) return true;
    }
    return false;
  };
  bool ok = false;
  for (size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
    if (!next_request()) break;
    stream.begin_request();
    bool connection_closed = false;
    ok = process_request(stream, left == 1, connection_closed, nullptr);
#ifdef __GLIBC__
    // A large request (a full batch) leaves tens of MB free in this thread's malloc
    // arena, which glibc keeps: each worker would hold its own high-water mark.
    if (stream.request_bytes() > kTrimAfterBytes) ::malloc_trim(0);
#endif
    if (!ok || connection_closed || t_close) break;
  }
  t_read_stop = ReadStop::none;
  t_close = false;
  // Say we are done, then read and drop what the client still sends for a moment,
  // so that closing with unread bytes does not reset the connection before the
  // client has read the answer.
  ::shutdown(sock, SHUT_WR);
  std::array<char, 4096> sink;
  const auto until = Clock::now() + milliseconds(1000);
  for (size_t dropped = 0; dropped < (1u << 20);) {
    const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
    if (left.count() <= 0 || !wait_for(sock, POLLIN, left)) break;
    const ssize_t n = ::recv(sock, sink.data(), sink.size(), 0);
    if (n <= 0) break;
    dropped += static_cast<size_t>(n);
  }
  ::close(sock);
  return ok;
}

}  // namespace replylint::server
