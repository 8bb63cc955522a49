// A fast hash of a short string, for the open-addressed word tables of the
// keyword index and the language detector.
#pragma once

#include <cstdint>
#include <string_view>

namespace replylint {

// FNV-1a: words are short, and a collision costs only a comparison. Never 0,
// which the tables keep for an empty slot.
inline uint64_t word_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  return h | 1;
}

}  // namespace replylint
