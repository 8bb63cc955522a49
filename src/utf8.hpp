// UTF-8 helpers: repairing invalid input and converting byte offsets to UTF-16 units.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace replylint {

// Text made valid UTF-8. Each maximal invalid subsequence becomes U+FFFD (the
// WHATWG / ICU convention, so browsers decode the original bytes the same way).
struct RepairedText {
  std::string text;
  // Empty when the input was valid (offsets are then identical). Otherwise one
  // entry per byte of `text` plus one for the end: the original byte offset.
  std::vector<uint32_t> to_original;

  size_t original_offset(size_t repaired) const {
    return to_original.empty() ? repaired : to_original[repaired];
  }
  // The inverse: where original byte `original` landed in `text`.
  size_t repaired_offset(size_t original) const;
};

RepairedText repair_utf8(std::string_view input);
// The same into `out`, reusing its buffers.
void repair_utf8(std::string_view input, RepairedText& out);

bool is_valid_utf8(std::string_view input);

// Whether every byte of `text` is ASCII, looked at eight bytes at a time.
bool is_ascii(std::string_view text);

// Number of UTF-16 code units in valid UTF-8 `text` before byte `offset`.
size_t utf16_length(std::string_view text_prefix);

// Decodes one code point of valid UTF-8 at `pos`, advancing `pos`.
char32_t decode_utf8(std::string_view text, size_t& pos);

void append_utf8(std::string& out, char32_t c);

// Byte length of the UTF-8 sequence starting with `lead` (1 for continuation bytes).
inline size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

}  // namespace replylint
