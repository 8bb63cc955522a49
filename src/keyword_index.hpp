// Stage 4a: which patterns can match a joined text, and near which words.
// Every literal a pattern's matches must contain is filed under its key word;
// one pass over the text's words looks each word up and checks the literals
// filed under it where they would stand.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pattern_analysis.hpp"

namespace replylint {

class KeywordIndex {
 public:
  // A literal found in the text, its key in word `word` (the text between the
  // word'th space and the next one), for each owner the literal was added for.
  struct Hit {
    uint32_t owner;
    uint32_t requirement;
    uint32_t word;
  };

  // Files `literal` for (owner, requirement): a hit names both.
  void add(uint32_t owner, uint32_t requirement, const KeyedLiteral& literal);

  // Sets `spaces` to the offsets of the spaces in `text` and appends the hits
  // in word order, each (literal, owner) at most once per word.
  void find(std::string_view text, std::vector<uint32_t>& spaces, std::vector<Hit>& hits) const;

 private:
  // One literal text where its key stands at key_offset, and who filed it.
  struct Probe {
    std::string text;
    size_t key_offset;
    std::vector<std::pair<uint32_t, uint32_t>> owners;  // (owner, requirement)
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Table = std::unordered_map<std::string, std::vector<Probe>, Hash, std::equal_to<>>;
  static constexpr size_t kPart = KeyedLiteral::kPartKeyLength;
  static_assert(kPart == 2, "part_keys_ holds every two-byte key");

  void check(const Table& table, std::string_view key, std::string_view text, size_t key_at,
             uint32_t word, std::vector<Hit>& hits) const;

  std::array<Table, 3> tables_;  // indexed by KeyPlace
  // Which two-byte keys the word_start and word_end tables hold: most words
  // start and end with bytes no key does, and skip those lookups.
  std::array<std::bitset<1 << 16>, 2> part_keys_;
};

}  // namespace replylint
