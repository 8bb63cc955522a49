#include "matcher.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "rule_loader.hpp"

namespace replylint {

namespace {

// Atoms shorter than this are not worth looking for: "je" is in every reply.
constexpr int kMinAtomLength = 3;

// The atoms are plain strings; one RE2::Set over them is an Aho-Corasick-like DFA
// whose states are built as texts need them. A set holds at most this much atom
// text, and its DFA may grow to kAtomSetMaxMem before RE2 starts it afresh.
constexpr size_t kAtomBytesPerSet = 256u << 10;
constexpr int64_t kAtomSetMaxMem = 32 << 20;

RE2::Options atom_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_literal(true);
  // Atoms and text are both UTF-8; byte for byte is all a literal needs.
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_max_mem(kAtomSetMaxMem);
  return options;
}

// Sets of patterns for long texts: small enough that each set's DFA stays in
// its cache, and worth running once candidates outnumber the sets this much.
constexpr size_t kPatternsPerSet = 48;
constexpr size_t kSetsWorthIt = 3;
constexpr unsigned kLongTextsBeforeSets = 100;

struct AtomSet {
  std::unique_ptr<RE2::Set> set;
  int first_atom = 0;  // index of the set's atom 0 in the filter's atom list
};

// Appends `offset` plus the index of each member of `set` found in `text`.
// False when RE2's DFA ran out of memory: the caller must not trust the hits.
bool add_set_hits(const RE2::Set& set, std::string_view text, int offset, std::vector<int>& out) {
  thread_local std::vector<int> hits;
  hits.clear();
  RE2::Set::ErrorInfo error{RE2::Set::kNoError};
  if (!set.Match(text, &hits, &error) && error.kind != RE2::Set::kNoError) return false;
  for (int h : hits) out.push_back(offset + h);
  return true;
}

// Whether a wrapped pattern " (?:p) " matches two spaces: p matches empty text.
bool matches_empty(const RE2& wrapped) {
  return RE2::PartialMatch("  ", wrapped);
}

using Patterns = std::vector<std::unique_ptr<RE2>>;

bool any_match(const Patterns& patterns, std::string_view text) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const auto& u) { return RE2::PartialMatch(text, *u); });
}

// A rule's `unless` patterns, compiled and grouped by where they are looked for.
struct RuleUnless {
  std::array<Patterns, 4> by_scope;  // indexed by UnlessScope

  Patterns& of(UnlessScope scope) { return by_scope[static_cast<size_t>(scope)]; }
  const Patterns& of(UnlessScope scope) const { return by_scope[static_cast<size_t>(scope)]; }

  // Whether the reply as a whole, or the customer's message, excuses the rule.
  bool excuses_whole(std::string_view joined, std::string_view customer) const {
    return any_match(of(UnlessScope::reply), joined) ||
           any_match(of(UnlessScope::customer), customer);
  }
};

// Decides whether a rule's matches are dropped, each question once: for the
// reply and the customer's message once per rule, for a sentence once per run
// of matches in it (a pattern's matches come in text order), so thousands of
// matches in one long sentence never scan it again each.
class UnlessDecision {
 public:
  UnlessDecision(const TokenizedText& tokens, std::string_view customer)
      : tokens_(tokens), customer_(customer) {}

  bool suppresses(size_t rule, const RuleUnless& unless, size_t sentence) {
    if (rule != rule_) {
      rule_ = rule;
      whole_ = unless.excuses_whole(tokens_.joined, customer_);
      sentence_ = SIZE_MAX;
    }
    if (whole_) return true;
    if (sentence != sentence_) {
      sentence_ = sentence;
      suppressed_ = any_match(unless.of(UnlessScope::sentence), sentence_text(sentence, 0)) ||
                    any_match(unless.of(UnlessScope::neighbours), sentence_text(sentence, 1));
    }
    return suppressed_;
  }

 private:
  // Sentence `s` with `around` sentences on either side, as joined token text.
  std::string_view sentence_text(size_t s, size_t around) const {
    const size_t first = s > around ? s - around : 0;
    const size_t last = std::min(s + around, tokens_.sentences.size() - 1);
    return tokens_.joined_range(tokens_.sentences[first].first_token,
                                tokens_.sentences[last].end_token);
  }

  const TokenizedText& tokens_;
  std::string_view customer_;
  size_t rule_ = SIZE_MAX;
  bool whole_ = false;
  size_t sentence_ = SIZE_MAX;
  bool suppressed_ = false;
};

}  // namespace

struct Matcher::LanguageRules {
  re2::FilteredRE2 filter{kMinAtomLength};  // per pattern: its RE2, for the span
  std::vector<AtomSet> atom_sets;           // the filter's atoms, found in one scan per set
  bool prefiltered = false;                 // false: every pattern runs on every text
  std::vector<size_t> rule_of;              // per pattern: the rule
  std::map<size_t, RuleUnless> unless;      // per rule with `unless`

  // Long texts contain the words of many patterns, and each candidate scans the
  // whole text. Past a number of candidates, sets of kPatternsPerSet patterns
  // (one scan each) say which really match. Compiling them costs as much as
  // analysing thousands of replies, so they are built once long texts keep
  // coming: a run over tweets, or with one long e-mail, never pays for them.
  // Empty when they do not fit RE2's memory budget.
  mutable std::atomic<unsigned> long_texts{0};
  mutable std::once_flag sets_built;
  mutable std::vector<std::unique_ptr<RE2::Set>> sets;

  void compile_prefilter(const std::string& lang);
  void all_patterns(std::vector<int>& out) const;
  // Sets `out` to the patterns that may match `text`, in pattern order.
  void candidates(std::string_view text, std::vector<int>& out) const;
  // `candidates` narrowed to the patterns that match, when sets are cheaper.
  void keep_matching(std::string_view text, std::vector<int>& candidates) const;
};

void Matcher::LanguageRules::keep_matching(std::string_view text,
                                           std::vector<int>& candidates) const {
  if (!prefiltered) return;  // the reference runs every pattern, nothing else
  const size_t set_count = (rule_of.size() + kPatternsPerSet - 1) / kPatternsPerSet;
  if (candidates.size() < kSetsWorthIt * set_count) return;
  if (long_texts.fetch_add(1, std::memory_order_relaxed) < kLongTextsBeforeSets) return;
  std::call_once(sets_built, [this] {
    RE2::Options options = rule_regex_options();
    options.set_longest_match(false);
    for (size_t i = 0; i < rule_of.size(); ++i) {
      if (i % kPatternsPerSet == 0)
        sets.push_back(std::make_unique<RE2::Set>(options, RE2::UNANCHORED));
      if (sets.back()->Add(filter.GetRE2(static_cast<int>(i)).pattern(), nullptr) < 0) {
        sets.clear();
        return;
      }
    }
    for (const auto& set : sets) {
      if (!set->Compile()) {
        sets.clear();
        return;
      }
    }
  });
  if (sets.empty()) return;
  std::vector<int> matching;
  for (size_t k = 0; k < sets.size(); ++k)
    if (!add_set_hits(*sets[k], text, static_cast<int>(k * kPatternsPerSet), matching)) return;
  std::sort(matching.begin(), matching.end());
  candidates = std::move(matching);
}

void Matcher::LanguageRules::compile_prefilter(const std::string& lang) {
  if (rule_of.empty()) return;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  AtomSet current;
  size_t bytes = 0;
  auto close = [&](int next_atom) {
    if (current.set && !current.set->Compile())
      throw RuleError(
          {"rules for \"" + lang + "\": the literal prefilter exceeds RE2's memory budget"});
    if (current.set) atom_sets.push_back(std::move(current));
    current = AtomSet{nullptr, next_atom};
    bytes = 0;
  };
  for (size_t a = 0; a < atoms.size(); ++a) {
    if (bytes + atoms[a].size() > kAtomBytesPerSet && current.set) close(static_cast<int>(a));
    if (!current.set) current.set = std::make_unique<RE2::Set>(atom_options(), RE2::UNANCHORED);
    std::string error;
    if (current.set->Add(atoms[a], &error) < 0)
      throw RuleError({"rules for \"" + lang + "\": prefilter atom: " + error});
    bytes += atoms[a].size();
  }
  close(0);
  prefiltered = true;
}

void Matcher::LanguageRules::all_patterns(std::vector<int>& out) const {
  out.resize(rule_of.size());
  std::iota(out.begin(), out.end(), 0);
}

void Matcher::LanguageRules::candidates(std::string_view text, std::vector<int>& out) const {
  if (!prefiltered) return all_patterns(out);
  // Reused per thread: a reply should not cost allocations of its own.
  thread_local std::vector<int> found;
  found.clear();
  for (const AtomSet& s : atom_sets) {
    // The DFA gave up (out of memory): run every pattern rather than miss one.
    if (!add_set_hits(*s.set, text, s.first_atom, found)) return all_patterns(out);
  }
  out.clear();
  filter.AllPotentials(found, &out);
  std::sort(out.begin(), out.end());
}

namespace {

// A rule problem found while compiling: the rule's index orders the report.
struct CompileProblem {
  size_t rule;
  std::string text;
};

// Compiles one language's rules; problems are collected, not thrown, so one
// report names every bad pattern.
std::unique_ptr<Matcher::LanguageRules> compile_language(const std::vector<Rule>& rules,
                                                         const std::vector<size_t>& indices,
                                                         const std::string& lang_code,
                                                         Matcher::Strategy strategy,
                                                         std::vector<CompileProblem>& problems) {
  auto lang = std::make_unique<Matcher::LanguageRules>();
  const RE2::Options options = rule_regex_options();
  for (size_t r : indices) {
    const Rule& rule = rules[r];
    auto where = [&](const char* what, size_t i, const std::string& written) {
      return rule.file + ": rule " + rule.id + ": " + what + " " + std::to_string(i + 1) + " \"" +
             written + "\": ";
    };
    for (size_t i = 0; i < rule.patterns.size(); ++i) {
      const std::string& written =
          i < rule.written_patterns.size() ? rule.written_patterns[i] : rule.patterns[i];
      const std::string wrapped = wrap_pattern(rule.patterns[i]);
      int index = 0;
      if (lang->filter.Add(wrapped, options, &index) != RE2::NoError) {
        problems.push_back(
            {r, where("pattern", i, written) + regex_problem(RE2(wrapped, options))});
        continue;
      }
      lang->rule_of.push_back(r);
      if (matches_empty(lang->filter.GetRE2(index)))
        problems.push_back({r, where("pattern", i, written) + "the pattern can match empty text"});
    }
    for (size_t i = 0; i < rule.unless.size(); ++i) {
      const UnlessPattern& u = rule.unless[i];
      auto re = std::make_unique<RE2>(wrap_pattern(u.pattern), options);
      if (!re->ok()) {
        problems.push_back({r, where("unless", i, u.pattern) + regex_problem(*re)});
      } else if (matches_empty(*re)) {
        problems.push_back({r, where("unless", i, u.pattern) + "the pattern can match empty text"});
      } else {
        lang->unless[r].of(u.scope).push_back(std::move(re));
      }
    }
  }
  if (strategy == Matcher::Strategy::prefiltered && problems.empty()) {
    try {
      lang->compile_prefilter(lang_code);
    } catch (const RuleError& e) {
      for (const auto& p : e.problems()) problems.push_back({indices.front(), p});
    }
  }
  return lang;
}

}  // namespace

Matcher::Matcher(const std::vector<Rule>& rules, Strategy strategy) {
  std::map<std::string, std::vector<size_t>> by_language;
  for (size_t r = 0; r < rules.size(); ++r) by_language[rules[r].lang].push_back(r);
  // Compiling RE2 programs is nearly all of loading rules; languages are
  // independent, so each compiles on its own thread.
  struct Job {
    std::string lang;
    std::vector<CompileProblem> problems;
    std::future<std::unique_ptr<LanguageRules>> built;
  };
  std::vector<Job> jobs(by_language.size());
  size_t k = 0;
  for (const auto& [lang, indices] : by_language) {
    Job& job = jobs[k++];
    job.lang = lang;
    job.built =
        std::async(std::launch::async, compile_language, std::cref(rules), std::cref(indices),
                   std::cref(job.lang), strategy, std::ref(job.problems));
  }
  std::vector<CompileProblem> problems;
  for (Job& job : jobs) {
    languages_[job.lang] = job.built.get();
    problems.insert(problems.end(), job.problems.begin(), job.problems.end());
  }
  if (problems.empty()) return;
  std::stable_sort(problems.begin(), problems.end(),
                   [](const auto& a, const auto& b) { return a.rule < b.rule; });
  std::vector<std::string> texts;
  for (auto& p : problems) texts.push_back(std::move(p.text));
  throw RuleError(std::move(texts));
}

Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

const Matcher::LanguageRules* Matcher::language(std::string_view lang_code) const {
  auto it = languages_.find(lang_code);
  return it == languages_.end() ? nullptr : it->second.get();
}

bool Matcher::excuses(std::string_view lang_code, size_t rule, const TokenizedText& tokens,
                      std::string_view customer) const {
  const LanguageRules* lang = language(lang_code);
  if (!lang) return false;
  auto unless = lang->unless.find(rule);
  return unless != lang->unless.end() && unless->second.excuses_whole(tokens.joined, customer);
}

size_t Matcher::pattern_count() const {
  size_t n = 0;
  for (const auto& [name, lang] : languages_) n += lang->rule_of.size();
  return n;
}

std::vector<int> Matcher::candidates(std::string_view lang_code, std::string_view joined) const {
  std::vector<int> out;
  if (const LanguageRules* lang = language(lang_code)) lang->candidates(joined, out);
  return out;
}

std::vector<size_t> Matcher::unfiltered_rules(std::string_view lang_code) const {
  const LanguageRules* lang = language(lang_code);
  if (!lang) return {};
  // " " is the joined text of an empty reply: no atom is in it.
  std::vector<int> unfiltered;
  lang->candidates(" ", unfiltered);
  std::vector<size_t> out;
  for (int index : unfiltered) out.push_back(lang->rule_of[static_cast<size_t>(index)]);
  return out;
}

void Matcher::match(std::string_view lang_code, const TokenizedText& tokens,
                    std::vector<RuleMatch>& out, std::string_view customer,
                    std::vector<RuleMatch>* excused) const {
  const LanguageRules* found = language(lang_code);
  if (!found || tokens.tokens.empty()) return;
  const LanguageRules& lang = *found;
  const std::string_view text = tokens.joined;

  thread_local std::vector<int> candidates;
  lang.candidates(text, candidates);
  lang.keep_matching(text, candidates);
  // Candidates come in pattern order, so a rule's patterns follow each other
  // and share one decision about the reply and the customer's message.
  UnlessDecision decision(tokens, customer);
  for (int index : candidates) {
    const RE2& re = lang.filter.GetRE2(index);
    const size_t rule = lang.rule_of[static_cast<size_t>(index)];
    const auto unless = lang.unless.find(rule);
    size_t pos = 0;
    re2::StringPiece whole;
    while (pos < text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, &whole, 1)) {
      // " (?:pattern) ": the pattern's own match lies inside the edge spaces.
      const auto b = static_cast<size_t>(whole.data() - text.data()) + 1;
      const auto e = b + whole.size() - 2;
      // Resume on the trailing space, which is the next match's leading edge.
      pos = std::max(e, pos + 1);
      RuleMatch m{rule, tokens.token_at(b), tokens.token_at(e - 1) + 1};
      if (unless != lang.unless.end() &&
          decision.suppresses(rule, unless->second, tokens.tokens[m.first_token].sentence)) {
        if (excused) excused->push_back(m);
        continue;
      }
      out.push_back(m);
    }
  }
}

}  // namespace replylint
