// Hostile rule files and replies: rules over RE2's memory budget are refused at
// load naming the rule, many large rules still load, and replies shaped to
// trigger quadratic work are analysed (in linear time: measured, not asserted
// here; see README "Limits").
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analysis_invariants.hpp"
#include "analyzer.hpp"
#include "matcher.hpp"
#include "normalizer.hpp"
#include "rule_loader.hpp"
#include "test_support.hpp"

using namespace replylint;
using nlohmann::json;

namespace {

using test::pattern_rule;

json pack(json rules, json vocabularies = json::object()) {
  return {{"lang", "en"},
          {"profile", {{"stopwords", {"the"}}}},
          {"vocabularies", std::move(vocabularies)},
          {"rules", std::move(rules)}};
}

// Every problem of the RuleError `load` throws, one per line ("" if none).
template <typename Load>
std::string load_problems(Load load) {
  try {
    load();
  } catch (const RuleError& e) {
    std::string all;
    for (const auto& p : e.problems()) all += p + "\n";
    return all;
  }
  return "";
}

RuleSet load_pack(const json& p) {
  RuleLoader loader;
  loader.add_pack(p, "<test>");
  return loader.finish();
}

Analysis analyze_checked(const std::string& text, const std::string& customer = "") {
  const Analyzer& analyzer = test::shipped_analyzer();
  Reply reply;
  reply.text = text;
  reply.customer = customer;
  const Analysis a = analyzer.analyze(reply);
  const auto violations = check_analysis_invariants(text, a, analyzer.config().scoring);
  CHECK(violations.empty());
  return a;
}

std::string repeat(std::string_view unit, size_t times) {
  std::string s;
  s.reserve(unit.size() * times);
  while (times-- > 0) s += unit;
  return s;
}

}  // namespace

TEST_CASE("limits: a pattern over RE2's memory budget is refused at load with its rule id") {
  const std::string problems = load_problems([] {
    Analyzer(load_pack(pack({pattern_rule("en.deflection.huge", {"go to \\pL{1000}"})})), Config{});
  });
  CHECK(problems.find("rule en.deflection.huge") != std::string::npos);
  CHECK(problems.find("memory budget of 8 MiB") != std::string::npos);
}

TEST_CASE("limits: vocabularies that grow geometrically are refused before memory runs out") {
  // Twelve levels of eight references each would expand to 8^12 copies.
  json vocab = {{"v0", {"ab", "cd"}}};
  for (int k = 1; k <= 12; ++k)
    vocab["v" + std::to_string(k)] = {repeat("{v" + std::to_string(k - 1) + "}", 8)};
  const std::string problems = load_problems(
      [&] { load_pack(pack({pattern_rule("en.deflection.bomb", {"go {v12}"})}, vocab)); });
  CHECK(problems.find("vocabulary \"v12\": expands to more than 256 KiB") != std::string::npos);
  // Vocabularies that fit, used often enough in one pattern: the rule is named.
  vocab.erase("v12");
  for (int k = 5; k < 12; ++k) vocab.erase("v" + std::to_string(k));
  const std::string in_rule = load_problems([&] {
    load_pack(pack({pattern_rule("en.deflection.wide", {"go " + repeat("{v4}", 8)})}, vocab));
  });
  CHECK(in_rule.find("rule en.deflection.wide: pattern 1") != std::string::npos);
  CHECK(in_rule.find("expands to more than 256 KiB") != std::string::npos);
}

TEST_CASE("limits: many large alternations load together, each pattern running alone") {
  // 48 rules, each an alternation of 700 random words: 33,600 words for the
  // keyword index, loaded and matched together.
  json rules = json::array();
  std::vector<std::string> last_word;
  uint32_t seed = 1;
  for (int r = 0; r < 48; ++r) {
    std::string alternation = "go to (?:", word;
    for (int w = 0; w < 700; ++w) {
      if (w) alternation += '|';
      word.clear();
      for (int c = 0; c < 8; ++c) {
        seed = seed * 1103515245 + 12345;
        word += static_cast<char>('a' + (seed >> 16) % 26);
      }
      alternation += word;
    }
    last_word.push_back(word);
    rules.push_back(pattern_rule("en.deflection.r" + std::to_string(r), {alternation + ")"}));
  }
  const Analyzer analyzer(load_pack(pack(rules)), Config{});
  Reply reply;
  reply.lang = "en";
  reply.text = "Please go to " + last_word[47] + " and go to " + last_word[3] + ".";
  std::vector<std::string> ids = analyzer.matching_rules(reply);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"en.deflection.r3", "en.deflection.r47"});
  reply.text = "Please go to " + last_word[47].substr(1) + ".";
  CHECK(analyzer.matching_rules(reply).empty());
}

TEST_CASE("limits: unless patterns of every scope are decided once per sentence and per reply") {
  // None of the unless patterns matches, so every decision scans its text: once
  // per rule for the reply and the customer, once per sentence (with its
  // neighbours) however many matches the sentence holds.
  json r = pattern_rule("en.deflection.shop", {"go to the shop", "visit the shop"});
  r["unless"] = json::array({"by hand",
                             {{"pattern", "i did it"}, {"scope", "neighbours"}},
                             {{"pattern", "manually"}, {"scope", "reply"}},
                             {{"pattern", "where is the shop \\?"}, {"scope", "customer"}}});
  const RuleSet set = load_pack(pack(json::array({r})));
  const Matcher matcher(set.rules);
  const std::string text = repeat("Go to the shop. ", 20000) +
                           repeat("go to the shop and visit the shop and ", 20000) + "done.";
  const NormalizedText n = Normalizer().normalize(text);
  const TokenizedText t = Tokenizer().tokenize(n);
  const TokenizedText customer =
      Tokenizer().tokenize(Normalizer().normalize(repeat("the shop is closed again ", 20000)));
  std::vector<RuleMatch> matches;
  matcher.match("en", t, matches, customer.joined);
  CHECK(matches.size() == 60000);
}

TEST_CASE("limits: replies shaped for quadratic work are analysed") {
  // Runs special-token scanning once rescanned from every start inside them.
  for (const char* unit : {"/x", "a.", "x-", "1.", "1-"})
    analyze_checked("Wat vervelend zeg " + repeat(unit, 100000) + "\xC3\xA9 neem contact op.");
  // One sentence holding thousands of matches of a rule with `unless`.
  const Analysis a =
      analyze_checked(repeat("daarvoor moet u bij de leverancier zijn en ", 20000) + "zo.");
  CHECK(!a.findings.empty());
  // A base letter under 100000 combining marks, and emoji glued by ZWJ.
  analyze_checked("e" + repeat("\xCC\x81", 100000) + " " +
                  repeat("\xF0\x9F\x91\xA9\xE2\x80\x8D", 50000));
  // A long customer message and reply of distinct words (letters only, so not
  // reference numbers): each customer word is compared with the reply's words.
  auto word = [](std::string prefix, int i) {
    for (; i > 0; i /= 26) prefix += static_cast<char>('a' + i % 26);
    return prefix + " ";
  };
  std::string customer, reply;
  for (int i = 0; i < 20000; ++i) {
    customer += word("klantwoord", i);
    reply += word("antwoordwoord", i);
  }
  analyze_checked(reply, customer);
}
