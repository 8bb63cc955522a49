#include "analyzer.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "rule_loader.hpp"

namespace replylint {
namespace {

RuleSet configured(RuleSet rules, const Config& config) {
  apply_config(config, rules);
  return rules;
}

// Per-thread buffers, reused from reply to reply.
struct Scratch {
  NormalizedText normalized;
  TokenizedText tokens;
  std::vector<RuleMatch> matches;
};

Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

int severity_rank(Severity s) {
  return static_cast<int>(s);
}

// Overlapping findings of one category are one finding: the span grows to
// cover both, and the more severe rule speaks for it. Spans are still offsets
// into the repaired source text here. Sorted by start, the kept findings of a
// category never overlap, so only the last one kept can overlap the next.
void merge_overlaps(std::vector<Finding>& items) {
  std::sort(items.begin(), items.end(), [](const Finding& a, const Finding& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end > b.span.end;
  });
  std::vector<Finding> kept;
  std::map<std::string, size_t, std::less<>> last_of_category;
  for (Finding& f : items) {
    auto last = last_of_category.find(f.category);
    if (last == last_of_category.end() || f.span.start >= kept[last->second].span.end) {
      last_of_category[f.category] = kept.size();
      kept.push_back(std::move(f));
      continue;
    }
    Finding& same = kept[last->second];
    const Span merged{same.span.start, std::max(same.span.end, f.span.end), 0, 0};
    if (severity_rank(f.severity) > severity_rank(same.severity)) same = std::move(f);
    same.span = merged;
  }
  items = std::move(kept);
}

// Sets each finding's text and turns its repaired-text span into original byte
// offsets and UTF-16 offsets, counting UTF-16 units in one pass over the text.
void finish_spans(std::vector<Finding>& items, const RepairedText& source) {
  const std::string_view text = source.text;
  size_t counted_bytes = 0, counted_units = 0;
  auto units_before = [&](size_t offset) {
    if (offset < counted_bytes) {  // spans of different categories may interleave
      counted_bytes = 0;
      counted_units = 0;
    }
    counted_units += utf16_length(text.substr(counted_bytes, offset - counted_bytes));
    counted_bytes = offset;
    return counted_units;
  };
  for (Finding& f : items) {
    const size_t b = f.span.start, e = f.span.end;
    f.text = source.text.substr(b, e - b);
    f.span.start = source.original_offset(b);
    f.span.end = source.original_offset(e);
    f.span.start_utf16 = units_before(b);
    f.span.end_utf16 = f.span.start_utf16 + utf16_length(f.text);
  }
}

}  // namespace

Analyzer::Analyzer(RuleSet rules, Config config)
    : rules_(configured(std::move(rules), config)),
      config_(std::move(config)),
      detector_(rules_.stopwords, config_.default_lang),
      matcher_(rules_.rules),
      scorer_(config_.scoring) {}

Analyzer Analyzer::load(const std::vector<std::filesystem::path>& rule_dirs, Config config) {
  RuleLoader loader;
  for (const auto& d : rule_dirs) loader.add_directory(d);
  for (const auto& d : config.rule_dirs) loader.add_directory(d);
  return Analyzer(loader.finish(), std::move(config));
}

LanguageGuess Analyzer::match_rules(const Reply& reply) const {
  const bool forced = !reply.lang.empty() && reply.lang != "auto";
  if (forced && !detector_.knows(reply.lang)) {
    throw std::invalid_argument("no rules for language \"" + reply.lang + "\"");
  }
  Scratch& s = thread_scratch();
  normalizer_.normalize(reply.text, s.normalized);
  tokenizer_.tokenize(s.normalized, s.tokens);
  LanguageGuess language;
  if (forced) {
    language.lang = reply.lang;
    language.method = "override";
    language.confidence = 1;
  } else {
    language = detector_.detect(s.normalized, s.tokens);
  }
  s.matches.clear();
  matcher_.match(language.lang, s.tokens, s.matches);
  for (const auto& other : language.also) matcher_.match(other, s.tokens, s.matches);
  return language;
}

std::vector<std::string> Analyzer::matching_rules(const Reply& reply) const {
  match_rules(reply);
  std::vector<std::string> ids;
  for (const RuleMatch& m : thread_scratch().matches) ids.push_back(rules_.rules[m.rule].id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Analysis Analyzer::analyze(const Reply& reply) const {
  Analysis analysis;
  analysis.id = reply.id;
  analysis.language = match_rules(reply);
  analysis.lang = analysis.language.lang;

  const Scratch& s = thread_scratch();
  const NormalizedText& n = s.normalized;
  for (const RuleMatch& m : s.matches) {
    const Rule& rule = rules_.rules[m.rule];
    Finding f;
    f.rule = rule.id;
    f.category = rule.category;
    f.dimension = rule.dimension;
    f.severity = rule.severity;
    f.weight = rule.weight;
    f.message = rule.message;
    f.suggestion = rule.suggestion;
    f.span.start = n.source_begin(s.tokens.tokens[m.first_token].begin);
    f.span.end = n.source_end(s.tokens.tokens[m.end_token - 1].end);
    (rule.is_signal() ? analysis.signals : analysis.findings).push_back(std::move(f));
  }
  for (auto* items : {&analysis.findings, &analysis.signals}) {
    merge_overlaps(*items);
    finish_spans(*items, n.source);
  }

  analysis.scores = scorer_.score(analysis.findings, analysis.signals);
  analysis.verdict = scorer_.verdict(analysis.scores, analysis.findings);
  return analysis;
}

}  // namespace replylint
