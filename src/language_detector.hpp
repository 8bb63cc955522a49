// Stage 3: which language's rules apply. A stop-word profile per language (from the
// rule packs) is counted over the reply's words.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "tokenizer.hpp"

namespace replylint {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

struct LanguageGuess {
  std::string lang;               // the language whose rules run (always a known one)
  double confidence = 0;          // 0..1
  std::string method;             // "override", "detected" or "fallback"
  std::vector<std::string> also;  // further languages whose rules ran (mixed text)
  std::string note;               // why, when it was not a plain detection
};

class LanguageDetector {
 public:
  // `profiles`: language code -> its stop words. `fallback` is used when the
  // text holds no evidence (it must be one of the profiles' languages).
  LanguageDetector(std::map<std::string, WordSet> profiles, std::string fallback);

  LanguageGuess detect(const NormalizedText& text, const TokenizedText& tokens) const;
  bool knows(std::string_view lang) const {
    return std::binary_search(names_.begin(), names_.end(), lang);
  }
  const std::string& fallback() const { return fallback_; }

 private:
  std::vector<std::string> names_;  // the profiles' languages, sorted
  std::string fallback_;
  // Each stop word, with the profiles (by their order in names_) that hold
  // it: one lookup a word, however many languages there are. An open-addressed
  // table of word hashes (a power of two in size, at most half full) to
  // indices into words_ and languages_of_: every word of every reply is looked up.
  struct Slot {
    uint64_t hash = 0;  // 0: empty
    uint32_t word = 0;
  };
  std::vector<Slot> slots_;
  std::vector<std::string> words_;
  std::vector<std::vector<uint32_t>> languages_of_;
  const std::vector<uint32_t>* languages_of(std::string_view word) const;
};

}  // namespace replylint
