// The command line as a user meets it: golden text and JSON output, exit codes,
// colour rules. Set REPLYLINT_UPDATE_GOLDEN=1 to rewrite tests/golden/ after an
// intended change, and review the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/cli_app.hpp"
#include "test_support.hpp"

namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun run_cli(std::vector<std::string> args, const std::string& input = "", bool tty = false) {
  args.insert(args.begin(), {"replylint", "--rules", REPLYLINT_FIXTURE_RULES});
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = replylint::cli::run(args, {in, out, err, tty});
  return {code, out.str(), err.str()};
}

// Machine-specific paths would make the golden files unportable.
std::string portable(std::string text) {
  for (const std::string& dir :
       {std::string(REPLYLINT_FIXTURE_RULES), std::string(REPLYLINT_SOURCE_DIR)}) {
    for (size_t at = text.find(dir); at != std::string::npos; at = text.find(dir))
      text.replace(at, dir.size(), "<dir>");
  }
  return text;
}

void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(REPLYLINT_GOLDEN_DIR) + "/" + name;
  const std::string text = portable(actual);
  if (const char* update = std::getenv("REPLYLINT_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << text;
  }
  INFO("golden file " << path << " (REPLYLINT_UPDATE_GOLDEN=1 rewrites it)");
  CHECK(text == replylint::test::read_text_file(path));
}

const char* kClassic = "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.\n";

}  // namespace

TEST_CASE("cli check prints compiler-style text") {
  const CliRun r = run_cli({"check", "--color", "never"}, kClassic);
  CHECK(r.code == 1);  // the verdict is block
  CHECK(r.err.empty());
  check_golden("check_classic.txt", r.out);
}

TEST_CASE("cli check prints the JSON contract") {
  const CliRun r = run_cli({"check", "--format", "json", "-"}, kClassic);
  CHECK(r.code == 1);
  check_golden("check_classic.json", r.out);
}

TEST_CASE("cli check underlines on the right line and column of a multi-line reply") {
  const CliRun r = run_cli({"check", "--color", "never", "--text",
                            "Hi \xF0\x9F\x98\x80 Jan,\n\xC3\x89\xC3\xA9n ding: sorry for the "
                            "inconvenience.\nI'm sorry, that was our mistake."});
  check_golden("check_multiline.txt", r.out);
}

TEST_CASE("cli check reads JSON Lines and reports bad lines with their number") {
  const CliRun r = run_cli({"check", "--color", "never",
                            std::string(REPLYLINT_SOURCE_DIR) + "/tests/fixtures/replies.jsonl"});
  CHECK(r.code == 2);
  check_golden("check_jsonl.txt", r.out);
  check_golden("check_jsonl.err", r.err);
}

TEST_CASE("cli check exit status follows --fail-on") {
  const std::string deflection = "Daarvoor moet u bij de leverancier zijn.";  // revise
  CHECK(run_cli({"check", "--fail-on", "revise"}, deflection).code == 1);
  CHECK(run_cli({"check", "--fail-on", "block"}, deflection).code == 0);
  CHECK(run_cli({"check", "--fail-on", "block"}, kClassic).code == 1);  // block
  CHECK(run_cli({"check", "--fail-on", "never"}, kClassic).code == 0);
  CHECK(run_cli({"check", "--fail-on", "revise"}, "Ik bel u morgen.").code == 0);
}

TEST_CASE("cli usage and rule errors exit 2 with a message") {
  const CliRun bad_flag = run_cli({"check", "--colour", "never"}, kClassic);
  CHECK(bad_flag.code == 2);
  CHECK(bad_flag.err.find("--colour") != std::string::npos);
  CHECK(run_cli({}).code == 2);
  CHECK(run_cli({"check", "--fail-on", "sometimes"}, kClassic).code == 2);
  const CliRun missing = run_cli({"check", "/no/such/reply.txt"});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("/no/such/reply.txt: cannot open the file") != std::string::npos);
  // Replies are analysed as they are read, but every input is opened first: a
  // mistyped path among several stops the run before anything is printed.
  const CliRun one_missing =
      run_cli({"check", "--format", "json",
               std::string(REPLYLINT_SOURCE_DIR) + "/tests/fixtures/replies.jsonl",
               "/no/such/replies.jsonl"});
  CHECK(one_missing.code == 2);
  CHECK(one_missing.out.empty());
  const CliRun lang = run_cli({"check", "--lang", "fr"}, kClassic);
  CHECK(lang.code == 2);
  CHECK(lang.err.find("no rules for language \"fr\"") != std::string::npos);

  std::istringstream in;
  std::ostringstream out, err;
  const int code = replylint::cli::run(
      {"replylint", "--rules", std::string(REPLYLINT_SOURCE_DIR) + "/tests", "rules", "list"},
      {in, out, err, false});
  CHECK(code == 2);
  CHECK(err.str().find("replylint: error: ") == 0);
}

TEST_CASE("cli colour only on a terminal and never with NO_COLOR") {
  ::unsetenv("NO_COLOR");
  CHECK(run_cli({"check"}, kClassic, true).out.find("\x1b[") != std::string::npos);
  CHECK(run_cli({"check"}, kClassic, false).out.find("\x1b[") == std::string::npos);
  ::setenv("NO_COLOR", "1", 1);
  CHECK(run_cli({"check"}, kClassic, true).out.find("\x1b[") == std::string::npos);
  CHECK(run_cli({"check", "--color", "always"}, kClassic, false).out.find("\x1b[") !=
        std::string::npos);
  ::unsetenv("NO_COLOR");
}

TEST_CASE("cli rules list, rules test and explain") {
  const CliRun list = run_cli({"rules", "list"});
  CHECK(list.code == 0);
  check_golden("rules_list.txt", list.out);
  const CliRun test = run_cli({"rules", "test"});
  CHECK(test.code == 0);
  CHECK(test.out == "rules test: 9 rules, 28 examples, 0 failures\n");
  const CliRun explain = run_cli({"explain", "nl.deflection.third-party"});
  CHECK(explain.code == 0);
  check_golden("explain.txt", explain.out);
  const CliRun unknown = run_cli({"explain", "nl.no.such-rule"});
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("no rule \"nl.no.such-rule\"") != std::string::npos);
}

TEST_CASE("cli check reads the customer message, the thread and sent_at") {
  const std::string fixtures = std::string(REPLYLINT_SOURCE_DIR) + "/tests/fixtures/";
  std::istringstream in("Wat is uw ordernummer? Ik bel u morgen vóór 12 uur.");
  std::ostringstream out, err;
  const int code = replylint::cli::run(
      {"replylint", "--rules", std::string(REPLYLINT_SOURCE_DIR) + "/rules", "check", "--format",
       "json", "--customer", fixtures + "customer.txt", "--thread", fixtures + "thread.json",
       "--sent-at", "2026-03-02T09:14:00", "--lang", "nl"},
      {in, out, err, false});
  CHECK(err.str().empty());
  CHECK(code != 2);
  const auto j = nlohmann::json::parse(out.str());
  std::set<std::string> categories;
  for (const auto& f : j["findings"]) categories.insert(f["category"].get<std::string>());
  CHECK(categories.count("asks_given_info") == 1);
  REQUIRE(j["promises"].size() == 1);
  CHECK(j["promises"][0]["deadline"] == "2026-03-03T12:00");
  CHECK(j["context"]["engagement"].get<double>() < 1.0);

  // The thread's earlier agent turn, sent again.
  std::istringstream again("Wij hebben uw melding doorgezet naar de juiste afdeling.");
  std::ostringstream out_again, err_again;
  replylint::cli::run(
      {"replylint", "--rules", std::string(REPLYLINT_SOURCE_DIR) + "/rules", "check", "--format",
       "json", "--thread", fixtures + "thread.json", "--lang", "nl"},
      {again, out_again, err_again, false});
  const auto repeated = nlohmann::json::parse(out_again.str());
  bool has_repeat = false;
  for (const auto& f : repeated["findings"])
    has_repeat = has_repeat || f["category"] == "repeated_reply";
  CHECK(has_repeat);

  std::ostringstream out2, err2;
  CHECK(replylint::cli::run(
            {"replylint", "check", "--thread", fixtures + "customer.txt", "--text", "x"},
            {in, out2, err2, false}) == 2);
  CHECK(err2.str().find("customer.txt: invalid JSON") != std::string::npos);
}

TEST_CASE("cli help and version") {
  const CliRun help = run_cli({"--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("check") != std::string::npos);
  CHECK(help.out.find("explain") != std::string::npos);
  const CliRun version = run_cli({"--version"});
  CHECK(version.code == 0);
  CHECK(version.out.find("replylint ") == 0);
}
