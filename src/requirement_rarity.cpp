#include "requirement_rarity.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace replylint {

namespace {

bool has_alnum(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  });
}

}  // namespace

double literal_chance(const KeyedLiteral& literal, const WordSet& common_words) {
  // Common words and punctuation stand in most replies, several times; a
  // longer word is rarer. Only the order of the chances matters.
  constexpr int kLongest = 16;
  double chance = 1;
  const std::string_view text = literal.text;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(begin, end - begin);
    begin = end + 1;
    if (word.empty()) continue;
    const bool common = !has_alnum(word) || common_words.count(word) > 0;
    chance *= common ? 0.5 : std::ldexp(1.0, -std::min(static_cast<int>(word.size()), kLongest));
  }
  return chance;
}

size_t rarest_requirement(const std::vector<std::vector<KeyedLiteral>>& requirements,
                          const WordSet& common_words) {
  size_t best = 0;
  double best_chance = 0;
  for (size_t r = 0; r < requirements.size(); ++r) {
    double chance = 0;
    for (const KeyedLiteral& literal : requirements[r])
      chance += literal_chance(literal, common_words);
    const bool better =
        r == 0 || chance < best_chance ||
        (chance == best_chance && requirements[r].size() < requirements[best].size());
    if (better) {
      best = r;
      best_chance = chance;
    }
  }
  return best;
}

}  // namespace replylint
