#include "config.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "analyzer.hpp"
#include "test_support.hpp"

using namespace replylint;
using nlohmann::json;

namespace {

std::vector<std::string> config_problems(const json& j) {
  try {
    Config::from_json(j, "replylint.json", "/base");
  } catch (const RuleError& e) {
    return e.problems();
  }
  return {};
}

}  // namespace

TEST_CASE("config reads rule dirs, disables, overrides and scoring") {
  const Config c = Config::from_json(
      json{
          {"rule_dirs", {"team-rules", "/abs/rules"}},
          {"disabled_rules", {"nl.jargon.backoffice"}},
          {"disabled_categories", {"channel_switch"}},
          {"overrides", {{"nl.deflection.third-party", {{"severity", "warning"}, {"weight", 12}}}}},
          {"scoring", {{"base", 60}, {"revise_below", 55}, {"block_below", 30}}},
          {"default_lang", "nl"}},
      "replylint.json", "/base");
  CHECK(c.rule_dirs[0] == std::filesystem::path("/base/team-rules"));
  CHECK(c.rule_dirs[1] == std::filesystem::path("/abs/rules"));
  CHECK(c.disabled_rules.count("nl.jargon.backoffice") == 1);
  CHECK(c.overrides.at("nl.deflection.third-party").weight == 12);
  CHECK(c.scoring.base == 60);
  CHECK(c.default_lang == "nl");
}

TEST_CASE("config rejects unknown keys, categories and bad values with the file name") {
  const auto problems = config_problems(json{{"disabled_categorys", {"x"}},
                                             {"disabled_categories", {"rudeness"}},
                                             {"scoring", {{"base", 300}, {"bonus", 1}}}});
  REQUIRE(problems.size() == 4);
  for (const auto& p : problems) CHECK(p.rfind("replylint.json: ", 0) == 0);
}

TEST_CASE("config reads the context checks' thresholds and checks their ranges") {
  const Config c = Config::from_json(json{{"context",
                                           {{"min_specifics", 3},
                                            {"max_thread_engagement", 0.2},
                                            {"max_own_specifics", 0},
                                            {"repeat_similarity", 0.8},
                                            {"min_reply_words", 6}}}},
                                     "replylint.json", "/base");
  CHECK(c.context.min_specifics == 3);
  CHECK(c.context.max_thread_engagement == doctest::Approx(0.2));
  CHECK(c.context.max_own_specifics == 0);
  CHECK(c.context.repeat_similarity == doctest::Approx(0.8));
  CHECK(c.context.min_reply_words == 6);
  CHECK(Config{}.context.min_specifics == 5);

  const auto problems = config_problems(json{{"context",
                                              {{"min_specifics", -1},
                                               {"max_thread_engagement", 2},
                                               {"min_reply_words", 1.5},
                                               {"max_engagement", 0.1}}}});
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "replylint.json: unknown key \"context.max_engagement\"");
  CHECK(problems[1].find("\"context.min_specifics\" must be a whole number") != std::string::npos);
  CHECK(problems[2].find("\"context.max_thread_engagement\" must be a number from 0") !=
        std::string::npos);
  CHECK(problems[3].find("\"context.min_reply_words\" must be a whole number") !=
        std::string::npos);
}

TEST_CASE("config disables and overrides rules in the analyser") {
  Config c;
  c.disabled_rules = {"nl.canned-empathy.vervelend"};
  c.overrides["nl.deflection.third-party"] = RuleOverride{Severity::warning, 5.0};
  const Analyzer a = Analyzer::load({REPLYLINT_FIXTURE_RULES}, c);
  const Analysis r =
      test::analyze(a, "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.");
  CHECK(test::find_category(r.findings, "canned_empathy") == nullptr);
  const Finding* d = test::find_category(r.findings, "deflection");
  REQUIRE(d != nullptr);
  CHECK(d->severity == Severity::warning);
  CHECK(r.scores.ownership == 65);  // 70 - 5
}

TEST_CASE("config naming a rule that does not exist is an error") {
  Config c;
  c.disabled_rules = {"nl.no.such-rule"};
  CHECK_THROWS_AS(Analyzer::load({REPLYLINT_FIXTURE_RULES}, c), RuleError);
  Config d;
  d.default_lang = "fr";
  CHECK_THROWS_AS(Analyzer::load({REPLYLINT_FIXTURE_RULES}, d), RuleError);
}
