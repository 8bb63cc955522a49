// The tokeniser's fast path (word and sentence rules run directly) against its
// ICU reference, token for token: every corpus reply, every rule example, tricky
// strings and random ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "fast_breaks.hpp"
#include "normalizer.hpp"
#include "tokenizer.hpp"

using namespace replylint;
namespace fs = std::filesystem;

namespace {

bool same_tokens(const TokenizedText& a, const TokenizedText& b) {
  if (a.tokens.size() != b.tokens.size() || a.sentences.size() != b.sentences.size()) return false;
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const Token& x = a.tokens[i];
    const Token& y = b.tokens[i];
    if (x.kind != y.kind || x.begin != y.begin || x.end != y.end || x.sentence != y.sentence)
      return false;
  }
  for (size_t i = 0; i < a.sentences.size(); ++i) {
    if (a.sentences[i].first_token != b.sentences[i].first_token ||
        a.sentences[i].end_token != b.sentences[i].end_token)
      return false;
  }
  return a.joined == b.joined && a.joined_begin == b.joined_begin;
}

// Tokenises `text` both ways; returns whether they agree (and says where not).
bool fast_matches_icu(const std::string& text) {
  static const Normalizer normalizer;
  static const Tokenizer fast(Tokenizer::Strategy::fast);
  static const Tokenizer icu(Tokenizer::Strategy::icu);
  const NormalizedText n = normalizer.normalize(text);
  const TokenizedText expected = icu.tokenize(n);
  const TokenizedText actual = fast.tokenize(n);
  // Twice through the same output object: reused scratch must not leak state.
  TokenizedText reused = fast.tokenize(normalizer.normalize("Vorige tekst. Met iets erin!"));
  fast.tokenize(n, reused);
  const bool same = same_tokens(expected, actual) && same_tokens(expected, reused);
  if (!same) {
    MESSAGE("fast path differs from ICU for: " << text << "\n  icu:  " << expected.joined
                                               << "\n  fast: " << actual.joined);
  }
  return same;
}

// Whether the fast path covers `text` without asking ICU at all.
bool fully_fast(const std::string& text) {
  static const Normalizer normalizer;
  const NormalizedText n = normalizer.normalize(text);
  std::vector<WordBoundary> words;
  std::vector<uint32_t> sentences;
  return fast_word_boundaries(n.text, words) && fast_sentence_boundaries(n.source.text, sentences);
}

std::vector<fs::path> files_with_extension(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void collect_strings(const nlohmann::json& j, std::vector<std::string>& out) {
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_array() || j.is_object()) {
    for (const auto& v : j) collect_strings(v, out);
  }
}

// The reply texts of corpus/*.jsonl, with the customers' messages and threads.
std::vector<std::string> corpus_texts() {
  std::vector<std::string> out;
  for (const fs::path& f :
       files_with_extension(fs::path(REPLYLINT_SOURCE_DIR) / "corpus", ".jsonl")) {
    std::ifstream in(f);
    std::string line;
    while (std::getline(in, line)) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) continue;
      for (const char* field : {"text", "reply", "customer"})
        if (j.contains(field) && j[field].is_string()) out.push_back(j[field].get<std::string>());
      if (j.contains("thread")) collect_strings(j["thread"], out);
    }
  }
  return out;
}

std::vector<std::string> rule_example_texts() {
  std::vector<std::string> out;
  for (const fs::path& f :
       files_with_extension(fs::path(REPLYLINT_SOURCE_DIR) / "rules", ".json")) {
    std::ifstream in(f);
    const auto pack = nlohmann::json::parse(in, nullptr, false);
    if (!pack.is_object() || !pack.contains("rules")) continue;
    for (const auto& rule : pack["rules"])
      if (rule.contains("examples")) collect_strings(rule["examples"], out);
  }
  return out;
}

}  // namespace

TEST_CASE("tokeniser fast path equals ICU on every corpus text") {
  const std::vector<std::string> texts = corpus_texts();
  REQUIRE(texts.size() > 500);
  size_t agree = 0, fast_only = 0;
  for (const std::string& t : texts) {
    agree += fast_matches_icu(t) ? 1 : 0;
    fast_only += fully_fast(t) ? 1 : 0;
  }
  CHECK(agree == texts.size());
  // The point of the fast path: most replies never reach ICU.
  CHECK(fast_only * 10 >= texts.size() * 9);
}

TEST_CASE("tokeniser fast path equals ICU on every rule example") {
  const std::vector<std::string> texts = rule_example_texts();
  REQUIRE(texts.size() > 200);
  size_t agree = 0;
  for (const std::string& t : texts) agree += fast_matches_icu(t) ? 1 : 0;
  CHECK(agree == texts.size());
}

TEST_CASE("tokeniser fast path equals ICU on tricky strings") {
  const std::vector<std::string> texts = {
      "",
      " ",
      "\n\n",
      "Don't worry: we'll fix it. It's John's order, isn't it?",
      "'s Avonds en 's morgens, 't is zo'n dag. M'n pakket. ('s nachts) \"'t huis\"",
      "Prijs 3.5 of 3,5 of 12,50 of 1.000,50 of 1,000.50 of 1.000.000 euro.",
      "E.g. this, i.e. that, e.g.: U.S. and U.K. policy. t.a.v. de heer Jansen. T.a.v. mw.",
      "Dhr. Jansen belt morgen. Mr. Smith called. etc. and so on. Etc. And more.",
      "Wait... what?! Really?? Yes!!! No... OK. ...and then.",
      "He said \"It's done.\" Then left. (See above.) [Noted.] {Fine.} 'Quoted.' Next",
      "Emoji \xF0\x9F\x98\x8A next to text\xF0\x9F\x98\x8A. Thumbs "
      "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBB up!",
      "Kijk op https://example.nl/help?x=1. Of www.example.com/a.b, mail info@example.nl.",
      "Line one\nLine two\r\nLine three\rLine four\n\nLine five.",
      "ALL CAPS SHOUTING. WE ARE SORRY! I.T. DEPT. NOW",
      "Tabs\tbetween\twords.\tAnd\tafter.",
      "@jan #service #48213 order 48213, zaak AB-12345, postcode 1234 AB, 12:00, $5, \xE2\x82\xAC "
      "12,-",
      "Caf\xC3\xA9 \xC3\xA9\xC3\xA9n twee\xC3\xABn na\xC3\xAF"
      "ef. \xC3\x89\xC3\x89N keer.",
      "Curly \xE2\x80\x9Cquotes\xE2\x80\x9D and don\xE2\x80\x99t \xE2\x80\x94 dashes \xE2\x80\x93 "
      "ok.",
      "Numbers 1a 2b3 a1.5 a1b 3'5 1_000 snake_case __init__ x_1 1.a a.1 1..2 a..b",
      "Colons a:b 1:2 ab:cd 12:30:45 http:x and semi;colon 1;2.",
      "Ellipsis\xE2\x80\xA6 and\xC2\xA0no-break space, zero\xE2\x80\x8Bwidth, soft\xC2\xADhyphen.",
      "\xE4\xBD\xA0\xE5\xA5\xBD world. "
      "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 ok. "
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\x90\"\xD7\x91",
      "A. B. C. a. b. c. 1. 2. 3.\n- item one;\n- item two.",
      "e\xCC\x81 combining, flag \xF0\x9F\x87\xB3\xF0\x9F\x87\xB1 here. Bad \xFF\xFE utf8.",
      ".leading dot. ,comma start! ?question first? )close first.",
      "\"Quoted sentence.\" \"Another one!\" 'single.' (brackets.) end",
  };
  for (const std::string& t : texts) CHECK(fast_matches_icu(t));
}

TEST_CASE("tokeniser fast path equals ICU on random ASCII text") {
  // Fixed seed: a failure reproduces. The alphabet is weighted towards the
  // characters whose rules interact: letters, digits and the middle punctuation.
  const std::string alphabet = "aaaaeeeiostnATS0123456789     \n.,':;!?-\"()/@#$_";
  const std::string euro = "\xE2\x82\xAC";
  std::mt19937 rng(20261122);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size());  // one past: the euro sign
  std::uniform_int_distribution<size_t> length(0, 40);
  size_t agree = 0;
  const size_t runs = 4000;
  for (size_t r = 0; r < runs; ++r) {
    std::string text;
    for (size_t n = length(rng), i = 0; i < n; ++i) {
      const size_t k = pick(rng);
      text += k == alphabet.size() ? euro : std::string(1, alphabet[k]);
    }
    agree += fast_matches_icu(text) ? 1 : 0;
  }
  CHECK(agree == runs);
}

TEST_CASE("ASCII word breaks equal the general model on random text") {
  // Not normalised: runs of spaces and newlines, and capitals, too.
  const std::string alphabet = "aaaeiostAT0123456789    \n\n.....,,,'''::;;__!?-\"@#";
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<size_t> length(0, 30);
  std::vector<WordBoundary> general, ascii;
  size_t agree = 0;
  const size_t runs = 20000;
  for (size_t r = 0; r < runs; ++r) {
    std::string text;
    for (size_t n = length(rng), i = 0; i < n; ++i) text += alphabet[pick(rng)];
    REQUIRE(fast_word_boundaries(text, general));
    ascii_word_boundaries(text, ascii);
    const bool same = std::equal(general.begin(), general.end(), ascii.begin(), ascii.end(),
                                 [](const WordBoundary& a, const WordBoundary& b) {
                                   return a.offset == b.offset && a.status == b.status;
                                 });
    if (!same) MESSAGE("ASCII word breaks differ for: \"" << text << "\"");
    agree += same ? 1 : 0;
  }
  CHECK(agree == runs);
}

TEST_CASE("fast word and sentence breaks refuse what they do not model") {
  std::vector<WordBoundary> words;
  std::vector<uint32_t> sentences;
  CHECK(fast_word_boundaries("plain text, 3.5 euro.", words));
  CHECK(fast_sentence_boundaries("Plain text. Two sentences!", sentences));
  CHECK(sentences == std::vector<uint32_t>{12, 26});
  CHECK_FALSE(fast_word_boundaries("e\xCC\x81", words));                   // combining mark
  CHECK_FALSE(fast_word_boundaries("\xE4\xBD\xA0\xE5\xA5\xBD", words));    // CJK: dictionary
  CHECK_FALSE(fast_sentence_boundaries("soft\xC2\xADhyphen", sentences));  // format character
}
