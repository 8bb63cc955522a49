// Stage 1 of the pipeline: case-fold and clean the reply, keeping a byte map back
// to the original so every finding can point at the text the agent wrote.
#pragma once

#include <unicode/normalizer2.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "utf8.hpp"

namespace replylint {

struct NormalizedText {
  RepairedText source;  // the input as valid UTF-8; offsets below point into source.text
  std::string text;     // NFKC case-folded, quotes and dashes folded, white space collapsed
  // Per byte of `text`: the source byte range [begin, end) it was produced from.
  std::vector<uint32_t> begin;
  std::vector<uint32_t> end;
  // Whether `text` is known to be ASCII: then it holds only printable characters,
  // single spaces and newlines (false when unknown).
  bool ascii = false;

  // Source range of the normalised byte range [b, e); requires b < e <= text.size().
  size_t source_begin(size_t b) const { return begin[b]; }
  size_t source_end(size_t e) const { return end[e - 1]; }
};

class Normalizer {
 public:
  Normalizer();
  // Never fails: invalid UTF-8 is repaired (U+FFFD) and offsets still refer to the input.
  NormalizedText normalize(std::string_view input) const;
  void normalize(std::string_view input, NormalizedText& out) const;

 private:
  const icu::Normalizer2* nfkc_cf_;
};

}  // namespace replylint
