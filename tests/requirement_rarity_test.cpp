#include "requirement_rarity.hpp"

#include <doctest/doctest.h>

using namespace replylint;

namespace {

KeyedLiteral literal(std::string text) {
  return {std::move(text), 0, 0, KeyPlace::word};
}

std::vector<KeyedLiteral> literals(std::initializer_list<const char*> texts) {
  std::vector<KeyedLiteral> out;
  for (const char* t : texts) out.push_back(literal(t));
  return out;
}

}  // namespace

TEST_CASE("a common word or a punctuation mark is likelier than a word that is not") {
  const WordSet common{"je", "de"};
  CHECK(literal_chance(literal(" je "), common) > literal_chance(literal(" kunt "), common));
  CHECK(literal_chance(literal(" . "), common) > literal_chance(literal(" kunt "), common));
  // Without the list, only its length tells a short word from a long one.
  CHECK(literal_chance(literal(" je "), {}) > literal_chance(literal(" kunt "), {}));
  CHECK(literal_chance(literal(" kunt "), {}) > literal_chance(literal(" leverancier "), {}));
  // Each word of a literal makes it less likely.
  CHECK(literal_chance(literal(" je kunt "), common) < literal_chance(literal(" kunt "), common));
}

TEST_CASE("the rarest requirement is the one a text meets least often") {
  const WordSet common{"u", "je", "de", "het"};
  // A common word loses to any word that is not, however short.
  CHECK(rarest_requirement({literals({" u ", " je "}), literals({" bel "})}, common) == 1);
  // Many alternatives add up.
  CHECK(rarest_requirement({literals({" belt ", " mailt ", " appt ", " chat ", " schrijft "}),
                            literals({" leverancier "})},
                           common) == 1);
  // The first of equals, and the first of none.
  CHECK(rarest_requirement({literals({" bel "}), literals({" app "})}, {}) == 0);
  CHECK(rarest_requirement({literals({" bel "}), literals({" mail "})}, {}) == 1);
  CHECK(rarest_requirement({literals({" bel "}), literals({" bel "})}, {}) == 0);
  CHECK(rarest_requirement({}, common) == 0);
}
