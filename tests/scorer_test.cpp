#include "scorer.hpp"

#include <doctest/doctest.h>

using namespace replylint;

namespace {

Finding item(std::string category, Dimension d, double weight, Severity s = Severity::warning) {
  Finding f;
  f.category = std::move(category);
  f.dimension = d;
  f.weight = weight;
  f.severity = s;
  return f;
}

}  // namespace

TEST_CASE("score starts at the base and moves by flaw and signal weights") {
  const Scorer scorer(ScoringConfig{});
  const Scores none = scorer.score({}, {});
  CHECK(none.authenticity == 70);
  CHECK(none.ownership == 70);
  const Scores s = scorer.score({item("canned_empathy", Dimension::authenticity, 20)},
                                {item("commitment", Dimension::ownership, 10)});
  CHECK(s.authenticity == 50);
  CHECK(s.ownership == 80);
}

TEST_CASE("score counts repeats of a category less each time") {
  const Scorer scorer(ScoringConfig{});
  const auto f = item("deflection", Dimension::ownership, 20);
  CHECK(scorer.score({f}, {}).ownership == 50);
  CHECK(scorer.score({f, f}, {}).ownership == 40);     // 20 + 10
  CHECK(scorer.score({f, f, f}, {}).ownership == 35);  // 20 + 10 + 5
  const auto g = item("stalling", Dimension::ownership, 20);
  CHECK(scorer.score({f, g}, {}).ownership == 30);  // different categories count in full
}

TEST_CASE("score clamps to 0-100 and ignores clarity findings") {
  const Scorer scorer(ScoringConfig{});
  const auto heavy = item("deflection", Dimension::ownership, 100);
  const auto other = item("stalling", Dimension::ownership, 100);
  CHECK(scorer.score({heavy, other}, {}).ownership == 0);
  const auto plus = item("remedy", Dimension::ownership, 100);
  CHECK(scorer.score({}, {plus}).ownership == 100);
  CHECK(scorer.score({item("jargon", Dimension::clarity, 50)}, {}).authenticity == 70);
}

TEST_CASE("verdict follows the thresholds and an error finding asks for a revision") {
  ScoringConfig config;
  const Scorer scorer(config);
  CHECK(scorer.verdict({70, 70}, {}) == Verdict::send);
  CHECK(scorer.verdict({64, 90}, {}) == Verdict::revise);
  CHECK(scorer.verdict({90, 34}, {}) == Verdict::block);
  CHECK(scorer.verdict({80, 80}, {item("deflection", Dimension::ownership, 1, Severity::error)}) ==
        Verdict::revise);
  config.revise_below = 90;
  config.block_below = 80;
  CHECK(Scorer(config).verdict({85, 95}, {}) == Verdict::revise);
  CHECK(Scorer(config).verdict({79, 95}, {}) == Verdict::block);
  CHECK(to_string(Verdict::block) == "block");
}
