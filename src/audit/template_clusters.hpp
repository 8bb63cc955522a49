// Canned templates: near-identical replies clustered in one streaming pass.
// A reply joins the cluster whose representative (its first reply) has the most
// similar MinHash signature among the LSH candidates, when the estimated Jaccard
// similarity of their word 3-shingles reaches the threshold; otherwise it starts
// a new cluster. Memory stays bounded by lossy counting (Manku & Motwani): every
// `prune_every` replies, clusters seen too rarely to matter are dropped, so a
// template used on more than 1 in `prune_every` replies is always kept and its
// count is short by at most that share.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis.hpp"
#include "audit/minhash.hpp"

namespace replylint::audit {

// What the clustering needs to know of one analysed reply.
struct TemplateSample {
  std::string_view text;
  std::string_view id;
  uint64_t line = 0;
  std::string_view agent;
  std::optional<int> day;
  Scores scores;
  Verdict verdict = Verdict::send;
  const std::vector<Finding>* findings = nullptr;
};

// A finding of a cluster's representative, as the report highlights it. The
// names point into the clusters' own store: a cluster keeps no messages.
struct TemplateHighlight {
  uint32_t start = 0;
  uint32_t end = 0;
  std::string_view rule;
  std::string_view category;
};

struct TemplateCluster {
  uint64_t order = 0;  // creation order: ties list the older first
  Signature signature{};
  uint64_t count = 0;
  uint64_t delta = 0;  // lossy counting: how many it may have missed before it was created
  std::string text;    // the representative, cut to kMaxTemplateText bytes
  std::string id;
  uint64_t line = 0;
  std::vector<TemplateHighlight> highlights;  // the representative's findings within `text`
  // Replies per agent, the names in the clusters' store: a few words a cluster
  // where a tree of strings took a node and a copy of the name each.
  std::vector<std::pair<std::string_view, uint64_t>> agents;
  uint64_t other_agents = 0;  // replies by agents beyond the kept ones
  std::optional<int> first_day, last_day;
  double sum_authenticity = 0, sum_ownership = 0;
  std::array<uint64_t, 3> verdicts{};
};

inline constexpr size_t kMaxTemplateText = 600;
inline constexpr size_t kMaxTemplateAgents = 50;

// Band key -> cluster order, in one flat table: every reply looks up its 16 band
// keys, and a node per key (as in std::unordered_map) costs a cache miss each.
// Open addressing with linear probing; a removal shifts the entries after it back.
class BandTable {
 public:
  // The order filed under `key`, if any.
  std::optional<uint64_t> find(uint64_t key) const;
  // Files `order` under `key` unless the key is already filed.
  void emplace(uint64_t key, uint64_t order);
  // Removes `key` if it is filed under `order`.
  void erase(uint64_t key, uint64_t order);
  // Asks for the cache line where a lookup of `key` begins.
  void prefetch(uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(key)]);
  }

 private:
  struct Slot {
    uint64_t key = 0;
    uint64_t order_plus_one = 0;  // 0: an empty slot
  };
  size_t home(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> shift_; }
  // The slot holding `key`, or the empty slot that ends its run. The table must
  // have slots.
  size_t position(uint64_t key) const;
  void grow();

  std::vector<Slot> slots_;
  size_t used_ = 0;
  int shift_ = 64;
};

class TemplateClusters {
 public:
  explicit TemplateClusters(uint64_t prune_every = 10000, double threshold = 0.6)
      : prune_every_(prune_every), threshold_(threshold) {}
  // Highlights and agents point into names_, which a copy would not carry over.
  TemplateClusters(const TemplateClusters&) = delete;
  TemplateClusters& operator=(const TemplateClusters&) = delete;
  TemplateClusters(TemplateClusters&&) = default;
  TemplateClusters& operator=(TemplateClusters&&) = default;

  void add(const Signature& signature, const TemplateSample& sample);

  uint64_t considered() const { return considered_; }
  size_t live_clusters() const { return clusters_.size(); }

  // Clusters with at least `min_count` replies, most used first.
  std::vector<const TemplateCluster*> top(size_t limit, uint64_t min_count) const;

 private:
  void prune();
  // `name` as kept in names_, stored there the first time.
  std::string_view name(std::string_view name);

  uint64_t prune_every_;
  double threshold_;
  uint64_t considered_ = 0;
  uint64_t next_order_ = 0;
  std::unordered_map<uint64_t, TemplateCluster> clusters_;  // by order
  BandTable bands_;                                         // band key -> cluster order
  // Names the clusters point to: agents, and the highlights' rules and categories.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, NameHash, std::equal_to<>> names_;
};

nlohmann::ordered_json to_json(const TemplateCluster& cluster);

}  // namespace replylint::audit
