// What a phrase list cannot see: whether the reply engages with what the
// customer wrote, and whether it repeats an earlier agent message.
#pragma once

#include <string>
#include <vector>

#include "entities.hpp"
#include "language_detector.hpp"

namespace replylint {

// The words of a text that carry its subject: not stop words, four bytes or more.
std::vector<std::string> content_words(const NormalizedText& text, const TokenizedText& tokens,
                                       const std::map<std::string, WordSet>& stopwords);

// The lower-cased word tokens of a text, in order.
std::vector<std::string> word_sequence(const NormalizedText& text, const TokenizedText& tokens);

struct Engagement {
  double ratio = 1;                 // share of the customer's specifics the reply takes up
  size_t specifics = 0;             // how many specifics the customer gave
  std::vector<std::string> missed;  // the specifics the reply does not mention, in order
  std::vector<std::string> mentioned;
};

// Details count double: a reply that names the order number engages more than
// one that repeats a word. Words match on a shared stem (the first five bytes:
// "pakket", "pakketje") or when one holds the other ("kortingscode", "code").
Engagement measure_engagement(const std::vector<Entity>& customer_entities,
                              const std::vector<std::string>& customer_words,
                              const std::vector<Entity>& reply_entities,
                              const std::vector<std::string>& reply_words);

// The first word token of the reply that takes up one of the customer's words,
// or tokens.tokens.size() when none does.
size_t first_uptake(const NormalizedText& text, const TokenizedText& tokens,
                    const std::vector<std::string>& customer_words);

// How many specifics of its own a text holds: numbers, codes, amounts, links and
// capitalised names inside a sentence. A reply with none is generic text.
size_t own_specifics(const NormalizedText& text, const TokenizedText& tokens);

// Jaccard similarity of word 3-gram shingles (whole sequences when short).
double shingle_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace replylint
