#include "audit/minhash.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <limits>

namespace replylint::audit {

namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t fnv1a(std::string_view s, uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

const std::array<uint64_t, kMinHashSize>& seeds() {
  static const auto s = [] {
    std::array<uint64_t, kMinHashSize> out{};
    for (size_t i = 0; i < out.size(); ++i) out[i] = splitmix64(0x5eed0000ULL + i);
    return out;
  }();
  return s;
}

bool is_word_byte(unsigned char c) {
  return std::isalnum(c) || c >= 0x80;
}

bool is_greeting(std::string_view w) {
  static constexpr std::string_view words[] = {"hallo",       "hoi",         "hi",         "hey",
                                               "hello",       "dag",         "beste",      "dear",
                                               "goedemorgen", "goedemiddag", "goedenavond"};
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

bool is_closing(std::string_view w) {
  static constexpr std::string_view words[] = {"groetjes", "groet",  "groeten",  "mvg",
                                               "regards",  "cheers", "greetings"};
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

}  // namespace

std::vector<std::string> template_tokens(std::string_view text) {
  // White-space separated chunks first: the sign-off is decided on those.
  std::vector<std::string_view> chunks;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) chunks.push_back(text.substr(start, i - start));
  }
  // A marked sign-off at the end ("^MY", "*AA 2/2", "- Laura") names the agent, not the text.
  for (size_t back = 1; back <= 3 && back <= chunks.size(); ++back) {
    const char lead = chunks[chunks.size() - back][0];
    if (lead == '^' || lead == '*' || lead == '~' || lead == '-') {
      chunks.resize(chunks.size() - back);
      break;
    }
  }

  std::vector<std::string> tokens;
  bool after_greeting = false;
  for (std::string_view chunk : chunks) {
    if (chunk[0] == '@') continue;
    if (chunk.find("://") != std::string_view::npos || chunk.rfind("www.", 0) == 0) {
      tokens.emplace_back("<url>");
      continue;
    }
    // Split the chunk into words ("bedankt,ik" -> two), dropping punctuation.
    size_t j = 0;
    while (j < chunk.size()) {
      while (j < chunk.size() && !is_word_byte(static_cast<unsigned char>(chunk[j]))) ++j;
      const size_t w = j;
      bool digit = false;
      while (j < chunk.size() && is_word_byte(static_cast<unsigned char>(chunk[j]))) {
        digit = digit || std::isdigit(static_cast<unsigned char>(chunk[j]));
        ++j;
      }
      if (j == w) continue;
      if (digit) {
        tokens.emplace_back("<n>");
        after_greeting = false;
        continue;
      }
      // "Hallo Bart," / "Hi Anna": the customer's name is no part of the template.
      const bool capital = std::isupper(static_cast<unsigned char>(chunk[w])) != 0;
      std::string word(chunk.substr(w, j - w));
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (after_greeting && capital) word = "<name>";
      after_greeting = is_greeting(word);
      tokens.push_back(std::move(word));
    }
  }
  // "Groetjes Issam", "Kind regards, Anna": drop the name after a closing.
  for (size_t k = tokens.size() >= 3 ? tokens.size() - 3 : 0; k < tokens.size(); ++k) {
    if (is_closing(tokens[k])) {
      tokens.resize(k + 1);
      break;
    }
  }
  return tokens;
}

std::optional<Signature> minhash(std::string_view text) {
  const std::vector<std::string> tokens = template_tokens(text);
  if (tokens.size() < kMinTokens) return std::nullopt;
  Signature sig;
  sig.fill(std::numeric_limits<uint32_t>::max());
  const auto& seed = seeds();
  for (size_t i = 0; i + kShingle <= tokens.size(); ++i) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t k = 0; k < kShingle; ++k) h = fnv1a(tokens[i + k], fnv1a("\x1f", h));
    for (size_t k = 0; k < kMinHashSize; ++k) {
      sig[k] = std::min(sig[k], static_cast<uint32_t>(splitmix64(h ^ seed[k]) >> 32));
    }
  }
  return sig;
}

double estimated_similarity(const Signature& a, const Signature& b) {
  size_t same = 0;
  for (size_t i = 0; i < kMinHashSize; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kMinHashSize;
}

std::array<uint64_t, kBands> band_keys(const Signature& s) {
  std::array<uint64_t, kBands> keys{};
  for (size_t b = 0; b < kBands; ++b) {
    uint64_t h = splitmix64(b + 1);
    for (size_t r = 0; r < kRows; ++r) h = splitmix64(h ^ s[b * kRows + r]);
    keys[b] = h;
  }
  return keys;
}

}  // namespace replylint::audit
