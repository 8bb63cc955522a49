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

// "owner/requirement@word" for each hit, sorted.
std::vector<std::string> find(const KeywordIndex& index, std::string_view text) {
  std::vector<uint32_t> spaces;
  std::vector<Hit> hits;
  index.find(text, spaces, hits);
  std::vector<std::string> out;
  for (const Hit& h : hits) {
    CHECK(text.substr(h.at, h.length).size() == h.length);
    out.push_back(std::to_string(h.owner) + "/" + std::to_string(h.requirement) + "@" +
                  std::to_string(h.word));
  }
  std::sort(out.begin(), out.end());
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("the keyword index finds a literal around its key word, in word order") {
  KeywordIndex index;
  index.add(0, 0, literal(" neem contact op ", "contact"));
  index.add(1, 0, literal(" contact ", "contact"));
  index.add(2, 1, literal(" bel ons ", "bel ons", KeyPlace::word_pair));
  index.finish();
  CHECK(find(index, " neem contact op of bel ons ") == Strings{"0/0@1", "1/0@1", "2/1@4"});
  std::vector<uint32_t> spaces;
  std::vector<Hit> hits;
  index.find(" bel ons en neem contact op ", spaces, hits);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].word == 0);  // in word order
  CHECK(hits[1].word == 4);
  // The key alone is not enough: the whole literal must stand there.
  CHECK(find(index, " neem contact met ons op ") == Strings{"1/0@1"});
  CHECK(find(index, " contactpersoon ").empty());
  CHECK(find(index, " bel onsje ").empty());
  // A text cut off inside a literal, or without spaces around its words.
  CHECK(find(index, " neem contact").empty());
  CHECK(find(index, "contact").empty());
  CHECK(find(index, "").empty());
}

TEST_CASE("the keyword index finds keys at the start and end of longer words") {
  KeywordIndex index;
  index.add(0, 0, literal(" backoffice", "ba", KeyPlace::word_start));
  index.add(1, 0, literal("thuis ", "is", KeyPlace::word_end));
  index.finish();
  CHECK(find(index, " de backoffice-afdeling ") == Strings{"0/0@1"});
  CHECK(find(index, " werk vanuit huis of thuis ") == Strings{"1/0@4"});
  CHECK(find(index, " bij thuiswerken ").empty());
  CHECK(find(index, " backo ").empty());
}

TEST_CASE("the keyword index finds four-byte keys at word edges next to two-byte ones") {
  KeywordIndex index;
  index.add(0, 0, literal(" backoffice", "back", KeyPlace::word_start));
  index.add(1, 0, literal("voorwaarden ", "rden", KeyPlace::word_end));
  index.add(2, 0, literal("even ", "even", KeyPlace::word_end));
  index.add(3, 0, literal("en ", "en", KeyPlace::word_end));
  index.finish();
  CHECK(find(index, " de backoffice ") == Strings{"0/0@1"});
  CHECK(find(index, " algemene voorwaarden ") == Strings{"1/0@1", "3/0@1"});
  CHECK(find(index, " heteven even ") == Strings{"2/0@0", "2/0@1", "3/0@0", "3/0@1"});
  CHECK(find(index, " back waarden ") == Strings{"3/0@1"});
}

TEST_CASE("the keyword index reports where each literal stands") {
  KeywordIndex index;
  index.add(7, 2, literal(" contact op ", "contact"));
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
