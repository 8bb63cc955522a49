// `replylint serve` as a process: what only a real process shows — the address it
// prints, SIGHUP reloading (and surviving a broken rule file), SIGTERM draining
// the request under way before exit 0, start-up failures exiting 2.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.hpp"

extern char** environ;

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const char* kClassic = "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.";

class ServeProcess {
 public:
  ServeProcess(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    err_fd_ = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);

    std::vector<std::string> all = {REPLYLINT_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = env;
    for (char** e = environ; *e != nullptr; ++e)
      if (std::string_view(*e).rfind("REPLYLINT_TOKEN=", 0) != 0) env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    const int spawned =
        posix_spawn(&pid_, REPLYLINT_BINARY, &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(fds[1]);
    REQUIRE(spawned == 0);
  }
  ~ServeProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(err_fd_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Reads the process's stderr until `needle` shows (true) or `limit` passes.
  bool wait_for(std::string_view needle, std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (err_.find(needle, seen_) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      pollfd p{err_fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(err_fd_, buffer, sizeof buffer);
      if (n <= 0) return err_.find(needle, seen_) != std::string::npos;
      err_.append(buffer, static_cast<size_t>(n));
    }
    seen_ = err_.find(needle, seen_) + needle.size();
    return true;
  }

  // The port from "serving http://127.0.0.1:PORT/".
  int port() {
    REQUIRE(wait_for("serving http://127.0.0.1:"));
    const size_t at = seen_;
    REQUIRE(wait_for("/ ("));  // stderr is unbuffered: the line may come in pieces
    return std::stoi(err_.substr(at));
  }

  void signal(int s) { ::kill(pid_, s); }

  // The exit status, or -1 when the process is still running after `limit`.
  int wait_exit(std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    do {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        wait_for("\x01", 100ms);  // collect the last words
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(10ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return -1;
  }

  const std::string& err() const { return err_; }

 private:
  pid_t pid_ = -1;
  int err_fd_ = -1;
  bool exited_ = false;
  std::string err_;
  size_t seen_ = 0;
};

std::filesystem::path copy_of_fixture_rules(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("replylint-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::copy(REPLYLINT_FIXTURE_RULES, dir, std::filesystem::copy_options::recursive);
  return dir;
}

httplib::Client client(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(5);
  c.set_read_timeout(20);
  return c;
}

size_t rule_count(int port) {
  const auto r = client(port).Get("/v1/rules");
  REQUIRE(r);
  return json::parse(r->body)["rules"].size();
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

void send_all(int fd, const std::string& data) {
  REQUIRE(::send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size()));
}

std::string receive_all(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) break;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

TEST_CASE("serve process reloads on SIGHUP and keeps the old rules when a file is broken") {
  const auto dir = copy_of_fixture_rules("sighup");
  const auto nl_pack = dir / "nl" / "fixture.json";
  const std::string good = replylint::test::read_text_file(nl_pack.string());
  ServeProcess p({"--rules", dir.string(), "serve", "--port", "0", "--threads", "2"});
  const int port = p.port();
  const size_t before = rule_count(port);

  std::ofstream(nl_pack, std::ios::trunc) << "{\"lang\": \"nl\", \"rules\": [{\"id\": 5}]}";
  p.signal(SIGHUP);
  REQUIRE(p.wait_for("rules not reloaded, the old rules stay in use"));
  REQUIRE(p.wait_for("fixture.json"));
  CHECK(rule_count(port) == before);
  const auto checked =
      client(port).Post("/v1/check", json{{"reply", kClassic}}.dump(), "application/json");
  REQUIRE(checked);
  CHECK(checked->status == 200);

  json pack = json::parse(good);
  pack["rules"].erase(pack["rules"].begin());
  std::ofstream(nl_pack, std::ios::trunc) << pack.dump();
  p.signal(SIGHUP);
  REQUIRE(p.wait_for("rules reloaded: " + std::to_string(before - 1) + " rules"));
  CHECK(rule_count(port) == before - 1);

  p.signal(SIGTERM);
  CHECK(p.wait_exit() == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("serve process drains the request under way on SIGTERM and exits 0") {
  ServeProcess p({"--rules", REPLYLINT_FIXTURE_RULES, "serve", "--port", "0"});
  const int port = p.port();
  const std::string body = json{{"reply", kClassic}}.dump();
  const int fd = connect_to(port);
  send_all(fd,
           "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Connection: close\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5));
  std::this_thread::sleep_for(300ms);  // the server is reading the body

  p.signal(SIGTERM);
  REQUIRE(p.wait_for("stopping: finishing the requests under way"));
  std::this_thread::sleep_for(200ms);
  CHECK(p.wait_exit(0ms) == -1);  // still finishing
  send_all(fd, body.substr(5));
  const std::string answer = receive_all(fd);
  ::close(fd);
  CHECK(answer.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(answer.find("\"verdict\":\"block\"") != std::string::npos);
  CHECK(p.wait_exit() == 0);
  CHECK(p.err().find("replylint: stopped") != std::string::npos);
}

TEST_CASE("serve process takes its token from REPLYLINT_TOKEN and stops on SIGINT") {
  ServeProcess p({"--rules", REPLYLINT_FIXTURE_RULES, "serve", "--port", "0"},
                 {"REPLYLINT_TOKEN=from-env"});
  const int port = p.port();
  auto c = client(port);
  CHECK(c.Get("/v1/rules")->status == 401);
  c.set_bearer_token_auth("from-env");
  CHECK(c.Get("/v1/rules")->status == 200);
  p.signal(SIGINT);
  CHECK(p.wait_exit() == 0);
}

TEST_CASE("serve process exits 2 when the port is taken or the rules are broken") {
  // A port someone else holds.
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(holder, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(holder, 1) == 0);
  socklen_t length = sizeof addr;
  ::getsockname(holder, reinterpret_cast<sockaddr*>(&addr), &length);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  {
    ServeProcess p({"--rules", REPLYLINT_FIXTURE_RULES, "serve", "--port", port});
    CHECK(p.wait_exit() == 2);
    CHECK(p.err().find("cannot listen on 127.0.0.1:" + port) != std::string::npos);
  }
  ::close(holder);

  const auto dir = copy_of_fixture_rules("broken");
  std::ofstream(dir / "en" / "fixture.json", std::ios::trunc) << "[";
  {
    ServeProcess p({"--rules", dir.string(), "serve", "--port", "0"});
    CHECK(p.wait_exit() == 2);
    CHECK(p.err().find("fixture.json") != std::string::npos);
  }
  std::filesystem::remove_all(dir);

  ServeProcess usage({"serve", "--port", "70000"});
  CHECK(usage.wait_exit() == 2);
}
