#include "normalizer.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace replylint;

namespace {

// The source text a normalised range came from.
std::string source_of(const NormalizedText& n, size_t b, size_t e) {
  const size_t sb = n.source_begin(b), se = n.source_end(e);
  return n.source.text.substr(sb, se - sb);
}

void check_maps_are_consistent(const NormalizedText& n) {
  REQUIRE(n.begin.size() == n.text.size());
  REQUIRE(n.end.size() == n.text.size());
  size_t bad = 0;  // one assertion, not one per byte of a 1 MB text
  for (size_t i = 0; i < n.text.size(); ++i) {
    if (!(n.begin[i] < n.end[i]) || n.end[i] > n.source.text.size() ||
        (i > 0 && n.begin[i] < n.begin[i - 1])) {
      ++bad;
    }
  }
  CHECK(bad == 0);
}

}  // namespace

TEST_CASE("normalise lower-cases ASCII and keeps a byte-for-byte map") {
  const Normalizer norm;
  const NormalizedText n = norm.normalize("Wat Vervelend ZEG!");
  CHECK(n.text == "wat vervelend zeg!");
  check_maps_are_consistent(n);
  CHECK(source_of(n, 4, 13) == "Vervelend");
  CHECK(n.ascii);
}

TEST_CASE("normalise case-folds accented letters and maps them back") {
  const Normalizer norm;
  const NormalizedText n = norm.normalize("\xC3\x89\xC3\x89N CAF\xC3\x89");  // ÉÉN CAFÉ
  CHECK(n.text == "\xC3\xA9\xC3\xA9n caf\xC3\xA9");                          // één café
  check_maps_are_consistent(n);
  CHECK(source_of(n, 6, n.text.size()) == "CAF\xC3\x89");
  CHECK_FALSE(n.ascii);
  // A capital and its combining mark compose into one letter from both.
  const NormalizedText composed = norm.normalize(
      "E\xCC\x81"
      "EN");
  CHECK(composed.text ==
        "\xC3\xA9"
        "en");
  check_maps_are_consistent(composed);
  CHECK(source_of(composed, 0, 2) == "E\xCC\x81");
  CHECK(source_of(composed, 2, 3) == "E");
}

TEST_CASE("normalise applies NFKC: ligatures, sharp s, composed accents, full-width") {
  const Normalizer norm;
  CHECK(norm.normalize("\xEF\xAC\x81le").text == "file");  // ﬁle
  CHECK(norm.normalize("Stra\xC3\x9F"
                       "e")
            .text == "strasse");                                            // Straße
  CHECK(norm.normalize("e\xCC\x81\xC3\xA9n").text == "\xC3\xA9\xC3\xA9n");  // e + combining acute
  CHECK(norm.normalize("\xEF\xBC\xA1\xEF\xBC\xA2").text == "ab");           // ＡＢ
  const NormalizedText sharp = norm.normalize(
      "Stra\xC3\x9F"
      "e");
  check_maps_are_consistent(sharp);
  CHECK(source_of(sharp, 4, 6) == "\xC3\x9F");  // both s come from the ß
}

TEST_CASE("normalise folds curly quotes, apostrophes and dashes to ASCII") {
  const Normalizer norm;
  const NormalizedText n =
      norm.normalize("Don\xE2\x80\x99t \xE2\x80\x9Cquote\xE2\x80\x9D a \xE2\x80\x93 b zo\xC2\xB4n");
  CHECK(n.text == "don't \"quote\" a - b zo'n");
  check_maps_are_consistent(n);
  CHECK(source_of(n, 3, 4) == "\xE2\x80\x99");
}

TEST_CASE("normalise collapses white space and keeps line breaks as one newline") {
  const Normalizer norm;
  const NormalizedText n = norm.normalize(
      "  Groet,\r\n\t \n  Sanne\xC2\xA0\xC2\xA0"
      "de Vries  ");
  CHECK(n.text == "groet,\nsanne de vries");
  check_maps_are_consistent(n);
  CHECK(source_of(n, 6, 7) == "\r\n\t \n  ");
}

TEST_CASE("normalise drops invisible characters and treats a zero-width space as a space") {
  const Normalizer norm;
  CHECK(norm.normalize("ver\xC2\xADvelend").text == "vervelend");             // soft hyphen
  CHECK(norm.normalize("wat\xE2\x80\x8Bvervelend").text == "wat vervelend");  // zero-width space
}

TEST_CASE("normalise repairs invalid UTF-8 and offsets refer to the original bytes") {
  const Normalizer norm;
  const std::string input = "Wat\xFF vervelend";
  const NormalizedText n = norm.normalize(input);
  CHECK(n.text == "wat\xEF\xBF\xBD vervelend");
  check_maps_are_consistent(n);
  const size_t v = n.text.find('v');
  CHECK(n.source.original_offset(n.source_begin(v)) == input.find('v'));
  CHECK(n.source.original_offset(n.source_end(n.text.size())) == input.size());
}

TEST_CASE("normalise handles empty and white-space-only input") {
  const Normalizer norm;
  CHECK(norm.normalize("").text.empty());
  CHECK(norm.normalize(" \n\t ").text.empty());
}

TEST_CASE("normalise keeps emoji and maps a 1 MB reply completely") {
  const Normalizer norm;
  std::string big;
  while (big.size() < (1u << 20)) big += "Wat vervelend \xF0\x9F\x98\x80 \xC3\x89\xC3\xA9n keer! ";
  const NormalizedText n = norm.normalize(big);
  check_maps_are_consistent(n);
  CHECK(n.text.find("\xF0\x9F\x98\x80") != std::string::npos);
  CHECK(n.source_end(n.text.size()) <= big.size());
  CHECK(n.text.size() == big.size() - 1);  // only the trailing space goes
}
