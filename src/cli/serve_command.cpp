#include "cli/serve_command.hpp"

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "server/http_service.hpp"

namespace replylint::cli {
namespace {

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Blocks the serve signals in this thread and every thread started after it
// (the server's workers), so only the waiting thread ever sees them.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, s);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;

  // The next serve signal, or 0 after `timeout` without one.
  int wait(std::chrono::milliseconds timeout) const {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count();
    const timespec tick{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    const int s = sigtimedwait(&set_, nullptr, &tick);
    return s > 0 ? s : 0;
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

}  // namespace

void add_serve_options(CLI::App& command, ServeOptions& options) {
  command.add_option("--host", options.host, "Address to listen on (127.0.0.1: this machine only)")
      ->capture_default_str();
  command.add_option("--port", options.port, "Port to listen on (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  command.add_option("--threads", options.threads, "Requests served at once (one per connection)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command.add_option("--max-body", options.max_body, "Largest request body in bytes (else 413)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30))
      ->capture_default_str();
  command.add_option("--cors-origin", options.cors_origin,
                     "Allow browser pages from this origin (or *) to call the API");
  command
      .add_option("--token", options.token,
                  "Require \"Authorization: Bearer TOKEN\" on the API (also $REPLYLINT_TOKEN)")
      ->envname("REPLYLINT_TOKEN");
  command.add_option("--timeout", options.timeout, "Seconds to wait for a slow client's bytes")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  command
      .add_option("--request-timeout", options.request_timeout,
                  "Seconds a request's headers and body may take to arrive in all (else 408)")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
}

int run_serve(const std::function<Analyzer()>& load, const ServeOptions& options, Io& io) {
  const BlockedSignals signals;  // before any server thread exists
  server::AnalyzerSlot analyzers(load);

  server::ServiceOptions service_options;
  service_options.threads = options.threads;
  service_options.max_body = options.max_body;
  service_options.cors_origin = options.cors_origin;
  service_options.token = options.token;
  service_options.timeout_seconds = options.timeout;
  service_options.request_timeout_seconds = options.request_timeout;
  service_options.version = REPLYLINT_VERSION;
  server::HttpService service(analyzers, service_options);

  int port = 0;
  try {
    port = service.bind(options.host, options.port);
  } catch (const std::exception& e) {
    io.err << "replylint: error: " << e.what() << '\n';
    return kUsage;
  }
  if (!is_loopback(options.host) && options.token.empty()) {
    io.err << "replylint: warning: listening on " << options.host
           << " without --token: anyone who reaches this port can use the API\n";
  }
  io.err << "replylint: serving http://" << url_host(options.host) << ':' << port << "/ ("
         << options.threads << (options.threads == 1 ? " thread, " : " threads, ")
         << analyzers.get()->rules().rules.size()
         << " rules); SIGHUP reloads the rules, SIGTERM stops" << std::endl;

  std::atomic<bool> finished{false};
  std::thread waiter([&] {
    bool stopping = false;
    while (!finished) {
      const int s = signals.wait(std::chrono::milliseconds(200));
      if (s == SIGHUP) {
        std::string error;
        if (analyzers.reload(error)) {
          io.err << "replylint: rules reloaded: " << analyzers.get()->rules().rules.size()
                 << " rules" << std::endl;
        } else {
          io.err << "replylint: error: rules not reloaded, the old rules stay in use:\n"
                 << error << std::endl;
        }
      } else if (s == SIGINT || s == SIGTERM) {
        if (stopping) {
          io.err << "replylint: second signal: exiting without waiting" << std::endl;
          std::_Exit(1);
        }
        stopping = true;
        io.err << "replylint: stopping: finishing the requests under way" << std::endl;
        service.stop();
      }
    }
  });
  service.run();
  finished = true;
  waiter.join();
  io.err << "replylint: stopped" << std::endl;
  return kOk;
}

}  // namespace replylint::cli
