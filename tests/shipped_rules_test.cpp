// The shipped rule packs: they load, their examples hold, and they catch the
// patterns the product exists for.
#include <doctest/doctest.h>

#include <algorithm>

#include "rule_examples.hpp"
#include "test_support.hpp"

using namespace replylint;
using test::analyze;
using test::find_category;
using test::shipped_analyzer;

TEST_CASE("shipped packs cover Dutch and English") {
  const auto langs = shipped_analyzer().languages();
  CHECK(std::find(langs.begin(), langs.end(), "nl") != langs.end());
  CHECK(std::find(langs.begin(), langs.end(), "en") != langs.end());
}

TEST_CASE("every shipped rule flags its match examples and leaves its no_match examples alone") {
  size_t examples = 0;
  for (const Rule& r : shipped_analyzer().rules().rules) {
    for (const auto& [list, must] :
         {std::pair{&r.match_examples, true}, std::pair{&r.no_match_examples, false}}) {
      for (const RuleExample& example : *list) {
        INFO(r.id << (must ? " must flag: " : " must not flag: ") << example.reply);
        CHECK(rule_fires(shipped_analyzer(), r, example) == must);
        ++examples;
      }
    }
  }
  CHECK(examples >= 4 * shipped_analyzer().rules().rules.size());
}

TEST_CASE("shipped rules find canned empathy and deflection in the classic reply") {
  const std::string text = "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.";
  const Analysis a = analyze(shipped_analyzer(), text);
  CHECK(a.lang == "nl");
  const Finding* empathy = find_category(a.findings, "canned_empathy");
  const Finding* deflection = find_category(a.findings, "deflection");
  REQUIRE(empathy != nullptr);
  REQUIRE(deflection != nullptr);
  CHECK(empathy->span.start == 0);
  CHECK(text.substr(empathy->span.start, empathy->span.end - empathy->span.start)
            .rfind("Wat vervelend", 0) == 0);
  CHECK(deflection->span.start >= text.find("Daarvoor"));
  CHECK(deflection->span.end <= text.size());
  CHECK(text.substr(deflection->span.start, deflection->span.end - deflection->span.start)
            .find("leverancier") != std::string::npos);
  CHECK(empathy->span.start_utf16 == empathy->span.start);
  CHECK(deflection->span.end_utf16 == deflection->span.end);
  CHECK(a.verdict != Verdict::send);
}

TEST_CASE("shipped rules leave owning replies without flaws") {
  const Analysis nl =
      analyze(shipped_analyzer(),
              "Ik heb zelf contact opgenomen met de leverancier en bel u morgen vóór 12 uur.");
  CHECK(nl.findings.empty());
  CHECK(find_category(nl.signals, "commitment") != nullptr);
  CHECK(nl.verdict == Verdict::send);
  const Analysis en = analyze(shipped_analyzer(),
                              "I'm sorry, that was our mistake - I've refunded the \xE2\x82\xAC"
                              "12 today.");
  CHECK(en.findings.empty());
  CHECK(en.verdict == Verdict::send);
}
