#include "matcher.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "normalizer.hpp"
#include "rule_loader.hpp"
#include "test_support.hpp"

using namespace replylint;
using nlohmann::json;

namespace {

using test::pattern_rule;

RuleSet load(const json& rules) {
  RuleLoader loader;
  loader.add_pack(json{{"lang", "nl"}, {"rules", rules}}, "test.json");
  return loader.finish();
}

// The matched token texts, as "rule-id:joined text".
std::vector<std::string> run(const RuleSet& set, std::string_view text,
                             std::string_view customer = {}) {
  const Matcher matcher(set.rules);
  const NormalizedText n = Normalizer().normalize(text);
  const TokenizedText t = Tokenizer().tokenize(n);
  const TokenizedText c = Tokenizer().tokenize(Normalizer().normalize(customer));
  std::vector<RuleMatch> matches;
  matcher.match("nl", t, matches, c.joined);
  std::vector<std::string> out;
  for (const RuleMatch& m : matches) {
    std::string_view range = t.joined_range(m.first_token, m.end_token);
    range.remove_prefix(1);
    range.remove_suffix(1);
    out.push_back(set.rules[m.rule].id + ":" + std::string(range));
  }
  return out;
}

using Strings = std::vector<std::string>;

// The prefiltered matcher's matches are the reference's: same rules, same tokens, same order.
void require_same_matches(const std::vector<RuleMatch>& fast,
                          const std::vector<RuleMatch>& reference) {
  REQUIRE(fast.size() == reference.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    CHECK(fast[i].rule == reference[i].rule);
    CHECK(fast[i].first_token == reference[i].first_token);
    CHECK(fast[i].end_token == reference[i].end_token);
  }
}

}  // namespace

TEST_CASE("match respects token edges, also around non-ASCII letters") {
  const RuleSet set = load(
      json::array({pattern_rule("nl.x.lev", {"leverancier"}), pattern_rule("nl.x.een", {"één"})}));
  CHECK(run(set, "de leverancier") == Strings{"nl.x.lev:leverancier"});
  CHECK(run(set, "de leveranciers").empty());
  CHECK(run(set, "deleverancier").empty());
  CHECK(run(set, "\xC3\xA9\xC3\xA9n keer") == Strings{"nl.x.een:één"});
  CHECK(run(set, "\xC3\xA9\xC3\xA9nmaal").empty());
  CHECK(run(set, "ze\xC3\xAB\xC3\xABn \xC3\xA9\xC3\xA9n").size() == 1);
}

TEST_CASE("match finds every occurrence and reports the longest match") {
  const RuleSet set = load(json::array({pattern_rule("nl.x.v", {"vervelend(?: zeg)?"})}));
  CHECK(run(set, "vervelend zeg, vervelend vervelend") ==
        Strings{"nl.x.v:vervelend zeg", "nl.x.v:vervelend", "nl.x.v:vervelend"});
}

TEST_CASE("match runs every pattern of a rule whose words are present") {
  const RuleSet set = load(json::array(
      {pattern_rule("nl.x.a", {"ga naar", "bel ons"}), pattern_rule("nl.x.b", {"nooit"})}));
  CHECK(run(set, "Bel ons of ga naar de winkel") == Strings{"nl.x.a:ga naar", "nl.x.a:bel ons"});
}

TEST_CASE("match suppresses a match when an unless pattern is in the same sentence") {
  const RuleSet set = load(json::array(
      {pattern_rule("nl.x.c", {"contact (?:op )?met de leverancier"}, json::array({"ik heb"}))}));
  CHECK(run(set, "Ik heb contact met de leverancier.").empty());
  CHECK(run(set, "Ik heb het gezien. Neem contact op met de leverancier.") ==
        Strings{"nl.x.c:contact op met de leverancier"});
}

TEST_CASE("an unless pattern in the next or previous sentence suppresses with scope neighbours") {
  const json reason = {{"pattern", "klantgegevens"}, {"scope", "neighbours"}};
  const RuleSet set =
      load(json::array({pattern_rule("nl.x.dm", {"stuur ons een dm"}, json::array({reason}))}));
  CHECK(run(set, "Stuur ons een DM. Dan kunnen we je klantgegevens bekijken.").empty());
  CHECK(run(set, "Je klantgegevens zijn nodig. Stuur ons een DM.").empty());
  // Two sentences away is not a neighbour.
  CHECK(run(set, "Stuur ons een DM. Wij lezen mee. Je klantgegevens blijven veilig.") ==
        Strings{"nl.x.dm:stuur ons een dm"});
  // Each sentence is decided on its own neighbours.
  CHECK(run(set, "Stuur ons een DM. Fijne dag. Stuur ons een DM. Over je klantgegevens.") ==
        Strings{"nl.x.dm:stuur ons een dm"});
  // A plain string, and an object without a scope, stay within the sentence.
  for (const json& same : {json("klantgegevens"), json{{"pattern", "klantgegevens"}}}) {
    const RuleSet narrow =
        load(json::array({pattern_rule("nl.x.dm", {"stuur ons een dm"}, json::array({same}))}));
    CHECK(run(narrow, "Stuur ons een DM met je klantgegevens.").empty());
    CHECK(run(narrow, "Stuur ons een DM. Dan kunnen we je klantgegevens bekijken.") ==
          Strings{"nl.x.dm:stuur ons een dm"});
  }
}

TEST_CASE("an unless pattern anywhere in the reply suppresses with scope reply") {
  const json workaround = {{"pattern", "ik maak (?:\\S+ )?een uitzondering"}, {"scope", "reply"}};
  const RuleSet set = load(json::array(
      {pattern_rule("nl.x.policy", {"volgens de voorwaarden"}, json::array({workaround})),
       pattern_rule("nl.x.other", {"volgens de regels"})}));
  CHECK(run(set,
            "Volgens de voorwaarden valt dit erbuiten. Maar het rek was vol. Ik maak daarom een "
            "uitzondering.") == Strings{});
  CHECK(run(set, "Volgens de voorwaarden valt dit erbuiten. Volgens de regels ook.") ==
        Strings{"nl.x.policy:volgens de voorwaarden", "nl.x.other:volgens de regels"});
  // The decision belongs to its rule: another rule in the same reply still matches.
  CHECK(run(set,
            "Volgens de voorwaarden niet. Volgens de regels ook niet. Ik maak een uitzondering.") ==
        Strings{"nl.x.other:volgens de regels"});
}

TEST_CASE("an unless pattern in the customer's message suppresses with scope customer") {
  const json asked = {{"pattern", "hoe (?:kan|neem) ik (?:\\S+ ){0,3}contact"},
                      {"scope", "customer"}};
  const RuleSet set =
      load(json::array({pattern_rule("nl.x.call", {"bel ons op \\S+"}, json::array({asked}))}));
  CHECK(run(set, "Bel ons op 0800-1234.", "Hoe kan ik telefonisch contact opnemen?").empty());
  CHECK(run(set, "Bel ons op 0800-1234.", "Mijn internet ligt al drie dagen plat.") ==
        Strings{"nl.x.call:bel ons op 0800-1234"});
  // Without a customer message, and with the words only in the reply, it fires.
  CHECK(run(set, "Bel ons op 0800-1234.") == Strings{"nl.x.call:bel ons op 0800-1234"});
  CHECK(run(set, "Hoe kan ik contact opnemen? Bel ons op 0800-1234.") ==
        Strings{"nl.x.call:bel ons op 0800-1234"});
}

TEST_CASE("unless patterns of every scope together, over the patterns of one rule") {
  const json unless = json::array({"gratis",
                                   {{"pattern", "privacy"}, {"scope", "neighbours"}},
                                   {{"pattern", "uitzondering"}, {"scope", "reply"}},
                                   {{"pattern", "nummer \\?"}, {"scope", "customer"}}});
  const RuleSet set = load(json::array({pattern_rule("nl.x.r", {"bel ons", "mail ons"}, unless)}));
  CHECK(run(set, "Bel ons. Mail ons gratis.") == Strings{"nl.x.r:bel ons"});
  CHECK(run(set, "Bel ons. Om je privacy. Nee. Mail ons.") == Strings{"nl.x.r:mail ons"});
  CHECK(run(set, "Bel ons. Nee. Nee. Mail ons. Een uitzondering.").empty());
  CHECK(run(set, "Bel ons. Mail ons.", "Wat is jullie nummer?").empty());
  CHECK(run(set, "Bel ons. Mail ons.", "Wat is jullie nummer.") ==
        Strings{"nl.x.r:bel ons", "nl.x.r:mail ons"});
}

TEST_CASE("each of a rule's unless patterns of one scope suppresses, run as one or apart") {
  // Patterns that surely compile run as one alternation; one whose size the
  // analysis cannot bound (a Unicode class) keeps the rule's patterns apart.
  for (const char* last : {"spoed", "\\pL+ spoed"}) {
    INFO(last);
    const json unless = json::array({"ik heb", "(?:al|reeds) (?:\\S+ )?gebeld", last});
    const RuleSet set = load(json::array({pattern_rule("nl.x.u", {"bel ons"}, unless)}));
    CHECK(run(set, "Bel ons, ik heb tijd.").empty());
    CHECK(run(set, "Bel ons, je hebt al eens gebeld.").empty());
    CHECK(run(set, "Bel ons, met spoed.").empty());
    CHECK(run(set, "Ik heb tijd. Al gebeld? Spoed! Bel ons.") == Strings{"nl.x.u:bel ons"});
  }
}

TEST_CASE("match hands the matches an unless dropped to `excused`") {
  const RuleSet set =
      load(json::array({pattern_rule("nl.x.c", {"bel ons"}, json::array({"112"}))}));
  const Matcher matcher(set.rules);
  const TokenizedText t =
      Tokenizer().tokenize(Normalizer().normalize("Bel ons. Bij brand: bel ons of 112."));
  std::vector<RuleMatch> kept, excused;
  matcher.match("nl", t, kept, {}, &excused);
  REQUIRE(kept.size() == 1);
  REQUIRE(excused.size() == 1);
  CHECK(t.tokens[kept[0].first_token].sentence == 0);
  CHECK(t.tokens[excused[0].first_token].sentence == 1);
}

TEST_CASE("excuses tells whether a check rule's unless matches in the reply or the customer") {
  json check = pattern_rule("nl.no-next-step.x", {"x"},
                            json::array({{{"pattern", "gelieve"}, {"scope", "reply"}},
                                         {{"pattern", "bedankt ?!"}, {"scope", "customer"}}}));
  check.erase("patterns");
  check["category"] = "no_next_step";
  check["check"] = "no_next_step";
  const RuleSet set = load(json::array({check, pattern_rule("nl.x.other", {"x"})}));
  const Matcher matcher(set.rules);
  auto tokens = [](std::string_view text) {
    return Tokenizer().tokenize(Normalizer().normalize(text));
  };
  const TokenizedText thanks = tokens("Bedankt!");
  CHECK(matcher.excuses("nl", 0, tokens("Wij kijken ernaar. Gelieve te wachten."), {}));
  CHECK(matcher.excuses("nl", 0, tokens("Wij kijken ernaar."), thanks.joined));
  CHECK_FALSE(matcher.excuses("nl", 0, tokens("Wij kijken ernaar."), tokens("Bedankt.").joined));
  CHECK_FALSE(matcher.excuses("nl", 1, tokens("Gelieve te wachten."), thanks.joined));
  CHECK_FALSE(matcher.excuses("en", 0, tokens("Gelieve te wachten."), {}));
}

TEST_CASE("match ignores rules of other languages and empty text") {
  const RuleSet set = load(json::array({pattern_rule("nl.x.a", {"ga naar"})}));
  const Matcher matcher(set.rules);
  const NormalizedText n = Normalizer().normalize("ga naar");
  const TokenizedText t = Tokenizer().tokenize(n);
  std::vector<RuleMatch> matches;
  matcher.match("en", t, matches);
  CHECK(matches.empty());
  CHECK(run(set, "").empty());
}

namespace {

// Every reply of corpus/*.jsonl and every example of the shipped rules.
std::vector<std::string> shipped_texts() {
  std::vector<std::string> texts;
  for (const char* lang : {"nl", "en"}) {
    std::ifstream in(std::string(REPLYLINT_SOURCE_DIR) + "/corpus/" + lang + ".jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) texts.push_back(json::parse(line).at("reply").get<std::string>());
  }
  for (const Rule& rule : test::shipped_analyzer().rules().rules) {
    for (const auto* examples : {&rule.match_examples, &rule.no_match_examples})
      for (const RuleExample& e : *examples) texts.push_back(e.reply);
  }
  // Long texts, where many patterns are candidates in many places, and the
  // spans a pattern runs in meet and merge.
  const size_t short_texts = texts.size();
  for (int round = 0; round < 3; ++round) {
    for (size_t start = 0; start + 20 <= short_texts; start += 20) {
      std::string joined;
      for (size_t i = start; i < start + 20; ++i) joined += texts[i] + "\n\n";
      texts.push_back(std::move(joined));
    }
  }
  return texts;
}

}  // namespace

// A pattern with a branch that has no literal every match contains, keyed by a
// whole word or by the first or last two bytes of one, runs on every reply:
// "\\S+ \\S+" has none. Spelling out a word next to the open part gives the
// prefilter its literal back.
TEST_CASE("every shipped pattern has a literal the prefilter looks for") {
  const std::vector<Rule>& rules = test::shipped_analyzer().rules().rules;
  const Matcher matcher(rules);
  for (const char* lang : {"nl", "en"}) {
    for (size_t r : matcher.unfiltered_rules(lang)) {
      INFO(std::string(lang) << ": a pattern of " << rules[r].id << " runs on every reply");
      CHECK(false);
    }
  }
}

TEST_CASE("the literal prefilter changes no match of the shipped rules") {
  const std::vector<Rule>& rules = test::shipped_analyzer().rules().rules;
  const Matcher prefiltered(rules);
  const Matcher every_pattern(rules, Matcher::Strategy::every_pattern);
  const std::vector<std::string> texts = shipped_texts();
  REQUIRE(texts.size() > 1500);
  size_t matched = 0, candidates = 0, runs = 0;
  for (const std::string& text : texts) {
    const NormalizedText n = Normalizer().normalize(text);
    const TokenizedText t = Tokenizer().tokenize(n);
    for (const char* lang : {"nl", "en"}) {
      std::vector<RuleMatch> fast, reference;
      prefiltered.match(lang, t, fast);
      every_pattern.match(lang, t, reference);
      require_same_matches(fast, reference);
      matched += fast.size();
      candidates += prefiltered.candidates(lang, t.joined).size();
      runs += every_pattern.candidates(lang, t.joined).size();
    }
  }
  CHECK(matched > 1000);
  // The point of the prefilter: a small share of the patterns runs at all.
  CHECK(candidates * 10 < runs);
}

// Patterns compile when a reply first needs them, on whichever thread that is:
// threads that share a fresh matcher must each see every match.
TEST_CASE("threads sharing a fresh matcher find what one thread finds") {
  const std::vector<Rule>& rules = test::shipped_analyzer().rules().rules;
  std::vector<TokenizedText> texts;
  for (const std::string& text : shipped_texts())
    texts.push_back(Tokenizer().tokenize(Normalizer().normalize(text)));
  using Found = std::vector<std::vector<RuleMatch>>;  // per text and language
  auto run_all = [&](const Matcher& matcher, size_t first) {
    Found found(texts.size() * 2);
    for (size_t k = 0; k < texts.size(); ++k) {
      const size_t i = (first + k) % texts.size();  // each thread starts elsewhere
      matcher.match("nl", texts[i], found[2 * i]);
      matcher.match("en", texts[i], found[2 * i + 1]);
    }
    return found;
  };
  const Found reference = run_all(Matcher(rules, Matcher::Strategy::every_pattern), 0);
  const Matcher shared(rules);
  std::vector<Found> per_thread(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < per_thread.size(); ++t)
    threads.emplace_back([&, t] { per_thread[t] = run_all(shared, t * 7); });
  // A server compiles everything up front, and `check` beside its analysis:
  // meanwhile others may match.
  threads.emplace_back([&] { shared.compile_all(); });
  threads.emplace_back([&] { shared.compile_all_until(std::stop_token{}); });
  for (std::thread& t : threads) t.join();
  size_t matched = 0;
  for (const Found& found : per_thread) {
    for (size_t i = 0; i < found.size(); ++i) {
      require_same_matches(found[i], reference[i]);
      matched += found[i].size();
    }
  }
  CHECK(matched > 4000);
}

TEST_CASE(
    "a pattern without a literal word always runs and others only when their words are present") {
  // " ? " (the wrapped pattern's edges count) is a word for the prefilter; "\S+ \S+" has none.
  const RuleSet set = load(json::array(
      {pattern_rule("nl.x.lit", {"neem contact op met (?:de|het) \\S+"}),
       pattern_rule("nl.x.ask", {"\\S+ \\?"}), pattern_rule("nl.x.any", {"\\S+ \\S+"})}));
  const Matcher matcher(set.rules);
  CHECK(matcher.candidates("nl", " goedemorgen , alles goed ? ") == std::vector<int>{1, 2});
  CHECK(matcher.candidates("nl", " neem contact op met de bank ") == std::vector<int>{0, 2});
  CHECK(matcher.candidates("nl", " bank ") == std::vector<int>{2});
  CHECK(matcher.candidates("en", " bank ").empty());
}

TEST_CASE("a pattern runs only where its words stand near enough, and after its first words") {
  // Matches of nl.x.lead begin with " wij ": "begrijpen" must follow it. Those
  // of nl.x.late may begin a word earlier, so the prefilter takes "wij" as
  // any word it needs, which may stand on either side of the others.
  const RuleSet set =
      load(json::array({pattern_rule("nl.x.lead", {"wij (?:\\S+ ){0,2}begrijpen"}),
                        pattern_rule("nl.x.late", {"(?:\\S+ )?wij (?:\\S+ ){0,2}begrijpen"})}));
  const Matcher matcher(set.rules);
  CHECK(matcher.candidates("nl", " wij kunnen dat begrijpen ") == std::vector<int>{0, 1});
  CHECK(matcher.candidates("nl", " begrijpen doen wij het ") == std::vector<int>{1});
  CHECK(matcher.candidates("nl", " wij zullen dat nu echt heus nooit meer begrijpen ").empty());
}

TEST_CASE("a pattern runs only where a byte its words allow follows them") {
  const RuleSet set = load(json::array({pattern_rule("nl.x.clock", {"(?:voor|om) \\d\\d? uur"})}));
  const Matcher matcher(set.rules);
  CHECK(matcher.candidates("nl", " voor 12 uur ") == std::vector<int>{0});
  CHECK(matcher.candidates("nl", " om 9 uur ") == std::vector<int>{0});
  CHECK(matcher.candidates("nl", " voor de deur om half tien uur ").empty());
}

TEST_CASE(
    "one report names every pattern that fails to compile, in every language, in rule order") {
  RuleLoader loader;
  json en_rule = pattern_rule("en.x.huge", {"go to \\pL{1000}"});
  json nl_empty = pattern_rule("nl.x.empty", {"ga naar", "(?:weg)?"});
  json nl_unless = pattern_rule("nl.x.unless", {"ga naar"}, {"(?:niet)?"});
  loader.add_pack(json{{"lang", "nl"}, {"rules", {nl_empty, nl_unless}}}, "nl.json");
  loader.add_pack(json{{"lang", "en"}, {"rules", {en_rule}}}, "en.json");
  const RuleSet set = loader.finish();  // the syntax is fine: only compiling finds these
  try {
    const Matcher matcher(set.rules);
    FAIL("expected a RuleError");
  } catch (const RuleError& e) {
    REQUIRE(e.problems().size() == 3);
    CHECK(e.problems()[0] ==
          "nl.json: rule nl.x.empty: pattern 2 \"(?:weg)?\": the pattern can match empty text");
    CHECK(e.problems()[1] ==
          "nl.json: rule nl.x.unless: unless 1 \"(?:niet)?\": the pattern can match empty text");
    CHECK(e.problems()[2].find("en.json: rule en.x.huge: pattern 1") == 0);
    CHECK(e.problems()[2].find("memory budget of 8 MiB") != std::string::npos);
  }
}

// Windows and exact patterns on texts made for them: a few words over and over,
// so matches start and end at every word, overlap, repeat and run to the edge
// of the reach a pattern's spaces allow. Both strategies must agree.
TEST_CASE("the prefilter changes no match of patterns with gaps on dense random texts") {
  const RuleSet set = load(json::array({
      pattern_rule(
          "nl.x.gap", {"aa (?:\\S+ ){0,2}bb"},
          json::array({"q (?:\\S+ )?bb", json{{"pattern", "w \\. w"}, {"scope", "neighbours"}},
                       json{{"pattern", "x1 x1 x1"}, {"scope", "reply"}}})),
      pattern_rule("nl.x.alt", {"aa bb|aa bb cc", "cc(?: dd)?(?: aa)?"}),
      pattern_rule("nl.x.opt", {"(?:bb )?cc(?: dd)?", "cc (?:\\S+ )?cc"}),
      pattern_rule("nl.x.part", {"dd\\S*", "\\S+ee", "x[12] (?:y|z)"}),
      pattern_rule("nl.x.open", {"aa [^)]* ee", "bb(?: bb)*", "aa (?:\\S+ )+dd"}),
      pattern_rule("nl.x.far", {"y (?:y|z) (?:\\S+ ){1,3}w", "(?:aa|bb) , (?:\\S+ ){0,4}\\. cc"}),
      // Tried only where their first words stand: starts that overlap, an
      // optional first word, and a branch that is not tried so beside one that is.
      pattern_rule("nl.x.lead", {"(?:bb )?(?:aa )?cc (?:\\S+ ){0,2}dd", "aa (?:aa |bb )*bb",
                                 "aa (?:\\S+ )?cc|(?:\\S+ )?dd bb"}),
      // Literals that only some bytes may follow.
      pattern_rule("nl.x.next", {"(?:aa|bb) \\d+ (?:\\S+ )?ee", "cc x[1-9]", "dd(?: 7)? ,"}),
  }));
  const Matcher prefiltered(set.rules);
  const Matcher every_pattern(set.rules, Matcher::Strategy::every_pattern);
  const std::vector<std::string> words = {"aa", "bb", "cc", "dd", "dda", "ee", "xee",
                                          "x1", "x2", "y",  "z",  "w",   "(",  ")",
                                          ",",  ".",  "q",  "7",  "78"};
  std::mt19937 random(20261122);
  size_t matched = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t length = 1 + random() % 60;
    for (size_t i = 0; i < length; ++i) text += words[random() % words.size()] + " ";
    const TokenizedText t = Tokenizer().tokenize(Normalizer().normalize(text));
    std::vector<RuleMatch> fast, reference;
    prefiltered.match("nl", t, fast);
    every_pattern.match("nl", t, reference);
    INFO(text);
    require_same_matches(fast, reference);
    matched += fast.size();
  }
  CHECK(matched > 20000);
}
