#include "language_detector.hpp"

#include <algorithm>

#include "word_hash.hpp"

namespace replylint {

LanguageDetector::LanguageDetector(std::map<std::string, WordSet> profiles, std::string fallback)
    : fallback_(std::move(fallback)) {
  std::map<std::string_view, std::vector<uint32_t>> of_word;
  uint32_t k = 0;
  for (const auto& [lang, words] : profiles) {
    for (const std::string& w : words) of_word[w].push_back(k);
    names_.push_back(lang);
    ++k;
  }
  slots_.assign(word_table_size(of_word.size()), Slot{});
  for (auto& [word, langs] : of_word) {
    const uint64_t hash = word_hash(word);
    slots_[walk_slots(slots_, hash, [](const Slot& s) { return s.hash == 0; })] = {
        hash, static_cast<uint32_t>(words_.size())};
    words_.emplace_back(word);
    languages_of_.push_back(std::move(langs));
  }
}

const std::vector<uint32_t>* LanguageDetector::languages_of(std::string_view word) const {
  const uint64_t hash = word_hash(word);
  const Slot& slot = slots_[walk_slots(slots_, hash, [&](const Slot& s) {
    return s.hash == 0 || (s.hash == hash && words_[s.word] == word);
  })];
  return slot.hash == 0 ? nullptr : &languages_of_[slot.word];
}

LanguageGuess LanguageDetector::detect(const NormalizedText& text,
                                       const TokenizedText& tokens) const {
  // Per profile, how many of the reply's words it holds. Reused per thread: a
  // reply should not cost allocations of its own.
  thread_local std::vector<size_t> hits;
  hits.assign(names_.size(), 0);
  size_t word_count = 0;
  for (const Token& tok : tokens.tokens) {
    if (tok.kind != TokenKind::word) continue;
    ++word_count;
    const std::string_view w = std::string_view(text.text).substr(tok.begin, tok.end - tok.begin);
    if (const std::vector<uint32_t>* langs = languages_of(w))
      for (uint32_t k : *langs) ++hits[k];
  }
  // The most evidence, and the most among the rest; of equals, the first profile.
  size_t top = 0, runner_up = names_.size();
  for (size_t k = 1; k < hits.size(); ++k)
    if (hits[k] > hits[top]) top = k;
  for (size_t k = 0; k < hits.size(); ++k)
    if (k != top && (runner_up == names_.size() || hits[k] > hits[runner_up])) runner_up = k;

  LanguageGuess guess;
  const size_t best = hits.empty() ? 0 : hits[top];
  const size_t second = runner_up < hits.size() ? hits[runner_up] : 0;
  if (best == 0) {
    guess.lang = fallback_;
    guess.method = "fallback";
    guess.note = word_count == 0 ? "no words to detect a language from"
                                 : "no common words of a known language";
    return guess;
  }
  if (best == second) {
    // A tie: prefer the fallback when it is among the tied, else the first.
    bool fallback_tied = false;
    for (size_t k = 0; k < hits.size(); ++k)
      fallback_tied = fallback_tied || (hits[k] == best && names_[k] == fallback_);
    guess.lang = fallback_tied ? fallback_ : names_[top];
    guess.method = "fallback";
    guess.confidence = 0.5 * std::min(1.0, static_cast<double>(best) / 2.0);
    guess.note = "equal evidence for " + names_[top] + " and " + names_[runner_up];
    for (size_t k = 0; k < hits.size(); ++k)
      if (hits[k] == best && names_[k] != guess.lang) guess.also.push_back(names_[k]);
    return guess;
  }
  guess.lang = names_[top];
  guess.method = "detected";
  // Share of the evidence for the winner, discounted when there is little of it.
  const double share = static_cast<double>(best) / static_cast<double>(best + second);
  const double amount = std::min(1.0, static_cast<double>(best + second) / 4.0);
  guess.confidence = share * amount;
  if (second >= 2 && static_cast<double>(second) >= 0.4 * static_cast<double>(best)) {
    guess.also.push_back(names_[runner_up]);
    guess.note = "mixed " + names_[top] + "/" + names_[runner_up] + " text: rules of both ran";
  } else if (guess.confidence < 0.5) {
    guess.note = "little text to go on";
  }
  return guess;
}

}  // namespace replylint
