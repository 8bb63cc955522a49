#include "utf8.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

namespace replylint {

bool is_valid_utf8(std::string_view input) {
  if (is_ascii(input)) return true;  // most replies
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const auto length = static_cast<int32_t>(input.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

RepairedText repair_utf8(std::string_view input) {
  RepairedText out;
  repair_utf8(input, out);
  return out;
}

void repair_utf8(std::string_view input, RepairedText& out) {
  out.to_original.clear();
  if (is_valid_utf8(input)) {
    out.text.assign(input);
    return;
  }
  out.text.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const auto length = static_cast<int32_t>(input.size());
  out.text.reserve(input.size() + 16);
  out.to_original.reserve(input.size() + 17);
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, length, c);
    const size_t before = out.text.size();
    append_utf8(out.text, static_cast<char32_t>(c));
    for (size_t k = before; k < out.text.size(); ++k) out.to_original.push_back(start);
  }
  out.to_original.push_back(static_cast<uint32_t>(input.size()));
}

size_t RepairedText::repaired_offset(size_t original) const {
  if (to_original.empty()) return original;
  auto it = std::lower_bound(to_original.begin(), to_original.end(), original);
  return static_cast<size_t>(it - to_original.begin());
}

bool is_ascii(std::string_view text) {
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    any |= word;
  }
  for (; i < text.size(); ++i) any |= static_cast<unsigned char>(text[i]);
  return (any & 0x8080808080808080ull) == 0;
}

namespace {

size_t utf16_units(unsigned char b) {
  // One unit per code point (a byte that is no continuation byte), two for
  // the supplementary planes (a four-byte lead).
  return static_cast<size_t>((b & 0xC0) != 0x80) + static_cast<size_t>(b >= 0xF0);
}

}  // namespace

size_t utf16_length(std::string_view text_prefix) {
  size_t units = 0;
  size_t i = 0;
  // Eight bytes at a time: eight ASCII bytes are eight units, and most text is ASCII.
  for (; i + 8 <= text_prefix.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text_prefix.data() + i, 8);
    if ((word & 0x8080808080808080ull) == 0) {
      units += 8;
    } else {
      for (size_t k = i; k < i + 8; ++k)
        units += utf16_units(static_cast<unsigned char>(text_prefix[k]));
    }
  }
  for (; i < text_prefix.size(); ++i)
    units += utf16_units(static_cast<unsigned char>(text_prefix[i]));
  return units;
}

char32_t decode_utf8(std::string_view text, size_t& pos) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT_OR_FFFD(s, i, static_cast<int32_t>(text.size()), c);
  pos = static_cast<size_t>(i);
  return static_cast<char32_t>(c);
}

void append_utf8(std::string& out, char32_t c) {
  char buffer[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), n, 4, static_cast<UChar32>(c), error);
  if (error) {
    out += "\xEF\xBF\xBD";
    return;
  }
  out.append(buffer, static_cast<size_t>(n));
}

}  // namespace replylint
