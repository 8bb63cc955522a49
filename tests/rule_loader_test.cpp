#include "rule_loader.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "matcher.hpp"

using namespace replylint;
using nlohmann::json;

namespace {

json good_rule(const std::string& id = "nl.deflection.test") {
  return json{
      {"id", id},
      {"category", "deflection"},
      {"dimension", "ownership"},
      {"severity", "error"},
      {"weight", 30},
      {"patterns", {"ga naar de {third_party}"}},
      {"message", "m"},
      {"suggestion", "s"},
      {"explanation", "e"},
      {"examples", {{"match", {"Ga naar de winkel."}}, {"no_match", {"Ik ga naar de winkel."}}}}};
}

json pack_with(const json& rules) {
  return json{
      {"lang", "nl"},
      {"vocabularies", {{"third_party", {"winkels?", "{carrier}"}}, {"carrier", {"vervoerders?"}}}},
      {"rules", rules}};
}

// Loads and compiles one pack and returns the problems (empty when it loaded).
std::vector<std::string> problems_of(const json& pack) {
  RuleLoader loader;
  loader.add_pack(pack, "pack.json");
  try {
    const RuleSet set = loader.finish();
    const Matcher compiled(set.rules);  // sizes and empty matches are checked on compiling
  } catch (const RuleError& e) {
    return e.problems();
  }
  return {};
}

bool any_contains(const std::vector<std::string>& problems, std::string_view needle) {
  for (const auto& p : problems)
    if (p.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("rule loader expands nested vocabularies") {
  RuleLoader loader;
  loader.add_pack(pack_with(json::array({good_rule()})), "pack.json");
  const RuleSet set = loader.finish();
  REQUIRE(set.rules.size() == 1);
  CHECK(set.rules[0].patterns[0] == "ga naar de (?:winkels?|(?:vervoerders?))");
  CHECK(set.rules[0].written_patterns[0] == "ga naar de {third_party}");
  CHECK(set.rules[0].file == "pack.json");
}

TEST_CASE("rule loader names file, rule and RE2's message for a bad regex") {
  json rule = good_rule();
  rule["patterns"] = {"ga (naar"};
  const auto problems = problems_of(pack_with(json::array({rule})));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("pack.json: rule nl.deflection.test: pattern 1") == 0);
  CHECK(any_contains(problems, "missing )"));
}

TEST_CASE("rule loader reports pattern problems of many rules in rule and pattern order") {
  // Patterns are parsed on several threads; the report must not show it.
  json rules = json::array();
  std::vector<std::string> expected;
  for (int k = 0; k < 12; ++k) {
    const std::string id = "nl.deflection.t" + std::to_string(k);
    json rule = good_rule(id);
    rule["patterns"] = {"ga (naar " + std::to_string(k), "ga naar de winkel",
                        "Ga " + std::to_string(k)};
    rule["unless"] = {"ik [zelf " + std::to_string(k)};
    rules.push_back(rule);
    const std::string at = "pack.json: rule " + id + ": ";
    expected.push_back(at + "pattern 1 \"ga (naar " + std::to_string(k) + "\": bad regex");
    expected.push_back(at + "pattern 3 \"Ga " + std::to_string(k) + "\": patterns match lower");
    expected.push_back(at + "unless 1 \"ik [zelf " + std::to_string(k) + "\": bad regex");
  }
  const auto problems = problems_of(pack_with(rules));
  REQUIRE(problems.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO(problems[i]);
    CHECK(problems[i].find(expected[i]) == 0);
  }
}

TEST_CASE("rule loader rejects unknown categories, dimensions and severities") {
  json rule = good_rule();
  rule["category"] = "rudeness";
  rule["dimension"] = "kindness";
  rule["severity"] = "fatal";
  const auto problems = problems_of(pack_with(json::array({rule})));
  CHECK(any_contains(problems, "unknown category \"rudeness\""));
  CHECK(any_contains(problems, "dimension must be"));
  CHECK(any_contains(problems, "severity must be"));
}

TEST_CASE("rule loader rejects duplicate ids and names the first definition") {
  const auto problems = problems_of(pack_with(json::array({good_rule(), good_rule()})));
  REQUIRE(problems.size() == 1);
  CHECK(any_contains(problems, "duplicate id (first defined in pack.json)"));
}

TEST_CASE("rule loader requires examples that must and must not match") {
  json rule = good_rule();
  rule["examples"] = {{"match", json::array()}};
  const auto problems = problems_of(pack_with(json::array({rule})));
  CHECK(any_contains(problems, "examples.match"));
  CHECK(any_contains(problems, "examples.no_match"));
}

TEST_CASE("rule loader rejects unknown vocabularies, upper case and empty-matching patterns") {
  json unknown = good_rule("nl.deflection.a");
  unknown["patterns"] = {"ga naar {shops}"};
  json upper = good_rule("nl.deflection.b");
  upper["patterns"] = {"Ga naar"};
  json empty = good_rule("nl.deflection.c");
  empty["patterns"] = {"(?:ga)?"};
  json escaped = good_rule("nl.deflection.d");
  escaped["patterns"] = {"ga\\S* \\p{Lu}?\\pL?naar"};
  const auto problems = problems_of(pack_with(json::array({unknown, upper, escaped})));
  CHECK(problems.size() == 2);
  CHECK(any_contains(problems,
                     "nl.deflection.a: pattern 1 \"ga naar {shops}\": unknown vocabulary {shops}"));
  CHECK(any_contains(problems,
                     "nl.deflection.b: pattern 1 \"Ga naar\": patterns match lower-cased text"));
  // Empty matches show once the pack reads cleanly, when its patterns compile.
  CHECK(problems_of(pack_with(json::array({empty, escaped}))) ==
        std::vector<std::string>{
            "pack.json: rule nl.deflection.c: pattern 1 \"(?:ga)?\": the pattern can match empty "
            "text"});
}

TEST_CASE("rule loader reads unless patterns with a scope, expanded like patterns") {
  json rule = good_rule();
  rule["unless"] = json::array({"ik {gap}zelf",
                                {{"pattern", "{third_party}"}},
                                {{"pattern", "uitzondering"}, {"scope", "neighbours"}},
                                {{"pattern", "handmatig"}, {"scope", "reply"}},
                                {{"pattern", "welke {third_party} \\?"}, {"scope", "customer"}}});
  RuleLoader loader;
  loader.add_pack(pack_with(json::array({rule})), "pack.json");
  const RuleSet set = loader.finish();
  REQUIRE(set.rules.size() == 1);
  const auto& unless = set.rules[0].unless;
  REQUIRE(unless.size() == 5);
  CHECK(unless[0].pattern == "ik (?:[^ ]+ ){0,3}zelf");
  CHECK(unless[0].scope == UnlessScope::sentence);
  CHECK(unless[1].pattern == "(?:winkels?|(?:vervoerders?))");
  CHECK(unless[1].scope == UnlessScope::sentence);
  CHECK(unless[2].scope == UnlessScope::neighbours);
  CHECK(unless[3].scope == UnlessScope::reply);
  CHECK(unless[4].scope == UnlessScope::customer);
  CHECK(unless[4].pattern == "welke (?:winkels?|(?:vervoerders?)) \\?");
}

TEST_CASE("rule loader names the rule and the entry of a bad unless pattern or scope") {
  json rule = good_rule();
  rule["unless"] = json::array({"",
                                7,
                                {{"pattern", "ok"}, {"scope", "thread"}},
                                {{"scope", "reply"}},
                                {{"pattern", "x"}, {"where", "reply"}},
                                {{"pattern", "ok"}, {"scope", 2}},
                                {{"pattern", "Ik (zelf"}}});
  const auto problems = problems_of(pack_with(json::array({rule})));
  const std::string at = "pack.json: rule nl.deflection.test: ";
  CHECK(any_contains(problems, at + "unless 1: must be a non-empty string or a"));
  CHECK(any_contains(problems, at + "unless 2: must be a non-empty string or a"));
  CHECK(any_contains(problems, at + "unless 3: \"scope\" must be sentence, neighbours, reply or "
                                    "customer, not \"thread\""));
  CHECK(any_contains(problems, at + "unless 4: \"pattern\" must be a non-empty string"));
  CHECK(any_contains(problems, at + "unless 5: unknown key \"where\""));
  CHECK(any_contains(problems, at + "unless 6: \"scope\" must be sentence, neighbours, reply or "
                                    "customer, not 2"));
  CHECK(problems.size() == 6);  // the bad regex waits until the entries are valid

  json not_a_list = good_rule();
  not_a_list["unless"] = "ik heb";
  CHECK(any_contains(problems_of(pack_with(json::array({not_a_list}))),
                     "\"unless\" must be an array of patterns"));
  json bad_regex = good_rule();
  bad_regex["unless"] = json::array({{{"pattern", "ik (zelf"}, {"scope", "neighbours"}}});
  const auto regex_problems = problems_of(pack_with(json::array({bad_regex})));
  REQUIRE(regex_problems.size() == 1);
  CHECK(regex_problems[0].find(at + "unless 1 \"ik (zelf\": bad regex") == 0);
}

TEST_CASE("rule loader lets a check rule's unless look only at the reply or the customer") {
  json check = good_rule("nl.no-next-step.test");
  check.erase("patterns");
  check["category"] = "no_next_step";
  check["check"] = "no_next_step";
  check["unless"] = json::array({{{"pattern", "gelieve"}, {"scope", "reply"}},
                                 {{"pattern", "bedankt"}, {"scope", "customer"}}});
  RuleLoader loader;
  loader.add_pack(pack_with(json::array({check})), "pack.json");
  CHECK(loader.finish().rules.at(0).unless.size() == 2);

  check["unless"] = json::array({"gelieve", {{"pattern", "x"}, {"scope", "neighbours"}}});
  const auto problems = problems_of(pack_with(json::array({check})));
  REQUIRE(problems.size() == 2);
  CHECK(any_contains(problems, "nl.no-next-step.test: unless 1: a check rule's unless needs"));
  CHECK(any_contains(problems, "nl.no-next-step.test: unless 2: a check rule's unless needs"));
  check["patterns"] = {"x"};
  check["unless"] = json::array();
  CHECK(any_contains(problems_of(pack_with(json::array({check}))),
                     "a check rule has no \"patterns\""));
}

TEST_CASE("rule loader rejects unknown keys, bad ids and bad weights") {
  json rule = good_rule("deflection.test");
  rule["wieght"] = 3;
  rule["weight"] = 0;
  const auto problems = problems_of(pack_with(json::array({rule})));
  CHECK(any_contains(problems, "unknown key \"wieght\""));
  CHECK(any_contains(problems, "id must look like"));
  CHECK(any_contains(problems, "\"weight\" must be a number above 0"));
}

TEST_CASE("rule loader reports every problem at once and a vocabulary cycle") {
  json pack = pack_with(json::array({good_rule()}));
  pack["vocabularies"] = {{"a", {"x{b}"}}, {"b", {"y{a}"}}, {"third_party", {"winkel"}}};
  pack["colour"] = "red";
  const auto problems = problems_of(pack);
  CHECK(any_contains(problems, "unknown key \"colour\""));
  CHECK(any_contains(problems, "cycle"));
}

TEST_CASE("rule loader reports unreadable and invalid files") {
  RuleLoader loader;
  loader.add_file("/nonexistent/rules.json");
  loader.add_directory("/nonexistent-dir");
  try {
    loader.finish();
    FAIL("expected a RuleError");
  } catch (const RuleError& e) {
    CHECK(e.problems().size() == 2);
    CHECK(any_contains(e.problems(), "/nonexistent/rules.json: cannot read the file"));
    CHECK(any_contains(e.problems(), "/nonexistent-dir: not a rule directory"));
  }
}

TEST_CASE("rule loader reads a directory's packs in file order, problems too") {
  // Packs are parsed on several threads; what they say comes out as if read
  // one after another.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("replylint-loader-order-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "nl");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / "nl" / name) << text;
  };
  write("a_broken.json", "{\"lang\": ");
  write("b_good.json", pack_with(json::array({good_rule("nl.deflection.first")})).dump());
  write("c_elsewhere.json", json{{"lang", "en"}, {"rules", json::array()}}.dump());
  write("d_good.json", json{{"lang", "nl"}, {"rules", {good_rule("nl.deflection.second")}}}.dump());
  write("e_broken.json", "[1, 2");
  RuleLoader loader;
  loader.add_directory(dir);
  std::vector<std::string> problems;
  try {
    loader.finish();
  } catch (const RuleError& e) {
    problems = e.problems();
  }
  std::filesystem::remove_all(dir);
  auto position = [&](std::string_view needle) {
    for (size_t i = 0; i < problems.size(); ++i)
      if (problems[i].find(needle) != std::string::npos) return i;
    return problems.size();
  };
  const size_t a = position("a_broken.json: invalid JSON");
  const size_t c =
      position("c_elsewhere.json: \"lang\" is \"en\" but the pack sits in folder \"nl\"");
  const size_t e = position("e_broken.json: invalid JSON");
  REQUIRE(e < problems.size());
  CHECK(a < c);
  CHECK(c < e);
}

TEST_CASE("wrapped patterns only match on token edges") {
  CHECK(wrap_pattern("ga naar") == " (?:ga naar) ");
}
