// The details a customer gives (order numbers, postcodes, e-mail, phone, IBAN,
// amounts, dates, a signed name) read from typed tokens, and how to tell whether a
// reply mentions the same detail.
#pragma once

#include <string>
#include <vector>

#include "tokenizer.hpp"

namespace replylint {

struct Entity {
  std::string kind;     // one of entity_kinds()
  std::string key;      // comparable form: digits/letters only, lower case
  std::string display;  // as written (normalised text)
  size_t token = 0;     // token index in the text it came from
};

std::vector<Entity> extract_entities(const NormalizedText& text, const TokenizedText& tokens);

}  // namespace replylint
