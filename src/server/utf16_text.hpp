// Text in UTF-16 code units: what LanguageTool clients and browsers count offsets in.
#pragma once

#include <string>
#include <string_view>

namespace replylint::server {

// Decodes UTF-8; each invalid sequence becomes one U+FFFD, as the engine counts it.
std::u16string to_utf16(std::string_view utf8);

// Encodes UTF-16; an unpaired surrogate becomes U+FFFD.
std::string to_utf8(std::u16string_view utf16);

// True when `offset` splits a surrogate pair (a cut there would break a character).
inline bool inside_pair(std::u16string_view text, size_t offset) {
  return offset > 0 && offset < text.size() && text[offset] >= 0xDC00 && text[offset] <= 0xDFFF &&
         text[offset - 1] >= 0xD800 && text[offset - 1] <= 0xDBFF;
}

}  // namespace replylint::server
