// Finds the tokens ICU word breaking gets wrong or that must not depend on the ICU
// version: URLs, e-mail addresses, @mentions, #hashtags, amounts, reference numbers
// (order/case numbers, postcodes, IBAN-like codes) and numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "normalizer.hpp"
#include "tokenizer.hpp"

namespace replylint {

struct SpecialToken {
  TokenKind kind;
  uint32_t begin;  // byte range in NormalizedText::text
  uint32_t end;
};

// Appends the special tokens of `text`, in order and non-overlapping.
void scan_special_tokens(const NormalizedText& text, std::vector<SpecialToken>& out);

}  // namespace replylint
