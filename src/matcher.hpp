// Stage 4: run a language's rules over the joined token text. One RE2::Set finds
// which patterns match at all; only those run again on their own to get spans.
#pragma once

#include <map>
#include <memory>
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
  // Compiles every rule of every language; `rules` must outlive the matcher.
  explicit Matcher(const std::vector<Rule>& rules);
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;

  // Appends the matches of `lang`'s rules, leftmost-longest per pattern, with
  // matches suppressed where an `unless` pattern matches in the same sentence.
  void match(std::string_view lang, const TokenizedText& tokens, std::vector<RuleMatch>& out) const;

  // Number of compiled patterns over all languages.
  size_t pattern_count() const;

 private:
  struct LanguageRules;
  std::map<std::string, std::unique_ptr<LanguageRules>, std::less<>> languages_;
};

}  // namespace replylint
