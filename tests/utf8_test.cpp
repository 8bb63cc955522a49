#include "utf8.hpp"

#include <doctest/doctest.h>

using namespace replylint;

TEST_CASE("valid UTF-8 is kept as it is with identity offsets") {
  const RepairedText r = repair_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80");
  CHECK(r.text == "caf\xC3\xA9 \xF0\x9F\x98\x80");
  CHECK(r.to_original.empty());
  CHECK(r.original_offset(4) == 4);
  CHECK(r.repaired_offset(4) == 4);
}

TEST_CASE("invalid bytes become U+FFFD and offsets still point at the input") {
  // a, a lone continuation byte, b, a truncated 3-byte sequence, c
  const std::string input =
      "a\x80"
      "b\xE2\x82"
      "c";
  const RepairedText r = repair_utf8(input);
  CHECK(r.text ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD"
        "c");
  CHECK(is_valid_utf8(r.text));
  REQUIRE(r.to_original.size() == r.text.size() + 1);
  CHECK(r.original_offset(0) == 0);
  CHECK(r.original_offset(1) == 1);  // the replacement for \x80
  CHECK(r.original_offset(4) == 2);  // b
  CHECK(r.original_offset(5) == 3);  // replacement for the truncated sequence
  CHECK(r.original_offset(8) == 5);  // c
  CHECK(r.original_offset(r.text.size()) == input.size());
  CHECK(r.repaired_offset(2) == 4);
  CHECK(r.repaired_offset(5) == 8);
}

TEST_CASE("UTF-16 lengths count surrogate pairs as two units") {
  CHECK(utf16_length("abc") == 3);
  CHECK(utf16_length("\xC3\xA9\xC3\xA9n") == 3);  // één
  CHECK(utf16_length("\xF0\x9F\x98\x80") == 2);   // 😀
  CHECK(utf16_length("\xE2\x82\xAC"
                     "12") == 3);  // €12
  CHECK(utf16_length("") == 0);
  // Longer text is counted eight bytes at a time: non-ASCII at every place in
  // a word, and a tail shorter than a word.
  const std::string ascii = "Bedankt voor je bericht, ";
  for (size_t at = 0; at <= ascii.size(); ++at) {
    std::string text = ascii;
    text.insert(at, "\xC3\xA9\xF0\x9F\x98\x80");  // é, then an emoji: one and two units
    CHECK(utf16_length(text) == ascii.size() + 3);
  }
}

TEST_CASE("is_ascii finds a non-ASCII byte wherever it stands") {
  CHECK(is_ascii(""));
  CHECK(is_ascii("Bedankt voor je bericht, tot morgen!"));
  const std::string ascii = "Bedankt voor je bericht, ";
  for (size_t at = 0; at < ascii.size(); ++at) {
    std::string text = ascii;
    text[at] = '\x80';  // in an eight-byte word and in the tail
    CHECK_FALSE(is_ascii(text));
    CHECK_FALSE(is_valid_utf8(text));  // a lone continuation byte, found past the ASCII check
  }
}
