#include "server/http_service.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <thread>

#include "analysis_json.hpp"
#include "server/check_api.hpp"
#include "server/guarded_server.hpp"
#include "server/languagetool_api.hpp"
#include "server/playground_page.hpp"
#include "server/utf16_text.hpp"

namespace replylint::server {
namespace {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;

constexpr const char* kJson = "application/json";

// Set when routing starts, read when the answer is logged: one worker thread
// handles one request at a time, so a thread-local carries it between the two.
thread_local std::optional<Clock::time_point> t_request_start;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "application/json; charset=utf-8" -> "application/json"
std::string media_type(const Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return lower(type);
}

bool is_json_type(const std::string& type) {
  return type == kJson || (type.size() > 5 && type.ends_with("+json"));
}

bool is_form_type(const std::string& type) {
  return type == "application/x-www-form-urlencoded" || type == "multipart/form-data";
}

// Compares without stopping at the first difference, so timing reveals nothing.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

void send_json(Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), kJson);
}

void send_error(Response& res, int status, std::string_view message) {
  send_json(res, status, error_json(message));
}

// The connection closes after this answer: the request's body (or what is left
// of it) stays unread. (httplib adds the header itself when the request asked.)
void close_after_answer(const Request& req, Response& res) {
  if (req.get_header_value("Connection") != "close") res.set_header("Connection", "close");
  GuardedServer::close_after_answer();
}

void send_error_and_close(const Request& req, Response& res, int status, std::string_view message) {
  close_after_answer(req, res);
  send_error(res, status, message);
}

// The request has a body that may not have been read.
bool has_body(const Request& req) {
  return req.has_header("Transfer-Encoding") ||
         (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

std::string too_large_message(size_t max_body) {
  return "request body is larger than the limit of " + std::to_string(max_body) + " bytes";
}

// The routes that read a request body (all with a size limit, also when chunked).
bool takes_body(const Request& req) {
  return req.method == "POST" &&
         (req.path == "/v1/check" || req.path == "/v1/check/batch" || req.path == "/v2/check");
}

bool is_chunked(const Request& req) {
  return lower(req.get_header_value("Transfer-Encoding")).find("chunked") != std::string::npos;
}

}  // namespace

struct HttpService::Impl {
  AnalyzerSlot& analyzers;
  ServiceOptions options;
  Metrics metrics;
  GuardedServer server;
  // stop() may come before run() has started listening; these close that gap.
  std::atomic<bool> stop_requested{false}, run_entered{false}, run_finished{false};

  Impl(AnalyzerSlot& a, ServiceOptions o) : analyzers(a), options(std::move(o)) {}

  void configure();
  httplib::Server::HandlerResponse before_routing(const Request& req, Response& res);
  void answer_error(const Request& req, Response& res) const;
  bool answer_read_stop(const Request& req, Response& res) const;
  void lt_check(const Params& params, Response& res);
  void lt_check_form(const Request& req, Response& res, const httplib::ContentReader& reader);
  bool read_body(const Request& req, const httplib::ContentReader& reader, Response& res,
                 std::string& body) const;
};

void HttpService::Impl::configure() {
  const int threads = std::max(1, options.threads);
  server.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  server.set_payload_max_length(options.max_body);
  // Headers and body go out in separate writes: without this, Nagle's algorithm
  // holds the body back until the client's delayed ACK, some 40 ms per request.
  server.set_tcp_nodelay(true);
  server.set_read_timeout(options.timeout_seconds, 0);
  server.set_write_timeout(options.timeout_seconds, 0);
  // httplib gives each open connection a worker of its own. Idle connections let
  // go of theirs after a second, and a busy one after 10 requests, so under load
  // waiting connections take turns instead of queueing behind one. On stop(), idle
  // connections are let go within 50 ms (GuardedServer).
  server.set_keep_alive_timeout(std::min(options.timeout_seconds, 1));
  server.set_keep_alive_max_count(10);
  // Headers up to 64 KB, a request's bytes up to twice --max-body (room for chunk
  // framing), all of them within --request-timeout.
  GuardedServer::Limits limits;
  limits.max_request = 2 * options.max_body + limits.max_head;
  limits.request_timeout = std::chrono::seconds(std::max(1, options.request_timeout_seconds));
  server.set_limits(limits);

  httplib::Headers defaults = {{"X-Content-Type-Options", "nosniff"}};
  if (!options.cors_origin.empty()) {
    defaults.emplace("Access-Control-Allow-Origin", options.cors_origin);
    defaults.emplace("Vary", "Origin");
  }
  server.set_default_headers(std::move(defaults));

  server.set_pre_routing_handler(
      [this](const Request& req, Response& res) { return before_routing(req, res); });
  server.set_error_handler([this](const Request& req, Response& res) { answer_error(req, res); });
  server.set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "replylint: error: " << req.method << ' ' << req.path << ": " << what << '\n';
    send_error(res, 500, "internal error: " + what);
  });
  server.set_logger([this](const Request& req, const Response& res) {
    double seconds = -1;
    if (t_request_start) {
      seconds = std::chrono::duration<double>(Clock::now() - *t_request_start).count();
      t_request_start.reset();
    }
    metrics.observe_request(route_of(req.path), res.status, seconds);
  });

  server.Get("/", [](const Request&, Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                   "frame-ancestors 'none'");
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::string(playground_page()), "text/html; charset=utf-8");
  });
  server.Get("/healthz", [this](const Request&, Response& res) {
    const auto analyzer = analyzers.get();
    const ScoringConfig& scoring = analyzer->config().scoring;
    send_json(res, 200,
              dump_line(nlohmann::ordered_json{{"status", "ok"},
                                               {"version", options.version},
                                               {"rules", analyzer->rules().rules.size()},
                                               {"languages", analyzer->languages()},
                                               {"thresholds",
                                                {{"revise_below", scoring.revise_below},
                                                 {"block_below", scoring.block_below}}}}));
  });
  server.Get("/metrics", [this](const Request&, Response& res) {
    res.set_content(metrics.render(analyzers), "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Get("/v1/rules", [this](const Request& req, Response& res) {
    const ApiAnswer a = list_rules(*analyzers.get(), req.get_param_value("lang"));
    send_json(res, a.status, a.body);
  });
  // Bodies are read through a ContentReader so that a chunked one stops at --max-body
  // too (httplib limits only a declared Content-Length).
  server.Post("/v1/check",
              [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
                std::string body;
                if (!read_body(req, reader, res, body)) return;
                const ApiAnswer a = check_one(*analyzers.get(), metrics, body);
                send_json(res, a.status, a.body);
              });
  server.Post("/v1/check/batch",
              [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
                std::string body;
                if (!read_body(req, reader, res, body)) return;
                const ApiAnswer a = check_batch(*analyzers.get(), metrics, body);
                send_json(res, a.status, a.body);
              });
  server.Get("/v2/check", [this](const Request& req, Response& res) { lt_check(req.params, res); });
  // With its own reader: httplib caps the form bodies it parses itself at 8 KB.
  server.Post("/v2/check",
              [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
                lt_check_form(req, res, reader);
              });
  server.Get("/v2/languages", [this](const Request&, Response& res) {
    send_json(res, 200, dump_line(lt_languages(analyzers.get()->languages())));
  });

  // A known path with the wrong method says which methods it has.
  auto wrong_method = [](const char* allow) {
    return [allow](const Request& req, Response& res) {
      res.set_header("Allow", allow);
      send_error(res, 405, req.method + " is not allowed on " + req.path + " (use " + allow + ")");
    };
  };
  for (const char* path : {"/v1/check", "/v1/check/batch"}) server.Get(path, wrong_method("POST"));
  for (const char* path : {"/", "/healthz", "/metrics", "/v1/rules", "/v2/languages"})
    server.Post(path, wrong_method("GET"));

  // CORS preflight: browsers send it without credentials, so it needs no token.
  server.Options(".*", [this](const Request&, Response& res) {
    res.status = 204;
    res.set_header("Allow", "GET, POST, OPTIONS");
    if (!options.cors_origin.empty()) {
      res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
      res.set_header("Access-Control-Max-Age", "600");
    }
  });
}

// Runs before the body is read: refuse unauthorised callers and wrong content
// types without reading what they send.
httplib::Server::HandlerResponse HttpService::Impl::before_routing(const Request& req,
                                                                   Response& res) {
  using HandlerResponse = httplib::Server::HandlerResponse;
  t_request_start = Clock::now();
  if (req.method == "OPTIONS") return HandlerResponse::Unhandled;

  const bool open_path = req.path == "/" || req.path == "/healthz";
  if (!options.token.empty() && !open_path) {
    const std::string auth = req.get_header_value("Authorization");
    const bool bearer = auth.size() > 7 && lower(auth.substr(0, 7)) == "bearer ";
    if (!bearer || !same_secret(auth.substr(7), options.token)) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"replylint\"");
      if (has_body(req)) close_after_answer(req, res);
      send_error(
          res, 401,
          bearer ? "wrong bearer token" : "missing \"Authorization: Bearer <token>\" header");
      return HandlerResponse::Handled;
    }
  }

  // Bodies: a declared one over --max-body is refused before httplib reads (and
  // discards) it; one without a declared size (chunked) only where a route reads it
  // with the limit. httplib would otherwise read a chunked body, or a POST body
  // without Content-Length up to the end of the connection, whatever its size.
  if (req.has_header("Content-Length")) {
    const std::string length = req.get_header_value("Content-Length");
    const bool digits =
        !length.empty() && length.size() <= 19 &&
        std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
      send_error_and_close(req, res, 400, "Content-Length must be a number of bytes");
      return HandlerResponse::Handled;
    }
    if (std::stoull(length) > options.max_body) {
      send_error_and_close(req, res, 413, too_large_message(options.max_body));
      return HandlerResponse::Handled;
    }
  } else if (req.has_header("Transfer-Encoding") || req.method == "POST" || req.method == "PUT" ||
             req.method == "PATCH") {
    if (!(takes_body(req) && is_chunked(req))) {
      send_error_and_close(req, res, 411,
                           "a request body needs a Content-Length header (chunked bodies are "
                           "read by POST /v1/check, /v1/check/batch and /v2/check)");
      return HandlerResponse::Handled;
    }
  }

  if (req.method == "POST") {
    const std::string type = media_type(req);
    if ((req.path == "/v1/check" || req.path == "/v1/check/batch") && !is_json_type(type)) {
      if (has_body(req)) close_after_answer(req, res);
      send_error(res, 415,
                 "Content-Type must be application/json (got " +
                     (type.empty() ? std::string("none") : "\"" + type + "\"") + ")");
      return HandlerResponse::Handled;
    }
    if (req.path == "/v2/check" && !is_form_type(type)) {
      if (has_body(req)) close_after_answer(req, res);
      send_error(res, 415,
                 "Content-Type must be application/x-www-form-urlencoded or multipart/form-data "
                 "(got " +
                     (type.empty() ? std::string("none") : "\"" + type + "\"") + ")");
      return HandlerResponse::Handled;
    }
  }
  return HandlerResponse::Unhandled;
}

// When reading the request stopped at a limit of the guarded server: the answer
// that says which (and closes the connection). False when none was hit.
bool HttpService::Impl::answer_read_stop(const Request& req, Response& res) const {
  switch (GuardedServer::read_stop()) {
    case ReadStop::none: return false;
    case ReadStop::idle:
      send_error_and_close(req, res, 408,
                           "the client sent nothing for " +
                               std::to_string(options.timeout_seconds) + " s (--timeout)");
      return true;
    case ReadStop::deadline:
      send_error_and_close(req, res, 408,
                           "the request took longer than " +
                               std::to_string(options.request_timeout_seconds) +
                               " s to arrive (--request-timeout)");
      return true;
    case ReadStop::head_too_large:
      send_error_and_close(req, res, 431,
                           "request line and headers are larger than " +
                               std::to_string(server.limits().max_head) + " bytes");
      return true;
    case ReadStop::too_large:
      send_error_and_close(req, res, 413, too_large_message(options.max_body));
      return true;
  }
  return false;
}

// Errors httplib answers by itself (no route, body too large, bad request) get
// a JSON body too; answers our handlers already wrote are left alone.
void HttpService::Impl::answer_error(const Request& req, Response& res) const {
  if (!res.body.empty()) return;
  if (answer_read_stop(req, res)) return;
  std::string message;
  switch (res.status) {
    case 404: message = "no such endpoint: " + req.method + " " + req.path; break;
    case 413: message = too_large_message(options.max_body); break;
    case 414: message = "request URI is too long"; break;
    case 400: message = "malformed HTTP request"; break;
    default: message = "request failed with status " + std::to_string(res.status); break;
  }
  send_error(res, res.status, message);
}

void HttpService::Impl::lt_check(const Params& params, Response& res) {
  const auto analyzer = analyzers.get();
  LtCheckRequest request;
  std::string error;
  if (!parse_lt_check(params, analyzer->languages(), request, error)) {
    send_error(res, 400, error);
    return;
  }
  Reply reply;
  reply.text = to_utf8(request.text.checked());
  reply.lang = request.lang;
  const Analysis analysis = analyzer->analyze(reply);
  metrics.observe_analysis(analysis);
  LanguageGuess detected = analysis.language;
  if (request.lang != "auto") {  // LanguageTool reports detection even for a chosen language
    reply.lang = "auto";
    detected = analyzer->analyze(reply).language;
  }
  send_json(res, 200, dump_line(lt_check_response(request, analysis, detected, options.version)));
}

// The body, up to --max-body bytes; otherwise answers 413 (or 400 when the body
// could not be read) and returns false.
bool HttpService::Impl::read_body(const Request& req, const httplib::ContentReader& reader,
                                  Response& res, std::string& body) const {
  bool too_large = false;
  const bool read = reader([&](const char* data, size_t length) {
    if (length > options.max_body - body.size()) {
      too_large = true;
      return false;
    }
    body.append(data, length);
    return true;
  });
  if (read || answer_read_stop(req, res)) return read;
  if (too_large || res.status == 413) {
    send_error_and_close(req, res, 413, too_large_message(options.max_body));
  } else {
    send_error_and_close(req, res, 400, "could not read the request body");
  }
  return false;
}

void HttpService::Impl::lt_check_form(const Request& req, Response& res,
                                      const httplib::ContentReader& reader) {
  Params params = req.params;  // the query string counts too, as in LanguageTool
  if (req.is_multipart_form_data()) {
    // Every field counts against --max-body, with its names and a little for its
    // headers, so that many empty fields can not grow without bound either.
    std::vector<httplib::MultipartFormData> fields;
    size_t size = 0;
    bool too_large = false;
    auto take = [&](size_t n) {
      size += n;
      too_large = size > options.max_body;
      return !too_large;
    };
    const bool read = reader(
        [&](const httplib::MultipartFormData& field) {
          fields.push_back(field);
          return take(64 + field.name.size() + field.filename.size() + field.content_type.size());
        },
        [&](const char* data, size_t length) {
          if (!take(length)) return false;
          fields.back().content.append(data, length);
          return true;
        });
    if (!read) {
      if (answer_read_stop(req, res)) return;
      if (too_large || res.status == 413) {
        send_error_and_close(req, res, 413, too_large_message(options.max_body));
      } else {
        send_error_and_close(req, res, 400, "could not read the request body");
      }
      return;
    }
    for (auto& f : fields) params.emplace(f.name, std::move(f.content));
  } else {
    std::string body;
    if (!read_body(req, reader, res, body)) return;
    httplib::detail::parse_query_text(body, params);
  }
  lt_check(params, res);
}

HttpService::HttpService(AnalyzerSlot& analyzers, ServiceOptions options)
    : impl_(std::make_unique<Impl>(analyzers, std::move(options))) {
  impl_->configure();
}

HttpService::~HttpService() {
  stop();
}

int HttpService::bind(const std::string& host, int port) {
  const int bound = port == 0 ? impl_->server.bind_to_any_port(host)
                              : (impl_->server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (address in use, or not an address of this machine)");
  }
  return bound;
}

void HttpService::run() {
  impl_->run_entered = true;
  if (!impl_->stop_requested) impl_->server.listen_after_bind();
  impl_->run_finished = true;
}

void HttpService::stop() {
  Impl& i = *impl_;
  i.stop_requested = true;
  if (!i.run_entered || i.run_finished) return;
  // httplib ignores stop() until it is listening: wait for that moment.
  while (!i.server.is_running() && !i.run_finished)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  i.server.stop();
}

const Metrics& HttpService::metrics() const {
  return impl_->metrics;
}

}  // namespace replylint::server
