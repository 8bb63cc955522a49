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
  // A literal found in the text at [at, at + length), its key in word `word`
  // (the text between the word'th space and the next one), for an owner the
  // literal was added for.
  struct Hit {
    uint32_t owner;
    uint32_t requirement;
    uint32_t word;
    uint32_t at;
    uint32_t length;
  };

  // Files `literal` for (owner, requirement): a hit names both. Call finish()
  // after the last one.
  void add(uint32_t owner, uint32_t requirement, const KeyedLiteral& literal);
  // Lays the filed literals out for lookups.
  void finish();

  // Sets `spaces` to the offsets of the spaces in `text` and appends the hits
  // in word order, each (literal, owner) at most once per word.
  void find(std::string_view text, std::vector<uint32_t>& spaces, std::vector<Hit>& hits) const;

 private:
  // Literals are checked where they would stand around a key found in the
  // text: literal text pool_[at, at + length), its key at key_offset.
  struct Probe {
    uint64_t head;  // the literal's first eight bytes, zero-padded: most checks end here
    uint32_t at;
    uint32_t length;
    uint32_t key_offset;
    uint32_t first_owner;  // owners_[first_owner, end_owner)
    uint32_t end_owner;
    uint32_t next;  // nexts_[next]: the bytes that may follow the literal; 0: any
  };
  // An open-addressed table from a key's hash to its probes_[first, end).
  // Only hashes are compared: a probe checks the whole literal anyway.
  struct Slot {
    uint64_t hash = 0;  // 0: an empty slot
    uint32_t first = 0;
    uint32_t end : 31 = 0;
    // In the word table: whether the word begins a pair key. Only then is
    // the pair it begins looked up (a word may be in the table for this alone,
    // without probes).
    uint32_t begins_pair : 1 = 0;
  };
  struct Table {
    std::vector<Slot> slots;  // a power of two in size, at most half full
    const Slot* find(uint64_t hash) const;
  };
  static constexpr size_t kPart = KeyedLiteral::kPartKeyLength;
  static constexpr size_t kLongPart = KeyedLiteral::kLongPartKeyLength;
  static_assert(kPart == 2 && kLongPart == 4, "part_keys_ holds two bytes of each key");

  void check(const Table& table, std::string_view key, std::string_view text, size_t key_at,
             uint32_t word, std::vector<Hit>& hits) const;
  // The same for a key whose slot has been found.
  void check(const Slot& slot, std::string_view text, size_t key_at, uint32_t word,
             std::vector<Hit>& hits) const;

  // Filed by add(), laid out by finish().
  struct Filed {
    uint64_t hash;  // of the key
    std::string text;
    uint32_t key_offset;
    uint32_t next;
    uint32_t owner;
    uint32_t requirement;
    auto operator<=>(const Filed&) const = default;
  };
  std::array<std::vector<Filed>, 4> filed_;  // indexed by KeyPlace
  std::vector<uint64_t> pair_firsts_;        // hashes of the first words of pair keys
  // Where each set is in nexts_, while literals are filed.
  std::unordered_map<std::bitset<256>, uint32_t> next_index_{{std::bitset<256>().set(), 0}};

  std::array<Table, 4> tables_;  // indexed by KeyPlace
  const Table& table(KeyPlace place) const { return tables_[static_cast<size_t>(place)]; }
  std::vector<Probe> probes_;
  // Distinct sets of bytes that may follow a literal; [0] holds all of them.
  std::vector<std::bitset<256>> nexts_{std::bitset<256>().set()};
  std::vector<std::pair<uint32_t, uint32_t>> owners_;  // (owner, requirement)
  std::string pool_;
  // Which two-byte keys the word_start and word_end tables hold, and which
  // inner two bytes their four-byte keys have (bytes 3-4 of a start, the two
  // before the last two of an end): most words skip those lookups. Indexed by
  // PartKeys.
  enum PartKeys { short_start, short_end, long_start, long_end };
  std::array<std::bitset<1 << 12>, 4> part_keys_;  // indexed by two_bytes()
};

}  // namespace replylint
