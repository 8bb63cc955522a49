// A fast hash of a short string, and the walk over the open-addressed word
// tables of the keyword index and the language detector that it keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace replylint {

// FNV-1a: words are short, and a collision costs only a comparison. It runs
// byte by byte, so the hash of "a b" continues the running hash of "a".
constexpr uint64_t kWordHashStart = 0xcbf29ce484222325ull;

inline uint64_t word_hash_extend(uint64_t running, std::string_view s) {
  for (char c : s) running = (running ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  return running;
}

// A running hash made a table's: never 0, which the tables keep for an empty slot.
inline uint64_t word_hash_final(uint64_t running) {
  return running | 1;
}

inline uint64_t word_hash(std::string_view s) {
  return word_hash_final(word_hash_extend(kWordHashStart, s));
}

// Slots for a table of `keys` hashes: a power of two, at most half full.
inline size_t word_table_size(size_t keys) {
  size_t size = 16;
  while (size < 2 * keys) size *= 2;
  return size;
}

// The first slot, from `hash`'s own on, that `stop` accepts. `stop` must accept
// an empty slot (hash 0); a table is never full, so every walk ends.
template <typename Slot, typename Stop>
size_t walk_slots(const std::vector<Slot>& slots, uint64_t hash, Stop stop) {
  const size_t mask = slots.size() - 1;
  size_t i = hash & mask;
  while (!stop(slots[i])) i = (i + 1) & mask;
  return i;
}

}  // namespace replylint
