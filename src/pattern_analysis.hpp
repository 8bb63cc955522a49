// What the matcher can know about a rule pattern before running it: words that
// every match contains, to find candidate patterns by looking words up, and how
// many spaces a match can span, to run a pattern only around those words.
//
// The analysis reads RE2 syntax itself and errs one way only: a construct it
// does not model makes it claim less (no words, any number of spaces), never
// more. RE2 still decides every match; this only says where one cannot be.
#pragma once

#include <bitset>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace replylint {

// Where a literal's key lies in the space-separated words of the text,
// wherever the literal occurs inside a match: it is a word, the first or the
// last bytes of a longer one (kLongPartKeyLength of them when the literal spells
// that many out, else kPartKeyLength), or two words and the space between them.
enum class KeyPlace { word, word_start, word_end, word_pair };

// A literal that a match can contain, found by looking up its key.
struct KeyedLiteral {
  static constexpr size_t kPartKeyLength = 2;
  static constexpr size_t kLongPartKeyLength = 4;

  std::string text;
  size_t key_offset = 0;  // the key is text.substr(key_offset, key_length)
  size_t key_length = 0;
  KeyPlace place = KeyPlace::word;
  // The bytes that can follow the literal in a match: all of them when the
  // match may end there or anything may follow.
  std::bitset<256> next = std::bitset<256>().set();

  std::string_view key() const { return std::string_view(text).substr(key_offset, key_length); }
  bool operator==(const KeyedLiteral&) const = default;
};

// What RE2 can need to compile a pattern, known without compiling it.
struct ProgramBound {
  // At least as many instructions as the program of the wrapped pattern
  // " (?:p) " has before RE2 optimises it: what RE2 holds to its memory budget.
  size_t instructions = 0;
  // Whether p may match empty text; false only when it surely cannot.
  bool may_match_empty = true;
};

// A pattern seen as alternatives: every match of the wrapped pattern " (?:p) "
// is a match of one wrapped branch " (?:b) ". A pattern that is not an
// alternation (or not understood) is its own single branch.
struct PatternAnalysis {
  static constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();

  struct Branch {
    // Every match of the wrapped branch contains a literal of each requirement,
    // the most telling first (but see `leading`). None: the branch must run on
    // every text.
    std::vector<std::vector<KeyedLiteral>> requirements;
    // The most spaces a match of the wrapped branch contains (its two edges
    // included), or kUnbounded: the branch must run over the whole text.
    size_t max_spaces = kUnbounded;
    // The branch matches nothing but its one requirement's literals, which are
    // whole words bounded by spaces: where they occur are its matches.
    bool exact = false;
    // Every match of the wrapped branch begins with a literal of the first
    // requirement (its leading space included): it can only match where one of
    // them begins.
    bool leading = false;
  };

  std::vector<Branch> branches;
  // None when the analysis does not read the pattern's syntax, or a group
  // captures.
  std::optional<ProgramBound> bound;
};

// Analyses pattern `p` (RE2 syntax, vocabularies expanded, not yet wrapped).
PatternAnalysis analyse_pattern(std::string_view p);

// The bound of pattern `p`, as analyse_pattern finds it, without the rest of
// the analysis.
std::optional<ProgramBound> program_bound(std::string_view p);

// Every string pattern `p` matches as a whole, sorted, when it spells out a few
// (alternatives, optional parts and small character classes only); none when
// it may match more or the analysis does not read its syntax.
std::optional<std::vector<std::string>> literal_strings(std::string_view p);

}  // namespace replylint
