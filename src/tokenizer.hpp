// Stage 2: split the normalised text into typed tokens and sentences, and build the
// space-joined token text the rules match against.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "normalizer.hpp"

namespace replylint {

enum class TokenKind : uint8_t {
  word,
  number,
  punctuation,
  url,
  email,
  mention,
  hashtag,
  emoji,
  reference,  // order/case/client numbers, postcodes, IBAN-like codes
  amount,     // € 12,50, $5, 12 euro
};

std::string_view to_string(TokenKind kind);

struct Token {
  TokenKind kind;
  uint32_t begin;  // byte range in NormalizedText::text
  uint32_t end;
  uint32_t sentence;  // index into TokenizedText::sentences
};

struct Sentence {
  uint32_t first_token;
  uint32_t end_token;  // one past the last token
};

struct TokenizedText {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  // " tok tok tok ": every token's match form, joined and surrounded by single
  // spaces, so a space in `joined` is always a token edge.
  std::string joined;
  std::vector<uint32_t> joined_begin;  // per token: its first byte in `joined`

  // The token whose match form covers byte `offset` of `joined` (or the next one
  // when `offset` is a separating space).
  size_t token_at(size_t offset) const;
  // The part of `joined` covering tokens [first, end), with its surrounding spaces.
  std::string_view joined_range(size_t first_token, size_t end_token) const;
};

class Tokenizer {
 public:
  // `icu` asks ICU's break iterators about every text: the reference `fast` is
  // tested against, never faster. `fast` runs the word and sentence rules
  // directly (fast_breaks.hpp) and asks ICU only about text they do not cover;
  // the tokens are the same.
  enum class Strategy { fast, icu };

  explicit Tokenizer(Strategy strategy = Strategy::fast) : strategy_(strategy) {}

  // Thread-safe: ICU break iterators are cloned per thread on first use.
  void tokenize(const NormalizedText& text, TokenizedText& out) const;
  TokenizedText tokenize(const NormalizedText& text) const;

 private:
  Strategy strategy_;
};

}  // namespace replylint
