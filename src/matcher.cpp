#include "matcher.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "rule_loader.hpp"

namespace replylint {

namespace {

RE2::Options matcher_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);
  options.set_max_mem(kRegexMaxMem);
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
  options.set_max_mem(kRegexMaxMem);
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
    for (size_t s = 0; s < lang->sets.size(); ++s) {
      if (lang->sets[s]->Compile()) continue;
      // Each pattern fit on its own: name this set's biggest, to split or trim.
      std::vector<std::pair<int, size_t>> sizes;  // program size, pattern
      for (size_t i = s * kPatternsPerSet;
           i < std::min(lang->spans.size(), (s + 1) * kPatternsPerSet); ++i)
        sizes.emplace_back(lang->spans[i]->ProgramSize(), i);
      std::sort(sizes.rbegin(), sizes.rend());
      std::string largest;
      for (size_t k = 0; k < sizes.size() && k < 3; ++k)
        largest += (k ? ", " : "") + rules[lang->rule_of[sizes[k].second]].id + " (" +
                   std::to_string(sizes[k].first) + " instructions)";
      throw RuleError({"rules for \"" + name +
                       "\": patterns compiled together exceed RE2's memory budget of " +
                       std::to_string(kRegexMaxMem >> 20) + " MiB; the largest: " + largest});
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
    // `unless` is decided once per sentence: matches in one long sentence must
    // not each scan all of it again.
    size_t unless_sentence = SIZE_MAX;
    bool suppressed = false;
    while (pos < text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, groups, 2)) {
      const auto b = static_cast<size_t>(groups[1].data() - text.data());
      const auto e = b + groups[1].size();
      // Resume on the trailing space, which is the next match's leading edge.
      pos = std::max(e, pos + 1);
      RuleMatch m{rule, tokens.token_at(b), tokens.token_at(e - 1) + 1};
      if (unless != lang.unless.end()) {
        const size_t sentence_index = tokens.tokens[m.first_token].sentence;
        if (sentence_index != unless_sentence) {
          const Sentence& s = tokens.sentences[sentence_index];
          const std::string_view sentence = tokens.joined_range(s.first_token, s.end_token);
          suppressed = std::any_of(unless->second.begin(), unless->second.end(),
                                   [&](const auto& u) { return RE2::PartialMatch(sentence, *u); });
          unless_sentence = sentence_index;
        }
        if (suppressed) continue;
      }
      out.push_back(m);
    }
  }
}

}  // namespace replylint
