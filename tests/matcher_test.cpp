#include "matcher.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "normalizer.hpp"
#include "rule_loader.hpp"

using namespace replylint;
using nlohmann::json;

namespace {

json rule(const std::string& id, const std::vector<std::string>& patterns,
          const std::vector<std::string>& unless = {}) {
  json r = {{"id", id},
            {"category", "deflection"},
            {"dimension", "ownership"},
            {"severity", "error"},
            {"weight", 10},
            {"patterns", patterns},
            {"message", "m"},
            {"suggestion", "s"},
            {"explanation", "e"},
            {"examples", {{"match", {"x"}}, {"no_match", {"y"}}}}};
  if (!unless.empty()) r["unless"] = unless;
  return r;
}

RuleSet load(const json& rules) {
  RuleLoader loader;
  loader.add_pack(json{{"lang", "nl"}, {"rules", rules}}, "test.json");
  return loader.finish();
}

// The matched token texts, as "rule-id:joined text".
std::vector<std::string> run(const RuleSet& set, std::string_view text) {
  const Matcher matcher(set.rules);
  const NormalizedText n = Normalizer().normalize(text);
  const TokenizedText t = Tokenizer().tokenize(n);
  std::vector<RuleMatch> matches;
  matcher.match("nl", t, matches);
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

}  // namespace

TEST_CASE("match respects token edges, also around non-ASCII letters") {
  const RuleSet set =
      load(json::array({rule("nl.x.lev", {"leverancier"}), rule("nl.x.een", {"één"})}));
  CHECK(run(set, "de leverancier") == Strings{"nl.x.lev:leverancier"});
  CHECK(run(set, "de leveranciers").empty());
  CHECK(run(set, "deleverancier").empty());
  CHECK(run(set, "\xC3\xA9\xC3\xA9n keer") == Strings{"nl.x.een:één"});
  CHECK(run(set, "\xC3\xA9\xC3\xA9nmaal").empty());
  CHECK(run(set, "ze\xC3\xAB\xC3\xABn \xC3\xA9\xC3\xA9n").size() == 1);
}

TEST_CASE("match finds every occurrence and reports the longest match") {
  const RuleSet set = load(json::array({rule("nl.x.v", {"vervelend(?: zeg)?"})}));
  CHECK(run(set, "vervelend zeg, vervelend vervelend") ==
        Strings{"nl.x.v:vervelend zeg", "nl.x.v:vervelend", "nl.x.v:vervelend"});
}

TEST_CASE("match runs only the patterns the set reports, for each of a rule's patterns") {
  const RuleSet set =
      load(json::array({rule("nl.x.a", {"ga naar", "bel ons"}), rule("nl.x.b", {"nooit"})}));
  CHECK(run(set, "Bel ons of ga naar de winkel") == Strings{"nl.x.a:ga naar", "nl.x.a:bel ons"});
}

TEST_CASE("match suppresses a match when an unless pattern is in the same sentence") {
  const RuleSet set =
      load(json::array({rule("nl.x.c", {"contact (?:op )?met de leverancier"}, {"ik heb"})}));
  CHECK(run(set, "Ik heb contact met de leverancier.").empty());
  CHECK(run(set, "Ik heb het gezien. Neem contact op met de leverancier.") ==
        Strings{"nl.x.c:contact op met de leverancier"});
}

TEST_CASE("match ignores rules of other languages and empty text") {
  const RuleSet set = load(json::array({rule("nl.x.a", {"ga naar"})}));
  const Matcher matcher(set.rules);
  const NormalizedText n = Normalizer().normalize("ga naar");
  const TokenizedText t = Tokenizer().tokenize(n);
  std::vector<RuleMatch> matches;
  matcher.match("en", t, matches);
  CHECK(matches.empty());
  CHECK(run(set, "").empty());
}
