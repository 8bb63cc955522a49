#include "keyword_index.hpp"

#include <algorithm>
#include <cstring>

#include "word_hash.hpp"

namespace replylint {

namespace {

// Two bytes of a key folded to twelve bits: the low six of each, which tell
// the letters apart. Others may share a bit; a shared bit costs a lookup that
// finds nothing, and the sets stay small enough to stay in cache.
size_t two_bytes(std::string_view s) {
  return (static_cast<size_t>(static_cast<unsigned char>(s[0]) & 0x3F) << 6) |
         (static_cast<unsigned char>(s[1]) & 0x3F);
}

// The first eight bytes of `s` as one word, zero-padded; with head_mask, the
// bytes of a literal that one load of text compares.
uint64_t head_of(std::string_view s) {
  uint64_t head = 0;
  std::memcpy(&head, s.data(), std::min<size_t>(s.size(), 8));
  return head;
}

uint64_t head_mask(size_t length) {
  return length >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * length)) - 1;
}

// Whether `text` holds the literal (its pool bytes and head) at `at`.
bool holds(std::string_view text, size_t at, const char* literal, size_t length, uint64_t head) {
  if (at + length > text.size()) return false;
  if (at + 8 > text.size()) return std::memcmp(text.data() + at, literal, length) == 0;
  uint64_t here;
  std::memcpy(&here, text.data() + at, 8);
  if (((here ^ head) & head_mask(length)) != 0) return false;
  return length <= 8 || std::memcmp(text.data() + at + 8, literal + 8, length - 8) == 0;
}

}  // namespace

void KeywordIndex::add(uint32_t owner, uint32_t requirement, const KeyedLiteral& literal) {
  const auto place = static_cast<size_t>(literal.place);
  const std::string_view key = literal.key();
  const bool is_long = key.size() == kLongPart;
  if (literal.place == KeyPlace::word_start)
    part_keys_[is_long ? long_start : short_start].set(two_bytes(key.substr(is_long ? 2 : 0)));
  if (literal.place == KeyPlace::word_end)
    part_keys_[is_long ? long_end : short_end].set(two_bytes(key.substr(0, 2)));
  if (literal.place == KeyPlace::word_pair)
    pair_firsts_.push_back(word_hash(key.substr(0, key.find(' '))));
  // Thousands of literals share a few hundred sets: a set is looked up, not searched for.
  const auto [next, fresh] =
      next_index_.try_emplace(literal.next, static_cast<uint32_t>(nexts_.size()));
  if (fresh) nexts_.push_back(literal.next);
  filed_[place].push_back({word_hash(literal.key()), literal.text,
                           static_cast<uint32_t>(literal.key_offset), next->second, owner,
                           requirement});
}

void KeywordIndex::finish() {
  std::sort(pair_firsts_.begin(), pair_firsts_.end());
  pair_firsts_.erase(std::unique(pair_firsts_.begin(), pair_firsts_.end()), pair_firsts_.end());
  for (size_t place = 0; place < filed_.size(); ++place) {
    // Sorted, and their duplicates dropped, through small keys: a Filed holds a
    // string. Most comparisons end at the hash or the text's first eight bytes,
    // read as a big-endian number so that it orders as the bytes do.
    const std::vector<Filed>& all = filed_[place];
    struct SortKey {
      uint64_t hash;
      uint64_t head;
      uint32_t index;
    };
    std::vector<SortKey> sorted(all.size());
    for (uint32_t i = 0; i < all.size(); ++i)
      sorted[i] = {all[i].hash, __builtin_bswap64(head_of(all[i].text)), i};
    std::sort(sorted.begin(), sorted.end(), [&](const SortKey& a, const SortKey& b) {
      if (a.hash != b.hash) return a.hash < b.hash;
      if (a.head != b.head) return a.head < b.head;
      return all[a.index] < all[b.index];
    });
    std::vector<uint32_t> order(all.size());
    for (size_t i = 0; i < sorted.size(); ++i) order[i] = sorted[i].index;
    order.erase(std::unique(order.begin(), order.end(),
                            [&](uint32_t a, uint32_t b) { return all[a] == all[b]; }),
                order.end());
    auto filed = [&](size_t f) -> const Filed& { return all[order[f]]; };
    size_t keys = 0;
    for (size_t f = 0; f < order.size(); ++f) keys += f == 0 || filed(f).hash != filed(f - 1).hash;
    if (place == static_cast<size_t>(KeyPlace::word)) keys += pair_firsts_.size();
    Table& table = tables_[place];
    table.slots.assign(word_table_size(keys), Slot{});
    // One slot per hash: keys that share one (never seen, but possible) share
    // its probes, and each probe still checks its whole literal.
    for (size_t f = 0; f < order.size();) {
      const uint64_t hash = filed(f).hash;
      Slot& slot =
          table.slots[walk_slots(table.slots, hash, [](const Slot& s) { return s.hash == 0; })];
      slot.hash = hash;
      slot.first = static_cast<uint32_t>(probes_.size());
      while (f < order.size() && filed(f).hash == hash) {
        const Filed& lit = filed(f);
        Probe probe{head_of(lit.text),
                    static_cast<uint32_t>(pool_.size()),
                    static_cast<uint32_t>(lit.text.size()),
                    lit.key_offset,
                    static_cast<uint32_t>(owners_.size()),
                    0,
                    lit.next};
        pool_ += lit.text;
        for (; f < order.size() && filed(f).hash == hash && filed(f).text == lit.text &&
               filed(f).key_offset == lit.key_offset && filed(f).next == lit.next;
             ++f)
          owners_.emplace_back(filed(f).owner, filed(f).requirement);
        probe.end_owner = static_cast<uint32_t>(owners_.size());
        probes_.push_back(probe);
      }
      slot.end = static_cast<uint32_t>(probes_.size());
    }
  }
  // Flag the words that begin a pair key, adding those that are no key themselves.
  std::vector<Slot>& words = tables_[static_cast<size_t>(KeyPlace::word)].slots;
  for (uint64_t hash : pair_firsts_) {
    Slot& slot = words[walk_slots(words, hash,
                                  [&](const Slot& s) { return s.hash == 0 || s.hash == hash; })];
    slot.hash = hash;  // an empty slot has no probes
    slot.begins_pair = 1;
  }
  filed_ = {};
  pair_firsts_ = {};
  next_index_ = {};
}

const KeywordIndex::Slot* KeywordIndex::Table::find(uint64_t hash) const {
  if (slots.empty()) return nullptr;
  const Slot& slot =
      slots[walk_slots(slots, hash, [&](const Slot& s) { return s.hash == 0 || s.hash == hash; })];
  return slot.hash == hash ? &slot : nullptr;
}

void KeywordIndex::check(const Table& table, std::string_view key, std::string_view text,
                         size_t key_at, uint32_t word, std::vector<Hit>& hits) const {
  if (const Slot* slot = table.find(word_hash(key))) check(*slot, text, key_at, word, hits);
}

void KeywordIndex::check(const Slot& slot, std::string_view text, size_t key_at, uint32_t word,
                         std::vector<Hit>& hits) const {
  for (uint32_t p = slot.first; p < slot.end; ++p) {
    const Probe& probe = probes_[p];
    if (key_at < probe.key_offset) continue;
    const size_t at = key_at - probe.key_offset;
    if (!holds(text, at, pool_.data() + probe.at, probe.length, probe.head)) continue;
    if (probe.next != 0) {
      const size_t after = at + probe.length;
      if (after >= text.size() || !nexts_[probe.next].test(static_cast<unsigned char>(text[after])))
        continue;
    }
    for (uint32_t o = probe.first_owner; o < probe.end_owner; ++o)
      hits.push_back(
          {owners_[o].first, owners_[o].second, word, static_cast<uint32_t>(at), probe.length});
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
    // The pair's hash continues the word's.
    const uint64_t running = word_hash_extend(kWordHashStart, text.substr(begin, length));
    // Most words are no key: the call is made only for those that are.
    const Slot* slot = table(KeyPlace::word).find(word_hash_final(running));
    if (slot) check(*slot, text, begin, word, hits);
    if (slot && slot->begins_pair && w + 2 < spaces.size() && spaces[w + 2] > spaces[w + 1] + 1) {
      const std::string_view rest = text.substr(spaces[w + 1], spaces[w + 2] - spaces[w + 1]);
      if (const Slot* pair =
              table(KeyPlace::word_pair).find(word_hash_final(word_hash_extend(running, rest))))
        check(*pair, text, begin, word, hits);
    }
    if (length < kPart) continue;
    const std::string_view first = text.substr(begin, kPart);
    if (part_keys_[short_start].test(two_bytes(first)))
      check(table(KeyPlace::word_start), first, text, begin, word, hits);
    const std::string_view last = text.substr(begin + length - kPart, kPart);
    if (part_keys_[short_end].test(two_bytes(last)))
      check(table(KeyPlace::word_end), last, text, begin + length - kPart, word, hits);
    if (length < kLongPart) continue;
    if (part_keys_[long_start].test(two_bytes(text.substr(begin + 2, 2))))
      check(table(KeyPlace::word_start), text.substr(begin, kLongPart), text, begin, word, hits);
    const size_t end_at = begin + length - kLongPart;
    if (part_keys_[long_end].test(two_bytes(text.substr(end_at, 2))))
      check(table(KeyPlace::word_end), text.substr(end_at, kLongPart), text, end_at, word, hits);
  }
}

}  // namespace replylint
