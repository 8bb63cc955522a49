// `replylint serve`: the HTTP routes over a shared analyser. JSON API (/v1), the
// LanguageTool-compatible API (/v2), health, rules, metrics and the playground page.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "server/analyzer_slot.hpp"
#include "server/metrics.hpp"

namespace replylint::server {

struct ServiceOptions {
  int threads = 8;                   // requests served at once (one per open connection)
  size_t max_body = 1024 * 1024;     // larger request bodies get 413
  std::string cors_origin;           // Access-Control-Allow-Origin when set
  std::string token;                 // when set, API calls need "Authorization: Bearer TOKEN"
  int timeout_seconds = 5;           // longest wait for a client's next bytes
  int request_timeout_seconds = 30;  // longest a request's headers and body may take to arrive
  std::string version = "0";         // reported by /healthz and /v2/check
};

class HttpService {
 public:
  HttpService(AnalyzerSlot& analyzers, ServiceOptions options);
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  // Binds and starts listening (clients may connect, they wait for run()).
  // Port 0 picks a free port. Returns the port; throws std::runtime_error.
  int bind(const std::string& host, int port);

  // Serves until stop(). Returns once every accepted request is answered.
  void run();

  // Stops accepting; run() returns after in-flight requests. Any thread.
  void stop();

  const Metrics& metrics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace replylint::server
