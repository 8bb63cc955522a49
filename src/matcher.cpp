#include "matcher.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>

#include "rule_loader.hpp"

namespace replylint {

namespace {

RE2::Options matcher_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);
  return options;
}

// One RE2::Set over hundreds of patterns builds a DFA too large for its cache,
// which is then thrown away and rebuilt over and over (measured: 6-8x slower
// than several smaller sets over the same patterns). Sets of this many
// patterns keep each DFA small enough to stay cached.
constexpr size_t kPatternsPerSet = 48;

RE2::Options set_options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

}  // namespace

struct Matcher::LanguageRules {
  std::vector<std::unique_ptr<RE2::Set>> sets;  // pattern i is in sets[i / kPatternsPerSet]
  std::vector<std::unique_ptr<RE2>> spans;      // per pattern: capturing, for the span
  std::vector<size_t> rule_of;                  // per pattern: the rule
  std::map<size_t, std::vector<std::unique_ptr<RE2>>> unless;  // per rule with `unless`
};

Matcher::Matcher(const std::vector<Rule>& rules) {
  const RE2::Options options = matcher_options();
  for (size_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    auto& slot = languages_[rule.lang];
    if (!slot) slot = std::make_unique<LanguageRules>();
    LanguageRules& lang = *slot;
    for (const std::string& p : rule.patterns) {
      std::string error;
      if (lang.spans.size() % kPatternsPerSet == 0)
        lang.sets.push_back(std::make_unique<RE2::Set>(set_options(), RE2::UNANCHORED));
      const int index = lang.sets.back()->Add(wrap_pattern(p, false), &error);
      if (index < 0) throw RuleError({rule.file + ": rule " + rule.id + ": " + error});
      auto re = std::make_unique<RE2>(wrap_pattern(p, true), options);
      if (!re->ok()) throw RuleError({rule.file + ": rule " + rule.id + ": " + re->error()});
      lang.spans.push_back(std::move(re));
      lang.rule_of.push_back(r);
    }
    for (const std::string& u : rule.unless) {
      auto re = std::make_unique<RE2>(wrap_pattern(u, false), options);
      if (!re->ok()) throw RuleError({rule.file + ": rule " + rule.id + ": " + re->error()});
      lang.unless[r].push_back(std::move(re));
    }
  }
  for (auto& [name, lang] : languages_) {
    for (auto& set : lang->sets) {
      if (!set->Compile()) {
        throw RuleError(
            {"rules for \"" + name + "\": the pattern set is too large for RE2's memory budget"});
      }
    }
  }
}

Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

size_t Matcher::pattern_count() const {
  size_t n = 0;
  for (const auto& [name, lang] : languages_) n += lang->spans.size();
  return n;
}

void Matcher::match(std::string_view lang_code, const TokenizedText& tokens,
                    std::vector<RuleMatch>& out) const {
  auto it = languages_.find(lang_code);
  if (it == languages_.end() || tokens.tokens.empty()) return;
  const LanguageRules& lang = *it->second;
  const std::string_view text = tokens.joined;

  std::vector<int> hits, set_hits;
  for (size_t k = 0; k < lang.sets.size(); ++k) {
    set_hits.clear();
    if (!lang.sets[k]->Match(text, &set_hits)) continue;
    for (int h : set_hits) hits.push_back(static_cast<int>(k * kPatternsPerSet) + h);
  }
  if (hits.empty()) return;
  std::sort(hits.begin(), hits.end());

  for (int index : hits) {
    const RE2& re = *lang.spans[static_cast<size_t>(index)];
    const size_t rule = lang.rule_of[static_cast<size_t>(index)];
    const auto unless = lang.unless.find(rule);
    size_t pos = 0;
    re2::StringPiece groups[2];
    while (pos < text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, groups, 2)) {
      const auto b = static_cast<size_t>(groups[1].data() - text.data());
      const auto e = b + groups[1].size();
      // Resume on the trailing space, which is the next match's leading edge.
      pos = std::max(e, pos + 1);
      RuleMatch m{rule, tokens.token_at(b), tokens.token_at(e - 1) + 1};
      if (unless != lang.unless.end()) {
        const Sentence& s = tokens.sentences[tokens.tokens[m.first_token].sentence];
        const std::string_view sentence = tokens.joined_range(s.first_token, s.end_token);
        const bool suppressed =
            std::any_of(unless->second.begin(), unless->second.end(),
                        [&](const auto& u) { return RE2::PartialMatch(sentence, *u); });
        if (suppressed) continue;
      }
      out.push_back(m);
    }
  }
}

}  // namespace replylint
