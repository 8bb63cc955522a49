#include "special_tokens.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace replylint {
namespace {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_alnum(char c) {
  return is_digit(c) || is_lower(c) || (c >= 'A' && c <= 'Z');
}
constexpr bool is_non_ascii(char c) {
  return static_cast<unsigned char>(c) >= 0x80;
}
// A character of an e-mail address's local part.
constexpr bool is_local(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool is_space(char c) {
  return c == ' ' || c == '\n';
}
// A letter that begins no URL ("http", "www.") or amount ("eur 5").
constexpr bool is_plain_letter(char c) {
  return (is_lower(c) || (c >= 'A' && c <= 'Z')) && c != 'h' && c != 'w' && c != 'e';
}

class Scanner {
 public:
  Scanner(const NormalizedText& text, std::vector<SpecialToken>& out)
      : src_(text), t_(text.text), n_(text.text.size()), out_(out) {
    // Most replies hold no '@' after a character an address can hold (a
    // mention's '@' begins a word), and few digits: then no start can begin an
    // e-mail address or a code, and no word need be scanned for one.
    if (!may_hold_email()) email_fails_before_ = n_;
    size_t digits = 0;
    for (const char c : t_) digits += is_digit(c);  // a plain loop: it vectorises
    if (digits < 4) code_fails_before_ = n_;
  }

  void run() {
    size_t i = 0;
    while (i < n_) {
      if (!at_word_start(i)) {
        ++i;
        continue;
      }
      const size_t end = scan_at(i);
      i = end > i ? end : i + 1;
    }
  }

 private:
  // A token can only start where the previous character is not part of a word.
  bool at_word_start(size_t i) const {
    // A byte table: this is asked of every byte of the reply.
    static constexpr std::array<bool, 256> joins = [] {
      std::array<bool, 256> t{};
      for (size_t b = 0; b < t.size(); ++b) {
        const auto p = static_cast<char>(b);
        t[b] = is_alnum(p) || is_non_ascii(p) || p == '_' || p == '@' || p == '#';
      }
      return t;
    }();
    return i == 0 || !joins[static_cast<unsigned char>(t_[i - 1])];
  }
  bool at_word_end(size_t i) const {
    return i >= n_ || !(is_alnum(t_[i]) || is_non_ascii(t_[i]) || t_[i] == '_');
  }
  bool starts_with(size_t i, std::string_view s) const { return t_.substr(i, s.size()) == s; }
  char at(size_t i) const { return i < n_ ? t_[i] : '\0'; }

  size_t emit(TokenKind kind, size_t b, size_t e) {
    out_.push_back({kind, static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    return e;
  }

  // Returns the end of the token found at i, or i when there is none.
  size_t scan_at(size_t i) {
    const char c = t_[i];
    // Most words begin with a letter that starts no URL or amount: only an
    // e-mail address or a code could begin there, and often neither can.
    if (is_plain_letter(c) && i < email_fails_before_ && i < code_fails_before_) return i;
    if (c == 'h' || c == 'w') {
      if (starts_with(i, "http://") || starts_with(i, "https://") || starts_with(i, "www.")) {
        return scan_url(i);
      }
    }
    if (c == '@' && (is_alnum(at(i + 1)) || at(i + 1) == '_')) return scan_mention(i);
    if (c == '#') return scan_hashtag(i);
    if (size_t sym = currency_symbol_length(i)) return scan_prefixed_amount(i, sym);
    if (is_alnum(c)) {
      if (size_t e = scan_email(i); e > i) return e;
      if (is_digit(c)) return scan_number(i);
      if (starts_with(i, "eur ") && is_digit(at(i + 4))) return scan_prefixed_amount(i, 3);
      return scan_code(i);
    }
    return i;
  }

  size_t scan_url(size_t i) {
    size_t e = i;
    while (e < n_ && !is_space(t_[e])) ++e;
    while (e > i && std::string_view(".,;:!?)]}'\"").find(t_[e - 1]) != std::string_view::npos) --e;
    return e - i > 4 ? emit(TokenKind::url, i, e) : i;
  }

  size_t scan_mention(size_t i) {
    size_t e = i + 1;
    while (e < n_ && (is_alnum(t_[e]) || t_[e] == '_')) ++e;
    return emit(TokenKind::mention, i, e);
  }

  size_t scan_hashtag(size_t i) {
    size_t e = i + 1;
    bool digits_only = true;
    while (e < n_ && (is_alnum(t_[e]) || t_[e] == '_' || is_non_ascii(t_[e]))) {
      digits_only = digits_only && is_digit(t_[e]);
      ++e;
    }
    if (e == i + 1) return i;
    // "#48213" is an order number, not a topic.
    return emit(digits_only ? TokenKind::reference : TokenKind::hashtag, i, e);
  }

  // Whether an address's local part can end at an '@': one follows a character
  // it may hold.
  bool may_hold_email() const {
    for (size_t at = t_.find('@', 1); at != std::string_view::npos; at = t_.find('@', at + 1))
      if (is_local(t_[at - 1])) return true;
    return false;
  }

  size_t scan_email(size_t i) {
    if (i < email_fails_before_) return i;
    size_t e = i;
    while (e < n_ && is_local(t_[e])) ++e;
    // A later start in the same run reaches the same '@' (or none) and domain.
    email_fails_before_ = e;
    if (at(e) != '@' || e == i) return i;
    size_t d = e + 1;
    while (d < n_ && (is_alnum(t_[d]) || t_[d] == '-' || t_[d] == '.')) ++d;
    while (d > e + 1 && (t_[d - 1] == '.' || t_[d - 1] == '-')) --d;  // sentence full stop
    size_t dots = 0, last_dot = 0;
    for (size_t k = e + 1; k < d; ++k) {
      if (t_[k] == '.') {
        ++dots;
        last_dot = k;
      }
    }
    if (dots == 0 || last_dot + 1 >= d || !at_word_end(d)) return i;
    email_fails_before_ = 0;
    return emit(TokenKind::email, i, d);
  }

  size_t currency_symbol_length(size_t i) const {
    const auto c = static_cast<unsigned char>(t_[i]);
    if (c == '$') return 1;
    if (c == 0xE2 && starts_with(i, "\xE2\x82\xAC")) return 3;  // €
    if (c == 0xC2 && starts_with(i, "\xC2\xA3")) return 2;      // £
    return 0;
  }

  // Digits with single separators between digit groups: 12,50  1.000  12:00  0800-1234.
  size_t number_run_end(size_t i, std::string_view separators) const {
    size_t e = i;
    while (e < n_) {
      if (is_digit(t_[e])) {
        ++e;
      } else if (separators.find(t_[e]) != std::string_view::npos && is_digit(at(e + 1)) && e > i) {
        ++e;
      } else {
        break;
      }
    }
    return e;
  }

  // ",-" after an amount ("€ 12,-") belongs to it.
  size_t amount_suffix_end(size_t e) const {
    if ((at(e) == ',' || at(e) == '.') && at(e + 1) == '-' && at_word_end(e + 2)) return e + 2;
    return e;
  }

  size_t scan_prefixed_amount(size_t i, size_t symbol_length) {
    size_t d = i + symbol_length;
    if (at(d) == ' ') ++d;
    if (!is_digit(at(d))) return i;
    size_t e = amount_suffix_end(number_run_end(d, ".,"));
    if (!at_word_end(e)) return i;
    return emit(TokenKind::amount, i, e);
  }

  bool is_postcode_letters(size_t b) const {
    // Dutch postcode letters are written in capitals; "1234 ab" in lower case is
    // too often a number followed by a word to count.
    for (size_t k = b; k < b + 2; ++k) {
      const size_t s = src_.source_begin(k);
      const char orig = src_.source.text[s];
      if (!(orig >= 'A' && orig <= 'Z')) return false;
    }
    return true;
  }

  size_t scan_number(size_t i) {
    if (i < number_fails_before_) return i;
    size_t e = number_run_end(i, ".,:/-");
    const size_t run_end = e;
    // Postcode: 4 digits, optional space, 2 capital letters.
    if (e - i == 4 && t_[i] != '0') {
      size_t l = e + (at(e) == ' ' ? 1 : 0);
      if (is_lower(at(l)) && is_lower(at(l + 1)) && at_word_end(l + 2) && is_postcode_letters(l)) {
        return emit(TokenKind::reference, i, l + 2);
      }
    }
    // Amount with the currency after it: 12,50 euro, 12 €, 12,-.
    const size_t suffixed = amount_suffix_end(e);
    if (suffixed > e) return emit(TokenKind::amount, i, suffixed);
    const size_t after = e + (at(e) == ' ' ? 1 : 0);
    for (std::string_view unit : {"\xE2\x82\xAC", "euro", "eur"}) {
      if (starts_with(after, unit) && at_word_end(after + unit.size())) {
        return emit(TokenKind::amount, i, after + unit.size());
      }
    }
    // Letters glued to the digits: 5pm, 12u, 48213ab.
    size_t letters = 0;
    while (e < n_ && is_alnum(t_[e])) {
      letters += is_lower(t_[e]) ? 1 : 0;
      ++e;
    }
    if (!at_word_end(e)) {  // part of a longer non-ASCII word: leave it to ICU
      // So is every later start in this run, except one four digits before its
      // end (a postcode).
      number_fails_before_ = run_end >= 4 ? run_end - 4 : 0;
      return i;
    }
    return emit(classify_digits(i, e, letters), i, e);
  }

  TokenKind classify_digits(size_t b, size_t e, size_t letters) const {
    size_t digits = 0, groups = 1, group_len = 0;
    bool has_colon_or_comma = false, three_digit_groups = true;
    for (size_t k = b; k < e; ++k) {
      const char ch = t_[k];
      if (is_digit(ch)) {
        ++digits;
        ++group_len;
      } else if (!is_lower(ch)) {
        has_colon_or_comma = has_colon_or_comma || ch == ':' || ch == ',';
        if (groups > 1 && group_len != 3) three_digit_groups = false;
        ++groups;
        group_len = 0;
      }
    }
    if (groups > 1 && group_len != 3) three_digit_groups = false;
    if (letters > 0) return digits >= 4 ? TokenKind::reference : TokenKind::number;
    if (has_colon_or_comma) return TokenKind::number;                // 12:00, 12,50
    if (groups == 3 && digits <= 8) return TokenKind::number;        // 22-11-2026
    if (groups > 1 && three_digit_groups) return TokenKind::number;  // 1.000.000
    return digits >= 5 ? TokenKind::reference : TokenKind::number;
  }

  // Letter-led codes with at least four digits: ab-12345, nl91abna0417164300, kl1234.
  size_t scan_code(size_t i) {
    if (i < code_fails_before_) return i;
    size_t e = i, digits = 0;
    while (e < n_) {
      if (is_alnum(t_[e])) {
        digits += is_digit(t_[e]) ? 1 : 0;
        ++e;
      } else if ((t_[e] == '-' || t_[e] == '/') && is_alnum(at(e + 1)) && e > i) {
        ++e;
      } else {
        break;
      }
    }
    if (digits < 4 || !at_word_end(e)) {
      code_fails_before_ = e;  // a later start in the run has fewer digits, the same end
      return i;
    }
    return emit(TokenKind::reference, i, e);
  }

  const NormalizedText& src_;
  std::string_view t_;
  size_t n_;
  std::vector<SpecialToken>& out_;
  // Where a failed scan's run ended: a later start inside it fails the same way,
  // and skipping it keeps the scan linear ("x/x/x/...", "a.a.a...", "1.1.1...é").
  size_t email_fails_before_ = 0;
  size_t number_fails_before_ = 0;
  size_t code_fails_before_ = 0;
};

}  // namespace

void scan_special_tokens(const NormalizedText& text, std::vector<SpecialToken>& out) {
  Scanner(text, out).run();
}

}  // namespace replylint
