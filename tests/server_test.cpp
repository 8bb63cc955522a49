// The HTTP service end to end: a real server on an ephemeral loopback port,
// called with cpp-httplib's client (and raw sockets where a client would be too
// polite). Every endpoint and every error path.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "analysis_json.hpp"
#include "server/http_service.hpp"
#include "test_support.hpp"

namespace {

using nlohmann::json;
using replylint::Analyzer;
using replylint::Config;
using replylint::server::AnalyzerSlot;
using replylint::server::HttpService;
using replylint::server::ServiceOptions;

const char* kClassic = "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.";

Analyzer fixture_rules() {
  return Analyzer::load({REPLYLINT_FIXTURE_RULES}, Config{});
}

// A server on 127.0.0.1, port chosen by the system, serving on its own thread.
class TestServer {
 public:
  explicit TestServer(ServiceOptions options = {}, AnalyzerSlot::Loader loader = fixture_rules)
      : slot_(std::move(loader)) {
    options.version = "test";
    service_ = std::make_unique<HttpService>(slot_, std::move(options));
    port_ = service_->bind("127.0.0.1", 0);
    thread_ = std::thread([this] { service_->run(); });
  }
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  void stop() {
    service_->stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }
  int port() const { return port_; }
  AnalyzerSlot& slot() { return slot_; }
  HttpService& service() { return *service_; }

 private:
  AnalyzerSlot slot_;
  std::unique_ptr<HttpService> service_;
  int port_ = 0;
  std::thread thread_;
};

json body_of(const httplib::Result& r) {
  REQUIRE(r);
  return json::parse(r->body);
}

std::string url_encoded(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string check_body(const std::string& reply) {
  return json{{"reply", reply}}.dump();
}

httplib::Result post_json(const TestServer& s, const std::string& path, const std::string& body) {
  return s.client().Post(path.c_str(), body, "application/json");
}

// The status and error message of a JSON error answer.
std::pair<int, std::string> error_of(const httplib::Result& r) {
  REQUIRE(r);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  const json j = json::parse(r->body);
  REQUIRE(j.contains("error"));
  return {r->status, j["error"].get<std::string>()};
}

// A plain TCP connection, for clients that misbehave.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& data) {
    REQUIRE(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(data.size()));
  }
  int fd() const { return fd_; }
  // Everything the server sends until it closes or `limit` passes; `closed` says which.
  std::string receive(std::chrono::milliseconds limit, bool& closed) {
    std::string out;
    closed = false;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (::poll(&p, 1, static_cast<int>(std::max<int64_t>(left.count(), 1))) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed = true;
        break;
      }
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
};

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("replylint-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("serve healthz reports status, rules, languages and thresholds") {
  TestServer s;
  const auto r = s.client().Get("/healthz");
  REQUIRE(r);
  CHECK(r->status == 200);
  const json j = body_of(r);
  CHECK(j["status"] == "ok");
  CHECK(j["version"] == "test");
  CHECK(j["rules"] == replylint::test::fixture_analyzer().rules().rules.size());
  CHECK(j["languages"] == json::array({"en", "nl"}));
  CHECK(j["thresholds"]["revise_below"] == 65.0);
  CHECK(j["thresholds"]["block_below"] == 35.0);
}

TEST_CASE("serve playground page comes from the binary with no outside resources") {
  TestServer s;
  const auto r = s.client().Get("/");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(r->get_header_value("Content-Security-Policy").find("default-src 'none'") !=
        std::string::npos);
  CHECK(r->body.find("<title>replylint playground</title>") != std::string::npos);
  CHECK(r->body.find("v1/check") != std::string::npos);
  // No CDN: nothing is loaded from elsewhere.
  CHECK(r->body.find("src=\"http") == std::string::npos);
  CHECK(r->body.find("href=\"http") == std::string::npos);
  CHECK(r->body.find("@import") == std::string::npos);
}

TEST_CASE("serve v1 check answers with the library's analysis JSON") {
  TestServer s;
  const auto r = post_json(s, "/v1/check", check_body(kClassic));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  replylint::Reply reply;
  reply.text = kClassic;
  CHECK(r->body == replylint::dump_line(
                       replylint::to_json(replylint::test::fixture_analyzer().analyze(reply))));
  const json j = json::parse(r->body);
  CHECK(j["lang"] == "nl");
  CHECK(j["verdict"] == "block");
  bool deflection = false;
  for (const auto& f : j["findings"]) deflection = deflection || f["category"] == "deflection";
  CHECK(deflection);
}

TEST_CASE("serve v1 check gives UTF-16 and byte offsets after an emoji") {
  TestServer s;
  // U+1F600 is 4 bytes and 2 UTF-16 units; é is 2 bytes and 1 unit: the match
  // starts at byte 9, unit 6.
  const std::string text = "H\xC3\xA9 \xF0\x9F\x98\x80 Sorry for the inconvenience.";
  const json j = body_of(post_json(s, "/v1/check", check_body(text)));
  REQUIRE(j["findings"].size() >= 1);
  json f;
  for (const auto& x : j["findings"])
    if (x["category"] == "canned_empathy") f = x;
  REQUIRE(f.is_object());
  CHECK(f["text"] == "Sorry for the inconvenience");
  CHECK(f["span"]["start"] == 9);
  CHECK(f["span"]["start_utf16"] == 6);
  CHECK(f["span"]["end_utf16"] == 6 + 27);
}

TEST_CASE("serve v1 check takes customer, thread, lang, channel, sent_at and id") {
  TestServer s;
  const json request = {{"id", "r7"},
                        {"reply", "Ik bel u morgen."},
                        {"customer", "Mijn pakket is niet bezorgd."},
                        {"thread", {{{"role", "customer"}, {"text", "Waar blijft mijn pakket?"}}}},
                        {"lang", "nl"},
                        {"channel", "email"},
                        {"sent_at", "2024-03-01T10:00:00Z"}};
  const auto r = s.client().Post("/v1/check", request.dump(), "application/json; charset=utf-8");
  REQUIRE(r);
  CHECK(r->status == 200);
  const json j = json::parse(r->body);
  CHECK(j["id"] == "r7");
  CHECK(j["lang"] == "nl");
  CHECK(j["language"]["method"] == "override");
  CHECK(j["signals"].size() >= 1);

  // A structured-syntax JSON type is JSON too.
  const auto vendor = s.client().Post("/v1/check", check_body("Hi"), "application/vnd.api+json");
  REQUIRE(vendor);
  CHECK(vendor->status == 200);
}

TEST_CASE("serve v1 check answers bad input with 400 naming what is wrong") {
  TestServer s;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"reply\": ", "invalid JSON: parse error at line 1, column 11"},
      {"", "invalid JSON"},
      {"[1, 2]", "a record must be a JSON object"},
      {"{\"customer\": \"x\"}", "missing \"reply\""},
      {"{\"reply\": 42}", "\"reply\" must be a string"},
      {"{\"reply\": \"x\", \"lang\": 1}", "\"lang\" must be a string"},
      {"{\"reply\": \"x\", \"thread\": \"no\"}", "\"thread\" must be an array"},
      {"{\"reply\": \"x\", \"thread\": [{\"role\": \"bot\", \"text\": \"y\"}]}",
       "\"thread\"[0].role must be \"customer\" or \"agent\""},
      {"{\"reply\": \"x\", \"lang\": \"fr\"}", "no rules for language \"fr\""},
  };
  for (const auto& [body, message] : cases) {
    CAPTURE(body);
    const auto [status, error] = error_of(post_json(s, "/v1/check", body));
    CHECK(status == 400);
    CHECK(error.find(message) != std::string::npos);
  }
  // The server is still well.
  CHECK(s.client().Get("/healthz")->status == 200);
}

TEST_CASE("serve refuses the wrong content type with 415") {
  TestServer s;
  auto c = s.client();
  auto [status, error] = error_of(c.Post("/v1/check", check_body(kClassic), "text/plain"));
  CHECK(status == 415);
  CHECK(error == "Content-Type must be application/json (got \"text/plain\")");

  std::tie(status, error) =
      error_of(c.Post("/v1/check/batch", "replies=1", "application/x-www-form-urlencoded"));
  CHECK(status == 415);

  // No Content-Type at all.
  RawConnection raw(s.port());
  raw.send(
      "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  bool closed = false;
  const std::string answer = raw.receive(std::chrono::seconds(5), closed);
  CHECK(answer.rfind("HTTP/1.1 415", 0) == 0);
  CHECK(answer.find("(got none)") != std::string::npos);

  std::tie(status, error) = error_of(c.Post("/v2/check", "{\"text\": \"x\"}", "application/json"));
  CHECK(status == 415);
  CHECK(error.find("application/x-www-form-urlencoded or multipart/form-data") !=
        std::string::npos);
}

TEST_CASE("serve refuses a body over the limit with 413") {
  ServiceOptions options;
  options.max_body = 1000;
  TestServer s(options);
  const std::string big(2000, 'a');
  auto [status, error] = error_of(post_json(s, "/v1/check", check_body(big)));
  CHECK(status == 413);
  CHECK(error == "request body is larger than the limit of 1000 bytes");

  std::tie(status, error) = error_of(post_json(s, "/v1/check/batch", check_body(big)));
  CHECK(status == 413);

  std::tie(status, error) = error_of(s.client().Post("/v2/check", "language=auto&text=" + big,
                                                     "application/x-www-form-urlencoded"));
  CHECK(status == 413);

  // Just under the limit is fine.
  const auto ok = post_json(s, "/v1/check", check_body(std::string(900, 'a')));
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

namespace {

// A POST with `body` sent chunked, 700 bytes a chunk.
std::string chunked_request(const std::string& path, const std::string& type,
                            const std::string& body) {
  std::string request = "POST " + path +
                        " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        "Connection: close\r\nContent-Type: " +
                        type + "\r\n\r\n";
  for (size_t at = 0; at < body.size(); at += 700) {
    const std::string piece = body.substr(at, 700);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    request.append(size).append(piece).append("\r\n");
  }
  return request + "0\r\n\r\n";
}

// The status of the answer to a raw request, and whether it came within `limit`.
int raw_status(int port, const std::string& request, std::chrono::milliseconds limit) {
  RawConnection raw(port);
  raw.send(request);
  bool closed = false;
  const std::string got = raw.receive(limit, closed);
  if (got.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::stoi(got.substr(9, 3));
}

}  // namespace

TEST_CASE("serve limits bodies of unknown size too: chunked over the limit 413, none 411") {
  ServiceOptions options;
  options.max_body = 1000;
  TestServer s(options);
  const auto soon = std::chrono::milliseconds(3000);  // well before the 5 s read timeout
  const std::string json_type = "application/json", form = "application/x-www-form-urlencoded";

  // Chunked bodies: read up to the limit, answered 413 beyond it (httplib itself would
  // read a chunked body of any size).
  CHECK(raw_status(s.port(), chunked_request("/v1/check", json_type, check_body(kClassic)), soon) ==
        200);
  const std::string big = check_body(std::string(3000, 'a'));
  CHECK(raw_status(s.port(), chunked_request("/v1/check", json_type, big), soon) == 413);
  CHECK(raw_status(s.port(), chunked_request("/v1/check/batch", json_type, big), soon) == 413);
  CHECK(raw_status(s.port(), chunked_request("/v2/check", form, "text=" + big), soon) == 413);
  CHECK(raw_status(s.port(),
                   chunked_request("/v2/check", form, "language=en&text=Contact%20the%20seller."),
                   soon) == 200);
  std::string multipart;
  for (int i = 0; i < 40; ++i) {  // many small fields add up as well
    multipart += "--b\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) +
                 "\"\r\n\r\n" + std::string(40, 'x') + "\r\n";
  }
  multipart += "--b--\r\n";
  CHECK(raw_status(s.port(),
                   chunked_request("/v2/check", "multipart/form-data; boundary=b", multipart),
                   soon) == 413);

  // A chunked body where no route reads one, or a POST with no length at all: 411 at
  // once (httplib would read such a body to the end of the connection).
  CHECK(raw_status(s.port(), chunked_request("/nope", json_type, "{}"), soon) == 411);
  CHECK(raw_status(s.port(), chunked_request("/healthz", json_type, "{}"), soon) == 411);
  CHECK(raw_status(s.port(),
                   "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n",
                   soon) == 411);

  // A declared length over the limit is answered before any of the body is read, and
  // one that is no number is a bad request.
  CHECK(raw_status(s.port(),
                   "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "Content-Length: 1000000000000\r\n\r\n",
                   soon) == 413);
  CHECK(raw_status(s.port(),
                   "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "Content-Length: 12abc\r\n\r\n",
                   soon) == 400);
  CHECK(s.client().Get("/healthz")->status == 200);
}

TEST_CASE("serve bounds a request's headers, its bytes and the time they take to arrive") {
  ServiceOptions options;
  options.timeout_seconds = 2;
  options.request_timeout_seconds = 1;
  TestServer s(options);

  // Headers: each line is capped by httplib, their number here (64 KB in all).
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 5000; ++i) many += "X-Header-" + std::to_string(i) + ": some value\r\n";
  CHECK(raw_status(s.port(), many + "\r\n", std::chrono::milliseconds(3000)) == 431);

  // A body trickling in: 408 once --request-timeout has passed, though each byte
  // comes well within --timeout.
  {
    RawConnection slow(s.port());
    slow.send(
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 40\r\n\r\n{");
    const auto started = std::chrono::steady_clock::now();
    std::string got;
    bool closed = false;
    for (int i = 0; i < 30 && got.empty(); ++i) {
      ::send(slow.fd(), " ", 1, MSG_NOSIGNAL);
      got = slow.receive(std::chrono::milliseconds(200), closed);
    }
    CHECK(got.rfind("HTTP/1.1 408", 0) == 0);
    CHECK(got.find("--request-timeout") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(4));
  }

  // Several requests sent at once on one connection are all answered, in order.
  RawConnection pipelined(s.port());
  const std::string health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  pipelined.send(health + health + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  bool closed = false;
  const std::string answers = pipelined.receive(std::chrono::seconds(5), closed);
  size_t count = 0;
  for (size_t at = answers.find("HTTP/1.1 200"); at != std::string::npos;
       at = answers.find("HTTP/1.1 200", at + 1)) {
    ++count;
  }
  CHECK(count == 3);
  CHECK(closed);
  CHECK(s.client().Get("/healthz")->status == 200);
}

TEST_CASE("serve answers unknown paths with 404 and wrong methods with 405") {
  TestServer s;
  auto [status, error] = error_of(s.client().Get("/v1/nothing"));
  CHECK(status == 404);
  CHECK(error == "no such endpoint: GET /v1/nothing");

  const auto get_check = s.client().Get("/v1/check");
  std::tie(status, error) = error_of(get_check);
  CHECK(status == 405);
  CHECK(get_check->get_header_value("Allow") == "POST");
  CHECK(error == "GET is not allowed on /v1/check (use POST)");

  const auto post_health = s.client().Post("/healthz", "", "application/json");
  std::tie(status, error) = error_of(post_health);
  CHECK(status == 405);
  CHECK(post_health->get_header_value("Allow") == "GET");
}

TEST_CASE("serve v1 batch answers every record in order, errors in place") {
  TestServer s;
  const json request = {{"replies",
                         {{{"id", "a"}, {"reply", kClassic}},
                          {{"id", 2}, {"reply", 5}},
                          {{"reply", "Sorry for the inconvenience."}},
                          "not an object",
                          {{"id", "e"}, {"reply", "x"}, {"lang", "de"}}}}};
  const json j = body_of(post_json(s, "/v1/check/batch", request.dump()));
  const json& results = j["results"];
  REQUIRE(results.size() == 5);
  CHECK(results[0]["id"] == "a");
  CHECK(results[0]["verdict"] == "block");
  CHECK(results[1] == json{{"index", 1}, {"id", 2}, {"error", "\"reply\" must be a string"}});
  CHECK(results[2]["lang"] == "en");
  CHECK(results[3] == json{{"index", 3}, {"error", "a record must be a JSON object"}});
  CHECK(results[4] == json{{"index", 4}, {"id", "e"}, {"error", "no rules for language \"de\""}});

  CHECK(body_of(post_json(s, "/v1/check/batch", "{\"replies\": []}"))["results"] == json::array());
  auto [status, error] = error_of(post_json(s, "/v1/check/batch", "[{\"reply\": \"x\"}]"));
  CHECK(status == 400);
  CHECK(error == "the body must be an object with a \"replies\" array");
  std::tie(status, error) = error_of(post_json(s, "/v1/check/batch", "{\"replies\": ["));
  CHECK(status == 400);
  CHECK(error.rfind("invalid JSON: ", 0) == 0);
}

TEST_CASE("serve v1 rules lists the loaded rules, optionally per language") {
  TestServer s;
  const json all = body_of(s.client().Get("/v1/rules"));
  CHECK(all["languages"] == json::array({"en", "nl"}));
  CHECK(all["rules"].size() == replylint::test::fixture_analyzer().rules().rules.size());
  CHECK(all["rules"][0].contains("explanation"));
  CHECK_FALSE(all["rules"][0].contains("file"));

  const json nl = body_of(s.client().Get("/v1/rules?lang=nl"));
  REQUIRE(nl["rules"].size() >= 1);
  for (const auto& r : nl["rules"]) CHECK(r["lang"] == "nl");
  CHECK(nl["rules"].size() < all["rules"].size());

  auto [status, error] = error_of(s.client().Get("/v1/rules?lang=xx"));
  CHECK(status == 400);
  CHECK(error == "no rules for language \"xx\"");
}

TEST_CASE("serve v2 check answers in LanguageTool's shape, by form, query and multipart") {
  TestServer s;
  auto c = s.client();
  const httplib::Params form = {{"text", kClassic}, {"language", "auto"}};
  const json by_form = body_of(c.Post("/v2/check", form));
  CHECK(by_form["software"]["name"] == "replylint");
  CHECK(by_form["software"]["apiVersion"] == 1);
  CHECK(by_form["language"]["code"] == "nl");
  CHECK(by_form["language"]["name"] == "Dutch");
  CHECK(by_form["language"]["detectedLanguage"]["code"] == "nl");
  CHECK(by_form["language"]["detectedLanguage"]["confidence"].is_number());
  CHECK(by_form["replylint"]["verdict"] == "block");
  json deflection;
  for (const auto& m : by_form["matches"])
    if (m["rule"]["category"]["id"] == "DEFLECTION") deflection = m;
  REQUIRE(deflection.is_object());
  CHECK(deflection["offset"] == 19);
  CHECK(deflection["length"] == 39);
  CHECK(deflection["context"]["text"] == kClassic);
  CHECK(deflection["context"]["offset"] == 19);
  CHECK(deflection["sentence"] == "Daarvoor moet u bij de leverancier zijn.");
  CHECK(deflection["rule"]["id"] == "nl.deflection.third-party");
  CHECK(deflection["rule"]["issueType"] == "style");
  CHECK(deflection["rule"]["category"]["name"] == "Deflection");
  CHECK(deflection["replacements"][0]["value"].is_string());
  CHECK(deflection["shortMessage"] == "Deflection");

  const json by_query = body_of(c.Get("/v2/check?language=nl-NL&text=" + url_encoded(kClassic)));
  CHECK(by_query["matches"] == by_form["matches"]);
  CHECK(by_query["language"]["code"] == "nl-NL");
  CHECK(by_query["language"]["name"] == "Dutch (Netherlands)");

  const httplib::MultipartFormDataItems items = {{"text", kClassic, "", ""},
                                                 {"language", "nl", "", ""}};
  const json by_multipart = body_of(c.Post("/v2/check", items));
  CHECK(by_multipart["matches"] == by_form["matches"]);
}

TEST_CASE("serve v2 check reports detection for a chosen language, filters rules and categories") {
  TestServer s;
  auto c = s.client();
  auto check = [&](httplib::Params params) {
    params.emplace("text", kClassic);
    const auto r = c.Post("/v2/check", params);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
  };
  auto categories = [](const json& j) {
    std::set<std::string> out;
    for (const auto& m : j["matches"]) out.insert(m["rule"]["category"]["id"]);
    return out;
  };
  const json english = check({{"language", "en-US"}});
  CHECK(english["language"]["code"] == "en-US");
  CHECK(english["language"]["detectedLanguage"]["code"] == "nl");  // what the text is

  const json all = check({{"language", "nl"}});
  REQUIRE(categories(all).count("DEFLECTION") == 1);
  REQUIRE(categories(all).count("CANNED_EMPATHY") == 1);

  const json no_rule =
      check({{"language", "nl"}, {"disabledRules", "nl.deflection.third-party,WHITESPACE_RULE"}});
  for (const auto& m : no_rule["matches"]) CHECK(m["rule"]["id"] != "nl.deflection.third-party");

  const json no_category = check({{"language", "nl"}, {"disabledCategories", "deflection"}});
  CHECK(categories(no_category).count("DEFLECTION") == 0);
  CHECK(categories(no_category).count("CANNED_EMPATHY") == 1);

  const json only =
      check({{"language", "nl"}, {"enabledOnly", "true"}, {"enabledCategories", "CANNED_EMPATHY"}});
  CHECK(categories(only) == std::set<std::string>{"CANNED_EMPATHY"});

  const json only_rule = check(
      {{"language", "nl"}, {"enabledOnly", "true"}, {"enabledRules", "nl.deflection.third-party"}});
  REQUIRE(only_rule["matches"].size() == 1);
  CHECK(only_rule["matches"][0]["rule"]["id"] == "nl.deflection.third-party");
}

TEST_CASE("serve v2 check maps annotated text offsets back into the markup") {
  TestServer s;
  const json data = {{"annotation",
                      {{{"markup", "<p>"}},
                       {{"text", "Hallo, "}},
                       {{"markup", "<b>"}},
                       {{"text", "wat vervelend zeg"}},
                       {{"markup", "</b>"}},
                       {{"text", "!"}},
                       {{"markup", "<br/>"}, {"interpretAs", "\n"}},
                       {{"text", "Daarvoor moet u bij de leverancier zijn."}}}}};
  const json j = body_of(
      s.client().Post("/v2/check", httplib::Params{{"data", data.dump()}, {"language", "nl"}}));
  std::map<std::string, std::pair<int, int>> spans;
  for (const auto& m : j["matches"])
    spans[m["rule"]["category"]["id"]] = {m["offset"].get<int>(), m["length"].get<int>()};
  // "<p>Hallo, <b>wat vervelend zeg</b>!<br/>Daarvoor moet u bij de leverancier zijn."
  CHECK(spans["CANNED_EMPATHY"] == std::pair{13, 17});
  CHECK(spans["DEFLECTION"] == std::pair{40, 39});
}

TEST_CASE("serve v2 check answers bad parameters with 400 naming them") {
  TestServer s;
  auto c = s.client();
  const std::vector<std::pair<httplib::Params, std::string>> cases = {
      {{{"language", "nl"}}, "missing \"text\" (or \"data\")"},
      {{{"text", "x"}}, "missing \"language\""},
      {{{"text", "x"}, {"language", "de-DE"}},
       "language \"de-DE\" is not supported (use one of: auto, en, nl; see /v2/languages)"},
      {{{"text", "x"}, {"data", "{}"}, {"language", "nl"}}, "give \"text\" or \"data\", not both"},
      {{{"data", "{\"annotation\": [{\"text\": 1}]}"}, {"language", "nl"}},
       "\"data\".annotation[0].text must be a string"},
      {{{"data", "{\"annotation\": [{\"text\": \"a\", \"markup\": \"b\"}]}"}, {"language", "nl"}},
       "\"data\".annotation[0] must have either \"text\" or \"markup\""},
      {{{"data", "[1"}, {"language", "nl"}}, "\"data\" is not valid JSON"},
      {{{"data", "{}"}, {"language", "nl"}}, "\"data\" must be an object with an \"annotation\""},
      {{{"text", "x"}, {"language", "nl"}, {"enabledOnly", "yes"}},
       "\"enabledOnly\" must be true or false"},
      {{{"text", "x"}, {"language", "nl"}, {"enabledOnly", "true"}},
       "\"enabledOnly\" needs \"enabledRules\" or \"enabledCategories\""},
  };
  for (const auto& [params, message] : cases) {
    CAPTURE(message);
    const auto [status, error] = error_of(c.Post("/v2/check", params));
    CHECK(status == 400);
    CHECK(error.find(message) != std::string::npos);
  }
}

TEST_CASE("serve v2 check reads form bodies larger than httplib's own 8 KB form limit") {
  TestServer s;
  std::string text = kClassic;
  while (text.size() < 20000) text += " Ik bel u morgen.";
  const auto r = s.client().Post("/v2/check", httplib::Params{{"text", text}, {"language", "nl"}});
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["matches"].size() >= 2);
}

TEST_CASE("serve v2 languages lists the languages with rules and their regional codes") {
  TestServer s;
  const json j = body_of(s.client().Get("/v2/languages"));
  REQUIRE(j.is_array());
  std::set<std::string> long_codes;
  for (const auto& l : j) {
    CHECK(l["name"].is_string());
    CHECK(l["code"].is_string());
    long_codes.insert(l["longCode"]);
  }
  CHECK(long_codes == std::set<std::string>{"en", "en-US", "en-GB", "nl", "nl-NL", "nl-BE"});
}

TEST_CASE("serve with a token answers 401 without it and leaves the page and health open") {
  ServiceOptions options;
  options.token = "s3cret";
  TestServer s(options);
  auto c = s.client();

  const auto missing = post_json(s, "/v1/check", check_body(kClassic));
  auto [status, error] = error_of(missing);
  CHECK(status == 401);
  CHECK(error == "missing \"Authorization: Bearer <token>\" header");
  CHECK(missing->get_header_value("WWW-Authenticate") == "Bearer realm=\"replylint\"");

  c.set_bearer_token_auth("wrong");
  std::tie(status, error) = error_of(c.Post("/v1/check", check_body(kClassic), "application/json"));
  CHECK(status == 401);
  CHECK(error == "wrong bearer token");
  std::tie(status, error) = error_of(c.Get("/metrics"));
  CHECK(status == 401);
  std::tie(status, error) = error_of(c.Get("/v2/languages"));
  CHECK(status == 401);

  c.set_bearer_token_auth("s3cret");
  CHECK(c.Post("/v1/check", check_body(kClassic), "application/json")->status == 200);
  CHECK(c.Get("/metrics")->status == 200);
  CHECK(c.Post("/v2/check", httplib::Params{{"text", "x"}, {"language", "auto"}})->status == 200);

  auto open = s.client();
  CHECK(open.Get("/")->status == 200);
  CHECK(open.Get("/healthz")->status == 200);
  CHECK(open.Options("/v1/check")->status == 204);
}

TEST_CASE("serve sends CORS headers and answers preflight only when given an origin") {
  ServiceOptions options;
  options.cors_origin = "https://desk.example.com";
  TestServer with(options);
  const auto r = post_json(with, "/v1/check", check_body(kClassic));
  REQUIRE(r);
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "https://desk.example.com");
  const auto preflight = with.client().Options("/v1/check");
  REQUIRE(preflight);
  CHECK(preflight->status == 204);
  CHECK(preflight->get_header_value("Access-Control-Allow-Methods") == "GET, POST, OPTIONS");
  CHECK(preflight->get_header_value("Access-Control-Allow-Headers") ==
        "Content-Type, Authorization");
  // Errors carry the header too, so the page can read them.
  CHECK(with.client().Get("/nope")->get_header_value("Access-Control-Allow-Origin") ==
        "https://desk.example.com");

  TestServer without;
  const auto plain = post_json(without, "/v1/check", check_body(kClassic));
  REQUIRE(plain);
  CHECK_FALSE(plain->has_header("Access-Control-Allow-Origin"));
  CHECK_FALSE(without.client().Options("/v1/check")->has_header("Access-Control-Allow-Methods"));
}

TEST_CASE("serve metrics count requests, latency and findings by category") {
  TestServer s;
  for (int i = 0; i < 3; ++i) post_json(s, "/v1/check", check_body(kClassic));
  post_json(s, "/v1/check", "{");
  s.client().Get("/missing");
  s.client().Post("/v2/check", httplib::Params{{"text", kClassic}, {"language", "auto"}});
  const std::vector<std::string> expected = {
      "# TYPE replylint_http_requests_total counter",
      "replylint_http_requests_total{route=\"/v1/check\",code=\"200\"} 3",
      "replylint_http_requests_total{route=\"/v1/check\",code=\"400\"} 1",
      "replylint_http_requests_total{route=\"other\",code=\"404\"} 1",
      "replylint_http_requests_total{route=\"/v2/check\",code=\"200\"} 1",
      "# TYPE replylint_http_request_duration_seconds histogram",
      "replylint_http_request_duration_seconds_bucket{route=\"/v1/check\",le=\"+Inf\"} 4",
      "replylint_http_request_duration_seconds_count{route=\"/v1/check\"} 4",
      "replylint_replies_checked_total{verdict=\"block\"} 4",
      "replylint_findings_total{category=\"deflection\",kind=\"flaw\"} 4",
      "replylint_findings_total{category=\"canned_empathy\",kind=\"flaw\"} 4",
      "replylint_findings_total{category=\"commitment\",kind=\"signal\"} 0",
      "replylint_rules " + std::to_string(s.slot().get()->rules().rules.size()),
      "replylint_rule_reloads_total{result=\"failed\"} 0",
  };
  auto missing = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& line : expected)
      if (text.find(line + "\n") == std::string::npos) out.push_back(line);
    return out;
  };
  // A request is counted just after its answer is sent: give the last ones a moment.
  std::string body;
  for (int tries = 0; tries < 100; ++tries) {
    const auto r = s.client().Get("/metrics");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    body = r->body;
    if (missing(body).empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(missing(body) == std::vector<std::string>{});
}

TEST_CASE("serve closes the connection of a client that stops sending") {
  ServiceOptions options;
  options.timeout_seconds = 1;
  options.threads = 3;
  TestServer s(options);

  RawConnection silent(s.port());  // connects and never sends
  RawConnection stalled(s.port());
  stalled.send(
      "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"reply\":");  // a body that never finishes

  // Others are served meanwhile, without waiting for the stalled ones to time out.
  const auto asked = std::chrono::steady_clock::now();
  CHECK(post_json(s, "/v1/check", check_body(kClassic))->status == 200);
  CHECK(std::chrono::steady_clock::now() - asked < std::chrono::milliseconds(900));

  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  silent.receive(std::chrono::seconds(8), closed);
  CHECK(closed);
  const std::string got = stalled.receive(std::chrono::seconds(8), closed);
  CHECK(closed);
  CHECK(got.rfind("HTTP/1.1 408", 0) == 0);  // told why, then closed
  CHECK(got.find("the client sent nothing for 1 s") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(8));
  CHECK(s.client().Get("/healthz")->status == 200);
}

TEST_CASE("serve survives requests that are not HTTP") {
  ServiceOptions options;
  options.timeout_seconds = 1;
  TestServer s(options);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"NOT HTTP AT ALL\r\n\r\n", "HTTP/1.1 400"},
      {std::string("\x16\x03\x01\x02\x00\x01\x00", 7), ""},  // a TLS hello: no answer
      {"GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n", "HTTP/1.1 414"},
      // An invalid Content-Length breaks the message framing (RFC 9112, 6.3).
      {"GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n", "HTTP/1.1 400"},
  };
  for (const auto& [garbage, answer] : cases) {
    CAPTURE(answer);
    RawConnection raw(s.port());
    raw.send(garbage);
    bool closed = false;
    const std::string got = raw.receive(std::chrono::seconds(5), closed);
    CHECK(closed);
    CHECK(got.substr(0, answer.size()) == answer);
  }
  CHECK(s.client().Get("/healthz")->status == 200);
}

TEST_CASE("serve reload swaps the rules, and a broken rule file keeps the old ones") {
  const auto dir = fresh_dir("reload");
  std::filesystem::copy(REPLYLINT_FIXTURE_RULES, dir, std::filesystem::copy_options::recursive);
  const auto nl_pack = dir / "nl" / "fixture.json";
  const std::string good = replylint::test::read_text_file(nl_pack.string());
  TestServer s({}, [dir] { return Analyzer::load({dir}, Config{}); });
  const size_t before = body_of(s.client().Get("/v1/rules"))["rules"].size();

  // A request in flight keeps the analyser it started with.
  const auto in_flight = s.slot().get();

  std::ofstream(nl_pack, std::ios::trunc) << "{ not json";
  std::string error;
  CHECK_FALSE(s.slot().reload(error));
  CHECK(error.find("fixture.json") != std::string::npos);
  CHECK(s.slot().get() == in_flight);
  CHECK(body_of(s.client().Get("/v1/rules"))["rules"].size() == before);
  CHECK(post_json(s, "/v1/check", check_body(kClassic))->status == 200);

  // Without the Dutch deflection rules: fewer rules once reloaded.
  json pack = json::parse(good);
  json kept = json::array();
  for (const auto& r : pack["rules"])
    if (r["category"] != "deflection") kept.push_back(r);
  pack["rules"] = kept;
  std::ofstream(nl_pack, std::ios::trunc) << pack.dump();
  REQUIRE(s.slot().reload(error));
  CHECK(s.slot().get() != in_flight);
  CHECK(body_of(s.client().Get("/v1/rules"))["rules"].size() < before);
  const json j = body_of(post_json(s, "/v1/check", check_body(kClassic)));
  for (const auto& f : j["findings"]) CHECK(f["category"] != "deflection");
  // The old analyser is still whole for whoever holds it.
  CHECK(replylint::test::analyze(*in_flight, kClassic).findings.size() >= 2);

  CHECK(s.slot().reloads_ok() == 1);
  CHECK(s.slot().reloads_failed() == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("serve answers concurrent clients while the rules reload") {
  ServiceOptions options;
  options.threads = 4;
  TestServer s(options);
  std::atomic<bool> reloading{true};
  std::thread reloader([&] {
    std::string error;
    while (reloading) s.slot().reload(error);
  });
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      auto c = s.client();
      for (int i = 0; i < 25; ++i) {
        const auto r = c.Post("/v1/check", check_body(kClassic), "application/json");
        if (r && r->status == 200 && json::parse(r->body)["verdict"] == "block") ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  reloading = false;
  reloader.join();
  CHECK(ok == 100);
  CHECK(s.slot().reloads_ok() > 0);
}

TEST_CASE("serve stop finishes the request under way, then run returns") {
  TestServer s;
  const std::string body = check_body(kClassic);
  RawConnection raw(s.port());
  raw.send(
      "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the server is reading it

  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    s.stop();
    stopped = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  raw.send(body.substr(10));
  bool closed = false;
  const std::string answer = raw.receive(std::chrono::seconds(5), closed);
  stopper.join();
  CHECK(stopped);
  CHECK(answer.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(answer.find("\"verdict\":\"block\"") != std::string::npos);

  // Nothing new is accepted.
  httplib::Client late("127.0.0.1", s.port());
  late.set_connection_timeout(1);
  CHECK_FALSE(late.Get("/healthz"));
}
