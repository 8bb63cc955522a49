#include "pattern_analysis.hpp"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "normalizer.hpp"
#include "rule_loader.hpp"
#include "test_support.hpp"
#include "tokenizer.hpp"

using namespace replylint;

namespace {

using Texts = std::vector<std::string>;

// Each requirement of the pattern's only branch, as "literal|key" strings.
std::vector<Texts> requirements(std::string_view pattern) {
  const PatternAnalysis a = analyse_pattern(pattern);
  REQUIRE(a.branches.size() == 1);
  std::vector<Texts> out;
  for (const auto& req : a.branches.front().requirements) {
    Texts& texts = out.emplace_back();
    for (const KeyedLiteral& lit : req) texts.push_back(lit.text + "|" + std::string(lit.key()));
  }
  return out;
}

size_t max_spaces(std::string_view pattern) {
  const PatternAnalysis a = analyse_pattern(pattern);
  REQUIRE(a.branches.size() == 1);
  return a.branches.front().max_spaces;
}

constexpr size_t kUnbounded = PatternAnalysis::kUnbounded;

}  // namespace

TEST_CASE("a literal pattern requires itself, keyed by its longest pair of words") {
  CHECK(requirements("neem contact op") == std::vector<Texts>{{" neem contact op |neem contact"}});
  CHECK(requirements("leverancier") == std::vector<Texts>{{" leverancier |leverancier"}});
  CHECK(max_spaces("neem contact op") == 4);
}

TEST_CASE("alternatives and optional parts give every literal a match can contain") {
  CHECK(requirements("(?:ik|wij) bel(?:len)? u") ==
        std::vector<Texts>{{" ik bel u |ik bel", " ik bellen u |ik bellen", " wij bel u |wij bel",
                            " wij bellen u |wij bellen"}});
}

TEST_CASE("a branch of few literal strings is exact: its literals are its matches") {
  const PatternAnalysis a = analyse_pattern("(?:ik|wij) bel(?:len)? u|computer says no");
  REQUIRE(a.branches.size() == 2);
  CHECK(a.branches[0].exact);
  CHECK(a.branches[0].requirements.size() == 1);
  CHECK(a.branches[0].requirements[0].size() == 4);
  CHECK(a.branches[1].exact);
  for (const char* open : {"bel \\S+", "bel [a-z]+", "bel u$", "bel(?:len)*"})
    CHECK_FALSE(analyse_pattern(open).branches.at(0).exact);
  // Every string an exact branch can match is one of its literals, and no more.
  const RE2 re(wrap_pattern("(?:ik|wij) bel(?:len)? u"));
  for (const KeyedLiteral& lit : a.branches[0].requirements[0]) CHECK(RE2::FullMatch(lit.text, re));
}

TEST_CASE("parts apart from each other are required each, the most telling first") {
  // \d+ breaks the literal: "tussen" and "en" are both required.
  CHECK(requirements("tussen \\d+ en \\d+") ==
        std::vector<Texts>{{" tussen |tussen"}, {" en |en"}});
  CHECK(max_spaces("tussen \\d+ en \\d+") == 5);
}

TEST_CASE("a key may be the start or end of a word that a pattern leaves open") {
  const PatternAnalysis a = analyse_pattern("backoffice\\S*");
  REQUIRE(a.branches.size() == 1);
  REQUIRE(a.branches[0].requirements.size() == 1);
  const KeyedLiteral& lit = a.branches[0].requirements[0].at(0);
  CHECK(lit.text == " backoffice");
  CHECK(lit.place == KeyPlace::word_start);
  CHECK(lit.key() == "back");
  const KeyedLiteral end = analyse_pattern("\\S+thuis").branches.at(0).requirements.at(0).at(0);
  CHECK(end.text == "thuis ");
  CHECK(end.place == KeyPlace::word_end);
  CHECK(end.key() == "huis");
  // Four bytes when the literal spells them out, else two.
  const KeyedLiteral short_end = analyse_pattern("\\S+en").branches.at(0).requirements.at(0).at(0);
  CHECK(short_end.place == KeyPlace::word_end);
  CHECK(short_end.key() == "en");
}

TEST_CASE("a word that may run on into other characters is never a whole-word key") {
  // "nummer" may be the end of "klantnummer": only its end can key it.
  const PatternAnalysis a = analyse_pattern("[a-z]*nummer");
  REQUIRE(a.branches.size() == 1);
  REQUIRE_FALSE(a.branches[0].requirements.empty());
  for (const auto& req : a.branches[0].requirements)
    for (const KeyedLiteral& lit : req) CHECK(lit.place != KeyPlace::word);
  // Nothing bounds "abc" on either side: no key at all.
  CHECK(analyse_pattern("x*abc[a-z]").branches.at(0).requirements.empty());
}

TEST_CASE("a branch that begins with literals can only match where one of them begins") {
  auto leading = [](std::string_view pattern) {
    return analyse_pattern(pattern).branches.at(0).leading;
  };
  // The run from the start comes first, even when a rarer word tells more.
  CHECK(leading("(?:ik|we) (?:\\S+ ){0,2}klantenservicemedewerker"));
  CHECK(requirements("(?:ik|we) (?:\\S+ ){0,2}klantenservicemedewerker") ==
        std::vector<Texts>{{" ik |ik", " we |we"},
                           {"klantenservicemedewerker |klantenservicemedewerker"}});
  // An optional first word: a match begins with either spelling. That run
  // also stands for the rarer "wat" inside it.
  CHECK(leading("(?:oei )?wat (?:\\S+ )?erg"));
  CHECK(requirements("(?:oei )?wat (?:\\S+ )?erg").front() ==
        Texts{" oei wat |oei wat", " wat |wat"});
  // A match that may begin with any word, or part of one, has no such literals.
  CHECK_FALSE(leading("(?:\\S+ )?bel ons"));
  CHECK_FALSE(leading("[a-z]*nummer (?:\\S+ )?door"));
  CHECK_FALSE(leading("\\S+ -"));
  // An exact branch is matched by its literals alone.
  CHECK_FALSE(leading("bel ons"));
}

TEST_CASE("a literal knows which bytes can follow it in a match") {
  // The bytes a literal allows after it, as a string of the printable ASCII ones.
  auto next_of = [](std::string_view pattern) {
    const PatternAnalysis a = analyse_pattern(pattern);
    REQUIRE(a.branches.size() == 1);
    REQUIRE(!a.branches.front().requirements.empty());
    const KeyedLiteral& lit = a.branches.front().requirements.front().front();
    if (lit.next.all()) return std::string("any");
    std::string out;
    for (int c = ' '; c < 0x7F; ++c)
      if (lit.next.test(static_cast<size_t>(c))) out += static_cast<char>(c);
    return out;
  };
  CHECK(next_of("voor \\d\\d? uur") == "0123456789");
  CHECK(next_of("voor (?:[01]?\\d|2[0-3]) uur") == "0123456789");
  CHECK(next_of("bel ons (?:de|\\S+ )") == []() {
    std::string all;
    for (int c = '!'; c < 0x7F; ++c) all += static_cast<char>(c);
    return all;
  }());
  // The space the matcher wraps a pattern in follows what may end it.
  CHECK(next_of("zo snel mogelijk(?: \\d)?") == " ");
  // A repeat's literal may be followed by its next round or what comes after.
  CHECK(next_of("\\S+ (?:goed )+\\d") == "any");
  CHECK(next_of("niet (?:[^a-z ])+") == []() {
    std::string out;
    for (int c = '!'; c < 0x7F; ++c)
      if (c < 'a' || c > 'z') out += static_cast<char>(c);
    return out;
  }());
}

TEST_CASE("small character classes count as their characters") {
  CHECK(requirements("tier[12]") == std::vector<Texts>{{" tier1 |tier1", " tier2 |tier2"}});
}

TEST_CASE("a top-level alternation is analysed branch by branch") {
  const PatternAnalysis a = analyse_pattern("(?:bel ons \\S+|mail (?:ons|me))");
  REQUIRE(a.branches.size() == 2);
  CHECK(a.branches[0].requirements.size() == 1);
  CHECK(a.branches[0].max_spaces == 4);
  CHECK(a.branches[1].max_spaces == 3);
}

TEST_CASE("spaces are counted through classes, repeats and escapes") {
  CHECK(max_spaces("a(?:\\S+ ){0,3}b") == 5);
  CHECK(max_spaces("a [^)]{2} b") == 6);  // [^)] can be a space
  CHECK(max_spaces("a [a-z ]? b") == 5);  // so can [a-z ]
  CHECK(max_spaces("a\\x20b") == 3);      // an escaped space
  CHECK(max_spaces("a\\x{20}b\\sc") == 4);
  CHECK(max_spaces("a\\Db\\Wc") == 4);  // \D and \W include the space
  CHECK(max_spaces("a[^a-z]b") == 3);
  CHECK(max_spaces("a[^ a-z]b") == 2);
}

TEST_CASE("what the analysis cannot bound it leaves unbounded") {
  CHECK(max_spaces("a .* b") == kUnbounded);
  CHECK(max_spaces("a (?:\\S+ )+b") == kUnbounded);
  CHECK(max_spaces("a [^)]* b") == kUnbounded);
  CHECK(max_spaces("a \\pZ+ b") == kUnbounded);         // a property may hold a space
  CHECK(max_spaces("a [[:print:]]+ b") == kUnbounded);  // so may a named class
  CHECK(max_spaces("a b$") == kUnbounded);              // an empty check depends on the whole text
  CHECK(max_spaces("a\\b b") == kUnbounded);
}

TEST_CASE("syntax the analysis does not read leaves a pattern that runs everywhere") {
  for (const char* pattern :
       {"(?i)abc", "abc\\Qx\\E", "a{2,1}", "ab\\1", "(abc", "abc{", "a\\x{d800}b"}) {
    INFO(pattern);
    const PatternAnalysis a = analyse_pattern(pattern);
    REQUIRE(a.branches.size() == 1);
    CHECK(a.branches[0].requirements.empty());
    CHECK(a.branches[0].max_spaces == kUnbounded);
  }
}

// The contract the matcher's exactness rests on, checked on every match of
// every shipped pattern in the corpus and the rule examples: the match lies
// in one branch's reach (no more spaces than it allows) and contains a literal
// of each of that branch's requirements, with its key where the index finds it.
TEST_CASE("every match of a shipped pattern holds what the analysis says it holds") {
  Texts texts;
  for (const char* lang : {"nl", "en"}) {
    std::ifstream in(std::string(REPLYLINT_SOURCE_DIR) + "/corpus/" + lang + ".jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) texts.push_back(nlohmann::json::parse(line).at("reply"));
  }
  const auto& rules = test::shipped_analyzer().rules().rules;
  for (const Rule& rule : rules)
    for (const RuleExample& e : rule.match_examples) texts.push_back(e.reply);
  std::vector<std::string> joined;
  for (const std::string& text : texts)
    joined.push_back(Tokenizer().tokenize(Normalizer().normalize(text)).joined);

  // Whether `lit` occurs in `m` with its key where the keyword index looks,
  // followed by a byte it allows (any when it ends the match).
  auto holds = [](std::string_view m, const KeyedLiteral& lit) {
    for (size_t at = m.find(lit.text); at != std::string_view::npos;
         at = m.find(lit.text, at + 1)) {
      const size_t after = at + lit.text.size();
      if (after < m.size() ? !lit.next.test(static_cast<unsigned char>(m[after])) : !lit.next.all())
        continue;
      const size_t key = at + lit.key_offset;
      const size_t word_begin = m.rfind(' ', key) + 1;
      const size_t word_end = m.find(' ', key + lit.key_length);
      if (word_end == std::string_view::npos || word_begin == 0) continue;
      const bool whole = word_begin == key && word_end == key + lit.key_length;
      if (lit.place == KeyPlace::word && whole) return true;
      if (lit.place == KeyPlace::word_pair && word_begin == key &&
          m.substr(key + lit.key_length, 1) == " " &&
          std::count(m.begin() + static_cast<ptrdiff_t>(key),
                     m.begin() + static_cast<ptrdiff_t>(key + lit.key_length), ' ') == 1)
        return true;
      if (lit.place == KeyPlace::word_start && word_begin == key) return true;
      if (lit.place == KeyPlace::word_end && word_end == key + lit.key_length) return true;
    }
    return false;
  };
  size_t matches = 0;
  for (const Rule& rule : rules) {
    for (const std::string& pattern : rule.patterns) {
      const PatternAnalysis a = analyse_pattern(pattern);
      const RE2 re(wrap_pattern(pattern), rule_regex_options());
      for (const std::string& text : joined) {
        re2::StringPiece m;
        for (size_t pos = 0;
             pos < text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1);) {
          ++matches;
          const std::string_view match(m.data(), m.size());
          pos = static_cast<size_t>(m.data() - text.data()) + m.size() - 1;
          const auto spaces = static_cast<size_t>(std::count(match.begin(), match.end(), ' '));
          const bool explained =
              std::any_of(a.branches.begin(), a.branches.end(), [&](const auto& branch) {
                return spaces <= branch.max_spaces &&
                       std::all_of(branch.requirements.begin(), branch.requirements.end(),
                                   [&](const auto& req) {
                                     return std::any_of(req.begin(), req.end(), [&](const auto& l) {
                                       return holds(match, l);
                                     });
                                   });
              });
          INFO(rule.id << ": \"" << match << "\"");
          CHECK(explained);
          // A pattern whose branches are all exact matches only their literals.
          const bool exact = std::all_of(a.branches.begin(), a.branches.end(),
                                         [](const auto& branch) { return branch.exact; });
          if (exact) {
            CHECK(std::any_of(a.branches.begin(), a.branches.end(), [&](const auto& branch) {
              const auto& lits = branch.requirements.front();
              return std::any_of(lits.begin(), lits.end(),
                                 [&](const KeyedLiteral& l) { return l.text == match; });
            }));
          }
        }
      }
    }
  }
  CHECK(matches > 2000);
}

// The other half of exactness, for every shipped pattern: each literal of an
// exact branch is a whole match of the pattern, as RE2 reads it.
TEST_CASE("every literal of a shipped exact branch is a match of its pattern") {
  size_t literals = 0;
  for (const Rule& rule : test::shipped_analyzer().rules().rules) {
    for (const std::string& pattern : rule.patterns) {
      const PatternAnalysis a = analyse_pattern(pattern);
      const RE2 re(wrap_pattern(pattern), rule_regex_options());
      for (const auto& branch : a.branches) {
        if (!branch.exact) continue;
        for (const KeyedLiteral& lit : branch.requirements.front()) {
          ++literals;
          INFO(rule.id << ": \"" << lit.text << "\"");
          CHECK(RE2::FullMatch(lit.text, re));
        }
      }
    }
  }
  CHECK(literals > 1000);
}

TEST_CASE("a pattern of a few spelt-out strings gives them, sorted, and others give none") {
  using Words = std::optional<std::vector<std::string>>;
  CHECK(literal_strings("(?:collega'?s?|team)") ==
        Words{{"collega", "collega'", "collega's", "collegas", "team"}});
  CHECK(literal_strings("days?") == Words{{"day", "days"}});
  CHECK(literal_strings("p\\.m\\.") == Words{{"p.m."}});
  CHECK(literal_strings("x[12]") == Words{{"x1", "x2"}});
  CHECK_FALSE(literal_strings("\\d+").has_value());
  CHECK_FALSE(literal_strings("day$").has_value());
  CHECK_FALSE(literal_strings("(?i)day").has_value());
  CHECK_FALSE(literal_strings("(?:a|b)(?:c|d)(?:e|f)(?:g|h)(?:i|j)(?:k|l)(?:m|n)").has_value());
}

namespace {

// Whether RE2 compiles the wrapped pattern when its memory budget allows only
// `instructions` instructions as the matcher reckons them (kRegexMaxMem / 96),
// and a little for the program's fixed part.
bool compiles_within(std::string_view pattern, size_t instructions) {
  RE2::Options options = rule_regex_options();
  options.set_max_mem(static_cast<int64_t>(instructions) * 96 + (4 << 10));
  return RE2(wrap_pattern(pattern), options).ok();
}

}  // namespace

TEST_CASE("RE2 compiles every pattern within the instructions its bound allows") {
  // Patterns made to cost RE2 the most per byte written: wide and scattered
  // classes, counted repetitions of them, nesting, alternatives, checks.
  std::string scattered = "[";
  for (unsigned cp = 0x4e00; cp < 0x4e00 + 4 * 300; cp += 4) {
    char escaped[16];
    std::snprintf(escaped, sizeof escaped, "\\x{%x}", cp);
    scattered += escaped;
  }
  scattered += "]";
  const std::vector<std::string> made = {
      "\\S{1000}",
      "(?:\\S+ ){0,1000}",
      "[^\\x{7f}\\x{7ff}\\x{ffff}\\x{10000}]{200}",
      "go to " + scattered + "{1000}",
      "(?:[a-y][^x]\\S\\w[b-z]\\d[^y] ){1000}",
      "(?:(?:a{0,10}){0,10}){0,10}b",
      "(?:x*)*y",
      "(?:a?){0,20}b",
      "é{0,30}",
      "[[:alpha:][:digit:]]{0,40}x",
      "\\bfoo\\b|^bar$",
      "(?:aa|bb|cc)(?:dd|ee){2,50}",
  };
  for (const std::string& p : made) {
    INFO(p.substr(0, 80));
    const auto bound = program_bound(p);
    REQUIRE(bound.has_value());
    CHECK(compiles_within(p, bound->instructions));
  }
  size_t checked = 0;
  for (const Rule& rule : test::shipped_analyzer().rules().rules) {
    std::vector<std::string> patterns = rule.patterns;
    for (const UnlessPattern& u : rule.unless) patterns.push_back(u.pattern);
    for (const std::string& p : patterns) {
      INFO(rule.id << ": " << p.substr(0, 80));
      const auto bound = program_bound(p);
      REQUIRE(bound.has_value());
      CHECK_FALSE(bound->may_match_empty);
      CHECK(compiles_within(p, bound->instructions));
      ++checked;
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("the bound says a pattern may match empty text unless it surely cannot") {
  for (const char* p : {"", "a?", "(?:\\S+ )*", "\\b", "(?:a|b?)", "x{0}", "(?:a|)"}) {
    INFO(p);
    const auto bound = program_bound(p);
    REQUIRE(bound.has_value());
    CHECK(bound->may_match_empty);
  }
  for (const char* p : {"a", "(?:a|b)c?", "\\S+", "[^ ]{1,3}", "(?:\\bx)+"}) {
    INFO(p);
    const auto bound = program_bound(p);
    REQUIRE(bound.has_value());
    CHECK_FALSE(bound->may_match_empty);
  }
}

TEST_CASE("a pattern with syntax the analysis does not read, or a capturing group, has no bound") {
  for (const char* p : {"(?i)day", "(day)s", "(?P<n>day)", "a(?=b)"}) {
    INFO(p);
    CHECK_FALSE(program_bound(p).has_value());
    CHECK_FALSE(analyse_pattern(p).bound.has_value());
  }
  CHECK(analyse_pattern("(?:days?)").bound.has_value());
  // A Unicode class can have any number of ranges.
  CHECK(program_bound("\\pL+")->instructions == PatternAnalysis::kUnbounded);
}
