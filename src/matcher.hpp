// Stage 4: run a language's rules over the joined token text. A keyword index
// finds the few patterns whose required literals are present and where; only
// those run, each only around those places, and RE2's matches give the spans.
#pragma once

#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "rule_pack.hpp"
#include "tokenizer.hpp"

namespace replylint {

struct RuleMatch {
  size_t rule;         // index into the rule list the matcher was built from
  size_t first_token;  // tokens [first_token, end_token) matched
  size_t end_token;
};

class Matcher {
 public:
  // `every_pattern` skips the prefilter and runs every pattern on every text: the
  // reference the prefilter is tested against, never faster.
  enum class Strategy { prefiltered, every_pattern };

  // Builds every language's index; `rules` must outlive the matcher. A pattern
  // compiles now when the analysis cannot show it compiles and cannot match
  // empty text, else when a reply first needs it. Throws RuleError when a
  // pattern does not compile or can match empty text.
  explicit Matcher(const std::vector<Rule>& rules, Strategy strategy = Strategy::prefiltered);
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;

  // Appends the matches of `lang`'s rules, leftmost-longest per pattern. A match
  // is dropped when one of its rule's `unless` patterns matches in its scope: the
  // match's sentence, that sentence with its neighbours, the whole reply, or
  // `customer`, the customer's message as joined token text (empty: none given).
  // Dropped matches go to `excused` when given: the wording is there, only not a flaw.
  void match(std::string_view lang, const TokenizedText& tokens, std::vector<RuleMatch>& out,
             std::string_view customer = {}, std::vector<RuleMatch>* excused = nullptr) const;

  // Whether an `unless` pattern of `rule` (a check rule of `lang`) with scope
  // reply or customer matches: its finding, which covers the reply, is dropped.
  bool excuses(std::string_view lang, size_t rule, const TokenizedText& tokens,
               std::string_view customer) const;

  // Compiles now every program that would compile when first needed (see
  // LazyRegex), a language per thread: for a server, whose first replies
  // should not wait for them.
  void compile_all() const;
  // The same on the calling thread, one program after another, until `stop` is
  // requested: beside a run of many replies, on a core that would otherwise idle.
  void compile_all_until(std::stop_token stop) const;

  // Number of compiled patterns over all languages.
  size_t pattern_count() const;

  // The patterns of `lang` that would run on `joined` (indices in the order the
  // language's patterns were compiled); all of them without a prefilter.
  std::vector<int> candidates(std::string_view lang, std::string_view joined) const;

  // The rule of each of `lang`'s patterns the prefilter cannot narrow (a branch
  // without a literal that every match contains, keyed by a word or the start or
  // end of one): those run on every reply of the language.
  std::vector<size_t> unfiltered_rules(std::string_view lang) const;

  // One language's compiled rules (opaque outside the matcher).
  struct LanguageRules;

 private:
  const LanguageRules* language(std::string_view lang) const;  // null: no rules for it

  std::map<std::string, std::unique_ptr<LanguageRules>, std::less<>> languages_;
};

}  // namespace replylint
