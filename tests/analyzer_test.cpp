#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

#include "test_support.hpp"

using namespace replylint;
using test::analyze;
using test::find_category;
using test::fixture_analyzer;

TEST_CASE("analyse finds canned empathy and deflection with byte and UTF-16 spans") {
  const std::string text = "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.";
  const Analysis a = analyze(fixture_analyzer(), text);
  CHECK(a.lang == "nl");
  REQUIRE(a.findings.size() == 2);
  const Finding& empathy = a.findings[0];
  CHECK(empathy.category == "canned_empathy");
  CHECK(empathy.text == "Wat vervelend zeg");
  CHECK(empathy.span.start == 0);
  CHECK(empathy.span.end == 17);
  const Finding& deflection = a.findings[1];
  CHECK(deflection.category == "deflection");
  CHECK(deflection.text == "Daarvoor moet u bij de leverancier zijn");
  CHECK(deflection.span.start == text.find("Daarvoor"));
  CHECK(deflection.span.end == text.find('.', 20));
  CHECK(deflection.span.start_utf16 == deflection.span.start);  // all ASCII
  CHECK(a.scores.authenticity == 50);
  CHECK(a.empathy_sandwich);
  CHECK(a.scores.ownership == 30);  // 70 - 30 for the deflection - 10 for the sandwich
  CHECK(a.verdict == Verdict::block);
}

TEST_CASE("analyse charges the empathy sandwich only when empathy wraps a refusal") {
  const Analysis deflection =
      analyze(fixture_analyzer(), "Daarvoor moet u bij de leverancier zijn.");
  CHECK_FALSE(deflection.empathy_sandwich);
  CHECK(deflection.scores.ownership == 40);
  const Analysis empathy = analyze(fixture_analyzer(), "Wat vervelend zeg! Ik bel u morgen.");
  CHECK_FALSE(empathy.empathy_sandwich);
  CHECK(empathy.scores.authenticity == 50);
}

TEST_CASE("analyse reports UTF-16 offsets after emoji and accents") {
  // "😀 Één keer: wat vervelend" - the emoji is 4 bytes / 2 units, É and é 2 bytes / 1 unit.
  const std::string text = "\xF0\x9F\x98\x80 \xC3\x89\xC3\xA9n keer: wat vervelend";
  const Analysis a = analyze(fixture_analyzer(), text, "nl");
  const Finding* f = find_category(a.findings, "canned_empathy");
  REQUIRE(f != nullptr);
  CHECK(f->text == "wat vervelend");
  CHECK(f->span.start == text.find("wat"));
  CHECK(f->span.start == 17);
  CHECK(f->span.start_utf16 == 13);
  CHECK(f->span.end_utf16 - f->span.start_utf16 == 13);
  CHECK(f->span.end == text.size());
}

TEST_CASE("analyse keeps spans on the original bytes of invalid UTF-8") {
  const std::string text = "\xFF\xFE Wat vervelend zeg";
  const Analysis a = analyze(fixture_analyzer(), text, "nl");
  const Finding* f = find_category(a.findings, "canned_empathy");
  REQUIRE(f != nullptr);
  CHECK(f->span.start == 3);
  CHECK(f->span.end == text.size());
  CHECK(f->span.start_utf16 == 3);  // each invalid byte decodes to one U+FFFD
  CHECK(f->text == "Wat vervelend zeg");
}

TEST_CASE("analyse matches case- and typography-insensitively and maps back to the original") {
  const std::string text = "WAT   VERVELEND,\nzeg";
  const Analysis a = analyze(fixture_analyzer(), text, "nl");
  const Finding* f = find_category(a.findings, "canned_empathy");
  REQUIRE(f != nullptr);
  CHECK(f->text == text);
}

TEST_CASE("analyse merges overlapping findings of one category into the most severe") {
  // Both deflection rules match "moet u bij de leverancier zijn"; one is longer.
  const Analysis a = analyze(fixture_analyzer(), "Daarvoor moet u bij de leverancier zijn.", "nl");
  REQUIRE(a.findings.size() == 1);
  CHECK(a.findings[0].rule == "nl.deflection.third-party");
  CHECK(a.findings[0].severity == Severity::error);
  CHECK(a.findings[0].text == "Daarvoor moet u bij de leverancier zijn");
}

TEST_CASE("analyse reports positive signals and they raise the score") {
  const Analysis a =
      analyze(fixture_analyzer(),
              "Ik heb zelf contact opgenomen met de leverancier en ik bel u morgen vóór 12 uur.");
  CHECK(a.findings.empty());
  REQUIRE(a.signals.size() == 2);
  CHECK(a.signals[0].category == "commitment");
  CHECK(a.signals[1].category == "timeframe");
  CHECK(a.signals[1].text == "morgen vóór 12 uur");
  CHECK(a.scores.ownership > 70);
  CHECK(a.verdict == Verdict::send);
}

TEST_CASE("analyse honours a forced language and rejects an unknown one") {
  const Analysis en = analyze(fixture_analyzer(), "Wat vervelend zeg", "en");
  CHECK(en.lang == "en");
  CHECK(en.language.method == "override");
  CHECK(en.findings.empty());
  CHECK_THROWS_AS(analyze(fixture_analyzer(), "hallo", "fr"), std::invalid_argument);
}

TEST_CASE("analyse of empty and 1 MB replies") {
  const Analysis empty = analyze(fixture_analyzer(), "");
  CHECK(empty.findings.empty());
  CHECK(empty.language.method == "fallback");
  CHECK(empty.scores.authenticity == 70);

  std::string big;
  while (big.size() < (1u << 20)) big += "Wat vervelend zeg! Ik bel u morgen. ";
  const Analysis a = analyze(fixture_analyzer(), big);
  CHECK(a.findings.size() > 1000);
  CHECK(a.findings.back().span.end <= big.size());
  CHECK(a.scores.authenticity >= 0);
  CHECK(a.scores.authenticity <= 100);
}

TEST_CASE("analyse is deterministic and safe to call from several threads") {
  const std::string text = "Sorry for the inconvenience, please contact the seller.";
  const Analysis first = analyze(fixture_analyzer(), text);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        const Analysis a = analyze(fixture_analyzer(), text);
        if (a.findings.size() != first.findings.size() ||
            a.scores.ownership != first.scores.ownership)
          ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
  CHECK(first.lang == "en");
  CHECK(first.findings.size() == 2);
}

// A reply of two languages runs the pattern and check rules of both; a check
// sees the signals of either language ("nothing concrete" a Dutch promise).
TEST_CASE("a mixed reply runs both languages' pattern and check rules") {
  const std::string empathy =
      "Wat vervelend zeg, dat is echt niet de bedoeling van ons allemaal. We understand your "
      "frustration and we are sorry about this experience with the parcel.";
  auto rules_of = [](const std::vector<Finding>& items) {
    std::vector<std::string> ids;
    for (const Finding& f : items) ids.push_back(f.rule);
    return ids;
  };
  auto has = [](const std::vector<std::string>& ids, std::string_view prefix) {
    return std::any_of(ids.begin(), ids.end(), [&](const std::string& id) {
      return std::string_view(id).substr(0, prefix.size()) == prefix;
    });
  };
  const Analysis bare = analyze(test::shipped_analyzer(), empathy);
  REQUIRE(bare.language.also.size() == 1);
  const std::vector<std::string> flaws = rules_of(bare.findings);
  CHECK(has(flaws, "nl.canned-empathy."));
  CHECK(has(flaws, "en.canned-empathy."));
  CHECK(has(flaws, "en.no-next-step."));
  // A Dutch promise is a next step for the English check too.
  const Analysis promised = analyze(
      test::shipped_analyzer(),
      "Wat vervelend zeg, dat is echt niet de bedoeling van ons allemaal. Ik bel u morgen om 10 "
      "uur. We understand your frustration and we are sorry about this experience with the "
      "parcel.");
  REQUIRE(promised.language.also.size() == 1);
  CHECK(has(rules_of(promised.signals), "nl.commitment."));
  CHECK_FALSE(has(rules_of(promised.findings), "en.no-next-step."));
  CHECK_FALSE(has(rules_of(promised.findings), "nl.no-next-step."));
}
