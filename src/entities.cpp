#include "entities.hpp"

#include <cctype>

namespace replylint {
namespace {

std::string alnum_key(std::string_view s) {
  std::string key;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) key += c;
  return key;
}

std::string digit_key(std::string_view s) {
  std::string key;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) key += c;
  return key;
}

size_t count_digits(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
  return n;
}

bool all_of(std::string_view s, int (*pred)(int)) {
  for (char c : s)
    if (!pred(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// Which detail a reference token is: the scanner only knows it is a code.
std::string reference_kind(std::string_view form) {
  const std::string key = alnum_key(form);
  if (key.size() == 6 && all_of(key.substr(0, 4), isdigit) && all_of(key.substr(4), isalpha))
    return "postcode";
  if (key.size() >= 15 && all_of(key.substr(0, 2), isalpha) && all_of(key.substr(2, 2), isdigit))
    return "iban";
  const size_t digits = count_digits(form);
  const bool phone_chars = form.find_first_not_of("0123456789-+ ") == std::string_view::npos;
  if (phone_chars && (form[0] == '0' || form[0] == '+') && digits >= 8 && digits <= 13)
    return "phone";
  return "order_number";
}

// Day-month-year or year-month-day written with - or /.
bool looks_like_date(std::string_view form) {
  size_t separators = 0;
  for (char c : form) {
    if (c == '-' || c == '/') {
      ++separators;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return separators == 2;
}

// A short last line starting with a capital is a signed name ("Groet,\nJan de Vries").
void signed_name(const NormalizedText& text, const TokenizedText& tokens,
                 std::vector<Entity>& out) {
  const size_t line_start = text.text.rfind('\n');
  if (line_start == std::string::npos) return;
  size_t first = tokens.tokens.size();
  size_t words = 0;
  for (size_t i = 0; i < tokens.tokens.size(); ++i) {
    const Token& t = tokens.tokens[i];
    if (t.begin <= line_start) continue;
    if (t.kind != TokenKind::word) return;
    if (first == tokens.tokens.size()) first = i;
    ++words;
  }
  if (words == 0 || words > 3) return;
  const Token& t = tokens.tokens[first];
  const char original = text.source.text[text.source_begin(t.begin)];
  if (!std::isupper(static_cast<unsigned char>(original))) return;
  const std::string word = text.text.substr(t.begin, t.end - t.begin);
  out.push_back({"name", word, word, first});
}

}  // namespace

std::vector<Entity> extract_entities(const NormalizedText& text, const TokenizedText& tokens) {
  std::vector<Entity> out;
  for (size_t i = 0; i < tokens.tokens.size(); ++i) {
    const Token& t = tokens.tokens[i];
    // A view: a token's text is copied only into an entity it gives (most
    // tokens are words and punctuation, and most numbers name no detail).
    const std::string_view form = std::string_view(text.text).substr(t.begin, t.end - t.begin);
    switch (t.kind) {
      case TokenKind::reference:
        out.push_back({reference_kind(form), alnum_key(form), std::string(form), i});
        break;
      case TokenKind::email:
        out.push_back({"email", std::string(form), std::string(form), i});
        break;
      case TokenKind::amount:
        out.push_back({"amount", digit_key(form), std::string(form), i});
        break;
      case TokenKind::number:
        if (looks_like_date(form)) {
          out.push_back({"date", alnum_key(form), std::string(form), i});
        } else if (count_digits(form) >= 3) {
          // Train 3541, flight 511, 120 euro: a number the customer named.
          out.push_back({"number", digit_key(form), std::string(form), i});
        }
        break;
      default: break;
    }
  }
  signed_name(text, tokens, out);
  return out;
}

}  // namespace replylint
