#include "keyword_index.hpp"

namespace replylint {

namespace {

size_t two_bytes(std::string_view s) {
  return static_cast<size_t>(static_cast<unsigned char>(s[0])) << 8 |
         static_cast<unsigned char>(s[1]);
}

}  // namespace

void KeywordIndex::add(uint32_t owner, uint32_t requirement, const KeyedLiteral& literal) {
  const auto place = static_cast<size_t>(literal.place);
  if (literal.place != KeyPlace::word) part_keys_[place - 1].set(two_bytes(literal.key()));
  std::vector<Probe>& probes = tables_[place][std::string(literal.key())];
  for (Probe& p : probes) {
    if (p.text == literal.text && p.key_offset == literal.key_offset) {
      if (p.owners.empty() || p.owners.back() != std::pair{owner, requirement})
        p.owners.emplace_back(owner, requirement);
      return;
    }
  }
  probes.push_back({literal.text, literal.key_offset, {{owner, requirement}}});
}

void KeywordIndex::check(const Table& table, std::string_view key, std::string_view text,
                         size_t key_at, uint32_t word, std::vector<Hit>& hits) const {
  const auto it = table.find(key);
  if (it == table.end()) return;
  for (const Probe& p : it->second) {
    if (key_at < p.key_offset) continue;
    if (text.compare(key_at - p.key_offset, p.text.size(), p.text) != 0) continue;
    for (const auto& [owner, requirement] : p.owners) hits.push_back({owner, requirement, word});
  }
}

void KeywordIndex::find(std::string_view text, std::vector<uint32_t>& spaces,
                        std::vector<Hit>& hits) const {
  spaces.clear();
  for (size_t i = text.find(' '); i != std::string_view::npos; i = text.find(' ', i + 1))
    spaces.push_back(static_cast<uint32_t>(i));
  for (size_t w = 0; w + 1 < spaces.size(); ++w) {
    const size_t begin = spaces[w] + 1;
    const size_t length = spaces[w + 1] - begin;
    if (length == 0) continue;
    const auto word = static_cast<uint32_t>(w);
    check(tables_[0], text.substr(begin, length), text, begin, word, hits);
    if (length < kPart) continue;
    const std::string_view first = text.substr(begin, kPart);
    if (part_keys_[0].test(two_bytes(first))) check(tables_[1], first, text, begin, word, hits);
    const std::string_view last = text.substr(begin + length - kPart, kPart);
    if (part_keys_[1].test(two_bytes(last)))
      check(tables_[2], last, text, begin + length - kPart, word, hits);
  }
}

}  // namespace replylint
