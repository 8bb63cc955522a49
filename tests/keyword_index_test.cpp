#include "keyword_index.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace replylint;

namespace {

using Hit = KeywordIndex::Hit;

KeyedLiteral literal(std::string text, std::string_view key, KeyPlace place = KeyPlace::word) {
  const size_t offset = text.find(key);
  REQUIRE(offset != std::string::npos);
  return {std::move(text), offset, key.size(), place};
}

// "literal@word" for each hit, sorted; a literal named by the number it was
// added as (the first of those that are one).
std::vector<std::string> find(const KeywordIndex& index, std::string_view text,
                              uint32_t added_count) {
  std::vector<uint32_t> spaces;
  std::vector<Hit> hits;
  index.find(text, spaces, hits);
  std::vector<std::string> out;
  for (const Hit& h : hits) {
    CHECK(text.substr(h.at, h.length).size() == h.length);
    uint32_t added = 0;
    while (added < added_count && index.literal_of(added) != h.literal) ++added;
    REQUIRE(added < added_count);
    out.push_back(std::to_string(added) + "@" + std::to_string(h.word));
  }
  std::sort(out.begin(), out.end());
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("the keyword index finds a literal around its key word, in word order") {
  KeywordIndex index;
  CHECK(index.add(literal(" neem contact op ", "contact")) == 0);
  CHECK(index.add(literal(" contact ", "contact")) == 1);
  CHECK(index.add(literal(" bel ons ", "bel ons", KeyPlace::word_pair)) == 2);
  index.finish();
  auto find = [&](std::string_view text) { return ::find(index, text, 3); };
  CHECK(find(" neem contact op of bel ons ") == Strings{"0@1", "1@1", "2@4"});
  std::vector<uint32_t> spaces;
  std::vector<Hit> hits;
  index.find(" bel ons en neem contact op ", spaces, hits);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].word == 0);  // in word order
  CHECK(hits[1].word == 4);
  // The key alone is not enough: the whole literal must stand there.
  CHECK(find(" neem contact met ons op ") == Strings{"1@1"});
  CHECK(find(" contactpersoon ").empty());
  CHECK(find(" bel onsje ").empty());
  // A text cut off inside a literal, or without spaces around its words.
  CHECK(find(" neem contact").empty());
  CHECK(find("contact").empty());
  CHECK(find("").empty());
}

TEST_CASE("the keyword index finds keys at the start and end of longer words") {
  KeywordIndex index;
  index.add(literal(" backoffice", "ba", KeyPlace::word_start));
  index.add(literal("thuis ", "is", KeyPlace::word_end));
  index.finish();
  auto find = [&](std::string_view text) { return ::find(index, text, 2); };
  CHECK(find(" de backoffice-afdeling ") == Strings{"0@1"});
  CHECK(find(" werk vanuit huis of thuis ") == Strings{"1@4"});
  CHECK(find(" bij thuiswerken ").empty());
  CHECK(find(" backo ").empty());
}

TEST_CASE("the keyword index finds four-byte keys at word edges next to two-byte ones") {
  KeywordIndex index;
  index.add(literal(" backoffice", "back", KeyPlace::word_start));
  index.add(literal("voorwaarden ", "rden", KeyPlace::word_end));
  index.add(literal("even ", "even", KeyPlace::word_end));
  index.add(literal("en ", "en", KeyPlace::word_end));
  index.finish();
  auto find = [&](std::string_view text) { return ::find(index, text, 4); };
  CHECK(find(" de backoffice ") == Strings{"0@1"});
  CHECK(find(" algemene voorwaarden ") == Strings{"1@1", "3@1"});
  CHECK(find(" heteven even ") == Strings{"2@0", "2@1", "3@0", "3@1"});
  CHECK(find(" back waarden ") == Strings{"3@1"});
}

TEST_CASE("the keyword index finds a literal added twice as one") {
  KeywordIndex index;
  const uint32_t first = index.add(literal(" neem contact op ", "contact"));
  const uint32_t other = index.add(literal(" contact ", "contact"));
  const uint32_t again = index.add(literal(" neem contact op ", "contact"));
  index.finish();
  CHECK(index.literal_count() == 2);
  CHECK(index.literal_of(first) == index.literal_of(again));
  CHECK(index.literal_of(first) != index.literal_of(other));
  std::vector<uint32_t> spaces;
  std::vector<Hit> hits;
  index.find(" neem contact op ", spaces, hits);
  CHECK(hits.size() == 2);  // once per literal, not per time it was added
}

TEST_CASE("the keyword index reports where each literal stands") {
  KeywordIndex index;
  index.add(literal(" contact op ", "contact"));
  index.finish();
  const std::string text = " neem contact op met ons ";
  std::vector<uint32_t> spaces;
  std::vector<Hit> hits;
  index.find(text, spaces, hits);
  CHECK(spaces == std::vector<uint32_t>{0, 5, 13, 16, 20, 24});
  REQUIRE(hits.size() == 1);
  CHECK(text.substr(hits[0].at, hits[0].length) == " contact op ");
  CHECK(hits[0].word == 1);
}
