// Word and sentence boundaries exactly as ICU's root-locale break iterators find
// them, for text made only of the characters whose UAX #29 rules are modelled
// here; anything else (combining marks, format characters, scripts ICU breaks by
// dictionary, Hebrew, kana, regional indicators) is refused, and the caller then
// asks ICU. Running the rules directly avoids ICU's per-text setup and state
// machine, which cost two thirds of the tokeniser's time.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace replylint {

struct WordBoundary {
  uint32_t offset;  // byte offset of the boundary
  int32_t status;   // ICU rule status of the segment that ends here (UBRK_WORD_*)
};

// Every word boundary of valid UTF-8 `text` after offset 0, ending with
// text.size(). Returns false, leaving `out` unspecified, when `text` holds a
// character outside the model.
bool fast_word_boundaries(std::string_view text, std::vector<WordBoundary>& out);

// The same for text known to be made only of printable ASCII characters, spaces
// and newlines (NormalizedText::ascii), which the model always covers.
void ascii_word_boundaries(std::string_view text, std::vector<WordBoundary>& out);

// Every sentence boundary of valid UTF-8 `text` after offset 0, ending with
// text.size(). Returns false, leaving `out` unspecified, when `text` holds a
// character outside the model.
bool fast_sentence_boundaries(std::string_view text, std::vector<uint32_t>& out);

}  // namespace replylint
