#include "language_detector.hpp"

#include <doctest/doctest.h>

#include "normalizer.hpp"
#include "tokenizer.hpp"

using namespace replylint;

namespace {

LanguageGuess detect(std::string_view text, std::string fallback = "en") {
  std::map<std::string, WordSet> profiles;
  profiles["nl"] = {"de", "het", "een", "u", "ik", "niet", "dat", "wij", "uw", "en", "bij"};
  profiles["en"] = {"the", "you", "we", "our", "your", "and", "i", "not", "that", "to"};
  const LanguageDetector detector(profiles, std::move(fallback));
  const NormalizedText n = Normalizer().normalize(text);
  const TokenizedText t = Tokenizer().tokenize(n);
  return detector.detect(n, t);
}

}  // namespace

TEST_CASE("language detection picks Dutch and English with confidence") {
  const LanguageGuess nl = detect("Ik heb het bij de vervoerder nagevraagd en u hoort het morgen.");
  CHECK(nl.lang == "nl");
  CHECK(nl.method == "detected");
  CHECK(nl.confidence > 0.9);
  const LanguageGuess en = detect("I have asked the carrier and you will hear from us tomorrow.");
  CHECK(en.lang == "en");
  CHECK(en.confidence > 0.5);
}

TEST_CASE("language detection falls back and says so when there is no evidence") {
  const LanguageGuess none = detect("\xF0\x9F\x91\x8D https://example.nl", "nl");
  CHECK(none.lang == "nl");
  CHECK(none.method == "fallback");
  CHECK(none.confidence == 0);
  CHECK_FALSE(none.note.empty());
  CHECK(detect("").method == "fallback");
}

TEST_CASE("language detection reports mixed text and runs both languages") {
  const LanguageGuess mixed =
      detect("Ik heb het bij de winkel gevraagd, but the shop says that you and I wait.");
  CHECK(mixed.also.size() == 1);
  CHECK(mixed.note.find("mixed") != std::string::npos);
}

TEST_CASE("language detection is unsure on very short text") {
  const LanguageGuess short_text = detect("Thank you");
  CHECK(short_text.lang == "en");
  CHECK(short_text.confidence < 0.5);
}
