#include "context_checks.hpp"

#include <algorithm>
#include <set>

namespace replylint {
namespace {

std::string stem(std::string_view word) {
  return std::string(word.substr(0, 5));
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
  std::set<std::string> seen;
  for (const std::string& w : word_sequence(text, tokens)) {
    if (w.size() < 4 || is_stopword(w, stopwords)) continue;
    if (seen.insert(stem(w)).second) out.push_back(w);
  }
  return out;
}

Engagement measure_engagement(const std::vector<Entity>& customer_entities,
                              const std::vector<std::string>& customer_words,
                              const std::vector<Entity>& reply_entities,
                              const std::vector<std::string>& reply_words) {
  Engagement e;
  std::set<std::string> reply_keys, reply_stems;
  for (const Entity& r : reply_entities) reply_keys.insert(r.key);
  for (const std::string& w : reply_words) {
    reply_stems.insert(stem(w));
    reply_keys.insert(w);  // a name is matched as a word
  }
  double total = 0, taken_up = 0;
  std::set<std::string> counted;
  for (const Entity& c : customer_entities) {
    if (!counted.insert(c.kind + c.key).second) continue;
    total += 2;
    ++e.specifics;
    if (reply_keys.count(c.key)) {
      taken_up += 2;
      e.mentioned.push_back(c.display);
    } else {
      e.missed.push_back(c.display);
    }
  }
  for (const std::string& w : customer_words) {
    total += 1;
    ++e.specifics;
    if (reply_stems.count(stem(w))) {
      taken_up += 1;
      e.mentioned.push_back(w);
    } else {
      e.missed.push_back(w);
    }
  }
  e.ratio = total == 0 ? 1.0 : taken_up / total;
  return e;
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
