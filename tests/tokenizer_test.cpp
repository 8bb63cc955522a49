#include "tokenizer.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "normalizer.hpp"

using namespace replylint;

namespace {

struct Tokenized {
  NormalizedText normalized;
  TokenizedText tokens;
};

Tokenized tokenize(std::string_view text) {
  Tokenized t;
  t.normalized = Normalizer().normalize(text);
  t.tokens = Tokenizer().tokenize(t.normalized);
  return t;
}

std::vector<std::string> texts(const Tokenized& t) {
  std::vector<std::string> out;
  for (const Token& tok : t.tokens.tokens)
    out.push_back(t.normalized.text.substr(tok.begin, tok.end - tok.begin));
  return out;
}

std::string kind_of(const Tokenized& t, std::string_view token_text) {
  for (const Token& tok : t.tokens.tokens)
    if (t.normalized.text.substr(tok.begin, tok.end - tok.begin) == token_text)
      return std::string(to_string(tok.kind));
  return "<none>";
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("tokenise splits words and punctuation and joins them with single spaces") {
  const Tokenized t = tokenize("Wat vervelend, zeg!");
  CHECK(texts(t) == Strings{"wat", "vervelend", ",", "zeg", "!"});
  CHECK(t.tokens.joined == " wat vervelend , zeg ! ");
  CHECK(kind_of(t, "wat") == "word");
  CHECK(kind_of(t, "!") == "punctuation");
}

TEST_CASE("tokenise keeps words with inner apostrophes and Dutch elisions whole") {
  const Tokenized t = tokenize("Zo'n fout in m'n order, 's avonds en 't weekend. We don't know.");
  CHECK(texts(t) == Strings{"zo'n", "fout", "in", "m'n", "order", ",", "'s avonds", "en", "'t",
                            "weekend", ".", "we", "don't", "know", "."});
}

TEST_CASE("tokenise cuts out URLs, e-mail addresses, mentions and hashtags") {
  const Tokenized t =
      tokenize("@user Mail info@example.nl of kijk op https://example.nl/help?x=1. #service");
  CHECK(kind_of(t, "@user") == "mention");
  CHECK(kind_of(t, "info@example.nl") == "email");
  CHECK(kind_of(t, "https://example.nl/help?x=1") == "url");
  CHECK(kind_of(t, "#service") == "hashtag");
  // Each once, and the words around them whole.
  CHECK(texts(t) == Strings{"@user", "mail", "info@example.nl", "of", "kijk", "op",
                            "https://example.nl/help?x=1", ".", "#service"});
  const Tokenized end = tokenize("Mail naar info@example.nl.");
  CHECK(kind_of(end, "info@example.nl") == "email");
  CHECK(texts(end).back() == ".");
}

TEST_CASE("tokenise types amounts, reference numbers, postcodes and numbers") {
  const Tokenized t = tokenize(
      "U krijgt \xE2\x82\xAC 12,50 terug (12,50 euro) voor order 48213, zaak AB-12345, "
      "postcode 1234 AB, om 12:00, $5, 3 pakketten.");
  CHECK(kind_of(t, "\xE2\x82\xAC 12,50") == "amount");
  CHECK(kind_of(t, "12,50 euro") == "amount");
  CHECK(kind_of(t, "48213") == "reference");
  CHECK(kind_of(t, "ab-12345") == "reference");
  CHECK(kind_of(t, "1234 ab") == "reference");
  CHECK(kind_of(t, "12:00") == "number");
  CHECK(kind_of(t, "$5") == "amount");
  CHECK(kind_of(t, "3") == "number");
  // Amounts and references match without their inner space.
  CHECK(t.tokens.joined.find(" \xE2\x82\xAC"
                             "12,50 ") != std::string::npos);
  CHECK(t.tokens.joined.find(" 1234ab ") != std::string::npos);
  // Each once, and the words around them whole.
  CHECK(texts(tokenize("Nu \xE2\x82\xAC 139 terug, $5 of 12,50 euro.")) ==
        Strings{"nu", "\xE2\x82\xAC 139", "terug", ",", "$5", "of", "12,50 euro", "."});
}

TEST_CASE("tokenise does not take a lower-case number-and-word for a postcode") {
  const Tokenized t = tokenize("In 2024 en 2025 ging het goed.");
  CHECK(kind_of(t, "2024") == "number");
  CHECK(kind_of(t, "en") == "word");
}

TEST_CASE("tokenise treats an order number after # as a reference") {
  const Tokenized t = tokenize("Uw bestelling #48213 is onderweg.");
  CHECK(kind_of(t, "#48213") == "reference");
}

TEST_CASE("tokenise types emoji") {
  const Tokenized t = tokenize("Top \xF0\x9F\x91\x8D dank je \xF0\x9F\x98\x80!");
  CHECK(kind_of(t, "\xF0\x9F\x91\x8D") == "emoji");
  CHECK(kind_of(t, "\xF0\x9F\x98\x80") == "emoji");
  CHECK(kind_of(t, "dank") == "word");
}

TEST_CASE("tokenise finds sentences from the original capitals") {
  const Tokenized t = tokenize("Sorry. Ik bel u morgen!\nGroet, Sanne");
  REQUIRE(t.tokens.sentences.size() == 3);
  const auto& s = t.tokens.sentences;
  CHECK(t.tokens.joined_range(s[0].first_token, s[0].end_token) == " sorry . ");
  CHECK(t.tokens.joined_range(s[1].first_token, s[1].end_token) == " ik bel u morgen ! ");
  CHECK(t.tokens.joined_range(s[2].first_token, s[2].end_token) == " groet , sanne ");
}

TEST_CASE("tokenise maps joined offsets back to tokens") {
  const Tokenized t = tokenize("wat vervelend zeg");
  CHECK(t.tokens.token_at(1) == 0);   // 'w'
  CHECK(t.tokens.token_at(5) == 1);   // 'v'
  CHECK(t.tokens.token_at(4) == 1);   // the space before "vervelend"
  CHECK(t.tokens.token_at(16) == 2);  // the last 'g'
}

TEST_CASE("tokenise handles empty, invalid UTF-8 and non-Latin text") {
  CHECK(tokenize("").tokens.tokens.empty());
  CHECK(tokenize("").tokens.joined == " ");
  const Tokenized bad = tokenize("ok\xFF\xFE bedankt");
  CHECK(texts(bad).back() == "bedankt");
  const Tokenized greek =
      tokenize("\xCE\x95\xCF\x85\xCF\x87\xCE\xB1\xCF\x81\xCE\xB9\xCF\x83\xCF\x84\xCF\x8E!");
  CHECK(texts(greek).size() == 2);
}

TEST_CASE("tokenise covers a 1 MB reply") {
  std::string big;
  while (big.size() < (1u << 20)) big += "Wat vervelend, bel 0800-1234 of mail info@example.nl. ";
  const Tokenized t = tokenize(big);
  CHECK(t.tokens.tokens.size() > 100000);
  CHECK(t.tokens.sentences.size() > 10000);
  CHECK(t.tokens.joined.size() > big.size());
}
