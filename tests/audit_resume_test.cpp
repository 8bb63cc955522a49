// `replylint audit --resume`: output cut anywhere (whole records, half a record, half
// a CSV header) is continued to exactly what an uninterrupted run writes, with the
// same summary and report; output that does not belong to the input is refused and
// left as it was. The last test kills a real run with SIGKILL and resumes it.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "audit_test_support.hpp"
#include "test_support.hpp"

extern char** environ;

using nlohmann::json;
using replylint::audit_test::CliRun;
using replylint::audit_test::kFixtures;
using replylint::audit_test::lines;
using replylint::audit_test::run_cli;
using replylint::audit_test::temp_path;
using replylint::audit_test::write_gzip;
using replylint::test::read_text_file;

namespace {

void write_file(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  REQUIRE(f.good());
}

// `n` replies drawn from the team fixture (agents, channels, dates, promises) with
// fresh ids; every 97th line is broken JSON and every 211th is empty.
std::string generated_input(size_t n) {
  std::vector<json> team;  // the fixture's good records
  for (const std::string& line : lines(read_text_file(kFixtures + "team.jsonl"))) {
    const json record = json::parse(line, nullptr, false);
    if (record.is_object() && record.contains("reply")) team.push_back(record);
  }
  std::string out;
  for (size_t i = 1; i <= n; ++i) {
    const std::string id = std::string("g") + std::to_string(i);
    if (i % 97 == 0) {
      out.append("{\"id\": \"").append(id).append("\", \"reply\": \n");
    } else if (i % 211 == 0) {
      out += '\n';
    } else {
      json record = team[(i * 7) % team.size()];
      record["id"] = id;
      record["reply"] = record["reply"].get<std::string>().append(" (ref ").append(id).append(")");
      out.append(record.dump()).append("\n");
    }
  }
  return out;
}

// The summary without its time stamp, and the report without its "generated" line.
std::string comparable_summary(const std::string& path) {
  json s = json::parse(read_text_file(path));
  s.erase("generated_at");
  return s.dump(1);
}
std::string comparable_report(const std::string& path) {
  static const std::regex stamp("generated \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  return std::regex_replace(read_text_file(path), stamp, "generated <time>");
}

// Sanitizer and debug builds analyse about ten times slower: they try fewer cuts.
#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
constexpr bool kSlowBuild = true;
#else
constexpr bool kSlowBuild = false;
#endif

// Offsets where a killed run may have stopped: nothing, inside the CSV header,
// record boundaries (first, last, a batch edge) and halfway through records;
// `few`: a handful of them.
std::vector<size_t> cut_points(const std::string& output, bool few = kSlowBuild) {
  std::vector<size_t> ends;  // after each '\n'
  for (size_t i = 0; i < output.size(); ++i) {
    if (output[i] == '\n') ends.push_back(i + 1);
  }
  const size_t half = ends.size() / 2;
  if (few) {
    return {0,
            5,
            ends[0] + 1,
            ends[256],
            ends[half] + (ends[half + 1] - ends[half]) / 2,
            output.size() - 1};
  }
  std::vector<size_t> cuts = {0, 1, 5, ends[0] - 1, ends[0], ends[0] + 1};
  for (size_t k : {size_t{1}, size_t{2}, size_t{100}, size_t{255}, size_t{256}, size_t{257}, half,
                   ends.size() - 2}) {
    cuts.push_back(ends[k]);
    cuts.push_back(ends[k] + (ends[k + 1] - ends[k]) / 2);
    cuts.push_back(ends[k + 1] - 1);  // all but the line end
  }
  cuts.push_back(output.size() - 1);
  cuts.push_back(output.size());
  return cuts;
}

}  // namespace

TEST_CASE("audit --resume continues JSONL and CSV output cut anywhere, byte for byte") {
  const std::string input = temp_path("resume-in.jsonl");
  write_file(input, generated_input(700));
  for (const std::string format : {"jsonl", "csv"}) {
    CAPTURE(format);
    const std::string clean = temp_path("resume-clean." + format),
                      clean_summary = temp_path("resume-clean-summary.json"),
                      clean_report = temp_path("resume-clean.html");
    const CliRun first = run_cli({"audit", input, "-o", clean, "--format", format, "--threads", "2",
                                  "--summary", clean_summary, "--report", clean_report});
    REQUIRE(first.code == 1);  // the broken and empty lines
    const std::string expected = read_text_file(clean);
    for (const size_t cut : cut_points(expected)) {
      CAPTURE(cut);
      const std::string out = temp_path("resume-out." + format),
                        summary = temp_path("resume-summary.json"),
                        report = temp_path("resume.html");
      write_file(out, expected.substr(0, cut));
      const CliRun r = run_cli({"audit", input, "-o", out, "--format", format, "--threads", "2",
                                "--summary", summary, "--report", report, "--resume"});
      CHECK(r.code == first.code);
      CHECK(r.err.find("replylint: audit: resumed ") != std::string::npos);
      CHECK(r.err.find(" of 700 records could not be analysed") != std::string::npos);
      REQUIRE(read_text_file(out) == expected);
      // The summary and report cover every record, not only the appended ones.
      CHECK(comparable_summary(summary) == comparable_summary(clean_summary));
      CHECK(comparable_report(report) == comparable_report(clean_report));
    }
  }
}

TEST_CASE("audit --resume says what it kept and cut off, and without a summary only checks") {
  const std::string input = temp_path("resume-say.jsonl"), clean = temp_path("resume-say-clean");
  write_file(input, generated_input(300));
  REQUIRE(run_cli({"audit", input, "-o", clean}).code == 1);
  const std::string expected = read_text_file(clean);
  const auto all = lines(expected);
  std::string kept;
  for (size_t i = 0; i < 120; ++i) kept += all[i] + "\n";

  const std::string out = temp_path("resume-say.jsonl.out");
  write_file(out, kept + all[120].substr(0, 40));
  CliRun r = run_cli({"audit", input, "-o", out, "--resume"});
  CHECK(r.code == 1);
  CHECK(r.err.find("resumed " + out +
                   ": kept 120 records, cut off an incomplete record (40 bytes), appended 180\n") !=
        std::string::npos);
  // The error count covers the kept records too (lines 97, 194 and 291 are broken, 211 is empty).
  CHECK(r.err.find("4 of 300 records could not be analysed") != std::string::npos);
  CHECK(read_text_file(out) == expected);

  // A finished output stays as it is; a missing one is written from the start.
  r = run_cli({"audit", input, "-o", out, "--resume"});
  CHECK(r.err.find("kept 300 records, appended 0\n") != std::string::npos);
  CHECK(read_text_file(out) == expected);
  std::filesystem::remove(out);
  r = run_cli({"audit", input, "-o", out, "--resume"});
  CHECK(r.err.find("kept 0 records, appended 300\n") != std::string::npos);
  CHECK(read_text_file(out) == expected);
}

TEST_CASE("audit --resume with several inputs, gzip, CSV input and standard input") {
  // A truncated gzip (its error record is the last of its input), a CSV export
  // with a field map, and stdin: records carry "input", lines restart per input.
  const std::string gz = temp_path("resume-several.jsonl.gz");
  std::string compressed_input = generated_input(150);
  write_gzip(gz, compressed_input, false);
  {
    std::string bytes = read_text_file(gz);
    write_file(gz, bytes.substr(0, bytes.size() * 2 / 3));
  }
  const std::string csv_input = kFixtures + "export.csv";
  const std::string stdin_text = generated_input(200);
  const std::vector<std::string> fields = {
      "--field", "id=ticket,agent=medewerker,customer=vraag,reply=antwoord,sent_at=datum"};
  for (const std::string format : {"jsonl", "csv"}) {
    CAPTURE(format);
    auto args = [&](const std::string& out, bool resume) {
      std::vector<std::string> a = {
          "audit", gz,         csv_input, "-",         "-o",
          out,     "--format", format,    "--summary", out + ".summary.json"};
      a.insert(a.end(), fields.begin(), fields.end());
      if (resume) a.push_back("--resume");
      return a;
    };
    const std::string clean = temp_path("resume-several-clean." + format);
    const CliRun first = run_cli(args(clean, false), stdin_text);
    REQUIRE(first.code == 1);
    const std::string expected = read_text_file(clean);
    REQUIRE(expected.find("export.csv") != std::string::npos);
    for (const size_t cut : cut_points(expected, true)) {
      CAPTURE(cut);
      const std::string out = temp_path("resume-several-out." + format);
      write_file(out, expected.substr(0, cut));
      const CliRun r = run_cli(args(out, true), stdin_text);
      CHECK(r.code == 1);
      REQUIRE(read_text_file(out) == expected);
      CHECK(comparable_summary(out + ".summary.json") ==
            comparable_summary(clean + ".summary.json"));
    }
  }
}

TEST_CASE("audit --resume refuses output that is not from this input and leaves it alone") {
  const std::string input = temp_path("resume-refuse.jsonl");
  write_file(input, generated_input(300));
  const std::string jsonl = temp_path("resume-refuse-clean.jsonl"),
                    csv = temp_path("resume-refuse-clean.csv");
  REQUIRE(run_cli({"audit", input, "-o", jsonl}).code == 1);
  REQUIRE(run_cli({"audit", input, "-o", csv, "--format", "csv"}).code == 1);
  const auto jsonl_lines = lines(read_text_file(jsonl));
  std::string head;  // the first 50 records
  for (size_t i = 0; i < 50; ++i) head += jsonl_lines[i] + "\n";

  // Each: what the output file holds, extra arguments, and what the error says.
  struct Case {
    const char* name;
    std::string output;
    std::vector<std::string> args;
    std::string error;
  };
  std::string other_input = generated_input(300);
  other_input.replace(other_input.find("\"g20\""), 5, "\"x20\"");
  const std::string other = temp_path("resume-refuse-other.jsonl");
  write_file(other, other_input);
  const std::string shifted = temp_path("resume-refuse-shifted.jsonl");
  write_file(shifted, std::string("\n").append(generated_input(300)));
  const std::string short_input = temp_path("resume-refuse-short.jsonl");
  write_file(short_input, generated_input(30));

  const std::vector<Case> cases = {
      {"JSONL output resumed as CSV", head, {"--format", "csv"}, "holds JSON Lines"},
      {"CSV output resumed as JSONL", read_text_file(csv), {}, "holds CSV output"},
      {"a different id", head, {"--input-alias", other}, "(record 20) is for line 20 (id \"g20\")"},
      {"lines shifted by one", head, {"--input-alias", shifted}, "(record 1) is for line 1"},
      {"more records than the input",
       head,
       {"--input-alias", short_input},
       "holds more records than the input has (30 records)"},
      {"several inputs now", head, {"--second-input"}, "has no \"input\""},
      {"not an audit output", "hello\nworld\n", {}, "(record 1) is not JSON"},
      {"JSON but no line", "{\"id\": \"g1\"}\n", {}, "(record 1) has no \"line\""},
      {"a CSV row of another shape",
       "line,id,lang,verdict,authenticity,ownership,findings,"
       "signals,categories,rules,agent,channel,sent_at,error\r\n"
       "1,g1\r\n",
       {"--format", "csv"},
       "(record 1) is not a CSV row"},
      {"another CSV",
       "a,b,c\r\n1,2,3\r\n",
       {"--format", "csv"},
       "does not start with the CSV header"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string out = temp_path("resume-refuse.out");
    write_file(out, c.output);
    std::vector<std::string> args = {"audit", input, "-o", out, "--resume"};
    for (size_t i = 0; i < c.args.size(); ++i) {
      if (c.args[i] == "--input-alias") {
        args[1] = c.args[++i];
      } else if (c.args[i] == "--second-input") {
        args.insert(args.begin() + 2, short_input);
      } else {
        args.push_back(c.args[i]);
      }
    }
    const CliRun r = run_cli(args);
    CHECK(r.code == 2);
    CHECK(r.err.find("replylint: error: --resume: ") == 0);
    CHECK(r.err.find(c.error) != std::string::npos);
    CHECK(read_text_file(out) == c.output);  // untouched
  }

  // --resume appends to a file: stdout and no output at all are refused.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"audit", input, "--resume"},
        std::vector<std::string>{"audit", input, "-o", "-", "--resume"},
        std::vector<std::string>{"audit", input, "--summary", temp_path("s.json"), "--resume"}}) {
    const CliRun r = run_cli(args);
    CHECK(r.code == 2);
    CHECK(r.err.find("--resume needs --output FILE") != std::string::npos);
    CHECK(r.out.empty());
  }
}

// ---- a real run, killed ------------------------------------------------------

namespace {

using namespace std::chrono_literals;

// The replylint executable with `args`, stdout and stderr to /dev/null.
pid_t spawn_replylint(const std::vector<std::string>& args) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> all = {REPLYLINT_BINARY, "--rules", REPLYLINT_FIXTURE_RULES};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, REPLYLINT_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(spawned == 0);
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

uintmax_t file_size(const std::string& path) {
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

// Starts a run writing `out` and kills it with SIGKILL once `out` holds at least
// `at` bytes: true when it was killed, false when it finished first.
bool run_and_kill(const std::vector<std::string>& args, const std::string& out, uintmax_t at) {
  std::filesystem::remove(out);
  const pid_t pid = spawn_replylint(args);
  while (true) {
    if (file_size(out) >= at) {
      ::kill(pid, SIGKILL);
      return wait_exit(pid) == 128 + SIGKILL;
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // done before the size came
    std::this_thread::sleep_for(1ms);
  }
}

}  // namespace

TEST_CASE("audit killed with SIGKILL halfway and resumed writes what an uninterrupted run does") {
  // About a second of work per run in a release build on two cores; the sanitizer
  // and debug builds are some twenty times slower and get less.
  const size_t records = kSlowBuild ? 1500 : 25000;
  const std::string input = temp_path("kill-in.jsonl");
  write_file(input, generated_input(records));
  for (const std::string format : {"jsonl", "csv"}) {
    CAPTURE(format);
    const std::string clean = temp_path("kill-clean." + format),
                      out = temp_path("kill-out." + format);
    auto args = [&](const std::string& path) {
      return std::vector<std::string>{
          "audit", input,       "-o", path,        "--format",
          format,  "--threads", "2",  "--summary", path + ".summary.json"};
    };
    REQUIRE(wait_exit(spawn_replylint(args(clean))) == 1);
    const std::string expected = read_text_file(clean);

    // Kill once the output is 40% written (less if the machine outran the polling).
    bool killed = false;
    for (uintmax_t share = 40; share >= 5 && !killed; share /= 2) {
      killed = run_and_kill(args(out), out, expected.size() * share / 100);
    }
    REQUIRE(killed);
    const std::string partial = read_text_file(out);
    MESSAGE(format << ": killed at " << partial.size() << " of " << expected.size() << " bytes");
    CHECK(partial.size() < expected.size());
    REQUIRE(expected.compare(0, partial.size(), partial) == 0);  // what was written is right
    // Only whole records: each batch goes out in one write. (The kernel may still stop a
    // write between pages when the kill lands inside it; --resume cuts that part off.)
    const size_t complete = partial.rfind('\n') + 1;
    if (complete != partial.size()) {
      MESSAGE("the kill cut a write short: " << partial.size() - complete << " bytes");
    }
    if (format == "jsonl") {
      size_t line = 0;
      for (const std::string& record : lines(partial.substr(0, complete))) {
        const json j = json::parse(record);
        CHECK(j["line"] == ++line);
      }
    }

    const pid_t resumed = spawn_replylint([&] {
      auto a = args(out);
      a.push_back("--resume");
      return a;
    }());
    CHECK(wait_exit(resumed) == 1);
    CHECK(read_text_file(out) == expected);
    CHECK(comparable_summary(out + ".summary.json") == comparable_summary(clean + ".summary.json"));
  }
}
