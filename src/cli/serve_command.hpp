// `replylint serve`: the HTTP service as a command, with signal handling
// (SIGTERM/SIGINT drain and exit 0, SIGHUP reloads the rules).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "analyzer.hpp"
#include "cli/cli_app.hpp"

namespace CLI {
class App;
}

namespace replylint::cli {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 8;
  size_t max_body = 1024 * 1024;
  std::string cors_origin;
  std::string token;
  int timeout = 5;
  int request_timeout = 30;  // seconds a request's headers and body may take in all
};

// Declares the serve options on the `serve` subcommand.
void add_serve_options(CLI::App& command, ServeOptions& options);

// Serves until SIGTERM or SIGINT. `load` builds the analyser, at start and on
// every SIGHUP. Returns 0 after a clean stop, 2 when it cannot listen.
int run_serve(const std::function<Analyzer()>& load, const ServeOptions& options, Io& io);

}  // namespace replylint::cli
