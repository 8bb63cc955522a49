#include "context_checks.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

namespace replylint {
namespace {

std::string_view stem(std::string_view word) {
  return word.substr(0, 5);
}

bool is_stopword(std::string_view w, const std::map<std::string, WordSet>& stopwords) {
  for (const auto& [lang, words] : stopwords)
    if (words.find(w) != words.end()) return true;
  return false;
}

}  // namespace

std::vector<std::string> word_sequence(const NormalizedText& text, const TokenizedText& tokens) {
  std::vector<std::string> words;
  for (const Token& t : tokens.tokens)
    if (t.kind == TokenKind::word) words.push_back(text.text.substr(t.begin, t.end - t.begin));
  return words;
}

std::vector<std::string> content_words(const NormalizedText& text, const TokenizedText& tokens,
                                       const std::map<std::string, WordSet>& stopwords) {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;  // stems, viewing `text`
  for (const Token& t : tokens.tokens) {
    if (t.kind != TokenKind::word) continue;
    const std::string_view w = std::string_view(text.text).substr(t.begin, t.end - t.begin);
    if (w.size() < 4 || is_stopword(w, stopwords)) continue;
    if (seen.insert(stem(w)).second) out.emplace_back(w);
  }
  return out;
}

namespace {

// Only the customer's first this many content words count as specifics: every
// one is compared with every distinct reply word, so this keeps a huge customer
// message and a huge reply from taking quadratic time.
constexpr size_t kMaxCustomerWords = 500;

// Words are taken up by a shared stem ("pakket", "pakketje") or when one holds
// the other, as Dutch compounds do ("kortingscode", "code").
bool takes_up(std::string_view customer_word, std::string_view reply_word) {
  if (reply_word.size() < 4) return false;
  if (stem(reply_word) == stem(customer_word)) return true;
  return reply_word.size() <= customer_word.size()
             ? customer_word.find(reply_word) != std::string_view::npos
             : reply_word.find(customer_word) != std::string_view::npos;
}

// Every customer word is compared with every distinct reply word: views, sorted
// once, with no string built per comparison.
std::vector<std::string_view> distinct(const std::vector<std::string>& words) {
  std::vector<std::string_view> out(words.begin(), words.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

Engagement measure_engagement(const std::vector<Entity>& customer_entities,
                              const std::vector<std::string>& customer_words,
                              const std::vector<Entity>& reply_entities,
                              const std::vector<std::string>& reply_words) {
  Engagement e;
  const std::vector<std::string_view> reply_candidates = distinct(reply_words);
  std::vector<std::string_view> reply_keys = reply_candidates;  // a name is matched as a word
  for (const Entity& r : reply_entities) reply_keys.push_back(r.key);
  std::sort(reply_keys.begin(), reply_keys.end());
  double total = 0, taken_up = 0;
  std::set<std::string> counted;
  for (const Entity& c : customer_entities) {
    if (!counted.insert(c.kind + c.key).second) continue;
    total += 2;
    ++e.specifics;
    if (std::binary_search(reply_keys.begin(), reply_keys.end(), std::string_view(c.key))) {
      taken_up += 2;
      e.mentioned.push_back(c.display);
    } else {
      e.missed.push_back(c.display);
    }
  }
  for (size_t i = 0; i < customer_words.size() && i < kMaxCustomerWords; ++i) {
    const std::string& w = customer_words[i];
    total += 1;
    ++e.specifics;
    if (std::any_of(reply_candidates.begin(), reply_candidates.end(),
                    [&](std::string_view r) { return takes_up(w, r); })) {
      taken_up += 1;
      e.mentioned.push_back(w);
    } else {
      e.missed.push_back(w);
    }
  }
  e.ratio = total == 0 ? 1.0 : taken_up / total;
  return e;
}

size_t first_uptake(const NormalizedText& text, const TokenizedText& tokens,
                    const std::vector<std::string>& customer_words) {
  for (size_t i = 0; i < tokens.tokens.size(); ++i) {
    const Token& t = tokens.tokens[i];
    if (t.kind != TokenKind::word) continue;
    const std::string_view word = std::string_view(text.text).substr(t.begin, t.end - t.begin);
    for (size_t c = 0; c < customer_words.size() && c < kMaxCustomerWords; ++c)
      if (takes_up(customer_words[c], word)) return i;
  }
  return tokens.tokens.size();
}

size_t own_specifics(const NormalizedText& text, const TokenizedText& tokens) {
  size_t count = 0;
  for (size_t i = 0; i < tokens.tokens.size(); ++i) {
    const Token& t = tokens.tokens[i];
    switch (t.kind) {
      case TokenKind::reference:
      case TokenKind::email:
      case TokenKind::amount:
      case TokenKind::url:
      case TokenKind::number: ++count; break;
      case TokenKind::word: {
        // A capital inside a sentence marks a name: a street, a product, a person.
        const bool sentence_start = i == 0 || tokens.tokens[i - 1].sentence != t.sentence ||
                                    tokens.tokens[i - 1].kind == TokenKind::punctuation ||
                                    tokens.tokens[i - 1].kind == TokenKind::mention;
        const char first = text.source.text[text.source_begin(t.begin)];
        if (!sentence_start && first >= 'A' && first <= 'Z') ++count;
        break;
      }
      default: break;
    }
  }
  return count;
}

double shingle_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto shingles = [](const std::vector<std::string>& words) {
    std::set<std::string> out;
    const size_t n = words.size() < 3 ? words.size() : 3;
    if (n == 0) return out;
    for (size_t i = 0; i + n <= words.size(); ++i) {
      std::string s;
      for (size_t k = 0; k < n; ++k) s += words[i + k] + ' ';
      out.insert(s);
    }
    return out;
  };
  const auto sa = shingles(a), sb = shingles(b);
  if (sa.empty() || sb.empty()) return 0;
  size_t common = 0;
  for (const auto& s : sa) common += sb.count(s);
  return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

}  // namespace replylint
