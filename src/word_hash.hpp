// A fast hash of a short string, for the open-addressed word tables of the
// keyword index and the language detector.
#pragma once

#include <cstdint>
#include <string_view>

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

}  // namespace replylint
