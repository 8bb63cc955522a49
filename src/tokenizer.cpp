#include "tokenizer.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "fast_breaks.hpp"
#include "special_tokens.hpp"

namespace replylint {

std::string_view to_string(TokenKind kind) {
  switch (kind) {
    case TokenKind::word: return "word";
    case TokenKind::number: return "number";
    case TokenKind::punctuation: return "punctuation";
    case TokenKind::url: return "url";
    case TokenKind::email: return "email";
    case TokenKind::mention: return "mention";
    case TokenKind::hashtag: return "hashtag";
    case TokenKind::emoji: return "emoji";
    case TokenKind::reference: return "reference";
    case TokenKind::amount: return "amount";
  }
  return "word";
}

size_t TokenizedText::token_at(size_t offset) const {
  auto it = std::upper_bound(joined_begin.begin(), joined_begin.end(), offset);
  if (it == joined_begin.begin()) return 0;
  const size_t index = static_cast<size_t>(it - joined_begin.begin()) - 1;
  if (joined[offset] == ' ' && index + 1 < joined_begin.size()) return index + 1;
  return index;
}

std::string_view TokenizedText::joined_range(size_t first_token, size_t end_token) const {
  if (first_token >= end_token) return {};
  const size_t b = joined_begin[first_token] - 1;
  const size_t e = end_token < joined_begin.size() ? joined_begin[end_token] : joined.size();
  return std::string_view(joined).substr(b, e - b);
}

namespace {

struct BreakIterators {
  std::unique_ptr<icu::BreakIterator> word;
  std::unique_ptr<icu::BreakIterator> sentence;
};

// ICU break iterators are expensive to create and not thread-safe: one clone of
// the shared prototypes per thread.
BreakIterators& thread_break_iterators() {
  static const BreakIterators prototypes = [] {
    UErrorCode status = U_ZERO_ERROR;
    BreakIterators p;
    p.word.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    p.sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
      throw std::runtime_error(std::string("ICU break iterators unavailable: ") +
                               u_errorName(status));
    }
    return p;
  }();
  thread_local BreakIterators local{
      std::unique_ptr<icu::BreakIterator>(prototypes.word->clone()),
      std::unique_ptr<icu::BreakIterator>(prototypes.sentence->clone())};
  return local;
}

// A UText over UTF-8 whose native indexes are byte offsets: no UTF-16 copy.
class Utf8Text {
 public:
  explicit Utf8Text(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&ut_, s.data(), static_cast<int64_t>(s.size()), &status);
  }
  ~Utf8Text() { utext_close(&ut_); }
  Utf8Text(const Utf8Text&) = delete;
  Utf8Text& operator=(const Utf8Text&) = delete;
  UText* get() { return &ut_; }

 private:
  UText ut_ = UTEXT_INITIALIZER;
};

bool is_all_space(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n'; });
}

// The kind of a segment no letter or number rule matched, by its first character.
TokenKind classify_character(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
      u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR) ||
      u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION)) {
    return TokenKind::emoji;
  }
  if (u_isalpha(c)) return TokenKind::word;  // letters ICU left unclassified
  return TokenKind::punctuation;
}

TokenKind classify_segment(std::string_view text, int32_t status) {
  if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) return TokenKind::number;
  if (status >= UBRK_WORD_LETTER) return TokenKind::word;
  // Most such segments are one ASCII punctuation mark: look its kind up.
  static const std::array<TokenKind, 128> ascii = [] {
    std::array<TokenKind, 128> t{};
    for (UChar32 c = 0; c < 128; ++c) t[static_cast<size_t>(c)] = classify_character(c);
    return t;
  }();
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) return ascii[lead];
  size_t pos = 0;
  return classify_character(static_cast<UChar32>(decode_utf8(text, pos)));
}

// Word tokens from the word segments that end at `boundaries` (those after
// offset 0, in order), with the special tokens cut in where they were found: a
// special token takes over its own bytes, and the tokens resume at its end,
// possibly in the middle of a segment, whose status the rest keeps.
void word_tokens(std::string_view t, const std::vector<WordBoundary>& boundaries,
                 const std::vector<SpecialToken>& specials, std::vector<Token>& out) {
  auto add_segment = [&](uint32_t b, uint32_t e, int32_t rule_status) {
    const std::string_view seg = t.substr(b, e - b);
    if (is_all_space(seg)) return;
    out.push_back({classify_segment(seg, rule_status), b, e, 0});
  };
  const SpecialToken* special = specials.data();
  const SpecialToken* const specials_end = special + specials.size();
  uint32_t start = 0;
  for (const WordBoundary& boundary : boundaries) {
    if (boundary.offset <= start) continue;  // inside a special token
    while (special != specials_end && special->begin < boundary.offset) {
      const SpecialToken& sp = *special++;
      if (sp.begin > start) add_segment(start, sp.begin, boundary.status);
      out.push_back({sp.kind, sp.begin, sp.end, 0});
      start = sp.end;
      if (start >= boundary.offset) break;
    }
    if (boundary.offset > start) {
      add_segment(start, boundary.offset, boundary.status);
      start = boundary.offset;
    }
  }
}

bool is_letter_token(const Token& tok) {
  return tok.kind == TokenKind::word;
}

// Dutch elisions: "'t", "'s", "'k", "'n" are one token, and "'s avonds", "'s
// morgens" (the genitive of time) one more. ICU splits a leading apostrophe off.
void merge_elisions(std::string_view t, std::vector<Token>& tokens) {
  auto is_apostrophe = [&](const Token& tok) {
    return tok.kind == TokenKind::punctuation && t[tok.begin] == '\'' && tok.end == tok.begin + 1;
  };
  // Tokens before the first apostrophe stay where they are.
  size_t w = static_cast<size_t>(std::find_if(tokens.begin(), tokens.end(), is_apostrophe) -
                                 tokens.begin());
  for (size_t r = w; r < tokens.size(); ++r) {
    Token tok = tokens[r];
    if (is_apostrophe(tok) && r + 1 < tokens.size()) {
      const Token& next = tokens[r + 1];
      const bool word_start = tok.begin == 0 || t[tok.begin - 1] == ' ' ||
                              t[tok.begin - 1] == '\n' || t[tok.begin - 1] == '(' ||
                              t[tok.begin - 1] == '"';
      if (word_start && is_letter_token(next) && next.begin == tok.end &&
          next.end == next.begin + 1) {
        tok = {TokenKind::word, tok.begin, next.end, 0};
        ++r;
        if (t[tok.begin + 1] == 's' && r + 1 < tokens.size()) {
          const Token& noun = tokens[r + 1];
          if (is_letter_token(noun) && noun.begin == tok.end + 1 && t[tok.end] == ' ' &&
              t[noun.end - 1] == 's' && noun.end - noun.begin > 2) {
            tok.end = noun.end;
            ++r;
          }
        }
      }
    }
    tokens[w++] = tok;
  }
  tokens.resize(w);
}

// Sentence boundaries come from the source text: case folding would hide the
// capital letters that tell "etc. and" from ". And". `next_boundary()` returns
// the boundaries after offset 0 in order, then icu::BreakIterator::DONE.
template <typename NextBoundary>
void assign_sentences(const NormalizedText& text, NextBoundary next_boundary, TokenizedText& out) {
  uint32_t sentence = 0;
  Sentence current{0, 0};
  int32_t boundary = next_boundary();
  for (size_t i = 0; i < out.tokens.size(); ++i) {
    const size_t src = text.source_begin(out.tokens[i].begin);
    bool advanced = false;
    while (boundary != icu::BreakIterator::DONE && src >= static_cast<size_t>(boundary)) {
      boundary = next_boundary();
      advanced = true;
    }
    if (advanced && i > current.first_token) {
      current.end_token = static_cast<uint32_t>(i);
      out.sentences.push_back(current);
      current = {static_cast<uint32_t>(i), 0};
      ++sentence;
    }
    out.tokens[i].sentence = sentence;
  }
  current.end_token = static_cast<uint32_t>(out.tokens.size());
  out.sentences.push_back(current);
}

void build_joined(std::string_view t, TokenizedText& out) {
  // Written through a pointer into room for the longest result, a byte at a
  // time: tokens are a few bytes, too short for a copy call to pay.
  std::string& joined = out.joined;
  joined.resize(2 * t.size() + 2);  // each token is a byte or more, and adds one space
  out.joined_begin.resize(out.tokens.size());
  char* const base = joined.data();
  char* o = base;
  *o++ = ' ';
  for (size_t i = 0; i < out.tokens.size(); ++i) {
    const Token& tok = out.tokens[i];
    out.joined_begin[i] = static_cast<uint32_t>(o - base);
    const bool squeeze = tok.kind == TokenKind::amount || tok.kind == TokenKind::reference;
    for (uint32_t k = tok.begin; k < tok.end; ++k) {
      char c = t[k];
      if (c == ' ' || c == '\n') {
        if (squeeze) continue;  // "€ 12,50" matches as "€12,50"
        c = ' ';
      }
      *o++ = c;
    }
    *o++ = ' ';
  }
  joined.resize(static_cast<size_t>(o - base));
}

void icu_word_boundaries(std::string_view text, std::vector<WordBoundary>& out) {
  out.clear();
  icu::BreakIterator& bi = *thread_break_iterators().word;
  Utf8Text utext(text);
  UErrorCode status = U_ZERO_ERROR;
  bi.setText(utext.get(), status);
  bi.first();
  for (int32_t e = bi.next(); e != icu::BreakIterator::DONE; e = bi.next())
    out.push_back({static_cast<uint32_t>(e), bi.getRuleStatus()});
}

void icu_sentences(const NormalizedText& text, TokenizedText& out) {
  icu::BreakIterator& bi = *thread_break_iterators().sentence;
  Utf8Text utext(text.source.text);
  UErrorCode status = U_ZERO_ERROR;
  bi.setText(utext.get(), status);
  bi.first();
  assign_sentences(
      text, [&bi] { return bi.next(); }, out);
}

}  // namespace

void Tokenizer::tokenize(const NormalizedText& text, TokenizedText& out) const {
  out.tokens.clear();
  out.sentences.clear();
  // Per-thread scratch: no allocation per reply once the buffers have grown.
  thread_local std::vector<SpecialToken> specials;
  thread_local std::vector<WordBoundary> words;
  thread_local std::vector<uint32_t> sentences;
  specials.clear();
  scan_special_tokens(text, specials);

  const bool fast = strategy_ == Strategy::fast;
  if (fast && text.ascii) {
    ascii_word_boundaries(text.text, words);
  } else if (!fast || !fast_word_boundaries(text.text, words)) {
    icu_word_boundaries(text.text, words);
  }
  word_tokens(text.text, words, specials, out.tokens);
  merge_elisions(text.text, out.tokens);

  if (!out.tokens.empty()) {
    if (fast && fast_sentence_boundaries(text.source.text, sentences)) {
      // Locals, not the thread-local vector: it is asked once per token.
      const uint32_t* next = sentences.data();
      const uint32_t* const end = next + sentences.size();
      assign_sentences(
          text,
          [&]() -> int32_t {
            return next < end ? static_cast<int32_t>(*next++) : icu::BreakIterator::DONE;
          },
          out);
    } else {
      icu_sentences(text, out);
    }
  }
  build_joined(text.text, out);
}

TokenizedText Tokenizer::tokenize(const NormalizedText& text) const {
  TokenizedText out;
  tokenize(text, out);
  return out;
}

}  // namespace replylint
