// Property tests: every analysis keeps the contract's invariants (checked by
// src/analysis_invariants.hpp in every build type) and is deterministic, over the
// labelled corpus, the fixtures and thousands of seeded random replies. Also
// replays the fuzz seed corpora and every crash the fuzzers found.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <thread>

#include "analysis_invariants.hpp"
#include "analysis_json.hpp"
#include "fuzz_targets.hpp"
#include "reply_record.hpp"
#include "test_support.hpp"
#include "utf8.hpp"

using namespace replylint;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = REPLYLINT_SOURCE_DIR;

// Analyses `reply`, fails the test on any broken invariant, returns the JSON.
std::string checked_json(const Analyzer& analyzer, const Reply& reply) {
  const Analysis a = analyzer.analyze(reply);
  const std::vector<std::string> violations =
      check_analysis_invariants(reply.text, a, analyzer.config().scoring);
  if (!violations.empty()) {
    std::string all;
    for (const auto& v : violations) all += "\n  - " + v;
    FAIL_CHECK("reply \"" << reply.id << "\" (" << reply.text.size() << " bytes):" << all);
  }
  return dump_line(to_json(a));
}

// The same replies analysed again in reverse order (so each follows a different
// reply than before, with the per-thread scratch reused) and on a fresh thread
// give the same JSON.
void check_determinism(const Analyzer& analyzer, const std::vector<Reply>& replies,
                       const std::vector<std::string>& first) {
  size_t differing = 0;
  for (size_t i = replies.size(); i-- > 0;)
    if (dump_line(to_json(analyzer.analyze(replies[i]))) != first[i]) ++differing;
  std::thread other([&] {
    for (size_t i = 0; i < replies.size(); ++i)
      if (dump_line(to_json(analyzer.analyze(replies[i]))) != first[i]) ++differing;
  });
  other.join();
  CHECK(differing == 0);
}

std::vector<Reply> replies_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Reply> replies;
  for (const fs::path& file : files) {
    const std::string text = test::read_text_file(file.string());
    size_t line_start = 0;
    while (line_start < text.size()) {
      size_t end = text.find('\n', line_start);
      if (end == std::string::npos) end = text.size();
      Reply reply;
      std::string error;
      if (parse_reply_line(std::string_view(text).substr(line_start, end - line_start), reply,
                           error) &&
          (reply.lang.empty() || reply.lang == "auto" || reply.lang == "nl" ||
           reply.lang == "en")) {
        replies.push_back(std::move(reply));
      }
      line_start = end + 1;
    }
  }
  return replies;
}

// Pieces random replies are made of: what normalisation, tokenisation and
// offset mapping find hard.
const std::vector<std::string>& atoms() {
  static const std::vector<std::string> all = {
      // words, punctuation and white space
      "de", "leverancier", "vervelend", "sorry", "we", "understand", "your", "frustration", "ik",
      "bel", "u", "morgen", "Wat", "ZEG", ".", ",", "!", "?", "'", "\"", "-", ":", "(", ")", "...",
      " ", " ", " ", "\n", "\r\n", "\t", "\u00a0", "\u200b", "\u2028", "\u3000", "\n\n",
      // emoji: modifiers, ZWJ sequences, flags, keycaps, variation selectors
      "\U0001F600", "\U0001F44D\U0001F3FD",
      "\U0001F469\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466",
      "\U0001F3F3\uFE0F\u200D\U0001F308", "\U0001F1F3\U0001F1F1", "1\uFE0F\u20E3", "\u2764\uFE0F",
      "\U0001F9D1\U0001F3FF\u200D\U0001F91D\u200D\U0001F9D1\U0001F3FB", "\u200D", "\u200C",
      "\uFE0F",
      // right-to-left text and bidi controls
      "\u0645\u0631\u062D\u0628\u0627", "\u05E9\u05DC\u05D5\u05DD", "\u202E", "\u200F", "\u2067",
      "\u202C",
      // combining marks
      "e\u0301", "\u0301\u0301\u0301", "Z\u0334\u0321\u032A\u0353\u0326\u0323\u032B\u0316",
      "\u0345",
      // characters NFKC case folding grows, shrinks or reorders
      "\uFB01", "\u216B", "\u3392", "\uFDFA", "\u01C5", "\u00DF", "\u0130", "\u1E9E", "\u212B",
      "\u00BD", "\u2460", "\uFF37\uFF41\uFF54", "\uFF83", "\u0390", "\u0149", "\u1F80",
      // typography the normaliser folds
      "\u2019", "\u2018", "\u201C", "\u201D", "\u2013", "\u2014", "\u2011", "\u2026",
      // special tokens
      "\u20AC12,50", "\u20AC 12,50", "48213", "ab-12345", "1234AB", "https://x.nl/a?b=c",
      "jan@example.nl", "@user", "#tag", "12:00", "NL91ABNA0417164300", "06-12345678", "'s avonds",
      "zo'n", "don't",
      // scripts with dictionary word breaking
      "\u4F60\u597D", "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35", "\u1100\u1161",
      // NUL, controls and invalid UTF-8
      std::string(1, '\0'), "\x01", "\x7f", "\xed\xa0\x80", "\xc0\xaf", "\x80", "\xe2\x82",
      "\xf4\x90\x80\x80", "\xff", "\xf0\x9f\x98"};
  return all;
}

class RandomReplies {
 public:
  explicit RandomReplies(const Analyzer& analyzer, std::vector<Reply> corpus)
      : corpus_(std::move(corpus)) {
    for (const Rule& r : analyzer.rules().rules)
      for (const RuleExample& e : r.match_examples) phrases_.push_back(e.reply);
  }

  Reply next(size_t i) {
    Reply reply;
    reply.id = "random-" + std::to_string(i);
    reply.text = text(i);
    if (chance(30)) reply.customer = text(i + 1);
    if (chance(10)) {
      for (size_t t = pick(4); t-- > 0;)
        reply.thread.push_back({chance(50) ? "customer" : "agent", text(i + t)});
    }
    const size_t lang = pick(5);
    reply.lang = lang == 0 ? "nl" : lang == 1 ? "en" : "auto";
    if (chance(20)) reply.sent_at = chance(80) ? "2026-03-02T09:14" : text(i);
    return reply;
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(size_t percent) { return pick(100) < percent; }
  const std::string& atom() { return atoms()[pick(atoms().size())]; }

  std::string text(size_t i) {
    if (i % 97 == 0) return long_token();
    switch (pick(4)) {
      case 0: {  // random bytes
        std::string s(pick(257), '\0');
        for (char& c : s) c = static_cast<char>(pick(256));
        return s;
      }
      case 1: {  // a soup of hard characters
        std::string s;
        for (size_t n = 1 + pick(80); n-- > 0;) s += atom();
        return s;
      }
      case 2: {  // rule phrases, shouted, glued and broken up by hard characters
        std::string s;
        for (size_t n = 1 + pick(6); n-- > 0;) {
          std::string phrase = phrases_[pick(phrases_.size())];
          if (chance(30))
            std::transform(phrase.begin(), phrase.end(), phrase.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
          s += phrase;
          for (size_t k = pick(3); k-- > 0;) s += atom();
        }
        if (chance(30)) s.insert(pick(s.size() + 1), atom());  // may split a character
        return s;
      }
      default: {  // a corpus reply cut and spliced at arbitrary bytes
        const std::string& a = corpus_[pick(corpus_.size())].text;
        const std::string& b = corpus_[pick(corpus_.size())].text;
        return a.substr(0, pick(a.size() + 1)) + atom() + b.substr(pick(b.size() + 1));
      }
    }
  }

  // One enormous token, or a base letter under thousands of combining marks.
  std::string long_token() {
    static const std::vector<std::string> units = {
        "a", "1", "\U0001F600", "\u20AC", "e\u0301", "\u0301", "\U0001F469\u200D", "/x", "\xff"};
    const std::string& unit = units[pick(units.size())];
    std::string s = chance(50) ? "Wat vervelend zeg " : "https://example.nl/";
    for (size_t n = 1000 + pick(9000); n-- > 0;) s += unit;
    return s + " neem contact op met de leverancier.";
  }

  std::mt19937_64 rng_{20260302};
  std::vector<Reply> corpus_;
  std::vector<std::string> phrases_;
};

Analysis with_span(std::string text, Span span) {
  Analysis a;
  a.scores = {70, 70};
  Finding f;
  f.rule = "test.rule";
  f.category = "deflection";
  f.text = std::move(text);
  f.span = span;
  a.findings.push_back(f);
  return a;
}

bool mentions(const std::vector<std::string>& violations, std::string_view what) {
  return std::any_of(violations.begin(), violations.end(),
                     [&](const std::string& v) { return v.find(what) != std::string::npos; });
}

}  // namespace

TEST_CASE("invariants checker decodes invalid UTF-8 as browsers do") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(decode_utf8_whatwg("a\xC0\x80z") == "a" + fffd + fffd + "z");          // never a lead
  CHECK(decode_utf8_whatwg("\xE0\x80\x80") == fffd + fffd + fffd);             // overlong
  CHECK(decode_utf8_whatwg("\xED\xA0\x80") == fffd + fffd + fffd);             // surrogate
  CHECK(decode_utf8_whatwg("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // > U+10FFFF
  CHECK(decode_utf8_whatwg("\xE2\x82z") == fffd + "z");  // truncated: one unit
  CHECK(decode_utf8_whatwg("\xF0\x9F\x98") == fffd);
  CHECK(decode_utf8_whatwg("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");
  // The engine's repair (ICU) and this independent decoder agree on random bytes.
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 8 < 5 ? 0x80 + rng() % 0x80 : rng() % 256);
    INFO("input " << i);
    CHECK(decode_utf8_whatwg(s) == repair_utf8(s).text);
  }
}

TEST_CASE("invariants checker reports each kind of broken analysis") {
  const ScoringConfig scoring;
  const std::string reply = "a\xE2\x82z \xF0\x9F\x98\x80 ok";  // a, invalid unit, z, space, emoji
  // Valid spans: "z" is byte 3, UTF-16 offset 2 (the invalid pair of bytes is one unit).
  CHECK(check_analysis_invariants(reply, with_span("z", {3, 4, 2, 3}), scoring).empty());
  CHECK(check_analysis_invariants(reply, with_span("\xF0\x9F\x98\x80", {5, 9, 4, 6}), scoring)
            .empty());
  CHECK(mentions(check_analysis_invariants(reply, with_span("?", {2, 3, 1, 2}), scoring),
                 "inside a UTF-8 sequence"));
  CHECK(mentions(check_analysis_invariants(reply, with_span("z", {3, 4, 3, 4}), scoring),
                 "UTF-16 offset"));
  CHECK(mentions(check_analysis_invariants(reply, with_span("y", {3, 4, 2, 3}), scoring),
                 "is not the reply's"));
  CHECK(mentions(check_analysis_invariants(reply, with_span("", {4, 3, 0, 0}), scoring),
                 "ends before it starts"));
  CHECK(mentions(check_analysis_invariants(reply, with_span("", {3, 99, 2, 3}), scoring),
                 "ends beyond the reply"));
  CHECK(
      mentions(check_analysis_invariants(reply, with_span("", {3, 3, 2, 2}), scoring), "is empty"));
  Analysis a = with_span("z", {3, 4, 2, 3});
  a.scores.ownership = 101;
  CHECK(mentions(check_analysis_invariants(reply, a, scoring), "outside 0..100"));
  a.scores.ownership = 50;  // below revise_below: the verdict must be revise
  CHECK(mentions(check_analysis_invariants(reply, a, scoring), "does not follow"));
  a.verdict = Verdict::revise;
  CHECK(check_analysis_invariants(reply, a, scoring).empty());
  a.findings.push_back(a.findings[0]);  // the same category twice over the same text
  CHECK(mentions(check_analysis_invariants(reply, a, scoring), "overlaps"));
}

TEST_CASE("invariants hold and output is deterministic for every corpus and fixture reply") {
  const Analyzer& analyzer = test::shipped_analyzer();
  std::vector<Reply> replies;
  for (const fs::path& dir :
       {kSource / "corpus", kSource / "tests/fixtures", kSource / "tests/fixtures/audit"}) {
    for (Reply& r : replies_in(dir)) {
      Reply alone = r;  // without the conversation, and in each language
      alone.customer.clear();
      alone.thread.clear();
      for (const char* lang : {"nl", "en"}) {
        alone.lang = lang;
        replies.push_back(alone);
      }
      replies.push_back(std::move(r));
    }
  }
  REQUIRE(replies.size() >= 3 * 700);
  std::vector<std::string> first;
  for (const Reply& r : replies) first.push_back(checked_json(analyzer, r));
  check_determinism(analyzer, replies, first);
}

TEST_CASE("invariants hold and output is deterministic for seeded random replies") {
  const Analyzer& analyzer = test::shipped_analyzer();
  RandomReplies generator(analyzer, replies_in(kSource / "corpus"));
  std::vector<Reply> replies;
  for (size_t i = 0; i < 3000; ++i) replies.push_back(generator.next(i));
  std::vector<std::string> first;
  for (const Reply& r : replies) first.push_back(checked_json(analyzer, r));
  check_determinism(analyzer, replies, first);
}

TEST_CASE("fuzz seed corpora and found crashes replay through their targets") {
  size_t replayed = 0;
  for (const auto& [name, run] : fuzz::targets()) {
    for (const fs::path& dir :
         {kSource / "fuzz/corpus" / name, kSource / "tests/fixtures/regressions" / name}) {
      if (!fs::is_directory(dir)) continue;
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        INFO(entry.path().string());
        CHECK_NOTHROW(run(test::read_text_file(entry.path().string())));
        ++replayed;
      }
    }
  }
  CHECK(replayed >= 7 * 10);
}
